/* The hand-tuned kernels of tinynet's compiled training loop (_ctrain.pyx).

   Only needed to build the extension (it is compiled into it); never read
   at run time.  Each output C[m, j] is  0.0 + P[m,0]*Q[0,j] + P[m,1]*Q[1,j]
   + ...  (+ bias[j]), added in that order, exactly as the Python loop does;
   what is tuned is only how many *independent* outputs are computed side
   by side (tiles kept in registers, SIMD lanes). */
#ifndef TINYNET_KERNELS_H
#define TINYNET_KERNELS_H
#include <stddef.h>
#include <string.h>

#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic ignored "-Wpsabi"
#endif
#if defined(__GNUC__) || defined(__clang__)
#  define TN_INLINE static inline __attribute__((always_inline))
#  define TN_VECTORS 1
#else
#  define TN_INLINE static __inline
#  define TN_VECTORS 0
#endif
#ifndef TN_GENERIC_ROWS
#  define TN_GENERIC_ROWS 6   /* rows per tile in the portable build */
#endif
#if defined(TN_NO_VECTORS)   /* the plain C path other compilers get (for tests) */
#  undef TN_VECTORS
#  define TN_VECTORS 0
#endif

/* Each kernel computes a tile of C = (0.0 + sum_t P[m,t] * Q[t,j]) (+ bias[j])
   with P[m,t] at P[m*psm + t*pst] and Q[t,j] at Q[t*ldq + j].  The sums of
   the tile are independent, so they are kept in registers side by side;
   each one still starts at +0.0 and adds its products in increasing t. */
#define TN_ARGS Py_ssize_t T, const double *P, Py_ssize_t psm, Py_ssize_t pst, \
    const double *Q, Py_ssize_t ldq, const double *bias, double *C, Py_ssize_t ldc

/* scalar tiles: 4 rows or 1 row x 1 column */
TN_INLINE void tn_k4x1(TN_ARGS) {
    double c0 = 0.0, c1 = 0.0, c2 = 0.0, c3 = 0.0;
    Py_ssize_t t;
    for (t = 0; t < T; t++) {
        const double q = Q[t * ldq];
        const double *p = P + t * pst;
        c0 = c0 + p[0] * q;
        c1 = c1 + p[psm] * q;
        c2 = c2 + p[2 * psm] * q;
        c3 = c3 + p[3 * psm] * q;
    }
    if (bias != NULL) {
        c0 = c0 + bias[0]; c1 = c1 + bias[0]; c2 = c2 + bias[0]; c3 = c3 + bias[0];
    }
    C[0] = c0; C[ldc] = c1; C[2 * ldc] = c2; C[3 * ldc] = c3;
}

TN_INLINE void tn_k1x1(TN_ARGS) {
    double c0 = 0.0;
    Py_ssize_t t;
    (void)psm; (void)ldc;
    for (t = 0; t < T; t++)
        c0 = c0 + P[t * pst] * Q[t * ldq];
    if (bias != NULL)
        c0 = c0 + bias[0];
    C[0] = c0;
}

/* the last columns (fewer than one vector), one at a time, straight from Q */
#define TN_COLUMNS(J_FROM)                                                        \
    for (j0 = (J_FROM); j0 < N; j0++) {                                           \
        const double *bj = bias != NULL ? bias + j0 : NULL;                       \
        Py_ssize_t m1 = 0;                                                        \
        for (; m1 + 4 <= M; m1 += 4)                                              \
            tn_k4x1(T, P + m1 * psm, psm, pst, Q + j0, ldq, bj, C + m1 * ldc + j0, ldc); \
        for (; m1 < M; m1++)                                                      \
            tn_k1x1(T, P + m1 * psm, psm, pst, Q + j0, ldq, bj, C + m1 * ldc + j0, ldc); \
    }

/* C[m*ldc + j] = sum_t P[m*psm + t*pst] * Q[t*ldq + j]  (+ bias[j]),
   for m < M and j < N, each sum from +0.0 in increasing t.
   pack: room for T * N doubles. */
#define TN_GEMM_ARGS Py_ssize_t M, Py_ssize_t N, Py_ssize_t T,           \
    const double *P, Py_ssize_t psm, Py_ssize_t pst,                      \
    const double *Q, Py_ssize_t ldq, const double *bias,                  \
    double *C, Py_ssize_t ldc, double *pack

#if TN_VECTORS
/* Vector tiles, written once for any vector type V: MR rows x NV vectors
   (NV = 1 or 2).  `x * v` with a double x multiplies every lane by x (it
   compiles to one broadcast); each lane is an ordinary IEEE double
   operation, exactly as in scalar code.  Loads and stores go through
   memcpy, so no alignment is assumed. */
typedef double tn_v2 __attribute__((vector_size(16)));   /* SSE2, NEON */
typedef double tn_v4 __attribute__((vector_size(32)));   /* AVX2 */
typedef double tn_v8 __attribute__((vector_size(64)));   /* AVX-512 */

#define TN_ROWS6(X) X(0) X(1) X(2) X(3) X(4) X(5)
#define TN_ROWS4(X) X(0) X(1) X(2) X(3)
#define TN_ROWS1(X) X(0)
#define TN_DECL2(i) tn_vt c##i##0 = z, c##i##1 = z;
#define TN_DECL1(i) tn_vt c##i##0 = z;
#define TN_STEP2(i) c##i##0 = c##i##0 + p[(i) * psm] * q0; c##i##1 = c##i##1 + p[(i) * psm] * q1;
#define TN_STEP1(i) c##i##0 = c##i##0 + p[(i) * psm] * q0;
#define TN_BIAS2(i) c##i##0 = c##i##0 + q0; c##i##1 = c##i##1 + q1;
#define TN_BIAS1(i) c##i##0 = c##i##0 + q0;
#define TN_STORE2(i) memcpy(C + (i) * ldc, &c##i##0, sizeof q0); \
                     memcpy(C + (i) * ldc + lanes, &c##i##1, sizeof q0);
#define TN_STORE1(i) memcpy(C + (i) * ldc, &c##i##0, sizeof q0);

#define TN_KERNEL(NAME, V, ATTR, ROWS, NV)                                        \
TN_INLINE ATTR void NAME(TN_ARGS) {                                               \
    typedef V tn_vt;                                                              \
    const Py_ssize_t lanes = (Py_ssize_t)(sizeof(tn_vt) / sizeof(double));        \
    const tn_vt z = {0.0};                                                        \
    tn_vt q0, q1;                                                                 \
    Py_ssize_t t;                                                                 \
    ROWS(TN_DECL##NV)                                                             \
    for (t = 0; t < T; t++) {                                                     \
        const double *p = P + t * pst;                                            \
        memcpy(&q0, Q + t * ldq, sizeof q0);                                      \
        if (NV == 2) memcpy(&q1, Q + t * ldq + lanes, sizeof q1);                 \
        ROWS(TN_STEP##NV)                                                         \
    }                                                                             \
    if (bias != NULL) {                                                           \
        memcpy(&q0, bias, sizeof q0);                                             \
        if (NV == 2) memcpy(&q1, bias + lanes, sizeof q1);                        \
        ROWS(TN_BIAS##NV)                                                         \
    }                                                                             \
    ROWS(TN_STORE##NV)                                                            \
    (void)psm; (void)ldc; (void)lanes;                                            \
}

/* The columns of Q are first copied panel by panel (NR columns side by
   side, T rows) into `pack`, so that every tile reads one contiguous
   stream; then, for each block of MR rows of P, every panel in turn
   (the rows of P stay in cache while the panels stream past). */
#define TN_PACK(NR, J_FROM, J_TO)                                                 \
    for (jp = (J_FROM); jp + (NR) <= (J_TO); jp += (NR))                          \
        for (t = 0; t < T; t++)                                                   \
            memcpy(pack + jp * T + t * (NR), Q + t * ldq + jp, (NR) * sizeof(double));
#define TN_ROW_BLOCK(MR, S)                                                       \
    for (; m0 + MR <= M; m0 += MR) {                                              \
        const double *Pm = P + m0 * psm;                                          \
        double *Cm = C + m0 * ldc;                                                \
        for (jp = 0; jp < jw; jp += 2 * lanes)                                    \
            tn_k##MR##v2##S(T, Pm, psm, pst, pack + jp * T, 2 * lanes,            \
                            bias != NULL ? bias + jp : NULL, Cm + jp, ldc);       \
        if (one_more)                                                             \
            tn_k##MR##v1##S(T, Pm, psm, pst, pack + jp * T, lanes,                \
                            bias != NULL ? bias + jp : NULL, Cm + jp, ldc);       \
    }
/* panels of two vectors, then one of one vector, then single columns */
#define TN_GEMM_DRIVER(NAME, S, V, ATTR, BIG_MR)                                  \
ATTR static void NAME(TN_GEMM_ARGS) {                                             \
    const Py_ssize_t lanes = (Py_ssize_t)(sizeof(V) / sizeof(double));            \
    Py_ssize_t j0, jp, t, m0 = 0, jw = N / (2 * lanes) * (2 * lanes);             \
    int one_more = N - jw >= lanes;                                               \
    TN_PACK(2 * lanes, 0, jw)                                                     \
    TN_PACK(lanes, jw, N)                                                         \
    TN_ROW_BLOCK(BIG_MR, S)                                                       \
    TN_ROW_BLOCK(4, S)                                                            \
    TN_ROW_BLOCK(1, S)                                                            \
    TN_COLUMNS(jw + (one_more ? lanes : 0))                                       \
}

#define TN_ALL_KERNELS(S, V, ATTR)                                                \
    TN_KERNEL(tn_k6v2##S, V, ATTR, TN_ROWS6, 2)                                   \
    TN_KERNEL(tn_k4v2##S, V, ATTR, TN_ROWS4, 2)                                   \
    TN_KERNEL(tn_k1v2##S, V, ATTR, TN_ROWS1, 2)                                   \
    TN_KERNEL(tn_k6v1##S, V, ATTR, TN_ROWS6, 1)                                   \
    TN_KERNEL(tn_k4v1##S, V, ATTR, TN_ROWS4, 1)                                   \
    TN_KERNEL(tn_k1v1##S, V, ATTR, TN_ROWS1, 1)

/* the portable build: two doubles per vector (SSE2 on x86-64, NEON on arm64) */
TN_ALL_KERNELS(_g, tn_v2, )
TN_GEMM_DRIVER(tn_gemm_generic, _g, tn_v2, , TN_GENERIC_ROWS)
#else
static void tn_gemm_generic(TN_GEMM_ARGS) {
    Py_ssize_t j0;
    (void)pack;
    TN_COLUMNS(0)
}
#endif

#if TN_VECTORS && (defined(__x86_64__) || defined(__i386__))
#  define TN_HAVE_X86_VERSIONS 1
/* the same kernels compiled for AVX2 (four doubles per vector, 6x8 tiles)
   and for AVX-512 (eight doubles per vector, 6x16 tiles), chosen at run
   time by what the CPU has (FMA stays off: -ffp-contract=off) */
TN_ALL_KERNELS(_a, tn_v4, __attribute__((target("avx2"))))
TN_GEMM_DRIVER(tn_gemm_avx2, _a, tn_v4, __attribute__((target("avx2"))), 6)
TN_ALL_KERNELS(_z, tn_v8, __attribute__((target("avx512f"))))
TN_GEMM_DRIVER(tn_gemm_avx512, _z, tn_v8, __attribute__((target("avx512f"))), 6)
#else
#  define TN_HAVE_X86_VERSIONS 0
#endif

/* The kernel paths, best last: plain C (or the portable vectors), AVX2, AVX-512. */
enum { TN_PATH_GENERIC = 0, TN_PATH_AVX2 = 1, TN_PATH_AVX512 = 2 };
static int tn_path = TN_PATH_GENERIC;

/* The best path this CPU (and its operating system) can run. */
static int tn_best_path(void) {
#if TN_HAVE_X86_VERSIONS
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return TN_PATH_AVX512;
    if (__builtin_cpu_supports("avx2")) return TN_PATH_AVX2;
#endif
    return TN_PATH_GENERIC;
}

/* Use `path` (one of TN_PATH_...), or the best one when `path` is -1.
   Returns the path now in use, or -1 (nothing changed) when the CPU
   cannot run `path`. */
static int tn_init_kernels(int path) {
    int best = tn_best_path();
    if (path < 0) path = best;
    if (path > best) return -1;
    tn_path = path;
    return tn_path;
}

static void tn_gemm(TN_GEMM_ARGS) {
#if TN_HAVE_X86_VERSIONS
    if (tn_path == TN_PATH_AVX512) { tn_gemm_avx512(M, N, T, P, psm, pst, Q, ldq, bias, C, ldc, pack); return; }
    if (tn_path == TN_PATH_AVX2) { tn_gemm_avx2(M, N, T, P, psm, pst, Q, ldq, bias, C, ldc, pack); return; }
#endif
    tn_gemm_generic(M, N, T, P, psm, pst, Q, ldq, bias, C, ldc, pack);
}

#endif /* TINYNET_KERNELS_H */
