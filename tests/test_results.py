"""The results tinynet must reach on real problems, with fixed seeds, on every backend.

* Iris, stratified 70/30 split: test accuracy >= 95%.
* Two moons (400 points, noise 0.2), one hidden layer: test accuracy >= 95%.
* Handwritten digits, stratified 75/25 split: test accuracy >= 95%, and
  training takes < 30 s on the compiled loop (pure Python runs it in the
  benchmark instead: about 15 s, too slow for the suite).
* A trained iris model survives save -> load with identical bits.

The hyperparameters were chosen to pass for many seeds, not one lucky one
(the figures measured for other seeds are in the comments); the tests use one
fixed seed each.
"""

import time

import pytest

import tinynet
from tinynet import Dense, Network
from tinynet.datasets import Standardizer, load_digits, load_iris, make_moons, train_test_split
from tinynet.metrics import accuracy


def _iris(seed=0):
    X, y = load_iris()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, seed=seed, stratify=True)
    scaler = Standardizer().fit(X_train)          # fitted on the training set only
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def _train_iris(backend, seed=0, epochs=150):
    X_train, X_test, y_train, y_test = _iris(seed)
    net = Network([Dense(4, 8, "tanh"), Dense(8, 3, "softmax")], loss="crossentropy", seed=seed)
    net.fit(X_train, y_train, epochs=epochs, optimizer="adam", learning_rate=0.01, batch_size=16,
            verbose=0, backend=backend)
    return net, X_train, X_test, y_train, y_test


def test_iris_test_accuracy(backend):
    # Split seed 0, weights seeds 0-9: 0.978-1.000. Over split seeds 0-9, 8
    # of 10 splits reach >= 0.956 for weights seeds 0-2; splits 2 and 3 put
    # the few overlapping versicolor/virginica flowers in the test set and
    # score 0.91-0.93 whatever the network.
    net, X_train, X_test, y_train, y_test = _train_iris(backend)
    train = net.evaluate(X_train, y_train, backend=backend)["accuracy"]
    test = net.evaluate(X_test, y_test, backend=backend)["accuracy"]
    assert len(X_test) == 45 and [y_test.count(c) for c in range(3)] == [15, 15, 15]
    assert test >= 0.95, "iris test accuracy %.3f (train %.3f)" % (test, train)
    assert accuracy(y_test, net.predict_classes(X_test, backend=backend)) == test


def test_two_moons_test_accuracy(backend):
    # 400 points, noise 0.2, 2-16(tanh)-1(sigmoid), Adam 0.01, batches of 16,
    # 200 epochs. Data seed 1: 0.97-0.99 for weights seeds 0-9. Over data seeds
    # 0-19 (3 weights seeds each) the mean is 0.96 and 15 of 20 data sets
    # reach >= 0.95 for every weights seed; with noise 0.2 a few percent of
    # the points lie across any boundary, so ~97% is about the ceiling.
    X, y = make_moons(400, noise=0.2, seed=1)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, seed=1, stratify=True)
    net = Network([Dense(2, 16, "tanh"), Dense(16, 1, "sigmoid")], loss="binary_crossentropy", seed=1)
    net.fit(X_train, y_train, epochs=200, optimizer="adam", learning_rate=0.01, batch_size=16,
            verbose=0, backend=backend)
    test = net.evaluate(X_test, y_test, backend=backend)["accuracy"]
    assert len(X_test) == 100
    assert test >= 0.95, "two moons test accuracy %.3f" % test


def test_digits_test_accuracy_and_time(backend):
    if backend == "python":
        pytest.skip("pure-Python digits is run in the benchmark, too slow for the suite")
    # 64-32(relu)-10(softmax), pixels / 16, Adam 0.01, batches of 32, 20
    # epochs. Seeds 0-9 (split and weights): 0.967-0.982 test accuracy,
    # 0.13-0.3 s of training on the compiled loop (about 15 s in pure Python).
    X, y = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, seed=0, stratify=True)
    X_train = [[v / 16.0 for v in row] for row in X_train]
    X_test = [[v / 16.0 for v in row] for row in X_test]
    net = Network([Dense(64, 32, "relu"), Dense(32, 10, "softmax")], loss="crossentropy", seed=0)
    started = time.perf_counter()
    net.fit(X_train, y_train, epochs=20, optimizer="adam", learning_rate=0.01, batch_size=32,
            verbose=0, backend=backend)
    seconds = time.perf_counter() - started
    test = net.evaluate(X_test, y_test, backend=backend)["accuracy"]
    assert len(X_train) == 1347 and len(X_test) == 450
    assert test >= 0.95, "digits test accuracy %.3f" % test
    assert seconds < 30.0, "digits training took %.1f s on the compiled loop" % seconds


def test_save_load_gives_identical_bits(backend, tmp_path):
    net, _, X_test, _, y_test = _train_iris(backend, epochs=60)
    path = tmp_path / "iris.json"
    net.save(str(path))
    loaded = tinynet.load(str(path))
    for original, copy in zip(net.layers, loaded.layers):
        assert [[w.hex() for w in row] for row in copy.weights] == \
            [[w.hex() for w in row] for row in original.weights]
        assert [b.hex() for b in copy.bias] == [b.hex() for b in original.bias]
    before = net.predict(X_test, backend=backend)
    after = loaded.predict(X_test, backend=backend)
    assert [[p.hex() for p in row] for row in after] == [[p.hex() for p in row] for row in before]
    assert loaded.predict_classes(X_test, backend=backend) == net.predict_classes(X_test, backend=backend)
    assert loaded.evaluate(X_test, y_test, backend=backend) == net.evaluate(X_test, y_test, backend=backend)
    assert loaded.history.history["loss"] == net.history.history["loss"]
