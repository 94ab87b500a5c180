"""Training in a loop: ``fit(epochs=1)`` called 100 times against one ``fit(epochs=100)``.

    python -m benchmarks.fit_loop [--workload digits] [--calls 100] [--repeats 5]

A learner's loop (a notebook, a live plot) calls ``fit`` one epoch at a
time; every call pays the checks (the data, the weights, the settings) and
the diagnostics once.  Each round times, in turn: one ``fit(epochs=N)``
from lists, N calls of ``fit(epochs=1)`` from the same lists, and both again
from a :class:`tinynet.Dataset` (made once, outside the timing), all on the
default backend; medians over the rounds and the ratio of the loop to the
single call are printed.
"""

import argparse
import os
import statistics
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(HERE))

import tinynet  # noqa: E402
from tinynet.bench import load_workload, network_of  # noqa: E402


def _timed(wl, data, calls, epochs_per_call):
    """Seconds for ``calls`` fit calls of ``epochs_per_call`` epochs each, on a fresh network."""
    net = network_of(wl)
    kw = dict(batch_size=wl["batch_size"], learning_rate=wl["learning_rate"], verbose=0)
    t0 = time.perf_counter()
    for _ in range(calls):
        if isinstance(data, tinynet.Dataset):
            net.fit(data, epochs=epochs_per_call, **kw)
        else:
            net.fit(data[0], data[1], epochs=epochs_per_call, **kw)
    return time.perf_counter() - t0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workload", default="digits")
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    wl = load_workload(args.workload)
    lists = (wl["rows"], wl["labels"])
    dataset = tinynet.Dataset(*lists)
    cases = [("lists, 1 call of %d epochs" % args.calls, lists, 1, args.calls),
             ("lists, %d calls of 1 epoch" % args.calls, lists, args.calls, 1),
             ("Dataset, 1 call of %d epochs" % args.calls, dataset, 1, args.calls),
             ("Dataset, %d calls of 1 epoch" % args.calls, dataset, args.calls, 1)]
    times = {case[0]: [] for case in cases}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # TrainingWarning on a short run is not the point here
        for _ in range(args.repeats):
            for name, data, calls, epochs in cases:
                times[name].append(_timed(wl, data, calls, epochs))
    print("backend %s, workload %s, %d interleaved rounds, medians" % (
        tinynet.BACKEND, args.workload, args.repeats))
    med = {name: statistics.median(values) for name, values in times.items()}
    for name in med:
        print("  %-32s %8.1f ms" % (name, med[name] * 1e3))
    for kind in ("lists", "Dataset"):
        one, loop = (med[c[0]] for c in cases if c[0].startswith(kind))
        print("  %-8s loop / single call: %.2fx" % (kind, loop / one))
    return 0


if __name__ == "__main__":
    sys.exit(main())
