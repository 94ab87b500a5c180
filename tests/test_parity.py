"""The compiled loop (_ctrain) must give the pure-Python loop's numbers bit for bit.

Both modules are called directly with the same flat buffers; every weight,
bias, optimizer state entry, loss sum, count and step is compared as raw
bytes (so -0.0 vs 0.0 or two different NaNs would count as a difference).

Skipped only in the explicitly pure-Python run (TINYNET_BACKEND=python);
otherwise a missing or broken build is an error.
"""

import array
import math
import random
import struct

import pytest
from conftest import PURE_RUN

if PURE_RUN:
    pytest.skip("pure-Python run (TINYNET_BACKEND=python): no compiled loop to compare",
                allow_module_level=True)

import backend_calls as calls  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tinynet import activations as _activations  # noqa: E402
from tinynet import codes as _codes  # noqa: E402
from tinynet import losses as _losses  # noqa: E402
from tinynet.backends import _ctrain as C  # noqa: E402  (ImportError = failure)
from tinynet.backends import python as P  # noqa: E402

LIN, SIG, TANH, RELU, LEAKY, SOFT = range(6)
MSE, BCE, CE, HINGE = range(4)
SGD, ADAM = range(2)
NO_ACC, THRESH, ARGMAX, SIGN = range(4)
#: every activation of the table but softmax (which only an output layer may use)
HIDDEN = [code for code in range(_codes.N_ACTIVATIONS) if code != SOFT]


_NAN = struct.pack("<d", float("nan"))


def _bits(x):
    """Raw bytes of a float, a list of floats or an array('d').

    Every bit counts (so 0.0 vs -0.0 differ), except inside a NaN: IEEE 754
    does not say which NaN operand an operation passes on, and C compilers
    (CPython's own float code included) swap the operands of * and + freely,
    so a NaN's sign and payload are not part of the promise, only that it is
    a NaN.
    """
    if isinstance(x, (bytes, bytearray)):
        x = array.array("d", x)
    if isinstance(x, float):
        x = [x]
    return b"".join(_NAN if v != v else struct.pack("<d", v) for v in x)


def make_problem(sizes, loss, n, seed, x_scale=1.0, w_scale=1.0, bias_shift=0.0):
    """Random params, inputs and valid targets for the loss."""
    rng = random.Random(seed)
    count = P.param_count(sizes)
    params = array.array("d", [rng.uniform(-w_scale, w_scale) for _ in range(count)])
    if bias_shift:
        at = 0
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            at += n_in * n_out
            for j in range(n_out):
                params[at + j] += bias_shift
            at += n_out
    X = array.array("d", [rng.uniform(-x_scale, x_scale) for _ in range(n * sizes[0])])
    n_out = sizes[-1]
    if loss == CE:
        Y = array.array("d", [0.0] * (n * n_out))
        for r in range(n):
            Y[r * n_out + rng.randrange(n_out)] = 1.0
    elif loss == BCE:
        Y = array.array("d", [float(rng.random() < 0.5) for _ in range(n * n_out)])
    elif loss == HINGE:
        Y = array.array("d", [1.0 if rng.random() < 0.5 else -1.0 for _ in range(n * n_out)])
    else:
        Y = array.array("d", [rng.uniform(-1.0, 1.0) for _ in range(n * n_out)])
    return params, X, Y


def train_both(sizes, acts, loss, params, X, Y, *, epochs=3, batch_size=4, optimizer=SGD,
               learning_rate=0.1, momentum=0.0, beta1=0.9, beta2=0.999, epsilon=1e-8,
               weight_decay=0.0, accuracy=NO_ACC, seed=0, start_step=0, decay_biases=False):
    """Train with both loops from the same start; assert identical bits throughout."""
    n = len(X) // sizes[0]
    results = []
    for module in (P, C):
        p = array.array("d", params)
        s1 = array.array("d", bytes(8 * len(p)))
        s2 = array.array("d", bytes(8 * len(p)))
        step = start_step
        trace = []
        rng = random.Random(seed)
        for _ in range(epochs):
            order = list(range(n))
            rng.shuffle(order)
            loss_sum, correct, step = calls.train_epoch(module,
                sizes, acts, loss, p, s1, s2, X, Y, order, batch_size, optimizer,
                learning_rate, momentum, beta1, beta2, epsilon, weight_decay, step, accuracy,
                decay_biases)
            assert isinstance(loss_sum, float) and isinstance(correct, int) and isinstance(step, int)
            trace.append((_bits(loss_sum), correct, step, _bits(p), _bits(s1), _bits(s2)))
        results.append(trace)
    py, cy = results
    for epoch, (a, b) in enumerate(zip(py, cy)):
        assert a[0] == b[0], "loss_sum differs in epoch %d" % epoch
        assert a[1] == b[1], "correct differs in epoch %d" % epoch
        assert a[2] == b[2], "step differs in epoch %d" % epoch
        assert a[3] == b[3], "params differ after epoch %d" % epoch
        assert a[4] == b[4], "state1 differs after epoch %d" % epoch
        assert a[5] == b[5], "state2 differs after epoch %d" % epoch
    return array.array("d", py[-1][3]), py[-1]


def check_inference(sizes, acts, loss, params, X, Y, accuracy=NO_ACC):
    """predict, evaluate and gradients agree bit for bit."""
    n = len(X) // sizes[0]
    a = calls.predict(P, sizes, acts, params, X, n)
    b = calls.predict(C, sizes, acts, params, X, n)
    assert isinstance(b, list) and len(b) == n * sizes[-1]
    assert _bits(a) == _bits(b)
    ea = calls.evaluate(P, sizes, acts, loss, params, X, Y, n, accuracy)
    eb = calls.evaluate(C, sizes, acts, loss, params, X, Y, n, accuracy)
    assert _bits(ea[0]) == _bits(eb[0]) and ea[1] == eb[1]
    if n:
        ga = calls.gradients(P, sizes, acts, loss, params, X, Y, n)
        gb = calls.gradients(C, sizes, acts, loss, params, X, Y, n)
        assert _bits(ga[0]) == _bits(gb[0])
        assert isinstance(gb[1], list) and len(gb[1]) == len(params)
        assert _bits(ga[1]) == _bits(gb[1])


def full_check(sizes, acts, loss, n=13, seed=1, accuracy=NO_ACC, data=None, **train):
    params, X, Y = data if data is not None else make_problem(sizes, loss, n, seed)
    check_inference(sizes, acts, loss, params, X, Y, accuracy)
    final, _ = train_both(sizes, acts, loss, params, X, Y, accuracy=accuracy, **train)
    check_inference(sizes, acts, loss, final, X, Y, accuracy)
    return final


# ------------------------------------------------------------------ the codes


def test_codes_and_constants_match_python():
    for name in ("LINEAR", "SIGMOID", "TANH", "RELU", "LEAKY_RELU", "SOFTMAX", "MSE",
                 "BINARY_CROSSENTROPY", "CROSSENTROPY", "SGD", "ADAM", "NO_ACCURACY",
                 "THRESHOLD_ACCURACY", "ARGMAX_ACCURACY", "HINGE", "SIGN_ACCURACY"):
        assert getattr(C, name) == getattr(P, name), name
    assert C.NAME == "cython" and P.NAME == "python"
    assert C.LEAKY_SLOPE == _activations.LEAKY_SLOPE
    assert C.LOG_FLOOR == _losses.LOG_FLOOR
    assert _activations.ACTIVATIONS.index("softmax") == C.SOFTMAX
    assert _losses.LOSSES.index("crossentropy") == C.CROSSENTROPY
    for sizes in ([1, 1], [3, 1], [2, 8, 1], [4, 16, 3], [784, 128, 10], [5, 4, 3, 2, 1]):
        assert C.param_count(sizes) == P.param_count(sizes)


def test_pyx_codes_are_the_tables():
    """The .pyx's hard-coded codes are the positions in tinynet's tables."""
    assert C.ACTIVATIONS == _activations.ACTIVATIONS
    assert C.LOSSES == _losses.LOSSES
    from tinynet import optimizers
    assert C.UPDATE_RULES == optimizers.UPDATE_RULES
    for name, code in _codes.ACTIVATION_CODES.items():
        assert getattr(C, name.upper()) == getattr(P, name.upper()) == code, name
    for name, code in _codes.LOSS_CODES.items():
        assert getattr(C, name.upper()) == code, name
    for name, code in _codes.OPTIMIZER_CODES.items():
        assert getattr(C, name.upper()) == code, name


def test_both_backends_offer_the_interface():
    """Both modules have every function of interface.FUNCTIONS, with those parameters."""
    from tinynet.backends import interface

    for module in (P, C):
        for name, params in interface.FUNCTIONS.items():
            f = getattr(module, name)
            code = getattr(f, "__code__", None)
            if code is not None:  # (a compiled def may not expose its signature)
                assert code.co_varnames[:code.co_argcount] == params, (module.NAME, name)
            else:
                import inspect
                assert tuple(inspect.signature(f).parameters) == params, (module.NAME, name)


@pytest.mark.parametrize("z_scale", [1.0, 30.0, 800.0])
def test_softplus_at_extremes(z_scale):
    """softplus = log1p(exp(-|z|)) + max(z, 0) and its slope -expm1(-a), in both loops."""
    SOFTPLUS = _codes.ACTIVATION_CODES["softplus"]
    params, X, Y = make_problem([3, 5, 2], MSE, 9, 3, x_scale=z_scale, w_scale=1.0)
    full_check([3, 5, 2], [SOFTPLUS, SOFTPLUS], MSE, data=(params, X, Y), learning_rate=1e-3)


# ------------------------------------------------------ activations and losses


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output", HIDDEN + [SOFT])
def test_mse_every_activation_pair(hidden, output):
    full_check([3, 6, 4], [hidden, output], MSE, accuracy=THRESH if output == SIG else ARGMAX)


@pytest.mark.parametrize("hidden", HIDDEN)
def test_binary_crossentropy(hidden):
    full_check([4, 5, 3], [hidden, SIG], BCE, accuracy=THRESH)


@pytest.mark.parametrize("hidden", HIDDEN)
def test_crossentropy(hidden):
    full_check([4, 7, 3], [hidden, SOFT], CE, accuracy=ARGMAX)


@pytest.mark.parametrize("output", HIDDEN + [SOFT])
def test_single_layer(output):
    loss = CE if output == SOFT else MSE
    full_check([5, 3], [output], loss, accuracy=ARGMAX)


@pytest.mark.parametrize("accuracy", [NO_ACC, THRESH, ARGMAX])
@pytest.mark.parametrize("loss", [MSE, BCE])
def test_accuracy_modes(accuracy, loss):
    full_check([3, 4, 2], [TANH, SIG], loss, accuracy=accuracy)


# ------------------------------------------------- hinge loss and decaying biases


@pytest.mark.parametrize("path", ["avx512", "avx2", "generic"])
@pytest.mark.parametrize("output", [LIN, TANH])
def test_hinge_loss(path, output):
    """micrograd's max-margin loss, on every kernel path, with a linear or tanh output."""
    try:
        _force_path(path)
        full_check([3, 8, 1], [RELU, output], HINGE, n=17, accuracy=SIGN, batch_size=5)
        full_check([4, 6, 3], [TANH, output], HINGE, n=11, accuracy=SIGN, batch_size=4,
                   optimizer=ADAM, learning_rate=0.01)
    finally:
        C._use_simd(True)


def test_hinge_margin_exactly_one_and_sign_accuracy_at_zero():
    """Scores on the kink (1 - y p == 0) and at 0 take the same branch in both loops."""
    sizes = [1, 1]
    params = array.array("d", [1.0, 0.0])  # p = x
    X = array.array("d", [1.0, -1.0, 0.0, 0.5, 2.0])
    Y = array.array("d", [1.0, -1.0, 1.0, -1.0, 1.0])
    check_inference(sizes, [LIN], HINGE, params, X, Y, SIGN)
    loss_sum, correct = calls.evaluate(P, sizes, [LIN], HINGE, params, X, Y, 5, SIGN)
    assert loss_sum == 0.0 + 0.0 + 1.0 + 1.5 + 0.0 and correct == 3  # p = 0 is not > 0
    _, grads = calls.gradients(P, sizes, [LIN], HINGE, params, X, Y, 5)
    # only samples 2 and 3 are inside the margin: dW = sum(-y x) / 5, db = sum(-y) / 5
    assert grads == [(-1.0 * 0.0 + 1.0 * 0.5) / 5, (-1.0 + 1.0) / 5]


@pytest.mark.parametrize("optimizer,momentum", [(SGD, 0.0), (SGD, 0.9), (ADAM, 0.0)])
def test_decay_biases(optimizer, momentum):
    kw = dict(n=15, accuracy=ARGMAX, batch_size=4, optimizer=optimizer, momentum=momentum,
              learning_rate=0.05 if optimizer == SGD else 0.01, weight_decay=0.1)
    params, X, Y = make_problem([4, 5, 3], CE, 15, 3)
    both = full_check([4, 5, 3], [TANH, SOFT], CE, data=(params, X, Y), decay_biases=True, **kw)
    weights_only = full_check([4, 5, 3], [TANH, SOFT], CE, data=(params, X, Y), **kw)
    biases = list(range(20, 25)) + list(range(40, 43))  # layer 1 and layer 2 biases
    assert all(both[i] != weights_only[i] for i in biases)  # the option does something


def test_deep_mixed_network():
    full_check([6, 9, 7, 5, 4], [TANH, RELU, LEAKY, SOFT], CE, n=20, accuracy=ARGMAX,
               batch_size=6, optimizer=ADAM, learning_rate=0.01, weight_decay=1e-3)


# --------------------------------------------------------- optimizers and batches


@pytest.mark.parametrize("batch_size", [1, 2, 5, 13, 14, 100])
def test_batch_sizes_including_partial_and_oversized(batch_size):
    # n = 13: batch 5 leaves a last batch of 3; 14 and 100 are larger than n
    full_check([3, 5, 2], [SIG, SIG], MSE, n=13, batch_size=batch_size)


@pytest.mark.parametrize("momentum", [0.5, 0.9, 0.99])
def test_momentum(momentum):
    full_check([3, 6, 3], [TANH, SOFT], CE, batch_size=3, momentum=momentum, epochs=5)


@pytest.mark.parametrize("weight_decay", [1e-4, 0.1])
@pytest.mark.parametrize("optimizer", [SGD, ADAM])
def test_weight_decay(weight_decay, optimizer):
    full_check([3, 6, 3], [RELU, SOFT], CE, batch_size=4, optimizer=optimizer,
               learning_rate=0.01, weight_decay=weight_decay, momentum=0.9)


@pytest.mark.parametrize("beta1,beta2,epsilon", [(0.9, 0.999, 1e-8), (0.0, 0.0, 1e-3),
                                                 (0.5, 0.9, 1e-12), (0.99, 0.9999, 1.0)])
def test_adam_many_steps(beta1, beta2, epsilon):
    full_check([4, 8, 1], [TANH, SIG], BCE, n=17, batch_size=2, optimizer=ADAM,
               learning_rate=0.01, beta1=beta1, beta2=beta2, epsilon=epsilon, epochs=6,
               accuracy=THRESH)


def test_adam_from_a_later_step():
    full_check([3, 4, 2], [TANH, LIN], MSE, optimizer=ADAM, learning_rate=0.05, start_step=12345)


def test_zero_learning_rate_leaves_weights():
    params, X, Y = make_problem([3, 4, 2], MSE, 9, 5)
    final = full_check([3, 4, 2], [TANH, LIN], MSE, data=(params, X, Y), learning_rate=0.0)
    assert _bits(final) == _bits(params)


# ---------------------------------------------------------------- edge cases


def test_width_one_layers():
    full_check([1, 1, 1, 1], [TANH, SIG, SIG], BCE, n=7, batch_size=2, accuracy=THRESH)
    full_check([1, 1], [LIN], MSE, n=5, batch_size=1, momentum=0.9)
    full_check([1, 1, 2], [RELU, SOFT], CE, n=6, accuracy=ARGMAX)


def test_softmax_with_one_output():
    full_check([3, 1], [SOFT], CE, n=5)
    full_check([3, 2, 1], [TANH, SOFT], MSE, n=5)


@pytest.mark.parametrize("act", HIDDEN)
def test_extreme_inputs_saturate(act):
    sizes = [3, 5, 2]
    loss = BCE
    params, X, Y = make_problem(sizes, loss, 11, 7, x_scale=1e3, w_scale=3.0)
    for i in range(0, len(X), 4):
        X[i] = 1e3 if i % 8 else -1e3
    full_check(sizes, [act, SIG], loss, data=(params, X, Y), accuracy=THRESH)


def test_extreme_inputs_softmax_and_crossentropy():
    sizes = [2, 4, 3]
    params, X, Y = make_problem(sizes, CE, 9, 8, x_scale=1e3, w_scale=5.0)
    full_check(sizes, [LIN, SOFT], CE, data=(params, X, Y), accuracy=ARGMAX, learning_rate=1e-4)


def test_relu_dead_units():
    sizes = [4, 6, 3]
    params, X, Y = make_problem(sizes, CE, 10, 9, bias_shift=-5.0)
    full_check(sizes, [RELU, SOFT], CE, data=(params, X, Y), accuracy=ARGMAX)


def test_log_floor_and_exact_zero_probabilities():
    sizes = [2, 2]
    params = array.array("d", [300.0, -300.0, -300.0, 300.0, 0.0, 0.0])
    X = array.array("d", [5.0, -5.0, -5.0, 5.0, 1.0, 1.0])
    Y = array.array("d", [0.0, 1.0, 1.0, 0.0, 0.5, 0.5])
    check_inference(sizes, [SIG], BCE, params, X, Y, THRESH)
    check_inference(sizes, [SOFT], CE, params, X, Y, ARGMAX)
    train_both(sizes, [SIG], BCE, params, X, Y, batch_size=2)


def test_nan_and_inf_propagate_alike():
    sizes = [2, 3, 2]
    params, X, Y = make_problem(sizes, MSE, 6, 10)
    X[0] = float("nan")
    X[3] = float("inf")
    X[5] = -float("inf")
    for acts in ([SIG, TANH], [RELU, LEAKY], [LIN, SOFT]):
        full_check(sizes, acts, MSE, data=(params, X, Y), accuracy=ARGMAX)


def test_huge_weights_overflow_alike():
    sizes = [3, 4, 2]
    params, X, Y = make_problem(sizes, MSE, 8, 11, w_scale=1e200)
    full_check(sizes, [LIN, LIN], MSE, data=(params, X, Y), learning_rate=1e100)


def test_signed_zeros_are_kept():
    sizes = [2, 2]
    params = array.array("d", [-0.0, 0.0, 0.0, -0.0, -0.0, -0.0])
    X = array.array("d", [-0.0, 0.0, 0.0, -0.0])
    Y = array.array("d", [-0.0, 0.0, 0.0, -0.0])
    for act in HIDDEN:
        full_check(sizes, [act], MSE, data=(params, X, Y), batch_size=1)


def test_order_with_repeats_and_subset():
    sizes = [3, 5, 2]
    params, X, Y = make_problem(sizes, MSE, 10, 12)
    for order in ([0], [9, 9, 9, 0], [3, 1, 4, 1, 5, 9, 2, 6], list(range(10)) * 3):
        out = []
        for module in (P, C):
            p = array.array("d", params)
            s1 = array.array("d", bytes(8 * len(p)))
            s2 = array.array("d", bytes(8 * len(p)))
            r = calls.train_epoch(module, sizes, [TANH, LIN], MSE, p, s1, s2, X, Y, order, 3, SGD,
                                   0.1, 0.9, 0.9, 0.999, 1e-8, 0.0, 0, THRESH)
            out.append((_bits(r[0]), r[1], r[2], _bits(p), _bits(s1)))
        assert out[0] == out[1]


def test_sizes_and_codes_as_tuples():
    params, X, Y = make_problem([3, 4, 2], MSE, 6, 13)
    a = calls.predict(P, (3, 4, 2), (TANH, SIG), params, X, 6)
    b = calls.predict(C, (3, 4, 2), (TANH, SIG), params, X, 6)
    assert _bits(a) == _bits(b)


def test_predict_and_evaluate_of_no_samples():
    params, X, Y = make_problem([3, 2], MSE, 0, 14)
    assert calls.predict(C, [3, 2], [LIN], params, X, 0) == calls.predict(P, [3, 2], [LIN], params, X, 0) == []
    assert calls.evaluate(C, [3, 2], [LIN], MSE, params, X, Y, 0, THRESH) == (0.0, 0)


def test_evaluate_uses_only_the_first_n_rows():
    params, X, Y = make_problem([3, 2], MSE, 9, 15)
    for n in (1, 4, 9):
        a = calls.evaluate(P, [3, 2], [SIG], MSE, params, X, Y, n, THRESH)
        b = calls.evaluate(C, [3, 2], [SIG], MSE, params, X, Y, n, THRESH)
        assert _bits(a[0]) == _bits(b[0]) and a[1] == b[1]


# ----------------------------------------------- every tile shape of the kernels


def _force_path(path):
    """Switch the compiled kernels to ``path``, or skip (with the reason) if the CPU lacks it."""
    if path not in C.AVAILABLE_PATHS:
        pytest.skip("this CPU cannot run the %s kernels (it has: %s), so they are not tested here"
                    % (path, ", ".join(C.AVAILABLE_PATHS)))
    C._use_simd(path)
    assert C.KERNEL == path


def test_kernel_paths_are_known():
    assert C.KERNEL_PATHS == ("generic", "avx2", "avx512")
    assert C.AVAILABLE_PATHS[0] == "generic"
    assert C.KERNEL == C.AVAILABLE_PATHS[-1]  # the best build is the default
    with pytest.raises(ValueError, match="kernel path"):
        C._use_simd("sse9")
    for path in C.KERNEL_PATHS[len(C.AVAILABLE_PATHS):]:
        with pytest.raises(ValueError, match="cannot run"):
            C._use_simd(path)
        assert C.KERNEL == C.AVAILABLE_PATHS[-1]  # a refused switch changes nothing


@pytest.mark.parametrize("path", ["avx512", "avx2", "generic"])
@pytest.mark.parametrize("sizes", [
    [13, 17, 11],        # 16 + 1, 8 + 4 + 1 columns, odd rows
    [9, 8, 12, 5],       # exact 8s, then 8 + 4, then 4 + 1
    [23, 6, 3],          # 4 + 2 columns, 3 columns
    [2, 31, 16],         # 16 + 8 + 4 + 2 + 1 columns, exact 16s
    [5, 27, 9],          # 16 + 8 + 3, 8 + 1
])
@pytest.mark.parametrize("batch_size", [1, 4, 6, 11, 29])
def test_kernel_tiles(path, sizes, batch_size):
    try:
        _force_path(path)
        acts = [TANH] * (len(sizes) - 2) + [SOFT]
        full_check(sizes, acts, CE, n=29, batch_size=batch_size, accuracy=ARGMAX, epochs=2,
                   momentum=0.9)
    finally:
        C._use_simd(True)


@pytest.mark.parametrize("path", ["avx512", "avx2", "generic"])
@pytest.mark.parametrize("sizes, n, batch_size", [
    ([300, 20, 5], 101, 101),     # forward sums of 300 terms: two blocks of t; 101 > 96 rows
    ([530, 7, 3], 40, 17),        # three blocks of t (256 + 256 + 18)
    ([5, 260, 270, 4], 30, 30),   # the error below sums 270 terms; dW has 260 > 96 rows
])
def test_blocked_sums_keep_their_order(path, sizes, n, batch_size):
    """Long sums are cut in blocks (partial sums kept in C): the bits must not change."""
    try:
        _force_path(path)
        acts = [RELU] * (len(sizes) - 2) + [SOFT]
        full_check(sizes, acts, CE, n=n, batch_size=batch_size, accuracy=ARGMAX, epochs=2)
    finally:
        C._use_simd(True)


@pytest.mark.parametrize("path", ["avx512", "avx2", "generic"])
def test_every_kernel_path_gives_identical_bits(path):
    sizes = [40, 24, 10]
    params, X, Y = make_problem(sizes, CE, 50, 16)
    outs = []
    for chosen in (path, "generic"):
        try:
            _force_path(chosen)
            p = array.array("d", params)
            s1 = array.array("d", bytes(8 * len(p)))
            s2 = array.array("d", bytes(8 * len(p)))
            calls.train_epoch(C, sizes, [RELU, SOFT], CE, p, s1, s2, X, Y, list(range(50)), 16,
                              ADAM, 0.01, 0.0, 0.9, 0.999, 1e-8, 0.0, 0, ARGMAX)
            outs.append(_bits(p))
        finally:
            C._use_simd(True)
    assert outs[0] == outs[1]
    reference = array.array("d", params)
    s1 = array.array("d", bytes(8 * len(reference)))
    s2 = array.array("d", bytes(8 * len(reference)))
    calls.train_epoch(P, sizes, [RELU, SOFT], CE, reference, s1, s2, X, Y, list(range(50)), 16,
                      ADAM, 0.01, 0.0, 0.9, 0.999, 1e-8, 0.0, 0, ARGMAX)
    assert outs[0] == _bits(reference)


def test_larger_network_like_the_benchmarks():
    sizes = [64, 32, 10]
    params, X, Y = make_problem(sizes, CE, 100, 17)
    train_both(sizes, [RELU, SOFT], CE, params, X, Y, batch_size=32, epochs=2,
               accuracy=ARGMAX, learning_rate=0.05)


# --------------------------------------------------------- property-based test


@st.composite
def networks(draw):
    depth = draw(st.integers(1, 4))
    sizes = [draw(st.integers(1, 16)) for _ in range(depth + 1)]
    hidden = [draw(st.sampled_from(HIDDEN)) for _ in range(depth - 1)]
    loss = draw(st.sampled_from([MSE, BCE, CE]))
    if loss == BCE:
        out = SIG
    elif loss == CE:
        out = SOFT
    else:
        out = draw(st.sampled_from(HIDDEN + [SOFT]))
    return sizes, hidden + [out], loss


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    net=networks(),
    n=st.integers(1, 12),
    batch_size=st.integers(1, 14),
    optimizer=st.sampled_from([SGD, ADAM]),
    learning_rate=st.floats(1e-4, 2.0),
    momentum=st.sampled_from([0.0, 0.0, 0.5, 0.9]),
    weight_decay=st.sampled_from([0.0, 0.0, 1e-3, 0.1]),
    accuracy=st.sampled_from([NO_ACC, THRESH, ARGMAX]),
    seed=st.integers(0, 2 ** 32 - 1),
    x_scale=st.sampled_from([1.0, 10.0, 1e3]),
    epochs=st.integers(1, 3),
)
def test_property_identical_bits(net, n, batch_size, optimizer, learning_rate, momentum,
                                 weight_decay, accuracy, seed, x_scale, epochs):
    sizes, acts, loss = net
    params, X, Y = make_problem(sizes, loss, n, seed, x_scale=x_scale)
    train_both(sizes, acts, loss, params, X, Y, epochs=epochs, batch_size=batch_size,
               optimizer=optimizer, learning_rate=learning_rate, momentum=momentum,
               weight_decay=weight_decay, accuracy=accuracy, seed=seed)
    check_inference(sizes, acts, loss, params, X, Y, accuracy)


# ------------------------------------------------------------- Network level


def _network_fit(backend, optimizer, batch_size):
    import tinynet

    net = tinynet.Network([tinynet.Dense(4, 6, "tanh"), tinynet.Dense(6, 3, "softmax")],
                          loss="crossentropy", seed=3)
    rng = random.Random(4)
    X = [[rng.uniform(-1, 1) for _ in range(4)] for _ in range(30)]
    y = [rng.randrange(3) for _ in range(30)]
    history = net.fit(X, y, epochs=4, batch_size=batch_size, optimizer=optimizer, verbose=0,
                      backend=backend, validation_split=0.2)
    weights = [(layer.weights, layer.bias) for layer in net.layers]
    return weights, history.history


@pytest.mark.parametrize("optimizer,batch_size", [("sgd", 4), ("momentum", 7), ("adam", None)])
def test_network_fit_same_weights_and_history(optimizer, batch_size):
    wa, ha = _network_fit("python", optimizer, batch_size)
    wb, hb = _network_fit("cython", optimizer, batch_size)
    assert repr(wa) == repr(wb)
    assert repr(ha) == repr(hb)
    for key in ha:
        for x, y in zip(ha[key], hb[key]):
            if isinstance(x, float) and not math.isnan(x):
                assert _bits(x) == _bits(y), key


# ------------------------------------------------------------------ the shuffle

from tinynet.rng import Random  # noqa: E402


@pytest.mark.parametrize("seed", [0, 1, 7, 2 ** 40 + 3])
def test_the_c_shuffle_draws_what_the_python_generator_draws(seed):
    rng = Random(seed)
    for n in [0, 1, 2, 3, 5, 16, 100, 623, 624, 625, 1797, 4097]:
        for _ in range(2):  # a second shuffle starts from where the first left the state
            version, words, gauss_next = rng.getstate()
            order, after = C.shuffled(n, words)
            expected = list(range(n))
            rng.shuffle(expected)
            assert order == expected
            assert after == rng.getstate()[1]
        rng.random()  # and from an odd position in the words


@pytest.mark.parametrize("bad", [
    (5, ()), (5, (0,) * 624), (5, (0,) * 626), (5, (-1,) + (0,) * 624),
    (5, (2 ** 32,) + (0,) * 624), (5, (0.5,) + (0,) * 624), (5, (0,) * 624 + (625,)),
    (5, (0,) * 624 + (-1,)), (-1, (0,) * 625), (2 ** 32, (0,) * 625), (5, (True,) + (0,) * 624)])
def test_the_c_shuffle_refuses_a_bad_state(bad):
    with pytest.raises((ValueError, TypeError, OverflowError)):
        C.shuffled(*bad)


def test_fit_shuffles_alike_in_both_loops():
    from tinynet import Dense, Network

    X = [[random.Random(i).random() for _ in range(3)] for i in range(150)]  # C shuffle from 64
    y = [i % 2 for i in range(150)]
    runs = []
    for backend in ("python", "cython"):
        net = Network([Dense(3, 4, "tanh"), Dense(4, 1, "sigmoid")], seed=3)
        history = net.fit(X, y, epochs=3, batch_size=7, verbose=0, backend=backend)
        runs.append((history["loss"], net.layers[0].weights, net._rng.getstate()))
    assert runs[0] == runs[1]
