"""The Network: gradients, training behaviour, optimizers, validation, saving."""

import copy
import itertools
import json
import math
import random

import backend_calls as calls  # noqa: E402
import pytest

import tinynet
from tinynet import Dense, DivergenceError, Network, saving
from tinynet.activations import ACTIVATIONS, TABLE, apply
from tinynet.backends import python as reference
from tinynet.gradcheck import gradient_check
from tinynet.inputs import training_arrays

XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]]
XOR_Y = [0, 1, 1, 0]


def snapshot(net):
    """A deep copy of every layer's (weights, bias)."""
    return [(copy.deepcopy(layer.weights), list(layer.bias)) for layer in net.layers]


def fresh_copy(net, seed=None):
    """A network with the same layers, activations and current weights as ``net``."""
    layers = [Dense(layer.n_in, layer.n_out, layer.activation, weights=copy.deepcopy(layer.weights),
                    bias=list(layer.bias))
              for layer in net.layers]
    return Network(layers, loss=net.loss, seed=seed)


def pre_activations(net, X):
    """Every layer's weighted sums z for every sample (computed here, independently)."""
    zs = []
    for x in X:
        a = [float(v) for v in x]
        for layer in net.layers:
            z = [sum(a[k] * layer.weights[k][j] for k in range(layer.n_in)) + layer.bias[j]
                 for j in range(layer.n_out)]
            zs.append((layer.activation, z))
            a = apply(layer.activation, z)
    return zs


def silent_fit(net, X, y, backend, **kw):
    kw.setdefault("verbose", 0)
    return net.fit(X, y, backend=backend, **kw)


# ------------------------------------------------------------ gradient check

HIDDEN = [a.name for a in TABLE if not a.row_wise]  # every element-wise activation of the table
HEADS = [("mse", a) for a in ACTIVATIONS] + [("binary_crossentropy", "sigmoid"),
                                            ("crossentropy", "softmax")]
GC_X = [[0.5, -1.2, 0.3], [-0.7, 0.4, 1.1], [1.3, 0.9, -0.6], [-0.2, -0.8, -1.4]]


def gc_targets(loss, out_act):
    if loss == "crossentropy":
        return [0, 2, 1, [0.2, 0.5, 0.3]]  # labels and a probability row
    if loss == "binary_crossentropy":
        return [[1, 0, 0.3], [0, 1, 1], [0.5, 0, 1], [1, 1, 0]]
    if out_act == "softmax":
        return [[1, 0, 0], [0, 0.5, 0.5], [0, 1, 0], [0.2, 0.3, 0.5]]
    return [[1.5, -0.5, 0.8], [0.2, 1.1, -1.0], [-0.3, 0.6, 0.9], [2.0, 0.1, 0.4]]


def kink_free_net(hidden, out_act, loss):
    """A 3-4-3-3 network whose ReLU-family sums all sit well away from 0."""
    for seed in range(200):
        net = Network([Dense(3, 4, hidden), Dense(4, 3, hidden), Dense(3, 3, out_act)],
                      loss=loss, seed=seed)
        # non-zero biases so bias gradients are exercised from a generic point
        rng = random.Random(seed + 1000)
        for layer in net.layers:
            layer.bias = [rng.uniform(-0.3, 0.3) for _ in range(layer.n_out)]
        zs = pre_activations(net, GC_X)
        kinky = [z for a, z in zs if a in ("relu", "leaky_relu")]
        if all(abs(v) > 0.02 for z in kinky for v in z) and \
                all(any(v > 0 for v in z) for a, z in zs if a == "relu"):
            return net
    raise AssertionError("no kink-free starting point found")


@pytest.mark.parametrize("loss, out_act", HEADS, ids=["%s-%s" % h for h in HEADS])
@pytest.mark.parametrize("hidden", HIDDEN)
def test_whole_network_gradient_check(hidden, loss, out_act):
    net = kink_free_net(hidden, out_act, loss)
    y = gc_targets(loss, out_act)
    before = snapshot(net)
    result = gradient_check(net, GC_X, y)
    assert result["checked"] == net.parameter_count == 16 + 15 + 12
    assert result["max_relative_error"] < 1e-5, result
    assert snapshot(net) == before  # gradient_check leaves the network alone
    # the comparison was about real slopes: most gradients are clearly non-zero
    n, fx, fy = training_arrays(GC_X, y, net.n_inputs, net.n_outputs, net.loss)
    _, grads = calls.gradients(reference, net.sizes, net.layout().activations, ["mse", "binary_crossentropy",
                                   "crossentropy"].index(loss), net.parameters_flat(), fx, fy, n)
    assert sum(abs(g) > 1e-6 for g in grads) >= len(grads) // 2


def test_gradient_check_catches_a_wrong_backprop(monkeypatch):
    net = kink_free_net("tanh", "sigmoid", "mse")
    y = gc_targets("mse", "sigmoid")
    assert gradient_check(net, GC_X, y)["max_relative_error"] < 1e-5
    real = reference._slope
    monkeypatch.setattr(reference, "_slope", lambda code, a: 1.1 * real(code, a))
    assert gradient_check(net, GC_X, y)["max_relative_error"] > 1e-3


def test_gradients_are_of_the_mean_loss():
    # doubling the data set (every sample twice) leaves the mean-loss gradient unchanged
    net = kink_free_net("tanh", "softmax", "crossentropy")
    y = gc_targets("crossentropy", "softmax")
    codes, loss = net.layout().activations, 2
    n1, x1, y1 = training_arrays(GC_X, y, net.n_inputs, net.n_outputs, net.loss)
    n2, x2, y2 = training_arrays(GC_X + GC_X, y + y, net.n_inputs, net.n_outputs, net.loss)
    s1, g1 = calls.gradients(reference, net.sizes, codes, loss, net.parameters_flat(), x1, y1, n1)
    s2, g2 = calls.gradients(reference, net.sizes, codes, loss, net.parameters_flat(), x2, y2, n2)
    assert s2 == pytest.approx(2 * s1, rel=1e-14)
    assert g2 == pytest.approx(g1, rel=1e-12, abs=1e-15)


# ------------------------------------------------------------------- XOR


def test_single_layer_cannot_learn_xor(backend):
    net = Network([Dense(2, 1, "sigmoid")], seed=0)
    history = silent_fit(net, XOR_X, XOR_Y, backend, epochs=3000, learning_rate=1.0)
    assert max(history.history["accuracy"]) < 1.0
    assert net.predict_classes(XOR_X, backend=backend) != XOR_Y
    assert net.evaluate(XOR_X, XOR_Y, backend=backend)["accuracy"] <= 0.75


def test_two_layer_network_learns_xor(backend):
    net = Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], loss="mse", seed=1)
    history = silent_fit(net, XOR_X, XOR_Y, backend, epochs=2000, learning_rate=0.5)
    assert net.predict_classes(XOR_X, backend=backend) == XOR_Y
    assert net.evaluate(XOR_X, XOR_Y, backend=backend)["accuracy"] == 1.0
    assert history.history["loss"][-1] < 0.02
    out = net.predict(XOR_X, backend=backend)
    assert out[0][0] < 0.2 and out[1][0] > 0.8 and out[2][0] > 0.8 and out[3][0] < 0.2


def test_training_reduces_the_loss(backend):
    net = Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], loss="binary_crossentropy", seed=3)
    start = net.evaluate(XOR_X, XOR_Y, backend=backend)["loss"]
    history = silent_fit(net, XOR_X, XOR_Y, backend, epochs=300, learning_rate=0.5)
    end = net.evaluate(XOR_X, XOR_Y, backend=backend)["loss"]
    assert history.history["loss"][0] == pytest.approx(start, rel=1e-12)
    assert end < 0.5 * start
    assert history.history["loss"][-1] < history.history["loss"][0]


# ----------------------------------------------------------- determinism


def make_xor_net(seed):
    return Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=seed)


def test_same_seed_gives_identical_runs(backend):
    a, b = make_xor_net(7), make_xor_net(7)
    assert snapshot(a) == snapshot(b)
    ha = silent_fit(a, XOR_X, XOR_Y, backend, epochs=30, learning_rate=0.5, batch_size=2)
    hb = silent_fit(b, XOR_X, XOR_Y, backend, epochs=30, learning_rate=0.5, batch_size=2)
    assert snapshot(a) == snapshot(b)
    assert ha.history == hb.history
    assert ha.epoch == list(range(1, 31))


def test_different_seeds_give_different_runs(backend):
    a, b = make_xor_net(7), make_xor_net(8)
    assert snapshot(a) != snapshot(b)
    ha = silent_fit(a, XOR_X, XOR_Y, backend, epochs=5, learning_rate=0.5, batch_size=2)
    hb = silent_fit(b, XOR_X, XOR_Y, backend, epochs=5, learning_rate=0.5, batch_size=2)
    assert snapshot(a) != snapshot(b)
    assert ha.history["loss"] != hb.history["loss"]


def test_shuffle_order_depends_on_the_seed(backend):
    # same starting weights, different network seeds: only the shuffling differs
    a = make_xor_net(1)
    b = fresh_copy(a, seed=2)
    assert snapshot(a) == snapshot(b)
    for net in (a, b):
        silent_fit(net, XOR_X, XOR_Y, backend, epochs=3, learning_rate=0.5, batch_size=1)
    assert snapshot(a) != snapshot(b)


def test_seed_redraws_layers_but_keeps_user_weights():
    a = Network([Dense(2, 3, "tanh", seed=1), Dense(3, 1, seed=2)], seed=5)
    b = Network([Dense(2, 3, "tanh", seed=9), Dense(3, 1, seed=9)], seed=5)
    assert snapshot(a) == snapshot(b)
    mine = Dense(2, 1, weights=[[0.25], [-0.5]], bias=[0.125])
    net = Network([mine], seed=5)
    assert net.layers[0].weights == [[0.25], [-0.5]] and net.layers[0].bias == [0.125]


def test_global_random_state_is_never_touched(backend):
    random.seed(12345)
    state = random.getstate()
    net = Network([Dense(2, 3, "relu"), Dense(3, 1, "sigmoid")], seed=4)
    silent_fit(net, XOR_X, XOR_Y, backend, epochs=5, learning_rate=0.1, batch_size=1,
               shuffle=True, validation_split=0.25)
    net.predict(XOR_X, backend=backend)
    net.evaluate(XOR_X, XOR_Y, backend=backend)
    unseeded = Network([Dense(2, 2, "tanh"), Dense(2, 1)])
    silent_fit(unseeded, XOR_X, XOR_Y, backend, epochs=2, batch_size=1)
    assert random.getstate() == state


# ---------------------------------------------- an independent reference loop


def manual_linear(w, b, X, y, epochs, lr, batch=None, momentum=0.0, adam=False,
                  weight_decay=0.0, lrs=None, betas=(0.9, 0.999), eps=1e-8):
    """Train a one-output linear model with MSE by hand; samples in order."""
    w, b = list(w), float(b)
    n = len(X)
    batch = batch or n
    params = w + [b]
    state1 = [0.0] * len(params)
    state2 = [0.0] * len(params)
    t = 0
    for epoch in range(epochs):
        rate = lr if lrs is None else lrs[epoch]
        for start in range(0, n, batch):
            rows = range(start, min(start + batch, n))
            m = len(rows)
            g = [0.0] * len(params)
            for r in rows:
                p = sum(X[r][k] * params[k] for k in range(len(w))) + params[-1]
                e = 2.0 * (p - y[r]) / m
                for k in range(len(w)):
                    g[k] += e * X[r][k]
                g[-1] += e
            for k in range(len(w)):
                g[k] += weight_decay * params[k]  # biases are not decayed
            t += 1
            for i in range(len(params)):
                if adam:
                    b1, b2 = betas
                    state1[i] = b1 * state1[i] + (1 - b1) * g[i]
                    state2[i] = b2 * state2[i] + (1 - b2) * g[i] ** 2
                    m_hat = state1[i] / (1 - b1 ** t)
                    v_hat = state2[i] / (1 - b2 ** t)
                    params[i] -= rate * m_hat / (math.sqrt(v_hat) + eps)
                elif momentum:
                    state1[i] = momentum * state1[i] + g[i]
                    params[i] -= rate * state1[i]
                else:
                    params[i] -= rate * g[i]
    return params[:-1], params[-1]


LIN_X = [[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0], [1.0, 1.0], [-1.25, -0.5]]
LIN_Y = [1.0, -0.5, 2.5, 0.75, -1.5]
W0, B0 = [0.3, -0.2], 0.1


def linear_net(seed=None):
    return Network([Dense(2, 1, "linear", weights=[[W0[0]], [W0[1]]], bias=[B0])], loss="mse", seed=seed)


def linear_params(net):
    layer = net.layers[0]
    return [row[0] for row in layer.weights], layer.bias[0]


CASES = {
    "sgd": ({}, {}),
    "sgd-batch2": ({"batch_size": 2}, {"batch": 2}),
    "sgd-batch1": ({"batch_size": 1}, {"batch": 1}),
    "momentum": ({"momentum": 0.9}, {"momentum": 0.9}),
    "momentum-batch2": ({"momentum": 0.5, "batch_size": 2}, {"momentum": 0.5, "batch": 2}),
    "momentum-optimizer": ({"optimizer": "momentum"}, {"momentum": 0.9}),
    "adam": ({"optimizer": "adam", "learning_rate": 0.05}, {"adam": True, "lr": 0.05}),
    "adam-batch2": ({"optimizer": "adam", "learning_rate": 0.05, "batch_size": 2},
                    {"adam": True, "lr": 0.05, "batch": 2}),
    "weight-decay": ({"weight_decay": 0.3}, {"weight_decay": 0.3}),
    "weight-decay-momentum": ({"weight_decay": 0.1, "momentum": 0.8},
                              {"weight_decay": 0.1, "momentum": 0.8}),
    "weight-decay-adam": ({"weight_decay": 0.2, "optimizer": "adam", "learning_rate": 0.02},
                          {"weight_decay": 0.2, "adam": True, "lr": 0.02}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_training_matches_a_hand_written_loop(case, backend):
    fit_kw, manual_kw = CASES[case]
    manual_kw = dict(manual_kw)
    lr = manual_kw.pop("lr", 0.1)
    fit_kw = dict(fit_kw)
    fit_kw.setdefault("learning_rate", lr)
    net = linear_net()
    silent_fit(net, LIN_X, LIN_Y, backend, epochs=6, shuffle=False, **fit_kw)
    w, b = linear_params(net)
    mw, mb = manual_linear(W0, B0, LIN_X, LIN_Y, 6, lr, **manual_kw)
    assert w == pytest.approx(mw, rel=1e-12, abs=1e-15)
    assert b == pytest.approx(mb, rel=1e-12, abs=1e-15)
    # and the optimizer really did something different from plain full-batch SGD
    if case != "sgd":
        pw, pb = manual_linear(W0, B0, LIN_X, LIN_Y, 6, lr)
        assert w != pytest.approx(pw, rel=1e-6) or b != pytest.approx(pb, rel=1e-6)


def test_weight_decay_acts_on_weights_only(backend):
    # predictions already equal the targets: the data gradient is exactly zero,
    # so only the decay moves anything: w <- w (1 - lr wd), bias untouched
    X = [[1.0, 2.0], [-1.0, 0.5]]
    w, bias = [0.5, -0.25], 0.75
    y = [X[r][0] * w[0] + X[r][1] * w[1] + bias for r in range(2)]
    net = Network([Dense(2, 1, "linear", weights=[[w[0]], [w[1]]], bias=[bias])])
    silent_fit(net, X, y, backend, epochs=1, learning_rate=0.1, weight_decay=0.5, shuffle=False)
    assert net.layers[0].weights == [[pytest.approx(0.5 * 0.95, rel=1e-14)],
                                     [pytest.approx(-0.25 * 0.95, rel=1e-14)]]
    assert net.layers[0].bias == [0.75]


def test_weight_decay_shrinks_weights(backend):
    def trained(wd):
        net = Network([Dense(2, 6, "tanh"), Dense(6, 1, "sigmoid")], seed=11)
        silent_fit(net, XOR_X, XOR_Y, backend, epochs=200, learning_rate=0.5, weight_decay=wd)
        return sum(v * v for layer in net.layers for row in layer.weights for v in row)

    assert trained(0.05) < 0.8 * trained(0.0)


def test_optimizer_state_carries_over_between_fits(backend):
    # (shuffle=False: each fit restarts the visiting order from 0..n-1 before shuffling)
    for kw in ({"momentum": 0.9}, {"optimizer": "adam", "learning_rate": 0.01}):
        one, two = make_xor_net(3), make_xor_net(3)
        silent_fit(one, XOR_X, XOR_Y, backend, epochs=5, batch_size=2, shuffle=False, **kw)
        silent_fit(two, XOR_X, XOR_Y, backend, epochs=2, batch_size=2, shuffle=False, **kw)
        silent_fit(two, XOR_X, XOR_Y, backend, epochs=3, batch_size=2, shuffle=False, **kw)
        assert snapshot(one) == snapshot(two), kw
        # a fresh optimizer (different settings) starts from zero memory
        three = make_xor_net(3)
        silent_fit(three, XOR_X, XOR_Y, backend, epochs=2, batch_size=2, shuffle=False, **kw)
        silent_fit(three, XOR_X, XOR_Y, backend, epochs=3, batch_size=2, shuffle=False, optimizer="sgd",
                   learning_rate=0.01)
        assert snapshot(three) != snapshot(one)


def test_optimizer_objects_are_accepted(backend):
    from tinynet.optimizers import SGD, Adam

    a, b = make_xor_net(2), make_xor_net(2)
    silent_fit(a, XOR_X, XOR_Y, backend, epochs=4, optimizer=Adam(learning_rate=0.02, beta1=0.8))
    silent_fit(b, XOR_X, XOR_Y, backend, epochs=4, optimizer="adam", learning_rate=0.02)
    assert snapshot(a) != snapshot(b)  # beta1 was honoured
    c, d = make_xor_net(2), make_xor_net(2)
    silent_fit(c, XOR_X, XOR_Y, backend, epochs=4, optimizer=SGD(0.3, momentum=0.5))
    silent_fit(d, XOR_X, XOR_Y, backend, epochs=4, learning_rate=0.3, momentum=0.5)
    assert snapshot(c) == snapshot(d)


# ---------------------------------------------------------------- batches


@pytest.mark.parametrize("batch_size", [1, 2, 3])
def test_mini_batches_are_consecutive_slices_with_a_smaller_last_one(batch_size, backend):
    # one epoch with batch_size b and no shuffling == one full-batch step per slice
    whole = linear_net()
    silent_fit(whole, LIN_X, LIN_Y, backend, epochs=1, learning_rate=0.1,
               batch_size=batch_size, shuffle=False)
    pieces = linear_net()
    for start in range(0, len(LIN_X), batch_size):
        silent_fit(pieces, LIN_X[start:start + batch_size], LIN_Y[start:start + batch_size],
                   backend, epochs=1, learning_rate=0.1, shuffle=False)
    assert snapshot(whole) == snapshot(pieces)


def test_batch_size_n_none_and_larger_are_the_same(backend):
    results = []
    for bs in (None, len(LIN_X), len(LIN_X) + 10, 1000):
        net = linear_net(seed=1)
        h = silent_fit(net, LIN_X, LIN_Y, backend, epochs=4, learning_rate=0.1, batch_size=bs,
                       shuffle=False)
        results.append((snapshot(net), h.history["loss"]))
    assert all(r == results[0] for r in results)
    small = linear_net(seed=1)
    silent_fit(small, LIN_X, LIN_Y, backend, epochs=4, learning_rate=0.1, batch_size=2, shuffle=False)
    assert snapshot(small) != results[0][0]


def test_shuffled_epoch_visits_every_sample_once(backend):
    X, y = LIN_X[:3], LIN_Y[:3]
    net = linear_net(seed=21)
    silent_fit(net, X, y, backend, epochs=1, learning_rate=0.1, batch_size=1, shuffle=True)
    got = snapshot(net)
    matches = []
    for perm in itertools.permutations(range(3)):
        ref = linear_net()
        for i in perm:
            silent_fit(ref, [X[i]], [y[i]], backend, epochs=1, learning_rate=0.1, shuffle=False)
        matches.append(snapshot(ref) == got)
    assert sum(matches) == 1


def test_shuffle_false_vs_true(backend):
    def run(shuffle, bs, seed):
        net = linear_net(seed=seed)
        silent_fit(net, LIN_X, LIN_Y, backend, epochs=3, learning_rate=0.1, batch_size=bs, shuffle=shuffle)
        return linear_params(net)

    # without shuffling the seed is irrelevant
    assert run(False, 1, 1) == run(False, 1, 2)
    # with single-sample steps the order matters
    shuffled = [run(True, 1, s) for s in (1, 2, 3)]
    assert any(s != run(False, 1, 1) for s in shuffled)
    # full batch: the order only changes the rounding of the sums
    fw, fb = run(True, None, 5)
    nw, nb = run(False, None, 5)
    assert fw == pytest.approx(nw, rel=1e-12) and fb == pytest.approx(nb, rel=1e-12)


# ------------------------------------------------------------ lr schedules


def test_step_schedule(backend):
    net = linear_net()
    h = silent_fit(net, LIN_X, LIN_Y, backend, epochs=25, learning_rate=0.08, lr_schedule="step",
                   shuffle=False)
    assert h.history["lr"] == pytest.approx([0.08] * 10 + [0.04] * 10 + [0.02] * 5, rel=1e-15)
    mw, mb = manual_linear(W0, B0, LIN_X, LIN_Y, 25, None, lrs=h.history["lr"])
    w, b = linear_params(net)
    assert w == pytest.approx(mw, rel=1e-12) and b == pytest.approx(mb, rel=1e-12)


def test_exponential_schedule(backend):
    net = linear_net()
    h = silent_fit(net, LIN_X, LIN_Y, backend, epochs=6, learning_rate=0.1,
                   lr_schedule="exponential", shuffle=False)
    assert h.history["lr"] == pytest.approx([0.1 * 0.95 ** e for e in range(6)], rel=1e-14)
    mw, mb = manual_linear(W0, B0, LIN_X, LIN_Y, 6, None, lrs=[0.1 * 0.95 ** e for e in range(6)])
    w, b = linear_params(net)
    assert w == pytest.approx(mw, rel=1e-12) and b == pytest.approx(mb, rel=1e-12)


def test_schedule_configs_and_functions(backend):
    net = linear_net()
    h = silent_fit(net, LIN_X, LIN_Y, backend, epochs=5, learning_rate=0.1,
                   lr_schedule={"name": "step", "step_size": 2, "gamma": 0.1})
    assert h.history["lr"] == pytest.approx([0.1, 0.1, 0.01, 0.01, 0.001], rel=1e-14)
    h = silent_fit(linear_net(), LIN_X, LIN_Y, backend, epochs=3, learning_rate=0.1,
                   lr_schedule=lambda epoch, lr: lr / (epoch + 1))
    assert h.history["lr"] == pytest.approx([0.1, 0.05, 0.1 / 3], rel=1e-15)
    h = silent_fit(linear_net(), LIN_X, LIN_Y, backend, epochs=3, learning_rate=0.1)
    assert h.history["lr"] == [0.1, 0.1, 0.1]


# -------------------------------------------------------------- validation


def regression_data():
    X = [[x / 4] for x in range(-4, 5)]
    return X, [2 * r[0] + 1 for r in X]


def test_validation_data_is_scored_after_each_epoch(backend):
    net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=2)
    Xv, yv = [[0, 1], [1, 1]], [1, 0]
    h = silent_fit(net, XOR_X, XOR_Y, backend, epochs=7, learning_rate=0.5, validation_data=(Xv, yv))
    assert set(h.history) == {"loss", "accuracy", "val_loss", "val_accuracy", "lr"}
    assert all(len(v) == 7 for v in h.history.values())
    final = net.evaluate(Xv, yv, backend=backend)
    assert h.history["val_loss"][-1] == pytest.approx(final["loss"], rel=1e-14)
    assert h.history["val_accuracy"][-1] == final["accuracy"]
    assert all(a in (0.0, 0.5, 1.0) for a in h.history["val_accuracy"])


def test_validation_on_the_training_set_runs_one_epoch_ahead(backend):
    # full batch, fixed order: training loss of epoch k+1 is measured on the same
    # weights as the validation loss of epoch k
    net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=2)
    h = silent_fit(net, XOR_X, XOR_Y, backend, epochs=6, learning_rate=0.5, shuffle=False,
                   validation_data=(XOR_X, XOR_Y))
    assert h.history["val_loss"][:-1] == pytest.approx(h.history["loss"][1:], rel=1e-13)
    assert h.history["val_accuracy"][:-1] == h.history["accuracy"][1:]


def test_validation_split_holds_out_the_last_samples(backend):
    X, y = regression_data()  # 9 samples: split 1/3 keeps 6
    a = Network([Dense(1, 3, "tanh"), Dense(3, 1, "linear")], seed=4)
    b = Network([Dense(1, 3, "tanh"), Dense(3, 1, "linear")], seed=4)
    ha = silent_fit(a, X, y, backend, epochs=5, learning_rate=0.05, batch_size=2, validation_split=1 / 3)
    hb = silent_fit(b, X[:6], y[:6], backend, epochs=5, learning_rate=0.05, batch_size=2,
                    validation_data=(X[6:], y[6:]))
    assert ha.history == hb.history
    assert snapshot(a) == snapshot(b)
    assert ha.history["val_accuracy"] == [None] * 5  # regression: no accuracy
    assert ha.history["val_loss"][-1] == pytest.approx(a.evaluate(X[6:], y[6:], backend=backend)["loss"],
                                                       rel=1e-14)


def test_no_validation_keys_without_validation(backend):
    h = silent_fit(make_xor_net(0), XOR_X, XOR_Y, backend, epochs=2)
    assert "val_loss" not in h.history and "val_accuracy" not in h.history
    assert h.stopped_early is False and h.best_epoch is None


def early_stopping_setup():
    X, y = regression_data()
    Xv, yv = [[-0.5], [0.5], [1.0]], [0.9, 1.0, 1.1]  # disagrees with the training targets
    net = Network([Dense(1, 3, "tanh"), Dense(3, 1, "linear")], seed=0)
    return net, X, y, Xv, yv


def test_early_stopping_restores_the_best_weights(backend):
    net, X, y, Xv, yv = early_stopping_setup()
    start = snapshot(net)
    kw = dict(learning_rate=0.01, batch_size=4)
    h = silent_fit(net, X, y, backend, epochs=300, validation_data=(Xv, yv), patience=4, **kw)
    val = h.history["val_loss"]
    assert h.stopped_early is True
    assert len(h) < 300
    best = min(range(len(val)), key=val.__getitem__) + 1
    assert h.best_epoch == best
    assert best > 3  # the run had room to improve before it got worse
    assert len(h) == best + 4  # four epochs without improvement, then stop
    assert all(v >= val[best - 1] for v in val[best:])
    # the kept weights are those after epoch `best`: re-run that many epochs
    again = Network([Dense(1, 3, "tanh"), Dense(3, 1, "linear")], seed=0)
    assert snapshot(again) == start
    silent_fit(again, X, y, backend, epochs=best, **kw)
    assert snapshot(net) == snapshot(again)
    assert net.evaluate(Xv, yv, backend=backend)["loss"] == pytest.approx(val[best - 1], rel=1e-14)
    # ... and not the weights of the last epoch
    last = Network([Dense(1, 3, "tanh"), Dense(3, 1, "linear")], seed=0)
    silent_fit(last, X, y, backend, epochs=len(h), **kw)
    assert snapshot(net) != snapshot(last)


def test_early_stopping_with_validation_split(backend):
    X = XOR_X * 3
    y = XOR_Y[:3] + [1] + XOR_Y * 2  # a mislabelled training sample makes validation disagree
    kw = dict(learning_rate=0.5)
    net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)
    h = silent_fit(net, X, y, backend, epochs=400, validation_split=0.25, patience=3, **kw)
    val = h.history["val_loss"]
    assert h.stopped_early and len(val) == len(h) < 400
    assert h.best_epoch == min(range(len(val)), key=val.__getitem__) + 1
    assert len(h) == h.best_epoch + 3
    # validation held out the last 3 samples; the kept weights are those of best_epoch
    again = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)
    silent_fit(again, X[:9], y[:9], backend, epochs=h.best_epoch, **kw)
    assert snapshot(net) == snapshot(again)
    assert net.evaluate(X[9:], y[9:], backend=backend)["loss"] == pytest.approx(min(val), rel=1e-14)


# --------------------------------------------------------- history figures


def test_history_accuracy_and_loss_match_evaluate(backend):
    # the figures of an epoch are measured before its update (as each batch is
    # seen), so epoch 1 of a new fit scores the weights evaluate() saw
    net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=2)
    for _ in range(4):
        silent_fit(net, XOR_X, XOR_Y, backend, epochs=50, learning_rate=0.5)
        score = net.evaluate(XOR_X, XOR_Y, backend=backend)
        h = silent_fit(net, XOR_X, XOR_Y, backend, epochs=1, learning_rate=0.5, shuffle=False)
        assert h.history["loss"][0] == pytest.approx(score["loss"], rel=1e-14)
        assert h.history["accuracy"][0] == score["accuracy"]
    assert score["samples"] == 4


def test_accuracy_counts_by_argmax_for_softmax(backend):
    W = [[2.0, -1.0, 0.0], [-1.0, 2.0, 0.5]]
    net = Network([Dense(2, 3, "softmax", weights=W, bias=[0.0, 0.0, 0.0])], loss="crossentropy")
    X = [[1, 0], [0, 1], [0, 0], [1, 1]]
    # logits: [2,-1,0] -> 0 ; [-1,2,0.5] -> 1 ; [0,0,0] -> 0 (first max) ; [1,1,0.5] -> 0 (first max)
    assert net.predict_classes(X, backend=backend) == [0, 1, 0, 0]
    score = net.evaluate(X, [0, 1, 2, 0], backend=backend)
    assert score["accuracy"] == 0.75
    probs = net.predict(X, backend=backend)
    expected = -(math.log(probs[0][0]) + math.log(probs[1][1]) + math.log(probs[2][2])
                 + math.log(probs[3][0])) / 4
    assert score["loss"] == pytest.approx(expected, rel=1e-13)


def test_mse_accuracy_modes(backend):
    net = Network([Dense(1, 2, "sigmoid", weights=[[3.0, -3.0]], bias=[0.0, 0.0])], loss="mse")
    X = [[1.0], [-1.0]]
    # one-hot rows -> argmax: outputs [0.95, 0.05] and [0.05, 0.95]
    assert net.evaluate(X, [[1, 0], [1, 0]], backend=backend)["accuracy"] == 0.5
    # multi-label 0/1 rows -> every output thresholded
    assert net.evaluate(X, [[1, 0], [0, 0]], backend=backend)["accuracy"] == 0.5
    assert net.evaluate(X, [[1, 1], [0, 1]], backend=backend)["accuracy"] == 0.5
    # other targets -> regression, no accuracy
    assert net.evaluate(X, [[0.9, 0.1], [0.1, 0.9]], backend=backend)["accuracy"] is None


# --------------------------------------------------------------- prediction


def test_predict_single_flat_sample(backend):
    net = make_xor_net(5)
    rows = net.predict(XOR_X, backend=backend)
    assert len(rows) == 4 and all(len(r) == 1 for r in rows)
    for x, row in zip(XOR_X, rows):
        assert net.predict(x, backend=backend) == row
        assert net.predict([x], backend=backend) == [row]
        assert net.predict(tuple(x), backend=backend) == row
    # by hand through the layers
    a = [0.0, 1.0]
    for layer in net.layers:
        a = layer.forward(a)
    assert net.predict([0, 1], backend=backend) == pytest.approx(a, rel=1e-15)


def test_predict_one_input_networks(backend):
    net = Network([Dense(1, 2, "linear", weights=[[2.0, -1.0]], bias=[1.0, 0.5])])
    assert net.predict([[3.0]], backend=backend) == [[7.0, -2.5]]
    assert net.predict([3.0], backend=backend) == [7.0, -2.5]  # one flat sample
    assert net.predict([3.0, 0.0], backend=backend) == [[7.0, -2.5], [1.0, 0.5]]  # a column


def test_predict_classes(backend):
    net = Network([Dense(1, 1, "sigmoid", weights=[[4.0]], bias=[0.0])])
    assert net.predict_classes([[1.0], [-1.0], [0.0]], backend=backend) == [1, 0, 1]  # 0.5 -> 1
    assert net.predict_classes([-2.0], backend=backend) == 0
    multi = Network([Dense(2, 3, "softmax", weights=[[1, 0, 0], [0, 0, 1]], bias=[0, 0.5, 0])],
                    loss="crossentropy")
    assert multi.predict_classes([[2, 0], [0, 2], [0, 0]], backend=backend) == [0, 2, 1]
    assert multi.predict_classes([0, 2], backend=backend) == 2


def test_predict_does_not_change_the_network(backend):
    net = make_xor_net(5)
    before = snapshot(net)
    net.predict(XOR_X, backend=backend)
    net.evaluate(XOR_X, XOR_Y, backend=backend)
    assert snapshot(net) == before


# --------------------------------------------------------------- regression


def test_regression_learns_a_line(backend):
    X = [[x / 5] for x in range(-5, 6)]
    y = [2 * r[0] + 1 for r in X]
    net = Network([Dense(1, 1, "linear")], loss="mse", seed=0)
    h = silent_fit(net, X, y, backend, epochs=400, learning_rate=0.2)
    assert net.layers[0].weights[0][0] == pytest.approx(2.0, abs=1e-4)
    assert net.layers[0].bias[0] == pytest.approx(1.0, abs=1e-4)
    score = net.evaluate(X, y, backend=backend)
    assert score["accuracy"] is None
    assert score["loss"] < 1e-8
    assert h.history["accuracy"] == [None] * 400
    assert net.predict([[10.0]], backend=backend)[0][0] == pytest.approx(21.0, abs=1e-2)


# --------------------------------------------------------------- divergence


@pytest.mark.filterwarnings("ignore::tinynet.diagnostics.TrainingWarning")  # a diverging rate, on purpose
def test_divergence_error_keeps_finite_weights(backend):
    X, y = regression_data()
    net = Network([Dense(1, 1, "linear")], seed=0)
    with pytest.raises(DivergenceError) as info:
        silent_fit(net, X, y, backend, epochs=200, learning_rate=1e6, shuffle=False)
    assert isinstance(info.value, ValueError)
    assert "learning rate" in str(info.value)
    done = len(info.value.history)
    assert 0 < done < 200
    assert all(math.isfinite(v) for v in info.value.history.history["loss"])
    params = [v for layer in net.layers for row in layer.weights for v in row] + net.layers[0].bias
    assert all(math.isfinite(v) for v in params)
    # exactly the weights of the last good epoch
    again = Network([Dense(1, 1, "linear")], seed=0)
    silent_fit(again, X, y, backend, epochs=done, learning_rate=1e6, shuffle=False)
    assert snapshot(net) == snapshot(again)
    assert net.history is not None and len(net.history) == done
    # the network still works
    assert all(math.isfinite(v) for v in net.predict([[0.5]], backend=backend)[0])


def test_divergence_in_a_hidden_network(backend):
    X, y = regression_data()
    net = Network([Dense(1, 4, "relu"), Dense(4, 1, "linear")], seed=3)
    with pytest.raises(DivergenceError):
        silent_fit(net, X, y, backend, epochs=200, learning_rate=1e8, momentum=0.9)
    assert all(math.isfinite(v) for layer in net.layers for row in layer.weights for v in row)


# ------------------------------------------------------------------ saving


def trained_net(backend):
    net = Network([Dense(2, 3, "leaky_relu"), Dense(3, 2, "softmax")], loss="crossentropy", seed=6)
    silent_fit(net, XOR_X, XOR_Y, backend, epochs=20, learning_rate=0.3, momentum=0.5)
    return net


def test_save_load_predicts_identical_bits(tmp_path, backend):
    net = trained_net(backend)
    path = str(tmp_path / "model.json")
    net.save(path)
    loaded = tinynet.load(path)
    assert snapshot(loaded) == snapshot(net)
    assert loaded.loss == net.loss and loaded.sizes == net.sizes and loaded.seed == 6
    assert [layer.activation for layer in loaded.layers] == ["leaky_relu", "softmax"]
    X = [[0.1234567, -9.87654321], [3.3, 1e-7], [0, 1]]
    assert loaded.predict(X, backend=backend) == net.predict(X, backend=backend)
    assert loaded.history.history == net.history.history
    assert loaded.history.epoch == net.history.epoch
    assert loaded.optimizer.get_config() == net.optimizer.get_config()
    with open(path) as f:
        data = json.load(f)
    assert data["format"] == "tinynet-model" and data["version"] == 1


def test_save_load_untrained_and_regression(tmp_path, backend):
    net = Network([Dense(1, 1, "linear", weights=[[0.1]], bias=[0.2])])
    path = str(tmp_path / "plain.json")
    net.save(path)
    loaded = saving.load(path)
    assert loaded.history is None and loaded.optimizer is None and loaded.seed is None
    assert loaded.predict([[1.0 / 3.0]], backend=backend) == net.predict([[1.0 / 3.0]], backend=backend)
    silent_fit(net, [[0.0], [1.0]], [1.0, 3.0], backend, epochs=3)
    net.save(path)
    loaded = saving.load(path)
    assert loaded.history.history["accuracy"] == [None] * 3


def good_model_dict():
    net = Network([Dense(2, 2, "tanh"), Dense(2, 1, "sigmoid")], seed=1)
    return saving.to_dict(net)


def _mutate(path_keys, value):
    def change(d):
        target = d
        for key in path_keys[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[path_keys[-1]]
        else:
            target[path_keys[-1]] = value
        return json.dumps(d)
    return change


_DELETE = object()

MALFORMED = {
    "not-json": lambda d: "this is { not json",
    "truncated": lambda d: json.dumps(d)[:-20],
    "json-list": lambda d: "[1, 2, 3]",
    "wrong-format": _mutate(["format"], "keras-model"),
    "no-format": _mutate(["format"], _DELETE),
    "wrong-version": _mutate(["version"], 2),
    "version-as-string": _mutate(["version"], "1"),
    "version-true": _mutate(["version"], True),
    "unknown-activation": _mutate(["layers", 0, "activation"], "swish"),
    "unknown-loss": _mutate(["loss"], "kl_divergence"),
    "unknown-layer-type": _mutate(["layers", 1, "type"], "Conv2D"),
    "wrong-weight-rows": _mutate(["layers", 0, "weights"], [[0.1, 0.2]]),
    "wrong-weight-cols": _mutate(["layers", 1, "weights"], [[0.1, 0.2], [0.3, 0.4]]),
    "wrong-bias-length": _mutate(["layers", 0, "bias"], [0.0]),
    "nan-literal": lambda d: json.dumps(d).replace(
        json.dumps(d["layers"][0]["weights"][0][0]), "NaN", 1),
    "infinity-literal": lambda d: json.dumps(d).replace(
        json.dumps(d["layers"][1]["bias"][0]), "-Infinity", 1),
    "overflowing-number": lambda d: json.dumps(d).replace(
        json.dumps(d["layers"][0]["bias"][0]), "1e999", 1),
    "huge-integer": lambda d: json.dumps(d).replace(
        json.dumps(d["layers"][0]["bias"][0]), "1" + "0" * 400, 1),
    "string-in-weights": _mutate(["layers", 0, "weights", 1, 0], "0.5"),
    "null-in-bias": _mutate(["layers", 1, "bias", 0], None),
    "bool-in-weights": _mutate(["layers", 0, "weights", 0, 1], True),
    "missing-layers": _mutate(["layers"], _DELETE),
    "empty-layers": _mutate(["layers"], []),
    "missing-loss": _mutate(["loss"], _DELETE),
    "missing-weights": _mutate(["layers", 0, "weights"], _DELETE),
    "missing-bias": _mutate(["layers", 1, "bias"], _DELETE),
    "missing-n-in": _mutate(["layers", 0, "n_in"], _DELETE),
    "bool-n-in": _mutate(["layers", 0, "n_in"], True),
    "float-n-out": _mutate(["layers", 0, "n_out"], 2.0),
    "zero-n-in": _mutate(["layers", 0, "n_in"], 0),
    "layer-not-object": _mutate(["layers", 0], [1, 2]),
    "layer-sizes-disagree": lambda d: json.dumps(dict(d, layers=[d["layers"][1], d["layers"][0]])),
    "softmax-hidden": _mutate(["layers", 0, "activation"], "softmax"),
    "bad-seed": _mutate(["seed"], "one"),
    "bad-optimizer": _mutate(["optimizer"], {"name": "rmsprop"}),
    "optimizer-bad-setting": _mutate(["optimizer"], {"name": "sgd", "learning_rate": "fast"}),
    "optimizer-unknown-setting": _mutate(["optimizer"], {"name": "sgd", "speed": 1}),
    "history-not-object": _mutate(["history"], [1, 2]),
    "history-length-mismatch": _mutate(["history"], {"epoch": [1, 2], "loss": [0.5]}),
    "history-nan-string": _mutate(["history"], {"epoch": [1], "loss": ["NaN"]}),
}


def test_good_model_file_loads(tmp_path):
    path = tmp_path / "good.json"
    path.write_text(json.dumps(good_model_dict()))
    assert saving.load(str(path)).sizes == [2, 2, 1]


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_load_rejects_malformed_files(case, tmp_path):
    text = MALFORMED[case](good_model_dict())
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ValueError) as info:
        saving.load(str(path))
    assert str(path) in str(info.value)  # the message names the file


def test_save_refuses_to_write_non_finite_weights(tmp_path):
    net = Network([Dense(1, 1, "linear")], seed=0)
    net.layers[0].weights[0][0] = float("nan")  # corrupted in place, behind the setter's back
    with pytest.raises(ValueError):
        net.save(str(tmp_path / "nan.json"))


# ------------------------------------------------------------------ summary


def test_summary_text_has_parameter_counts():
    net = Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], loss="binary_crossentropy")
    text = net.summary_text()
    assert "12 (8 weights + 4 biases)" in text
    assert "5 (4 weights + 1 bias)" in text
    assert "total parameters: 17" in text
    assert "tanh" in text and "sigmoid" in text and "binary_crossentropy" in text
    assert net.parameter_count == 17 and net.sizes == [2, 4, 1]
    lines = []
    net.summary(print_fn=lines.append)
    assert lines == [text]
    assert str(net) == text
    big = Network([Dense(10, 7, "relu"), Dense(7, 3, "softmax")], loss="crossentropy")
    assert "total parameters: %d" % (10 * 7 + 7 + 7 * 3 + 3) in big.summary_text()
