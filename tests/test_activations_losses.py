"""Activations and losses: values, derivatives vs finite differences, numerical safety."""

import math

import pytest

import tinynet
from tinynet import activations as act
from tinynet import losses

H = 1e-6  # finite-difference step

SCALAR = [a.name for a in act.TABLE if not a.row_wise]  # every element-wise activation
# points away from relu's kink at 0
POINTS = [-7.3, -3.0, -1.2, -0.5, -0.013, 0.021, 0.3, 0.77, 1.5, 2.9, 6.1]


def central(f, x, h=H):
    return (f(x + h) - f(x - h)) / (2.0 * h)


def close(a, b, rel=1e-6, abs_=1e-9):
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_)


# --------------------------------------------------------------- activations


def test_activation_values():
    assert act.linear(-2.5) == -2.5
    assert act.sigmoid(0.0) == 0.5
    assert act.sigmoid(math.log(3.0)) == pytest.approx(0.75, rel=1e-15)
    assert act.tanh(0.5) == math.tanh(0.5)
    assert act.relu(-2.0) == 0.0 and act.relu(3.5) == 3.5
    assert act.leaky_relu(3.5) == 3.5
    assert act.leaky_relu(-2.0) == pytest.approx(-0.02, rel=1e-15)  # slope 0.01, PyTorch's
    assert act.LEAKY_SLOPE == 0.01


@pytest.mark.parametrize("name", SCALAR)
def test_derivative_in_terms_of_output_matches_finite_differences(name):
    f = getattr(act, name)
    checked_nonzero = False
    for z in POINTS:
        a = f(z)
        analytic = act.derivative(name, a)
        numeric = central(f, z)
        assert close(analytic, numeric, rel=1e-6, abs_=1e-10), (name, z, analytic, numeric)
        checked_nonzero |= analytic != 0.0
    assert checked_nonzero


@pytest.mark.parametrize("name", SCALAR)
def test_apply_maps_a_row(name):
    row = [-1.5, 0.25, 2.0]
    assert act.apply(name, row) == [getattr(act, name)(z) for z in row]


def test_apply_softmax_and_unknown():
    assert act.apply("softmax", [1.0, 2.0]) == act.softmax([1.0, 2.0])
    with pytest.raises(ValueError, match="unknown activation 'sigmod'"):
        act.apply("sigmod", [1.0])


def test_derivative_of_softmax_and_unknown_raise():
    with pytest.raises(ValueError, match="softmax_backward"):
        act.derivative("softmax", 0.5)
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        act.derivative("swish", 0.5)
    with pytest.raises(TypeError):
        act.derivative(None, 0.5)


def test_sigmoid_is_stable_at_extremes():
    assert act.sigmoid(1000.0) == 1.0
    assert act.sigmoid(-1000.0) == 0.0
    assert act.sigmoid(800.0) == 1.0
    assert act.sigmoid(-800.0) == 0.0
    # the small tail keeps full relative precision (1 - 1/(1+e^z) would not)
    for z in (-20.0, -40.0, -700.0):
        expected = math.exp(z) / (1.0 + math.exp(z))
        assert act.sigmoid(z) == pytest.approx(expected, rel=1e-14)
        assert act.sigmoid(z) > 0.0
    # symmetry
    for z in (0.1, 1.0, 5.0, 17.0):
        assert act.sigmoid(z) + act.sigmoid(-z) == pytest.approx(1.0, rel=1e-15)
    assert act.apply("sigmoid", [-1000.0, 1000.0]) == [0.0, 1.0]
    assert act.apply("tanh", [-1000.0, 1000.0]) == [-1.0, 1.0]


def test_softmax_values_and_sum():
    p = act.softmax([0.0, math.log(3.0)])
    assert p == pytest.approx([0.25, 0.75], rel=1e-14)
    for row in ([1.0, 2.0, 3.0], [-5.0, 0.0, 5.0, 0.1], [0.0], [7.0, 7.0]):
        p = act.softmax(row)
        assert sum(p) == pytest.approx(1.0, abs=1e-15)
        assert all(0.0 < v <= 1.0 for v in p)
    assert act.softmax([7.0, 7.0]) == [0.5, 0.5]
    assert act.softmax([42.0]) == [1.0]
    # by hand: e^1, e^2, e^3 normalised
    e = [math.exp(1), math.exp(2), math.exp(3)]
    assert act.softmax([1, 2, 3]) == pytest.approx([v / sum(e) for v in e], rel=1e-14)


def test_softmax_is_stable_for_large_inputs():
    big = act.softmax([1000.0, 1001.0, 1002.0])
    assert big == pytest.approx(act.softmax([0.0, 1.0, 2.0]), rel=1e-14)
    small = act.softmax([-1000.0, -1001.0])
    assert small == pytest.approx(act.softmax([1.0, 0.0]), rel=1e-14)
    assert act.softmax([1e308, -1e308]) == [1.0, 0.0]
    assert act.softmax([-1000.0, 0.0]) == [0.0, 1.0]
    with pytest.raises(ValueError):
        act.softmax([])


def test_softmax_backward_matches_finite_differences():
    z = [0.3, -1.2, 2.0, 0.05]
    g = [0.7, -0.4, 1.3, 2.1]  # an arbitrary upstream gradient dL/dp

    def loss(zz):
        return sum(gi * pi for gi, pi in zip(g, act.softmax(zz)))

    analytic = act.softmax_backward(act.softmax(z), g)
    for i in range(len(z)):
        def shifted(t, i=i):
            zz = list(z)
            zz[i] = t
            return loss(zz)

        numeric = central(shifted, z[i])
        assert close(analytic[i], numeric, rel=1e-6, abs_=1e-10), (i, analytic[i], numeric)
    # softmax is unchanged by adding a constant to z, so the gradient sums to 0
    assert sum(analytic) == pytest.approx(0.0, abs=1e-14)
    with pytest.raises(ValueError):
        act.softmax_backward([0.5, 0.5], [1.0])


def test_check_activation():
    for name in act.ACTIVATIONS:
        assert act.check_activation(name) == name
    with pytest.raises(ValueError, match="relu"):  # the message lists the choices
        act.check_activation("ReLu")
    with pytest.raises(TypeError):
        act.check_activation(3)


# -------------------------------------------------------------------- losses


def test_mse_hand_computed():
    y = [[1.0, 0.0], [0.0, 1.0]]
    p = [[0.8, 0.1], [0.3, 0.6]]
    # (0.2^2 + 0.1^2 + 0.3^2 + 0.4^2) / 4 = 0.30 / 4
    assert losses.mse(y, p) == pytest.approx(0.075, rel=1e-14)
    assert losses.mse([1.0, 2.0], [1.5, 2.5]) == pytest.approx(0.25, rel=1e-15)
    assert losses.mse([3.0], [3.0]) == 0.0


def test_binary_crossentropy_hand_computed():
    # -(log 0.8 + log(1 - 0.3)) / 2
    expected = -(math.log(0.8) + math.log(0.7)) / 2.0
    assert losses.binary_crossentropy([1.0, 0.0], [0.8, 0.3]) == pytest.approx(expected, rel=1e-14)
    # soft targets and two outputs: mean over all four entries
    y = [[0.25, 1.0], [0.0, 0.5]]
    p = [[0.4, 0.9], [0.2, 0.5]]
    terms = [-(0.25 * math.log(0.4) + 0.75 * math.log(0.6)), -math.log(0.9),
             -math.log(0.8), -(0.5 * math.log(0.5) + 0.5 * math.log(0.5))]
    assert losses.binary_crossentropy(y, p) == pytest.approx(sum(terms) / 4.0, rel=1e-14)


def test_crossentropy_hand_computed():
    p = [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]]
    expected = -(math.log(0.7) + math.log(0.6)) / 2.0
    assert losses.crossentropy([0, 2], p) == pytest.approx(expected, rel=1e-14)
    assert losses.crossentropy([[1, 0, 0], [0, 0, 1]], p) == pytest.approx(expected, rel=1e-14)
    assert losses.crossentropy([0.0, 2.0], p) == pytest.approx(expected, rel=1e-14)
    # probability targets: mean over samples of -sum y log p
    soft = [[0.5, 0.5, 0.0], [0.0, 0.25, 0.75]]
    expected_soft = -(0.5 * math.log(0.7) + 0.5 * math.log(0.2)
                      + 0.25 * math.log(0.3) + 0.75 * math.log(0.6)) / 2.0
    assert losses.crossentropy(soft, p) == pytest.approx(expected_soft, rel=1e-14)


def test_crossentropy_rejects_bad_labels():
    p = [[0.5, 0.3, 0.2]]
    for bad in (3, -1, 1.5):
        with pytest.raises(ValueError, match="class label"):
            losses.crossentropy([bad], p)


def test_losses_reject_mismatched_shapes_and_empty():
    with pytest.raises(ValueError, match="differ in shape"):
        losses.mse([[1.0, 2.0]], [[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="differ in shape"):
        losses.binary_crossentropy([1.0, 0.0], [0.5])
    with pytest.raises(ValueError, match="empty"):
        losses.mse([], [])


def _fd_check(loss_fn, grad_fn, y, p):
    grads = grad_fn(y, p)
    assert len(grads) == len(p) and all(len(g) == len(r) for g, r in zip(grads, p))
    biggest = 0.0
    for i, row in enumerate(p):
        for j in range(len(row)):
            def at(v, i=i, j=j):
                q = [list(r) for r in p]
                q[i][j] = v
                return loss_fn(y, q)

            numeric = central(at, p[i][j])
            assert close(grads[i][j], numeric, rel=1e-6, abs_=1e-9), (i, j, grads[i][j], numeric)
            biggest = max(biggest, abs(numeric))
    assert biggest > 1e-3  # the check compared real slopes, not zeros


def test_mse_gradient_matches_finite_differences():
    y = [[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]]
    p = [[0.8, -1.1, 0.9], [0.4, 2.2, 0.3]]
    _fd_check(losses.mse, losses.mse_gradient, y, p)
    _fd_check(losses.mse, losses.mse_gradient, [1.0, 2.0, 3.0], [[1.5], [1.0], [3.5]])


def test_binary_crossentropy_gradient_matches_finite_differences():
    y = [[1.0, 0.0], [0.3, 1.0], [0.0, 0.5]]
    p = [[0.8, 0.3], [0.6, 0.1], [0.95, 0.45]]
    _fd_check(losses.binary_crossentropy, losses.binary_crossentropy_gradient, y, p)


def test_crossentropy_gradient_matches_finite_differences():
    p = [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.25, 0.5, 0.25]]
    _fd_check(losses.crossentropy, losses.crossentropy_gradient, [0, 2, 1], p)
    soft = [[0.5, 0.5, 0.0], [0.0, 0.25, 0.75], [1 / 3, 1 / 3, 1 / 3]]
    _fd_check(losses.crossentropy, losses.crossentropy_gradient, soft, p)


def test_safe_log_is_clamped_at_minus_100():
    assert losses.LOG_FLOOR == -100.0
    assert losses.safe_log(1.0) == 0.0
    assert losses.safe_log(math.e) == pytest.approx(1.0, rel=1e-15)
    assert losses.safe_log(0.0) == -100.0
    assert losses.safe_log(1e-50) == -100.0  # log is -115: clamped
    assert losses.safe_log(1e-40) == pytest.approx(math.log(1e-40), rel=1e-15)  # -92: not clamped
    assert losses.safe_log(-1.0) == -100.0


def test_no_log_of_zero_for_exact_0_and_1_predictions():
    # confidently wrong: each costs exactly 100 (PyTorch's clamp), never a math error
    assert losses.binary_crossentropy([1.0, 0.0], [0.0, 1.0]) == 100.0
    # confidently right: 0 * log(0) terms contribute nothing
    assert losses.binary_crossentropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert losses.crossentropy([1], [[0.0, 1.0, 0.0]]) == 0.0
    assert losses.crossentropy([0], [[0.0, 1.0, 0.0]]) == 100.0
    for grads in (losses.binary_crossentropy_gradient([1.0, 0.0, 1.0], [0.0, 1.0, 1.0]),
                  losses.crossentropy_gradient([0, 1], [[0.0, 1.0], [1.0, 0.0]])):
        assert all(math.isfinite(v) for row in grads for v in row)


def test_network_with_saturated_outputs_gives_finite_losses(backend):
    # weights of 1000 push sigmoid and softmax to exactly 0 and 1
    bce = tinynet.Network([tinynet.Dense(1, 1, "sigmoid", weights=[[1000.0]], bias=[0.0])],
                          loss="binary_crossentropy")
    X = [[1.0], [-1.0]]
    assert bce.predict(X, backend=backend) == [[1.0], [0.0]]
    assert bce.evaluate(X, [1, 0], backend=backend)["loss"] == 0.0
    wrong = bce.evaluate(X, [0, 1], backend=backend)
    assert wrong["loss"] == 100.0 and wrong["accuracy"] == 0.0

    ce = tinynet.Network([tinynet.Dense(1, 2, "softmax", weights=[[1000.0, -1000.0]], bias=[0.0, 0.0])],
                         loss="crossentropy")
    assert ce.predict(X, backend=backend) == [[1.0, 0.0], [0.0, 1.0]]
    assert ce.evaluate(X, [1, 0], backend=backend)["loss"] == 100.0
    assert ce.evaluate(X, [0, 1], backend=backend)["loss"] == 0.0


def test_check_loss():
    for name in losses.LOSSES:
        assert losses.check_loss(name) == name
    with pytest.raises(ValueError, match="unknown loss 'mae'"):
        losses.check_loss("mae")
    with pytest.raises(TypeError):
        losses.check_loss(None)
