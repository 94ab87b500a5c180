"""How far the compiled loop and NumPy are from this core's peak, and what the pure loop costs.

    python -m benchmarks.peak [--repeats 5] [--no-epochs]
    python -m benchmarks.peak --pure [--interpreters PY1 PY2 ...] [--repeats 3]

The first form, in one process, round after round (every other round in the
reverse order, so a busy machine slows all of them alike), medians:

1. the core's peak of independent AVX2 multiply-then-add (``vmulpd`` then
   ``vaddpd``: the operations tinynet's kernels may use, since the C loop must
   round after the multiply and after the add like the pure loop) and of
   fused multiply-add (``vfmadd``: what OpenBLAS and PyTorch use), on one
   thread.  A small C program (:data:`C_SOURCE`) is compiled at run time with
   ``cc -O2 -mavx2 -mfma -ffp-contract=off`` into a temporary folder; it runs
   :data:`CHAINS` independent accumulator chains of four doubles, so it is
   bound by throughput, not latency, and checks its sum.  Both count two flops
   (one multiply, one add) per multiply-add element.  Skipped, with the reason,
   without a C compiler or without AVX2 and FMA.
2. tinynet's forward product alone: a one-layer network with the ``linear``
   activation, 784 -> 128 and 784 -> 512, on 10,000 rows of a flat array,
   through the compiled backend's ``predict`` (which also makes the output
   list) and its ``evaluate`` with the MSE loss (the same forward product, no
   output list); GFLOP/s = 2 * rows * 784 * width / time.
3. NumPy's ``X @ W + b`` at the same shapes (and ``matmul(X, W, out=)`` into
   an array made beforehand: the product alone, no new array, no bias) with its BLAS on one thread
   (threadpoolctl's ``threadpool_limits(1)`` when installed, else
   ``OPENBLAS_NUM_THREADS=1`` set before NumPy is imported), and what
   threadpoolctl says the BLAS is (its kernel, the "architecture").
4. The fractions: tinynet / multiply-then-add peak, NumPy / FMA peak, of
   the medians and of the best rounds.

Then (unless ``--no-epochs``) one call of :func:`tinynet.bench.run` on
mnist-size and 784-512-10, compiled loop and NumPy interleaved: the whole
epoch's GFLOP/s by :func:`tinynet.bench.flop_count`.

``--pure`` measures the pure-Python loop on each interpreter given (default:
this one), each round running every interpreter in turn in a fresh process
(``TINYNET_BACKEND=python``): the bare ``for x, w in zip(row, column): acc +=
x * w`` loop over the products of digits' first layer (1797x64 @ 64x32), in
ns per multiply-add, and one epoch of the pure backend on digits, in ns per
multiply-add counted as :func:`benchmarks.wide.flops` counts them (forward,
weight gradient, the error of the layer below for every layer but the first,
one per parameter per update) divided by two.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, os.path.dirname(HERE))

#: Independent accumulator chains of the peak program (each a vector of four
#: doubles): more than latency x pipes (4 x 2 on recent x86), so throughput-bound.
CHAINS = 12
#: Rows of the forward-product timings, and the inputs and widths.
ROWS, N_IN, WIDTHS = 10000, 784, (128, 512)
#: The epoch workloads (names of tinynet.bench.WORKLOADS).
EPOCH_WORKLOADS = ("mnist-size", "784-512-10")

C_SOURCE = r"""
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An empty asm that tells the compiler v has changed: a product that reads
   v must be computed again (not hoisted out of the loop or shared). */
#define KEEP(v) __asm__ volatile("" : "+x"(v))
#define C12(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11)
#define DECL(i) __m256d s##i = _mm256_setzero_pd();
#define MULADD(i) s##i = _mm256_add_pd(s##i, _mm256_mul_pd(a, b)); KEEP(a);
#define FUSED(i) s##i = _mm256_fmadd_pd(a, b, s##i); KEEP(a);
#define ADDUP(i) t = _mm256_add_pd(t, s##i);

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static double lanes(__m256d t) {
    double out[4];
    _mm256_storeu_pd(out, t);
    return out[0] + out[1] + out[2] + out[3];
}

/* CHAINS chains of s += a * b, each step STEP: MULADD (a multiply, rounded, then
   an add, rounded) or FUSED (one fused multiply-add, rounded once) */
#define CHAINS_OF(name, STEP)                                                      \
    __attribute__((noinline)) static double name(long n, double x, double y) {     \
        __m256d a = _mm256_set1_pd(x), b = _mm256_set1_pd(y), t = _mm256_setzero_pd(); \
        C12(DECL)                                                                  \
        for (long k = 0; k < n; k++) { C12(STEP) }                                 \
        C12(ADDUP)                                                                 \
        return lanes(t);                                                           \
    }
CHAINS_OF(muladd, MULADD)
CHAINS_OF(fused, FUSED)

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: peak muladd|fma N X Y\n"); return 2; }
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) {
        printf("unsupported\n");
        return 3;
    }
    long n = atol(argv[2]);
    double x = atof(argv[3]), y = atof(argv[4]);
    int fma = strcmp(argv[1], "fma") == 0;
    if (!fma && strcmp(argv[1], "muladd") != 0) { fprintf(stderr, "usage: peak muladd|fma N X Y\n"); return 2; }
    double t0 = now();
    double sum = fma ? fused(n, x, y) : muladd(n, x, y);
    double t1 = now();
    /* every lane of every chain added x * y n times */
    double expected = 48.0 * (double)n * (x * y);
    int ok = n == 0 ? sum == 0.0 : (sum > expected * 0.999 && sum < expected * 1.001);
    printf("%s %.9f %.17g %d\n", fma ? "fma" : "muladd", t1 - t0, sum, ok);
    return ok ? 0 : 1;
}
"""
#: The compiler flags of the peak program (the kernels' rule: no contraction).
C_FLAGS = ["-O2", "-mavx2", "-mfma", "-ffp-contract=off", "-fno-fast-math"]
#: The multiplied values: their product times the iterations stays far from overflow and subnormals.
X_VALUE, Y_VALUE = "1.0000001", "1e-9"


def peak_flops(iterations: int) -> int:
    """Flops one run of the peak program does: 2 (a multiply, an add) per lane of each chain per iteration."""
    return 2 * 4 * CHAINS * iterations


def forward_flops(rows: int, n_in: int, width: int) -> int:
    """Flops of the product ``X @ W`` (rows x n_in times n_in x width): 2 per multiply-add."""
    return 2 * rows * n_in * width


def dot_macs(n_rows: int, n_in: int, n_out: int) -> int:
    """Multiply-adds of the bare loop: one per (row, column, k)."""
    return n_rows * n_in * n_out


# ------------------------------------------------------------ the peak program


def build_peak(folder: str, compiler: "str | None" = None, instruction_sets: "list[str] | None" = None) -> tuple:
    """Compile the peak program into ``folder``: ``(path, None)``, or ``(None, reason)``
    when there is no compiler, the CPU lacks AVX2 or FMA, or the compile fails."""
    from benchmarks.elementary_tools import find_compiler
    from tinynet.bench import cpu_info

    compiler = compiler if compiler is not None else find_compiler()
    if compiler is None:
        return None, "skipped: no C compiler (cc, gcc, clang or $CC) found"
    sets = instruction_sets if instruction_sets is not None else cpu_info()["instruction_sets"]
    missing = [name for name in ("avx2", "fma") if name not in sets]
    if missing:
        return None, "skipped: this CPU has no %s (the peak program needs AVX2 and FMA)" % " or ".join(missing)
    source = os.path.join(folder, "peak.c")
    program = os.path.join(folder, "peak")
    with open(source, "w") as handle:
        handle.write(C_SOURCE)
    try:
        done = subprocess.run([compiler] + C_FLAGS + [source, "-o", program],
                              capture_output=True, text=True)
    except OSError as exc:
        return None, "skipped: the compiler %s could not run (%s)" % (compiler, exc)
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        return None, "skipped: %s could not compile the peak program (%s)" % (
            compiler, said[-1] if said else "exit status %d" % done.returncode)
    return program, None


def run_peak(program: str, kind: str, iterations: int) -> dict:
    """One run of the peak program (``kind`` "muladd" or "fma"): seconds, sum, GFLOP/s.
    A ValueError if the program's sum is wrong or it could not run."""
    done = subprocess.run([program, kind, str(iterations), X_VALUE, Y_VALUE],
                          capture_output=True, text=True)
    words = done.stdout.split()
    if done.returncode != 0 or len(words) != 4 or words[0] != kind or words[3] != "1":
        raise ValueError("the peak program (%s) failed: exit %s, output %r %r"
                         % (kind, done.returncode, done.stdout.strip(), done.stderr.strip()))
    seconds = float(words[1])
    return {"seconds": seconds, "sum": float(words[2]),
            "gflops": peak_flops(iterations) / seconds / 1e9 if seconds > 0 else None}


def calibrate(program: str, seconds: float = 0.25) -> int:
    """Iterations for about ``seconds`` of the multiply-then-add run."""
    n = 1000000
    while True:
        took = run_peak(program, "muladd", n)["seconds"]
        if took > 0.05 or n > 10 ** 10:
            return max(1, int(n * seconds / took))
        n *= 10


# ------------------------------------------------------ tinynet and NumPy


def _linear_network(width: int, seed: int) -> tuple:
    """(layout, params) of one linear layer 784 -> width (MSE loss), weights from tinynet.rng."""
    import array

    from tinynet.backends.interface import Layout
    from tinynet.codes import ACTIVATION_CODES, LOSS_CODES
    from tinynet.rng import Random

    rng = Random(seed)
    params = array.array("d", [rng.random() - 0.5 for _ in range(N_IN * width)] + [0.1] * width)
    return Layout([N_IN, width], [ACTIVATION_CODES["linear"]], LOSS_CODES["mse"]), params


def forward_jobs(np: object) -> dict:
    """label -> (function doing one timed call, flops of the product), for tinynet and NumPy.

    The same 10,000 rows (NumPy's generator, seed 0) for every job; tinynet reads them as
    one flat array('d'), NumPy as a 10000 x 784 array.
    """
    import array

    from tinynet.backends import get

    compiled = get("cython")
    X_np = np.random.default_rng(0).random((ROWS, N_IN))
    X = array.array("d")
    X.frombytes(X_np.tobytes())
    jobs = {}
    for width in WIDTHS:
        layout, params = _linear_network(width, width)
        Y = array.array("d", bytes(8 * ROWS * width))
        W = np.frombuffer(params, dtype=np.float64, count=N_IN * width).reshape(N_IN, width).copy()
        b = np.frombuffer(params, dtype=np.float64, offset=8 * N_IN * width).copy()
        flops = forward_flops(ROWS, N_IN, width)

        def predict(layout=layout, params=params):
            return compiled.predict(layout, params, X, ROWS)

        def evaluate(layout=layout, params=params, Y=Y):
            return compiled.evaluate(layout, params, X, Y, ROWS, 1)

        def numpy(W=W, b=b):
            return X_np @ W + b

        def gemm(W=W, out=np.empty((ROWS, width))):  # noqa: B008 (one output array per width, made once)
            return np.matmul(X_np, W, out=out)

        jobs["tinynet predict 784x%d" % width] = (predict, flops)
        jobs["tinynet evaluate 784x%d" % width] = (evaluate, flops)
        jobs["numpy X@W+b 784x%d" % width] = (numpy, flops)
        jobs["numpy matmul(X, W, out=) 784x%d" % width] = (gemm, flops)
    # the same numbers, so the products are the products (predict's first rows against NumPy's)
    for width in WIDTHS:
        got = jobs["tinynet predict 784x%d" % width][0]()
        want = jobs["numpy X@W+b 784x%d" % width][0]()
        worst = max(abs(g - w) for g, w in zip(got[:width * 4], want[:4].ravel().tolist()))
        if not worst < 1e-9:
            raise ValueError("tinynet's and NumPy's products differ by %g at width %d" % (worst, width))
    return jobs


def blas_info() -> "list[dict] | str":
    """threadpoolctl's description of the BLAS libraries loaded (or why there is none)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed (OPENBLAS_NUM_THREADS=%s)" % os.environ.get("OPENBLAS_NUM_THREADS")
    keys = ("user_api", "internal_api", "version", "architecture", "num_threads", "filepath")
    return [{k: pool.get(k) for k in keys} for pool in threadpool_info()]


def one_thread():
    """A context limiting BLAS to one thread (threadpoolctl), and how: ``(context, text)``."""
    import contextlib

    from tinynet.bench import one_thread_blas

    context = one_thread_blas()
    if context is None:  # no threadpoolctl
        return contextlib.nullcontext(), "OPENBLAS_NUM_THREADS=%s set before import" % os.environ.get(
            "OPENBLAS_NUM_THREADS")
    return context, "threadpoolctl threadpool_limits(1, user_api='blas')"


# ------------------------------------------------------------- the rounds


def measure(repeats: int, log) -> dict:
    """The interleaved rounds of the peak programs, tinynet's products and NumPy's."""
    from tinynet.bench import installed

    if "threadpoolctl" not in sys.modules and not installed("threadpoolctl"):
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy is imported
    import numpy as np

    import tinynet
    from tinynet.backends import get

    out = {"python": sys.version.split()[0], "backend": tinynet.BACKEND, "repeats": repeats,
           "kernel": getattr(get("cython"), "KERNEL", None), "numpy": np.__version__}
    jobs = {}
    with tempfile.TemporaryDirectory() as folder:
        program, reason = build_peak(folder)
        out["peak_note"] = reason
        if program is not None:
            iterations = calibrate(program)
            out["peak_iterations"] = iterations
            for kind, label in (("muladd", "peak mul-then-add (AVX2)"), ("fma", "peak FMA (AVX2)")):
                jobs[label] = (lambda kind=kind: run_peak(program, kind, iterations)["seconds"], None)
        forward = forward_jobs(np)
        context, how = one_thread()
        out["numpy_threads"] = how
        with context:
            out["blas"] = blas_info()
            timed = dict(jobs)
            timed.update({label: (_timer(f), flops) for label, (f, flops) in forward.items()})
            order = list(timed)
            samples = {label: [] for label in order}
            for r in range(repeats):
                for label in (order if r % 2 == 0 else order[::-1]):
                    samples[label].append(timed[label][0]())
                log("round %d of %d done (load %s)" % (r + 1, repeats, load()))
    results = {}
    for label in order:
        seconds = statistics.median(samples[label])
        flops = timed[label][1] if timed[label][1] is not None else peak_flops(out["peak_iterations"])
        results[label] = {"seconds": seconds, "all": samples[label], "gflops": flops / seconds / 1e9,
                          "best_gflops": flops / min(samples[label]) / 1e9}
    out["results"] = results
    return out


def _timer(f):
    def timed():
        t0 = time.perf_counter()
        f()
        return time.perf_counter() - t0
    return timed


def load() -> str:
    """The 1, 5 and 15 minute load averages, as ``uptime`` prints them."""
    try:
        return "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "?"


def epochs(repeats: int, log) -> list:
    """One :func:`tinynet.bench.run` of the wide workloads, compiled loop and NumPy."""
    from tinynet import bench

    return bench.run(list(EPOCH_WORKLOADS), repeats, ["cython", "numpy"], False, log=log)


def fractions(results: dict, key: str = "gflops") -> list:
    """``(what, fraction)`` rows: each tinynet product over the no-FMA peak, NumPy's over the FMA
    peak, by ``results[label][key]`` ("gflops": the medians; "best_gflops": the best rounds)."""
    rows = []
    muladd = results.get("peak mul-then-add (AVX2)")
    fma = results.get("peak FMA (AVX2)")
    for label, got in results.items():
        if label.startswith("tinynet") and muladd:
            rows.append((label + " / mul-then-add peak", got[key] / muladd[key]))
        if label.startswith("numpy") and fma:
            rows.append((label + " / FMA peak", got[key] / fma[key]))
    return rows


def report(out: dict, epoch_rows: list) -> str:
    """The measurements as plain-text tables."""
    lines = ["python %s, tinynet backend %s (kernel build %s), numpy %s; %d interleaved rounds, "
             "medians; load at the end %s" % (out["python"], out["backend"], out["kernel"], out["numpy"],
                                              out["repeats"], load())]
    if out.get("peak_note"):
        lines.append("peak: " + out["peak_note"])
    else:
        lines.append("peak program: %d chains x 4 doubles, %d iterations, cc %s"
                     % (CHAINS, out["peak_iterations"], " ".join(C_FLAGS)))
    lines.append("NumPy BLAS threads: " + out["numpy_threads"])
    blas = out["blas"]
    for pool in (blas if isinstance(blas, list) else [blas]):
        lines.append("  threadpoolctl: %s" % (pool if isinstance(pool, str) else ", ".join(
            "%s=%s" % (k, os.path.basename(str(v)) if k == "filepath" else v) for k, v in pool.items())))
    lines += ["", "%-40s %11s %8s %13s" % ("what", "median", "GFLOP/s", "best GFLOP/s")]
    for label, got in out["results"].items():
        lines.append("%-40s %8.2f ms %8.2f %13.2f" % (label, got["seconds"] * 1e3, got["gflops"],
                                                       got["best_gflops"]))
    lines += ["", "%-62s %7s %7s" % ("fraction of the peak", "medians", "bests")]
    best = dict(fractions(out["results"], "best_gflops"))
    lines += ["%-62s %6.1f%% %6.1f%%" % (what, 100 * value, 100 * best[what])
              for what, value in fractions(out["results"])]
    if epoch_rows:
        lines += ["", "whole epoch (tinynet.bench.run, %d rounds, flops by bench.flop_count):" % out["repeats"]]
        lines.append("%-12s %14s %12s %12s %12s %12s" % (
            "workload", "GFLOP/epoch", "cython", "GFLOP/s", "numpy", "GFLOP/s"))
        for row in epoch_rows:
            sec, gf = row["seconds_per_epoch"], row["gflops"]
            lines.append("%-12s %14.3f %9.2f ms %12.2f %9.2f ms %12.2f" % (
                row["workload"], row["flops_per_epoch"] / 1e9, sec["cython"] * 1e3, gf["cython"],
                sec["numpy"] * 1e3, gf["numpy"]))
    return "\n".join(lines)


# ---------------------------------------------------------- the pure loop


def bare_loop_ns(seed: int = 0) -> float:
    """ns per multiply-add of the bare zip loop over digits' first-layer products (1797x64 @ 64x32)."""
    from tinynet.rng import Random

    rng = Random(seed)
    n_rows, n_in, n_out = 1797, 64, 32
    rows = [[rng.random() for _ in range(n_in)] for _ in range(n_rows)]
    columns = [[rng.random() for _ in range(n_in)] for _ in range(n_out)]
    t0 = time.perf_counter()
    for row in rows:
        for column in columns:
            acc = 0.0
            for x, w in zip(row, column):
                acc += x * w
    return (time.perf_counter() - t0) / dot_macs(n_rows, n_in, n_out) * 1e9


def pure_epoch() -> dict:
    """One epoch of the pure backend on digits (tinynet.bench.run): seconds and ns per multiply-add."""
    from benchmarks.wide import flops
    from tinynet import bench

    row = bench.run(["digits"], 1, ["python"], True)[0]
    seconds = row["seconds_per_epoch"]["python"]
    macs = flops(bench.load_workload("digits")) // 2
    return {"seconds": seconds, "macs": macs, "ns_per_mac": seconds / macs * 1e9}


def pure_child() -> int:
    """What one interpreter measures in one round (printed as one JSON line)."""
    import tinynet

    got = {"python": sys.version.split()[0], "executable": sys.executable, "backend": tinynet.BACKEND,
           "bare_ns": bare_loop_ns()}
    got.update(pure_epoch())
    print(json.dumps(got))
    return 0


def pure(interpreters: "list[str]", repeats: int, log) -> dict:
    """Rounds of every interpreter in turn (fresh processes); medians per interpreter."""
    env = dict(os.environ, TINYNET_BACKEND="python")
    root = os.path.dirname(HERE)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    samples = {exe: [] for exe in interpreters}
    for r in range(repeats):
        for exe in (interpreters if r % 2 == 0 else interpreters[::-1]):
            done = subprocess.run([exe, "-m", "benchmarks.peak", "--pure-child"], cwd=root, env=env,
                                  capture_output=True, text=True, check=True)
            samples[exe].append(json.loads(done.stdout.strip().splitlines()[-1]))
            log("round %d %s: %s (load %s)" % (r + 1, exe, samples[exe][-1], load()))
    return samples


def pure_report(samples: dict) -> str:
    """Medians per interpreter, as a table."""
    lines = ["%-32s %-8s %-8s %14s %16s %16s %8s" % (
        "interpreter", "python", "backend", "bare zip ns/MAC", "digits epoch", "epoch ns/MAC", "rounds")]
    for exe, got in samples.items():
        med = lambda key, got=got: statistics.median(g[key] for g in got)  # noqa: E731
        lines.append("%-32s %-8s %-8s %14.1f %14.2f s %16.1f %8d" % (
            exe, got[0]["python"], got[0]["backend"], med("bare_ns"), med("seconds"), med("ns_per_mac"), len(got)))
    if samples:
        lines.append("(digits epoch multiply-adds: %d; bare loop: 1797x64 @ 64x32 = %d; load at the end %s)"
                     % (next(iter(samples.values()))[0]["macs"], dot_macs(1797, 64, 32), load()))
    return "\n".join(lines)


def main(argv: "list[str] | None" = None) -> int:
    """Command line: see the module's docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="interleaved rounds (median)")
    parser.add_argument("--no-epochs", action="store_true", help="leave out the whole-epoch figures")
    parser.add_argument("--pure", action="store_true", help="the pure loop on each interpreter instead")
    parser.add_argument("--interpreters", nargs="+", default=[sys.executable],
                        help="interpreters for --pure (default: this one)")
    parser.add_argument("--pure-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", metavar="PATH", default=None, help="also write the raw figures as JSON")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be >= 1")
    log = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    if args.pure_child:
        return pure_child()
    if args.pure:
        samples = pure(args.interpreters, args.repeats, log)
        print(pure_report(samples))
        raw = {"pure": samples}
    else:
        out = measure(args.repeats, log)
        rows = [] if args.no_epochs else epochs(args.repeats, log)
        print(report(out, rows))
        raw = {"kernels": out, "epochs": rows}
    if args.json:
        from tinynet import fileio
        fileio.write_text(args.json, json.dumps(raw, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
