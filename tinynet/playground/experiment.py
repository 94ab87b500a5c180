"""One playground experiment: its settings, its data, its network, and the
training thread that moves it forward one epoch at a time.

Everything here uses tinynet's public API, exactly as a script would: data
from :mod:`tinynet.datasets`, a :class:`tinynet.Network`, and one
``net.fit(X, y, epochs=1, ...)`` call per epoch (the network keeps its own
random generator and optimizer state between calls, so the exported script in
:mod:`tinynet.playground.export` reaches the same weights, bit for bit).
"""

import array
import base64
import csv
import io
import math
import secrets
import threading
import time

from .. import backends, datasets, saving
from ..activations import ACTIVATIONS
from ..backends import BACKEND
from ..backends.interface import Layout
from ..codes import LOSS_CODES, NO_ACCURACY, accuracy_mode, activation_codes
from ..explain import explain_step
from ..inputs import as_rows, as_targets
from ..layers import INITIALIZERS
from ..network import Dense, DivergenceError, Network

DATASETS = ("circle", "xor", "gauss", "spiral", "moons", "plane", "upload")
HIDDEN_ACTIVATIONS = tuple(a for a in ACTIVATIONS if a != "softmax")
OPTIMIZERS = ("sgd", "momentum", "adam")
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
MAX_LAYERS, MAX_NEURONS, MAX_CLASSES = 6, 8, 5
SAMPLES = 200
MAX_UPLOAD_ROWS = 2000
OUTPUT_GRID, NEURON_GRID = 32, 16   # cells per side of the pictures
MAX_CURVE = 4000                    # loss-curve points kept (older ones thinned)

DEFAULTS = {
    "dataset": "circle", "noise": 10, "train": 50, "batch": 10, "classes": 2,
    "problem": "classification", "features": ["x1", "x2"], "layers": [4, 2],
    "activation": "tanh", "lr": 0.03, "reg": "none", "rate": 0.0,
    "init": "xavier", "optimizer": "sgd", "seed": 1, "dseed": 1,
}


class SettingsError(ValueError):
    """A setting sent by the page is missing, of the wrong type or out of range."""


def _int_in(value, name, low, high):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SettingsError("%s must be a whole number from %d to %d, not %r" % (name, low, high, value))
    return value


def _one_of(value, name, choices):
    if value not in choices or isinstance(value, bool):
        raise SettingsError("%s must be one of %s, not %r" % (name, ", ".join(str(c) for c in choices), value))
    return value


def check_settings(given: object) -> dict:
    """The page's settings, checked and completed with the defaults.

    Unknown keys are refused, so a typo in a shared URL is reported.
    """
    if not isinstance(given, dict):
        raise SettingsError("settings must be a JSON object")
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise SettingsError("unknown setting %r" % unknown[0])
    s = dict(DEFAULTS)
    s.update(given)
    _one_of(s["dataset"], "dataset", DATASETS)
    _int_in(s["noise"], "noise", 0, 50)
    _int_in(s["train"], "train", 10, 90)
    _int_in(s["batch"], "batch", 1, 100)
    _int_in(s["classes"], "classes", 2, MAX_CLASSES)
    _one_of(s["problem"], "problem", ("classification", "regression"))
    features = s["features"]
    if not isinstance(features, list) or not features or len(set(map(str, features))) != len(features):
        raise SettingsError("features must be a non-empty list of different names")
    for name in features:
        _one_of(name, "feature", datasets.FEATURES)
    s["features"] = [f for f in datasets.FEATURES if f in features]  # canonical order
    layers = s["layers"]
    if not isinstance(layers, list) or len(layers) > MAX_LAYERS:
        raise SettingsError("layers must be a list of at most %d layer sizes" % MAX_LAYERS)
    for size in layers:
        _int_in(size, "a layer size", 1, MAX_NEURONS)
    _one_of(s["activation"], "activation", HIDDEN_ACTIVATIONS)
    s["lr"] = float(_one_of(s["lr"], "lr", LEARNING_RATES))
    _one_of(s["reg"], "reg", ("none", "l2"))  # L1: not in tinynet's training loops
    s["rate"] = float(_one_of(s["rate"], "rate", REG_RATES))
    _one_of(s["init"], "init", INITIALIZERS)
    _one_of(s["optimizer"], "optimizer", OPTIMIZERS)
    _int_in(s["seed"], "seed", 0, 2 ** 31 - 1)
    _int_in(s["dseed"], "dseed", 0, 2 ** 31 - 1)
    if s["dataset"] == "plane":
        s["problem"] = "regression"
    if s["dataset"] not in ("gauss", "spiral", "upload"):
        s["classes"] = 2
    return s


def data_call(s: dict) -> "tuple[str, dict]":
    """``(function name, keyword arguments)`` of the :mod:`tinynet.datasets` call
    that makes the data: the experiment calls it, the exported script prints it."""
    noise = s["noise"] / 200.0  # the slider's 0-50 % becomes a standard deviation of 0-0.25
    n, seed = SAMPLES, s["dseed"]
    if s["dataset"] == "circle":
        return "make_circles", {"n_samples": n, "noise": noise, "factor": 0.5, "seed": seed}
    if s["dataset"] == "xor":
        return "make_xor", {"n_samples": n, "noise": noise, "seed": seed}
    if s["dataset"] == "gauss":
        return "make_blobs", {"n_samples": n, "n_classes": s["classes"], "noise": noise, "seed": seed}
    if s["dataset"] == "spiral":
        return "make_spirals", {"n_samples": n, "n_classes": s["classes"], "noise": noise, "seed": seed}
    if s["dataset"] == "moons":
        return "make_moons", {"n_samples": n, "noise": noise, "seed": seed}
    return "make_plane", {"n_samples": n, "noise": noise, "seed": seed}


def task(s: dict, n_classes: int) -> "tuple[int, str, str]":
    """``(output units, output activation, loss)`` for the problem type."""
    if s["problem"] == "regression":
        return 1, "linear", "mse"
    if n_classes <= 2:
        return 1, "sigmoid", "binary_crossentropy"
    return n_classes, "softmax", "crossentropy"


def layer_specs(s: dict, n_classes: int) -> "list[tuple[int, int, str]]":
    """``[(n_in, n_out, activation), ...]`` of the network the settings describe."""
    sizes = [len(s["features"])] + list(s["layers"])
    specs = [(sizes[i], sizes[i + 1], s["activation"]) for i in range(len(sizes) - 1)]
    n_out, activation, _ = task(s, n_classes)
    specs.append((sizes[-1], n_out, activation))
    return specs


def fit_options(s: dict) -> dict:
    """The keyword arguments of every ``net.fit`` call."""
    return {"epochs": 1, "learning_rate": s["lr"], "batch_size": s["batch"], "optimizer": s["optimizer"],
            "weight_decay": s["rate"] if s["reg"] == "l2" else 0.0, "verbose": 0}


def parse_csv(text: str, regression: bool) -> "tuple[list[list[float]], list]":
    """Rows ``x1, x2, label`` (or ``x1, x2, target``) from uploaded CSV text.

    A first line that is not numbers is taken as a header. Raises
    :class:`SettingsError` naming the line of the first problem.
    """
    X, y = [], []
    reader = csv.reader(io.StringIO(text))
    for number, row in enumerate(reader, start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != 3:
            raise SettingsError("line %d has %d columns; the CSV needs 3: x1, x2 and the label or target"
                                % (number, len(row)))
        try:
            values = [float(cell) for cell in row]
        except ValueError:
            if not X and number == 1:
                continue  # a header line
            raise SettingsError("line %d: %r is not a number" % (number, ",".join(row)[:60])) from None
        if not all(math.isfinite(v) for v in values):
            raise SettingsError("line %d holds NaN or infinity" % number)
        if not regression and (values[2] != int(values[2]) or not 0 <= values[2] < MAX_CLASSES):
            raise SettingsError("line %d: the label %r must be a class number 0 to %d (or choose regression)"
                                % (number, row[2].strip(), MAX_CLASSES - 1))
        X.append(values[:2])
        y.append(values[2] if regression else int(values[2]))
        if len(X) > MAX_UPLOAD_ROWS:
            raise SettingsError("the CSV has more than %d rows" % MAX_UPLOAD_ROWS)
    if len(X) < 4:
        raise SettingsError("the CSV needs at least 4 rows of numbers, found %d" % len(X))
    if not regression and len(set(y)) < 2:
        raise SettingsError("the CSV's labels are all %d: classification needs two classes or more" % y[0])
    return X, y


def _domain(points):
    """The square of the input plane that the pictures show: the data, with a margin."""
    lo = min(min(p[0], p[1]) for p in points)
    hi = max(max(p[0], p[1]) for p in points)
    pad = 0.1 * (hi - lo) or 1.0
    return [lo - pad, hi + pad]


def _grid(domain, n):
    lo, hi = domain
    step = (hi - lo) / (n - 1)
    # row 0 is the top of the picture (largest x2)
    return [[lo + c * step, hi - r * step] for r in range(n) for c in range(n)]


def _flat_rows(rows):
    flat = array.array("d")
    for row in rows:
        flat.extend(row)
    return flat


def _layout(layers, loss="mse"):
    """The backends' description of the network made of ``layers`` (see tinynet.backends.interface)."""
    sizes = [layers[0].n_in] + [layer.n_out for layer in layers]
    return Layout(sizes, activation_codes([layer.activation for layer in layers]), LOSS_CODES[loss])


def _flat_params(layers):
    """The layers' weights and biases in the backends' layout: layer by layer, weight rows then biases."""
    params = array.array("d")
    for layer in layers:
        for row in layer.weights:
            params.extend(row)
        params.extend(layer.bias)
    return params


def _picture(values):
    """Values in [-1, 1] (clipped) as base64 bytes 0..254: the page's colour scale, compactly."""
    return base64.b64encode(bytes(127 + int(127.0 * max(-1.0, min(1.0, v))) for v in values)).decode("ascii")


def _rounded(rows, digits=3):
    return [[round(v, digits) for v in row] for row in rows]


class Experiment:
    """The data, the network and its training record for one set of settings.

    Not thread-safe on its own: :class:`Playground` holds a lock around it.
    """

    def __init__(self, settings: dict, upload: "tuple[list, list] | None" = None,
                 start: "list[tuple[list, list]] | None" = None) -> None:
        self.settings = settings
        self.upload = upload      # (X, y) of an uploaded CSV, or None
        self.start = start        # [(weights, bias), ...] of an imported model, or None
        if settings["dataset"] == "upload":
            if upload is None:
                raise SettingsError("no CSV has been uploaded yet")
            points, labels = [list(p) for p in upload[0]], list(upload[1])
        else:
            name, kwargs = data_call(settings)
            points, labels = getattr(datasets, name)(**kwargs)
        regression = settings["problem"] == "regression"
        self.n_classes = 1 if regression else max(2, int(max(labels)) + 1)
        self.points, self.labels = points, labels
        X = datasets.expand_features(points, settings["features"])
        test_size = (100 - settings["train"]) / 100.0
        self.split = datasets.train_test_split(X, labels, test_size=test_size, seed=settings["dseed"])
        # which points went to the test set: the same split of the row numbers
        index = [[i] for i in range(len(points))]
        _, test_rows, _, _ = datasets.train_test_split(index, labels, test_size=test_size, seed=settings["dseed"])
        test_rows = {row[0] for row in test_rows}
        self.is_test = [i in test_rows for i in range(len(points))]
        self.domain = _domain(points)
        # the pictures' grid points, flat, for the backend's predict (checked once, here)
        self.out_grid = _flat_rows(datasets.expand_features(_grid(self.domain, OUTPUT_GRID), settings["features"]))
        self.neuron_grid = _flat_rows(datasets.expand_features(_grid(self.domain, NEURON_GRID), settings["features"]))
        self.rewind()

    def build_network(self) -> Network:
        """A fresh network from the settings' seed (and the imported weights, if any)."""
        s = self.settings
        _, _, loss = task(s, self.n_classes)
        layers = [Dense(n_in, n_out, act, init=s["init"]) for n_in, n_out, act in layer_specs(s, self.n_classes)]
        net = Network(layers, loss=loss, seed=s["seed"])
        if self.start is not None:
            for layer, (weights, bias) in zip(net.layers, self.start):
                layer.weights = [list(row) for row in weights]
                layer.bias = list(bias)
        return net

    def rewind(self) -> None:
        """Back to epoch 0 with the very same starting weights."""
        self.net = self.build_network()
        X_train, X_test, y_train, y_test = self.split
        self._train_data = self._scoring_data(X_train, y_train)
        self._test_data = self._scoring_data(X_test, y_test)
        self.epoch = 0
        self.edits = []           # (epoch, layer, k, j, value) of weights changed by hand
        self.curve = {"epoch": [], "train": [], "test": []}
        self.error = None
        self.changed = 0          # bumps when the weights change outside training
        self._score()

    def _scoring_data(self, X, y):
        """``(n, flat X, flat y, accuracy mode)``, checked once, for the backend's ``evaluate``."""
        net = self.net
        targets = array.array("d", as_targets(y, len(X), net.n_outputs, net.loss))
        return (len(X), _flat_rows(as_rows(X, net.n_inputs)), targets,
                accuracy_mode(net.loss, targets, net.n_outputs))

    def evaluate(self, data: tuple) -> dict:
        """What ``net.evaluate`` says (the same backend call), on data checked once."""
        n, flat_x, flat_y, mode = data
        net = self.net
        layout = _layout(net.layers, net.loss)
        loss_sum, correct = backends.get().evaluate(layout, _flat_params(net.layers), flat_x, flat_y, n, mode)
        loss = loss_sum / n if math.isfinite(loss_sum) else None  # JSON has no infinity: the page shows nothing
        return {"loss": loss, "accuracy": correct / n if mode != NO_ACCURACY else None, "samples": n}

    def _score(self, replace=False):
        """Score the network on both sets and add (or, after an edit, replace) a curve point."""
        self.train_score = self.evaluate(self._train_data)
        self.test_score = self.evaluate(self._test_data)
        curve = self.curve
        if replace:
            for key in curve:
                curve[key].pop()
        curve["epoch"].append(self.epoch)
        curve["train"].append(self.train_score["loss"])
        curve["test"].append(self.test_score["loss"])
        if len(curve["epoch"]) > MAX_CURVE:  # keep the first point and every other one after it
            for key in curve:
                curve[key] = curve[key][:1] + curve[key][2::2]

    def train_epoch(self) -> bool:
        """One ``net.fit(..., epochs=1)``; returns False (and keeps the old weights) if it diverged."""
        X_train, _, y_train, _ = self.split
        try:
            self.net.fit(X_train, y_train, **fit_options(self.settings))
        except DivergenceError as exc:
            self.error = str(exc).split(". ")[0] + ": try a smaller learning rate"
            return False
        self.epoch += 1
        self._score()
        return True

    def set_weight(self, layer: int, k: int, j: int, value: float) -> None:
        """Change one weight by hand (recorded, so the exported script does it too)."""
        if isinstance(layer, bool) or not isinstance(layer, int) or not 0 <= layer < len(self.net.layers):
            raise SettingsError("layer must be 0 to %d" % (len(self.net.layers) - 1))
        target = self.net.layers[layer]
        _int_in(k, "k", 0, target.n_in - 1)
        _int_in(j, "j", 0, target.n_out - 1)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or abs(value) > 1e6:
            raise SettingsError("a weight must be a finite number between -1e6 and 1e6")
        target.weights[k][j] = float(value)
        self.edits.append((self.epoch, layer, k, j, float(value)))
        self.changed += 1
        self._score(replace=True)

    def explain(self) -> str:
        """``tinynet.explain.explain_step`` for the first training sample."""
        X_train, _, y_train, _ = self.split
        text = explain_step(self.net, X_train[0], y_train[0], learning_rate=self.settings["lr"])
        if self.settings["optimizer"] != "sgd" or self.settings["reg"] != "none" or self.settings["batch"] != 1:
            text += ("\n\n(This is plain gradient descent on one sample; the playground trains with %s, "
                     "batches of %d%s, so its real step averages over a batch and differs.)"
                     % (self.settings["optimizer"], self.settings["batch"],
                        " and L2" if self.settings["reg"] == "l2" else ""))
        return text

    # ------------------------------------------------------------ for the page

    def setup(self) -> dict:
        """What the page needs to draw after the settings change: data, domain, feature pictures."""
        features = datasets.expand_features(_grid(self.domain, NEURON_GRID), datasets.FEATURES)
        return {
            "settings": self.settings, "domain": self.domain, "classes": self.n_classes,
            "sizes": self.net.sizes, "output_grid": OUTPUT_GRID, "neuron_grid": NEURON_GRID,
            "points": _rounded(self.points, 4), "labels": self.labels, "test": self.is_test,
            "feature_names": list(datasets.FEATURES),
            "feature_pictures": [[round(row[f], 3) for row in features] for f in range(len(datasets.FEATURES))],
            "imported": self.start is not None,
        }

    def pictures(self) -> "tuple[list, list | str]":
        """Each hidden neuron's output over the plane, and the network's output.

        Computed by the training loop's own ``predict`` (the backend's), on
        the first i + 1 layers for the neurons of layer i.
        """
        engine = backends.get()
        layers = self.net.layers
        n_cells = NEURON_GRID * NEURON_GRID
        neurons = []
        for i in range(len(layers) - 1):
            width = layers[i].n_out
            out = engine.predict(_layout(layers[:i + 1]), _flat_params(layers[:i + 1]),
                                 self.neuron_grid, n_cells)
            if layers[i].activation == "sigmoid":  # (0, 1) drawn on the same -1..1 scale
                out = [2.0 * v - 1.0 for v in out]
            neurons.append([_picture(out[j::width]) for j in range(width)])
        n_cells, width = OUTPUT_GRID * OUTPUT_GRID, self.net.n_outputs
        out = engine.predict(_layout(layers), _flat_params(layers), self.out_grid, n_cells)
        if width == 1 and self.settings["problem"] == "regression":
            output = [round(v, 4) for v in out]   # the page scales it to the targets' range
        elif width == 1:
            output = _picture([2.0 * v - 1.0 for v in out])
        else:  # every class's probability, class by class
            output = [_picture([2.0 * v - 1.0 for v in out[c::width]]) for c in range(width)]
        return neurons, output

    def state(self) -> dict:
        """The numbers the page shows after an epoch (weights in full precision)."""
        neurons, output = self.pictures()
        step = max(1, len(self.curve["epoch"]) // 400)
        return {
            "epoch": self.epoch, "error": self.error,
            "loss_train": self.train_score["loss"], "loss_test": self.test_score["loss"],
            "acc_train": self.train_score["accuracy"], "acc_test": self.test_score["accuracy"],
            "weights": [layer.weights for layer in self.net.layers],
            "biases": [layer.bias for layer in self.net.layers],
            "neurons": neurons, "output": output,
            "curve": {key: values[::step] + values[-1:] for key, values in self.curve.items()},
        }

    def model_json(self) -> str:
        """The network as tinynet's JSON model file (``tinynet.load`` reads it)."""
        return saving.dumps(self.net.get_config()) + "\n"


def read_model(text: str, settings: dict) -> "tuple[dict, list[tuple[list, list]]]":
    """The starting weights in a tinynet JSON model, and the settings that fit it.

    The model's inputs must match the features chosen and its output the
    problem; its hidden layers replace the page's.
    """
    try:
        net = Network.from_config(saving.loads(text))  # tinynet.load's own checks
    except (ValueError, TypeError, RecursionError) as exc:
        raise SettingsError("not a tinynet model: %s" % str(exc).splitlines()[0][:200]) from None
    hidden = net.layers[:-1]
    if len(hidden) > MAX_LAYERS or any(layer.n_out > MAX_NEURONS for layer in hidden):
        raise SettingsError("the playground shows at most %d hidden layers of %d neurons" % (MAX_LAYERS, MAX_NEURONS))
    activations = {layer.activation for layer in hidden}
    if len(activations) > 1:
        raise SettingsError("the playground needs one activation for every hidden layer, the model has %s"
                            % ", ".join(sorted(activations)))
    if net.n_inputs != len(settings["features"]):
        raise SettingsError("the model takes %d inputs but %d features are chosen (%s)"
                            % (net.n_inputs, len(settings["features"]), ", ".join(settings["features"])))
    s = dict(settings)
    s["layers"] = [layer.n_out for layer in hidden]
    if hidden:
        s["activation"] = hidden[0].activation
    last = net.layers[-1]
    if last.activation == "linear" and net.loss == "mse":
        s["problem"] = "regression"
    elif last.activation == "sigmoid" and last.n_out == 1:
        s["problem"], s["classes"] = "classification", 2
    elif last.activation == "softmax":
        s["problem"], s["classes"] = "classification", last.n_out
    else:
        raise SettingsError("the model's output (%d %s) is not one the playground trains"
                            % (last.n_out, last.activation))
    s["init"] = net.layers[0].init
    return check_settings(s), [(layer.weights, layer.bias) for layer in net.layers]


class Playground:
    """The experiment, a lock around it, and the thread that trains while playing."""

    def __init__(self, settings: "dict | None" = None) -> None:
        self.lock = threading.Lock()
        self.experiment = Experiment(check_settings(settings or {}))
        self.version = 1          # bumps when the settings or data change: the page re-reads setup
        self._running = threading.Event()
        self._stop = threading.Event()
        self._cache = (None, None)
        self._thread = threading.Thread(target=self._loop, name="tinynet-playground-trainer", daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        """True while the training thread is training."""
        return self._running.is_set()

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has stopped the training thread."""
        return self._stop.is_set()

    def _loop(self):
        while not self._stop.is_set():
            if not self._running.wait(0.1):
                continue
            with self.lock:
                if self._running.is_set() and not self.experiment.train_epoch():
                    self._running.clear()
            time.sleep(0.001)  # let the web server's threads in

    def close(self) -> None:
        """Stop the training thread."""
        self._running.clear()
        self._stop.set()
        self._thread.join(2.0)

    def play(self) -> None:
        """Start training: the training thread runs epoch after epoch until :meth:`pause`."""
        self._running.set()

    def pause(self) -> None:
        """Stop training; when this returns no epoch is in progress."""
        self._running.clear()
        with self.lock:
            pass

    def step(self) -> None:
        """Pause, then train exactly one epoch."""
        self.pause()
        with self.lock:
            self.experiment.train_epoch()

    def reset(self) -> None:
        """Pause and go back to epoch 0 with the same starting weights."""
        self.pause()
        with self.lock:
            self.experiment.rewind()

    def new_seed(self) -> None:
        """Pause and draw a new seed for the starting weights (the data stays)."""
        self.pause()
        with self.lock:
            s = dict(self.experiment.settings, seed=1 + secrets.randbelow(99999))
            self._replace(Experiment(s, self.experiment.upload))

    def configure(self, settings: object) -> None:
        """New settings (from the page or a shared URL); back to epoch 0."""
        s = check_settings(settings)
        self.pause()
        with self.lock:
            self._replace(Experiment(s, self.experiment.upload))

    def upload(self, text: str) -> None:
        """Train on an uploaded CSV from now on."""
        self.pause()
        with self.lock:
            s = dict(self.experiment.settings, dataset="upload")
            data = parse_csv(text, s["problem"] == "regression")
            self._replace(Experiment(check_settings(s), data))

    def import_model(self, text: str) -> None:
        """Start from the weights in a tinynet JSON model."""
        self.pause()
        with self.lock:
            s, start = read_model(text, self.experiment.settings)
            self._replace(Experiment(s, self.experiment.upload, start))

    def _replace(self, experiment):
        self.experiment = experiment
        self.version += 1

    def setup(self) -> dict:
        """The experiment's :meth:`Experiment.setup`, with the settings' version and the backend."""
        with self.lock:
            return dict(self.experiment.setup(), version=self.version, backend=BACKEND)

    def state(self) -> dict:
        """The page's view of the experiment, cached until the network changes."""
        with self.lock:
            e = self.experiment
            key = (self.version, e.epoch, e.changed, e.error)
            if self._cache[0] != key:
                self._cache = (key, e.state())
            return dict(self._cache[1], version=self.version, running=self.running,
                        seed=e.settings["seed"])

    def call(self, method: str, *args: object) -> object:
        """Run ``experiment.method(*args)`` under the lock."""
        with self.lock:
            return getattr(self.experiment, method)(*args)
