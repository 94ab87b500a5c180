"""Bad input: every mistake raises the right exception, with a message naming the problem."""

import copy
import math

import pytest

from tinynet import Dense, Network
from tinynet.optimizers import Adam, ExponentialDecay, StepDecay

NAN, INF = float("nan"), float("inf")
XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]]
XOR_Y = [0, 1, 1, 0]


def xor_net(loss="mse"):
    return Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], loss=loss, seed=0)


def softmax_net():
    return Network([Dense(2, 3, "tanh"), Dense(3, 3, "softmax")], loss="crossentropy", seed=0)


def two_output_mse_net():
    return Network([Dense(2, 2, "linear")], loss="mse", seed=0)


def snapshot(net):
    return [(copy.deepcopy(layer.weights), list(layer.bias)) for layer in net.layers]


def fit(net, X, y, backend, **kw):
    kw.setdefault("epochs", 2)
    kw.setdefault("verbose", 0)
    return net.fit(X, y, backend=backend, **kw)


# ------------------------------------------------------------------------ X


X_CASES = [
    # (X, exception, message pattern)
    ([[0, 0], [0, 1, 1], [1, 0], [1, 1]], ValueError, r"X row 1 has 3 values, but 2 are needed"),
    ([[0, 0], [0], [1, 0], [1, 1]], ValueError, r"X row 1 has 1 values"),
    ([], ValueError, r"X is empty"),
    ((), ValueError, r"X is empty"),
    ([[0, 0], [0, "1"], [1, 0], [1, 1]], TypeError, r"X\[1\]\[1\] is '1'.*not a number"),
    ([[0, 0], [0, 1], [None, 0], [1, 1]], TypeError, r"X\[2\]\[0\] is None"),
    ([[0, 0], [0, 1], [1, {"a": 1}], [1, 1]], TypeError, r"X\[2\]\[1\]"),
    ([[0, 0], [0, 1], [1, 0], [1, [1]]], TypeError, r"X\[3\]\[1\]"),
    ([[0, 0], [0, NAN], [1, 0], [1, 1]], ValueError, r"X\[1\]\[1\].*NaN"),
    ([[0, 0], [0, 1], [INF, 0], [1, 1]], ValueError, r"X\[2\]\[0\] is inf"),
    ([[0, 0], [0, 1], [1, 0], [-INF, 1]], ValueError, r"X\[3\]\[0\] is -inf"),
    ([[0, 0, 0], [0, 1, 0], [1, 0, 0], [1, 1, 0]], ValueError, r"X row 0 has 3 values, but 2 are needed"),
    ([[0], [0], [1], [1]], ValueError, r"X row 0 has 1 values, but 2 are needed"),
    ([0, 1, 1, 0], ValueError, r"flat list of numbers.*2 inputs"),
    ([[0, 0], 5, [1, 0], [1, 1]], TypeError, r"X row 1 is 5"),
    ("0011", TypeError, r"X must be a list of rows"),
    (None, TypeError, r"X must be a list of rows"),
    ({"a": [0, 1]}, TypeError, r"X must be a list of rows.*dict"),
    (3.5, TypeError, r"X must be a list of rows.*single number"),
]


@pytest.mark.parametrize("X, exc, pattern", X_CASES)
def test_bad_X_in_fit(X, exc, pattern, backend):
    with pytest.raises(exc, match=pattern):
        fit(xor_net(), X, XOR_Y, backend)


@pytest.mark.parametrize("X, exc, pattern", [c for c in X_CASES if "flat list" not in c[2]])
def test_bad_X_in_predict_and_evaluate(X, exc, pattern, backend):
    net = xor_net()
    with pytest.raises(exc, match=pattern):
        net.evaluate(X, XOR_Y, backend=backend)
    if isinstance(X, list) and X and not isinstance(X[0], list):
        return  # [0, 1, ...] is one flat sample for predict
    with pytest.raises((TypeError, ValueError)):
        net.predict(X, backend=backend)


def test_predict_wrong_width_single_sample(backend):
    with pytest.raises(ValueError, match="has 3 values, but 2 are needed"):
        xor_net().predict([1, 0, 1], backend=backend)


def test_huge_integers_are_refused_with_a_clear_error(backend):
    # 10**400 is a number but not a finite float: it must be refused like inf,
    # naming where it is (not an anonymous OverflowError)
    with pytest.raises((ValueError, TypeError), match=r"X\[1\]\[0\]"):
        fit(xor_net(), [[0, 0], [10 ** 400, 1], [1, 0], [1, 1]], XOR_Y, backend)


# ------------------------------------------------------------------------ y


def test_mismatched_lengths(backend):
    with pytest.raises(ValueError, match="X has 4 samples but y has 3"):
        fit(xor_net(), XOR_X, [0, 1, 1], backend)
    with pytest.raises(ValueError, match="X has 4 samples but y has 5"):
        fit(xor_net(), XOR_X, [0, 1, 1, 0, 1], backend)
    with pytest.raises(ValueError, match="X has 4 samples but y has 0"):
        fit(xor_net(), XOR_X, [], backend)
    with pytest.raises(ValueError, match="X has 4 samples but y has 3"):
        xor_net().evaluate(XOR_X, [0, 1, 1], backend=backend)


@pytest.mark.parametrize("y, exc, pattern", [
    ([0, "1", 1, 0], TypeError, r"y\[1\] is '1'.*not a number"),
    ([0, 1, None, 0], TypeError, r"y\[2\] is None"),
    ([0, 1, 1, {"v": 0}], TypeError, r"y\[3\]"),
    ([0, NAN, 1, 0], ValueError, r"y\[1\] is nan"),
    ([0, 1, INF, 0], ValueError, r"y\[2\] is inf"),
    ([[0], [1], [1], [NAN]], ValueError, r"y\[3\]\[0\] is nan"),
    ([[0, 1], [1], [1], [0]], ValueError, r"y\[0\] has 2 values, but the network has 1 output$"),
    (None, TypeError, r"y must be a list of targets, not None"),
    ("0110", TypeError, r"y must be a list of targets .*, not str"),
    (2.5, TypeError, r"y must be a list of targets .*, not a single number"),
])
def test_bad_y_for_mse(y, exc, pattern, backend):
    with pytest.raises(exc, match=pattern):
        fit(xor_net(), XOR_X, y, backend)


@pytest.mark.parametrize("y, pattern", [
    ([[1, 0], [0, 1], [1, 0], 3.0], r"y\[3\] is a single number, but the network has 2 outputs"),
    ([[1, 0], [0, 1, 0], [1, 0], [0, 1]], r"y\[1\] has 3 values, but the network has 2 outputs"),
    ([[1, 0], [0, 1], [1, 0], [0, INF]], r"y\[3\]\[1\] is inf"),
])
def test_bad_y_for_multi_output_mse(y, pattern, backend):
    with pytest.raises(ValueError, match=pattern):
        fit(two_output_mse_net(), XOR_X, y, backend)


@pytest.mark.parametrize("label", [3, -1, 1.5, 100, NAN, INF, True, "2", None])
def test_crossentropy_rejects_labels_it_cannot_take(label, backend):
    y = [0, 1, label, 2]
    with pytest.raises((ValueError, TypeError), match=r"y\[2\] is .*whole numbers from 0 to 2"):
        fit(softmax_net(), XOR_X, y, backend)


@pytest.mark.parametrize("row, pattern", [
    ([1, 1, 0], r"y\[1\] adds up to 2.0.*must add up to 1"),
    ([0, 0, 0], r"y\[1\] adds up to 0.0"),
    ([0.5, 0.4, 0.0], r"y\[1\] adds up to 0.9"),
    ([2, -1, 0], r"y\[1\]\[0\] is 2.0.*between 0 and 1"),
    ([1, 0], r"y\[1\] has 2 values, but the network has 3 outputs"),
    ([0, NAN, 1], r"y\[1\]\[1\] is nan"),
])
def test_crossentropy_rejects_bad_target_rows(row, pattern, backend):
    y = [[1, 0, 0], row, [0, 0, 1], [0, 1, 0]]
    with pytest.raises(ValueError, match=pattern):
        fit(softmax_net(), XOR_X, y, backend)


def test_crossentropy_accepts_labels_in_every_form(backend):
    forms = [[0, 1, 2, 1], [0.0, 1.0, 2.0, 1.0], [[0], [1], [2], [1]],
             [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]]]
    results = []
    for y in forms:
        net = softmax_net()
        h = fit(net, XOR_X, y, backend, learning_rate=0.1, shuffle=False)
        results.append((snapshot(net), h.history))
    assert all(r == results[0] for r in results)


@pytest.mark.parametrize("target", [2, -0.1, 1.0000001, NAN])
def test_binary_crossentropy_rejects_targets_outside_0_1(target, backend):
    with pytest.raises(ValueError, match=r"y\[1\] is .*(between 0 and 1|NaN)"):
        fit(xor_net("binary_crossentropy"), XOR_X, [0, target, 1, 0], backend)
    with pytest.raises(ValueError, match=r"y\[1\]\[0\] is .*(between 0 and 1|NaN)"):
        fit(xor_net("binary_crossentropy"), XOR_X, [[0], [target], [1], [0]], backend)


def test_binary_crossentropy_accepts_soft_targets(backend):
    h = fit(xor_net("binary_crossentropy"), XOR_X, [0, 0.25, 1.0, 0.75], backend)
    assert len(h) == 2


def test_bad_validation_data(backend):
    with pytest.raises(ValueError, match="row 0 has 3 values"):
        fit(xor_net(), XOR_X, XOR_Y, backend, validation_data=([[0, 0, 0]], [1]))
    with pytest.raises(ValueError, match="X has 1 samples but y has 2"):
        fit(xor_net(), XOR_X, XOR_Y, backend, validation_data=([[0, 0]], [1, 0]))
    with pytest.raises(TypeError, match="pair"):
        fit(xor_net(), XOR_X, XOR_Y, backend, validation_data=([[0, 0]], [1], [2]))
    with pytest.raises(TypeError, match="pair"):
        fit(xor_net(), XOR_X, XOR_Y, backend, validation_data=[[0, 0]])


# ------------------------------------------------------------ fit settings


@pytest.mark.parametrize("kw, exc, pattern", [
    ({"epochs": 0}, ValueError, "epochs"),
    ({"epochs": -1}, ValueError, "epochs must be at least"),
    ({"epochs": NAN}, TypeError, "epochs must be a whole number"),
    ({"epochs": 2.5}, TypeError, "epochs must be a whole number"),
    ({"epochs": "10"}, TypeError, "epochs must be a whole number"),
    ({"epochs": True}, TypeError, "epochs must be a whole number"),
    ({"epochs": None}, TypeError, "epochs must be a whole number"),
    ({"batch_size": 0}, ValueError, "batch_size must be at least 1"),
    ({"batch_size": -2}, ValueError, "batch_size must be at least 1"),
    ({"batch_size": NAN}, TypeError, "batch_size must be a whole number"),
    ({"batch_size": 2.0}, TypeError, "batch_size must be a whole number"),
    ({"batch_size": "2"}, TypeError, "batch_size must be a whole number"),
    ({"batch_size": True}, TypeError, "batch_size must be a whole number"),
    ({"learning_rate": 0}, ValueError, "learning_rate must be > 0"),
    ({"learning_rate": -0.1}, ValueError, "learning_rate must be > 0"),
    ({"learning_rate": NAN}, ValueError, "learning_rate must be a finite number"),
    ({"learning_rate": INF}, ValueError, "learning_rate must be a finite number"),
    ({"learning_rate": "0.1"}, TypeError, "learning_rate must be a number"),
    ({"learning_rate": True}, TypeError, "learning_rate must be a number"),
    ({"learning_rate": 0, "optimizer": "adam"}, ValueError, "learning_rate must be > 0"),
    ({"momentum": 1.0}, ValueError, "momentum must be < 1"),
    ({"momentum": -0.5}, ValueError, "momentum must be >= 0"),
    ({"momentum": NAN}, ValueError, "momentum must be a finite number"),
    ({"momentum": "high"}, TypeError, "momentum must be a number"),
    ({"momentum": 0.9, "optimizer": "adam"}, ValueError, "momentum does not apply to Adam"),
    ({"weight_decay": -0.1}, ValueError, "weight_decay must be >= 0"),
    ({"weight_decay": NAN}, ValueError, "weight_decay must be a finite number"),
    ({"weight_decay": "a lot"}, TypeError, "weight_decay must be a number"),
    ({"optimizer": "rmsprop"}, ValueError, "unknown optimizer 'rmsprop'"),
    ({"optimizer": 3}, TypeError, "optimizer must be"),
    ({"optimizer": None}, TypeError, "optimizer must be"),
    ({"lr_schedule": "cosine"}, ValueError, "unknown lr_schedule 'cosine'"),
    ({"lr_schedule": 5}, TypeError, "lr_schedule must be"),
    ({"lr_schedule": {"name": "step", "gamma": 2.0}}, ValueError, "gamma must be <= 1"),
    ({"lr_schedule": lambda e, lr: 0.0}, ValueError, "scheduled learning rate must be > 0"),
    ({"lr_schedule": lambda e, lr: NAN}, ValueError, "scheduled learning rate must be a finite"),
    ({"lr_schedule": lambda e, lr: "fast"}, TypeError, "scheduled learning rate must be a number"),
    ({"validation_split": 1.0}, ValueError, "validation_split must be < 1"),
    ({"validation_split": -0.2}, ValueError, "validation_split must be >= 0"),
    ({"validation_split": 1.5}, ValueError, "validation_split must be < 1"),
    ({"validation_split": NAN}, ValueError, "validation_split must be a finite"),
    ({"validation_split": "0.2"}, TypeError, "validation_split must be a number"),
    ({"validation_split": 0.9}, ValueError, "leaves no samples"),  # 4 samples: none kept
    ({"validation_split": 1e-17}, ValueError, "leaves no samples"),  # 4 samples: none held out
    ({"validation_split": 0.25, "validation_data": (XOR_X, XOR_Y)}, ValueError, "not both"),
    ({"patience": 3}, ValueError, "patience.*needs validation_data or validation_split"),
    ({"patience": 0, "validation_split": 0.25}, ValueError, "patience must be at least 1"),
    ({"patience": 1.5, "validation_split": 0.25}, TypeError, "patience must be a whole number"),
    ({"shuffle": "yes"}, TypeError, "shuffle must be True or False"),
    ({"shuffle": 1}, TypeError, "shuffle must be True or False"),
    ({"verbose": 3}, ValueError, "verbose must be 0, 1 or 2"),
    ({"backend": "fortran"}, ValueError, "backend must be 'python' or 'cython'"),
    ({"backend": 1}, ValueError, "backend must be 'python' or 'cython'"),
])
def test_bad_fit_settings_leave_the_weights_alone(kw, exc, pattern, backend):
    net = xor_net()
    before = snapshot(net)
    kw = dict(kw)
    kw.setdefault("backend", backend)
    with pytest.raises(exc, match=pattern):
        net.fit(XOR_X, XOR_Y, verbose=kw.pop("verbose", 0), epochs=kw.pop("epochs", 3), **kw)
    assert snapshot(net) == before
    assert net.history is None or len(net.history) == 0


def test_failed_fit_after_training_keeps_the_trained_weights(backend):
    net = xor_net()
    fit(net, XOR_X, XOR_Y, backend, epochs=5, learning_rate=0.5)
    trained = snapshot(net)
    for bad in ({"learning_rate": -1}, {"batch_size": 0}, {"optimizer": "nope"}):
        with pytest.raises((TypeError, ValueError)):
            fit(net, XOR_X, XOR_Y, backend, **bad)
        assert snapshot(net) == trained
    with pytest.raises(ValueError):
        fit(net, XOR_X + [[0, NAN]], XOR_Y + [1], backend)
    with pytest.raises(ValueError):
        fit(net, XOR_X, [0, 1, 1], backend)
    assert snapshot(net) == trained
    assert len(net.history) == 5  # the failed calls did not replace the last history


@pytest.mark.parametrize("failure", ["raises", "nan"])
def test_schedule_failing_mid_run_keeps_the_last_good_epoch(failure, backend):
    # the schedule breaks at the start of the third epoch: the two finished
    # epochs stay, in the weights and in the history alike
    def schedule(epoch, lr):
        if epoch == 2:
            if failure == "raises":
                raise RuntimeError("schedule broke")
            return NAN
        return lr

    for kw in ({}, {"momentum": 0.9}):
        net, ref = xor_net(), xor_net()
        with pytest.raises((RuntimeError, ValueError)):
            fit(net, XOR_X, XOR_Y, backend, epochs=5, learning_rate=0.5, lr_schedule=schedule,
                shuffle=False, **kw)
        assert len(net.history) == 2
        fit(ref, XOR_X, XOR_Y, backend, epochs=2, learning_rate=0.5, shuffle=False, **kw)
        assert snapshot(net) == snapshot(ref)
        # and training resumes from there as if the failed call had asked for 2 epochs
        fit(net, XOR_X, XOR_Y, backend, epochs=1, learning_rate=0.5, shuffle=False, **kw)
        fit(ref, XOR_X, XOR_Y, backend, epochs=1, learning_rate=0.5, shuffle=False, **kw)
        assert snapshot(net) == snapshot(ref)


def test_bad_backend_in_predict_and_evaluate():
    net = xor_net()
    with pytest.raises(ValueError, match="backend must be"):
        net.predict(XOR_X, backend="gpu")
    with pytest.raises(ValueError, match="backend must be"):
        net.evaluate(XOR_X, XOR_Y, backend="gpu")


# ---------------------------------------------------------- building nets


@pytest.mark.parametrize("make, exc, pattern", [
    (lambda: Dense(2, 1, "sigmod"), ValueError, r"unknown activation 'sigmod'.*sigmoid"),
    (lambda: Dense(2, 1, "ReLU"), ValueError, r"unknown activation 'ReLU'"),
    (lambda: Dense(2, 1, None), TypeError, r"activation must be a string"),
    (lambda: Dense(2, 1, "relu", init="gaussian"), ValueError, r"unknown init 'gaussian'"),
    (lambda: Dense(0, 1), ValueError, r"n_in must be at least 1"),
    (lambda: Dense(2, -3), ValueError, r"n_out must be at least 1"),
    (lambda: Dense(2.0, 1), TypeError, r"n_in must be a whole number"),
    (lambda: Dense(True, 1), TypeError, r"n_in must be a whole number"),
    (lambda: Dense("2", 1), TypeError, r"n_in must be a whole number"),
    (lambda: Network([Dense(2, 1)], loss="mae"), ValueError, r"unknown loss 'mae'"),
    (lambda: Network([Dense(2, 1)], loss="categorical_crossentropy"), ValueError, r"unknown loss"),
    (lambda: Network([Dense(2, 1)], loss=None), TypeError, r"loss must be a string"),
    (lambda: Network([Dense(2, 3), Dense(4, 1)]), ValueError,
     r"layer 0 outputs 3 values but layer 1 takes 4 inputs"),
    (lambda: Network([Dense(2, 3, "softmax"), Dense(3, 1)]), ValueError,
     r"softmax can only be the activation of the last layer \(layer 0"),
    (lambda: Network([Dense(2, 3, "tanh"), Dense(3, 1, "tanh")], loss="binary_crossentropy"),
     ValueError, r"binary_crossentropy needs a sigmoid output layer, not 'tanh'"),
    (lambda: Network([Dense(2, 3, "tanh"), Dense(3, 2, "softmax")], loss="binary_crossentropy"),
     ValueError, r"binary_crossentropy needs a sigmoid output"),
    (lambda: Network([Dense(2, 3, "tanh"), Dense(3, 3, "sigmoid")], loss="crossentropy"),
     ValueError, r"crossentropy needs a softmax output layer"),
    (lambda: Network([Dense(2, 1, "softmax")], loss="crossentropy"),
     ValueError, r"at least 2 outputs"),
    (lambda: Network([]), ValueError, r"non-empty list of layers"),
    (lambda: Network(None), ValueError, r"non-empty list of layers"),
    (lambda: Network([Dense(2, 1), "dense"]), TypeError, r"layer 1 is 'dense', not a Dense layer"),
    (lambda: Network([Dense(2, 1)], seed="42"), TypeError, r"seed must be a whole number"),
    (lambda: Network([Dense(2, 1)], seed=1.5), TypeError, r"seed must be a whole number"),
    (lambda: Network([Dense(2, 1)], seed=True), TypeError, r"seed must be a whole number"),
])
def test_bad_network_definitions(make, exc, pattern):
    with pytest.raises(exc, match=pattern):
        make()


def test_good_network_definitions():
    # the valid combinations, as a control for the cases above
    Network([Dense(2, 3, "relu"), Dense(3, 1, "sigmoid")], loss="binary_crossentropy")
    Network([Dense(2, 3, "leaky_relu"), Dense(3, 2, "softmax")], loss="crossentropy")
    Network([Dense(2, 3, "tanh"), Dense(3, 2, "softmax")], loss="mse")
    Network(Dense(2, 1, "linear"), loss="mse")  # a single layer needs no list


@pytest.mark.parametrize("attr, value, exc, pattern", [
    ("weights", [[1, 2, 3], [4, 5, 6]], ValueError, r"Dense\(3, 2\).*3 rows of 2"),
    ("weights", [[1, 2], [3, 4], [5, 6], [7, 8]], ValueError, r"3 rows of 2"),
    ("weights", [[1, 2], [3, 4], [5]], ValueError, r"weights row 2 .* must hold 2 numbers"),
    ("weights", [[1, 2], [3, 4], 5], ValueError, r"weights row 2"),
    ("weights", [[1, 2], [3, NAN], [5, 6]], ValueError, r"weights\[1\]\[1\] is nan"),
    ("weights", [[1, 2], [3, 4], [INF, 6]], ValueError, r"weights\[2\]\[0\] is inf"),
    ("weights", [[1, 2], [3, "4"], [5, 6]], TypeError, r"weights\[1\]\[1\] is '4'"),
    ("weights", [[1, 2], [3, None], [5, 6]], TypeError, r"weights\[1\]\[1\] is None"),
    ("weights", [[1, True], [3, 4], [5, 6]], TypeError, r"weights\[0\]\[1\] is True"),
    ("weights", None, ValueError, r"3 rows of 2"),
    ("weights", 0.5, ValueError, r"3 rows of 2"),
    ("bias", [1, 2, 3], ValueError, r"bias of a Dense\(3, 2\) layer must be a list of 2 numbers"),
    ("bias", [1], ValueError, r"list of 2 numbers"),
    ("bias", 0.0, ValueError, r"list of 2 numbers"),
    ("bias", [1, NAN], ValueError, r"bias\[1\] is nan"),
    ("bias", ["1", 2], TypeError, r"bias\[0\] is '1'"),
])
def test_assigning_bad_weights(attr, value, exc, pattern):
    layer = Dense(3, 2, "tanh", seed=1)
    before = (copy.deepcopy(layer.weights), list(layer.bias))
    with pytest.raises(exc, match=pattern):
        setattr(layer, attr, value)
    assert (layer.weights, layer.bias) == before
    if value is not None:  # None means "not given" to the constructor
        with pytest.raises(exc, match=pattern):
            Dense(3, 2, "tanh", **{attr: value})


def test_assigning_good_weights():
    layer = Dense(3, 2, "tanh")
    layer.weights = ((1, 2), (3, 4), (5, 6.5))
    layer.bias = (0, -1)
    assert layer.weights == [[1.0, 2.0], [3.0, 4.0], [5.0, 6.5]] and layer.bias == [0.0, -1.0]
    assert Network([layer]).predict([1, 0, 0]) == [math.tanh(1.0), math.tanh(1.0)]


def test_weights_corrupted_in_place_are_caught(backend):
    net = xor_net()
    net.layers[1].weights[2][0] = NAN  # behind the setter's back
    with pytest.raises(ValueError, match=r"layer 1: weights\[2\]\[0\] is nan"):
        fit(net, XOR_X, XOR_Y, backend)
    with pytest.raises(ValueError, match=r"layer 1"):
        net.predict(XOR_X, backend=backend)
    net = xor_net()
    net.layers[0].bias[1] = "0"
    with pytest.raises(TypeError, match=r"layer 0: bias\[1\] is '0'"):
        net.evaluate(XOR_X, XOR_Y, backend=backend)
    net = xor_net()
    net.layers[0].weights.append([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"layer 0"):
        fit(net, XOR_X, XOR_Y, backend)


def test_optimizer_and_schedule_objects_validate_their_settings():
    with pytest.raises(ValueError, match="beta1 must be < 1"):
        Adam(beta1=1.0)
    with pytest.raises(ValueError, match="epsilon must be > 0"):
        Adam(epsilon=0.0)
    with pytest.raises(ValueError, match="step_size"):
        StepDecay(step_size=0)
    with pytest.raises(ValueError, match="gamma must be > 0"):
        ExponentialDecay(gamma=0.0)


def test_gradient_check_rejects_a_bad_epsilon():
    from tinynet.gradcheck import gradient_check

    for eps in (0.0, -1e-6, 1, "small", 2.0):
        with pytest.raises(ValueError, match="epsilon"):
            gradient_check(xor_net(), XOR_X, XOR_Y, epsilon=eps)


# ------------------------------------------------------------------- NumPy


def test_numpy_arrays_work_like_lists(backend):
    np = pytest.importorskip("numpy")
    results = []
    for X, y in ((XOR_X, [0, 1, 2, 1]),
                 (np.array(XOR_X, dtype=float), np.array([0, 1, 2, 1])),
                 (np.array(XOR_X, dtype=np.float32), np.array([0, 1, 2, 1], dtype=np.int64)),
                 (np.array(XOR_X), np.eye(3)[[0, 1, 2, 1]])):
        net = softmax_net()
        h = fit(net, X, y, backend, epochs=3, learning_rate=0.3, batch_size=2,
                validation_data=(X, y))
        out = net.predict(X, backend=backend)
        single = net.predict(X[1], backend=backend)
        score = net.evaluate(X, y, backend=backend)
        results.append((snapshot(net), h.history, out, single, score))
    assert all(r == results[0] for r in results)
    assert results[0][3] == results[0][2][1]
    net, ref = xor_net(), xor_net()
    fit(net, np.array(XOR_X), np.array(XOR_Y, dtype=float), backend)
    fit(ref, XOR_X, XOR_Y, backend)
    assert snapshot(net) == snapshot(ref)
    assert net.predict_classes(np.array(XOR_X), backend=backend) == ref.predict_classes(XOR_X, backend=backend)
    assert isinstance(net.predict_classes(np.array([0, 1]), backend=backend), int)
    layer = Dense(2, 2, weights=np.array([[1.0, 2.0], [3.0, 4.0]]), bias=np.zeros(2))
    assert layer.weights == [[1.0, 2.0], [3.0, 4.0]] and layer.bias == [0.0, 0.0]


def test_numpy_arrays_with_bad_values_are_refused(backend):
    np = pytest.importorskip("numpy")
    X = np.array(XOR_X, dtype=float)
    X[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"X\[2\]\[1\]"):
        fit(xor_net(), X, np.array(XOR_Y), backend)
    with pytest.raises(ValueError, match=r"y\[0\]"):
        fit(xor_net(), np.array(XOR_X), np.array([np.inf, 1, 1, 0]), backend)
    with pytest.raises(ValueError, match=r"row 0 has 3 values"):
        fit(xor_net(), np.zeros((4, 3)), np.array(XOR_Y), backend)
    with pytest.raises(ValueError, match=r"whole numbers from 0 to 2"):
        fit(softmax_net(), np.array(XOR_X), np.array([0, 1, 3, 1]), backend)
    with pytest.raises(ValueError, match="4 samples but y has 3"):
        fit(xor_net(), np.array(XOR_X), np.array([0, 1, 1]), backend)
