"""Callbacks, Snapshots, a history that goes on across fit calls, and training diagnostics."""

import warnings

import pytest

from tinynet import Dense, Network
from tinynet.callbacks import Callback, Snapshots
from tinynet.datasets import make_moons
from tinynet.diagnostics import TrainingWarning, loss_problems, neuron_problems

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0, 1, 1, 0]


def xor_net(seed=1):
    return Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], loss="binary_crossentropy", seed=seed)


def params(net):
    return [[list(r) for r in layer.weights] + [list(layer.bias)] for layer in net.layers]


class Recorder(Callback):
    def __init__(self):
        self.calls = []

    def on_train_begin(self, logs=None):
        self.calls.append(("begin", dict(logs)))

    def on_epoch_end(self, epoch, logs=None):
        self.calls.append(("epoch", epoch, sorted(logs)))

    def on_train_end(self, logs=None):
        self.calls.append(("end", round(logs["loss"], 12)))


def test_callbacks_are_called_in_order_with_keras_names(backend):
    rec = Recorder()
    net = xor_net()
    h = net.fit(XOR_X, XOR_Y, epochs=3, learning_rate=0.5, verbose=0, backend=backend, callbacks=[rec])
    assert rec.model is net
    assert rec.calls[0] == ("begin", {"epochs": 3})
    assert [c[1] for c in rec.calls[1:4]] == [1, 2, 3]
    assert rec.calls[1][2] == ["accuracy", "loss", "lr", "seconds"]
    assert rec.calls[4] == ("end", round(h["loss"][-1], 12))


def test_a_callback_stops_training_keras_way(backend):
    class StopAt(Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 4:
                self.model.stop_training = True

    net, ref = xor_net(), xor_net()
    h = net.fit(XOR_X, XOR_Y, epochs=50, learning_rate=0.5, verbose=0, backend=backend,
                shuffle=False, callbacks=[StopAt()])
    assert len(h) == 4 and h.stopped_early
    ref.fit(XOR_X, XOR_Y, epochs=4, learning_rate=0.5, verbose=0, backend=backend, shuffle=False)
    assert params(net) == params(ref)  # stopped after epoch 4: exactly 4 epochs' weights
    # the flag does not carry over into the next fit
    net.fit(XOR_X, XOR_Y, epochs=2, learning_rate=0.5, verbose=0, backend=backend)
    assert len(net.history) == 6


def test_a_callback_without_the_methods_is_refused():
    with pytest.raises(TypeError, match="on_train_begin"):
        xor_net().fit(XOR_X, XOR_Y, epochs=1, verbose=0, callbacks=[object()])


def test_snapshots_copy_the_weights_at_the_chosen_epochs(backend):
    snaps = Snapshots(every=3)
    net = xor_net()
    start = params(net)
    net.fit(XOR_X, XOR_Y, epochs=7, learning_rate=0.5, verbose=0, backend=backend,
            shuffle=False, callbacks=[snaps])
    assert snaps.epochs == [0, 3, 6, 7]
    assert [snaps[0].weights[i] + [snaps[0].biases[i]] for i in range(2)] == start
    assert snaps[-1].weights[0] == net.layers[0].weights and snaps[-1].logs["loss"] == net.history["loss"][-1]
    # snapshot 3 holds the weights of a 3-epoch run, and is a copy, not a view
    ref = xor_net()
    ref.fit(XOR_X, XOR_Y, epochs=3, learning_rate=0.5, verbose=0, backend=backend, shuffle=False)
    assert [snaps[1].weights[i] + [snaps[1].biases[i]] for i in range(2)] == params(ref)
    twin = xor_net(5)
    snaps[1].apply_to(twin)
    assert params(twin) == params(ref)
    with pytest.raises(ValueError):
        Snapshots(every=0)


def test_history_goes_on_across_fit_calls(backend):
    net, ref = xor_net(), xor_net()
    for _ in range(10):
        net.fit(XOR_X, XOR_Y, epochs=1, learning_rate=0.5, verbose=0, backend=backend, shuffle=False)
    ref.fit(XOR_X, XOR_Y, epochs=10, learning_rate=0.5, verbose=0, backend=backend, shuffle=False)
    assert net.history.epoch == list(range(1, 11))
    assert net.history.history == ref.history.history
    assert len(net.history.epoch_seconds) == 10 and all(s >= 0 for s in net.history.epoch_seconds)
    assert net.history.seconds >= sum(net.history.epoch_seconds) * 0.99
    # a later fit with validation data pads the earlier epochs with None
    h = net.fit(XOR_X, XOR_Y, epochs=2, validation_data=(XOR_X, XOR_Y), verbose=0, backend=backend)
    assert h.epoch == [11, 12] and net.history.epoch[-1] == 12  # fit returns its own epochs
    assert h["loss"] == net.history["loss"][10:]
    full = net.history
    assert full["val_loss"][:10] == [None] * 10 and None not in full["val_loss"][10:]
    assert all(len(v) == 12 for v in full.history.values())
    net.reset_history()
    assert net.history is None
    net.fit(XOR_X, XOR_Y, epochs=2, verbose=0, backend=backend)
    assert net.history.epoch == [1, 2]


def test_snapshots_and_epochs_run_on_in_a_second_fit(backend):
    net = xor_net()
    net.fit(XOR_X, XOR_Y, epochs=4, verbose=0, backend=backend)
    snaps = Snapshots(every=2)
    net.fit(XOR_X, XOR_Y, epochs=4, verbose=0, backend=backend, callbacks=[snaps])
    assert snaps.epochs == [4, 6, 8]


def test_early_stopping_best_epoch_counts_on(backend):
    X, y = make_moons(60, noise=0.3, seed=2)
    net = Network([Dense(2, 8, "tanh"), Dense(8, 1, "sigmoid")], loss="binary_crossentropy", seed=1)
    net.fit(X, y, epochs=5, verbose=0, backend=backend)
    h = net.fit(X, y, epochs=400, learning_rate=2.0, validation_split=0.3, patience=3, verbose=0,
                backend=backend)
    assert h.stopped_early and h.best_epoch > 5
    assert h.epoch[0] == 6
    assert h.best_epoch == 6 + h["val_loss"].index(min(h["val_loss"]))


# ------------------------------------------------------------------ diagnostics


def test_diverging_learning_rate_warns(backend):
    X, y = make_moons(200, noise=0.2, seed=1)
    net = Network([Dense(2, 8, "tanh"), Dense(8, 1, "sigmoid")], loss="binary_crossentropy", seed=1)
    with pytest.warns(TrainingWarning, match="(higher than it started|oscillates).*Reading a loss curve"):
        net.fit(X, y, epochs=60, learning_rate=1e300, optimizer="adam", batch_size=32, verbose=0,
                backend=backend)


def test_loss_problems_in_words():
    assert loss_problems([1.0, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.38, 0.37, 0.36, 0.355, 0.35]) == []
    bouncing = [0.7, 0.3, 0.9, 0.2, 0.8, 0.3, 0.9, 0.25, 0.85, 0.3, 0.8, 0.35]
    assert "oscillates" in loss_problems(bouncing)[0]
    # small noise at the bottom of a converged run is not an oscillation
    settled = [0.7, 0.3, 0.1] + [0.05, 0.052] * 20
    assert loss_problems(settled) == []
    assert loss_problems([0.5, 5.0, 9.0]) == []  # too short to judge
    assert "higher than it started" in loss_problems([0.5, 0.4] + [0.9] * 8)[0]


def test_dead_relus_are_named():
    net = Network([Dense(2, 4, "relu"), Dense(4, 1, "sigmoid")], loss="binary_crossentropy", seed=1)
    net.layers[0].bias = [-100.0] * 4  # every hidden neuron outputs 0 for these inputs
    text = neuron_problems(net, XOR_X * 3)
    assert len(text) == 1 and "4 of the 4 hidden ReLU neurons are dead" in text[0]
    assert neuron_problems(net, XOR_X) == []  # four samples are too few to judge
    net.layers[0].bias = [-100.0, -100.0, 0.5, 0.5]
    assert neuron_problems(net, XOR_X * 3) == []  # half is not most


def test_saturated_sigmoids_are_named():
    net = Network([Dense(2, 3, "sigmoid"), Dense(3, 1, "sigmoid")], loss="binary_crossentropy", seed=1)
    net.layers[0].bias = [50.0, -50.0, 0.0]
    text = neuron_problems(net, XOR_X * 3)
    assert len(text) == 1 and "2 of the 3 hidden sigmoid neurons are saturated" in text[0]


def test_healthy_runs_do_not_warn(backend):
    X, y = make_moons(200, noise=0.2, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error", TrainingWarning)
        for act in ("relu", "tanh", "sigmoid"):
            net = Network([Dense(2, 8, act), Dense(8, 1, "sigmoid")], loss="binary_crossentropy", seed=1)
            net.fit(X, y, epochs=100, optimizer="adam", learning_rate=0.01, batch_size=16, verbose=0,
                    backend=backend)
        xor_net().fit(XOR_X, XOR_Y, epochs=5000, learning_rate=1.0, verbose=0, backend=backend)


def half_dead_net(act="relu"):
    """Three hidden neurons that output 0 (relu) or saturate (sigmoid) at the input [0, 0] and
    not at [4.5, 4.5]."""
    net = Network([Dense(2, 3, act), Dense(3, 1, "sigmoid")], loss="binary_crossentropy", seed=1)
    net.layers[0].weights = [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    net.layers[0].bias = [-1.0, -1.0, -1.0] if act == "relu" else [-9.0, -9.0, -9.0]
    return net


def spread(rows, most=200):
    """The samples fit looks at: at most ``most``, evenly spread over the data."""
    step = max(1, len(rows) // most)
    return [rows[i] for i in range(0, min(len(rows), most * step), step)]


@pytest.mark.parametrize("act", ["relu", "sigmoid"])
def test_fit_judges_the_neurons_on_samples_spread_over_the_data(backend, act):
    from tinynet import Dataset
    from tinynet.diagnostics import check_fit, check_training

    # 400 samples: fit looks at every second one, all [0, 0], where the neurons are unhealthy;
    # the first 200 samples hold [4.5, 4.5] too, where they are not
    X = [[0.0, 0.0] if i % 2 == 0 else [4.5, 4.5] for i in range(400)]
    y = [i % 2 for i in range(400)]
    word = "dead" if act == "relu" else "saturated"
    assert neuron_problems(half_dead_net(act), X[:200]) == []
    assert "3 of the 3 hidden" in neuron_problems(half_dead_net(act), spread(X))[0]
    inputs = [X, Dataset(X, y)]
    try:
        import numpy as np
    except ImportError:
        pass
    else:
        inputs += [np.array(X), np.asfortranarray(X)]
    for data in inputs:
        net = half_dead_net(act)
        with pytest.warns(TrainingWarning, match="3 of the 3 hidden %s neurons are %s" % (
                "ReLU" if act == "relu" else "sigmoid", word)) as caught:
            if isinstance(data, Dataset):
                net.fit(data, epochs=1, learning_rate=1e-12, verbose=0, backend=backend)
            else:
                net.fit(data, y, epochs=1, learning_rate=1e-12, verbose=0, backend=backend)
        assert caught[0].filename == __file__  # the warning points at the fit call
    net = half_dead_net(act)
    import array as _array

    flat = _array.array("d", [v for row in X for v in row])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrainingWarning)
        assert check_fit(net, [1.0] * 12, flat) == check_training(net, [1.0] * 12, spread(X))
        assert len(check_fit(net, [1.0] * 12, flat)) == 1
        assert check_fit(net, [], flat[:18]) == []  # 9 samples are too few to judge
        assert check_fit(half_dead_net("tanh"), [], flat) == []  # tanh neurons are not judged


def test_the_samples_judged_are_spread_evenly_whatever_holds_them():
    import array as _array

    from tinynet.diagnostics import _spread

    flat = _array.array("d", [float(v) for v in range(1797 * 3)])
    expected = [flat[i * 3:(i + 1) * 3].tolist() for i in range(0, 1600, 8)]  # every 8th of the first 1600
    for data in (flat, memoryview(flat), memoryview(flat)[3:], memoryview(flat).cast("B").cast("d"),
                 memoryview(_array.array("d", [v for v in flat for _ in range(2)]))[::2]):  # not contiguous
        count, got = _spread(data, 3, 200)
        rows = [got[i * 3:(i + 1) * 3].tolist() for i in range(count)]
        assert count == 200 and rows == (expected if len(data) == len(flat) else
                                         [flat[i * 3 + 3:(i + 1) * 3 + 3].tolist() for i in range(0, 1600, 8)])
    for n in (1, 9, 150, 200, 399, 400):  # fewer than 200, or not many more: every sample, or every second
        count, got = _spread(flat[:n * 3], 3, 200)
        step = max(1, n // 200)
        assert count == min(n, 200) and got.tolist() == [
            v for i in range(0, count * step, step) for v in flat[i * 3:(i + 1) * 3]]
