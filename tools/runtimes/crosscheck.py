"""Seeded trainings whose exact bits must agree on every runtime (issue 10).

    python tools/runtimes/crosscheck.py [python|cython]

Plain code that runs unchanged on CPython, PyPy, Pyodide and MicroPython. It
trains, each with a fixed seed (and shuffling where there are mini-batches):

* ``tutorial``: the classic tutorial's neuron (``tinynet.classic``), 1,000 iterations;
* ``xor``: 2-4-1 (tanh, sigmoid), binary cross-entropy, SGD, batches of 2;
* ``iris``: 4-8-3 (tanh, softmax), cross-entropy, Adam, batches of 16;
* ``digits``: 64-32-10 (sigmoid, softmax) on the first 500 digits, momentum, 3 epochs;

and prints one line per training: its name, the SHA-256 of the exact
IEEE-754 bits of every weight, bias and history value, and the final loss
for people. ``crosscheck_compare.py`` compares those lines between runtimes.
The data files are read directly (``tinynet.datasets`` needs ``csv``, which
MicroPython lacks), from the installed package's ``data`` folder.
"""

import binascii
import gzip
import hashlib
import struct
import sys

import tinynet
from tinynet import Dense, Network
from tinynet.classic import TUTORIAL_INPUTS, TUTORIAL_OUTPUTS, NeuralNetwork

DATA = tinynet.__file__.replace("\\", "/").rsplit("/", 1)[0] + "/data/"


def bits(values):
    """The little-endian bytes of each float in ``values`` (None as b'N')."""
    return b"".join(b"N" if v is None else struct.pack("<d", float(v)) for v in values)


def digest(parts):
    """SHA-256, as hex, of the byte strings ``parts`` joined by b'|'."""
    return binascii.hexlify(hashlib.sha256(b"|".join(parts)).digest()).decode()


def network_parts(net):
    """Byte strings for every weight row, bias and history list of ``net``."""
    parts = []
    for layer in net.layers:
        for row in layer.weights:
            parts.append(bits(row))
        parts.append(bits(layer.bias))
    history = net.history.history
    for key in sorted(history):
        parts.append(key.encode())
        parts.append(bits(history[key]))
    return parts


def read_csv_numbers(text, skip_header):
    """Rows of floats from comma-separated ``text`` (the last column an int label)."""
    X, y = [], []
    lines = text.strip().split("\n")
    for line in lines[1:] if skip_header else lines:
        fields = line.strip().split(",")
        X.append([float(v) for v in fields[:-1]])
        y.append(int(fields[-1]))
    return X, y


def load_iris():
    with open(DATA + "iris.csv") as f:
        return read_csv_numbers(f.read(), skip_header=True)


def load_digits(count):
    with open(DATA + "digits.csv.gz", "rb") as f:
        text = gzip.decompress(f.read()).decode()
    X, y = read_csv_numbers(text, skip_header=False)
    return [[v / 16.0 for v in row] for row in X[:count]], y[:count]


def report(name, parts, loss):
    print("%s %s final %r" % (name, digest(parts), loss))


def tutorial():
    nn = NeuralNetwork(seed=1)
    nn.train(TUTORIAL_INPUTS, TUTORIAL_OUTPUTS, 1000)
    weights = [row[0] for row in nn.synaptic_weights]
    out = nn.think([1.0, 0.0, 0.0])
    out = out[0] if isinstance(out, list) else out
    report("tutorial", [bits(weights), bits([out])], out)


def fit_and_report(name, layers, loss, X, y, backend, **options):
    net = Network(layers, loss=loss, seed=1)
    net.fit(X, y, verbose=0, shuffle=True, backend=backend, **options)
    report(name, network_parts(net), net.history.history["loss"][-1])


def main(backend=None):
    print("# %s %s, tinynet %s, backend %s" % (
        sys.implementation.name, sys.version.split()[0], tinynet.__version__, backend or tinynet.BACKEND))
    tutorial()
    fit_and_report("xor", [Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], "binary_crossentropy",
                   [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0], backend,
                   epochs=500, learning_rate=0.5, batch_size=2)
    X, y = load_iris()
    fit_and_report("iris", [Dense(4, 8, "tanh"), Dense(8, 3, "softmax")], "crossentropy", X, y, backend,
                   epochs=30, optimizer="adam", learning_rate=0.01, batch_size=16)
    X, y = load_digits(500)
    fit_and_report("digits", [Dense(64, 32, "sigmoid"), Dense(32, 10, "softmax")], "crossentropy", X, y,
                   backend, epochs=3, optimizer="momentum", learning_rate=0.1, batch_size=32)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None)
