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
Then it checks the rest of what the core promises there:

* ``tinynet.classic`` starts from NumPy's numbers for ``seed=1`` (exactly)
  and ends the tutorial's 10,000 iterations where NumPy does (to 1e-9);
* ``gradient_check``, ``Dataset``, callbacks (``Snapshots``, stopping),
  early stopping (the best epoch's weights are kept) and ``validation_split``;
* JSON keeps every float exactly: 4,000 awkward doubles (any exponent,
  subnormals, the largest) survive ``json``, ``save``/``load`` here, and a
  model file written by CPython (``saved_on_cpython.json`` beside this
  script) loads with the very bits CPython wrote; a model trained here
  equals, bit for bit, the one CPython trained and saved
  (``trained_on_cpython.json``);
* bad input gets the clear errors (a missing file, NaN in the data);
* the parts that need modules this Python lacks (``tinynet.cli``, ``tinynet.demo``,
  ``tinynet.plotting``, ``tinynet.bench``) raise an ImportError naming the module
  and the part, and import where the module exists;
* ``tinynet.datasets`` imports, and its shipped data, splits, scalers and the
  generators that use no ``math.cos``/``sin``/``gauss`` give CPython's very
  bits (``datasets_on_cpython.json`` holds their hashes), a network trained on
  Iris from them too; ``make_moons`` and the other noisy or curved generators
  give CPython's labels and its points to within a few ulps (this platform's
  ``cos``, ``sin`` and ``log`` may round differently: it prints how many values
  differ); ``load_csv`` and ``read_csv_rows`` raise an ImportError naming
  ``csv`` where there is none, and read a file where there is.

It raises AssertionError (the runner exits non-zero) at the first failure.

    python tests/micropython/check_core.py --write-fixtures

(on CPython, from the checkout) writes the three fixture files again, after a
change that alters tinynet's trained numbers or its datasets.
"""

import binascii
import hashlib
import json
import math
import os
import struct
import sys

import tinynet
from tinynet import (
    SGD,
    Adam,
    Callback,
    Dataset,
    Dense,
    ExponentialDecay,
    Momentum,
    Network,
    Snapshots,
    StepDecay,
    gradient_check,
)
from tinynet.activations import ACTIVATIONS
from tinynet.classic import TUTORIAL_INPUTS, TUTORIAL_OUTPUTS, NeuralNetwork
from tinynet.losses import LOSSES
from tinynet.rng import Random

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
HERE = __file__.replace("\\", "/").rsplit("/", 1)[0] + "/"  # this script's folder
SAVED_ON_CPYTHON = HERE + "saved_on_cpython.json"      # awkward doubles, written by CPython
TRAINED_ON_CPYTHON = HERE + "trained_on_cpython.json"  # a seeded training, saved by CPython
DATASETS_ON_CPYTHON = HERE + "datasets_on_cpython.json"  # tinynet.datasets' results on CPython
CSV_FILE = "check_core_data.csv"

# recorded from NumPy 2.4.6 (as in tests/test_classic.py): np.random.seed(1);
# 2 * np.random.random((3, 1)) - 1, and the tutorial's network after train(..., 10000)
NUMPY_START_WEIGHTS = [-0.165955990594852, 0.4406489868843162, -0.9997712503653102]
NUMPY_AFTER_10000 = [9.672993027736892, -0.20784349926631962, -4.62963668773159]
NUMPY_THINK_AFTER_10000 = 0.9999370428352157
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


def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(abs(a), abs(b))


def check_classic():
    """The tutorial's neuron: NumPy's starting weights exactly, its trained numbers to 1e-9."""
    nn = NeuralNetwork(seed=1)
    start = [row[0] for row in nn.synaptic_weights]
    check(float_bits(start) == float_bits(NUMPY_START_WEIGHTS), "classic: not NumPy's start %r" % start)
    nn.train(TUTORIAL_INPUTS, TUTORIAL_OUTPUTS, 10000)
    weights = [row[0] for row in nn.synaptic_weights]
    check(all(close(a, b) for a, b in zip(weights, NUMPY_AFTER_10000)), "classic: weights %r" % weights)
    out = nn.think([1, 0, 0])
    out = out[0] if isinstance(out, list) else out
    check(close(out, NUMPY_THINK_AFTER_10000), "classic: think([1, 0, 0]) = %r" % out)
    print("classic tutorial                   %s think([1, 0, 0]) %r" % (digest(float_bits(weights))[:16], out))


def xor_net(seed=7):
    return Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], loss="binary_crossentropy", seed=seed)


class Recorder(Callback):
    """Records the epochs it sees and stops training after ``stop`` of them."""

    def __init__(self, stop):
        self.stop = stop
        self.epochs = []

    def on_epoch_end(self, epoch, logs=None):
        self.epochs.append(epoch)
        if len(self.epochs) >= self.stop:
            self.model.stop_training = True


def check_training_tools():
    """gradient_check, Dataset, callbacks, early stopping, validation_split."""
    result = gradient_check(xor_net(), XOR_X, XOR_Y)
    check(result["checked"] == 17 and result["max_relative_error"] < 1e-5,
          "gradient_check: %r" % (result,))

    a, b = xor_net(), xor_net()
    a.fit(XOR_X, XOR_Y, epochs=20, learning_rate=0.5, batch_size=2, verbose=0)
    b.fit(Dataset(XOR_X, XOR_Y), epochs=20, learning_rate=0.5, batch_size=2, verbose=0)
    check(network_bits(a) == network_bits(b), "a Dataset trains differently from its lists")
    check(len(Dataset(XOR_X, XOR_Y)) == 4, "len(Dataset) is not 4")

    net, recorder, snapshots = xor_net(), Recorder(stop=5), Snapshots(every=2)
    history = net.fit(XOR_X, XOR_Y, epochs=50, learning_rate=0.5, verbose=0, callbacks=[recorder, snapshots])
    check(recorder.epochs == [1, 2, 3, 4, 5], "callback saw epochs %r" % recorder.epochs)
    check(len(history.history["loss"]) == 5, "stop_training did not stop after 5 epochs")
    check(snapshots.epochs == [0, 2, 4, 5], "snapshots at epochs %r" % (snapshots.epochs,))

    def softmax_net():
        return Network([Dense(2, 6, "leaky_relu"), Dense(6, 3, "softmax")], loss="crossentropy", seed=7)

    net = softmax_net()
    history = net.fit(BLOBS_X, BLOBS_Y, epochs=200, learning_rate=1.5, batch_size=3, verbose=0,
                      validation_data=(BLOBS_X[::2], BLOBS_Y[::2]), patience=3)
    val = history.history["val_loss"]
    check(len(val) < 200, "patience=3 did not stop early (%d epochs)" % len(val))
    best = min(v for v in val if v is not None)
    check(float_bits([net.evaluate(BLOBS_X[::2], BLOBS_Y[::2])["loss"]]) == float_bits([best]),
          "early stopping did not keep the best epoch's weights")

    net = softmax_net()
    history = net.fit(BLOBS_X, BLOBS_Y, epochs=10, learning_rate=0.2, verbose=0, validation_split=0.25)
    check(len(history.history["val_loss"]) == 10 and all(finite(v) for v in history.history["val_loss"]),
          "validation_split gave no validation loss")
    print("gradient_check, Dataset, callbacks, early stopping, validation_split: ok")


def awkward_doubles(count):
    """``count`` finite doubles from seeded bit patterns: every exponent, subnormals, extremes."""
    rng = Random(2026)
    values = [5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
              -1.7976931348623157e308, 0.1, 1.0 / 3.0, 2.0 ** 53 + 2.0, 1e-300, 1e300]
    while len(values) < count:
        kind = len(values) % 3
        bits = rng.getrandbits(64)
        if kind == 1:
            bits &= (1 << 52) - 1 | 1 << 63  # exponent 0: a subnormal
        elif kind == 2:
            bits = (bits & ((1 << 52) - 1 | 1 << 63)) | (rng.randrange(1013, 1035) << 52)  # near 1
        v = struct.unpack("<d", struct.pack("<Q", bits))[0]
        if finite(v):
            values.append(v)
    return values


def awkward_network():
    """One Dense(50, 80) layer whose weights and biases are awkward doubles."""
    values = awkward_doubles(50 * 80 + 80)
    weights = [values[80 * k:80 * (k + 1)] for k in range(50)]
    return Network([Dense(50, 80, "linear", weights=weights, bias=values[50 * 80:])])


def trained_on_this_runtime():
    """The training saved as trained_on_cpython.json: Adam on the blobs, mini-batches, shuffled."""
    net = Network([Dense(2, 6, "tanh"), Dense(6, 3, "softmax")], loss="crossentropy", seed=11)
    net.fit(BLOBS_X, BLOBS_Y, epochs=25, optimizer="adam", learning_rate=0.05, batch_size=4, verbose=0)
    return net


def check_exact_json():
    """Every float survives json and save/load here, and CPython's files load with CPython's bits."""
    values = awkward_doubles(4000)
    back = json.loads(json.dumps(values))
    check(float_bits(back) == float_bits(values), "json.loads(json.dumps(x)) changed a float")
    check(float_bits([float(repr(v)) for v in values]) == float_bits(values), "float(repr(x)) != x")
    net = awkward_network()
    net.save(MODEL_FILE)
    try:
        back = tinynet.load(MODEL_FILE)
    finally:
        os.remove(MODEL_FILE)
    check(network_bits(back) == network_bits(net), "save/load here changed an awkward double")
    saved = tinynet.load(SAVED_ON_CPYTHON)
    check(network_bits(saved) == network_bits(net), "a model saved on CPython loads with other bits")
    theirs, ours = tinynet.load(TRAINED_ON_CPYTHON), trained_on_this_runtime()
    check(network_bits(theirs) == network_bits(ours), "this runtime trains other bits than CPython saved")
    check(theirs.predict(BLOBS_X) == ours.predict(BLOBS_X), "CPython's model predicts other numbers here")
    print("exact JSON: 4000 doubles, CPython's files: ok")


def expect_error(kinds, words, action, *args, **kwargs):
    """Check that ``action(*args)`` raises one of ``kinds`` with every text in ``words`` in its message."""
    try:
        action(*args, **kwargs)
    except kinds as exc:
        for word in words:
            check(word in str(exc), "the error %r does not say %r" % (str(exc), word))
        return
    raise AssertionError("%s(...) did not raise %r" % (getattr(action, "__name__", action), kinds))


def check_errors():
    """Clear errors for bad input, and for the parts that need what this Python lacks."""
    expect_error(OSError, ["no_such_model.json", "does not exist"], tinynet.load, "no_such_model.json")
    expect_error(ValueError, ["X[1][0]", "NaN"], xor_net().fit, [[0, 0], [float("nan"), 1]], [0, 1], verbose=0)
    expect_error(ValueError, ["sigmod"], Dense, 2, 1, "sigmod")
    expect_error(TypeError, ["seed"], Network, [Dense(2, 1)], seed=1.5)
    for module, needs in (("tinynet.cli", "argparse"), ("tinynet.plotting", "xml.sax.saxutils"),
                          ("tinynet.bench", "argparse"), ("tinynet.demo", "argparse")):
        try:
            __import__(needs)
            available = True
        except ImportError:
            available = False
        if available:
            __import__(module)  # must import where what it needs exists
        else:
            expect_error(ImportError, [module, repr(needs)], __import__, module)
    print("errors: ok")


def data_bits(value):
    """The exact bits of nested lists and tuples of floats, ints and strings."""
    if isinstance(value, (list, tuple)):
        return b"[" + b",".join(data_bits(v) for v in value) + b"]"
    if isinstance(value, float):
        return struct.pack("<d", value)
    return repr(value).encode()


def exact_datasets():
    """What tinynet.datasets gives with no math but + - * / sqrt: name -> result."""
    from tinynet import datasets
    X, y = datasets.load_iris()
    xor_points = datasets.make_xor(60, seed=0)  # uniform draws only: no cos, sin or log
    return [
        ("load_tutorial", datasets.load_tutorial()),
        ("load_xor", datasets.load_xor()),
        ("load_gate('nand')", datasets.load_gate("nand")),
        ("load_iris", datasets.load_iris(return_names=True)),
        ("load_digits", datasets.load_digits(return_names=True)),
        ("train_test_split(iris, stratify)", datasets.train_test_split(X, y, test_size=0.2, seed=3, stratify=True)),
        ("train_test_split(iris, 7)", datasets.train_test_split(X, y, test_size=7, seed=5)),
        ("Standardizer(iris)", datasets.Standardizer().fit_transform(X)),
        ("MinMaxScaler(iris)", datasets.MinMaxScaler((-1, 2)).fit_transform(X)),
        ("make_xor(seed=0)", xor_points),
        ("make_plane(noise=0, seed=0)", datasets.make_plane(60, seed=0)),
        ("expand_features(xor)", datasets.expand_features(xor_points[0], ["x1", "x2", "x1^2", "x2^2", "x1*x2"])),
        ("load_dataset('iris')", datasets.load_dataset("iris").X),
        ("iris 4-8-3 adam", iris_network_bits(datasets)),
    ]


def iris_network_bits(datasets):
    """A 4-8-3 network trained with Adam on Iris, standardized and split by tinynet.datasets."""
    X, y = datasets.load_iris()
    X_train, X_test, y_train, y_test = datasets.train_test_split(X, y, test_size=0.25, seed=1, stratify=True)
    scaler = datasets.Standardizer().fit(X_train)
    net = Network([Dense(4, 8, "tanh"), Dense(8, 3, "softmax")], loss="crossentropy", seed=1)
    net.fit(scaler.transform(X_train), y_train, epochs=5, optimizer="adam", learning_rate=0.01,
            batch_size=16, verbose=0)
    scores = net.evaluate(scaler.transform(X_test), y_test)
    return [network_bits(net), float_bits([scores["loss"], scores["accuracy"]])]


def curved_datasets():
    """What tinynet.datasets draws with cos, sin or gauss (this platform's maths): name -> (X, y)."""
    from tinynet import datasets
    return [
        ("make_moons(seed=0)", datasets.make_moons(seed=0)),
        ("make_moons(noise=0)", datasets.make_moons(40, noise=0.0, seed=0)),
        ("make_circles(seed=1)", datasets.make_circles(60, seed=1)),
        ("make_spirals(seed=2)", datasets.make_spirals(60, n_classes=3, seed=2)),
        ("make_blobs(seed=3)", datasets.make_blobs(60, n_classes=3, seed=3)),
        ("make_plane(noise=0.1)", datasets.make_plane(30, noise=0.1, seed=4)),
    ]


def ulps_apart(a, b):
    """How many doubles lie between ``a`` and ``b`` (both finite, same sign or zero)."""
    i = struct.unpack("<q", struct.pack("<d", a))[0]
    j = struct.unpack("<q", struct.pack("<d", b))[0]
    return abs(i - j)


def flat_floats(value):
    out = []
    for v in value:
        if isinstance(v, (list, tuple)):
            out.extend(v)
        else:
            out.append(v)
    return out


def check_curved(name, ours, theirs):
    """Same labels as CPython; points within 1e-14 (relative, from 1); prints how many differ at all."""
    (X, y), (X0, y0) = ours, theirs
    check(len(X) == len(X0), "%s: %d points, CPython made %d" % (name, len(X), len(X0)))
    if isinstance(y0[0], float):  # make_plane: the targets are floats (noisy)
        X, X0 = [list(p) + [t] for p, t in zip(X, y)], [list(p) + [t] for p, t in zip(X0, y0)]
    else:
        check(y == y0, "%s: other labels (or order) than on CPython" % name)
    ours, theirs = flat_floats(X), flat_floats(X0)
    differ = [(a, b) for a, b in zip(ours, theirs) if struct.pack("<d", a) != struct.pack("<d", b)]
    worst = max([abs(a - b) for a, b in differ] + [0.0])
    far = [(a, b) for a, b in differ if abs(a - b) > 1e-14 * max(1.0, abs(b))]
    check(not far, "%s: %r is not within 1e-14 of CPython's %r" % ((name,) + (far[0] if far else (0, 0))))
    most_ulps = max([ulps_apart(a, b) for a, b in differ] + [0])
    print("%-34s %s" % (name, "CPython's bits" if not differ else
                        "%d of %d values differ from CPython's, by %r at most (%d ulps)"
                        % (len(differ), len(ours), worst, most_ulps)))


def check_datasets():
    """tinynet.datasets imports here; same results as on CPython; load_csv needs csv."""
    with open(DATASETS_ON_CPYTHON) as f:
        theirs = json.load(f)
    for name, value in exact_datasets():
        ours = digest(data_bits(value))
        check(ours == theirs["exact"][name], "%s: other bits than on CPython" % name)
        print("%-34s %s" % (name, ours[:16]))
    for name, value in curved_datasets():
        check_curved(name, value, theirs["curved"][name])
    check_load_csv()


def check_load_csv():
    """load_csv reads a file where there is a csv module, and names csv where there is none."""
    from tinynet import datasets
    with open(CSV_FILE, "w") as f:
        f.write("weight,height,animal\n4.2,25,cat\n30.5,60,dog\n")
    try:
        try:
            __import__("csv")
        except ImportError:
            for action in (datasets.load_csv, datasets.read_csv_rows):
                expect_error(ImportError, ["tinynet.datasets." + action.__name__, "'csv'"], action, CSV_FILE)
            print("load_csv, read_csv_rows: ImportError naming csv")
            return
        X, y, classes = datasets.load_csv(CSV_FILE, target="animal", return_classes=True)
        check((X, y, classes) == ([[4.2, 25.0], [30.5, 60.0]], [0, 1], ["cat", "dog"]), "load_csv: %r" % ((X, y),))
        print("load_csv: ok")
    finally:
        os.remove(CSV_FILE)


def write_fixtures():
    """Write the fixture files CPython makes (run on CPython after a change to tinynet's numbers)."""
    awkward_network().save(SAVED_ON_CPYTHON)
    trained_on_this_runtime().save(TRAINED_ON_CPYTHON)
    fixture = {"exact": {name: digest(data_bits(value)) for name, value in exact_datasets()},
               "curved": dict(curved_datasets())}
    with open(DATASETS_ON_CPYTHON, "w") as f:
        json.dump(fixture, f, sort_keys=True)
        f.write("\n")
    print("wrote", SAVED_ON_CPYTHON, TRAINED_ON_CPYTHON, DATASETS_ON_CPYTHON)


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

    check_classic()
    check_training_tools()
    check_exact_json()
    check_errors()
    check_datasets()
    print("checks passed: %d" % checks)


if "--write-fixtures" in sys.argv[1:]:
    write_fixtures()
else:
    main()
