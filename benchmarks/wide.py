"""Time one epoch of the wide workloads: compiled builds against NumPy, interleaved.

    OPENBLAS_NUM_THREADS=1 python -m benchmarks.wide [--so A.so B.so ...] [--repeats 7]
        [--workloads mnist-size 784-512-10 digits]

Workloads (any of ``tinynet.bench.WORKLOADS``): by default ``mnist-size``
(784-128-10, batch 64, 2000 samples) and the same with 512 hidden units.
Each round times one epoch of every compiled module given (default: the one
built here) and of the same maths in NumPy, in turn (every other round in
the reverse order), so a busy machine slows all of them alike; medians are reported, with the
ratio to NumPy, GFLOP/s by the exact count of the epoch's multiply-adds:

    n * (2 * sum_l n_l * n_{l+1}  +  sum_{l>0} n_l * n_{l+1})  +  batches * len(params)

(forward product, weight-gradient product, error of the layer below for
every layer but the first, and one multiply-add per parameter per SGD
update), two flops each; and, for each module after the first, the median
of its per-round time ratios to the first one.  All modules must end with
the same bits.
"""

import argparse
import importlib.machinery
import importlib.util
import math
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(HERE))

from tinynet.bench import WORKLOADS, _loop_trainer, load_workload, numpy_trainer  # noqa: E402


def _module(path, index):
    if path is None:
        from tinynet.backends import _ctrain
        return _ctrain
    loader = importlib.machinery.ExtensionFileLoader("tinynet.backends._ctrain", path)
    spec = importlib.util.spec_from_file_location("tinynet.backends._ctrain", path, loader=loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def flops(wl):
    """Two flops per multiply-add of one epoch (see the module docstring)."""
    sizes, n = wl["sizes"], wl["n"]
    pairs = [a * b for a, b in zip(sizes[:-1], sizes[1:])]
    params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    batches = math.ceil(n / wl["batch_size"])
    return 2 * (n * (2 * sum(pairs) + sum(pairs[1:])) + batches * params)


def workloads(names):
    """``(name, workload)`` for each name, every one timed for one epoch."""
    for name in names:
        wl = load_workload(name)
        wl["epochs"] = 1
        yield name, wl


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--so", nargs="*", default=[None], help="compiled modules to compare")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--path", default=None, help="kernel build to force (avx2, generic, ...)")
    parser.add_argument("--workloads", nargs="*", default=["mnist-size", "784-512-10"],
                        choices=sorted(WORKLOADS), help="what to time")
    args = parser.parse_args(argv)
    modules = [_module(p, i) for i, p in enumerate(args.so)]
    names = [os.path.basename(p) if p else "this build" for p in args.so]
    if args.path:
        for m in modules:
            m._use_simd(args.path)
    print("OPENBLAS_NUM_THREADS=%s" % os.environ.get("OPENBLAS_NUM_THREADS"))
    for wname, wl in workloads(args.workloads):
        runners = [(n, _loop_trainer(m, wl)) for n, m in zip(names, modules)]
        runners.append(("numpy", numpy_trainer(wl)))
        times = {n: [] for n, _ in runners}
        results = {}
        for round_ in range(args.repeats):
            # every other round in the reverse order: the slot in a round alone
            # was worth about 4 % on digits (the second module ran faster)
            for n, train in (runners if round_ % 2 == 0 else runners[::-1]):
                started = time.perf_counter()
                results[n] = train(1)
                times[n].append(time.perf_counter() - started)
        bits = {bytes(results[n]) for n in names}
        assert len(bits) == 1, "the compiled modules disagree"
        f = flops(wl)
        np_median = statistics.median(times["numpy"])
        print("%s (%.1f MFLOP per epoch)" % (wname, f / 1e6))
        for n, _ in runners:
            med = statistics.median(times[n])
            print("  %-14s %8.2f ms  numpy/this %.2f  %5.1f GFLOP/s" % (
                n, med * 1e3, np_median / med, f / med / 1e9))
        for n in names[1:]:  # paired in each round: robust to a load that drifts
            ratios = [a / b for a, b in zip(times[n], times[names[0]])]
            print("  %s / %s per round: median %.3f (min %.3f, max %.3f)" % (
                n, names[0], statistics.median(ratios), min(ratios), max(ratios)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
