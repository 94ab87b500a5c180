"""Saving and loading networks as plain JSON (never pickle).

A saved model is a JSON object you can open in any text editor::

    {
      "format": "tinynet-model",        always this string
      "version": 1,                      the format version
      "tinynet_version": "0.1.0",        the tinynet that wrote it
      "loss": "mse",
      "seed": 1,                         or null
      "layers": [
        {"type": "Dense", "n_in": 2, "n_out": 4, "activation": "tanh",
         "init": "xavier",
         "weights": [[...4 numbers...], [...4 numbers...]],   n_in rows of n_out
         "bias": [...4 numbers...]},
        ...
      ],
      "optimizer": {"name": "sgd", "learning_rate": 0.5, "momentum": 0.0},   or null
      "history": {"epoch": [1, 2, ...], "loss": [...], ...}                  or null
    }

Numbers are written with Python's shortest exact representation, so a
loaded network predicts exactly the same bits. Loading checks everything
(types, shapes, finite numbers, known names, the format version) and raises
``ValueError`` naming what is wrong.
"""

import json
import re

from . import fileio
from . import optimizers as _optimizers
from .activations import ACTIVATIONS
from .history import History
from .inputs import finite_number
from .layers import INITIALIZERS, Dense
from .losses import LOSSES

TYPE_CHECKING = False
if TYPE_CHECKING:  # only for type checkers: network imports this module
    from .network import Network

__all__ = ["save", "load", "to_dict", "from_dict", "dumps", "FORMAT", "VERSION"]

FORMAT = "tinynet-model"
VERSION = 1


def to_dict(net):
    """The network as a JSON-ready dict (see the module docstring)."""
    from . import __version__

    net._flat_params()  # refuse to write a network that could not be loaded back
    history = None
    if net.history is not None and len(net.history):
        history = {"epoch": list(net.history.epoch)}
        history.update(net.history.as_dict())
    layers = []
    for layer in net.layers:
        config = layer.get_config()
        config["weights"] = [list(row) for row in layer.weights]
        config["bias"] = list(layer.bias)
        layers.append(config)
    return {
        "format": FORMAT,
        "version": VERSION,
        "tinynet_version": __version__,
        "loss": net.loss,
        "seed": net.seed,
        "layers": layers,
        "optimizer": net._optimizer.get_config() if net._optimizer is not None else None,
        "history": history,
    }


def save(net: "Network", path: str) -> None:
    """Write ``net`` to the file ``path`` as JSON, atomically.

    The text goes to a temporary file next to ``path`` that then replaces it
    in one step, so ``path`` always holds a complete model (the old or the
    new). A failure raises :class:`tinynet.fileio.WriteError`, an
    ``OSError`` naming the path.
    """
    fileio.write_text(path, dumps(to_dict(net)) + "\n")


_NUMBER_LIST = re.compile(r"\[\s*((?:-?[0-9.eE+-]+|null)(?:,\s*(?:-?[0-9.eE+-]+|null))*)\s*\]")


def dumps(data):
    """JSON text with one line per list of numbers (a weight row stays on one line)."""
    text = json.dumps(data, indent=1, allow_nan=False)
    return _NUMBER_LIST.sub(lambda m: "[" + re.sub(r",\s*", ", ", m.group(1)) + "]", text)


def _reject_constant(name):
    raise ValueError("%s is not allowed in a tinynet model: numbers must be finite" % name)


def load(path):
    """Read a network saved with ``net.save(path)``; raises ValueError if the file is malformed."""
    with open(path, "r", encoding="utf-8") as f:
        text = f.read()
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise ValueError("%s is not a valid tinynet model file: %s" % (path, exc)) from None
    try:
        return from_dict(data)
    except (TypeError, ValueError) as exc:
        raise ValueError("%s: %s" % (path, exc)) from None


def _need(mapping, key, where):
    if key not in mapping:
        raise ValueError("%s is missing %r" % (where, key))
    return mapping[key]


def _int(value, where, low):
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError("%s must be a whole number >= %d, not %r" % (where, low, value))
    return value


def _floats(values, count, where):
    if not isinstance(values, list) or len(values) != count:
        raise ValueError("%s must be a list of %d numbers" % (where, count))
    return [finite_number(v, "%s[%d]" % (where, i), allow_bool=False) for i, v in enumerate(values)]


def _layer(config, i):
    where = "layer %d" % i
    if not isinstance(config, dict):
        raise ValueError("%s must be an object" % where)
    if _need(config, "type", where) != "Dense":
        raise ValueError("%s has type %r; only 'Dense' is known" % (where, config["type"]))
    n_in = _int(_need(config, "n_in", where), where + " n_in", 1)
    n_out = _int(_need(config, "n_out", where), where + " n_out", 1)
    activation = _need(config, "activation", where)
    if activation not in ACTIVATIONS:
        raise ValueError("%s has unknown activation %r" % (where, activation))
    init = config.get("init", None)
    if init is not None and init not in INITIALIZERS:
        raise ValueError("%s has unknown init %r" % (where, init))
    rows = _need(config, "weights", where)
    if not isinstance(rows, list) or len(rows) != n_in:
        raise ValueError("%s weights must be %d rows of %d numbers" % (where, n_in, n_out))
    weights = [_floats(row, n_out, "%s weights[%d]" % (where, k)) for k, row in enumerate(rows)]
    bias = _floats(_need(config, "bias", where), n_out, where + " bias")
    return Dense(n_in, n_out, activation, init=init, weights=weights, bias=bias)


def _history(data):
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ValueError("history must be an object of lists")
    epochs = _need(data, "epoch", "history")
    if not isinstance(epochs, list) or not all(isinstance(e, int) and not isinstance(e, bool) for e in epochs):
        raise ValueError("history epoch must be a list of whole numbers")
    history = History(keys=())
    figures = {}
    for key, values in data.items():
        if key == "epoch":
            continue
        if not isinstance(values, list) or len(values) != len(epochs):
            raise ValueError("history %r must be a list of %d values" % (key, len(epochs)))
        figures[key] = [None if v is None else finite_number(v, "history %r" % key, allow_bool=False)
                        for v in values]
    history.history = figures
    history.epoch = list(epochs)
    return history


def from_dict(data):
    """Rebuild a network from the dict made by :func:`to_dict`, checking everything."""
    from .network import Network

    if not isinstance(data, dict):
        raise ValueError("a tinynet model must be a JSON object")
    if data.get("format") != FORMAT:
        raise ValueError("not a tinynet model (format is %r, expected %r)" % (data.get("format"), FORMAT))
    version = data.get("version")
    if version != VERSION or isinstance(version, bool):
        raise ValueError("unsupported model format version %r (this tinynet reads version %d)" % (version, VERSION))
    loss = _need(data, "loss", "the model")
    if loss not in LOSSES:
        raise ValueError("unknown loss %r" % (loss,))
    seed = data.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ValueError("seed must be a whole number or null, not %r" % (seed,))
    layers = _need(data, "layers", "the model")
    if not isinstance(layers, list) or not layers:
        raise ValueError("layers must be a non-empty list")
    net = Network([_layer(config, i) for i, config in enumerate(layers)], loss=loss, seed=seed)
    optimizer = data.get("optimizer")
    if optimizer is not None:
        if not isinstance(optimizer, dict):
            raise ValueError("optimizer must be an object or null")
        try:
            net._optimizer = _optimizers.get(optimizer)
        except TypeError as exc:
            raise ValueError("optimizer settings are malformed: %s" % exc) from None
    net.history = _history(data.get("history"))
    return net
