"""A model file with its preprocessing: what ``tinynet train --save`` writes.

The file is a tinynet model file (the JSON of
:meth:`tinynet.Network.get_config`, written and read by :mod:`tinynet.saving`,
so :func:`tinynet.load` reads it too) with one more key,
``"preprocessing"``, so ``predict`` and ``evaluate`` can treat new data
exactly as the training data was treated::

    "preprocessing": {
      "standardize": {"mean": [...], "scale": [...]},   or null: the
                          features are rescaled as (x - mean) / scale
      "target": {"mean": m, "scale": s},                 regression only, or
                          null: the network predicts (y - m) / s
      "classes": ["setosa", "versicolor", "virginica"],  the name of each
                          class label 0, 1, 2, ... (null for regression)
      "task": "classification" or "regression",
      "dataset": "iris",  where the training data came from
      "features": [...]   the feature names, when known
    }

One reader (:func:`read`), one writer (:func:`write`), one layout.
"""

import math
import sys

from . import datasets, saving
from .network import Network

__all__ = ["MAX_BYTES", "Preprocessing", "infer_task", "read", "read_preprocessing", "write"]

#: The largest model file :func:`read` reads (checked before reading).
MAX_BYTES = saving.MAX_BYTES

TASKS = ("classification", "regression")


class Preprocessing:
    """How data is prepared for a model, and how its outputs are read.

    Attributes:
        mean, scale: per-feature standardization ``(x - mean) / scale``, or None.
        y_mean, y_scale: the regression target's scaling, or None.
        classes: the name of each class label (classification), or None.
        task: "classification" or "regression".
        dataset, features: where the training data came from (informative).
    """

    def __init__(self, task: str, classes: "list | None" = None, mean: "list[float] | None" = None,
                 scale: "list[float] | None" = None, y_mean: "float | None" = None,
                 y_scale: "float | None" = None, dataset: "str | None" = None,
                 features: "list[str] | None" = None) -> None:
        self.task = task
        self.classes = classes
        self.mean = mean
        self.scale = scale
        self.y_mean = y_mean
        self.y_scale = y_scale
        self.dataset = dataset
        self.features = features

    def transform(self, X: "list[list[float]]") -> "list[list[float]]":
        """The features as the network expects them (standardized if the model was trained so)."""
        if self.mean is None:
            return [list(row) for row in X]
        return [[(v - m) / s for v, m, s in zip(row, self.mean, self.scale)] for row in X]

    def scale_targets(self, y: "list[float]") -> "list[float]":
        """Regression targets in the units the network was trained on."""
        if self.y_mean is None:
            return list(y)
        return [(v - self.y_mean) / self.y_scale for v in y]

    def unscale_outputs(self, values: "list[float]") -> "list[float]":
        """Network outputs back in the target's own units (regression)."""
        if self.y_mean is None:
            return list(values)
        return [v * self.y_scale + self.y_mean for v in values]

    def to_dict(self) -> dict:
        """The JSON-ready ``"preprocessing"`` object saved with a model."""
        return {
            "standardize": None if self.mean is None else {"mean": list(self.mean),
                                                             "scale": list(self.scale)},
            "target": None if self.y_mean is None else {"mean": self.y_mean, "scale": self.y_scale},
            "classes": None if self.classes is None else list(self.classes),
            "task": self.task,
            "dataset": self.dataset,
            "features": None if self.features is None else list(self.features),
        }


def n_classes(net: Network) -> int:
    """How many classes a classifier tells apart: 2 for one sigmoid output, else one per output."""
    return 2 if net.n_outputs == 1 else net.n_outputs


def infer_task(net: Network) -> str:
    """Guess "classification" or "regression" from a network's loss and output layer."""
    if net.loss in ("crossentropy", "binary_crossentropy"):
        return "classification"
    if net.layers[-1].activation in ("sigmoid", "softmax"):
        return "classification"
    return "regression"


def _finite_list(values: object, count: int, where: str) -> "list[float]":
    if not isinstance(values, list) or len(values) != count:
        raise ValueError("%s must be a list of %d numbers" % (where, count))
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise ValueError("%s holds %r, not a finite number" % (where, v))
    return [float(v) for v in values]


def _usable_scale(value: float) -> bool:
    """A scale to divide by: above 0 and a normal float (not zero, not subnormal like 5e-324)."""
    return value >= sys.float_info.min


def read_preprocessing(data: "dict | None", net: Network) -> Preprocessing:
    """Check a model file's ``"preprocessing"`` object (or None) and return a :class:`Preprocessing`.

    Raises ValueError naming what is wrong.
    """
    task = infer_task(net)
    if data is None:
        return Preprocessing(task, _default_classes(net) if task == "classification" else None)
    if not isinstance(data, dict):
        raise ValueError("preprocessing must be an object")
    if "task" in data and data["task"] is not None:
        if data["task"] not in TASKS:
            raise ValueError("preprocessing task must be 'classification' or 'regression', not %r"
                             % (data["task"],))
        task = data["task"]
    prep = Preprocessing(task, dataset=data.get("dataset"))
    _read_standardize(data.get("standardize"), net, prep)
    _read_target(data.get("target"), prep)
    if task == "classification":
        prep.classes = _read_classes(data.get("classes"), net)
    features = data.get("features")
    if isinstance(features, list) and len(features) == net.n_inputs:
        prep.features = [str(f) for f in features]
    return prep


def _default_classes(net: Network) -> "list[int]":
    return list(range(n_classes(net)))


def _read_standardize(std: object, net: Network, prep: Preprocessing) -> None:
    """Check ``"standardize"`` (or None) and keep its mean and scale in ``prep``."""
    if std is None:
        return
    if not isinstance(std, dict):
        raise ValueError("preprocessing standardize must be an object with mean and scale")
    prep.mean = _finite_list(std.get("mean"), net.n_inputs, "preprocessing standardize mean")
    prep.scale = _finite_list(std.get("scale"), net.n_inputs, "preprocessing standardize scale")
    if any(not _usable_scale(s) for s in prep.scale):
        raise ValueError("preprocessing standardize scale holds %r: a scale must be a "
                         "normal number above 0 (dividing by it would blow the features up)"
                         % next(s for s in prep.scale if not _usable_scale(s)))


def _read_target(tgt: object, prep: Preprocessing) -> None:
    """Check ``"target"`` (or None; regression only) and keep its mean and scale in ``prep``."""
    if tgt is None:
        return
    if prep.task != "regression" or not isinstance(tgt, dict):
        raise ValueError("preprocessing target must be an object with mean and scale "
                         "(regression models only)")
    prep.y_mean, prep.y_scale = _finite_list([tgt.get("mean"), tgt.get("scale")], 2,
                                             "preprocessing target mean and scale")
    if not _usable_scale(prep.y_scale):
        raise ValueError("preprocessing target scale is %r: it must be a normal number "
                         "above 0" % prep.y_scale)


def _read_classes(classes: object, net: Network) -> list:
    """Check ``"classes"`` (or None: 0, 1, ...): one distinct name per class the network predicts."""
    if classes is None:
        classes = _default_classes(net)
    if not isinstance(classes, list) or len(classes) != n_classes(net):
        raise ValueError("preprocessing classes must list %d class names (one per class the "
                         "network predicts)" % n_classes(net))
    seen = {}
    for c in classes:
        if isinstance(c, bool) or not isinstance(c, (str, int, float)):
            raise ValueError("preprocessing classes holds %r, not a class name" % (c,))
        key = datasets.canonical_label(c)
        if key in seen:
            raise ValueError("preprocessing classes names the class %s twice (%r and %r)"
                             % (key, seen[key], c))
        seen[key] = c
    return classes


def read(path: str) -> "tuple[Network, Preprocessing]":
    """Read a model file: returns ``(net, preprocessing)``.

    The file is read by :func:`tinynet.saving.read_dict`, the same reader as
    :func:`tinynet.load`: only a regular file of at most :data:`MAX_BYTES`
    (never a pipe or a device, which could hang or never end), duplicate keys
    refused, declared sizes checked before any weight is parsed.

    Raises OSError if the file cannot be read, ValueError naming the file
    and the problem if it is not a usable model.
    """
    data = saving.read_dict(path, max_bytes=MAX_BYTES)
    try:
        net = Network.from_config(data)
        prep = read_preprocessing(data.get("preprocessing"), net)
    except (TypeError, ValueError) as exc:
        raise ValueError("%s is not a valid tinynet model file: %s" % (path, exc)) from None
    return net, prep


def write(net: Network, prep: Preprocessing, path: str) -> None:
    """Write the network and its preprocessing to ``path`` as JSON, atomically.

    Written by :func:`tinynet.saving.write` (through :mod:`tinynet.fileio`):
    a failure (a full disk, a crash) raises an OSError and leaves the old
    file, if any, complete.
    """
    data = net.get_config()
    data["preprocessing"] = prep.to_dict()
    saving.write(data, path)
