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
loaded network predicts exactly the same bits. Saving is atomic (see
:mod:`tinynet.fileio`): a crash or a full disk during ``save`` leaves the old
file whole. Loading checks everything (types, shapes, finite numbers, known
names, the format version, no key given twice) and raises ``ValueError``
naming the file and what is wrong.

Loading a hostile file stays cheap: the file must be a regular file no
larger than ``max_bytes``, and the outer structure (the model object, its
layers and history) is read first by a small reader in this module, which
checks every declared size against the lists in the file *before a single
weight is parsed*. A layer claiming a billion weights, or a list far longer
than its layer's shape, is refused after a scan of the text, without building
millions of Python floats.
"""

import json
import math
import re

from . import fileio
from . import optimizers as _optimizers
from .activations import ACTIVATIONS
from .history import History
from .inputs import finite_number, whole_number
from .layers import BIAS_INITIALIZERS, INITIALIZERS, MAX_WEIGHTS, Dense
from .losses import LOSSES

TYPE_CHECKING = False
if TYPE_CHECKING:  # only for type checkers
    from collections.abc import Iterator

__all__ = ["FORMAT", "MAX_BYTES", "VERSION", "dumps", "loads", "parse_config",
           "read_dict", "save", "to_dict", "write"]

FORMAT = "tinynet-model"
VERSION = 1

#: The largest model file :func:`load` reads unless told otherwise (256 MiB).
MAX_BYTES = 256 * 1024 * 1024


def to_dict(net: object) -> dict:
    """The network as a JSON-ready dict: ``net.get_config()`` (see the module docstring)."""
    return net.get_config()


def save(net: object, path: str) -> None:
    """Write the network ``net`` to the file ``path`` as JSON, atomically (see :func:`write`)."""
    write(net.get_config(), path)


def write(config: dict, path: str) -> None:
    """Write a model description (``Network.get_config()``) to the file ``path`` as JSON, atomically.

    The text goes to a temporary file next to ``path`` that then replaces it
    in one step, so ``path`` always holds a complete model (the old or the
    new). A failure raises :class:`tinynet.fileio.WriteError`, an
    ``OSError`` naming the path.
    """
    fileio.write_text(path, dumps(config) + "\n")


def dumps(data: dict) -> str:
    """JSON text with one line per list of numbers (a weight row stays on one line).

    Laid out as ``json.dumps(data, indent=1)`` lays it out, except that a
    list holding only numbers (and nulls) is written on one line. Written
    here, not by ``json.dumps``, so that every Python writes the same layout
    (MicroPython's json has no ``indent``); each number is its ``repr``,
    which reads back as exactly the same float. NaN and infinity raise
    ValueError: they are not JSON.
    """
    out = []
    _write_json(data, "", out)
    return "".join(out)


def _is_json_number(value: object) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))


def _write_json(value: object, indent: str, out: list) -> None:
    """Append the JSON text of ``value`` to ``out``, nested one space deeper than ``indent``."""
    inner = indent + " "
    if isinstance(value, dict) and value:
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            out.append(("\n" if i == 0 else ",\n") + inner + _json_scalar(str(key)) + ": ")
            _write_json(item, inner, out)
        out.append("\n" + indent + "}")
    elif isinstance(value, (list, tuple)) and value and all(_is_json_number(v) for v in value):
        out.append("[" + ", ".join(_json_scalar(v) for v in value) + "]")
    elif isinstance(value, (list, tuple)) and value:
        out.append("[")
        for i, item in enumerate(value):
            out.append(("\n" if i == 0 else ",\n") + inner)
            _write_json(item, inner, out)
        out.append("\n" + indent + "]")
    elif isinstance(value, (dict, list, tuple)):
        out.append("{}" if isinstance(value, dict) else "[]")
    else:
        out.append(_json_scalar(value))


def _json_scalar(value: object) -> str:
    """The JSON text of a string, number, bool or None; ValueError for NaN and infinity."""
    if isinstance(value, float) and not math.isfinite(value):
        _reject_constant(repr(value))
    return json.dumps(value)


def _reject_constant(name: str) -> None:
    raise ValueError("%s is not allowed in a tinynet model: numbers must be finite" % name)


def read_dict(path: str, *, max_bytes: int = MAX_BYTES) -> dict:
    """The JSON object of the model file ``path``, its structure and sizes checked.

    ``max_bytes`` caps the file's size (256 MiB by default), checked before
    anything is read. Raises ``FileNotFoundError`` for a missing file and
    ``ValueError`` naming the path for anything else: a folder, FIFO or
    device, a file that is too large, not UTF-8 or not JSON.
    ``Network.from_config`` then builds the network (that is ``tinynet.load``).
    Callers may keep their own keys in a model file (the command line keeps
    its ``preprocessing`` there).
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
        raise TypeError("max_bytes must be a whole number of bytes, not %r" % (max_bytes,))
    if max_bytes < 1:
        raise ValueError("max_bytes must be at least 1, not %d" % max_bytes)
    try:
        text = fileio.read_text(path, "model", max_bytes)
    except fileio.FileTooLargeError as exc:
        raise fileio.FileTooLargeError("%s; pass max_bytes=... to load a larger model" % exc) from None
    try:
        return loads(text)
    except (TypeError, ValueError) as exc:  # not JSON, or sizes that disagree
        raise ValueError("%s is not a valid tinynet model file: %s" % (path, exc)) from None


def loads(text: str) -> dict:
    """Parse the text of a model file into its JSON object, checking sizes before numbers.

    Raises ``ValueError``: for text that is not JSON, holds NaN or Infinity,
    or gives a key twice in one object; and for a model whose declared
    sizes disagree with its lists (see :class:`_Reader`). Everything else
    is checked by :func:`from_dict`.
    """
    if not hasattr(json, "JSONDecoder"):  # MicroPython's json has only loads()
        return json.loads(text)
    return _Reader(text).model()


# ---------------------------------------------------------------------------
# The model reader: the outer structure by hand, the values by Python's json


class _NotJSON(ValueError):
    """The text is not JSON (or holds NaN, Infinity or a key given twice)."""


def _unique_object(pairs: list) -> dict:
    """``object_pairs_hook`` for json: build a dict, refusing a key given twice."""
    data = {}
    for key, value in pairs:
        if key in data:
            raise _NotJSON("the key %r appears twice in one object" % (key,))
        data[key] = value
    return data


_SPACE = re.compile(r"[ \t\n\r]*")
# the characters a list of numbers (or of rows of numbers) may hold; history may hold null
_NUMBERS = re.compile(r"[-+0-9.eE \t\n\r,]*")
_NUMBERS_OR_NULL = re.compile(r"[-+0-9.eEnul \t\n\r,]*")
_ROWS = re.compile(r"[-+0-9.eE \t\n\r,\[\]]*")
_LIST_IN_ROW = re.compile(r"\[[ \t\n\r]*\[")


class _Span:
    """Where a list of numbers sits in the text, and how many items it holds.

    ``rows`` and ``items`` are counted from the brackets and commas alone,
    without parsing a number: for valid JSON, ``rows`` is exact and
    ``items`` is a lower bound (exact for a flat list).
    """

    def __init__(self, start: int, end: int, rows: int, items: int, chars: "re.Pattern") -> None:
        self.start, self.end, self.rows, self.items, self.chars = start, end, rows, items, chars


class _Reader:
    """Reads a model file's outer structure by hand and hands each value to ``json``.

    The model object, its ``layers`` list, each layer object and the
    ``history`` object are walked here, key by key. Small values (names,
    sizes, the optimizer) are parsed at once with ``json``. Lists of numbers
    (weights, biases, history) are only *located and counted*: their
    brackets and commas are counted with ``str.count``, which is fast, and
    they are parsed only at the end, once every declared size has been
    checked against those counts. So a file whose sizes disagree is refused
    before any of its numbers becomes a Python float.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.decoder = json.JSONDecoder(object_pairs_hook=_unique_object, parse_constant=_reject_constant)
        self.lists = []  # (container, key, _Span, where): parsed once everything is checked

    # -- small steps over the text

    def fail(self, message: str, pos: "int | None" = None) -> None:
        """Raise a JSON error pointing at line and column (as ``json`` does)."""
        raise _NotJSON(str(json.JSONDecodeError(message, self.text, self.pos if pos is None else pos)))

    def peek(self) -> str:
        """Skip white space; return the next character ('' at the end)."""
        self.pos = _SPACE.match(self.text, self.pos).end()
        return self.text[self.pos:self.pos + 1]

    def value(self) -> object:
        """Parse the JSON value that starts here with Python's json module."""
        self.peek()
        try:
            value, self.pos = self.decoder.raw_decode(self.text, self.pos)
        except _NotJSON:
            raise
        except (ValueError, RecursionError) as exc:
            raise _NotJSON(str(exc)) from None
        return value

    def members(self) -> "Iterator[str]":
        """Walk the object that starts here: yield each key, with the value next in the text."""
        if self.peek() != "{":
            self.fail("Expecting '{'")
        self.pos += 1
        seen = set()
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            start = self.pos
            if self.peek() != '"':
                self.fail("Expecting property name enclosed in double quotes")
            key = self.value()
            if key in seen:
                self.fail("the key %r appears twice in one object" % (key,), start)
            seen.add(key)
            if self.peek() != ":":
                self.fail("Expecting ':' delimiter")
            self.pos += 1
            yield key
            if not self.end_of("}"):
                return

    def items(self) -> "Iterator[int]":
        """Walk the list that starts here: yield each index, with the item next in the text."""
        self.pos += 1  # the caller saw "["
        if self.peek() == "]":
            self.pos += 1
            return
        index = 0
        while True:
            yield index
            index += 1
            if not self.end_of("]"):
                return

    def end_of(self, closer: str) -> bool:
        """After an item: True if a comma follows (more to come), False at ``closer``."""
        char = self.peek()
        self.pos += 1
        if char == ",":
            return True
        if char != closer:
            self.fail("Expecting ',' delimiter", self.pos - 1)
        return False

    # -- lists of numbers: located and counted, parsed later

    def span(self, chars: "re.Pattern", nested: bool) -> _Span:
        """Locate the list of numbers (``nested``: of rows) that starts here, without parsing it."""
        text, start = self.text, self.pos
        if nested:  # rows hold no quote or brace, so the list ends before the next one
            limit = min(_find(text, '"', start), _find(text, "}", start))
            end = text.rfind("]", start, limit) + 1
        else:
            end = text.find("]", start) + 1
        if end <= start:
            self.fail("Expecting ']'", start)
        rows = text.count("[", start + 1, end) if nested else 0
        commas = text.count(",", start, end)
        blank = _SPACE.match(text, start + 1, end - 1).end() == end - 1
        items = 0 if blank else max(commas + 1 - rows, 0)
        self.pos = end
        return _Span(start, end, rows, items, chars)

    def later(self, container: dict, key: str, span: _Span, where: str) -> None:
        """Remember a list to parse once the whole structure has been checked."""
        self.lists.append((container, key, span, where))

    def parse_lists(self) -> None:
        """Parse every list :meth:`later` remembered, once all their characters are checked."""
        for _, _, span, where in self.lists:
            self.check_characters(span, where)
        for container, key, span, _ in self.lists:
            self.pos = span.start
            container[key] = self.value()
            if self.pos != span.end:
                self.fail("Expecting ',' delimiter")

    def check_characters(self, span: _Span, where: str) -> None:
        """Refuse a list of numbers that holds anything else (NaN, a string, a deeper list)."""
        text, first, last = self.text, span.start + 1, span.end - 1
        bad = span.chars.match(text, first, last).end()
        if bad == last and span.chars is _ROWS:
            deeper = _LIST_IN_ROW.search(text, first, last)
            if deeper is None:
                return
            bad = deeper.end() - 1
        elif bad == last:
            return
        for constant in ("NaN", "Infinity"):
            if text.startswith(constant, bad):
                self.fail("%s is not allowed in a tinynet model: numbers must be finite" % constant, bad)
        self.fail("%s must hold only numbers, found %r" % (where, text[bad:bad + 10]), bad)

    # -- the model

    def model(self) -> dict:
        """The whole file: the model object, checked as it is read."""
        if self.peek() != "{":
            if not self.text.strip():
                raise _NotJSON("the file is empty")
            raise _NotJSON("a tinynet model is a JSON object, starting with '{', not with %r"
                           % self.text[self.pos:self.pos + 20])
        data = {}
        for key in self.members():
            if key == "layers" and self.peek() == "[":
                data[key] = self.layers()
            elif key == "history" and self.peek() == "{":
                data[key] = self.history()
            else:
                data[key] = self.value()
                if key in _CHECK_AT_ONCE:
                    _CHECK_AT_ONCE[key](data[key])
        if self.peek():
            self.fail("Extra data")
        self.parse_lists()
        return data

    def layers(self) -> list:
        """The list of layers, each checked against the one before it."""
        layers = []
        for i in self.items():
            if self.peek() != "{":
                raise ValueError("layer %d must be an object" % i)
            layers.append(self.layer(i, layers[-1] if layers else None))
        return layers

    def layer(self, i: int, previous: "dict | None") -> dict:
        """One layer object; its sizes are checked as soon as they are known."""
        where = "layer %d" % i
        config = {}
        spans = {}
        for key in self.members():
            if key in ("weights", "bias"):
                if self.peek() != "[":
                    raise ValueError("%s %s must be a list" % (where, key))
                if key == "weights" and "n_in" in config and "n_out" in config:
                    _declared_shape(config, where)  # a huge layer is refused before its weights are read
                spans[key] = self.span(_ROWS if key == "weights" else _NUMBERS, key == "weights")
            else:
                config[key] = self.value()
        n_in, n_out = _declared_shape(config, where)
        if previous is not None and previous["n_out"] != n_in:
            raise ValueError("layer %d takes %d inputs but layer %d gives %d outputs: they must match"
                             % (i, n_in, i - 1, previous["n_out"]))
        weights, bias = spans.get("weights"), spans.get("bias")
        if weights is not None and (weights.rows != n_in or weights.items > n_in * n_out):
            raise ValueError(_weights_shape(where, n_in, n_out))
        if bias is not None and bias.items != n_out:
            raise ValueError(_bias_shape(where, n_out))
        for key, span in spans.items():
            self.later(config, key, span, "%s %s" % (where, key))
        return config

    def history(self) -> dict:
        """The history object: every list must be as long as the others."""
        history = {}
        first = None
        for key in self.members():
            if self.peek() != "[":
                history[key] = self.value()
                continue
            span = self.span(_NUMBERS_OR_NULL, False)
            if first is None:
                first = (key, span.items)
            elif span.items != first[1]:
                raise ValueError("history %r has %d values but history %r has %d: they must match"
                                 % (key, span.items, first[0], first[1]))
            self.later(history, key, span, "history %r" % key)
        return history


def _find(text: str, char: str, start: int) -> int:
    """``text.find`` that answers ``len(text)`` instead of -1."""
    at = text.find(char, start)
    return len(text) if at < 0 else at


def _check_format(value: object) -> None:
    if value != FORMAT:
        raise ValueError("not a tinynet model (format is %r, expected %r)" % (value, FORMAT))


def _check_version(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value != VERSION:
        raise ValueError("unsupported model format version %r (this tinynet reads version %d, "
                         "written as the whole number %d)" % (value, VERSION, VERSION))


def _check_loss(value: object) -> None:
    if not isinstance(value, str) or value not in LOSSES:
        raise ValueError("unknown loss %r" % (value,))


# the model's small values, checked the moment they are read
_CHECK_AT_ONCE = {"format": _check_format, "version": _check_version, "loss": _check_loss}


def _declared_shape(config: dict, where: str) -> "tuple[int, int]":
    """A layer's ``(n_in, n_out)``, refused if not whole numbers or too many weights."""
    n_in = _int(_need(config, "n_in", where), where + " n_in", 1)
    n_out = _int(_need(config, "n_out", where), where + " n_out", 1)
    if n_in * n_out > MAX_WEIGHTS:
        raise ValueError("%s declares %d x %d = %d weights; a layer may hold at most %d"
                         % (where, n_in, n_out, n_in * n_out, MAX_WEIGHTS))
    return n_in, n_out


def _weights_shape(where: str, n_in: int, n_out: int) -> str:
    return "%s weights must be %d rows of %d numbers" % (where, n_in, n_out)


def _bias_shape(where: str, n_out: int) -> str:
    return "%s bias must be a list of %d numbers" % (where, n_out)


def _need(mapping, key, where):
    if key not in mapping:
        raise ValueError("%s is missing %r" % (where, key))
    return mapping[key]


def _int(value: object, where: str, low: int) -> int:
    """A whole number of at least ``low`` read from a model file (a ValueError: the file is wrong)."""
    try:
        return whole_number(value, where, low)
    except TypeError as exc:
        raise ValueError(str(exc)) from None


def _floats(values, count, where):
    if not isinstance(values, list) or len(values) != count:
        raise ValueError("%s must be a list of %d numbers" % (where, count))
    return [finite_number(v, "%s[%d]" % (where, i), allow_bool=False) for i, v in enumerate(values)]


def _layer(config: dict, i: int) -> Dense:
    where = "layer %d" % i
    if not isinstance(config, dict):
        raise ValueError("%s must be an object" % where)
    if _need(config, "type", where) != "Dense":
        raise ValueError("%s has type %r; only 'Dense' is known" % (where, config["type"]))
    n_in, n_out = _declared_shape(config, where)
    activation = _need(config, "activation", where)
    if activation not in ACTIVATIONS:
        raise ValueError("%s has unknown activation %r" % (where, activation))
    init = config.get("init", None)
    if init is not None and init not in INITIALIZERS:
        raise ValueError("%s has unknown init %r" % (where, init))
    bias_init = config.get("bias_init", "zeros")  # absent in older files: zeros
    if bias_init not in BIAS_INITIALIZERS:
        raise ValueError("%s has unknown bias_init %r" % (where, bias_init))
    rows = _need(config, "weights", where)
    if not isinstance(rows, list) or len(rows) != n_in:
        raise ValueError(_weights_shape(where, n_in, n_out))
    weights = [_floats(row, n_out, "%s weights[%d]" % (where, k)) for k, row in enumerate(rows)]
    bias = _floats(_need(config, "bias", where), n_out, where + " bias")
    return Dense(n_in, n_out, activation, init=init, weights=weights, bias=bias,
                 bias_init=bias_init)


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


def parse_config(data: dict) -> dict:
    """Check a model description (the JSON object of a model file) and build its parts.

    Returns ``{"loss": str, "seed": int or None, "layers": [Dense, ...],
    "optimizer": an optimizer or None, "history": History or None}``, from
    which ``Network.from_config`` makes the network. Raises ``ValueError``
    saying what is wrong.
    """
    if not isinstance(data, dict):
        raise ValueError("a tinynet model must be a JSON object")
    _check_format(data.get("format"))
    _check_version(data.get("version"))
    loss = _need(data, "loss", "the model")
    _check_loss(loss)
    seed = data.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ValueError("seed must be a whole number or null, not %r" % (seed,))
    layers = _need(data, "layers", "the model")
    if not isinstance(layers, list) or not layers:
        raise ValueError("layers must be a non-empty list")
    parts = {"loss": loss, "seed": seed, "layers": [_layer(config, i) for i, config in enumerate(layers)],
             "optimizer": None, "history": _history(data.get("history"))}
    optimizer = data.get("optimizer")
    if optimizer is not None:
        if not isinstance(optimizer, dict):
            raise ValueError("optimizer must be an object or null")
        try:
            parts["optimizer"] = _optimizers.get(optimizer)
        except TypeError as exc:
            raise ValueError("optimizer settings are malformed: %s" % exc) from None
    return parts


# ``load(path)`` and ``from_dict(data)`` build a ``Network``, which sits above
# this module (network imports saving, never the reverse). tinynet.network
# defines them (``tinynet.load`` is ``network.load``; ``from_dict`` is
# ``Network.from_config``) and sets them here when it is imported, which
# ``import tinynet.saving`` always does first (the package imports network).
