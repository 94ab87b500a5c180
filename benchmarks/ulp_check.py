"""Measure the largest error of tinynet.elementary's functions, in ulps.

    python benchmarks/ulp_check.py                 # 1,000,000 points per function
    python benchmarks/ulp_check.py --points 20000  # a quick look

For each function, seeded inputs cover the whole range the network can reach
and the places where the algorithm switches formula (see
``elementary_tools.sample``); each result is compared with the exact value
from mpmath (128 bits). Prints, per function, the number of points, the
largest error in ulps and the input where it occurs, and the share of results
that are correctly rounded (error <= 0.5 ulp). mpmath is a test-only
dependency (``pip install -e ".[test]"``); with gmpy2 installed it runs
several times faster.
"""

import argparse
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, os.path.dirname(HERE))

from benchmarks import elementary_tools as tools  # noqa: E402
from tinynet import elementary  # noqa: E402


def measure(name, points, seed):
    """(largest ulp error, where, share correctly rounded) of one function."""
    import mpmath

    rng = random.Random(seed)
    if name == "powi":
        xs = tools.sample_powi(points, rng)
        values = [elementary.powi(b, n) for b, n in xs]
        exacts = (mpmath.mpf(b) ** n for b, n in xs)
    else:
        xs = tools.sample(name, points, rng)
        if name == "log":
            xs = [x for x in xs if x > 0.0]
        f = getattr(elementary, name)
        values = [f(x) for x in xs]
        ref = tools.references()[name]
        exacts = (ref(mpmath.mpf(x)) for x in xs)
    worst, where, rounded = 0.0, None, 0
    for x, y, exact in zip(xs, values, exacts):
        err = tools.ulp_error(y, exact)
        if err <= 0.5:
            rounded += 1
        if where is None or err > worst:
            worst, where = err, x
    return worst, where, rounded / len(xs), len(xs)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=1000000, help="inputs per function")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=tools.UNARY + ("powi",), action="append",
                        help="measure only this function (repeatable)")
    args = parser.parse_args(argv)
    tools.references()   # fails early, with mpmath's ImportError, if it is missing
    print("%-8s %10s %12s %26s %10s %8s" % ("function", "points", "max ulp", "at", "rounded", "seconds"))
    for name in args.only or tools.UNARY + ("powi",):
        start = time.time()
        worst, where, share, count = measure(name, args.points, args.seed)
        print("%-8s %10d %12.4f %26r %9.4f%% %8.1f" % (
            name, count, worst, where, 100.0 * share, time.time() - start), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
