"""Small datasets, data generators, splitting and scaling for tinynet.

Everything here returns plain Python lists, so you can print the data,
look at it, and feed it straight into a tinynet model:

* ``X`` is a list of samples; each sample is a list of floats (the features).
* ``y`` is a list with one target per sample: an ``int`` class label for
  classification, or a ``float`` for regression.

What is in this module
----------------------
Toy data
    :func:`load_tutorial`, :func:`load_gate`, :func:`load_xor`
Generated 2-D data (each call can be made reproducible with ``seed``)
    :func:`make_moons`, :func:`make_circles`, :func:`make_spirals`
Real data shipped with tinynet
    :func:`load_iris`, :func:`load_digits`
Your own data
    :func:`load_csv`, :func:`read_csv_rows`, :func:`canonical_label`
Preparing data
    :func:`train_test_split`, :class:`Standardizer`, :class:`MinMaxScaler`
Datasets by name or path (what ``tinynet train iris`` or ``tinynet train data.csv`` loads)
    :func:`load_dataset` (a :class:`LoadedData`), :data:`DATASETS`, :func:`read_feature_csv`

Every call returns brand-new lists, so changing the data you got back never
changes what the next call returns.

On MicroPython everything here works except :func:`load_csv` and
:func:`read_csv_rows` (and what reads CSV files through them), which need the
``csv`` module MicroPython does not have: calling them raises an ImportError
that says so. The generators there use MicroPython's ``math.cos``, ``sin`` and
``log``, which may round a few values differently in the last bit.

Data credits
------------
The two real datasets come from the UCI Machine Learning Repository
(https://archive.ics.uci.edu), licensed CC BY 4.0, in the form shipped by
scikit-learn:

* Iris: R. A. Fisher (1936). "Iris". UCI Machine Learning Repository.
  https://doi.org/10.24432/C56C76
* Digits: E. Alpaydin, C. Kaynak (1998). "Optical Recognition of Handwritten
  Digits". UCI Machine Learning Repository. https://doi.org/10.24432/C50P49
  (tinynet ships the 1797-image test set, 8x8 pixels, values 0-16.)

The generators :func:`make_moons` and :func:`make_circles` follow the
geometry of the scikit-learn functions of the same name.
"""

import io
import math
import os

from . import fileio
from ._compat import did_you_mean, fspath, fsum, index, is_integer, is_integral, is_real, require
from .inputs import NUMBERS, TARGETS, as_list
from .rng import Random

__all__ = [
    "IRIS_CLASSES",
    "IRIS_FEATURES",
    "DIGITS_CLASSES",
    "GATES",
    "load_tutorial",
    "load_gate",
    "load_xor",
    "make_moons",
    "make_circles",
    "make_spirals",
    "load_iris",
    "load_digits",
    "load_csv",
    "read_csv_rows",
    "canonical_label",
    "train_test_split",
    "Standardizer",
    "MinMaxScaler",
    "DATASETS",
    "LoadedData",
    "is_dataset_name",
    "load_dataset",
    "read_feature_csv",
]

TYPE_CHECKING = False
if TYPE_CHECKING:  # only for type checkers
    from collections.abc import Sequence

#: Names of the three iris species; ``IRIS_CLASSES[label]`` names a label.
IRIS_CLASSES = ("setosa", "versicolor", "virginica")

#: Names of the four iris measurements, in column order.
IRIS_FEATURES = (
    "sepal length (cm)",
    "sepal width (cm)",
    "petal length (cm)",
    "petal width (cm)",
)

#: Names of the ten digit classes: label ``d`` is the digit ``str(d)``.
DIGITS_CLASSES = tuple(str(d) for d in range(10))

#: The logic gates known to :func:`load_gate`: name -> outputs for the
#: inputs (0, 0), (0, 1), (1, 0), (1, 1).
GATES = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "xor": (0, 1, 1, 0),
    "nand": (1, 1, 1, 0),
    "nor": (1, 0, 0, 0),
    "xnor": (1, 0, 0, 1),
}

_GATE_INPUTS = ((0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0))


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


#: The largest dataset the generators make (Python lists of floats take memory).
MAX_SAMPLES = 10_000_000


def _check_count(value, name, minimum=1):
    """Check that ``value`` is an integer >= ``minimum`` and return it."""
    if isinstance(value, bool):
        raise TypeError("%s must be an integer, not a bool" % name)
    try:
        value = index(value)
    except TypeError:
        raise TypeError(
            "%s must be an integer, got %s" % (name, type(value).__name__)
        ) from None
    if value < minimum:
        raise ValueError("%s must be at least %d, got %d" % (name, minimum, value))
    if value > MAX_SAMPLES:
        raise ValueError("%s must be at most %d, got %d: the data is kept in Python lists"
                         % (name, MAX_SAMPLES, value))
    return value


def _check_real(value, name):
    """Check that ``value`` is a finite real number and return it as float."""
    if isinstance(value, bool) or not is_real(value):
        raise TypeError(
            "%s must be a number, got %s" % (name, type(value).__name__)
        )
    value = float(value)
    if not math.isfinite(value):
        raise ValueError("%s must be a finite number, got %r" % (name, value))
    return value


def _check_noise(noise):
    noise = _check_real(noise, "noise")
    if noise < 0:
        raise ValueError("noise must be >= 0, got %r" % noise)
    return noise


def _make_rng(seed):
    """Return a private ``tinynet.rng.Random`` (never the global random state)."""
    if seed is None:
        return Random()
    if isinstance(seed, bool):
        raise TypeError("seed must be an integer or None, not a bool")
    try:
        seed = index(seed)
    except TypeError:
        raise TypeError(
            "seed must be an integer or None, got %s" % type(seed).__name__
        ) from None
    return Random(seed)


def _linspace(start, stop, num, endpoint=True):
    """``num`` evenly spaced floats from ``start`` to ``stop``."""
    if num == 1:
        return [float(start)]
    div = (num - 1) if endpoint else num
    step = (stop - start) / div
    return [start + i * step for i in range(num)]


def _split_evenly(n, k):
    """Sizes of ``k`` groups holding ``n`` items as evenly as possible."""
    return [n // k + (1 if i < n % k else 0) for i in range(k)]


def _finish(points, labels, noise, shuffle, rng):
    """Add gaussian noise, optionally shuffle, and return ``(X, y)``."""
    if noise > 0:
        points = [[a + rng.gauss(0.0, noise), b + rng.gauss(0.0, noise)]
                  for a, b in points]
    else:
        points = [[float(a), float(b)] for a, b in points]
    if shuffle:
        order = list(range(len(points)))
        rng.shuffle(order)
        points = [points[i] for i in order]
        labels = [labels[i] for i in order]
    return points, list(labels)


# ---------------------------------------------------------------------------
# Toy data
# ---------------------------------------------------------------------------


def load_tutorial() -> "tuple[list[list[float]], list[int]]":
    """Return the four training samples used in the tinynet tutorial.

    Each sample has three input bits; the label equals the first bit
    (the third bit is always 1 and works like a bias input).

    Returns:
        ``(X, y)`` with ``X = [[0.0, 0.0, 1.0], [1.0, 1.0, 1.0],
        [1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]`` and ``y = [0, 1, 1, 0]``.

    Example:
        >>> X, y = load_tutorial()
        >>> y
        [0, 1, 1, 0]
    """
    X = [[0.0, 0.0, 1.0], [1.0, 1.0, 1.0], [1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]
    y = [0, 1, 1, 0]
    return X, y


def load_gate(name: str) -> "tuple[list[list[float]], list[int]]":
    """Return the truth table of a logic gate as a tiny dataset.

    Args:
        name: the gate, case-insensitive: ``"and"``, ``"or"``, ``"xor"``,
            ``"nand"``, ``"nor"`` or ``"xnor"``.

    Returns:
        ``(X, y)`` where ``X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0],
        [1.0, 1.0]]`` (all four 2-bit inputs) and ``y`` holds the gate's
        output (``0`` or ``1``) for each input.

    Raises:
        ValueError: if the gate name is unknown (the message lists the
            valid names).

    AND, OR and NAND can be learned by a single neuron, because one straight
    line separates the 0s from the 1s. XOR and XNOR cannot: they need a
    hidden layer.

    Example:
        >>> X, y = load_gate("xor")
        >>> y
        [0, 1, 1, 0]
    """
    if not isinstance(name, str):
        raise TypeError("gate name must be a string, got %s" % type(name).__name__)
    key = name.strip().lower()
    if key not in GATES:
        raise ValueError(
            "unknown gate %r; valid gates are: %s" % (name, ", ".join(GATES))
        )
    X = [list(bits) for bits in _GATE_INPUTS]
    y = list(GATES[key])
    return X, y


def load_xor() -> "tuple[list[list[float]], list[int]]":
    """Return the XOR truth table; the same as ``load_gate("xor")``.

    Returns:
        ``(X, y)`` with ``X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0],
        [1.0, 1.0]]`` and ``y = [0, 1, 1, 0]``.
    """
    return load_gate("xor")


# ---------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------


def make_moons(n_samples: int = 200, noise: float = 0.1, seed: "int | None" = None,
               shuffle: bool = True) -> "tuple[list[list[float]], list[int]]":
    """Generate two interleaving half circles ("moons") in 2-D.

    Class 0 is the upper moon: points ``(cos t, sin t)`` for ``t`` evenly
    spaced over ``[0, pi]`` (a half of the unit circle centred at (0, 0)).
    Class 1 is the lower moon: points ``(1 - cos t, 0.5 - sin t)`` (a half
    of the unit circle centred at (1, 0.5)). This is the same geometry as
    scikit-learn's ``make_moons``. No straight line separates the two
    moons, so a network needs a hidden layer to classify them.

    Args:
        n_samples: total number of points. The classes get
            ``n_samples // 2`` points each; if ``n_samples`` is odd,
            class 1 gets the extra point.
        noise: standard deviation of the gaussian noise added to each
            coordinate (``0`` puts the points exactly on the moons).
        seed: an integer makes the result reproducible; ``None`` gives
            different data on each call. The global ``random`` module is
            never touched.
        shuffle: if True (default) the samples come in random order;
            if False, all of class 0 comes first, then class 1.

    Returns:
        ``(X, y)``: ``X`` is a list of ``[x, y]`` points (floats),
        ``y`` a list of class labels ``0`` or ``1``.

    Example:
        >>> X, y = make_moons(100, noise=0.1, seed=0)
        >>> len(X), y.count(0), y.count(1)
        (100, 50, 50)
    """
    n_samples = _check_count(n_samples, "n_samples")
    noise = _check_noise(noise)
    rng = _make_rng(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    points = [(math.cos(t), math.sin(t)) for t in _linspace(0.0, math.pi, n_out)]
    points += [(1.0 - math.cos(t), 1.0 - math.sin(t) - 0.5)
               for t in _linspace(0.0, math.pi, n_in)]
    labels = [0] * n_out + [1] * n_in
    return _finish(points, labels, noise, shuffle, rng)


def make_circles(n_samples: int = 200, noise: float = 0.05, factor: float = 0.5,
                 seed: "int | None" = None, shuffle: bool = True) -> "tuple[list[list[float]], list[int]]":
    """Generate a small circle inside a large circle in 2-D.

    Class 0 lies on the unit circle (radius 1), class 1 on a circle of
    radius ``factor``; both are centred at (0, 0) with points evenly spaced
    around the circle. Same geometry as scikit-learn's ``make_circles``.

    Args:
        n_samples: total number of points. The classes get
            ``n_samples // 2`` points each; if ``n_samples`` is odd,
            class 1 gets the extra point.
        noise: standard deviation of the gaussian noise added to each
            coordinate.
        factor: radius of the inner circle, strictly between 0 and 1.
        seed: an integer makes the result reproducible; ``None`` gives
            different data on each call.
        shuffle: if True (default) the samples come in random order.

    Returns:
        ``(X, y)``: ``X`` is a list of ``[x, y]`` points (floats),
        ``y`` a list of class labels ``0`` (outer) or ``1`` (inner).
    """
    n_samples = _check_count(n_samples, "n_samples")
    noise = _check_noise(noise)
    factor = _check_real(factor, "factor")
    if not 0.0 < factor < 1.0:
        raise ValueError("factor must be between 0 and 1 (exclusive), got %r"
                         % factor)
    rng = _make_rng(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    two_pi = 2.0 * math.pi
    points = [(math.cos(t), math.sin(t))
              for t in _linspace(0.0, two_pi, n_out, endpoint=False)]
    points += [(factor * math.cos(t), factor * math.sin(t))
               for t in _linspace(0.0, two_pi, n_in, endpoint=False)]
    labels = [0] * n_out + [1] * n_in
    return _finish(points, labels, noise, shuffle, rng)


def make_spirals(n_samples: int = 200, n_classes: int = 2, noise: float = 0.1,
                 seed: "int | None" = None, shuffle: bool = True) -> "tuple[list[list[float]], list[int]]":
    """Generate ``n_classes`` interleaved spiral arms in 2-D, one per class.

    Along each arm the radius grows evenly from 0.1 to 1.0 while the angle
    makes one full turn (2*pi). Arm ``k`` starts at angle
    ``2*pi*k / n_classes``, so the arms are evenly spread around the
    centre. Spirals are a classic "hard" toy problem: a network needs
    hidden layers and some training to separate them.

    Args:
        n_samples: total number of points, shared as evenly as possible
            between the classes (the first classes get any extra points).
        n_classes: number of spiral arms / classes (at least 1).
        noise: standard deviation of the gaussian noise added to each
            coordinate.
        seed: an integer makes the result reproducible; ``None`` gives
            different data on each call.
        shuffle: if True (default) the samples come in random order.

    Returns:
        ``(X, y)``: ``X`` is a list of ``[x, y]`` points (floats),
        ``y`` a list of class labels ``0 .. n_classes - 1``.
    """
    n_samples = _check_count(n_samples, "n_samples")
    n_classes = _check_count(n_classes, "n_classes")
    noise = _check_noise(noise)
    rng = _make_rng(seed)
    points = []
    labels = []
    for k, size in enumerate(_split_evenly(n_samples, n_classes)):
        start_angle = 2.0 * math.pi * k / n_classes
        for t in (_linspace(0.0, 1.0, size) if size else []):
            radius = 0.1 + 0.9 * t
            angle = start_angle + 2.0 * math.pi * t
            points.append((radius * math.cos(angle), radius * math.sin(angle)))
            labels.append(k)
    return _finish(points, labels, noise, shuffle, rng)


# ---------------------------------------------------------------------------
# Real datasets shipped with the package
# ---------------------------------------------------------------------------


def _read_data_file(filename):
    """Return the bytes of ``tinynet/data/<filename>``.

    Uses ``importlib.resources`` so it also works when tinynet is installed
    from a wheel or a zip file, and falls back to a path next to this file
    (on MicroPython, which has no importlib, that is the only way).
    """
    try:
        from importlib import resources
    except ImportError:  # MicroPython
        resources = None
    if resources is not None:
        try:
            package = __name__.rpartition(".")[0] or "tinynet"
            # (joinpath takes one part at a time on Python < 3.11)
            resource = resources.files(package).joinpath("data").joinpath(filename)
            return resource.read_bytes()
        except Exception:  # old Python, namespace package, unusual loader ...
            pass
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", filename)
    with open(path, "rb") as f:
        return f.read()


def _data_rows(text):
    """The cells of each non-blank line of one of tinynet's own CSV files.

    Those files hold numbers and plain names only (no quotes, no spaces, no
    line breaks inside a value), so splitting at the commas gives exactly
    the rows the csv module reads (a test checks that), and it also works
    where there is no csv module (MicroPython).
    """
    return [line.split(",") for line in text.splitlines() if line.strip()]


_PARSED = {}  # file name -> what its parser returned: each shipped file is parsed once


def _parsed_once(filename, parse):
    """``parse()``, computed on the first call for ``filename`` and remembered."""
    if filename not in _PARSED:
        _PARSED[filename] = parse()
    return _PARSED[filename]


def _iris_raw():
    """Parse iris.csv once; return immutable tuples (copied by callers)."""
    return _parsed_once("iris.csv", _parse_iris)


def _parse_iris():
    rows = _data_rows(_read_data_file("iris.csv").decode("utf-8"))
    head = rows[0]
    n_samples, n_features = int(head[0]), int(head[1])
    names = tuple(name.strip() for name in head[2:])
    X, y = [], []
    for cells in rows[1:]:
        X.append(tuple(float(v) for v in cells[:n_features]))
        y.append(int(cells[n_features]))
    if len(X) != n_samples:
        raise RuntimeError("tinynet/data/iris.csv is damaged: expected %d rows, "
                           "found %d" % (n_samples, len(X)))
    return tuple(X), tuple(y), names


def _digits_raw():
    """Parse digits.csv.gz once; return immutable tuples (copied by callers)."""
    return _parsed_once("digits.csv.gz", _parse_digits)


def _parse_digits():
    gzip = require("gzip", "tinynet.datasets.load_digits")
    rows = _data_rows(gzip.decompress(_read_data_file("digits.csv.gz")).decode("utf-8"))
    X = [tuple(float(v) for v in cells[:-1]) for cells in rows]
    y = [int(float(cells[-1])) for cells in rows]
    return tuple(X), tuple(y)


def load_iris(return_names: bool = False) -> tuple:
    """Load Fisher's iris flowers: 150 samples, 4 features, 3 classes.

    Each sample measures one flower: sepal length, sepal width, petal
    length and petal width, in centimetres (see :data:`IRIS_FEATURES`).
    The label is the species: 0 = setosa, 1 = versicolor, 2 = virginica
    (see :data:`IRIS_CLASSES`); there are 50 flowers of each species, in
    that order (shuffle or use :func:`train_test_split` before training).

    Source: R. A. Fisher (1936), "Iris", UCI Machine Learning Repository,
    CC BY 4.0.

    Args:
        return_names: if True, also return the class and feature names.

    Returns:
        ``(X, y)``: ``X`` is 150 lists of 4 floats, ``y`` 150 ints in 0..2.
        With ``return_names=True``: ``(X, y, target_names, feature_names)``,
        both names being lists of strings.

    Example:
        >>> X, y = load_iris()
        >>> X[0], y[0]
        ([5.1, 3.5, 1.4, 0.2], 0)
    """
    X_raw, y_raw, names = _iris_raw()
    X = [list(row) for row in X_raw]
    y = list(y_raw)
    if return_names:
        return X, y, list(names), list(IRIS_FEATURES)
    return X, y


def load_digits(return_names: bool = False) -> tuple:
    """Load the handwritten digits: 1797 images of 8x8 pixels, 10 classes.

    Each sample is one image flattened row by row into 64 floats; pixel
    ``(row, col)`` is at index ``8 * row + col``. Values are ink intensity
    from 0 (blank) to 16 (dark). The label is the digit shown, 0..9 (about
    180 images of each). Tip: divide by 16 (or use :class:`MinMaxScaler`)
    to get inputs between 0 and 1 before training.

    Source: E. Alpaydin, C. Kaynak (1998), "Optical Recognition of
    Handwritten Digits", UCI Machine Learning Repository, CC BY 4.0.

    Args:
        return_names: if True, also return the class and feature names.

    Returns:
        ``(X, y)``: ``X`` is 1797 lists of 64 floats, ``y`` 1797 ints 0..9.
        With ``return_names=True``: ``(X, y, target_names, feature_names)``
        where ``target_names`` is ``["0", ..., "9"]`` and ``feature_names``
        is ``["pixel_0_0", "pixel_0_1", ..., "pixel_7_7"]``.
    """
    X_raw, y_raw = _digits_raw()
    X = [list(row) for row in X_raw]
    y = list(y_raw)
    if return_names:
        features = ["pixel_%d_%d" % (r, c) for r in range(8) for c in range(8)]
        return X, y, list(DIGITS_CLASSES), features
    return X, y


# ---------------------------------------------------------------------------
# Your own CSV files
# ---------------------------------------------------------------------------


def is_number(text: str) -> bool:
    """True when the text of a CSV cell reads as a number (``float(text)`` accepts it)."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def _require_csv(feature):
    """The csv module, or an ImportError naming it and ``tinynet.datasets.<feature>`` (MicroPython)."""
    return require("csv", "tinynet.datasets." + feature)


def _open_text(path):
    """Open a (possibly gzip-compressed) text file for the csv module."""
    if fspath(path).endswith(".gz"):
        gzip = require("gzip", "tinynet.datasets.read_csv_rows")
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig",
                                newline="")
    return open(path, "r", encoding="utf-8-sig", newline="")


def _decompress_errors():
    """The exceptions a damaged ``.gz`` file raises: EOFError, ``gzip.BadGzipFile``, ``zlib.error``."""
    import gzip
    import zlib
    return (EOFError, gzip.BadGzipFile, zlib.error)


def read_csv_rows(path: "str | os.PathLike", delimiter: str = ",") -> "list[tuple[int, list[str]]]":
    """The non-blank rows of a CSV file, as ``(line number, cells)`` pairs.

    This is the one place tinynet reads a CSV file; :func:`load_csv` and the
    command line both use it. Each cell has its surrounding spaces removed;
    rows whose cells are all empty are skipped. Files ending in ``.gz`` are
    decompressed; the text must be UTF-8 (a byte-order mark is allowed).

    Every problem is a ``ValueError`` that names the file (and the line,
    when there is one) before anything is lost:

    * the path is a folder, a pipe (FIFO) or a device such as ``/dev/zero``:
      refused before reading, so nothing hangs or fills the memory
      (a missing file raises ``FileNotFoundError``);
    * the bytes are not UTF-8 text, or a ``.gz`` file is damaged;
    * a quote is opened and not closed on the same line: the csv module
      would otherwise swallow the following lines into one value, so a
      quoted value may not hold a line break;
    * a value is longer than the csv module's field size limit
      (``csv.field_size_limit()``, 131072 characters by default).

    Example:
        >>> read_csv_rows("pets.csv")  # doctest: +SKIP
        [(1, ['weight', 'height', 'animal']), (2, ['4.2', '25', 'cat'])]
    """
    csv = _require_csv("read_csv_rows")
    fname = fspath(path)
    fileio.check_regular_file(fname, "CSV file")
    rows = []
    start = 1  # the line where the row being read begins
    try:
        with _open_text(fname) as f:
            reader = csv.reader(f, delimiter=delimiter)
            try:
                for cells in reader:
                    if any("\n" in c or "\r" in c for c in cells):
                        raise ValueError(
                            "%s, line %d: a quote opened on this line is not closed "
                            "on it (a quoted value cannot continue onto the next "
                            "line; is a closing quote missing?)" % (fname, start))
                    cells = [c.strip() for c in cells]
                    if any(cells):
                        rows.append((start, cells))
                    start = reader.line_num + 1
            except csv.Error as exc:
                hint = ""
                if "limit" in str(exc):
                    hint = " (a value this long is usually a quote that is never closed)"
                raise ValueError("%s, line %d: %s%s" % (fname, start, exc, hint)) from None
    except UnicodeDecodeError:
        raise ValueError("CSV file %s is not UTF-8 text; save it as UTF-8 (for "
                         "example with 'Save as... CSV UTF-8')" % fname) from None
    except _decompress_errors() as exc:
        raise ValueError("CSV file %s cannot be decompressed: %s" % (fname, exc)) from None
    return rows


def _label_number(text: str) -> "float | None":
    """The finite number a label spells, or None if it is a name; NaN/inf raise."""
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value):
        raise ValueError("the label %r is NaN or infinite" % (text,))
    return value


def canonical_label(label: "str | int | float") -> str:
    """The class a label stands for, written one way: the rule for CSV labels.

    tinynet applies one rule to every label, whatever the other labels in the
    column are: a label that is a finite number is compared as that number,
    and any other label is compared exactly as written. So ``"1"``,
    ``"1.0"``, ``"1e0"`` and the number ``1`` are all the class ``"1"``, and
    ``"0.50"`` is the class ``"0.5"``, while ``"cat"`` and ``"Cat"`` are two
    classes. Labels spelling NaN or infinity (``"nan"``, ``"inf"``) are
    refused with a ``ValueError``: they are almost always missing values.

    Example:
        >>> canonical_label("1.0"), canonical_label(2), canonical_label(" 0.50 ")
        ('1', '2', '0.5')
        >>> canonical_label("cat")
        'cat'
    """
    if isinstance(label, bool) or not isinstance(label, (str, int, float)):
        raise TypeError("a class label must be a string or a number, got %r" % (label,))
    if isinstance(label, int):
        return str(label)
    value = _label_number(label) if isinstance(label, str) else float(label)
    if value is None:
        return label.strip()
    if not math.isfinite(value):
        raise ValueError("the label %r is NaN or infinite" % (label,))
    return str(int(value)) if is_integer(value) else repr(value)


def _class_order(name: str) -> tuple:
    """Sort key for class names: numbers first, by value, then names in text order."""
    value = _label_number(name)
    return (1, 0.0, name) if value is None else (0, value, "")


def load_csv(path: "str | os.PathLike", target: "int | str" = -1, header: "bool | None" = None,
             delimiter: str = ",", return_classes: bool = False) -> tuple:
    """Load your own dataset from a CSV file.

    Each line of the file is one sample. One column is the *target* (what
    the network should predict); every other column is a numeric feature.
    Blank lines are skipped. Files ending in ``.gz`` are decompressed.

    Args:
        path: the file to read (a string or ``pathlib.Path``).
        target: which column holds the target: a column index (``0`` is the
            first column, ``-1`` the last, the default) or, when the file
            has a header row, a column name such as ``"species"``.
        header: ``True`` if the first row holds column names, ``False`` if
            it is data, or ``None`` (default) to guess: the first row is a
            header if any of its cells outside the target column is not a
            number.
        delimiter: the character between cells, e.g. ``";"`` or ``"\\t"``.
        return_classes: if True, also return ``classes`` (see below).

    Returns:
        ``(X, y)``, or ``(X, y, classes)`` if ``return_classes`` is True.

        * ``X``: one list of floats per data row (all non-target columns).
        * ``y``: the targets. If the target column holds names (like
          ``"cat"``, ``"dog"``), they become ints ``0 .. k-1`` in sorted
          order of the names, and ``classes`` is that sorted list of names,
          so ``classes[y[i]]`` is the name of sample ``i``. If the target
          column holds numbers, ``classes`` is ``None``; ``y`` holds ints
          when every target is a whole number (class labels), else floats
          (regression).

        Labels follow one rule, whatever the rest of the column holds (see
        :func:`canonical_label`): a label that is a finite number is compared
        as that number, so ``1`` and ``1.0`` are always the same class, and
        in a column that also holds names it gets the name ``"1"``. Numbers
        sort before names, by value: the column ``2``, ``10``, ``cat`` gives
        ``classes == ["2", "10", "cat"]``.

    Raises:
        FileNotFoundError: if the file does not exist.
        ValueError: if the path is a folder, a pipe or a device, the file is
            not UTF-8 text, a quote is not closed on its line, a value is
            longer than the csv module's limit, the file is empty or has no
            data rows, a row has the wrong number of columns, a feature is
            not a number or is NaN/infinite, a target is NaN/infinite, or
            ``target`` does not match a column. The message names the file
            and, where there is one, the line number.

    Example:
        Given a file ``pets.csv``::

            weight,height,animal
            4.2,25,cat
            30.5,60,dog

        >>> X, y, classes = load_csv("pets.csv", target="animal",
        ...                          return_classes=True)  # doctest: +SKIP
        >>> X, y, classes  # doctest: +SKIP
        ([[4.2, 25.0], [30.5, 60.0]], [0, 1], ['cat', 'dog'])
    """
    # long: the docstring is the CSV rules' documentation; the code is about 30 lines
    _require_csv("load_csv")
    fname = fspath(path)
    _check_csv_options(fname, target, header, delimiter)
    rows = read_csv_rows(fname, delimiter)  # (line number, stripped cells) of non-blank rows
    if not rows:
        raise ValueError("%s is empty: it has no rows of data" % fname)
    first_line, first = rows[0]
    target_col, has_header = _find_target(fname, first_line, first, target, header)
    _check_enough_columns(fname, first_line, first, delimiter)
    if has_header:
        names = first
        data_rows = rows[1:]
        if not data_rows:
            _fail(fname, first_line, "the file has a header row but no data rows")
    else:
        names = None
        data_rows = rows
    X = []
    raw_targets = []
    for line_no, cells in data_rows:
        if len(cells) != len(first):
            _fail(fname, line_no, "expected %d columns (like line %d) but found %d"
                  % (len(first), first_line, len(cells)))
        X.append(_csv_features(fname, line_no, cells, target_col, names))
        if cells[target_col] == "":
            _fail(fname, line_no, "the target (column %d) is empty" % (target_col + 1))
        raw_targets.append((line_no, cells[target_col]))
    y, classes = _csv_labels(fname, raw_targets)
    if return_classes:
        return X, y, classes
    return X, y


def _fail(fname: str, line_no: int, message: str) -> None:
    """Raise the ValueError of a bad CSV line: ``"data.csv, line 4: ..."``."""
    raise ValueError("%s, line %d: %s" % (fname, line_no, message))


def _check_csv_options(fname: str, target: object, header: object, delimiter: object) -> None:
    """The checks of :func:`load_csv`'s arguments, before the file is read."""
    if header not in (None, True, False):
        raise TypeError("header must be True, False or None, got %r" % (header,))
    if isinstance(target, bool) or not (isinstance(target, str) or is_integral(target)):
        raise TypeError("target must be a column index (int) or a column name "
                        "(str), got %r" % (target,))
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise ValueError("delimiter must be a single character, got %r"
                         % (delimiter,))
    if isinstance(target, str) and header is False:
        raise ValueError("target=%r is a column name, but header=False says "
                         "%s has no header row; pass a column index instead"
                         % (target, fname))


def _find_target(fname: str, first_line: int, first: "list[str]", target: "int | str",
                 header: "bool | None") -> "tuple[int, bool]":
    """``(target column index, whether the first row is a header)`` for :func:`load_csv`."""
    n_cols = len(first)
    if isinstance(target, str):
        matches = [i for i, name in enumerate(first) if name == target.strip()]
        if not matches:
            _fail(fname, first_line, "no column named %r; the columns are: %s"
                  % (target, ", ".join(repr(c) for c in first)))
        if len(matches) > 1:
            _fail(fname, first_line, "more than one column is named %r" % target)
        return matches[0], True
    column = int(target)
    if not -n_cols <= column < n_cols:
        _fail(fname, first_line, "target column %d is out of range: the file has "
              "%d columns (valid indexes are %d..%d)"
              % (column, n_cols, -n_cols, n_cols - 1))
    target_col = column % n_cols
    if header is None:
        return target_col, any(not is_number(c) for i, c in enumerate(first) if i != target_col)
    return target_col, header


def _check_enough_columns(fname: str, first_line: int, first: "list[str]", delimiter: str) -> None:
    """Fail if the file has one column only (hinting at another delimiter it seems to use)."""
    if len(first) < 2:
        hint = ""
        for other, name in ((";", "semicolons"), ("\t", "tabs"), (" ", "spaces")):
            if other != delimiter and other in first[0]:
                hint = " (the line contains %s: try delimiter=%r)" % (name, other)
                break
        _fail(fname, first_line, "found only 1 column; a dataset needs at least one "
              "feature column plus the target column" + hint)


def _csv_features(fname: str, line_no: int, cells: "list[str]", target_col: int,
                  names: "list[str] | None") -> "list[float]":
    """The features of one CSV row as floats; ``names`` (the header, or None) name bad cells."""
    features = []
    for i, cell in enumerate(cells):
        if i == target_col:
            continue
        where = "column %d (%r)" % (i + 1, names[i]) if names is not None \
            else "column %d" % (i + 1)
        if cell == "":
            _fail(fname, line_no, "%s is empty (a missing value); fill in or "
                  "remove missing values first" % where)
        if not is_number(cell):
            _fail(fname, line_no, "%s: value %r is not a number (features must "
                  "be numeric)" % (where, cell))
        value = float(cell)
        if not math.isfinite(value):
            _fail(fname, line_no, "%s: value %r is NaN or infinite; fill in or "
                  "remove such values first" % (where, cell))
        features.append(value)
    return features


def _csv_labels(fname: str, raw_targets: "list[tuple[int, str]]") -> "tuple[list, list | None]":
    """``(y, classes)`` from the target cells, by the label rule (see :func:`canonical_label`).

    A finite number is a number, anything else is a name; the column is
    numeric only if every label is.
    """
    numbers_found = []
    for line_no, cell in raw_targets:
        try:
            numbers_found.append(_label_number(cell))
        except ValueError:
            _fail(fname, line_no, "the target value %r is NaN or infinite" % cell)
    if None in numbers_found:
        labels = [canonical_label(cell) for _, cell in raw_targets]
        classes = sorted(set(labels), key=_class_order)
        code = {label: i for i, label in enumerate(classes)}
        return [code[label] for label in labels], classes
    if all(is_integer(value) for value in numbers_found):
        return [int(value) for value in numbers_found], None
    return numbers_found, None


# ---------------------------------------------------------------------------
# Splitting
# ---------------------------------------------------------------------------


def _copy_item(item):
    return list(item) if isinstance(item, list) else item


def _stratified_test_counts(sizes, n_test):
    """How many samples of each class go to the test set.

    Each class gets its fair share ``size * n_test / n`` rounded so the
    total is exactly ``n_test`` (largest remainders get the extra ones),
    keeping at least one sample of every class in each part.
    """
    n = sum(sizes)
    ideal = [s * n_test / n for s in sizes]
    counts = [min(max(int(math.floor(q)), 1), s - 1) for q, s in zip(ideal, sizes)]
    remaining = n_test - sum(counts)
    while remaining > 0:  # give to the class furthest below its share
        options = [i for i in range(len(sizes)) if counts[i] < sizes[i] - 1]
        best = max(options, key=lambda i: (ideal[i] - counts[i], -i))
        counts[best] += 1
        remaining -= 1
    while remaining < 0:  # take from the class furthest above its share
        options = [i for i in range(len(sizes)) if counts[i] > 1]
        best = min(options, key=lambda i: (ideal[i] - counts[i], i))
        counts[best] -= 1
        remaining += 1
    return counts


def train_test_split(X: "Sequence", y: "Sequence", test_size: "float | int" = 0.25,
                     seed: "int | None" = None, stratify: "bool | Sequence" = False) -> "tuple[list, list, list, list]":
    """Randomly split a dataset into a training part and a test part.

    Train your model on the training part only, then measure it on the
    test part: that tells you how well it works on data it has never seen.

    Args:
        X: the samples (a list; NumPy arrays are accepted too).
        y: the targets, one per sample.
        test_size: a float between 0 and 1 is the fraction of samples that
            go to the test set (rounded up, like scikit-learn: 0.25 of 10
            samples is 3); an int is the exact number of test samples.
        seed: an integer makes the split reproducible; ``None`` gives a
            different split each time. The global ``random`` module is never
            touched.
        stratify: if True, ``y`` must hold class labels and every class is
            split separately, so the train and test sets keep the class
            proportions of the whole dataset (useful for small or unbalanced
            datasets). You may also pass a list of labels to stratify by,
            as in scikit-learn's ``stratify=y``.

    Returns:
        ``X_train, X_test, y_train, y_test`` (the same order as
        scikit-learn), all new lists; your ``X`` and ``y`` are not changed.

    Raises:
        ValueError: if ``X`` and ``y`` have different lengths, there are
            fewer than 2 samples, ``test_size`` would leave the train or
            test set empty, or (with ``stratify``) a class has fewer than
            2 samples or there are more classes than test or train samples.

    Example:
        >>> X, y = load_iris()
        >>> X_train, X_test, y_train, y_test = train_test_split(
        ...     X, y, test_size=0.2, seed=0, stratify=True)
        >>> len(X_train), len(X_test), y_test.count(0)
        (120, 30, 10)
    """
    X = as_list(X, "X")
    y = as_list(y, "y", TARGETS)
    n = len(X)
    if len(y) != n:
        raise ValueError("X and y must have the same length, got %d samples in X and %d in y" % (n, len(y)))
    if n < 2:
        raise ValueError("need at least 2 samples to split, got %d" % n)
    n_test = _test_count(test_size, n)
    rng = _make_rng(seed)
    if stratify is None or stratify is False:
        order = list(range(n))
        rng.shuffle(order)
        test_idx, train_idx = order[:n_test], order[n_test:]
    else:
        labels = y if stratify is True else as_list(stratify, "stratify", "a list of class labels")
        test_idx, train_idx = _stratified_indices(labels, n, n_test, rng)
    return ([_copy_item(X[i]) for i in train_idx], [_copy_item(X[i]) for i in test_idx],
            [_copy_item(y[i]) for i in train_idx], [_copy_item(y[i]) for i in test_idx])


def _test_count(test_size: "float | int", n: int) -> int:
    """How many of ``n`` samples go to the test set: a fraction (rounded up) or a count."""
    if isinstance(test_size, bool):
        raise TypeError("test_size must be a float fraction or an int count, "
                        "not a bool")
    if is_integral(test_size):
        n_test = int(test_size)
        if not 1 <= n_test <= n - 1:
            raise ValueError("test_size=%d must be between 1 and %d (the number "
                             "of samples minus 1)" % (n_test, n - 1))
        return n_test
    if not is_real(test_size):
        raise TypeError("test_size must be a float fraction or an int count, "
                        "got %s" % type(test_size).__name__)
    fraction = float(test_size)
    if not 0.0 < fraction < 1.0:
        raise ValueError("test_size as a fraction must be between 0 and 1 "
                         "(exclusive), got %r" % fraction)
    # Round up like scikit-learn; the tiny tolerance stops rounding
    # errors such as 0.7 * 10 == 7.000000000000001 from adding a sample.
    n_test = int(math.ceil(fraction * n - 1e-9))
    if not 1 <= n_test <= n - 1:
        raise ValueError("test_size=%r of %d samples gives %d test samples; "
                         "both the train and test sets need at least one"
                         % (fraction, n, n_test))
    return n_test


def _class_groups(labels: list, n: int) -> "dict[object, list[int]]":
    """Class label -> sample indexes, in order of first appearance (checked for stratifying)."""
    if len(labels) != n:
        raise ValueError("stratify has %d labels but X has %d samples"
                         % (len(labels), n))
    groups = {}
    for i, label in enumerate(labels):
        if isinstance(label, list):  # e.g. one-hot targets
            label = tuple(label)
        if isinstance(label, float) and not is_integer(label):
            raise ValueError("stratify needs class labels, but y holds %r "
                             "(regression targets cannot be stratified)"
                             % label)
        groups.setdefault(label, []).append(i)
    for label, members in groups.items():
        if len(members) < 2:
            raise ValueError("class %r has only %d sample; stratify needs "
                             "at least 2 samples of every class"
                             % (label, len(members)))
    return groups


def _stratified_indices(labels: list, n: int, n_test: int, rng: Random) -> "tuple[list[int], list[int]]":
    """``(test indexes, train indexes)``: every class split separately, in its proportion."""
    groups = _class_groups(labels, n)
    n_classes = len(groups)
    if n_test < n_classes or n - n_test < n_classes:
        raise ValueError("a stratified split needs at least one sample of "
                         "each of the %d classes in both parts, but the "
                         "split is %d train / %d test samples"
                         % (n_classes, n - n_test, n_test))
    members_list = list(groups.values())
    counts = _stratified_test_counts([len(m) for m in members_list], n_test)
    test_idx, train_idx = [], []
    for members, k in zip(members_list, counts):
        members = list(members)
        rng.shuffle(members)
        test_idx += members[:k]
        train_idx += members[k:]
    rng.shuffle(test_idx)
    rng.shuffle(train_idx)
    return test_idx, train_idx


# ---------------------------------------------------------------------------
# Scaling
# ---------------------------------------------------------------------------


def _as_row(row: object, owner: str, r: int) -> "list | tuple":
    """Row ``r`` of X as a list or tuple (a NumPy row too), or a ValueError saying how to write one."""
    if not isinstance(row, (list, tuple)) and hasattr(row, "tolist"):
        try:
            row = as_list(row, "row %d" % r, NUMBERS)
        except TypeError:  # a NumPy number, not a row
            pass
    if not isinstance(row, (list, tuple)):
        raise ValueError(
            "%s expects X as a list of rows, but row %d is %r; for a "
            "single feature write [[v] for v in values]" % (owner, r, row))
    return row


def _as_matrix(X, owner, n_features=None, check_finite=True):
    """Check that ``X`` is a non-empty 2-D table of numbers; return floats."""
    if not isinstance(X, (list, tuple)) and hasattr(X, "tolist"):
        X = as_list(X, "X")  # a NumPy array
    if not isinstance(X, (list, tuple)):
        raise TypeError("%s expects X as a list of rows (lists of numbers), "
                        "got %s" % (owner, type(X).__name__))
    if len(X) == 0:
        raise ValueError("%s got an empty X (no rows)" % owner)
    rows = []
    width = None
    for r, row in enumerate(X):
        row = _as_row(row, owner, r)
        if width is None:
            width = len(row)
        elif len(row) != width:
            raise ValueError("%s: row %d has %d values but row 0 has %d"
                             % (owner, r, len(row), width))
        out = []
        for c, value in enumerate(row):
            if isinstance(value, bool) or not is_real(value):
                raise TypeError("%s: X[%d][%d] is %r, not a number"
                                % (owner, r, c, value))
            value = float(value)
            if check_finite and not math.isfinite(value):
                raise ValueError("%s: X[%d][%d] is %r; remove NaN and infinite "
                                 "values first" % (owner, r, c, value))
            out.append(value)
        rows.append(out)
    if width == 0:
        raise ValueError("%s: the rows of X have no values" % owner)
    if n_features is not None and width != n_features:
        raise ValueError("%s was fitted on %d columns but X has %d columns"
                         % (owner, n_features, width))
    return rows


class Standardizer:
    """Rescale each column to mean 0 and standard deviation 1 (z-scores).

    Many networks train faster when every input feature is on a similar
    scale. ``fit`` learns each column's mean and standard deviation from
    the training data; ``transform`` then computes ``(x - mean) / std``.
    The standard deviation is the population one (divide by ``n``), like
    scikit-learn's ``StandardScaler``. A column that never changes would
    have std 0; it gets std 1 instead, so nothing is divided by zero.

    Fit on the training set only, then transform both the training and the
    test set with the same fitted scaler.

    Attributes (set by ``fit``):
        mean_: list with the mean of each column.
        scale_: list with the standard deviation of each column (1.0 for
            constant columns).
        n_features_: the number of columns seen in ``fit``.

    Example:
        >>> scaler = Standardizer()
        >>> scaler.fit_transform([[1.0, 10.0], [3.0, 10.0]])
        [[-1.0, 0.0], [1.0, 0.0]]
        >>> scaler.mean_, scaler.scale_
        ([2.0, 10.0], [1.0, 1.0])
    """

    def __init__(self) -> None:
        self.mean_ = None
        self.scale_ = None
        self.n_features_ = None

    def __repr__(self):
        return "Standardizer()"

    def fit(self, X: "Sequence") -> "Standardizer":
        """Learn the mean and standard deviation of each column of ``X``.

        Args:
            X: a list of rows, each a list of numbers (NumPy arrays are
                accepted too).

        Returns:
            The scaler itself, so you can write ``Standardizer().fit(X)``.
        """
        rows = _as_matrix(X, "Standardizer.fit")
        n = len(rows)
        means, scales = [], []
        for j, column in enumerate(zip(*rows)):
            try:
                mean = fsum(column) / n
                if max(column) == min(column):
                    std = 1.0  # constant column: avoid dividing by zero
                else:
                    std = math.sqrt(fsum((v - mean) ** 2 for v in column) / n)
                    if std == 0.0:
                        std = 1.0
            except OverflowError:
                mean = std = math.inf
            if not (math.isfinite(mean) and math.isfinite(std)):
                raise ValueError("column %d holds values too large to standardize "
                                 "(their spread overflows a float)" % j)
            means.append(mean)
            scales.append(std)
        self.mean_ = means
        self.scale_ = scales
        self.n_features_ = len(means)
        return self

    def _check_fitted(self):
        if self.mean_ is None:
            raise RuntimeError("this Standardizer is not fitted yet: call "
                               "fit(X) or fit_transform(X) first")

    def transform(self, X: "Sequence") -> "list[list[float]]":
        """Return a new list with every value replaced by its z-score.

        Each value becomes ``(x - mean_[j]) / scale_[j]`` for its column
        ``j``. ``X`` must have the same number of columns as in ``fit``.
        """
        self._check_fitted()
        rows = _as_matrix(X, "Standardizer.transform", self.n_features_,
                          check_finite=False)
        return [[(v - m) / s for v, m, s in zip(row, self.mean_, self.scale_)]
                for row in rows]

    def fit_transform(self, X: "Sequence") -> "list[list[float]]":
        """Fit on ``X`` and return ``X`` transformed (``fit`` + ``transform``)."""
        return self.fit(X).transform(X)

    def inverse_transform(self, X: "Sequence") -> "list[list[float]]":
        """Undo ``transform``: return ``x * scale_[j] + mean_[j]`` per value."""
        self._check_fitted()
        rows = _as_matrix(X, "Standardizer.inverse_transform", self.n_features_,
                          check_finite=False)
        return [[v * s + m for v, m, s in zip(row, self.mean_, self.scale_)]
                for row in rows]


class MinMaxScaler:
    """Rescale each column linearly into a range, by default 0 to 1.

    ``fit`` remembers each column's smallest and largest value; ``transform``
    then maps the smallest to ``feature_range[0]`` and the largest to
    ``feature_range[1]``::

        x_scaled = lo + (x - min_) * (hi - lo) / (max_ - min_)

    A column that never changes (``max_ == min_``) is mapped to ``lo``.
    New data outside the fitted range is not clipped, so it can land a
    little outside ``feature_range``.

    Args:
        feature_range: the ``(lo, hi)`` target range, with ``lo < hi``.

    Attributes (set by ``fit``):
        min_: list with the smallest value of each column.
        max_: list with the largest value of each column.
        n_features_: the number of columns seen in ``fit``.
        (Note: in scikit-learn these are called ``data_min_`` and
        ``data_max_``; there, ``min_`` means something else.)

    Example:
        >>> scaler = MinMaxScaler()
        >>> scaler.fit_transform([[0.0, 10.0], [5.0, 20.0], [10.0, 30.0]])
        [[0.0, 0.0], [0.5, 0.5], [1.0, 1.0]]
    """

    def __init__(self, feature_range: "tuple[float, float]" = (0, 1)) -> None:
        if not isinstance(feature_range, (list, tuple)) and hasattr(feature_range, "tolist"):
            feature_range = as_list(feature_range, "feature_range", "a pair of numbers")  # a NumPy array
        if not isinstance(feature_range, (list, tuple)) or len(feature_range) != 2:
            raise TypeError("feature_range must be a pair (lo, hi), got %r"
                            % (feature_range,))
        lo = _check_real(feature_range[0], "feature_range[0]")
        hi = _check_real(feature_range[1], "feature_range[1]")
        if not lo < hi:
            raise ValueError("feature_range must have lo < hi, got %r"
                             % (tuple(feature_range),))
        self.feature_range = (lo, hi)
        self.min_ = None
        self.max_ = None
        self.n_features_ = None

    def __repr__(self):
        return "MinMaxScaler(feature_range=%r)" % (self.feature_range,)

    def fit(self, X: "Sequence") -> "MinMaxScaler":
        """Learn the smallest and largest value of each column of ``X``.

        Args:
            X: a list of rows, each a list of numbers (NumPy arrays are
                accepted too).

        Returns:
            The scaler itself, so you can write ``MinMaxScaler().fit(X)``.
        """
        rows = _as_matrix(X, "MinMaxScaler.fit")
        columns = list(zip(*rows))
        self.min_ = [min(col) for col in columns]
        self.max_ = [max(col) for col in columns]
        self.n_features_ = len(columns)
        return self

    def _check_fitted(self):
        if self.min_ is None:
            raise RuntimeError("this MinMaxScaler is not fitted yet: call "
                               "fit(X) or fit_transform(X) first")

    def _ranges(self):
        return [(hi - lo) if hi > lo else 1.0 for lo, hi in zip(self.min_, self.max_)]

    def transform(self, X: "Sequence") -> "list[list[float]]":
        """Return a new list with each column mapped into ``feature_range``."""
        self._check_fitted()
        rows = _as_matrix(X, "MinMaxScaler.transform", self.n_features_,
                          check_finite=False)
        lo, hi = self.feature_range
        width = hi - lo
        ranges = self._ranges()
        return [[lo + (v - m) * width / r
                 for v, m, r in zip(row, self.min_, ranges)]
                for row in rows]

    def fit_transform(self, X: "Sequence") -> "list[list[float]]":
        """Fit on ``X`` and return ``X`` transformed (``fit`` + ``transform``)."""
        return self.fit(X).transform(X)

    def inverse_transform(self, X: "Sequence") -> "list[list[float]]":
        """Undo ``transform``: map values from ``feature_range`` back."""
        self._check_fitted()
        rows = _as_matrix(X, "MinMaxScaler.inverse_transform", self.n_features_,
                          check_finite=False)
        lo, hi = self.feature_range
        width = hi - lo
        ranges = self._ranges()
        return [[m + (v - lo) * r / width
                 for v, m, r in zip(row, self.min_, ranges)]
                for row in rows]


# ---------------------------------------------------------------------------
# More 2-D toy data (the playground's datasets) and derived input features
# ---------------------------------------------------------------------------

__all__ += ["FEATURES", "expand_features", "make_blobs", "make_plane", "make_xor"]


def make_xor(n_samples: int = 200, noise: float = 0.0, seed: "int | None" = None,
             shuffle: bool = True) -> "tuple[list[list[float]], list[int]]":
    """Generate the "XOR" pattern: points in the square [-1, 1] x [-1, 1],
    labelled by the sign of their quadrant.

    A point gets label 0 when its two coordinates have the same sign (the
    top-right and bottom-left quadrants) and 1 otherwise: the exclusive-or of
    "x > 0" and "y > 0". Points are drawn uniformly, but kept at least 0.06
    away from the axes so the four groups start clearly apart; the noise is
    added after labelling, so with noise some points cross over. No straight
    line separates the classes: a network needs a hidden layer (or the
    product feature x1*x2).

    Args:
        n_samples: total number of points.
        noise: standard deviation of the gaussian noise added to each
            coordinate after labelling.
        seed: an integer makes the result reproducible; ``None`` gives
            different data on each call. The global ``random`` module is
            never touched.
        shuffle: kept for the same signature as the other generators; the
            points are drawn in random order anyway.

    Returns:
        ``(X, y)``: ``X`` is a list of ``[x, y]`` points, ``y`` the labels 0/1.

    Example:
        >>> X, y = make_xor(100, seed=0)
        >>> len(X), sorted(set(y))
        (100, [0, 1])
    """
    n_samples = _check_count(n_samples, "n_samples")
    noise = _check_noise(noise)
    rng = _make_rng(seed)
    padding = 0.06
    points, labels = [], []
    for _ in range(n_samples):
        x = rng.uniform(-1.0, 1.0)
        y = rng.uniform(-1.0, 1.0)
        x += padding if x > 0 else -padding   # push away from the axes
        y += padding if y > 0 else -padding
        points.append((x, y))
        labels.append(0 if x * y >= 0 else 1)
    return _finish(points, labels, noise, shuffle, rng)


def make_blobs(n_samples: int = 200, n_classes: int = 2, spread: float = 0.25, noise: float = 0.0,
               seed: "int | None" = None, shuffle: bool = True) -> "tuple[list[list[float]], list[int]]":
    """Generate round gaussian clouds ("blobs"), one per class, in 2-D.

    The centres sit on a circle of radius 0.6 around (0, 0), evenly spread,
    the first at 45 degrees (so two classes lie at (0.42, 0.42) and
    (-0.42, -0.42)). Each point is its class centre plus gaussian jitter of
    standard deviation ``spread``; ``noise`` adds more jitter on top, like
    the other generators.

    Args:
        n_samples: total number of points, shared as evenly as possible
            between the classes (the first classes get any extra points).
        n_classes: how many blobs / classes (at least 1).
        spread: standard deviation of each blob (>= 0).
        noise: extra gaussian noise added to every coordinate (>= 0).
        seed: an integer makes the result reproducible; ``None`` gives
            different data on each call.
        shuffle: if True (default) the samples come in random order;
            otherwise class by class.

    Returns:
        ``(X, y)``: ``X`` is a list of ``[x, y]`` points, ``y`` the labels
        ``0 .. n_classes - 1``.

    Example:
        >>> X, y = make_blobs(90, n_classes=3, seed=0)
        >>> y.count(0), y.count(1), y.count(2)
        (30, 30, 30)
    """
    n_samples = _check_count(n_samples, "n_samples")
    n_classes = _check_count(n_classes, "n_classes")
    spread = _check_real(spread, "spread")
    if spread < 0:
        raise ValueError("spread must be >= 0, got %r" % spread)
    noise = _check_noise(noise)
    rng = _make_rng(seed)
    points, labels = [], []
    for k, size in enumerate(_split_evenly(n_samples, n_classes)):
        angle = math.pi / 4.0 + 2.0 * math.pi * k / n_classes
        cx, cy = 0.6 * math.cos(angle), 0.6 * math.sin(angle)
        for _ in range(size):
            points.append((cx + rng.gauss(0.0, spread), cy + rng.gauss(0.0, spread)))
            labels.append(k)
    return _finish(points, labels, noise, shuffle, rng)


def make_plane(n_samples: int = 200, noise: float = 0.0,
               seed: "int | None" = None) -> "tuple[list[list[float]], list[float]]":
    """Generate a regression problem: points in [-1, 1] x [-1, 1] whose target
    is the tilted plane ``(x + y) / 2``, plus gaussian noise on the target.

    A single linear neuron can learn it exactly (weights 0.5 and 0.5).

    Args:
        n_samples: how many points.
        noise: standard deviation of the noise added to each target.
        seed: an integer makes the result reproducible; ``None`` gives
            different data on each call.

    Returns:
        ``(X, y)``: ``X`` a list of ``[x, y]`` points, ``y`` a list of floats.

    Example:
        >>> X, y = make_plane(3, seed=0)
        >>> [round((a + b) / 2 - t, 12) for (a, b), t in zip(X, y)]
        [0.0, 0.0, 0.0]
    """
    n_samples = _check_count(n_samples, "n_samples")
    noise = _check_noise(noise)
    rng = _make_rng(seed)
    X, y = [], []
    for _ in range(n_samples):
        a, b = rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0)
        target = (a + b) / 2.0
        if noise > 0:
            target += rng.gauss(0.0, noise)
        X.append([a, b])
        y.append(target)
    return X, y


#: The input features :func:`expand_features` can compute from a point (x1, x2).
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")


def _feature(name, x1, x2):
    if name == "x1":
        return x1
    if name == "x2":
        return x2
    if name == "x1^2":
        return x1 * x1
    if name == "x2^2":
        return x2 * x2
    if name == "x1*x2":
        return x1 * x2
    if name == "sin(x1)":
        return math.sin(x1)
    return math.sin(x2)


def expand_features(X: "Sequence", features: "Sequence[str]" = ("x1", "x2")) -> "list[list[float]]":
    """Turn 2-D points into the input features a network sees.

    Each point ``[x1, x2]`` becomes one number per name in ``features``,
    in that order, chosen from :data:`FEATURES`: ``"x1"``, ``"x2"``,
    ``"x1^2"``, ``"x2^2"``, ``"x1*x2"``, ``"sin(x1)"``, ``"sin(x2)"``.
    With ``x1^2`` and ``x2^2`` a single neuron can draw a circle; with
    ``x1*x2`` it can solve XOR.

    Args:
        X: a list of points, each two numbers.
        features: the feature names (at least one, no repeats).

    Returns:
        a new list of rows of floats, ``len(features)`` numbers each.

    Example:
        >>> expand_features([[2.0, 3.0]], ["x1", "x1^2", "x1*x2"])
        [[2.0, 4.0, 6.0]]
    """
    features = list(features)
    if not features:
        raise ValueError("features must name at least one of: %s" % ", ".join(FEATURES))
    for name in features:
        if name not in FEATURES:
            raise ValueError("unknown feature %r; choose from: %s" % (name, ", ".join(FEATURES)))
    if len(set(features)) != len(features):
        raise ValueError("features must not repeat a name: %r" % (features,))
    rows = _as_matrix(X, "expand_features", 2)
    return [[_feature(name, x1, x2) for name in features] for x1, x2 in rows]


# ---------------------------------------------------------------------------
# Datasets by name: what ``tinynet train iris`` or ``tinynet train data.csv`` loads
# ---------------------------------------------------------------------------

# Each dataset trains in a few seconds on the pure-Python backend with these
# settings (digits takes longer). batch_size 0 means "all samples at once".
_GATE = dict(kind="gate", hidden=[], activation="tanh", optimizer="sgd", lr=1.0,
             epochs=1000, batch_size=0, test_size=0.0, standardize=False)
_GENERATED = dict(kind="generated", hidden=[16], activation="tanh", optimizer="adam", lr=0.01,
                  epochs=300, batch_size=32, test_size=0.25, standardize=False, samples=200)

#: Shipped dataset name -> default training settings.
DATASETS = {
    "iris": dict(kind="real", hidden=[16], activation="tanh", optimizer="adam", lr=0.01,
                 epochs=200, batch_size=16, test_size=0.25, standardize=True),
    "digits": dict(kind="real", hidden=[32], activation="tanh", optimizer="adam", lr=0.005,
                   epochs=10, batch_size=32, test_size=0.25, standardize=True),
    "moons": dict(_GENERATED, noise=0.1),
    "circles": dict(_GENERATED, noise=0.05),
    "spirals": dict(_GENERATED, hidden=[16, 8], activation="relu", lr=0.03, epochs=200,
                    batch_size=16, noise=0.1),
    "xor": dict(_GATE, hidden=[4]),
    "xnor": dict(_GATE, hidden=[4]),
    "and": dict(_GATE),
    "or": dict(_GATE),
    "nand": dict(_GATE),
    "nor": dict(_GATE),
    "tutorial": dict(_GATE, kind="tutorial"),
}

#: Settings for your own CSV files (epochs depend on the number of samples).
CSV_DEFAULTS = dict(kind="csv", hidden=[16], activation="tanh", optimizer="adam", lr=0.01,
                    epochs=None, batch_size=32, test_size=0.25, standardize=True)

#: Whole-number targets with at most this many different values are class
#: labels; more are numbers to predict (regression).
MAX_CLASSES = 20

_GENERATORS = {"moons": make_moons, "circles": make_circles, "spirals": make_spirals}


class LoadedData:
    """A dataset found by name or path, ready for training: features, targets and what they mean.

    (Not to be confused with :class:`tinynet.Dataset`, which holds data in
    the form the training loop reads fast.)

    Attributes:
        name: the dataset name or CSV path.
        X: list of samples (lists of floats).
        y: class labels 0..k-1 (classification) or floats (regression).
        task: "classification" or "regression".
        classes: the name (or original value) of each class label, or None.
        features: the feature names, or None.
        settings: the dataset's default training settings (a dict).
    """

    def __init__(self, name: str, X: list, y: list, task: str, classes: "list | None",
                 features: "list[str] | None", settings: dict) -> None:
        self.name = name
        self.X = X
        self.y = y
        self.task = task
        self.classes = classes
        self.features = features
        self.settings = settings

    @property
    def n_features(self) -> int:
        """How many numbers one sample has."""
        return len(self.X[0])


def is_dataset_name(name: str) -> bool:
    """True if ``name`` names a shipped dataset (and no file of that name is here)."""
    return name.lower() in DATASETS and not os.path.isfile(name)


def load_dataset(name: str, target: "int | str | None" = None, samples: "int | None" = None,
                 noise: "float | None" = None, seed: int = 1, regression: bool = False,
                 for_training: bool = True) -> LoadedData:
    """Load a shipped dataset by name, or a CSV file by path, as :class:`LoadedData`.

    ``target`` (CSV only) is a column index or name (default: the last
    column); ``samples`` and ``noise`` (moons, circles, spirals only) change
    the generated data, ``seed`` makes it reproducible. Whole-number CSV
    targets with at most 20 different values are class labels unless
    ``regression`` is True. Data to train on needs at least two classes;
    ``for_training=False`` (for scoring) drops that check.

    Raises ValueError naming the mistake (an unknown name, an option that
    does not apply, a bad CSV file), or OSError if the file cannot be read.
    """
    if is_dataset_name(name):
        return _load_shipped(name.lower(), target, samples, noise, seed, regression)
    return _load_csv_file(name, target, samples, noise, regression, for_training)


def _unknown_dataset(name: str) -> ValueError:
    return ValueError("unknown dataset %r%s: choose one of %s, or give the path of a CSV file"
                      % (name, did_you_mean(name, DATASETS), ", ".join(DATASETS)))


def _load_shipped(key: str, target: object, samples: "int | None", noise: "float | None",
                  seed: int, regression: bool) -> LoadedData:
    """One of :data:`DATASETS`, with its settings (``samples`` and ``noise`` filled in)."""
    settings = dict(DATASETS[key])
    if target is not None:
        raise ValueError("--target is for CSV files; the dataset %r has its own targets" % key)
    if regression:
        raise ValueError("--regression is for CSV files; %r is a classification dataset" % key)
    if settings["kind"] != "generated" and (samples is not None or noise is not None):
        raise ValueError("--samples and --noise only apply to moons, circles and spirals, not %r" % key)
    classes = features = None
    if settings["kind"] == "generated":
        X, y = _generate(key, settings, samples, noise, seed)
        features = ["x1", "x2"]
    elif key == "iris":
        X, y, classes, features = load_iris(return_names=True)
    elif key == "digits":
        X, y, classes, features = load_digits(return_names=True)
    elif key == "tutorial":
        X, y = load_tutorial()
    else:
        X, y = load_gate(key)
    if classes is None:
        classes = list(range(max(y) + 1))
    return LoadedData(key, X, y, "classification", list(classes), features, settings)


def _generate(key: str, settings: dict, samples: "int | None", noise: "float | None",
              seed: int) -> tuple:
    """The points of a generated dataset; records the sample count and noise in ``settings``."""
    n = settings["samples"] if samples is None else samples
    settings["samples"] = n
    settings["noise"] = settings["noise"] if noise is None else noise
    if n < 8:
        raise ValueError("--samples must be at least 8, not %d" % n)
    return _GENERATORS[key](n_samples=n, noise=settings["noise"], seed=seed)


def _load_csv_file(name: str, target: "int | str | None", samples: "int | None",
                   noise: "float | None", regression: bool, for_training: bool) -> LoadedData:
    """A CSV file as :class:`LoadedData`: class labels or numbers to predict."""
    if not os.path.exists(name) and os.sep not in name and "/" not in name and "." not in name:
        raise _unknown_dataset(name)
    if samples is not None or noise is not None:
        raise ValueError("--samples and --noise only apply to moons, circles and spirals, not a CSV file")
    if os.path.isdir(name):
        raise ValueError("%s is a folder, not a CSV file" % name)
    try:
        X, y, names = load_csv(name, target=-1 if target is None else target, return_classes=True)
    except (ValueError, TypeError) as exc:
        raise ValueError("cannot use %s: %s" % (name, exc)) from None
    task, classes, y = _csv_task(name, y, names, regression)
    if for_training and task == "classification" and len(classes) < 2:
        raise ValueError("the target column of %s holds only one class (%r): there is nothing to "
                         "tell apart" % (name, classes[0]))
    return LoadedData(name, X, y, task, classes, _csv_feature_names(name, target), dict(CSV_DEFAULTS))


def _csv_task(name: str, y: list, names: "list | None", regression: bool) -> tuple:
    """``(task, classes, y)`` for a CSV target column: names or few whole numbers are classes."""
    if names is not None:
        if regression:
            raise ValueError("--regression needs numbers in the target column, but %s has names "
                             "such as %r" % (name, names[0]))
        return "classification", list(names), y
    if all(isinstance(v, int) for v in y) and not regression and len(set(y)) <= MAX_CLASSES:
        classes = sorted(set(y))
        code = {v: i for i, v in enumerate(classes)}
        return "classification", classes, [code[v] for v in y]
    return "regression", None, [float(v) for v in y]


def _csv_feature_names(path: str, target: "int | str | None") -> "list[str] | None":
    """The feature names from a CSV header row, or None (best effort, never fails)."""
    try:
        rows = read_csv_rows(path)
    except (OSError, ValueError):
        return None
    if not rows:
        return None
    cells = rows[0][1]
    col = _target_column(cells, target)
    if col is None:
        return None
    names = [c for i, c in enumerate(cells) if i != col]
    if all(is_number(c) for c in names):
        return None
    return names


def _target_column(header: "list[str]", target: "int | str | None") -> "int | None":
    """The index of the target column in ``header`` (a list of cells), or None."""
    if target is None:
        return len(header) - 1
    if isinstance(target, int):
        return target % len(header) if -len(header) <= target < len(header) else None
    return header.index(target) if target in header else None


def read_feature_csv(path: str, n_features: int, target: "int | str | None" = None) -> "list[list[float]]":
    """Read the samples (features only) of a CSV file, to give them to a trained model.

    A first row with a non-number is a header. ``target`` names or numbers a
    column to leave out (the target, if the file has one); every other
    column is a feature, and there must be ``n_features`` of them. Raises
    ValueError naming the line of any bad value, or OSError if the file
    cannot be read.
    """
    if os.path.isdir(path):
        raise ValueError("%s is a folder, not a CSV file" % path)
    rows = read_csv_rows(path)
    if not rows:
        raise ValueError("%s is empty: it has no rows of data" % path)
    first_line, first = rows[0]
    has_header = not all(is_number(c) for c in first)
    col = _column_to_skip(path, first, has_header, target)
    data = rows[1:] if has_header else rows
    if not data:
        raise ValueError("%s has a header row but no data rows" % path)
    _check_feature_count(path, len(first) - (col is not None), n_features, target)
    return [_feature_row(path, line, cells, len(first), first_line, col) for line, cells in data]


def _column_to_skip(path: str, first: "list[str]", has_header: bool,
                    target: "int | str | None") -> "int | None":
    """The index of the column ``target`` names in a CSV whose first row is ``first``, or None."""
    if target is None:
        return None
    if isinstance(target, str):
        if not has_header:
            raise ValueError("%s has no header row, so --target %r names no column; give a column "
                             "number instead" % (path, target))
        if target not in first:
            raise ValueError("%s has no column named %r; the columns are: %s"
                             % (path, target, ", ".join(first)))
        return first.index(target)
    if not -len(first) <= target < len(first):
        raise ValueError("--target %d is out of range: %s has %d columns" % (target, path, len(first)))
    return target % len(first)


def _check_feature_count(path: str, width: int, n_features: int, target: "int | str | None") -> None:
    """Fail unless a CSV row has the ``n_features`` features the model takes."""
    if width != n_features:
        hint = ""
        if target is None and width == n_features + 1:
            hint = "; if one column is the target, say which with --target"
        raise ValueError("the model takes %d feature%s per sample, but %s has %d columns%s"
                         % (n_features, "" if n_features == 1 else "s", path, width, hint))


def _feature_row(path: str, line: int, cells: "list[str]", n_cols: int, first_line: int,
                 skip: "int | None") -> "list[float]":
    """The finite numbers of one CSV row, leaving out the column ``skip``."""
    if len(cells) != n_cols:
        raise ValueError("%s, line %d: expected %d columns (like line %d) but found %d"
                         % (path, line, n_cols, first_line, len(cells)))
    values = []
    for i, cell in enumerate(cells):
        if i == skip:
            continue
        try:
            value = float(cell)
        except ValueError:
            raise ValueError("%s, line %d, column %d: %r is not a number"
                             % (path, line, i + 1, cell)) from None
        if not math.isfinite(value):
            raise ValueError("%s, line %d, column %d: %r is not a finite number"
                             % (path, line, i + 1, cell))
        values.append(value)
    return values
