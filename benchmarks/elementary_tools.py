"""Helpers shared by tests/test_elementary.py, ulp_check.py and elementary_cost.py.

* :func:`ulp_error`: the distance of a float from the exact value, in units
  in the last place of the exact value (mpmath gives the exact value);
* :func:`sample`: seeded inputs for each function, over the whole range the
  network can reach plus the regions where each algorithm switches formula;
* :func:`build_c_library`: compiles ``tinynet/backends/_elementary.h`` into a
  small shared library (``cc -O2 -ffp-contract=off``) loaded with ctypes,
  so the C twin can be called from Python.
"""

import ctypes
import math
import os
import shutil
import struct
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER_DIR = os.path.join(os.path.dirname(HERE), "tinynet", "backends")

#: The functions of tinynet.elementary that take one float.
UNARY = ("exp", "log", "tanh", "sigmoid", "log1p", "expm1")

C_WRAPPER = r"""
#include "_elementary.h"
#define TN_ARRAY(name) \
    void name##_array(const double *x, double *y, long n) { \
        long i; for (i = 0; i < n; i++) y[i] = tn_##name(x[i]); }
TN_ARRAY(exp)
TN_ARRAY(log)
TN_ARRAY(tanh)
TN_ARRAY(sigmoid)
TN_ARRAY(log1p)
TN_ARRAY(expm1)
void powi_array(const double *x, const long long *k, double *y, long n) {
    long i; for (i = 0; i < n; i++) y[i] = tn_powi(x[i], k[i]); }
"""

C_FLAGS = ["-O2", "-ffp-contract=off", "-fno-fast-math", "-shared", "-fPIC"]


def find_compiler():
    """The C compiler to use (``$CC``, cc, gcc or clang), or None."""
    for name in (os.environ.get("CC"), "cc", "gcc", "clang"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def build_c_library(folder, extra_flags=()):
    """Compile the C twin into ``folder`` and load it; None if there is no compiler."""
    compiler = find_compiler()
    if compiler is None:
        return None
    source = os.path.join(folder, "tn_elementary.c")
    library = os.path.join(folder, "tn_elementary.so")
    with open(source, "w") as handle:
        handle.write(C_WRAPPER)
    subprocess.run([compiler] + C_FLAGS + list(extra_flags) + ["-I", HEADER_DIR, source,
                    "-o", library, "-lm"], check=True, capture_output=True)
    lib = ctypes.CDLL(library)
    for name in UNARY:
        getattr(lib, name + "_array").restype = None
    lib.powi_array.restype = None
    return lib


def c_apply(lib, name, xs):
    """``[tn_NAME(x) for x in xs]`` computed by the compiled library."""
    n = len(xs)
    x_arr = (ctypes.c_double * n)(*xs)
    y_arr = (ctypes.c_double * n)()
    getattr(lib, name + "_array")(x_arr, y_arr, ctypes.c_long(n))
    return list(y_arr)


def c_powi(lib, pairs):
    """``[tn_powi(x, k) for x, k in pairs]`` computed by the compiled library."""
    n = len(pairs)
    x_arr = (ctypes.c_double * n)(*[p[0] for p in pairs])
    k_arr = (ctypes.c_longlong * n)(*[p[1] for p in pairs])
    y_arr = (ctypes.c_double * n)()
    lib.powi_array(x_arr, k_arr, y_arr, ctypes.c_long(n))
    return list(y_arr)


def bits(x):
    """The 64 bits of a float, so -0.0 and 0.0 (and NaNs) can be told apart."""
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def bits_to_float(n):
    """The float whose 64 bits are the integer ``n`` (0 <= n < 2^64)."""
    return struct.unpack("<d", struct.pack("<Q", n))[0]


def same(a, b):
    """True if two floats are the same value bit for bit (any NaN equals any NaN)."""
    if a != a or b != b:
        return a != a and b != b
    return bits(a) == bits(b)


# ------------------------------------------------------------------ inputs
def _spread(rng, low, high):
    """Positive floats in [low, high], uniform in bit pattern (so every binade is visited)."""
    return bits_to_float(rng.randint(bits(low), bits(high)))


def _uniform(low, high):
    return lambda rng, sign: rng.uniform(low, high)


def _spread_signed(low, high):
    return lambda rng, sign: sign * _spread(rng, low, high)


def _spread_of(low, high):
    return lambda rng, sign: _spread(rng, low, high)


#: For each function, the four kinds of input drawn in turn (sample i is of kind i % 4).
SAMPLERS = {
    # softmax and sigmoid only call exp on values <= 0, but cover it all; the last: subnormal results
    "exp": (_uniform(-745.2, 709.8), _uniform(-2.0, 2.0), _spread_signed(1e-30, 709.8),
            _uniform(-745.2, -708.0)),
    # probabilities; near 1, the hardest part; every binade; 1 +- tiny
    "log": (_uniform(0.0, 1.0), _uniform(0.5, 2.0), _spread_of(5e-324, 1.7976931348623157e308),
            lambda rng, sign: 1.0 + sign * _spread(rng, 1e-300, 1e-5)),
    "tanh": (_uniform(-3.0, 3.0), _uniform(-1.5, 1.5), _spread_signed(1e-300, 25.0), _uniform(-25.0, 25.0)),
    "sigmoid": (_uniform(-40.0, 40.0), _uniform(-40.0, 40.0), _spread_signed(1e-300, 745.0),
                _uniform(-745.0, -700.0)),
    # softplus: log1p(e^-|z|), 0 < u <= 1
    "log1p": (_spread_of(1e-300, 1.0), _spread_of(1e-300, 1.0), _uniform(-0.5, 1.0), _spread_of(1.0, 1e300)),
    # softplus's slope: -expm1(-a), a >= 0
    "expm1": (lambda rng, sign: -_spread(rng, 1e-300, 40.0), lambda rng, sign: -_spread(rng, 1e-300, 40.0),
              _uniform(-1.0, 1.0), _uniform(-40.0, 0.0)),
}


def sample(name, n, rng):
    """``n`` seeded inputs for function ``name`` (see :data:`SAMPLERS`)."""
    if name not in SAMPLERS:
        raise ValueError("no sample for %r" % (name,))
    kinds = SAMPLERS[name]
    out = []
    for i in range(n):
        sign = -1.0 if rng.random() < 0.5 else 1.0  # drawn for every sample, used by some kinds
        out.append(kinds[i % 4](rng, sign))
    return out


def sample_powi(n, rng):
    """``n`` seeded (beta, step) pairs as Adam uses them: beta in [0.5, 1), step up to 10^6.

    Steps are kept where beta ** step > e^-670 ~ 1e-291 (~2^-967), so that
    powi's hidden low part (about 2^-53 times smaller) is still a normal
    double: that is where powi promises 1 ulp (1 - beta ** step is exactly 1
    long before).
    """
    pairs = []
    for i in range(n):
        beta = 1.0 - _spread(rng, 1e-6, 0.5) if i % 2 else rng.uniform(0.5, 1.0)
        top = min(10 ** 6, int(670.0 / -math.log(beta)))
        step = rng.randint(1, min(100, top)) if i % 3 == 0 else rng.randint(1, top)
        pairs.append((beta, step))
    return pairs


# ------------------------------------------------------------ ulp errors
def references():
    """name -> the exact function in mpmath (imported here: a test-only dependency)."""
    import mpmath

    mpmath.mp.prec = 128
    return {
        "exp": mpmath.exp,
        "log": mpmath.log,
        "tanh": mpmath.tanh,
        "sigmoid": lambda x: 1 / (1 + mpmath.exp(-x)),
        "log1p": mpmath.log1p,
        "expm1": mpmath.expm1,
    }


def ulp_error(y, exact):
    """|y - exact| in units in the last place of ``exact`` (an mpmath number).

    The ulp of a double in [2^e, 2^(e+1)) is 2^(e-52); below 2^-1022 (the
    subnormals) it stays 2^-1074. Returns inf if y is inf/NaN but exact is not.
    """
    import mpmath

    if math.isinf(y) or y != y:
        if mpmath.isinf(exact) and y == exact:
            return 0.0
        big = mpmath.mpf("1.7976931348623157e308")
        if math.isinf(y) and y > 0 and exact > big:   # exact rounds to inf
            return 0.0
        return math.inf
    if exact == 0:
        return 0.0 if y == 0.0 else math.inf
    _, exponent = mpmath.frexp(exact)            # exact = m * 2^exponent, 0.5 <= |m| < 1
    e = max(int(exponent) - 1, -1022)
    return float(abs(mpmath.mpf(y) - exact) * mpmath.mpf(2) ** (52 - e))


def max_ulp(name, xs, values):
    """(largest ulp error, the input where it occurs) of ``values`` = f(xs)."""
    import mpmath

    ref = references()[name] if name != "powi" else None
    worst, where = 0.0, None
    for x, y in zip(xs, values):
        if name == "powi":
            exact = mpmath.mpf(x[0]) ** x[1]
        else:
            exact = ref(mpmath.mpf(x))
        err = ulp_error(y, exact)
        if err > worst or where is None:
            worst, where = max(err, worst), x
    return worst, where
