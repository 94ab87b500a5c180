# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=False
"""The compiled twin of ``tinynet.backends.python``: same arguments, same numbers.

Every function here mirrors the one of the same name in ``python.py`` and
must give the same floats bit for bit.  That works because both do the same
IEEE-754 double operations in the same order:

* a dot product starts from 0.0 and adds its products in increasing index,
  then the bias; sums over a batch run over its rows in order;
* exp, tanh, log, log1p, expm1 and Adam's powers are tinynet's own
  (``_elementary.h``, the C twin of ``tinynet.elementary``); sqrt is IEEE-754's
  correctly rounded one;
* the C compiler may not fuse a*b+c into one rounding (``-ffp-contract=off``)
  nor reorder sums (never ``-ffast-math``).

What is allowed, and used for speed: computing many *independent* outputs at
once (SIMD lanes, a tile of rows and columns kept in registers), because each
output still sees exactly the same sequence of operations.

All checking happens in the ``def`` functions, before the loop starts: the
loop itself works on raw C buffers, without the GIL, and cannot fail.
"""

cimport cython
from libc.math cimport fabs, isfinite, sqrt
from libc.stdlib cimport malloc, free
from libc.string cimport memcpy

import array as _array
import operator as _operator
import threading as _threading

cdef extern from "Python.h":
    # runs the Python handlers of pending signals (Ctrl-C raises KeyboardInterrupt);
    # needs the GIL; -1 with the exception set when a handler raised
    int PyErr_CheckSignals() except -1

# The kernels: written in C so that the tiles of independent outputs can be
# kept in registers and compiled for AVX-512 or AVX2 where the CPU has it.  Each output
# C[m, j] is  0.0 + P[m,0]*Q[0,j] + P[m,1]*Q[1,j] + ...  (+ bias[j]), added in
# that order, exactly as the Python loop does.
cdef extern from "_kernels.h":
    void tn_gemm(Py_ssize_t M, Py_ssize_t N, Py_ssize_t T,
                 const double *P, Py_ssize_t psm, Py_ssize_t pst,
                 const double *Q, Py_ssize_t ldq, const double *bias,
                 double *C, Py_ssize_t ldc, double *pack) noexcept nogil
    int tn_init_kernels(int path) noexcept nogil
    int tn_best_path() noexcept nogil

# tinynet's own elementary functions (the C twin of tinynet/elementary.py):
# the same bits as the Python loop's, whatever the platform's libm does.
cdef extern from "_elementary.h":
    double tn_exp(double x) noexcept nogil
    double tn_log(double x) noexcept nogil
    double tn_log1p(double x) noexcept nogil
    double tn_expm1(double x) noexcept nogil
    double tn_tanh(double x) noexcept nogil
    double tn_powi(double x, long long n) noexcept nogil


# ---------------------------------------------------------------- the codes
# The codes are the positions in tinynet's tables (tinynet/codes.py derives
# them; tests/test_parity.py checks these names and numbers against it).

#: The activations, losses and update rules, in the order of their codes.
ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax", "softplus")
LOSSES = ("mse", "binary_crossentropy", "crossentropy", "hinge")
UPDATE_RULES = ("sgd", "adam")

LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, SOFTMAX, SOFTPLUS = range(7)
MSE, BINARY_CROSSENTROPY, CROSSENTROPY, HINGE = range(4)
SGD, ADAM = range(2)
NO_ACCURACY, THRESHOLD_ACCURACY, ARGMAX_ACCURACY, SIGN_ACCURACY = range(4)

NAME = "cython"

cdef enum:
    C_LINEAR = 0
    C_SIGMOID = 1
    C_TANH = 2
    C_RELU = 3
    C_LEAKY_RELU = 4
    C_SOFTMAX = 5
    C_SOFTPLUS = 6
    C_N_ACTIVATIONS = 7
    C_MSE = 0
    C_BINARY_CROSSENTROPY = 1
    C_CROSSENTROPY = 2
    C_HINGE = 3
    C_N_LOSSES = 4
    C_SGD = 0
    C_ADAM = 1
    C_NO_ACCURACY = 0
    C_THRESHOLD_ACCURACY = 1
    C_ARGMAX_ACCURACY = 2
    C_SIGN_ACCURACY = 3
    C_N_ACCURACY = 4

#: Slope of leaky ReLU below zero (tinynet.activations.LEAKY_SLOPE).
LEAKY_SLOPE = 0.01
#: The smallest value a log may take (tinynet.losses.LOG_FLOOR).
LOG_FLOOR = -100.0

cdef double C_LEAKY_SLOPE = 0.01
cdef double C_LOG_FLOOR = -100.0

# Rows per chunk in predict() and evaluate() (rows are independent there, so
# the chunk size changes the speed, never the numbers).
cdef Py_ssize_t CHUNK = 256

# How much work train_epoch does between two looks for Ctrl-C, counted as
# (rows + 1) * len(params) per batch: about a million multiply-adds, a few
# milliseconds. Each look takes the GIL back for a moment, so it is not done
# after every batch of a tiny network.
cdef double SIGNAL_WORK = 1048576.0

#: The kernel builds, in the order of their codes in _kernels.h (TN_PATH_...):
#: the portable one (plain C, or two-double vectors), AVX2, AVX-512.
KERNEL_PATHS = ("generic", "avx2", "avx512")
#: The builds this CPU can run (a test forces each of them in turn).
AVAILABLE_PATHS = KERNEL_PATHS[:tn_best_path() + 1]
#: The build the kernels use now (the best one unless a test chose another).
KERNEL = KERNEL_PATHS[tn_init_kernels(-1)]
#: True when that build is one of the x86 SIMD ones (AVX2 or AVX-512).
SIMD = KERNEL != "generic"


def _use_simd(path):
    """Choose the kernel build, for tests (every build gives the same bits).

    ``path`` is ``"avx512"``, ``"avx2"`` or ``"generic"``; ``True`` means the
    best this CPU has and ``False`` the generic one.  Asking for a build the
    CPU cannot run is a ValueError (so a test cannot pass without running
    it).  Returns True when a SIMD build is now in use.
    """
    global SIMD, KERNEL
    if path is True or path is False:
        code = -1 if path else 0
    elif path in KERNEL_PATHS:
        code = KERNEL_PATHS.index(path)
    else:
        raise ValueError("kernel path must be one of %s, True or False, not %r"
                         % (", ".join(KERNEL_PATHS), path))
    chosen = tn_init_kernels(code)
    if chosen < 0:
        raise ValueError("this CPU cannot run the %s kernels (it has: %s)"
                         % (path, ", ".join(AVAILABLE_PATHS)))
    KERNEL = KERNEL_PATHS[chosen]
    SIMD = KERNEL != "generic"
    return SIMD


def param_count(sizes):
    """Number of floats in ``params`` for layer widths ``sizes``."""
    widths = _ints(sizes, "sizes")
    count = 0
    for layer in range(len(widths) - 1):
        count += widths[layer] * widths[layer + 1] + widths[layer + 1]
    return count


# --------------------------------------------------------------- validation
# Every integer from Python goes through _index(), and every later check
# compares the exact ints it returns: an int subclass could lie in its
# comparisons (or its arithmetic) while converting to C as its true value.

cdef tuple _fields(object record, str what, tuple names):
    """The named attributes of a record (``interface.Layout``, ``Batches``,
    ``Update``), read once; a missing one is a TypeError.  The values are
    checked below as if they had been passed one by one: the compiled loop
    trusts nothing, not even a record made by ``interface``."""
    values = []
    for name in names:
        try:
            values.append(getattr(record, name))
        except AttributeError:
            raise TypeError("%s must have a %r field (%s has none)"
                            % (what, name, type(record).__name__)) from None
    return tuple(values)


cdef object _index(object value):
    """``operator.index(value)`` as an exact ``int``, never an int subclass.

    Python 3.9's operator.index() returns int subclasses as they are (3.10+
    converts them); int.__index__ copies one into a plain int.
    """
    v = _operator.index(value)
    if type(v) is not int:
        v = int.__index__(v)
    return v


cdef object _ints(object values, str what):
    """A list of exact Python ints from a list/tuple of integers (no floats, no str)."""
    if isinstance(values, (str, bytes, bytearray)) or values is None:
        raise TypeError("%s must be a list of integers, not %s" % (what, type(values).__name__))
    try:
        items = list(values)
    except TypeError:
        raise TypeError("%s must be a list of integers, not %s" % (what, type(values).__name__)) from None
    except OverflowError:  # e.g. range(2 ** 64): more items than any list can hold
        raise ValueError("%s is too long" % what) from None
    out = []
    for v in items:
        if isinstance(v, float):
            raise TypeError("%s must hold integers, not the float %r" % (what, v))
        try:
            out.append(_index(v))
        except TypeError:
            raise TypeError("%s must hold integers, not %r" % (what, v)) from None
    return out


cdef Py_ssize_t _count(object value, str what, Py_ssize_t low) except -1:
    """A whole number >= low (TypeError for floats, strings, None)."""
    try:
        v = _index(value)
    except TypeError:
        raise TypeError("%s must be an integer, not %r" % (what, value)) from None
    if v < low:
        raise ValueError("%s must be >= %d, not %d" % (what, low, v))
    if v > (1 << 62):
        raise ValueError("%s is too large: %d" % (what, v))
    return v


cdef int _code(object value, str what, int n) except -1:
    """An integer code in 0 .. n-1."""
    try:
        v = _index(value)
    except TypeError:
        raise TypeError("%s must be an integer code, not %r" % (what, value)) from None
    if not 0 <= v < n:
        raise ValueError("%s must be a code in 0..%d, not %d" % (what, n - 1, v))
    return v


cdef double _real(object value, str what) except? -1.0:
    """A float argument as a C double (TypeError for str, None, lists...).

    Converts exactly as a ``double`` parameter would, but an int too large
    for a float is a ValueError, not an OverflowError.
    """
    if value is None or isinstance(value, (str, bytes, bytearray)):
        raise TypeError("%s must be a number, not %s" % (what, type(value).__name__))
    try:
        return <double>value
    except OverflowError:
        raise ValueError("%s is too large for a float: %r" % (what, value)) from None


cdef inline const double *_cptr(const double[::1] buf) noexcept:
    return &buf[0] if buf.shape[0] > 0 else NULL


cdef inline double *_wptr(double[::1] buf) noexcept:
    return &buf[0] if buf.shape[0] > 0 else NULL


cdef inline bint _overlap(const double *a, Py_ssize_t na, const double *b, Py_ssize_t nb) noexcept:
    """True when the buffers a[0:na] and b[0:nb] share memory."""
    if na == 0 or nb == 0:
        return False
    return <size_t>a < <size_t>(b + nb) and <size_t>b < <size_t>(a + na)


cdef int _aligned(const double[::1] view, str what) except -1:
    """Refuse doubles that do not start on a multiple of 8 bytes.

    A memoryview sliced at an odd byte offset (or numpy.frombuffer with one)
    gives such a buffer; reading a double there is undefined behaviour in C
    (vectorised code may assume the alignment).
    """
    if view.shape[0] > 0 and <size_t>&view[0] % sizeof(double) != 0:
        raise ValueError("%s is not aligned on %d bytes (a view at an odd byte offset?): "
                         "copy it into an array('d')" % (what, sizeof(double)))
    return 0


cdef bint _read_only(object buf):
    try:
        return memoryview(buf).readonly
    except Exception:
        return False


cdef double[::1] _writable(object buf, str what):
    """``buf`` as a writable C-contiguous buffer of doubles (array('d'))."""
    cdef double[::1] view
    if buf is None or isinstance(buf, (list, tuple, str, bytes, int, float)):
        raise TypeError("%s must be an array('d'), not %s" % (what, type(buf).__name__))
    try:
        view = buf
    except BufferError:
        raise ValueError("%s must be writable (it is updated in place)" % what) from None
    except (TypeError, ValueError) as exc:
        if _read_only(buf):  # e.g. a read-only NumPy array
            raise ValueError("%s must be writable (it is updated in place)" % what) from None
        raise TypeError("%s must be an array('d') (contiguous C doubles), not %s (%s)"
                        % (what, type(buf).__name__, exc)) from None
    _aligned(view, what)
    return view


cdef const double[::1] _readable(object buf, str what):
    """``buf`` as a C-contiguous buffer of doubles (array('d')), maybe read-only."""
    cdef const double[::1] view
    if buf is None or isinstance(buf, (list, tuple, str, bytes, int, float)):
        raise TypeError("%s must be an array('d'), not %s" % (what, type(buf).__name__))
    try:
        view = buf
    except (TypeError, ValueError, BufferError) as exc:
        raise TypeError("%s must be an array('d') (contiguous C doubles), not %s (%s)"
                        % (what, type(buf).__name__, exc)) from None
    _aligned(view, what)
    return view


cdef class _Plan:
    """A checked network shape, and the C work buffers for one call."""
    cdef Py_ssize_t L           # number of layers
    cdef Py_ssize_t *sizes      # L + 1 widths
    cdef int *acts              # L activation codes
    cdef Py_ssize_t *woff       # where each layer's weights start in params
    cdef Py_ssize_t P           # len(params)
    cdef Py_ssize_t maxw        # the widest layer
    cdef Py_ssize_t cap         # rows the buffers hold
    cdef double **act           # L + 1 buffers: the inputs, then each layer's outputs
    cdef double *delta          # cap * maxw
    cdef double *below          # cap * maxw
    cdef double *wt             # a transposed weight matrix
    cdef double *grads          # P
    cdef double *pack           # the largest T * N of a tn_gemm call: packed panels
    cdef Py_ssize_t *rows       # cap sample indices
    cdef double *block          # the one allocation behind the buffers above

    def __cinit__(self):
        self.sizes = NULL
        self.acts = NULL
        self.woff = NULL
        self.act = NULL
        self.block = NULL
        self.rows = NULL

    def __dealloc__(self):
        free(self.sizes)
        free(self.acts)
        free(self.woff)
        free(self.act)
        free(self.block)
        free(self.rows)

    cdef int alloc(self, Py_ssize_t cap, bint backward) except -1:
        """Allocate every buffer a batch of ``cap`` rows needs (once per call)."""
        cdef Py_ssize_t total = 0, at = 0, l
        # The sizes are added up in Python ints: cap and the widths each fit
        # in C, but a product such as cap * maxw may not (it would wrap round
        # and leave the buffers too small).  Once need is known to fit, every
        # offset below is at most need.
        cdef object n_rows = cap, maxw = self.maxw
        if cap < 0:
            raise ValueError("negative row count %d" % cap)
        widths = 0
        for l in range(self.L + 1):
            widths += <object>self.sizes[l]
        pack = n_rows * maxw
        for l in range(self.L):
            pack = max(pack, <object>self.sizes[l] * <object>self.sizes[l + 1])
        need = n_rows * widths + pack
        wt_need = 0
        if backward:
            need += 2 * n_rows * maxw + <object>self.P
            for l in range(1, self.L):
                wt_need = max(wt_need, <object>self.sizes[l] * <object>self.sizes[l + 1])
            need += wt_need
        if need * 8 >= (1 << 62) or n_rows * 8 >= (1 << 62):
            raise MemoryError("the work buffers would need %d floats" % need)
        total = need
        self.cap = cap
        self.act = <double **>malloc((self.L + 1) * sizeof(double *))
        self.block = <double *>malloc((total if total > 0 else 1) * sizeof(double))
        self.rows = <Py_ssize_t *>malloc((cap if cap > 0 else 1) * sizeof(Py_ssize_t))
        if self.act == NULL or self.block == NULL or self.rows == NULL:
            raise MemoryError("could not allocate %d floats of work space" % total)
        for l in range(self.L + 1):
            self.act[l] = self.block + at
            at += cap * self.sizes[l]
        self.pack = self.block + at
        at += pack
        if backward:
            self.delta = self.block + at
            at += cap * self.maxw
            self.below = self.block + at
            at += cap * self.maxw
            self.grads = self.block + at
            at += self.P
            self.wt = self.block + at
        return 0


cdef _Plan _plan(object sizes, object activations, Py_ssize_t n_params):
    """Check ``sizes`` and ``activations`` against each other and ``params``."""
    cdef _Plan p = _Plan()
    cdef Py_ssize_t l
    widths = _ints(sizes, "sizes")
    codes = _ints(activations, "activations")
    if len(widths) < 2:
        raise ValueError("sizes needs at least 2 widths (inputs and outputs), got %d" % len(widths))
    for w in widths:
        if w < 1:
            raise ValueError("every width in sizes must be >= 1, got %r" % (widths,))
    if len(codes) != len(widths) - 1:
        raise ValueError("activations needs one code per layer: %d for sizes %r, got %d"
                         % (len(widths) - 1, widths, len(codes)))
    for l, c in enumerate(codes):
        if not 0 <= c < C_N_ACTIVATIONS:
            raise ValueError("activation code %r of layer %d is not in 0..%d"
                             % (c, l, C_N_ACTIVATIONS - 1))
        if c == C_SOFTMAX and l != len(codes) - 1:
            raise ValueError("softmax is only supported on the output layer (layer %d of %d)"
                             % (l, len(codes)))
    expected = param_count(widths)
    if expected != n_params:
        raise ValueError("params holds %d floats but sizes %r need %d" % (n_params, widths, expected))
    # every width <= n_params now, so the C arithmetic below cannot overflow
    p.L = len(codes)
    p.sizes = <Py_ssize_t *>malloc((p.L + 1) * sizeof(Py_ssize_t))
    p.acts = <int *>malloc(p.L * sizeof(int))
    p.woff = <Py_ssize_t *>malloc(p.L * sizeof(Py_ssize_t))
    if p.sizes == NULL or p.acts == NULL or p.woff == NULL:
        raise MemoryError()
    p.maxw = 0
    for l in range(p.L + 1):
        p.sizes[l] = widths[l]
        if widths[l] > p.maxw:
            p.maxw = widths[l]
    at = 0
    for l in range(p.L):
        p.acts[l] = codes[l]
        p.woff[l] = at
        at += widths[l] * widths[l + 1] + widths[l + 1]
    p.P = n_params
    return p


cdef int _check_loss(_Plan p, object loss) except -1:
    """A loss code, paired with the output activation as the Python loop expects."""
    cdef int code = _code(loss, "loss", C_N_LOSSES)
    cdef int out = p.acts[p.L - 1]
    if code == C_BINARY_CROSSENTROPY and out != C_SIGMOID:
        raise ValueError("binary_crossentropy (loss 1) needs a sigmoid output layer (code 1), not code %d" % out)
    if code == C_CROSSENTROPY and out != C_SOFTMAX:
        raise ValueError("crossentropy (loss 2) needs a softmax output layer (code 5), not code %d" % out)
    return code


cdef int _check_x(_Plan p, Py_ssize_t lx, Py_ssize_t ly, Py_ssize_t n, bint with_y) except -1:
    # (divisions, not n * width, so a huge n cannot overflow past the check)
    if n > lx // p.sizes[0]:
        raise ValueError("X holds %d floats, fewer than n * n_inputs = %d * %d"
                         % (lx, n, p.sizes[0]))
    if with_y and n > ly // p.sizes[p.L]:
        raise ValueError("Y holds %d floats, fewer than n * n_outputs = %d * %d"
                         % (ly, n, p.sizes[p.L]))
    return 0


cdef double _finite(double value, str what, double low) except? -1.0:
    if not isfinite(value):
        raise ValueError("%s must be a finite number, not %r" % (what, value))
    if value < low:
        raise ValueError("%s must be >= %r, not %r" % (what, low, value))
    return value


# ---------------------------------------------------------------- the maths
# Each function below is the C form of the one with the same name in
# python.py; the comments there explain the maths.

cdef inline double _sigmoid(double z) noexcept nogil:
    cdef double e
    if z >= 0.0:
        return 1.0 / (1.0 + tn_exp(-z))
    e = tn_exp(z)
    return e / (1.0 + e)


cdef inline double _safe_log(double p) noexcept nogil:
    cdef double v
    if p > 0.0:
        v = tn_log(p)
        if v < C_LOG_FLOOR:
            return C_LOG_FLOOR
        return v
    return C_LOG_FLOOR


@cython.cdivision(True)   # divides by a row's sum of exp(): >= 1 (its largest term is exp(0)) or NaN
cdef void _activate(int code, double *z, Py_ssize_t rows, Py_ssize_t width) noexcept nogil:
    cdef Py_ssize_t r, j, i, count = rows * width
    cdef double m, total, e, v
    cdef double *row
    if code == C_SOFTMAX:
        for r in range(rows):
            row = z + r * width
            m = row[0]
            for j in range(1, width):
                if row[j] > m:
                    m = row[j]
            total = 0.0
            for j in range(width):
                e = tn_exp(row[j] - m)
                row[j] = e
                total = total + e
            for j in range(width):
                row[j] = row[j] / total
    elif code == C_SIGMOID:
        for i in range(count):
            z[i] = _sigmoid(z[i])
    elif code == C_TANH:
        for i in range(count):
            z[i] = tn_tanh(z[i])
    elif code == C_RELU:
        for i in range(count):
            v = z[i]
            z[i] = v if v > 0.0 else 0.0
    elif code == C_LEAKY_RELU:
        for i in range(count):
            v = z[i]
            z[i] = v if v > 0.0 else C_LEAKY_SLOPE * v
    elif code == C_SOFTPLUS:
        for i in range(count):
            v = z[i]
            z[i] = tn_log1p(tn_exp(-fabs(v))) + (v if v > 0.0 else 0.0)
    # LINEAR: the output is the sum itself


cdef inline double _slope(int code, double a) noexcept nogil:
    if code == C_SIGMOID:
        return a * (1.0 - a)
    if code == C_TANH:
        return 1.0 - a * a
    if code == C_RELU:
        return 1.0 if a > 0.0 else 0.0
    if code == C_LEAKY_RELU:
        return 1.0 if a > 0.0 else C_LEAKY_SLOPE
    if code == C_SOFTPLUS:
        return -tn_expm1(-a)  # sigmoid(z) = 1 - e^-a
    return 1.0


cdef void _times_slope(int code, double *d, const double *a, Py_ssize_t count) noexcept nogil:
    """d[i] = d[i] * slope(a[i]) for i < count (the slopes of _slope).

    One loop per activation, each without a branch (the two-valued slopes
    pick a constant), so the compiler can run it in SIMD lanes; every entry
    is still one multiply by the same slope.
    """
    cdef Py_ssize_t i
    cdef double leak = C_LEAKY_SLOPE   # a local: d cannot alias it
    if code == C_SIGMOID:
        for i in range(count):
            d[i] = d[i] * (a[i] * (1.0 - a[i]))
    elif code == C_TANH:
        for i in range(count):
            d[i] = d[i] * (1.0 - a[i] * a[i])
    elif code == C_RELU:
        for i in range(count):
            d[i] = d[i] * (1.0 if a[i] > 0.0 else 0.0)
    elif code == C_LEAKY_RELU:
        for i in range(count):
            d[i] = d[i] * (1.0 if a[i] > 0.0 else leak)
    else:
        for i in range(count):
            d[i] = d[i] * _slope(code, a[i])


# ---------------------------------------------------------------- forward pass


cdef void _forward(_Plan p, const double *params, const double *X,
                   const Py_ssize_t *rows, Py_ssize_t count) noexcept nogil:
    """act[0] = the batch's inputs; act[l+1] = f(act[l] . W + b)."""
    cdef Py_ssize_t n0 = p.sizes[0], r, layer, n_in, n_out, w
    cdef double *a0 = p.act[0]
    for r in range(count):
        memcpy(a0 + r * n0, X + rows[r] * n0, n0 * sizeof(double))
    for layer in range(p.L):
        n_in = p.sizes[layer]
        n_out = p.sizes[layer + 1]
        w = p.woff[layer]
        tn_gemm(count, n_out, n_in, p.act[layer], n_in, 1,
                params + w, n_out, params + w + n_in * n_out,
                p.act[layer + 1], n_out, p.pack)
        _activate(p.acts[layer], p.act[layer + 1], count, n_out)


# ------------------------------------------------------- loss and output error


@cython.cdivision(True)   # divides by width >= 1 (checked in _plan)
cdef double _score(int loss, int accuracy, const double *out, const double *Y,
                   const Py_ssize_t *rows, Py_ssize_t count, Py_ssize_t width,
                   Py_ssize_t *correct) noexcept nogil:
    cdef double total = 0.0, s, d, y, q, m
    cdef Py_ssize_t i, j, best_p, best_y
    cdef const double *o
    cdef const double *t
    cdef bint ok
    for i in range(count):
        o = out + i * width
        t = Y + rows[i] * width
        s = 0.0
        if loss == C_MSE:
            for j in range(width):
                d = t[j] - o[j]
                s = s + d * d
            total = total + s / width
        elif loss == C_BINARY_CROSSENTROPY:
            for j in range(width):
                y = t[j]
                q = o[j]
                s = s + (-(y * _safe_log(q) + (1.0 - y) * _safe_log(1.0 - q)))
            total = total + s / width
        elif loss == C_HINGE:
            for j in range(width):
                m = 1.0 - t[j] * o[j]
                if not m <= 0.0:
                    s = s + m
            total = total + s / width
        else:
            for j in range(width):
                if t[j] != 0.0:
                    s = s + (-t[j]) * _safe_log(o[j])
            total = total + s
        if accuracy == C_THRESHOLD_ACCURACY:
            ok = True
            for j in range(width):
                if (o[j] >= 0.5) != (t[j] >= 0.5):
                    ok = False
            correct[0] += ok
        elif accuracy == C_ARGMAX_ACCURACY:
            best_p = 0
            best_y = 0
            for j in range(1, width):
                if o[j] > o[best_p]:
                    best_p = j
                if t[j] > t[best_y]:
                    best_y = j
            correct[0] += best_p == best_y
        elif accuracy == C_SIGN_ACCURACY:
            ok = True
            for j in range(width):
                if (o[j] > 0.0) != (t[j] > 0.0):
                    ok = False
            correct[0] += ok
    return total


@cython.cdivision(True)   # count >= 1 and width >= 1
cdef void _output_error(int loss, int out_code, const double *out, const double *Y,
                        const Py_ssize_t *rows, Py_ssize_t count, Py_ssize_t width,
                        double *delta) noexcept nogil:
    cdef double coef, dot
    cdef Py_ssize_t i, j
    cdef const double *o
    cdef const double *t
    cdef double *d
    if loss == C_MSE:
        coef = 2.0 / <double>(count * width)
    elif loss == C_BINARY_CROSSENTROPY or loss == C_HINGE:
        coef = 1.0 / <double>(count * width)
    else:
        coef = 1.0 / <double>count
    for i in range(count):
        o = out + i * width
        t = Y + rows[i] * width
        d = delta + i * width
        if loss == C_HINGE:
            # d/dp of mean max(0, 1 - y p): -y / N where the margin 1 - y p > 0
            for j in range(width):
                d[j] = (-t[j]) * coef if 1.0 - t[j] * o[j] > 0.0 else 0.0
        else:
            for j in range(width):
                d[j] = (o[j] - t[j]) * coef
        if loss != C_MSE and loss != C_HINGE:
            continue
        if out_code == C_SOFTMAX:
            dot = 0.0
            for j in range(width):
                dot = dot + d[j] * o[j]
            for j in range(width):
                d[j] = o[j] * (d[j] - dot)
        else:
            _times_slope(out_code, d, o, width)


# --------------------------------------------------------------- backward pass


cdef void _backward(_Plan p, const double *params, Py_ssize_t count) noexcept nogil:
    """Fill p.grads from the output error in p.delta (which this overwrites)."""
    cdef Py_ssize_t layer, n_in, n_out, w, b, r, j, k, i
    cdef double *delta = p.delta
    cdef double *below = p.below
    cdef double *swap
    cdef double *gb
    cdef const double *a
    cdef const double *W
    cdef const double *drow
    for layer in range(p.L - 1, -1, -1):
        n_in = p.sizes[layer]
        n_out = p.sizes[layer + 1]
        w = p.woff[layer]
        b = w + n_in * n_out
        a = p.act[layer]
        # dLoss/dW_kj = sum over the batch (rows in order) of input_k * delta_j
        tn_gemm(n_in, n_out, count, a, 1, n_in, delta, n_out, NULL, p.grads + w, n_out, p.pack)
        # dLoss/db_j = sum over the batch of delta_j
        gb = p.grads + b
        for j in range(n_out):
            gb[j] = 0.0
        for r in range(count):
            drow = delta + r * n_out
            for j in range(n_out):
                gb[j] = gb[j] + drow[j]
        if layer == 0:
            break
        # the error of the layer below: (W . delta) times that layer's slope;
        # W is transposed first so the k outputs of a row lie side by side
        W = params + w
        for k in range(n_in):
            for j in range(n_out):
                p.wt[j * n_in + k] = W[k * n_out + j]
        tn_gemm(count, n_in, n_out, delta, n_out, 1, p.wt, n_in, NULL, below, n_in, p.pack)
        _times_slope(p.acts[layer - 1], below, a, count * n_in)
        swap = delta
        delta = below
        below = swap


# --------------------------------------------------------------------- update


@cython.cdivision(True)   # correction1 > 0 (0 <= beta1 < 1)
cdef void _update(_Plan p, double *params, const double *grads, double *state1, double *state2,
                  int optimizer, double learning_rate, double momentum, double beta1,
                  double beta2, double epsilon, double weight_decay, double bias_decay,
                  long long step) noexcept nogil:
    """One optimizer step on every parameter (``step`` counts from 1).

    Weight decay applies to the weights, and to the biases only when
    ``bias_decay`` is it too (decay_biases), as in python.py.
    Every parameter is updated on its own, so going layer by layer (weights,
    then biases) gives the same numbers as python.py's single loop.
    """
    cdef double correction1, correction2, scale
    cdef Py_ssize_t layer, start, n_weights, n_bias
    if optimizer == C_ADAM:
        correction1 = 1.0 - tn_powi(beta1, step)
        correction2 = sqrt(1.0 - tn_powi(beta2, step))
        scale = learning_rate / correction1
    for layer in range(p.L):
        start = p.woff[layer]
        n_weights = p.sizes[layer] * p.sizes[layer + 1]
        n_bias = p.sizes[layer + 1]
        if optimizer == C_ADAM:
            _adam_range(params + start, grads + start, state1 + start, state2 + start,
                        n_weights, weight_decay, beta1, beta2, scale, correction2, epsilon)
            start += n_weights
            _adam_range(params + start, grads + start, state1 + start, state2 + start,
                        n_bias, bias_decay, beta1, beta2, scale, correction2, epsilon)
        else:
            _sgd_range(params + start, grads + start, state1 + start, n_weights,
                       weight_decay, learning_rate, momentum)
            start += n_weights
            _sgd_range(params + start, grads + start, state1 + start, n_bias,
                       bias_decay, learning_rate, momentum)


@cython.cdivision(True)   # correction2 > 0 (0 <= beta2 < 1) and denom >= epsilon > 0, or NaN
cdef void _adam_range(double *params, const double *grads, double *m, double *v, Py_ssize_t count,
                      double decay, double beta1, double beta2, double scale,
                      double correction2, double epsilon) noexcept nogil:
    """Adam on params[0:count]; decay != 0 adds the L2 term (weights only)."""
    cdef Py_ssize_t i
    cdef double g, denom
    # one loop per case, so each loop body has no branch and can be vectorised
    if decay != 0.0:
        for i in range(count):
            g = grads[i] + decay * params[i]
            m[i] = beta1 * m[i] + (1.0 - beta1) * g
            v[i] = beta2 * v[i] + (1.0 - beta2) * g * g
            denom = sqrt(v[i]) / correction2 + epsilon
            params[i] = params[i] - scale * (m[i] / denom)
    else:
        for i in range(count):
            g = grads[i]
            m[i] = beta1 * m[i] + (1.0 - beta1) * g
            v[i] = beta2 * v[i] + (1.0 - beta2) * g * g
            denom = sqrt(v[i]) / correction2 + epsilon
            params[i] = params[i] - scale * (m[i] / denom)


cdef void _sgd_range(double *params, const double *grads, double *velocity, Py_ssize_t count,
                     double decay, double learning_rate, double momentum) noexcept nogil:
    """SGD (with momentum when it is not 0) on params[0:count]."""
    cdef Py_ssize_t i
    cdef double g
    if momentum != 0.0:
        if decay != 0.0:
            for i in range(count):
                g = grads[i] + decay * params[i]
                velocity[i] = momentum * velocity[i] + g
                params[i] = params[i] - learning_rate * velocity[i]
        else:
            for i in range(count):
                velocity[i] = momentum * velocity[i] + grads[i]
                params[i] = params[i] - learning_rate * velocity[i]
    elif decay != 0.0:
        for i in range(count):
            g = grads[i] + decay * params[i]
            params[i] = params[i] - learning_rate * g
    else:
        for i in range(count):
            params[i] = params[i] - learning_rate * grads[i]


# ----------------------------------------------------------------- entry points


def train_epoch(layout, params, batches, update):
    """One pass over the data in the sample order ``batches.order`` (see python.py).

    Returns ``(loss_sum, correct, step)``.  Everything is checked before the
    first batch: a bad argument raises TypeError or ValueError and changes
    nothing.
    """
    sizes, activations, loss = _fields(layout, "layout", ("sizes", "activations", "loss"))
    X, Y, order, batch_size, accuracy = _fields(
        batches, "batches", ("X", "Y", "order", "batch_size", "accuracy"))
    (optimizer, learning_rate, momentum, beta1, beta2, epsilon, weight_decay, decay_biases,
     state1, state2, step) = _fields(update, "update", (
         "optimizer", "learning_rate", "momentum", "beta1", "beta2", "epsilon",
         "weight_decay", "decay_biases", "state1", "state2", "step"))
    if decay_biases is not True and decay_biases is not False:
        raise TypeError("decay_biases must be True or False, not %r" % (decay_biases,))
    cdef double c_learning_rate = _real(learning_rate, "learning_rate")
    cdef double c_momentum = _real(momentum, "momentum")
    cdef double c_beta1 = _real(beta1, "beta1")
    cdef double c_beta2 = _real(beta2, "beta2")
    cdef double c_epsilon = _real(epsilon, "epsilon")
    cdef double c_weight_decay = _real(weight_decay, "weight_decay")
    cdef double[::1] params_v = _writable(params, "params")
    cdef double[::1] state1_v = _writable(state1, "state1")
    cdef double[::1] state2_v = _writable(state2, "state2")
    cdef const double[::1] X_v = _readable(X, "X")
    cdef const double[::1] Y_v = _readable(Y, "Y")
    cdef _Plan p = _plan(sizes, activations, params_v.shape[0])
    cdef int c_loss = _check_loss(p, loss)
    cdef int c_opt = _code(optimizer, "optimizer", 2)
    cdef int c_acc = _code(accuracy, "accuracy", C_N_ACCURACY)
    cdef Py_ssize_t batch = _count(batch_size, "batch_size", 1)
    cdef long long c_step = _count(step, "step", 0)
    cdef Py_ssize_t n0 = p.sizes[0], nL = p.sizes[p.L]
    cdef Py_ssize_t n, norder, i, idx, start, count
    cdef Py_ssize_t *rows
    cdef double loss_sum = 0.0, batch_loss
    cdef Py_ssize_t correct = 0
    cdef double work = 0.0  # a double: the count may pass 2**31 on 32-bit machines
    # only the main thread runs signal handlers: other threads need not look
    cdef bint watch_signals = _threading.current_thread() is _threading.main_thread()
    cdef double *pp
    cdef double *s1
    cdef double *s2
    cdef const double *xp
    cdef const double *yp

    if state1_v.shape[0] != p.P or state2_v.shape[0] != p.P:
        raise ValueError("state1 and state2 must hold len(params) = %d floats, not %d and %d"
                         % (p.P, state1_v.shape[0], state2_v.shape[0]))
    if X_v.shape[0] % n0 != 0:
        raise ValueError("X holds %d floats, not a whole number of rows of %d inputs"
                         % (X_v.shape[0], n0))
    n = X_v.shape[0] // n0
    if Y_v.shape[0] != <object>n * nL:
        raise ValueError("Y must hold n * n_outputs = %d * %d floats (one row per row of X), not %d"
                         % (n, nL, Y_v.shape[0]))
    _finite(c_learning_rate, "learning_rate", 0.0)
    _finite(c_weight_decay, "weight_decay", 0.0)
    cdef double c_bias_decay = c_weight_decay if decay_biases else 0.0
    if c_opt == C_ADAM:
        for value, what in ((c_beta1, "beta1"), (c_beta2, "beta2")):
            if not (isfinite(value) and 0.0 <= value < 1.0):
                raise ValueError("%s must be in [0, 1) for Adam, not %r" % (what, value))
        if not (isfinite(c_epsilon) and c_epsilon > 0.0):
            raise ValueError("epsilon must be a finite number > 0 for Adam, not %r" % c_epsilon)
    else:
        _finite(c_momentum, "momentum", 0.0)
    pp = _wptr(params_v)
    s1 = _wptr(state1_v)
    s2 = _wptr(state2_v)
    xp = _cptr(X_v)
    yp = _cptr(Y_v)
    # the loop writes params, state1 and state2: none may share memory with
    # another buffer (X and Y are only read, so they may share with each other)
    if (_overlap(pp, p.P, s1, p.P) or _overlap(pp, p.P, s2, p.P) or _overlap(s1, p.P, s2, p.P)
            or _overlap(pp, p.P, xp, X_v.shape[0]) or _overlap(pp, p.P, yp, Y_v.shape[0])
            or _overlap(s1, p.P, xp, X_v.shape[0]) or _overlap(s1, p.P, yp, Y_v.shape[0])
            or _overlap(s2, p.P, xp, X_v.shape[0]) or _overlap(s2, p.P, yp, Y_v.shape[0])):
        raise ValueError("params, state1, state2 and X/Y must be separate buffers")

    if type(order) is range and order:
        # a range's smallest and largest entries are its ends: check them before
        # making a list of it (range(2 ** 62) would not fit in memory)
        first, last = order[0], _operator.getitem(order, -1)  # (wraparound is off here)
        for value in (first, last):
            if not 0 <= value < n:
                raise ValueError("order = %r holds %d, not a sample index in 0..%d"
                                 % (order, value, n - 1))
    order_list = _ints(order, "order")
    norder = len(order_list)
    if norder == 0:
        raise ValueError("order is empty: an epoch needs at least one sample")
    if c_opt == C_ADAM:
        # checked after the last Python code that could run here (order's __index__)
        for i in range(p.P):
            if state2_v[i] < 0.0:
                raise ValueError("state2 (Adam's running mean of squared gradients) "
                                 "holds a negative value at %d: %r" % (i, state2_v[i]))
    p.alloc(batch if batch < norder else norder, True)
    rows = <Py_ssize_t *>malloc(norder * sizeof(Py_ssize_t))
    if rows == NULL:
        raise MemoryError()
    try:
        for i in range(norder):
            value = order_list[i]
            if not 0 <= value < n:
                raise ValueError("order[%d] = %d is not a sample index in 0..%d" % (i, value, n - 1))
            rows[i] = value
        with nogil:
            start = 0
            while start < norder:
                count = norder - start
                if count > batch:
                    count = batch
                _forward(p, pp, xp, rows + start, count)
                batch_loss = _score(c_loss, c_acc, p.act[p.L], yp, rows + start, count, nL, &correct)
                loss_sum = loss_sum + batch_loss
                _output_error(c_loss, p.acts[p.L - 1], p.act[p.L], yp, rows + start, count, nL, p.delta)
                _backward(p, pp, count)
                c_step += 1
                _update(p, pp, p.grads, s1, s2, c_opt, c_learning_rate, c_momentum,
                        c_beta1, c_beta2, c_epsilon, c_weight_decay, c_bias_decay, c_step)
                start += batch
                # between batches, now and then: a pending Ctrl-C raises
                # KeyboardInterrupt here (the caller undoes the epoch)
                work += (count + 1.0) * p.P
                if watch_signals and work >= SIGNAL_WORK and start < norder:
                    work = 0.0
                    with gil:
                        PyErr_CheckSignals()
    finally:
        free(rows)
    return loss_sum, correct, c_step


def predict(layout, params, X, n):
    """Outputs for the ``n`` samples in ``X``, as one flat list of n * nL floats."""
    sizes, activations = _fields(layout, "layout", ("sizes", "activations"))
    cdef const double[::1] params_v = _readable(params, "params")
    cdef const double[::1] X_v = _readable(X, "X")
    cdef _Plan p = _plan(sizes, activations, params_v.shape[0])
    cdef Py_ssize_t c_n = _count(n, "n", 0)
    cdef Py_ssize_t nL = p.sizes[p.L], start, count, i
    cdef const double *pp = _cptr(params_v)
    cdef const double *xp = _cptr(X_v)
    _check_x(p, X_v.shape[0], 0, c_n, False)
    p.alloc(c_n if c_n < CHUNK else CHUNK, False)
    out = []
    start = 0
    while start < c_n:
        count = c_n - start
        if count > p.cap:
            count = p.cap
        for i in range(count):
            p.rows[i] = start + i
        with nogil:
            _forward(p, pp, xp, p.rows, count)
        out.extend([p.act[p.L][i] for i in range(count * nL)])
        start += count
    return out


def evaluate(layout, params, X, Y, n, accuracy):
    """``(loss_sum, correct)`` over ``n`` samples without changing anything."""
    sizes, activations, loss = _fields(layout, "layout", ("sizes", "activations", "loss"))
    cdef const double[::1] params_v = _readable(params, "params")
    cdef const double[::1] X_v = _readable(X, "X")
    cdef const double[::1] Y_v = _readable(Y, "Y")
    cdef _Plan p = _plan(sizes, activations, params_v.shape[0])
    cdef int c_loss = _check_loss(p, loss)
    cdef int c_acc = _code(accuracy, "accuracy", C_N_ACCURACY)
    cdef Py_ssize_t c_n = _count(n, "n", 0)
    cdef Py_ssize_t nL = p.sizes[p.L], start, count, i
    cdef Py_ssize_t correct = 0
    cdef double loss_sum = 0.0
    cdef const double *pp = _cptr(params_v)
    cdef const double *xp = _cptr(X_v)
    cdef const double *yp = _cptr(Y_v)
    _check_x(p, X_v.shape[0], Y_v.shape[0], c_n, True)
    p.alloc(c_n if c_n < CHUNK else CHUNK, False)
    with nogil:
        start = 0
        while start < c_n:
            count = c_n - start
            if count > p.cap:
                count = p.cap
            for i in range(count):
                p.rows[i] = start + i
            _forward(p, pp, xp, p.rows, count)
            for i in range(count):
                # python.py scores one sample at a time: 0.0 + its loss, then added up
                loss_sum = loss_sum + _score(c_loss, c_acc, p.act[p.L] + i * nL, yp,
                                             p.rows + i, 1, nL, &correct)
            start += count
    return loss_sum, correct


def gradients(layout, params, X, Y, n):
    """Backpropagated gradient of the mean loss over ``n`` samples (no update).

    Returns ``(loss_sum, grads)``; ``grads`` is laid out like ``params``.
    """
    sizes, activations, loss = _fields(layout, "layout", ("sizes", "activations", "loss"))
    cdef const double[::1] params_v = _readable(params, "params")
    cdef const double[::1] X_v = _readable(X, "X")
    cdef const double[::1] Y_v = _readable(Y, "Y")
    cdef _Plan p = _plan(sizes, activations, params_v.shape[0])
    cdef int c_loss = _check_loss(p, loss)
    cdef Py_ssize_t c_n = _count(n, "n", 1)
    cdef Py_ssize_t nL = p.sizes[p.L], i
    cdef Py_ssize_t correct = 0
    cdef double loss_sum
    cdef const double *pp = _cptr(params_v)
    cdef const double *xp = _cptr(X_v)
    cdef const double *yp = _cptr(Y_v)
    _check_x(p, X_v.shape[0], Y_v.shape[0], c_n, True)
    p.alloc(c_n, True)
    for i in range(c_n):
        p.rows[i] = i
    with nogil:
        _forward(p, pp, xp, p.rows, c_n)
        loss_sum = _score(c_loss, C_NO_ACCURACY, p.act[p.L], yp, p.rows, c_n, nL, &correct)
        _output_error(c_loss, p.acts[p.L - 1], p.act[p.L], yp, p.rows, c_n, nL, p.delta)
        _backward(p, pp, c_n)
    return loss_sum, [p.grads[i] for i in range(p.P)]


# ------------------------------------------------------------- checking data
# Helpers for tinynet.inputs (flat_rows, target_array; not part of the backend
# interface): the checks of user data at C speed.  They only ever take what is
# certainly clean (exact floats that are finite, exact ints that fit a double,
# exact ints in range as class labels) and stop at anything else, so that the
# Python checker decides about every other value, with the same rules and
# messages as without this module.  No Python code runs while they read a
# list (exact floats and ints have no methods that could), and no other thread
# either (they hold the GIL; setup.py does not build this module for
# free-threaded CPython), so the borrowed item pointers stay valid.

from cpython.ref cimport PyObject

cdef extern from "Python.h":
    PyObject **PySequence_Fast_ITEMS(object) noexcept   # a list's or tuple's items
    Py_ssize_t PySequence_Fast_GET_SIZE(object) noexcept
    double _float_value "PyFloat_AS_DOUBLE"(PyObject *) noexcept
    double _int_value "PyLong_AsDouble"(PyObject *) noexcept  # -1.0 and OverflowError when too large
    long _int_long "PyLong_AsLongAndOverflow"(PyObject *, int *) noexcept
    bint _is_float "PyFloat_CheckExact"(PyObject *) noexcept
    bint _is_int "PyLong_CheckExact"(PyObject *) noexcept
    PyObject *PyErr_Occurred() noexcept
    void PyErr_Clear() noexcept


cdef inline bint _number_into(PyObject *v, double *out) noexcept:
    """Store an exact finite float, or an exact int that fits a double, in out[0]; False
    (out untouched, no exception left set) for anything else."""
    cdef double d
    if _is_float(v):
        d = _float_value(v)
        if not isfinite(d):
            return False
    elif _is_int(v):
        d = _int_value(v)
        if d == -1.0 and PyErr_Occurred() != NULL:  # an int past the largest float
            PyErr_Clear()
            return False
    else:
        return False
    out[0] = d
    return True


cdef bint _row_into(object row, Py_ssize_t width, double *out) noexcept:
    """Copy a list/tuple of ``width`` clean numbers into out; False (nothing promised
    about out) when the row is anything else."""
    cdef Py_ssize_t j
    cdef PyObject **items
    if type(row) is not list and type(row) is not tuple:
        return False
    if PySequence_Fast_GET_SIZE(row) != width:
        return False
    items = PySequence_Fast_ITEMS(row)
    for j in range(width):
        if not _number_into(items[j], out + j):
            return False
    return True


cdef int _check_out(Py_ssize_t n, Py_ssize_t start, Py_ssize_t width, double[::1] out,
                    str name) except -1:
    if start < 0 or width < 1 or out.shape[0] < <object>n * width:
        raise ValueError("%s: out must hold len(values) * width floats (width >= 1, start >= 0)"
                         % name)
    return 0


def fill_rows(list rows not None, Py_ssize_t start, Py_ssize_t width, double[::1] out not None):
    """Copy rows[start], rows[start + 1], ... into ``out`` (row i at i * width) while
    each is a list or tuple of ``width`` finite exact floats or ints; return the
    index of the first row it did not take (``len(rows)`` when it took them all)."""
    cdef Py_ssize_t i, n = len(rows)
    _check_out(n, start, width, out, "fill_rows")
    cdef PyObject **items = PySequence_Fast_ITEMS(rows)
    cdef double *base = &out[0]
    for i in range(start, n):
        if not _row_into(<object>items[i], width, base + i * width):
            return i
    return n


def fill_labels(list labels not None, Py_ssize_t start, Py_ssize_t width, double[::1] out not None):
    """One-hot encode labels[start], labels[start + 1], ... into ``out`` (row i at
    i * width: 1.0 at the label, 0.0 elsewhere) while each is an exact int from 0
    to width - 1; return the index of the first label it did not take
    (``len(labels)`` when it took them all)."""
    cdef Py_ssize_t i, k, n = len(labels)
    cdef long label
    cdef int overflow
    _check_out(n, start, width, out, "fill_labels")
    cdef PyObject **items = PySequence_Fast_ITEMS(labels)
    cdef double *row
    for i in range(start, n):
        if not _is_int(items[i]):
            return i
        overflow = 0
        label = _int_long(items[i], &overflow)
        if overflow or label < 0 or label >= width:
            return i
        row = &out[0] + i * width
        for k in range(width):
            row[k] = 0.0
        row[label] = 1.0
    return n


def fill_numbers(list values not None, Py_ssize_t start, double low, double high,
                 double[::1] out not None):
    """Copy values[start], values[start + 1], ... into ``out`` (value i at i) while
    each is a finite exact float, or an exact int that fits a double, from ``low``
    to ``high``; return the index of the first value it did not take
    (``len(values)`` when it took them all)."""
    cdef Py_ssize_t i, n = len(values)
    cdef double d
    _check_out(n, start, 1, out, "fill_numbers")
    cdef PyObject **items = PySequence_Fast_ITEMS(values)
    for i in range(start, n):
        if not _number_into(items[i], &d) or not low <= d <= high:
            return i
        out[i] = d
    return n


def first_not_finite(const double[::1] values):
    """The index of the first NaN or infinity in ``values``, or -1."""
    cdef Py_ssize_t i, n = values.shape[0], bad = -1
    with nogil:
        for i in range(n):
            if not isfinite(values[i]):
                bad = i
                break
    return bad


def gather_rows(const double[:, :] view):
    """The rows of a 2-D buffer of doubles (any strides) one after another, as an array('d')."""
    cdef Py_ssize_t i, j, rows = view.shape[0], width = view.shape[1]
    flat = _array.array("d", bytes(8 * rows * width))
    cdef double[::1] out = flat
    with nogil:
        for i in range(rows):
            for j in range(width):
                out[i * width + j] = view[i, j]
    return flat


# ------------------------------------------------------------------ the shuffle
# The twin of tinynet.rng.Random.shuffle (CPython's Fisher-Yates from the end,
# MT19937 underneath): the same words drawn in the same order, so the same order
# and the same generator state afterwards.  A fit draws a fresh order every
# epoch, which in Python costs more than the epoch itself on small data.

cdef enum:
    MT_N = 624
    MT_M = 397

ctypedef unsigned int mt_word   # 32 bits on every platform CPython builds for


cdef void _mt_twist(mt_word *mt) noexcept nogil:
    cdef Py_ssize_t kk
    cdef mt_word y
    for kk in range(MT_N):
        y = (mt[kk] & 0x80000000U) | (mt[(kk + 1) % MT_N] & 0x7fffffffU)
        mt[kk] = mt[(kk + MT_M) % MT_N] ^ (y >> 1) ^ (0x9908b0dfU if y & 1 else 0U)


cdef inline mt_word _mt_next(mt_word *mt, Py_ssize_t *index) noexcept nogil:
    cdef mt_word y
    if index[0] >= MT_N:
        _mt_twist(mt)
        index[0] = 0
    y = mt[index[0]]
    index[0] += 1
    y ^= y >> 11
    y ^= (y << 7) & 0x9d2c5680U
    y ^= (y << 15) & 0xefc60000U
    y ^= y >> 18
    return y


def shuffled(object n, object internal):
    """``(order, internal after)``: ``list(range(n))`` shuffled as ``tinynet.rng.Random.shuffle``
    does from the state words ``internal`` (``getstate()[1]``: 624 words and a position),
    and the state words after it.  ``n`` must be below 2**32 (one word per draw)."""
    cdef mt_word mt[MT_N]
    cdef Py_ssize_t index, i, j, k, m, tmp
    cdef Py_ssize_t c_n = _count(n, "n", 0)
    cdef mt_word r
    cdef Py_ssize_t *perm
    if c_n > 0xffffffff:
        raise ValueError("shuffled: n must be from 0 to 2**32 - 1")
    if type(internal) is not tuple and type(internal) is not list:
        raise TypeError("shuffled: the state must be a tuple of %d words and a position" % MT_N)
    internal = tuple(internal)
    if len(internal) != MT_N + 1:
        raise ValueError("shuffled: the state needs %d words and a position" % MT_N)
    for i in range(MT_N):
        word = internal[i]
        if type(word) is not int or not 0 <= word <= 0xffffffff:
            raise ValueError("shuffled: state words must be ints from 0 to 2**32 - 1")
        mt[i] = <mt_word>(<unsigned long long>word)
    if type(internal[MT_N]) is not int or not 0 <= internal[MT_N] <= MT_N:
        raise ValueError("shuffled: the position must be from 0 to %d" % MT_N)
    index = internal[MT_N]
    perm = <Py_ssize_t *>malloc((c_n if c_n else 1) * sizeof(Py_ssize_t))
    if perm == NULL:
        raise MemoryError()
    try:
        with nogil:
            for i in range(c_n):
                perm[i] = i
            for i in range(c_n - 1, 0, -1):
                m = i + 1        # j = randbelow(m): bit_length(m) bits until one is below m
                k = 0
                while (m >> k) != 0:
                    k += 1
                r = _mt_next(mt, &index) >> (32 - k)
                while r >= <mt_word>m:
                    r = _mt_next(mt, &index) >> (32 - k)
                j = r
                tmp = perm[i]
                perm[i] = perm[j]
                perm[j] = tmp
        order = [perm[i] for i in range(c_n)]
    finally:
        free(perm)
    return order, tuple([mt[i] for i in range(MT_N)]) + (index,)
