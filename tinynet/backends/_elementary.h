/* exp, log, tanh, sigmoid and powi computed the same way on every computer.
 *
 * The C twin of tinynet/elementary.py: the same constants and the same
 * IEEE-754 operations in the same order, so both give == results (tested in
 * tests/test_elementary.py). The comments in elementary.py explain the maths.
 * Compile with -ffp-contract=off (no fused multiply-add) and never with
 * -ffast-math; x87 extended precision is not supported (use SSE2).
 *
 * Only + - * /, comparisons, conversions between int and double, and the
 * exact splitting / building of floats by their bits (tn_frexp, tn_pow2: the
 * same values as math.frexp and math.ldexp(1.0, k) give, never rounded).
 *
 * Follows fdlibm (e_exp.c, e_log.c): Copyright (C) 1993 by Sun Microsystems,
 * Inc. All rights reserved. Developed at SunSoft, a Sun Microsystems, Inc.
 * business. Permission to use, copy, modify, and distribute this software is
 * freely granted, provided that this notice is preserved.
 */
#ifndef TINYNET_ELEMENTARY_H
#define TINYNET_ELEMENTARY_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(__FLT_EVAL_METHOD__) && __FLT_EVAL_METHOD__ != 0
#error "tinynet's elementary functions need double arithmetic without extended precision (FLT_EVAL_METHOD 0)"
#endif

/* --------------------------------------------- exact powers of two, frexp */
/* 2^k for -1022 <= k <= 1023, built from its bits: the value math.ldexp(1.0, k)
 * gives in elementary.py (exact, no rounding), without a library call. */
static inline double tn_pow2(int k)
{
    uint64_t b = (uint64_t)(k + 1023) << 52;
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

/* frexp for a finite x > 0: x = m * 2^e with 0.5 <= m < 1, exact (as
 * math.frexp in elementary.py); subnormals are first scaled by 2^54. */
static inline double tn_frexp(double x, int *e)
{
    uint64_t b;
    int shift = 0;
    if (x < 2.2250738585072014e-308) {
        x = x * 18014398509481984.0;   /* 2^54, exact */
        shift = 54;
    }
    memcpy(&b, &x, sizeof b);
    *e = (int)((b >> 52) & 0x7FF) - 1022 - shift;
    b = (b & 0x800FFFFFFFFFFFFFULL) | 0x3FE0000000000000ULL;
    memcpy(&x, &b, sizeof x);
    return x;
}

/* ------------------------------------------------------------------ exp */
#define TN_LN2_HI 6.93147180369123816490e-01
#define TN_LN2_LO 1.90821492927058770002e-10
#define TN_INV_LN2 1.44269504088896338700e+00
#define TN_EXP_P1 1.66666666666666019037e-01
#define TN_EXP_P2 -2.77777777770155933842e-03
#define TN_EXP_P3 6.61375632143793436117e-05
#define TN_EXP_P4 -1.65339022054652515390e-06
#define TN_EXP_P5 4.13813679705723846039e-08
#define TN_EXP_OVERFLOW 7.09782712893383973096e+02
#define TN_EXP_UNDERFLOW -7.45133219101941108420e+02
#define TN_EXP_TINY 3.7252902984619140625e-09
#define TN_TWO_M1000 9.33263618503218878990e-302
#define TN_TWO_1023 8.98846567431157953865e+307

static inline double tn_exp(double x)
{
    int k;
    double t, hi, lo, r, rr, c, y;
    if (x != x)
        return x;
    if (x > TN_EXP_OVERFLOW)
        return HUGE_VAL;
    if (x < TN_EXP_UNDERFLOW)
        return 0.0;
    if (-TN_EXP_TINY < x && x < TN_EXP_TINY)
        return 1.0 + x;
    if (x >= 0.0)
        k = (int)(TN_INV_LN2 * x + 0.5);
    else
        k = (int)(TN_INV_LN2 * x - 0.5);
    t = (double)k;
    hi = x - t * TN_LN2_HI;
    lo = t * TN_LN2_LO;
    r = hi - lo;
    rr = r * r;
    c = r - rr * (TN_EXP_P1 + rr * (TN_EXP_P2 + rr * (TN_EXP_P3 + rr * (TN_EXP_P4 + rr * TN_EXP_P5))));
    y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    if (k >= -1021) {
        if (k == 1024)
            return y * 2.0 * TN_TWO_1023;
        return y * tn_pow2(k);
    }
    return y * tn_pow2(k + 1000) * TN_TWO_M1000;
}

/* ------------------------------------------------------------------ log */
#define TN_LG1 6.666666666666735130e-01
#define TN_LG2 3.999999999940941908e-01
#define TN_LG3 2.857142874366239149e-01
#define TN_LG4 2.222219843214978396e-01
#define TN_LG5 1.818357216161805012e-01
#define TN_LG6 1.531383769920937332e-01
#define TN_LG7 1.479819860511658591e-01
#define TN_THIRD 0.33333333333333333
#define TN_SQRT2_H 0x6A09C
#define TN_HFSQ_LOW 0x6147A
#define TN_HFSQ_HIGH 0x6B851
#define TN_TWO_20 1048576.0

static inline double tn_log(double x)
{
    int e, k, h;
    double m, f, dk, r, s, z, w, t1, t2, hfsq;
    if (!(x > 0.0)) {
        if (x == 0.0)
            return -HUGE_VAL;
        return NAN;
    }
    if (x == HUGE_VAL)
        return x;
    m = tn_frexp(x, &e);
    m = m * 2.0;
    k = e - 1;
    h = (int)((m - 1.0) * TN_TWO_20);
    if (h >= TN_SQRT2_H) {
        m = m * 0.5;
        k = k + 1;
    }
    f = m - 1.0;
    dk = (double)k;
    if (h < 1 || h >= 0xFFFFE) {
        if (f == 0.0) {
            if (k == 0)
                return 0.0;
            return dk * TN_LN2_HI + dk * TN_LN2_LO;
        }
        r = f * f * (0.5 - TN_THIRD * f);
        if (k == 0)
            return f - r;
        return dk * TN_LN2_HI - ((r - dk * TN_LN2_LO) - f);
    }
    s = f / (2.0 + f);
    z = s * s;
    w = z * z;
    t1 = w * (TN_LG2 + w * (TN_LG4 + w * TN_LG6));
    t2 = z * (TN_LG1 + w * (TN_LG3 + w * (TN_LG5 + w * TN_LG7)));
    r = t2 + t1;
    if (TN_HFSQ_LOW <= h && h <= TN_HFSQ_HIGH) {
        hfsq = 0.5 * f * f;
        if (k == 0)
            return f - (hfsq - s * (hfsq + r));
        return dk * TN_LN2_HI - ((hfsq - (s * (hfsq + r) + dk * TN_LN2_LO)) - f);
    }
    if (k == 0)
        return f - s * (f - r);
    return dk * TN_LN2_HI - ((s * (f - r) - dk * TN_LN2_LO) - f);
}

/* -------------------------------------------------------- log1p, expm1 */
/* log(1 + x): the rounding error c of w = 1 + x is exact (Fast2Sum), then
   log(w) - c / w.  Accurate for x >= -0.5 (softplus uses 0 < x <= 1). */
static inline double tn_log1p(double x)
{
    double w, c;
    if (x != x || x == HUGE_VAL)
        return x;
    w = 1.0 + x;
    if (w == 1.0)
        return x;
    if (x < 1.0)
        c = (w - 1.0) - x;
    else
        c = (w - x) - 1.0;
    if (w == 0.0)
        return -HUGE_VAL;
    return tn_log(w) - c / w;
}

#define TN_EXPM1_SMALL 0.34657359027997264
#define TN_EXPM1_TINY 5.551115123125783e-17

/* e^x - 1: exp's approximation before its 1 is added, for |x| < ln(2)/2. */
static inline double tn_expm1(double x)
{
    double rr, c;
    if (-TN_EXPM1_SMALL < x && x < TN_EXPM1_SMALL) {
        if (-TN_EXPM1_TINY < x && x < TN_EXPM1_TINY)
            return x;
        rr = x * x;
        c = x - rr * (TN_EXP_P1 + rr * (TN_EXP_P2 + rr * (TN_EXP_P3 + rr * (TN_EXP_P4
                                                                      + rr * TN_EXP_P5))));
        return x + (x * c) / (2.0 - c);
    }
    return tn_exp(x) - 1.0;
}

/* ----------------------------------------------------------------- tanh */
#define TN_TANH_P0 -9.64399179425052238628e-01
#define TN_TANH_P1 -9.92877231001918586564e+01
#define TN_TANH_P2 -1.61468768441708447952e+03
#define TN_TANH_Q0 1.12811678491632931402e+02
#define TN_TANH_Q1 2.23548839060100448583e+03
#define TN_TANH_Q2 4.84406305325125486048e+03
#define TN_TANH_TINY 3.7252902984619140625e-09
#define TN_TANH_SMALL 0.625
#define TN_TANH_MID 1.375
#define TN_TANH_ONE 22.0

static inline double tn_tanh_small(double x)
{
    double z, p, q;
    if (-TN_TANH_TINY < x && x < TN_TANH_TINY)
        return x;
    z = x * x;
    p = (TN_TANH_P0 * z + TN_TANH_P1) * z + TN_TANH_P2;
    q = ((z + TN_TANH_Q0) * z + TN_TANH_Q1) * z + TN_TANH_Q2;
    return x + x * (z * (p / q));
}

static inline double tn_tanh(double x)
{
    double a, r, m, t_hi, t_lo, s, t;
    if (x != x)
        return x;
    a = x < 0.0 ? -x : x;
    if (a < TN_TANH_SMALL)
        return tn_tanh_small(x);
    if (a < TN_TANH_MID) {
        /* the centres of elementary.TANH_CENTRES */
        if (a < 0.875) {
            m = 0.75; t_hi = 0.6351489523872873; t_lo = 1.7012977006564836e-17; s = 0.5965858082813315;
        } else if (a < 1.125) {
            m = 1.0; t_hi = 0.7615941559557649; t_lo = 3.7090214482164924e-17; s = 0.4199743416140261;
        } else {
            m = 1.25; t_hi = 0.8482836399575129; t_lo = 1.7099441972242e-17; s = 0.28041486618043265;
        }
        t = tn_tanh_small(a - m);
        r = t_hi + (t_lo + (t * s) / (1.0 + t_hi * t));
    } else if (a < TN_TANH_ONE) {
        r = 1.0 - 2.0 / (tn_exp(a + a) + 1.0);
    } else {
        r = 1.0;
    }
    return x < 0.0 ? -r : r;
}

/* -------------------------------------------------------------- sigmoid */
static inline double tn_sigmoid(double z)
{
    double e;
    if (z >= 0.0)
        return 1.0 / (1.0 + tn_exp(-z));
    e = tn_exp(z);
    return e / (1.0 + e);
}

/* ----------------------------------------------------------------- powi */
#define TN_SPLITTER 134217729.0

static inline void tn_split(double a, double *hi, double *lo)
{
    double c = TN_SPLITTER * a;
    *hi = c - (c - a);
    *lo = a - *hi;
}

static inline void tn_two_prod(double a, double b, double *p, double *e)
{
    double a_hi, a_lo, b_hi, b_lo;
    *p = a * b;
    tn_split(a, &a_hi, &a_lo);
    tn_split(b, &b_hi, &b_lo);
    *e = ((a_hi * b_hi - *p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo;
}

static inline void tn_dd_mul(double a_hi, double a_lo, double b_hi, double b_lo,
                             double *hi, double *lo)
{
    double p, e;
    tn_two_prod(a_hi, b_hi, &p, &e);
    e = e + (a_hi * b_lo + a_lo * b_hi);
    *hi = p + e;
    *lo = e - (*hi - p);
}

/* x to the power n >= 0 (n < 0 gives NaN; the Python twin raises ValueError). */
static inline double tn_powi(double x, long long n)
{
    double r_hi = 1.0, r_lo = 0.0, b_hi = x, b_lo = 0.0;
    if (n < 0)
        return NAN;
    for (;;) {
        if (n & 1)
            tn_dd_mul(r_hi, r_lo, b_hi, b_lo, &r_hi, &r_lo);
        n = n >> 1;
        if (n == 0)
            return r_hi;
        tn_dd_mul(b_hi, b_lo, b_hi, b_lo, &b_hi, &b_lo);
    }
}

#endif /* TINYNET_ELEMENTARY_H */
