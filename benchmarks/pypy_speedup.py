"""PyPy's speed-up over CPython on the pure-Python loop: ``python benchmarks/pypy_speedup.py``.

Times one epoch of tinynet's readable loop (``tinynet.backends.python``) on
the benchmark workloads of :mod:`tinynet.bench` (the same data, starting
weights, sample orders and amount of work as its ``python`` column: each
workload's ``python_epochs`` and ``python_batches``), under CPython (this
interpreter) and PyPy (``--pypy``, Debian's ``/usr/bin/pypy3`` by default).

Each measurement is a fresh process that first runs the work once untimed
(PyPy's JIT warms up there), then ``--repeats`` timed times; the processes
alternate between the two interpreters (``--rounds`` rounds, interleaved).
The result is the median seconds per epoch on each and their ratio, written
to ``benchmarks/results/pypy-speedup.json`` and ``.md`` (``--name`` to
change the file name). Both interpreters train the same bits: each process
also prints a hash of its final weights, and the script checks they agree.

    python benchmarks/pypy_speedup.py [--workloads seed,xor,iris,digits,mnist-size] [--rounds 3]
"""

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, ROOT)

from tinynet import bench, fileio  # noqa: E402
from tinynet.backends import python as python_loop  # noqa: E402

RESULTS = os.path.join(HERE, "results")
DEFAULT_WORKLOADS = ("seed", "xor", "iris", "digits", "mnist-size")


def child(name, repeats):
    """Time ``repeats`` runs of the workload's pure-loop work in this process; print JSON."""
    wl = bench.load_workload(name)
    epochs, batches = wl["python_epochs"], wl["python_batches"]
    # the python column's trainer (tinynet.bench's own, so the work is exactly the same)
    train = bench._loop_trainer(python_loop, wl)
    batches_per_epoch = -(-wl["n"] // wl["batch_size"])
    scale = batches_per_epoch / batches if batches else 1.0
    params = train(epochs, batches)  # untimed: the JIT (on PyPy) warms up here
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        params = train(epochs, batches)
        times.append((time.perf_counter() - t0) / epochs * scale)
    print(json.dumps({"epoch_seconds": times, "bits": hashlib.sha256(params.tobytes()).hexdigest(),
                      "python": "%s %s" % (platform.python_implementation(), platform.python_version())}))


def measure(interpreter, name, repeats):
    env = dict(os.environ, PYTHONPATH=ROOT, TINYNET_BACKEND="python")
    done = subprocess.run([interpreter, os.path.abspath(__file__), "--child", name, "--repeats", str(repeats)],
                          capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pypy", default="/usr/bin/pypy3")
    parser.add_argument("--workloads", default=",".join(DEFAULT_WORKLOADS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--name", default="pypy-speedup")
    parser.add_argument("--child")
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.repeats)
    names = args.workloads.split(",")
    runs = {"cpython": sys.executable, "pypy": args.pypy}
    seen = {name: {kind: [] for kind in runs} for name in names}
    versions, bits = {}, {}
    for r in range(args.rounds):
        for name in names:
            order = list(runs) if r % 2 == 0 else list(runs)[::-1]  # who goes first alternates
            for kind in order:
                got = measure(runs[kind], name, args.repeats)
                seen[name][kind] += got["epoch_seconds"]
                versions[kind] = got["python"]
                bits.setdefault(name, set()).add(got["bits"])
                times = " ".join("%.4g" % t for t in got["epoch_seconds"])
                print("round %d %-10s %-8s %s" % (r + 1, name, kind, times), flush=True)
    results = []
    for name in names:
        cp, pp = statistics.median(seen[name]["cpython"]), statistics.median(seen[name]["pypy"])
        results.append({"workload": name, "about": bench.WORKLOADS[name]["about"],
                        "cpython_epoch_s": cp, "pypy_epoch_s": pp, "speedup": cp / pp,
                        "same_bits": len(bits[name]) == 1, "samples": len(seen[name]["cpython"])})
    meta = {"cpython": versions["cpython"], "pypy": versions["pypy"], "cpu": bench.cpu_info(),
            "rounds": args.rounds, "repeats": args.repeats, "date": time.strftime("%Y-%m-%d")}
    lines = ["# PyPy vs CPython, tinynet's pure-Python loop (seconds per epoch, medians)", "",
             "%s vs %s; %s; %d rounds x %d timed runs each, interleaved, after one untimed run per process."
             % (meta["pypy"], meta["cpython"], meta["cpu"].get("model", "?"), args.rounds, args.repeats), "",
             "| workload | CPython s/epoch | PyPy s/epoch | PyPy speed-up | same bits |",
             "| --- | ---: | ---: | ---: | --- |"]
    for row in results:
        lines.append("| %s | %.4g | %.4g | %.1fx | %s |" % (row["workload"], row["cpython_epoch_s"],
                                                          row["pypy_epoch_s"], row["speedup"],
                                                          "yes" if row["same_bits"] else "NO"))
    text = "\n".join(lines) + "\n"
    print(text)
    os.makedirs(RESULTS, exist_ok=True)
    fileio.write_text(os.path.join(RESULTS, args.name + ".json"),
                      json.dumps({"meta": meta, "results": results}, indent=1) + "\n")
    fileio.write_text(os.path.join(RESULTS, args.name + ".md"), text)
    if not all(row["same_bits"] for row in results):
        sys.exit("PyPy and CPython trained different bits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
