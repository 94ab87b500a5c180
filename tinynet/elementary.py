"""exp, log, tanh and friends, computed the same way on every computer.

Why not just ``math.exp``? Python's ``math`` module calls the C library of the
platform it runs on, and those libraries round the last bit differently:
glibc, the browser's Python (Pyodide) and MicroPython disagree on a few
inputs in every thousand. After a few thousand training steps those one-bit
differences grow into different weights.

The operations ``+ - * /`` and ``sqrt`` are different: IEEE-754 says each one
must give the correctly rounded result, so every conforming computer gives
the same bits. The functions here use only those operations, plus exact
scaling by powers of two (:func:`math.ldexp` of 1.0, and :func:`math.frexp`,
which only split a float into its exponent and mantissa and never round),
and comparisons, always in the same order. So they give the same bits
everywhere (doubles without x87 extended precision), whatever the platform's
``math`` library does.

How they work (the classic recipe of Cody & Waite, and of fdlibm, the freely
distributable maths library from Sun Microsystems that these follow):

1. *range reduction*: use an identity such as e^x = 2^k e^r to turn any
   input into a small one, r in [-0.35, 0.35];
2. *approximation*: on that small interval a short polynomial or rational
   function is as accurate as a double can be;
3. *reconstruction*: undo step 1 exactly (multiply by 2^k).

Measured error: at most 1 ulp (one unit in the last place) against the
exact result for exp, log, tanh and powi (so each result is one of the two
doubles next to the exact value), 2.5 ulp for sigmoid, which keeps the
formula of :func:`tinynet.activations.sigmoid`, 1.5 ulp for log1p (x >= -0.5)
and expm1 (x < ln(2)/2), softplus's two helpers; ``benchmarks/ulp_check.py``
measures it on millions of points. Special values follow IEEE-754/C: ``exp`` overflows to ``inf`` and
underflows through the subnormals to 0; ``log(0)`` is ``-inf`` and the log of
a negative number is NaN (no exception, unlike :func:`math.log`); NaN in gives
NaN out.

:func:`sqrt` is :func:`math.sqrt`: IEEE-754 makes it correctly rounded
everywhere. The C twin of this module is ``tinynet/backends/_elementary.h``;
tests check that both give ``==`` results.

(fdlibm: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
Developed at SunSoft, a Sun Microsystems, Inc. business. Permission to use,
copy, modify, and distribute this software is freely granted, provided that
this notice is preserved.)
"""

from math import frexp, ldexp, sqrt

__all__ = ["exp", "expm1", "log", "log1p", "powi", "sigmoid", "sqrt", "tanh"]

# The functions write their constants as literals (Python looks a literal up
# much faster than a module-level name: exp runs 2.3x faster so); the names
# below are the ones the comments and the C twin use, and the tests check
# that each one appears in its function.

INF = float("inf")
NAN = float("nan")

# --------------------------------------------------------------------- exp
# e^x = 2^k * e^r  with  k = round(x / ln 2)  and  r = x - k ln 2,
# so |r| <= ln(2)/2 ~ 0.347.
#
# ln 2 is split in two: LN2_HI holds its first 32 bits (the rest are zeros),
# so k * LN2_HI is exact for every |k| < 2^21; LN2_LO holds the rest. Then
# r = hi - lo with hi = x - k*LN2_HI (exact) and lo = k*LN2_LO has almost no
# error.
#
# e^r goes through R(r) = r (e^r + 1) / (e^r - 1), an even function that is
# almost constant: R(r) = 2 + r^2/6 - r^4/360 + ... ~ 2 + P1 r^2 + ... + P5 r^10
# (a minimax fit, error below 2^-59 on |r| <= 0.347). Solving for e^r, with
# c = r - (R(r) - 2):   e^r = 1 + 2r / (2 - c) = 1 + r + r c / (2 - c).
# The big part 1 + r is added last and only the small r c / (2 - c) carries
# rounding errors.
LN2_HI = 6.93147180369123816490e-01    # 0x3FE62E42 FEE00000
LN2_LO = 1.90821492927058770002e-10    # 0x3DEA39EF 35793C76
INV_LN2 = 1.44269504088896338700e+00   # 1 / ln 2
EXP_P = (1.66666666666666019037e-01, -2.77777777770155933842e-03, 6.61375632143793436117e-05,
         -1.65339022054652515390e-06, 4.13813679705723846039e-08)
EXP_OVERFLOW = 7.09782712893383973096e+02    # ln(largest double): e^x is inf above
EXP_UNDERFLOW = -7.45133219101941108420e+02  # ln(2^-1075): e^x rounds to 0 below
EXP_TINY = 3.7252902984619140625e-09         # 2^-28: e^x rounds to 1 + x below
TWO_M1000 = 9.33263618503218878990e-302      # 2^-1000
TWO_1023 = 8.98846567431157953865e+307       # 2^1023


def exp(x: float) -> float:
    """e to the power ``x`` (the same bits on every platform).

    >>> exp(0.0)
    1.0
    >>> exp(-1.0)
    0.36787944117144233

    Within 1 ulp means it may round the other way than math.exp: exp(1.0)
    gives 2.7182818284590455, the neighbour of math.e = 2.718281828459045.
    """
    if x != x:                                   # NaN
        return x
    if x > 7.09782712893383973096e+02:           # EXP_OVERFLOW
        return INF
    if x < -7.45133219101941108420e+02:          # EXP_UNDERFLOW
        return 0.0
    if -3.7252902984619140625e-09 < x < 3.7252902984619140625e-09:   # EXP_TINY
        return 1.0 + x
    # range reduction: k = x / ln 2 rounded to the nearest integer
    if x >= 0.0:
        k = int(1.44269504088896338700e+00 * x + 0.5)   # INV_LN2
    else:
        k = int(1.44269504088896338700e+00 * x - 0.5)
    hi = x - k * 6.93147180369123816490e-01      # LN2_HI; exact
    lo = k * 1.90821492927058770002e-10          # LN2_LO
    r = hi - lo
    # approximation: c = r - (R(r) - 2), then e^r = 1 + r + r c / (2 - c)
    rr = r * r
    c = r - rr * (1.66666666666666019037e-01 + rr * (-2.77777777770155933842e-03 + rr * (
        6.61375632143793436117e-05 + rr * (-1.65339022054652515390e-06
                                          + rr * 4.13813679705723846039e-08))))   # EXP_P
    y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
    # reconstruction: multiply by 2^k. The factors 2^... are exact powers of
    # two, so only the last product can round (when the result is subnormal).
    if k >= -1021:
        if k == 1024:
            return y * 2.0 * 8.98846567431157953865e+307        # TWO_1023
        return y * ldexp(1.0, k)
    return y * ldexp(1.0, k + 1000) * 9.33263618503218878990e-302   # TWO_M1000


# --------------------------------------------------------------------- log
# Write x = 2^k * m with sqrt(2)/2 <= m < sqrt(2) (exact: frexp only splits
# the float). Then log x = k ln 2 + log m, and with f = m - 1 (exact too):
#     s = f / (2 + f)              so that  m = 1 + f = (1 + s) / (1 - s)
#     log((1+s)/(1-s)) = 2s + 2/3 s^3 + 2/5 s^5 + ...  =  2s + s R(s^2)
# |s| < 0.1716, and R(z) = LG1 z + LG2 z^2 + ... + LG7 z^7 (a minimax fit,
# error below 2^-58). 2s = f - s f, so log m = f - s (f - R). The result is
# assembled so that the big terms (k LN2_HI and f) are added last, after the
# small ones, as in fdlibm's e_log.c; near m = sqrt(2) and sqrt(2)/2 a
# variant with f^2/2 is a little more precise, and for |f| < 2^-20 the
# series f - f^2/2 + f^3/3 is enough.
LG = (6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01,
      2.222219843214978396e-01, 1.818357216161805012e-01, 1.531383769920937332e-01,
      1.479819860511658591e-01)
# fdlibm reads the first 20 bits of the fraction of m in [1, 2) as an
# integer h (m = 1 + h / 2^20 + ...); its thresholds are these integers.
SQRT2_H = 0x6A09C      # 1 + SQRT2_H / 2^20 ~ sqrt(2): larger m are halved
HFSQ_LOW = 0x6147A     # from here ...
HFSQ_HIGH = 0x6B851    # ... to here, the variant with f^2 / 2
TINY_H = 0xFFFFE       # h < 1 or h >= TINY_H: |f| < 2^-20


def log(x: float) -> float:
    """Natural logarithm of ``x``: ``-inf`` for 0, NaN for negative numbers.

    Unlike :func:`math.log`, it raises no exception (as C's log).

    >>> log(1.0)
    0.0
    >>> log(2.0)
    0.6931471805599453
    """
    if not x > 0.0:
        if x == 0.0:
            return -INF
        return NAN                    # a negative number, -inf or NaN
    if x == INF:
        return x
    m, e = frexp(x)                   # x = m * 2^e, 0.5 <= m < 1, exact
    m = m * 2.0                       # now 1 <= m < 2 and x = m * 2^k
    k = e - 1
    h = int((m - 1.0) * 1048576.0)    # the first 20 bits of m's fraction
    if h >= 0x6A09C:                  # SQRT2_H: m >= sqrt(2), use m/2 and k + 1
        m = m * 0.5
        k = k + 1
    f = m - 1.0                       # exact, -0.29 < f < 0.42
    if h < 1 or h >= 0xFFFFE:         # TINY_H: |f| < 2^-20
        if f == 0.0:
            if k == 0:
                return 0.0
            return k * 6.93147180369123816490e-01 + k * 1.90821492927058770002e-10
        r = f * f * (0.5 - 0.33333333333333333 * f)     # f^2/2 - f^3/3
        if k == 0:
            return f - r
        return k * 6.93147180369123816490e-01 - ((r - k * 1.90821492927058770002e-10) - f)
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    # R = LG1 z + ... + LG7 z^7, the odd and even powers of w = z^2 apart
    t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01
                                              + w * 1.531383769920937332e-01))
    t2 = z * (6.666666666666735130e-01 + w * (2.857142874366239149e-01 + w * (
        1.818357216161805012e-01 + w * 1.479819860511658591e-01)))
    r = t2 + t1
    if 0x6147A <= h <= 0x6B851:       # HFSQ_LOW, HFSQ_HIGH
        hfsq = 0.5 * f * f
        if k == 0:
            return f - (hfsq - s * (hfsq + r))
        return k * 6.93147180369123816490e-01 - (
            (hfsq - (s * (hfsq + r) + k * 1.90821492927058770002e-10)) - f)
    if k == 0:
        return f - s * (f - r)
    return k * 6.93147180369123816490e-01 - ((s * (f - r) - k * 1.90821492927058770002e-10) - f)


# ------------------------------------------------------------- log1p, expm1
# Softplus needs log(1 + u) for 0 < u <= 1 and its slope needs e^x - 1 for
# x <= 0; both lose their small results to cancellation if written naively.
#
# log1p: w = 1 + x rounds, but its rounding error c = w - (1 + x) is found
# exactly (Knuth's Fast2Sum, the bigger of 1 and x first), and then
#     log(1 + x) = log(w - c) ~ log(w) - c / w     (c / w <= 2^-53).
# For tiny x (w == 1) the result is x itself.


def log1p(x: float) -> float:
    """log(1 + x), accurate also for tiny ``x`` (for x >= -0.5; softplus uses 0 < x <= 1).

    >>> log1p(0.0)
    0.0
    >>> log1p(1e-20)
    1e-20
    """
    if x != x or x == INF:
        return x
    w = 1.0 + x
    if w == 1.0:
        return x                      # |x| < 2^-53: log(1 + x) rounds to x (keeps -0.0)
    if x < 1.0:
        c = (w - 1.0) - x             # exact: the rounding error of 1 + x
    else:
        c = (w - x) - 1.0
    if w == 0.0:
        return -INF                   # log1p(-1)
    return log(w) - c / w


# expm1: for |x| < ln(2)/2 exp's own approximation gives e^x - 1 = x + x c / (2 - c)
# (see exp above, with k = 0, hi = x and lo = 0) before the 1 is added; further
# out the result is at least 0.29 in size and e^x - 1 loses little.
EXPM1_SMALL = 0.34657359027997264    # ln(2) / 2
EXPM1_TINY = 5.551115123125783e-17   # 2^-54: e^x - 1 rounds to x below (keeps -0.0)


def expm1(x: float) -> float:
    """e^x - 1, accurate also for tiny ``x`` (softplus's slope is -expm1(-a)).

    Within 1.5 ulp for x < ln(2)/2 (softplus needs x <= 0); from there to
    about 0.7, e^x - 1 loses up to 2 more bits (measured 3.1 ulp).

    >>> expm1(0.0)
    0.0
    >>> expm1(1e-20)
    1e-20
    """
    if -0.34657359027997264 < x < 0.34657359027997264:       # EXPM1_SMALL
        if -5.551115123125783e-17 < x < 5.551115123125783e-17:   # EXPM1_TINY
            return x
        rr = x * x
        c = x - rr * (1.66666666666666019037e-01 + rr * (-2.77777777770155933842e-03 + rr * (
            6.61375632143793436117e-05 + rr * (-1.65339022054652515390e-06
                                              + rr * 4.13813679705723846039e-08))))   # EXP_P
        return x + (x * c) / (2.0 - c)
    return exp(x) - 1.0


# -------------------------------------------------------------------- tanh
# tanh is odd (tanh(-x) = -tanh x), so we work with a = |x| and put the sign
# back at the end. Four regions:
#
# * a < 0.625: tanh x = x + x^3 P(x^2) / Q(x^2) (Cody & Waite's form, with
#   Cephes' coefficients). The correction term is at most 12% of x, so its
#   rounding errors hardly show.
# * 0.625 <= a < 1.375: the addition formula around a centre m in
#   {0.75, 1, 1.25}, with d = a - m (exact, |d| <= 1/8):
#       tanh(m + d) = T + (1 - T^2) t / (1 + T t),  T = tanh m, t = tanh d.
#   T is a constant stored as T_HI + T_LO (106 bits) and t comes from the
#   first region, so again a small correction is added to a big exact part.
#   (The formula of the next region loses up to 1.25 ulp here.)
# * 1.375 <= a < 22: tanh a = 1 - 2 / (e^(2a) + 1), with our own exp; the
#   term 2 / (e^(2a) + 1) is below 0.13, so its errors shrink.
# * a >= 22: tanh a rounds to 1.
TANH_P = (-9.64399179425052238628e-01, -9.92877231001918586564e+01, -1.61468768441708447952e+03)
TANH_Q = (1.12811678491632931402e+02, 2.23548839060100448583e+03, 4.84406305325125486048e+03)
TANH_TINY = 3.7252902984619140625e-09    # 2^-28: tanh x rounds to x below
TANH_SMALL = 0.625
TANH_MID = 1.375
TANH_ONE = 22.0
# the centres m, with tanh m = T_HI + T_LO and S = 1 - tanh(m)^2 (mpmath,
# 200 bits, rounded to nearest; tests/test_elementary.py re-derives them)
TANH_CENTRES = (
    # upper end, m, T_HI,                T_LO,                   S
    (0.875, 0.75, 0.6351489523872873, 1.7012977006564836e-17, 0.5965858082813315),
    (1.125, 1.0, 0.7615941559557649, 3.7090214482164924e-17, 0.4199743416140261),
    (1.375, 1.25, 0.8482836399575129, 1.7099441972242e-17, 0.28041486618043265),
)


def _tanh_small(x):
    """tanh x for |x| < 0.625 (the rational approximation of the first region)."""
    if -3.7252902984619140625e-09 < x < 3.7252902984619140625e-09:   # TANH_TINY
        return x                      # also keeps the sign of -0.0
    z = x * x
    p = (-9.64399179425052238628e-01 * z - 9.92877231001918586564e+01) * z \
        - 1.61468768441708447952e+03                                   # TANH_P
    q = ((z + 1.12811678491632931402e+02) * z + 2.23548839060100448583e+03) * z \
        + 4.84406305325125486048e+03                                   # TANH_Q
    return x + x * (z * (p / q))


def tanh(x: float) -> float:
    """Hyperbolic tangent of ``x``, in (-1, 1) (the same bits on every platform).

    >>> tanh(0.0)
    0.0
    >>> tanh(100.0)
    1.0
    """
    if x != x:
        return x
    a = -x if x < 0.0 else x
    if a < 0.625:                     # TANH_SMALL
        return _tanh_small(x)
    if a < 1.375:                     # TANH_MID: T + S t / (1 + T t), TANH_CENTRES
        if a < 0.875:
            t = _tanh_small(a - 0.75)
            r = 0.6351489523872873 + (1.7012977006564836e-17
                                      + (t * 0.5965858082813315) / (1.0 + 0.6351489523872873 * t))
        elif a < 1.125:
            t = _tanh_small(a - 1.0)
            r = 0.7615941559557649 + (3.7090214482164924e-17
                                      + (t * 0.4199743416140261) / (1.0 + 0.7615941559557649 * t))
        else:
            t = _tanh_small(a - 1.25)
            r = 0.8482836399575129 + (1.7099441972242e-17
                                      + (t * 0.28041486618043265) / (1.0 + 0.8482836399575129 * t))
    elif a < 22.0:                    # TANH_ONE
        r = 1.0 - 2.0 / (exp(a + a) + 1.0)
    else:
        r = 1.0
    return -r if x < 0.0 else r


# ----------------------------------------------------------------- sigmoid
def sigmoid(z: float) -> float:
    """The logistic function 1 / (1 + e^-z), in (0, 1), without overflow.

    The same stable form as :func:`tinynet.activations.sigmoid`: for z < 0,
    e^-z could overflow, so the equal e^z / (1 + e^z) is used there. Two
    roundings follow exp's, so it is within 2.5 ulp (not 1) of the exact value.
    """
    if z >= 0.0:
        return 1.0 / (1.0 + exp(-z))
    e = exp(z)
    return e / (1.0 + e)


# -------------------------------------------------------------------- powi
# x^n by binary exponentiation: walk the bits of n from the lowest; "base"
# runs through x, x^2, x^4, x^8, ... and is multiplied into the result where
# n has a 1 bit. Plain products would each round, and squaring doubles the
# error each time (0.999 ** 1000 would be 58 ulp off), so the products are
# done in "double-double" arithmetic: a number is kept as hi + lo, two
# doubles, and the product of two doubles a * b is split exactly into
# p = fl(a * b) and its rounding error (Dekker's method, which needs no
# fused multiply-add: each factor is first cut into two 26-bit halves,
# whose products are exact). Only the final hi is rounded.
SPLITTER = 134217729.0   # 2^27 + 1: c = SPLITTER * a; a_hi = c - (c - a)


def _dd_mul(a_hi, a_lo, b_hi, b_lo):
    """(a_hi + a_lo) * (b_hi + b_lo) as a new pair hi + lo (|lo| <= ulp(hi)/2)."""
    # Veltkamp's split: a_hi = ah + al and b_hi = bh + bl, 26 bits each
    c = 134217729.0 * a_hi            # SPLITTER
    ah = c - (c - a_hi)
    al = a_hi - ah
    c = 134217729.0 * b_hi
    bh = c - (c - b_hi)
    bl = b_hi - bh
    # Dekker: p = fl(a_hi b_hi) and e = a_hi b_hi - p, exactly
    p = a_hi * b_hi
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    # the cross terms, then renormalise (hi + lo, |lo| <= ulp(hi) / 2)
    e = e + (a_hi * b_lo + a_lo * b_hi)
    hi = p + e
    return hi, e - (hi - p)


def powi(x: float, n: int) -> float:
    """``x`` to the whole power ``n >= 0``, for Adam's ``beta ** step``.

    Meant for 0 <= x <= 1 (Adam's betas). It uses only + - *, so every
    platform gives the same bits, and it is within 1 ulp of the exact power
    while that is above about 1e-291 (2^-967; benchmarks/ulp_check.py
    measures it). Below, the hidden low parts (2^-53 times smaller) run into
    the subnormals and it may be a little more than 1 ulp off; by then
    1 - beta ** step is exactly 1 anyway.

    >>> powi(0.9, 2)
    0.81
    """
    if n < 0:
        raise ValueError("powi needs a whole power n >= 0, got %r" % (n,))
    r_hi, r_lo = 1.0, 0.0
    b_hi, b_lo = x, 0.0
    while True:
        if n & 1:
            r_hi, r_lo = _dd_mul(r_hi, r_lo, b_hi, b_lo)
        n = n >> 1
        if n == 0:
            return r_hi
        b_hi, b_lo = _dd_mul(b_hi, b_lo, b_hi, b_lo)
