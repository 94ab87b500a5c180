"""The core of tinynet on MicroPython: a plain script, no pytest.

Run by ``node tools/runtimes/micropython_run.mjs tests/micropython/check_core.py``
(MicroPython's WebAssembly port, with the tinynet package copied to /lib);
it runs unchanged on CPython, PyPy and Pyodide, where it checks the same things.

It trains small seeded networks with every activation, every loss and every
optimizer (by name and as objects, with both learning-rate schedules), then
predicts, evaluates, saves and loads, and checks that

* every loss is finite and the last epoch's is below the first's;
* a network trained twice with the same seed gives the same bits;
* save then load gives back every weight and bias exactly, and the same
  predictions and evaluation, bit for bit;

and prints one line per training with a hash of the exact bits of its
weights, biases and history, so runs on different runtimes can be compared.
It raises AssertionError (the runner exits non-zero) at the first failure.
"""

import binascii
import hashlib
import math
import os
import struct
import sys

import tinynet
from tinynet import SGD, Adam, Dense, ExponentialDecay, Momentum, Network, StepDecay
from tinynet.activations import ACTIVATIONS
from tinynet.losses import LOSSES

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0, 1, 1, 0]
XOR_PM = [-1, 1, 1, -1]  # the same classes as hinge labels
# three small clusters in the plane, for the multi-class (softmax) networks
BLOBS_X = [[0.0, 0.1], [0.2, 0.0], [0.1, 0.3], [2.0, 2.1], [2.2, 1.9], [1.9, 2.3],
           [0.0, 2.0], [0.3, 2.2], [0.1, 1.8]]
BLOBS_Y = [0, 0, 0, 1, 1, 1, 2, 2, 2]
# a regression target for MSE with a linear output: y = x0 - 2 * x1 (as columns)
LINE_X = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.5, 0.5], [0.25, 0.75]]
LINE_Y = [[x0 - 2.0 * x1] for x0, x1 in LINE_X]

MODEL_FILE = "check_core_model.json"
checks = 0


def check(condition, message):
    """Count a check; raise AssertionError with ``message`` if it fails."""
    global checks
    checks += 1
    if not condition:
        raise AssertionError(message)


def float_bits(values):
    """The little-endian IEEE-754 bytes of each float in ``values`` (None as b'N')."""
    out = []
    for v in values:
        out.append(b"N" if v is None else struct.pack("<d", float(v)))
    return b"".join(out)


def network_bits(net):
    """The exact bits of every weight, bias and history value of ``net``."""
    parts = []
    for layer in net.layers:
        for row in layer.weights:
            parts.append(float_bits(row))
        parts.append(float_bits(layer.bias))
    history = net.history.history if net.history is not None else {}
    for key in sorted(history):
        parts.append(key.encode())
        parts.append(float_bits(history[key]))
    return b"|".join(parts)


def digest(data):
    """The SHA-256 of ``data`` as hex (hashlib on MicroPython has no hexdigest)."""
    return binascii.hexlify(hashlib.sha256(data).digest()).decode()


def finite(value):
    return not (math.isinf(value) or math.isnan(value))


def train(name, layers, loss, X, y, **fit_options):
    """Train a seeded network twice; check it learns and repeats; print its hash."""
    nets = []
    for _ in range(2):
        net = Network(layers(), loss=loss, seed=7)
        net.fit(X, y, verbose=0, **fit_options)
        nets.append(net)
    net = nets[0]
    losses = net.history.history["loss"]
    check(len(losses) == fit_options["epochs"], "%s: %d epochs recorded" % (name, len(losses)))
    check(all(finite(v) for v in losses), "%s: a loss is not finite: %r" % (name, losses))
    check(losses[-1] < losses[0], "%s: the loss did not go down: %r -> %r" % (name, losses[0], losses[-1]))
    bits = network_bits(net)
    check(bits == network_bits(nets[1]), "%s: the same seed gave different bits" % name)
    print("%-34s %s loss %r -> %r" % (name, digest(bits)[:16], losses[0], losses[-1]))
    return net


def check_save_load(name, net, X, y):
    """Save, load and compare exactly: weights, biases, predictions, evaluation."""
    net.save(MODEL_FILE)
    try:
        back = tinynet.load(MODEL_FILE)
    finally:
        os.remove(MODEL_FILE)
    check(len(back.layers) == len(net.layers), name + ": layer count changed")
    for a, b in zip(net.layers, back.layers):
        check(a.activation == b.activation, name + ": activation changed")
        for ra, rb in zip(a.weights, b.weights):
            check(float_bits(ra) == float_bits(rb), name + ": a weight changed in save/load")
        check(float_bits(a.bias) == float_bits(b.bias), name + ": a bias changed in save/load")
    before, after = net.predict(X), back.predict(X)
    for ra, rb in zip(before, after):
        check(float_bits(ra) == float_bits(rb), name + ": predictions changed after load")
    e1, e2 = net.evaluate(X, y), back.evaluate(X, y)
    check(float_bits([e1["loss"], e1["accuracy"]]) == float_bits([e2["loss"], e2["accuracy"]]),
          name + ": evaluation changed after load")
    check(net.predict_classes(X) == back.predict_classes(X), name + ": classes changed after load")


def main():
    print("tinynet %s on %s (%s), backend %s" % (
        tinynet.__version__, sys.implementation.name, sys.version.split()[0], tinynet.BACKEND))
    hidden = [a for a in ACTIVATIONS if a != "softmax"]  # softmax is an output layer's

    # every hidden activation, on XOR, full batch and mini-batches with shuffling
    for activation in hidden:
        net = train("xor hidden=" + activation,
                    lambda a=activation: [Dense(2, 4, a), Dense(4, 1, "sigmoid")],
                    "binary_crossentropy", XOR_X, XOR_Y,
                    epochs=60, learning_rate=0.2, batch_size=4, shuffle=True)
        check_save_load("xor hidden=" + activation, net, XOR_X, XOR_Y)
        accuracy = net.evaluate(XOR_X, XOR_Y)["accuracy"]
        check(0.0 <= accuracy <= 1.0, "accuracy out of range: %r" % accuracy)

    # every loss, each with the output it belongs with
    for loss in LOSSES:
        if loss == "mse":
            layers, X, y = (lambda: [Dense(2, 3, "tanh"), Dense(3, 1, "linear")]), LINE_X, LINE_Y
        elif loss == "binary_crossentropy":
            layers, X, y = (lambda: [Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")]), XOR_X, XOR_Y
        elif loss == "crossentropy":
            layers, X, y = (lambda: [Dense(2, 5, "relu"), Dense(5, 3, "softmax")]), BLOBS_X, BLOBS_Y
        elif loss == "hinge":  # micrograd's max-margin loss: -1/+1 labels, a linear score
            layers, X, y = (lambda: [Dense(2, 4, "tanh"), Dense(4, 1, "linear")]), XOR_X, XOR_PM
        else:
            raise AssertionError("check_core.py does not know the loss %r yet: add it here" % loss)
        net = train("loss=" + loss, layers, loss, X, y,
                    epochs=40, learning_rate=0.05, batch_size=3, shuffle=True)
        check_save_load("loss=" + loss, net, X, y)

    # every optimizer by name and as an object, and both learning-rate schedules
    def softmax_net():
        return [Dense(2, 6, "leaky_relu"), Dense(6, 3, "softmax")]

    for label, options in (
        ("sgd", {"optimizer": "sgd", "learning_rate": 0.2}),
        ("momentum", {"optimizer": "momentum", "learning_rate": 0.05}),
        ("adam", {"optimizer": "adam", "learning_rate": 0.02}),
        ("SGD(momentum=0.5)", {"optimizer": SGD(learning_rate=0.1, momentum=0.5)}),
        ("Momentum()", {"optimizer": Momentum(learning_rate=0.05)}),
        ("Adam()", {"optimizer": Adam(learning_rate=0.02)}),
        ("sgd+StepDecay", {"learning_rate": 0.2, "lr_schedule": StepDecay(step_size=10, gamma=0.5)}),
        ("adam+ExponentialDecay", {"optimizer": "adam", "learning_rate": 0.02,
                                   "lr_schedule": ExponentialDecay(gamma=0.97)}),
        ("sgd+weight_decay", {"learning_rate": 0.2, "weight_decay": 0.001}),
    ):
        net = train("optimizer=" + label, softmax_net, "crossentropy", BLOBS_X, BLOBS_Y,
                    epochs=40, batch_size=4, shuffle=True, **options)
        check_save_load("optimizer=" + label, net, BLOBS_X, BLOBS_Y)

    # validation data and early stopping keep the best epoch's weights
    net = Network(softmax_net(), loss="crossentropy", seed=7)
    history = net.fit(BLOBS_X, BLOBS_Y, epochs=30, learning_rate=0.2, batch_size=3, verbose=0,
                      validation_data=(BLOBS_X, BLOBS_Y), patience=5)
    check(all(finite(v) for v in history.history["val_loss"]), "val_loss is not finite")
    print("checks passed: %d" % checks)


main()
