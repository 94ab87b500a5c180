"""What tinynet's own elementary functions cost, against math / libm.

    python benchmarks/elementary_cost.py             # about 20 s
    python benchmarks/elementary_cost.py --repeats 21

Pure Python: ns per call of ``tinynet.elementary.f(x)`` and of the ``math``
function it replaces (for sigmoid: ``tinynet.activations.sigmoid``; for powi:
``beta ** step``), over the same seeded inputs. C: ns per call of ``tn_f``
from ``tinynet/backends/_elementary.h`` and of the C library's ``f``, in a
loop compiled with ``cc -O2 -ffp-contract=off``. Runs are interleaved
(ours, theirs, ours, ...) and the medians are reported with their ratio.
Times are CPU time of this process (``time.process_time``,
CLOCK_PROCESS_CPUTIME_ID), so that other programs sharing the cores
disturb them less.
"""

import argparse
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, os.path.dirname(HERE))

from benchmarks import elementary_tools as tools  # noqa: E402
from tinynet import activations, elementary  # noqa: E402

C_TIMER = r"""
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "_elementary.h"

static double libm_sigmoid(double z) {
    double e;
    if (z >= 0.0) return 1.0 / (1.0 + exp(-z));
    e = exp(z);
    return e / (1.0 + e);
}
static double libm_powi(double x, long long n) { return pow(x, (double)n); }
static double now(void) {
    struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec + 1e-9 * t.tv_nsec;
}
static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y);
}
#define N 100000
static double xs[4][N];
static long long ks[N];
volatile double sink;

#define TIME(expr, out) do { double s = 0.0, t0 = now(); long i; \
    for (i = 0; i < N; i++) s += (expr); out = (now() - t0) * 1e9 / N; sink = s; } while (0)

int main(int argc, char **argv) {
    int repeats = argc > 1 ? atoi(argv[1]) : 11, r, f;
    const char *names[5] = {"exp", "log", "tanh", "sigmoid", "powi"};
    double ours[5][64], theirs[5][64];
    long i;
    srand(1);
    for (i = 0; i < N; i++) {
        double u = rand() / (double)RAND_MAX;
        xs[0][i] = -30.0 + 30.0 * u;          /* exp: softmax / sigmoid arguments <= 0 */
        xs[1][i] = 1e-12 + u;                 /* log: probabilities */
        xs[2][i] = -5.0 + 10.0 * u;           /* tanh */
        xs[3][i] = 0.9 + 0.0999 * u;          /* powi: Adam's betas */
        ks[i] = 1 + rand() % 100000;
    }
    if (repeats > 64) repeats = 64;
    for (r = 0; r < repeats; r++) {
        TIME(tn_exp(xs[0][i]), ours[0][r]);   TIME(exp(xs[0][i]), theirs[0][r]);
        TIME(tn_log(xs[1][i]), ours[1][r]);   TIME(log(xs[1][i]), theirs[1][r]);
        TIME(tn_tanh(xs[2][i]), ours[2][r]);  TIME(tanh(xs[2][i]), theirs[2][r]);
        TIME(tn_sigmoid(xs[2][i]), ours[3][r]); TIME(libm_sigmoid(xs[2][i]), theirs[3][r]);
        TIME(tn_powi(xs[3][i], ks[i]), ours[4][r]); TIME(libm_powi(xs[3][i], ks[i]), theirs[4][r]);
    }
    for (f = 0; f < 5; f++) {
        qsort(ours[f], repeats, sizeof(double), cmp);
        qsort(theirs[f], repeats, sizeof(double), cmp);
        printf("%s %.3f %.3f\n", names[f], ours[f][repeats / 2], theirs[f][repeats / 2]);
    }
    return 0;
}
"""


WARMUP_RUNS = 30   # untimed runs of every loop before the timed ones

TIMING_LOOP = """
def time_calls(f, xs):
    start = time.process_time()
    for x in xs:
        f(x)
    return (time.process_time() - start) * 1e9 / len(xs)
"""


def _timing_loop():
    """A fresh ``time_calls(f, xs)`` -> ns per call, with a code object of its own.

    PyPy's JIT compiles a loop once for all the functions it has called: a
    loop shared by several functions measures the mixture (tanh came out 15
    times slower so), hence a separate loop for each.
    """
    namespace = {"time": time}
    exec(TIMING_LOOP, namespace)
    return namespace["time_calls"]


def python_costs(repeats, n=2000):
    """name -> (median ns per call of ours, of the math-based function)."""
    rng = random.Random(1)
    inputs = {
        "exp": [rng.uniform(-30.0, 0.0) for _ in range(n)],
        "log": [rng.uniform(1e-12, 1.0) for _ in range(n)],
        "tanh": [rng.uniform(-5.0, 5.0) for _ in range(n)],
        "sigmoid": [rng.uniform(-5.0, 5.0) for _ in range(n)],
    }
    pairs = [(rng.uniform(0.9, 0.9999), rng.randint(1, 100000)) for _ in range(n)]
    pairs_ours = {"exp": elementary.exp, "log": elementary.log, "tanh": elementary.tanh,
                  "sigmoid": elementary.sigmoid}
    pairs_theirs = {"exp": math.exp, "log": math.log, "tanh": math.tanh,
                    "sigmoid": activations.sigmoid}

    timers = {}   # one timing loop per function: see _timing_loop
    for name in tools.UNARY:
        timers[name, "ours"] = _timing_loop()
        timers[name, "theirs"] = _timing_loop()

    def time_powi(ours):
        powi = elementary.powi
        start = time.process_time()
        if ours:
            for b, k in pairs:
                powi(b, k)
        else:
            for b, k in pairs:
                b ** k
        return (time.process_time() - start) * 1e9 / len(pairs)

    # warm up first: PyPy's JIT needs about 40,000 calls of tanh (its many
    # branches) before its time settles
    for _ in range(WARMUP_RUNS):
        for name in tools.UNARY:
            timers[name, "ours"](pairs_ours[name], inputs[name])
            timers[name, "theirs"](pairs_theirs[name], inputs[name])
        time_powi(True)
        time_powi(False)
    results = {}
    for name in tools.UNARY:
        a, b = [], []
        for _ in range(repeats):
            a.append(timers[name, "ours"](pairs_ours[name], inputs[name]))
            b.append(timers[name, "theirs"](pairs_theirs[name], inputs[name]))
        results[name] = (statistics.median(a), statistics.median(b))
    a, b = [], []
    for _ in range(repeats):
        a.append(time_powi(True))
        b.append(time_powi(False))
    results["powi"] = (statistics.median(a), statistics.median(b))
    return results


def c_costs(repeats):
    """name -> (median ns per call of tn_f, of libm's f), or None without a compiler."""
    compiler = tools.find_compiler()
    if compiler is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "timer.c")
        program = os.path.join(folder, "timer")
        with open(source, "w") as handle:
            handle.write(C_TIMER)
        subprocess.run([compiler, "-O2", "-ffp-contract=off", "-fno-fast-math", "-I",
                        tools.HEADER_DIR, source, "-o", program, "-lm"], check=True)
        out = subprocess.run([program, str(repeats)], check=True, capture_output=True,
                             text=True).stdout
    results = {}
    for line in out.split("\n"):
        if line.strip():
            name, ours, theirs = line.split()
            results[name] = (float(ours), float(theirs))
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=11, help="interleaved runs (median)")
    args = parser.parse_args(argv)
    print("%s %s" % (sys.implementation.name, sys.version.split()[0]))
    print("%-8s %14s %14s %7s   %12s %12s %7s" % (
        "function", "python ours", "python math", "ratio", "C ours", "C libm", "ratio"))
    py = python_costs(args.repeats)
    c = c_costs(args.repeats)
    for name in tools.UNARY + ("powi",):
        a, b = py[name]
        row = "%-8s %11.1f ns %11.1f ns %6.2fx" % (name, a, b, a / b)
        if c is not None:
            ca, cb = c[name]
            row += "   %9.2f ns %9.2f ns %6.2fx" % (ca, cb, ca / cb)
        print(row)
    print("(math column: math.f, activations.sigmoid, beta ** step; C libm: f, the same "
          "sigmoid formula on libm exp, pow)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
