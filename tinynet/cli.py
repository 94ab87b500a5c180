"""The ``tinynet`` command line: ``python -m tinynet <command> [options]``.

Commands (``tinynet <command> --help`` explains each one's options):

``demo``      the classic one-neuron tutorial, then why XOR needs a hidden
              layer. It is the default: ``tinynet`` alone runs it, and
              ``tinynet --iterations 100`` passes options to it.
``train``     train a network on a shipped dataset (``iris``, ``moons``, ...)
              or on your own CSV file; print its progress, its scores and a
              confusion matrix; ``--save model.json`` keeps it.
``predict``   use a saved model on a CSV file, on ``--values "1 0 0"``, or
              on numbers typed one sample per line.
``evaluate``  score a saved model on a CSV file or a shipped dataset.
``report``    train like ``train`` and write one self-contained HTML page.
``bench``     time the training loops (see ``tinynet.bench``).
``info``      the tinynet version, the backends, Python and the platform.

Mistakes in what you type (a missing file, a bad CSV line, an unknown
dataset, an option value out of range, ...) print one line starting with
``tinynet: error:`` and exit with status 2. Ctrl-C exits with status 130.

A model saved by ``train --save`` is the JSON of :meth:`tinynet.Network.get_config`
plus a ``"preprocessing"`` object (see :mod:`tinynet.modelfile`), so ``predict``
and ``evaluate`` can treat new data exactly as the training data was treated.
Datasets are found by name or path by :func:`tinynet.datasets.load_dataset`.
This module is only the command line: it reads the options, calls those
modules and prints; their ValueErrors and OSErrors become :class:`CLIError`.
"""

try:
    import argparse
except ImportError:  # MicroPython has no argparse: an ImportError that says what needs it
    from ._compat import require
    argparse = require("argparse", "tinynet.cli")

import io
import math
import os
import platform
import re
import sys
import warnings

from . import backends, datasets, demo, fileio, metrics, modelfile, optimizers
from .activations import ACTIVATIONS
from .datasets import DATASETS, MAX_CLASSES, LoadedData
from .diagnostics import TrainingWarning
from .inputs import whole_number
from .layers import Dense
from .losses import LOSSES
from .modelfile import Preprocessing
from .network import DivergenceError, Network
from .version import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

__all__ = ["main", "build_parser", "CLIError", "DATASETS"]

PROG = "tinynet"
COMMANDS = ("demo", "train", "predict", "evaluate", "report", "bench", "info")

# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


class CLIError(Exception):
    """A mistake in what the user typed: printed as one ``tinynet: error:`` line, exit status 2."""


class _UsageError(CLIError):
    """A command-line syntax mistake found by argparse; names the command's ``--help``."""

    def __init__(self, message, prog):
        CLIError.__init__(self, "%s (see '%s --help')" % (message, prog))


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors raise :class:`CLIError` instead of exiting."""

    def error(self, message):
        """Report a bad command line as a one-line :class:`CLIError`."""
        raise _UsageError(message, self.prog)


def _one_line(message):
    return " ".join(str(message).split())


def _why(exc: BaseException) -> str:
    """A short reason for an OSError ("No such file or directory")."""
    if isinstance(exc, OSError) and exc.errno:
        return os.strerror(exc.errno)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


# ---------------------------------------------------------------------------
# Datasets (found by tinynet.datasets.load_dataset)
# ---------------------------------------------------------------------------

#: A learning rate that suits each optimizer when the dataset's default
#: optimizer is swapped for another one without giving --lr.
_OPTIMIZER_LR = {"sgd": 0.1, "momentum": 0.05, "adam": 0.01}


def load_dataset(name: str, **options: object) -> LoadedData:
    """:func:`tinynet.datasets.load_dataset` with its errors as :class:`CLIError`."""
    try:
        return datasets.load_dataset(name, **options)
    except OSError as exc:
        raise CLIError("cannot read %s: %s" % (name, _why(exc))) from None
    except ValueError as exc:
        raise CLIError(str(exc)) from None


# ---------------------------------------------------------------------------
# Option types (argparse calls these; their errors become one-line messages)
# ---------------------------------------------------------------------------


def _int_at_least(low: int, what: str = "a whole number") -> "Callable[[str], int]":
    """An option type: a whole number of at least ``low`` (checked by :func:`tinynet.inputs.whole_number`)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError("%r is not %s" % (text, what)) from None
        try:
            return whole_number(value, "the value", low)
        except ValueError:
            raise argparse.ArgumentTypeError("must be %d or more, not %d" % (low, value)) from None
    return parse


def _float_in(low: float, high: "float | None" = None, low_open: bool = True,
              high_open: bool = True) -> "Callable[[str], float]":
    def parse(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError("%r is not a number" % text) from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError("must be a finite number, not %r" % text)
        if (value <= low if low_open else value < low):
            raise argparse.ArgumentTypeError("must be %s %g, not %g"
                                             % ("more than" if low_open else "at least", low, value))
        if high is not None and (value >= high if high_open else value > high):
            raise argparse.ArgumentTypeError("must be %s %g, not %g"
                                             % ("less than" if high_open else "at most", high, value))
        return value
    return parse


def parse_hidden(text: str) -> "list[int]":
    """Hidden layer widths from ``"16,8"`` (or ``"16 8"``); ``""`` or ``"0"`` means no hidden layer."""
    parts = text.replace(",", " ").split()
    if parts == ["0"] or not parts:
        return []
    widths = []
    for part in parts:
        try:
            width = int(part)
        except ValueError:
            raise argparse.ArgumentTypeError(
                "%r is not a list of layer widths such as 16,8 (a width %r is not a whole number)"
                % (text, part)) from None
        if width < 1:
            raise argparse.ArgumentTypeError("layer widths must be 1 or more, but %r has %d" % (text, width))
        widths.append(width)
    return widths


def parse_target(text: str) -> "int | str":
    """A ``--target`` value: a column index (``0``, ``-1``) or a column name."""
    try:
        return int(text)
    except ValueError:
        name = text.strip()
        if not name:
            raise argparse.ArgumentTypeError("the target column name is empty") from None
        return name


def _test_size(text: str) -> "float | int":
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not a number" % text) from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError("must be 0 (no test set), a fraction below 1 or a "
                                         "number of samples, not %r" % text)
    if value >= 1:
        if not value.is_integer():
            raise argparse.ArgumentTypeError("must be a fraction below 1 (e.g. 0.25) or a whole "
                                             "number of samples, not %r" % text)
        return int(value)
    return value


def parse_values(text: str, where: str = "--values") -> "list[float]":
    """Numbers typed for one sample (``"1 0 0"`` or ``"1,0,0"``) as floats; raises CLIError."""
    parts = text.replace(",", " ").split()
    if not parts:
        raise CLIError("%s is empty: type the numbers of one sample, e.g. \"1 0 0\"" % where)
    values = []
    for part in parts:
        try:
            value = float(part)
        except ValueError:
            raise CLIError("%s: %r is not a number" % (where, part)) from None
        if not math.isfinite(value):
            raise CLIError("%s: %r is not a finite number" % (where, part))
        values.append(value)
    return values


# ---------------------------------------------------------------------------
# Models with their preprocessing (the file of tinynet.modelfile)
# ---------------------------------------------------------------------------

#: The largest model file ``predict`` and ``evaluate`` read (checked before reading).
MAX_MODEL_BYTES = modelfile.MAX_BYTES


def load_model(path: str) -> "tuple[Network, Preprocessing]":
    """Read a model file (:func:`tinynet.modelfile.read`): ``(net, preprocessing)``; CLIError if unusable."""
    try:
        return modelfile.read(path)
    except OSError as exc:
        raise CLIError("cannot read the model %s: %s" % (path, _why(exc))) from None
    except ValueError as exc:
        raise CLIError(str(exc)) from None


def _write_file(path: str, text: str, what: str) -> None:
    """Write ``text`` to ``path`` atomically (see :mod:`tinynet.fileio`); CLIError on failure.

    The file is either replaced by the complete new text or left as it was.
    """
    try:
        fileio.write_text(path, text)
    except OSError as exc:
        raise CLIError(_write_failed(path, what, exc)) from None


def _write_failed(path: str, what: str, exc: OSError) -> str:
    return "cannot write %s to %s: %s (the file was left as it was)" % (what, path, _why(exc))


def save_model(net: Network, prep: Preprocessing, path: str) -> None:
    """Write the model file (:func:`tinynet.modelfile.write`, atomic); CLIError on failure."""
    try:
        modelfile.write(net, prep, path)
    except OSError as exc:
        raise CLIError(_write_failed(path, "the model", exc)) from None


# ---------------------------------------------------------------------------
# Output files: never the input, never someone else's file
# ---------------------------------------------------------------------------

#: The first line of every report and picture the command line writes, so a
#: later run knows the file is its own and may replace it.
MARKERS = {"report": "<!-- made by tinynet: report -->",
           "picture": "<!-- made by tinynet: picture -->"}

#: How each kind of file tinynet writes begins (matched against its first
#: bytes only). Reports and pictures carry a marker; the older forms (before
#: the marker existed) are recognized by how tinynet.plotting starts them.
_KIND_START = {
    "model": re.compile(r'\s*\{\s*"format"\s*:\s*"tinynet-model"'),
    "report": re.compile(r'(?:<!DOCTYPE html>\s*)?(?:%s|<html lang="en">\s*<head>\s*<meta charset='
                         r'"utf-8"/>\s*<meta name="viewport"[^>]*>\s*<title>tinynet report)'
                         % re.escape(MARKERS["report"]), re.IGNORECASE),
    "picture": re.compile(r'(?:%s|<svg xmlns="http://www\.w3\.org/2000/svg"[^>]*role="img">\s*'
                          r'<title>(?:Training history|Decision boundary|Network diagram)</title>)'
                          % re.escape(MARKERS["picture"])),
}
_KIND_NAME = {"model": "a tinynet model", "report": "a tinynet report",
              "picture": "a tinynet picture"}
_PREFIX_BYTES = 4096


def _with_marker(text: str, kind: str) -> str:
    """``text`` with the kind's marker comment as its first line (after an HTML doctype)."""
    first, newline, rest = text.partition("\n")
    if first.lower().startswith("<!doctype"):
        return first + newline + MARKERS[kind] + "\n" + rest
    return MARKERS[kind] + "\n" + text


def is_tinynet_file(path: str, kind: str) -> bool:
    """True if the regular file ``path`` begins like a tinynet ``kind`` file ("model", "report", "picture").

    Only the first 4096 bytes are read. A model is JSON whose first key is
    ``"format": "tinynet-model"`` (as every tinynet model is written); a
    report or picture starts with the marker comment the command line puts
    on its first line.
    """
    try:
        with open(path, "rb") as f:
            start = f.read(_PREFIX_BYTES)
    except OSError:
        return False
    text = start.decode("utf-8", errors="replace").lstrip("\ufeff")
    return _KIND_START[kind].match(text) is not None


def _same_file(a: str, b: str) -> bool:
    """True if the paths ``a`` and ``b`` name one file (other spellings, symlinks, hard links)."""
    if os.path.exists(a) and os.path.exists(b) and hasattr(os.path, "samefile"):
        try:
            return os.path.samefile(a, b)
        except OSError:
            pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def _check_output(path: str, kind: str, what: str, force: bool) -> None:
    """Fail before training if ``path`` cannot or must not be written.

    Refused: a folder, a missing folder, anything that is not a regular file
    (a device or a pipe), and, unless ``force``, an existing file that is not
    a tinynet file of the same ``kind`` (an older model may be replaced by a
    new model, an older report by a new report).
    """
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise CLIError("%s %s is a folder; give a file name" % (what, path))
    if not os.path.isdir(folder):
        raise CLIError("cannot write %s %s: the folder %s does not exist" % (what, path, folder))
    if not os.path.lexists(path):
        return
    if not os.path.isfile(path):
        raise CLIError("%s %s exists and is not a regular file (a device, a pipe or a broken "
                       "link): refusing to replace it" % (what, path))
    if not force and not is_tinynet_file(path, kind):
        raise CLIError("%s %s already exists and is not %s: refusing to replace it (give "
                       "--force to replace it anyway)" % (what, path, _KIND_NAME[kind]))


def _svg_paths(folder: str, data: "LoadedData") -> "list[str]":
    """The pictures ``--svg-dir`` writes for ``data``: loss.svg, network.svg (and boundary.svg)."""
    names = ["loss.svg", "network.svg"]
    if _drawable(data):
        names.append("boundary.svg")
    return [os.path.join(folder, name) for name in names]


def check_outputs(args: argparse.Namespace, data: "LoadedData") -> None:
    """Fail before training if an output of ``train``/``report`` would destroy a file.

    An output may never be the input data (however the path is spelled: a
    symlink or a hard link counts as the same file), nor another output,
    and must pass :func:`_check_output`.
    """
    force = getattr(args, "force", False)
    outputs = []  # (option, path, kind, what)
    if args.save:
        outputs.append(("--save", args.save, "model", "the model"))
    if getattr(args, "out", None):
        outputs.append(("--out", args.out, "report", "the report"))
    if getattr(args, "replay", None):
        outputs.append(("--replay", args.replay, "report", "the replay"))
    if args.svg_dir:
        if os.path.exists(args.svg_dir) and not os.path.isdir(args.svg_dir):
            raise CLIError("--svg-dir %s is a file, not a folder" % args.svg_dir)
        if os.path.isdir(args.svg_dir):  # else it is made later, and holds nothing yet
            for path in _svg_paths(args.svg_dir, data):
                outputs.append(("--svg-dir", path, "picture", "the picture"))
    inputs = [] if datasets.is_dataset_name(args.data) else [args.data]
    for i, (option, path, kind, what) in enumerate(outputs):
        for source in inputs:
            if _same_file(path, source):
                raise CLIError("%s %s is the data file %s: refusing to overwrite the training "
                               "data; choose another file name" % (option, path, source))
        for other_option, other, _, _ in outputs[:i]:
            if _same_file(path, other):
                raise CLIError("%s %s and %s %s are the same file; give them different names"
                               % (other_option, other, option, path))
        _check_output(path, kind, what, force)


# ---------------------------------------------------------------------------
# Predictions
# ---------------------------------------------------------------------------


def _class_and_probability(row):
    """The predicted class index and its probability from one output row."""
    if len(row) == 1:
        p = row[0]
        return (1, p) if p >= 0.5 else (0, 1.0 - p)
    best = max(range(len(row)), key=lambda j: row[j])
    return best, row[best]


def _net_targets(net, labels):
    """Targets in the form ``net.fit`` needs: labels, or one-hot rows for MSE with several outputs."""
    if net.loss == "mse" and net.n_outputs > 1:
        return [[1.0 if j == label else 0.0 for j in range(net.n_outputs)] for label in labels]
    return list(labels)


def _predicted_classes(outputs):
    return [_class_and_probability(row)[0] for row in outputs]


def describe_prediction(prep: Preprocessing, row: "list[float]") -> str:
    """One output row as text: ``"setosa (probability 0.973)"`` or the predicted value."""
    if prep.task == "regression":
        return "  ".join("%.6g" % v for v in prep.unscale_outputs(row))
    index, p = _class_and_probability(row)
    return "%s (probability %.3f)" % (prep.classes[index], p)


def _check_width(X, net, source):
    for i, row in enumerate(X):
        if len(row) != net.n_inputs:
            raise CLIError("the model takes %d number%s per sample, but %s has %d"
                           % (net.n_inputs, "" if net.n_inputs == 1 else "s",
                              source(i), len(row)))


def read_feature_csv(path: str, n_features: int, target: "int | str | None" = None) -> "list[list[float]]":
    """:func:`tinynet.datasets.read_feature_csv` with its errors as :class:`CLIError`."""
    try:
        return datasets.read_feature_csv(path, n_features, target)
    except OSError as exc:
        raise CLIError("cannot read %s: %s" % (path, _why(exc))) from None
    except ValueError as exc:
        raise CLIError(str(exc)) from None


# ---------------------------------------------------------------------------
# Printing results
# ---------------------------------------------------------------------------


def format_confusion(matrix: "list[list[int]]", names: list) -> str:
    """A confusion matrix as a text table: rows are true classes, columns predicted ones."""
    names = [str(n) for n in names]
    width = max([len(n) for n in names] + [len(str(v)) for row in matrix for v in row] + [4])
    first = max(len(n) for n in names + ["true \\ predicted"])
    lines = ["%-*s  %s" % (first, "true \\ predicted", "  ".join(n.rjust(width) for n in names))]
    for name, row in zip(names, matrix):
        lines.append("%-*s  %s" % (first, name, "  ".join(str(v).rjust(width) for v in row)))
    return "\n".join(lines)


def _classification_scores(net, prep, X, labels, backend):
    """(loss, accuracy, predicted labels) of a classification model on prepared data."""
    scores = net.evaluate(X, _net_targets(net, labels), backend=backend)
    predicted = _predicted_classes(net.predict(X, backend=backend))
    return scores["loss"], metrics.accuracy(labels, predicted), predicted


def _regression_scores(net, prep, X, y, backend):
    """Dict of loss (in training units), mse, mae, r2 (in the target's units)."""
    scores = net.evaluate(X, prep.scale_targets(y), backend=backend)
    predicted = prep.unscale_outputs([row[0] for row in net.predict(X, backend=backend)])
    return {"loss": scores["loss"], "mse": metrics.mean_squared_error(y, predicted),
            "mae": metrics.mean_absolute_error(y, predicted), "r2": metrics.r2_score(y, predicted)}


# ---------------------------------------------------------------------------
# train / report
# ---------------------------------------------------------------------------


class TrainResult:
    """Everything a training run produced (used by ``train`` and ``report``)."""

    def __init__(self, **kwargs: object) -> None:
        self.__dict__.update(kwargs)


def _resolve(args, data):
    """The training settings: the user's options, else the dataset's defaults."""
    s = dict(data.settings)
    optimizer = args.optimizer or s["optimizer"]
    lr = args.lr
    if lr is None:
        lr = s["lr"] if optimizer == s["optimizer"] else _OPTIMIZER_LR[optimizer]
    if args.momentum is not None and optimizer == "adam":
        raise CLIError("--momentum does not apply to adam (it has its own running averages); "
                       "use --optimizer sgd or momentum")
    momentum = args.momentum
    if momentum is None:
        momentum = 0.9 if optimizer == "momentum" else 0.0
    return dict(
        hidden=s["hidden"] if args.hidden is None else args.hidden,
        activation=args.activation or s["activation"],
        optimizer=optimizer, lr=lr, momentum=momentum,
        epochs=s["epochs"] if args.epochs is None else args.epochs,
        batch_size=s["batch_size"] if args.batch_size is None else args.batch_size,
        test_size=s["test_size"] if args.test_size is None else args.test_size,
        standardize=s["standardize"] if args.standardize is None else args.standardize,
    )


def build_network(n_inputs: int, hidden: "list[int]", activation: str, task: str, n_classes: int,
                  loss: "str | None" = None, seed: "int | None" = None) -> Network:
    """The network ``train`` builds, and its loss.

    Hidden layers of the given widths use ``activation``. The output layer
    and loss fit the task: softmax + crossentropy for more than 2 classes,
    sigmoid + binary_crossentropy for 2, linear + mse for regression. A
    ``loss`` you choose changes the output layer to match it.
    """
    if task == "regression":
        if loss not in (None, "mse"):
            raise CLIError("--loss %s needs class labels, but the target holds numbers to predict "
                           "(regression uses --loss mse)" % loss)
        loss, n_out, out_act = "mse", 1, "linear"
    else:
        if loss is None:
            loss = "crossentropy" if n_classes > 2 else "binary_crossentropy"
        if loss == "binary_crossentropy":
            if n_classes != 2:
                raise CLIError("--loss binary_crossentropy is for 2 classes, but the data has %d; "
                               "use crossentropy" % n_classes)
            n_out, out_act = 1, "sigmoid"
        elif loss == "crossentropy":
            n_out, out_act = n_classes, "softmax"
        else:  # mse on class labels: probabilities trained with squared error
            n_out, out_act = (1, "sigmoid") if n_classes == 2 else (n_classes, "softmax")
    sizes = [n_inputs] + list(hidden)
    layers = [Dense(a, b, activation) for a, b in zip(sizes, sizes[1:])]
    layers.append(Dense(sizes[-1], n_out, out_act))
    return Network(layers, loss=loss, seed=seed)


def _split(data: "LoadedData", test_size: "float | int", seed: int, chosen: bool) -> tuple:
    """``(X_train, X_test, y_train, y_test, note)``: the train/test split, stratified by class.

    When the data is too small for the default test split (the tutorial's
    four rows cannot give every class a test sample), nothing is held out
    and ``note`` says why; a ``--test-size`` the user ``chosen`` that cannot
    be honoured is an error instead. ``note`` is None otherwise.
    """
    if not test_size:
        return data.X, [], data.y, [], None
    try:
        parts = datasets.train_test_split(data.X, data.y, test_size=test_size, seed=seed,
                                          stratify=data.task == "classification")
    except ValueError as exc:
        if chosen:
            raise CLIError("cannot split %s into train and test sets: %s (use --test-size 0 to "
                           "train and score on all samples)" % (data.name, exc)) from None
        return data.X, [], data.y, [], "the data is too small to hold out a test set (%s)" % exc
    return tuple(parts) + (None,)


def _optimizer_text(cfg):
    text = "%s, learning rate %g" % (cfg["optimizer"], cfg["lr"])
    if cfg["optimizer"] != "adam" and cfg["momentum"]:
        text += ", momentum %g" % cfg["momentum"]
    return text


def run_training(args: argparse.Namespace, out: "Callable[[str], object]" = print) -> TrainResult:
    """Load the data, build and train a network as ``args`` say; print as it goes.

    Returns a :class:`TrainResult` (network, history, data, splits, scores).
    """
    backend = _check_backend(args.backend)
    data = load_dataset(args.data, target=args.target, samples=args.samples, noise=args.noise,
                        seed=args.seed, regression=args.regression)
    cfg = _resolve(args, data)
    check_outputs(args, data)
    _print_data(data, backend, cfg, out)
    X_train, X_test, y_train, y_test, note = _split(data, cfg["test_size"], args.seed,
                                                    chosen=args.test_size is not None)
    _print_split(data, X_train, X_test, note, args.seed, out)
    prep = _preprocessing(data, cfg["standardize"], X_train, y_train, out)
    X_train_p, X_test_p = prep.transform(X_train), prep.transform(X_test)

    n_classes = len(data.classes) if data.classes else 0
    net = build_network(data.n_features, cfg["hidden"], cfg["activation"], data.task, n_classes,
                        loss=args.loss, seed=args.seed)
    out("")
    net.summary(print_fn=out)
    epochs, batch = _schedule(cfg, len(X_train), args.seed, out)
    targets = _targets(net, prep, data.task, y_train)
    # the test set is scored after every epoch (it does not change the training), so the
    # pictures can show its curve beside the training one
    held_out = (X_test_p, _targets(net, prep, data.task, y_test)) if X_test else None
    snapshots = None
    if getattr(args, "replay", None):
        from .callbacks import Snapshots

        snapshots = Snapshots(every=max(1, epochs // 60))
    options = dict(epochs=epochs, learning_rate=cfg["lr"], batch_size=batch,
                   momentum=cfg["momentum"] if cfg["optimizer"] != "adam" else 0.0,
                   optimizer=cfg["optimizer"], backend=backend, validation_data=held_out,
                   verbose=2 if args.verbose else 1,
                   callbacks=[snapshots] if snapshots is not None else None)
    history = _fit(net, X_train_p, targets, options, data.task, out)
    result = TrainResult(net=net, history=history, data=data, prep=prep, backend=backend,
                         cfg=cfg, epochs=epochs, X_train=X_train_p, X_test=X_test_p,
                         y_train=y_train, y_test=y_test, X_all=prep.transform(data.X),
                         log_loss=bool(getattr(args, "log_loss", False)), snapshots=snapshots)
    _print_scores(result, out)
    if args.plot:
        _print_plots(result, out)
    if args.svg_dir:
        _write_svgs(result, args.svg_dir, out)
    if args.save:
        save_model(net, prep, args.save)
        example = " ".join("%g" % v for v in data.X[0])
        out("")
        out("saved the model to %s; try: tinynet predict %s --values \"%s\""
            % (args.save, args.save, example))
    return result


def _schedule(cfg: dict, n_train: int, seed: int, out: "Callable[[str], object]") -> "tuple[int, int | None]":
    """``(epochs, batch size or None for all samples)``, printed as the ``training:`` line."""
    epochs = cfg["epochs"]
    if epochs is None:
        epochs = max(20, min(200, 30000 // n_train))
    batch = cfg["batch_size"] or None
    batch_text = "all %d samples per step" % n_train if batch is None or batch >= n_train \
        else "batches of %d" % batch
    out("")
    out("training: %d epochs, %s, %s, seed %d" % (epochs, _optimizer_text(cfg), batch_text, seed))
    return epochs, batch


def _print_data(data: LoadedData, backend: str, cfg: dict, out: "Callable[[str], object]") -> None:
    """The ``dataset:`` and ``backend:`` lines (and a hint for digits on the slow backend)."""
    if data.task == "classification":
        what = "%d classes: %s" % (len(data.classes), ", ".join(str(c) for c in data.classes))
    else:
        what = "a number to predict (regression)"
    out("dataset: %s (%d samples, %d features, %s)" % (data.name, len(data.X), data.n_features, what))
    out("backend: %s" % backend)
    if data.name == "digits" and backend == "python":
        out("hint: digits is big for the pure-Python backend (about a second per epoch, %d "
            "epochs); the compiled backend is much faster, or try fewer --epochs."
            % (cfg["epochs"] or data.settings["epochs"]))


def _print_split(data: LoadedData, X_train: list, X_test: list, note: "str | None", seed: int,
                 out: "Callable[[str], object]") -> None:
    """The ``split:`` line: how many samples train, how many are held out."""
    if X_test:
        out("split: %d samples for training, %d held out for testing%s (seed %d)"
            % (len(X_train), len(X_test),
               ", stratified by class" if data.task == "classification" else "", seed))
    elif note:
        out("split: none, %s: all %d samples are used for training and for scoring"
            % (note, len(X_train)))
    else:
        out("split: none, all %d samples are used for training and for scoring" % len(X_train))


def _preprocessing(data: LoadedData, standardize: bool, X_train: list, y_train: list,
                   out: "Callable[[str], object]") -> Preprocessing:
    """The model's :class:`Preprocessing`: standardization learnt from the training samples only."""
    prep = Preprocessing(data.task, classes=data.classes, dataset=data.name, features=data.features)
    if standardize:
        scaler = datasets.Standardizer().fit(X_train)
        prep.mean, prep.scale = scaler.mean_, scaler.scale_
        out("standardized the features: (x - mean) / std, with the mean and std of the training "
            "samples (saved with the model)")
        if data.task == "regression":
            mean = math.fsum(y_train) / len(y_train)
            std = math.sqrt(math.fsum((v - mean) ** 2 for v in y_train) / len(y_train))
            prep.y_mean, prep.y_scale = mean, (std if std > 0 else 1.0)
    return prep


def _targets(net: Network, prep: Preprocessing, task: str, y: list) -> list:
    """``y`` as ``net.fit`` takes it: labels (or one-hot rows), or scaled regression targets."""
    return _net_targets(net, y) if task == "classification" else prep.scale_targets(y)


def _fit(net: Network, X: list, targets: list, options: dict, task: str,
         out: "Callable[[str], object]") -> object:
    """``net.fit(X, targets, **options)``; print its history and diagnostics; return the history."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", TrainingWarning)
            history = net.fit(X, targets, **options)
    except DivergenceError as exc:
        raise CLIError(str(exc)) from None
    if options["verbose"] < 2:  # one line per epoch was not printed: a summary table instead
        out(history.to_table(max_rows=10))
    if options["validation_data"]:
        out("(val_loss and val_accuracy are the held-out test set's, scored after every epoch; "
            "it is never trained on)" if task == "classification" else
            "(val_loss is the held-out test set's, scored after every epoch; it is never trained on)")
    _print_training_warnings(caught, out)
    out("training took %.2f s" % history.seconds)
    return history


def _print_training_warnings(caught: list, out) -> None:
    """Print the training diagnostics (``TrainingWarning``) caught during fit, one line each."""
    for w in caught:
        if issubclass(w.category, TrainingWarning):
            out("warning: %s" % str(w.message).replace("tinynet: ", "", 1))
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)


def _print_scores(r, out):
    out("")
    parts = [("train", r.X_train, r.y_train)] + ([("test", r.X_test, r.y_test)] if r.X_test else [])
    if r.data.task == "classification":
        out("%-6s %10s %10s" % ("", "loss", "accuracy"))
        for name, X, y in parts:
            loss, acc, predicted = _classification_scores(r.net, r.prep, X, y, r.backend)
            right = sum(1 for a, b in zip(y, predicted) if a == b)
            out("%-6s %10.4f %10.4f  (%d of %d right)" % (name, loss, acc, right, len(y)))
            setattr(r, name + "_accuracy", acc)
        name, X, y = parts[-1]
        predicted = _predicted_classes(r.net.predict(X, backend=r.backend))
        out("")
        out("confusion matrix on the %s set (rows: true class, columns: predicted class):"
            % ("test" if r.X_test else "training"))
        out(format_confusion(metrics.confusion_matrix(y, predicted, n_classes=len(r.data.classes)),
                             r.data.classes))
    else:
        out("%-6s %10s %10s %10s %10s" % ("", "loss", "MSE", "MAE", "R2"))
        for name, X, y in parts:
            s = _regression_scores(r.net, r.prep, X, y, r.backend)
            out("%-6s %10.4g %10.4g %10.4g %10.4f" % (name, s["loss"], s["mse"], s["mae"], s["r2"]))
            setattr(r, name + "_r2", s["r2"])
        if r.prep.y_mean is not None:
            out("(loss is on the standardized target; MSE, MAE and R2 are in the target's own units)")


def _drawable(data: LoadedData) -> bool:
    """True for data whose decision boundary can be drawn: 2-D classification."""
    return data.n_features == 2 and data.task == "classification"


def _names(r: TrainResult) -> dict:
    """The feature and class names the pictures use (standardized features say so)."""
    features = r.data.features
    if features is not None and r.prep.mean is not None:
        features = ["%s (standardized)" % f for f in features]
    classes = [str(c) for c in r.data.classes] if r.data.classes else None
    return {"feature_names": features, "class_names": classes}


def _val_label(r: TrainResult) -> str:
    """What the history's val_ figures are: the CLI scores the test set after every epoch."""
    return "test"


def _print_plots(r, out):
    from . import plotting

    out("")
    out(plotting.text_loss_curve(r.history, val_label=_val_label(r)))
    if _drawable(r.data):
        names = _names(r)
        out("")
        out(plotting.text_decision_boundary(r.net, r.X_train, r.y_train, **names))
        out("(the training points; the test points are not drawn here)" if r.X_test else
            "(all the points, trained on)")
        if r.prep.mean is not None:
            out("(the features are standardized: the axes show (x - mean) / std)")


def _write_svgs(r: TrainResult, folder: str, out) -> None:
    """Draw loss.svg, network.svg (and boundary.svg for 2-D data) into ``folder``, atomically each."""
    from . import plotting

    names = _names(r)
    pictures = [plotting.svg_loss_curve(r.history, val_label=_val_label(r), log_scale=r.log_loss),
                plotting.svg_network(r.net, **names)]
    if _drawable(r.data):
        pictures.append(plotting.svg_decision_boundary(
            r.net, r.X_train, r.y_train, X_test=r.X_test or None, y_test=r.y_test or None,
            **names))
    written = _svg_paths(folder, r.data)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise CLIError("cannot write the pictures to %s: %s" % (folder, _why(exc))) from None
    for path, svg in zip(written, pictures):
        _write_file(path, _with_marker(svg, "picture"), "the picture")
    out("wrote %s" % ", ".join(written))


def _check_backend(name):
    """The backend name to use; CLIError if the compiled one is asked for but not built."""
    name = name or backends.BACKEND
    try:
        backends.get(name)
    except ImportError as exc:
        raise CLIError("--backend %s is not available: %s" % (name, exc)) from None
    return name


def cmd_train(args: argparse.Namespace, out: "Callable[[str], object]" = print) -> int:
    """``tinynet train``: train, print the scores, optionally plot and save."""
    run_training(args, out)
    return 0


def cmd_report(args: argparse.Namespace, out: "Callable[[str], object]" = print) -> int:
    """``tinynet report``: train like ``train`` and write a self-contained HTML page."""
    from . import plotting

    r = run_training(args, out)
    extra = {"LoadedData": r.data.name, "Samples": len(r.data.X),
             "Training samples": len(r.X_train), "Test samples": len(r.X_test)}
    if r.data.task == "classification":
        extra["Classes"] = ", ".join(str(c) for c in r.data.classes)
        if r.X_test:
            extra["Test accuracy"] = "%.4f" % r.test_accuracy
        extra["Training accuracy"] = "%.4f" % r.train_accuracy
    else:
        if r.X_test:
            extra["Test R2"] = "%.4f" % r.test_r2
        extra["Training R2"] = "%.4f" % r.train_r2
    extra["Features standardized"] = "yes" if r.prep.mean is not None else "no"
    extra["Optimizer"] = _optimizer_text(r.cfg)
    extra["Epochs"] = r.epochs
    extra["Backend"] = r.backend
    extra["Training time"] = "%.2f s" % r.history.seconds
    extra["tinynet"] = __version__
    X = y = X_test = y_test = None
    if _drawable(r.data):
        X, y, X_test, y_test = r.X_train, r.y_train, r.X_test or None, r.y_test or None
    html = plotting.html_report(r.net, r.history, X, y,
                                title="tinynet report: %s" % r.data.name, extra=extra,
                                X_test=X_test, y_test=y_test, val_label=_val_label(r),
                                log_scale=r.log_loss, **_names(r))
    _write_file(args.out, _with_marker(html, "report"), "the report")
    out("")
    out("wrote the report to %s (open it in a web browser)" % args.out)
    if args.replay:
        X_all = r.X_all if _drawable(r.data) else None
        page = plotting.html_replay(r.net, r.snapshots, X_all, r.data.y if X_all else None,
                                    title="tinynet replay: %s" % r.data.name, **_names(r))
        _write_file(args.replay, _with_marker(page, "report"), "the replay")
        out("wrote the training replay to %s (a slider over the epochs)" % args.replay)
    return 0


# ---------------------------------------------------------------------------
# predict / evaluate
# ---------------------------------------------------------------------------


def _stdin_is_terminal():
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, AttributeError):
        return False


def cmd_predict(args: argparse.Namespace, out: "Callable[[str], object]" = print) -> int:
    """``tinynet predict``: print one prediction per sample."""
    net, prep = load_model(args.model)
    backend = _check_backend(args.backend)
    if args.csv and args.values:
        raise CLIError("give a CSV file or --values, not both")
    if args.target is not None and not args.csv:
        raise CLIError("--target is for a CSV file")

    def show(samples):
        for row in net.predict(prep.transform(samples), backend=backend):
            out(describe_prediction(prep, row))

    if args.csv:
        show(read_feature_csv(args.csv, net.n_inputs, args.target))
        return 0
    if args.values:
        samples = [parse_values(text, "--values %r" % text) for text in args.values]
        _check_width(samples, net, lambda i: "--values %r" % args.values[i])
        show(samples)
        return 0
    if sys.stdin is None:
        raise CLIError("nothing to predict: give a CSV file, --values, or samples on standard input")
    interactive = _stdin_is_terminal()
    if interactive:
        sys.stderr.write("Type one sample per line (%d numbers), then Enter; Ctrl-D ends.\n"
                         % net.n_inputs)
    count = 0
    for line_no, line in enumerate(sys.stdin, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            values = parse_values(text, "line %d" % line_no)
            _check_width([values], net, lambda i, line_no=line_no: "line %d" % line_no)
        except CLIError as exc:
            if not interactive:
                raise
            sys.stderr.write("tinynet: error: %s\n" % exc)
            continue
        show([values])
        count += 1
    if count == 0 and not interactive:
        raise CLIError("no samples on standard input: give a CSV file, --values \"...\", or "
                       "pipe in one sample per line")
    return 0


def _labels_for_model(values: list, prep: Preprocessing, source: str) -> "list[int]":
    """Map class names/values from the data to the model's class labels.

    Both sides are compared by :func:`tinynet.datasets.canonical_label`, the
    rule ``load_csv`` uses: ``1``, ``1.0`` and ``"1"`` are one class.
    """
    index = {datasets.canonical_label(c): i for i, c in enumerate(prep.classes)}
    labels = []
    for v in values:
        key = datasets.canonical_label(v)
        if key not in index:
            raise CLIError("%s has the class %r, which the model does not know (its classes are: "
                           "%s)" % (source, v, ", ".join(str(c) for c in prep.classes)))
        labels.append(index[key])
    return labels


def cmd_evaluate(args: argparse.Namespace, out: "Callable[[str], object]" = print) -> int:
    """``tinynet evaluate``: score a saved model on labelled data."""
    net, prep = load_model(args.model)
    backend = _check_backend(args.backend)
    if datasets.is_dataset_name(args.data):
        data = load_dataset(args.data, target=args.target, samples=args.samples,
                            noise=args.noise, seed=args.seed)
        raw = [data.classes[label] for label in data.y]
    else:
        if args.samples is not None or args.noise is not None:
            raise CLIError("--samples and --noise only apply to moons, circles and spirals")
        data = load_dataset(args.data, target=args.target, for_training=False)
        raw = [data.classes[label] for label in data.y] if data.classes else data.y
    if data.n_features != net.n_inputs:
        raise CLIError("the model takes %d features per sample, but %s has %d"
                       % (net.n_inputs, data.name, data.n_features))
    X = prep.transform(data.X)
    out("model: %s (%s, loss %s)" % (args.model, " -> ".join(str(s) for s in net.sizes), net.loss))
    note = ""
    if prep.dataset is not None and str(prep.dataset) == data.name:
        note = " (the same data the model was trained on: it saw some of these samples)"
    out("data: %s, %d samples%s" % (data.name, len(X), note))
    out("")
    if prep.task == "regression":
        if any(isinstance(v, str) for v in raw):
            raise CLIError("the model predicts numbers, but the target of %s holds class names "
                           "such as %r" % (data.name, next(v for v in raw if isinstance(v, str))))
        y = [float(v) for v in raw]
        s = _regression_scores(net, prep, X, y, backend)
        out("MSE  %.6g" % s["mse"])
        out("MAE  %.6g" % s["mae"])
        out("R2   %.4f" % s["r2"])
        return 0
    if any(isinstance(v, float) and not v.is_integer() for v in raw):
        raise CLIError("the model predicts classes, but the target of %s holds numbers such as %r"
                       % (data.name, next(v for v in raw if isinstance(v, float))))
    labels = _labels_for_model(raw, prep, data.name)
    loss, acc, predicted = _classification_scores(net, prep, X, labels, backend)
    right = sum(1 for a, b in zip(labels, predicted) if a == b)
    out("loss      %.4f" % loss)
    out("accuracy  %.4f  (%d of %d right)" % (acc, right, len(labels)))
    out("")
    out("confusion matrix (rows: true class, columns: predicted class):")
    out(format_confusion(metrics.confusion_matrix(labels, predicted, n_classes=len(prep.classes)),
                         prep.classes))
    out("")
    out(_per_class_table(labels, predicted, prep.classes))
    return 0


def _per_class_table(labels, predicted, classes):
    rows = metrics.precision_recall_f1(labels, predicted, n_classes=len(classes))
    names = [str(c) for c in classes]
    width = max([len(n) for n in names] + [5])
    lines = ["%*s  precision  recall     f1  support" % (width, "class")]
    for name, r in zip(names, rows):
        lines.append("%*s  %9.3f  %6.3f  %5.3f  %7d"
                     % (width, name, r["precision"], r["recall"], r["f1"], r["support"]))
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# bench / info / demo
# ---------------------------------------------------------------------------


def cmd_bench(argv: "list[str]", out: "Callable[[str], object]" = print) -> int:
    """``tinynet bench ...``: hand the remaining arguments to ``tinynet.bench.main``."""
    import importlib

    try:
        bench = importlib.import_module(__package__ + ".bench")
    except ModuleNotFoundError as exc:
        if exc.name != __package__ + ".bench":
            raise
        raise CLIError("the benchmark is not available: this tinynet has no tinynet.bench "
                       "module") from None
    try:
        code = bench.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def _numpy_status():
    import importlib.util

    if importlib.util.find_spec("numpy") is None:
        return "not installed (tinynet does not need it)"
    try:
        from importlib import metadata

        return "installed, version %s (tinynet does not need it)" % metadata.version("numpy")
    except Exception:  # metadata can be missing for odd installs
        return "installed (tinynet does not need it)"


def cmd_playground(args: argparse.Namespace, out: "Callable[[str], object]" = print) -> int:
    """Serve the playground page until Ctrl-C (see :mod:`tinynet.playground`)."""
    from . import playground

    playground.serve(host=args.host, port=args.port, open_browser=not args.no_browser, print_fn=out)
    return 0


def cmd_info(args: argparse.Namespace, out: "Callable[[str], object]" = print) -> int:
    """``tinynet info``: the version, backends, Python and platform."""
    out("tinynet %s" % __version__)
    out("package: %s" % os.path.dirname(os.path.abspath(__file__)))
    out("backend chosen at import: %s (TINYNET_BACKEND=%s)"
        % (backends.BACKEND, os.environ.get("TINYNET_BACKEND", "unset")))
    out("available backends: %s" % ", ".join(backends.available()))
    if "cython" not in backends.available():
        out("compiled backend: not built (pure-Python training works, just slower)")
    out("Python: %s %s (%s)" % (platform.python_implementation(), platform.python_version(),
                                sys.executable))
    out("platform: %s" % platform.platform())
    out("NumPy: %s" % _numpy_status())
    return 0


def _read_line(prompt):
    """Like ``input(prompt)``, but echoes what was read when stdin is not a terminal."""
    if _stdin_is_terminal():
        return input(prompt)
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    text = line.rstrip("\r\n")
    sys.stdout.write(text + "\n")
    return text


def cmd_demo(args: argparse.Namespace, out: "Callable[[str], object]" = print) -> int:
    """``tinynet demo``: the tutorial's neuron, a new situation, and XOR."""
    try:
        return demo.run(args, out=out, read=_read_line)
    except ImportError as exc:
        raise CLIError("--backend %s is not available: %s" % (args.backend, exc)) from None
    except ValueError as exc:
        raise CLIError(str(exc)) from None


# ---------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------


def _defaults_epilog():
    lines = ["default settings per dataset (your options override them):"]
    for name, s in DATASETS.items():
        hidden = ",".join(str(h) for h in s["hidden"])
        lines.append("  %-9s hidden %-5s %-5s %-4s lr %-6g %4d epochs, batch %s%s" % (
            name, hidden or "none", s["activation"] if hidden else "", s["optimizer"], s["lr"],
            s["epochs"], s["batch_size"] or "all", ", standardized" if s["standardize"] else ""))
    lines.append("  CSV file  hidden 16    tanh  adam lr 0.01   20-200 epochs (fewer for more")
    lines.append("            samples), batch 32, standardized")
    lines.append("")
    lines.append("examples:")
    lines.append("  tinynet train iris --plot")
    lines.append("  tinynet train moons --hidden 8,8 --epochs 500 --save moons.json")
    lines.append("  tinynet train data.csv --target species --save model.json")
    return "\n".join(lines)


def _add_training_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``train`` and ``report``, in the groups ``--help`` shows."""
    # long: option definitions, one after another as --help lists them
    p.add_argument("data", metavar="DATA",
                   help="a shipped dataset (%s) or the path of a CSV file" % ", ".join(DATASETS))
    p.add_argument("--target", type=parse_target, metavar="COLUMN",
                   help="CSV only: the target column, by number (0 is the first, -1 the last) or by "
                        "header name (default: the last column)")
    p.add_argument("--regression", action="store_true",
                   help="CSV only: the target is a number to predict even if it holds whole numbers "
                        "(by default whole numbers with at most %d values are classes)" % MAX_CLASSES)
    p.add_argument("--samples", type=_int_at_least(8), metavar="N",
                   help="moons, circles, spirals only: how many points to generate (default 200)")
    p.add_argument("--noise", type=_float_in(0.0, low_open=False), metavar="SD",
                   help="moons, circles, spirals only: the noise of the points "
                        "(default 0.1; circles 0.05)")
    g = p.add_argument_group("the network")
    g.add_argument("--hidden", type=parse_hidden, metavar="WIDTHS",
                   help="hidden layer widths, e.g. 16 or 16,8; '' or 0 for none "
                        "(default: depends on the dataset)")
    g.add_argument("--activation", choices=[a for a in ACTIVATIONS if a != "softmax"],
                   help="activation of the hidden layers (default: depends on the dataset)")
    g.add_argument("--loss", choices=LOSSES,
                   help="default: crossentropy with a softmax output for more than 2 classes, "
                        "binary_crossentropy with a sigmoid output for 2, mse with a linear "
                        "output for numbers (regression)")
    g = p.add_argument_group("training")
    g.add_argument("--epochs", type=_int_at_least(1), metavar="N",
                   help="passes over the training data (default: depends on the dataset)")
    g.add_argument("--lr", type=_float_in(0.0), metavar="RATE",
                   help="learning rate (default: depends on the dataset and optimizer)")
    g.add_argument("--batch-size", type=_int_at_least(0), metavar="N",
                   help="samples per weight update; 0 means all of them (default: depends on "
                        "the dataset)")
    g.add_argument("--optimizer", choices=[cls.name for cls in optimizers.TABLE],
                   help="how the weights are updated (default: depends on the dataset)")
    g.add_argument("--momentum", type=_float_in(0.0, 1.0, low_open=False), metavar="M",
                   help="momentum for sgd/momentum, from 0 to below 1 (default 0.9 for momentum, "
                        "0 for sgd)")
    g.add_argument("--seed", type=int, default=1,
                   help="makes the data, the split and the starting weights reproducible (default 1)")
    g.add_argument("--backend", choices=backends.NAMES,
                   help="training loop: python or cython (default: %s)" % backends.BACKEND)
    g.add_argument("--test-size", type=_test_size, metavar="SIZE",
                   help="fraction (or number) of samples held out for testing, stratified by class; "
                        "0 for none (default 0.25; 0 for the 4-sample gates and tutorial)")
    g.add_argument("--standardize", action=argparse.BooleanOptionalAction, default=None,
                   help="rescale each feature to mean 0, std 1 (the scaling is saved with the "
                        "model; default: on for iris, digits and CSV files, off for the others)")
    g = p.add_argument_group("output")
    g.add_argument("--save", metavar="MODEL.json",
                   help="save the trained model (JSON); an older tinynet model there is replaced, "
                        "any other file is refused unless --force")
    g.add_argument("--plot", action="store_true",
                   help="print the loss curve as text and, for 2-D data, the decision boundary")
    g.add_argument("--svg-dir", metavar="DIR",
                   help="write loss.svg, network.svg (and boundary.svg for 2-D data) into DIR")
    g.add_argument("--verbose", action="store_true", help="print one line per epoch")
    g.add_argument("--log-loss", action="store_true",
                   help="draw the loss on a log scale in the pictures (--svg-dir, report)")
    g.add_argument("--force", action="store_true",
                   help="replace an existing file given to --save, --out or --svg-dir even if it is "
                        "not a tinynet file of that kind (a model over an older model, a report or "
                        "picture over an older one, needs no --force; the input data is never "
                        "replaced)")


def build_parser() -> argparse.ArgumentParser:
    """The ``tinynet`` argument parser with all its subcommands."""
    # long: the parser's definition, one command after another as --help shows them
    parser = _Parser(
        prog=PROG,
        description="tinynet: a pure-Python neural network library for learners. "
                    "Without a command, runs the demo (options such as --iterations go to it).",
        epilog="Run 'tinynet COMMAND --help' for a command's options.")
    parser.add_argument("--version", action="version", version="tinynet %s" % __version__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("demo", help="the classic tutorial's neuron, then XOR (the default)",
                       description=demo.DESCRIPTION)
    demo.add_arguments(p)
    p.set_defaults(func=cmd_demo)

    fmt = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser("train", help="train a network on a dataset or CSV file",
                       description="Train a network on a shipped dataset or your own CSV file,\n"
                                   "and print its progress and scores.",
                       epilog=_defaults_epilog(), formatter_class=fmt)
    _add_training_arguments(p)
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("predict", help="use a saved model on new samples",
                       description="Print one prediction per sample: the class and its "
                                   "probability, or the\npredicted number. Samples come from a "
                                   "CSV file, from --values, or one per\nline on standard input.",
                       epilog="examples:\n  tinynet predict model.json --values \"5.1 3.5 1.4 0.2\"\n"
                              "  tinynet predict model.json new.csv\n"
                              "  echo \"1 0\" | tinynet predict xor.json", formatter_class=fmt)
    p.add_argument("model", metavar="MODEL", help="a model saved by 'tinynet train --save'")
    p.add_argument("csv", metavar="CSV", nargs="?",
                   help="a CSV file of samples (features only, or with a target column named by --target)")
    p.add_argument("--values", action="append", metavar="'A B ...'",
                   help="the numbers of one sample, e.g. \"1 0 0\" (repeat for more samples)")
    p.add_argument("--target", type=parse_target, metavar="COLUMN",
                   help="a column of the CSV to ignore (its target), by number or header name")
    p.add_argument("--backend", choices=backends.NAMES,
                   help="which loop runs the network (default: %s)" % backends.BACKEND)
    p.set_defaults(func=cmd_predict)

    p = sub.add_parser("evaluate", help="score a saved model on labelled data",
                       description="Score a saved model: loss, accuracy, confusion matrix and "
                                   "per-class precision/recall/F1, or MSE/MAE/R2 for regression.")
    p.add_argument("model", metavar="MODEL", help="a model saved by 'tinynet train --save'")
    p.add_argument("data", metavar="CSV|DATASET",
                   help="a CSV file with a target column, or a shipped dataset (%s)" % ", ".join(DATASETS))
    p.add_argument("--target", type=parse_target, metavar="COLUMN",
                   help="the CSV's target column, by number or header name (default: the last)")
    p.add_argument("--samples", type=_int_at_least(8), metavar="N",
                   help="moons, circles, spirals only: how many points to generate (default 200)")
    p.add_argument("--noise", type=_float_in(0.0, low_open=False), metavar="SD",
                   help="moons, circles, spirals only: the noise of the points")
    p.add_argument("--seed", type=int, default=1,
                   help="moons, circles, spirals only: which points (default 1, the same as "
                        "'train'; another seed gives fresh data)")
    p.add_argument("--backend", choices=backends.NAMES,
                   help="which loop runs the network (default: %s)" % backends.BACKEND)
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("report", help="train, then write a one-page HTML report",
                       description="Train exactly like 'tinynet train', then write one "
                                   "self-contained HTML page\n(no internet needed) with the "
                                   "network, its training history and, for 2-D\ndata, its "
                                   "decision boundary.",
                       epilog=_defaults_epilog(), formatter_class=fmt)
    _add_training_arguments(p)
    p.add_argument("--out", default="report.html", metavar="FILE.html",
                   help="where to write the report (default report.html); an older tinynet report "
                        "there is replaced, any other file is refused unless --force")
    p.add_argument("--replay", metavar="FILE.html",
                   help="also write a page with a slider over the epochs: the decision boundary, "
                        "the weights and the loss of each (no internet needed)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("bench", help="time the training loops (options: tinynet bench --help)",
                       add_help=False, description="Time the training loops.")
    p.set_defaults(func=None)

    p = sub.add_parser("info", help="show the version, backends, Python and platform",
                       description="Show the tinynet version, the backend chosen at import, the "
                                   "available backends, Python, the platform and whether NumPy "
                                   "is installed.")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("playground", help="watch a network learn in your browser (a local web page)",
                       description="Start the playground: a local web page, served from this computer, "
                                   "where a network trains as you watch. Ctrl-C stops it.")
    p.add_argument("--port", type=int, default=0, help="the port (default: any free one)")
    p.add_argument("--host", default="127.0.0.1",
                   help="the address to listen on (default 127.0.0.1: only this computer)")
    p.add_argument("--no-browser", action="store_true", help="print the URL but do not open a browser")
    p.set_defaults(func=cmd_playground)
    return parser


def _with_default_command(argv):
    """Insert ``demo`` when no command is given: ``tinynet`` or ``tinynet --iterations 100``."""
    if not argv:
        return ["demo"]
    if argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        return ["demo"] + argv
    return argv


def main(argv: "list[str] | None" = None) -> int:
    """Run the ``tinynet`` command line with ``argv`` (default ``sys.argv[1:]``); return the exit status.

    User mistakes print one ``tinynet: error: ...`` line to standard error
    and return 2; Ctrl-C returns 130.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        argv = _with_default_command(argv)
        if argv[0] == "bench":
            return cmd_bench(argv[1:])
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # --help and --version end here
            return exc.code if isinstance(exc.code, int) else 0
        return args.func(args)
    except CLIError as exc:
        sys.stderr.write("%s: error: %s\n" % (PROG, _one_line(exc)))
        return 2
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # tinynet's own checks name the problem (e.g. a value too large to standardize)
        sys.stderr.write("%s: error: %s\n" % (PROG, _one_line(exc)))
        return 2
    except MemoryError:
        sys.stderr.write("%s: error: not enough memory for a network or dataset this large\n" % PROG)
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("\n%s: interrupted\n" % PROG)
        return 130
    except BrokenPipeError:
        # the reader of our output went away (e.g. 'tinynet predict ... | head')
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            pass
        return 1
