"""Checking what users pass in: turning X and y into clean floats, or saying why not.

Every error names the problem and where it is (row and column), so a typo in
a dataset is found in seconds instead of showing up as a NaN later.
"""

import array
import math

from ._compat import is_integer, is_integral, is_number, is_real, zeros
from .losses import hinge_label

__all__ = ["as_list", "as_rows", "is_row", "as_targets", "is_flat_sample", "finite_number",
           "finite_floats", "flat_rows", "double_view", "target_array", "training_arrays",
           "whole_number", "real_number"]

# The largest finite float: a float v is finite exactly when -_LARGEST <= v <= _LARGEST
# (NaN compares false with everything, infinity is beyond it).
_LARGEST = 1.7976931348623157e308


ROWS = "a list of rows of numbers"
TARGETS = "a list of targets (class labels, numbers or rows of numbers)"
NUMBERS = "a list of numbers"


def as_list(values: object, name: str, what: str = ROWS) -> list:
    """A list from a list, tuple, range, generator or anything with ``.tolist()``.

    A generator can be read only once, so callers that look at the data more
    than once call this first and work on the list. ``what`` says, in the
    error, what ``name`` must be (``ROWS``, ``TARGETS``, ``NUMBERS``).
    """
    if hasattr(values, "tolist") and not isinstance(values, (list, tuple)):
        values = values.tolist()
    if isinstance(values, (str, bytes, dict, set)) or values is None:
        raise TypeError("%s must be %s, not %s" % (name, what, type(values).__name__))
    if is_number(values):
        raise TypeError("%s must be %s, not a single number" % (name, what))
    try:
        return list(values)
    except TypeError:
        raise TypeError("%s must be %s, not %s" % (name, what, type(values).__name__)) from None


def finite_number(value: object, where: str, allow_bool: bool = True) -> float:
    """A finite float from ``value``, or a TypeError/ValueError naming ``where``.

    Real numbers only: int, float, Fraction, NumPy's numbers. Not strings,
    not Decimal or complex, not other objects that merely have ``__float__``.
    Data may hold True/False (counted as 1 and 0); weights may not.
    """
    kind = type(value)
    if kind is float and -_LARGEST <= value <= _LARGEST:
        return value  # the common case, first
    if kind is not float and kind is not int:
        if (isinstance(value, bool) and not allow_bool) or not is_real(value):
            raise TypeError("%s is %r, which is not a number" % (where, value))
    try:
        number = float(value)
    except OverflowError:
        raise ValueError("%s is too large to be a float" % where) from None
    except (TypeError, ValueError) as exc:  # a __float__ that fails or returns a non-float
        raise TypeError("%s is %r, which does not convert to a float (%s)" % (where, value, exc)) from None
    if not -_LARGEST <= number <= _LARGEST:
        raise ValueError("%s is %r: NaN and infinity are not allowed" % (where, number))
    return number


def finite_floats(values: list, where: str, allow_bool: bool = True) -> list:
    """``values`` (a list) as finite floats, checked as :func:`finite_number` checks
    one; entry j is called ``where[j]`` in errors."""
    out = []
    for v in values:
        if type(v) is float and -_LARGEST <= v <= _LARGEST:
            out.append(v)
        else:
            out.append(finite_number(v, "%s[%d]" % (where, len(out)), allow_bool))
    return out


def whole_number(value: object, name: str, low: int) -> int:
    """``value`` as an int of at least ``low``, or a clear error naming ``name``.

    A whole number is an int (or NumPy integer), never a bool, a float such
    as 2.0 or a string: TypeError for those, ValueError below ``low``.
    """
    if isinstance(value, bool) or not is_integral(value):
        raise TypeError("%s must be a whole number, not %r" % (name, value))
    if value < low:
        raise ValueError("%s must be at least %d, got %d" % (name, low, value))
    return int(value)


def real_number(value: object, name: str, low: "float | None" = None, high: "float | None" = None,
                low_open: bool = False, high_open: bool = False) -> float:
    """A finite float within the given bounds, or a clear error naming ``name``.

    ``low_open``/``high_open`` leave the bound itself out (``low=0.0,
    low_open=True`` means "above 0"). Never a bool: TypeError; NaN,
    infinity or a value out of bounds: ValueError.
    """
    if isinstance(value, bool) or not is_real(value):
        raise TypeError("%s must be a number, not %r" % (name, value))
    try:
        value = float(value)
    except OverflowError:
        raise ValueError("%s is too large to be a float" % name) from None
    if not -_LARGEST <= value <= _LARGEST:
        raise ValueError("%s must be a finite number, not %r" % (name, value))
    if low is not None and (value < low or (low_open and value == low)):
        raise ValueError("%s must be %s %r, got %r" % (name, ">" if low_open else ">=", low, value))
    if high is not None and (value > high or (high_open and value == high)):
        raise ValueError("%s must be %s %r, got %r" % (name, "<" if high_open else "<=", high, value))
    return value


def is_row(value: object) -> bool:
    """True for one row of numbers: a list, tuple, array or a generator (iterator) of numbers."""
    if isinstance(value, (list, tuple)) or hasattr(value, "__next__"):
        return True
    return hasattr(value, "tolist") and not is_number(value)


def is_flat_sample(values: object) -> bool:
    """True when ``values`` is one sample (numbers) rather than a list of rows."""
    view = double_view(values)
    if view is not None:
        return view.ndim == 1
    values = as_list(values, "X")
    return bool(values) and not any(is_row(v) for v in values)


def _row(row: object, i: int, width: int, name: str) -> list:
    """Row ``i`` of ``name`` as ``width`` finite floats, or the error that says why not."""
    if not is_row(row):
        raise TypeError("%s row %d is %r, not a list of numbers" % (name, i, row))
    row = as_list(row, "%s row %d" % (name, i), NUMBERS)
    if len(row) != width:
        raise ValueError(
            "%s row %d has %d values, but %d are needed (one per input of the network)"
            % (name, i, len(row), width))
    return finite_floats(row, "%s[%d]" % (name, i))


def as_rows(X: object, width: int, name: str = "X") -> "list[list[float]]":
    """Validate ``X`` as rows of ``width`` finite numbers; return a list of float lists.

    A flat list of numbers is taken as one column when ``width`` is 1.
    """
    n, flat = flat_rows(X, width, name)
    return [list(flat[i * width:(i + 1) * width]) for i in range(n)]


# ----------------------------------------------------- whole tables at once


def double_view(values: object) -> "memoryview | None":
    """A memoryview of ``values`` when it holds C doubles in 1 or 2 dimensions, else None.

    That is an ``array('d')``, a ``memoryview`` of doubles or a NumPy
    ``float64`` array (contiguous or not); their numbers are read through
    the buffer, without ``.tolist()``.
    """
    if isinstance(values, (list, tuple, str, bytes, bytearray)) or values is None:
        return None
    try:
        view = memoryview(values)
        if view.format in ("d", "@d") and view.ndim in (1, 2):
            return view
    except (TypeError, ValueError, AttributeError):  # no buffer (or a memoryview without .format)
        pass
    return None


def _first_not_finite(values) -> int:
    """The index of the first NaN or infinity in a flat buffer of doubles, or -1."""
    i = 0
    for v in values:
        if not -_LARGEST <= v <= _LARGEST:
            return i
        i += 1
    return -1


def _gather(view: memoryview) -> "array.array":
    """The rows of a 2-D memoryview of doubles (any strides), one after another."""
    flat = array.array("d")
    rows, width = view.shape
    for i in range(rows):
        flat.extend([view[i, j] for j in range(width)])
    return flat


def _from_buffer(view: memoryview, width: int, name: str, fast: object) -> tuple:
    """``(n, flat)`` from a memoryview of doubles; ``flat`` is the view itself when it is contiguous."""
    if view.ndim == 1:
        n = view.shape[0]
        if n and width != 1:
            raise ValueError(
                "%s is a flat list of numbers, but the network takes %d inputs per sample: "
                "give a list of rows such as [[0, 1], [1, 0]]" % (name, width))
    else:
        n, found = view.shape
        if n and found != width:
            raise ValueError(
                "%s row 0 has %d values, but %d are needed (one per input of the network)"
                % (name, found, width))
    if not n:
        raise ValueError("%s is empty: it needs at least one sample" % name)
    if view.c_contiguous:
        flat = view.cast("B").cast("d") if view.ndim == 2 else view  # no copy
    elif view.ndim == 2:
        flat = fast.gather_rows(view) if fast is not None else _gather(view)
    else:
        flat = array.array("d", view.tolist())
    bad = fast.first_not_finite(flat) if fast is not None else _first_not_finite(flat)
    if bad >= 0:
        where = ("%s[%d]" % (name, bad)) if view.ndim == 1 else (
            "%s[%d][%d]" % (name, bad // width, bad % width))
        raise ValueError("%s is %r: NaN and infinity are not allowed" % (where, flat[bad]))
    return n, flat


def flat_rows(X: object, width: int, name: str = "X", fast: object = None) -> tuple:
    """Check ``X`` as rows of ``width`` finite numbers; return ``(n, flat)``.

    ``flat`` holds the n rows one after another (what the backends take): a
    new ``array('d')``, or, for a contiguous buffer of doubles (NumPy
    ``float64``, ``array('d')``), a memoryview of the caller's own numbers
    (no copy). A flat list of numbers is one column when ``width`` is 1.

    ``fast`` is the compiled backend module (or None): it checks and copies
    clean rows at C speed (``fill_rows``: lists of exact floats and ints),
    and this function decides about every other row with the same code as
    without it, so the results and the errors are the same either way.
    """
    view = double_view(X)
    if view is not None:
        return _from_buffer(view, width, name, fast)
    rows = as_list(X, name)
    n = len(rows)
    if not n:
        raise ValueError("%s is empty: it needs at least one sample" % name)
    if not any(is_row(v) for v in rows):
        if width != 1:
            raise ValueError(
                "%s is a flat list of numbers, but the network takes %d inputs per sample: "
                "give a list of rows such as [[0, 1], [1, 0]]" % (name, width))
        return n, array.array("d", finite_floats(rows, name))
    if fast is None:
        flat = array.array("d")
        for i, row in enumerate(rows):
            flat.extend(_row(row, i, width, name))
        return n, flat
    flat = zeros(n * width)
    i = fast.fill_rows(rows, 0, width, flat)  # the clean rows, up to the first it cannot take
    while i < n:
        flat[i * width:(i + 1) * width] = array.array("d", _row(rows[i], i, width, name))
        i = fast.fill_rows(rows, i + 1, width, flat)
    return n, flat


def _label(value, where, n_classes):
    """An integer class label in 0..n_classes-1."""
    if type(value) is int and 0 <= value < n_classes:
        return value  # the common case, first
    if is_real(value) and not isinstance(value, bool):
        try:
            v = float(value)
        except (OverflowError, TypeError, ValueError):
            v = math.inf
        if -_LARGEST <= v <= _LARGEST and is_integer(v) and 0 <= v < n_classes:
            return int(v)
    raise ValueError(
        "%s is %r, but class labels for this network must be whole numbers from 0 to %d"
        % (where, value, n_classes - 1))


def as_targets(y: object, n_samples: int, width: int, loss: str, name: str = "y") -> "list[float]":
    """Validate the targets ``y`` for ``loss``; return one flat list of n * width floats.

    * ``crossentropy``: class labels (0..width-1) or one-hot/probability rows;
    * ``binary_crossentropy``: values in [0, 1] (a flat list when width is 1);
    * ``hinge``: -1 or +1 labels (0 is read as -1, so 0/1 labels work too);
      returned as -1.0/+1.0;
    * ``mse``: any finite numbers.
    """
    values = _target_list(y, n_samples, name)
    flat = []
    one_hot = _one_hot(width) if loss == "crossentropy" else None  # the one-hot row of each class label
    for i, value in enumerate(values):
        if loss == "crossentropy" and type(value) is int and 0 <= value < width:
            flat.extend(one_hot[value])  # a class label (the common case, first)
        else:
            flat.extend(_target(value, i, width, loss, name, one_hot))
    return flat


def target_array(y: object, n_samples: int, width: int, loss: str, name: str = "y",
                 fast: object = None) -> "array.array":
    """:func:`as_targets` in an ``array('d')``: the same numbers and the same errors.

    ``fast`` is the compiled backend module (or None): it takes the clean
    targets at C speed (``fill_labels``: exact int class labels for
    ``crossentropy``; ``fill_numbers``: exact floats and ints for one
    ``mse`` or ``binary_crossentropy`` output; ``fill_rows``: rows for
    several ``mse`` outputs), and this function decides about every other
    target with the same code as :func:`as_targets`.
    """
    if fast is None or loss not in ("crossentropy", "mse", "binary_crossentropy") or (
            loss == "binary_crossentropy" and width != 1):
        return array.array("d", as_targets(y, n_samples, width, loss, name))
    values = _target_list(y, n_samples, name)
    n = len(values)
    flat = zeros(n * width)
    if loss == "crossentropy":
        fill, settings = fast.fill_labels, (width, flat)
    elif width == 1:  # one number per sample, within the loss's range
        bounds = (0.0, 1.0) if loss == "binary_crossentropy" else (-_LARGEST, _LARGEST)
        fill, settings = fast.fill_numbers, bounds + (flat,)
    else:  # rows of numbers for several mse outputs: checked as rows of X are
        fill, settings = fast.fill_rows, (width, flat)
    one_hot = _one_hot(width) if loss == "crossentropy" else None
    i = fill(values, 0, *settings)  # the clean targets, up to the first it cannot take
    while i < n:
        flat[i * width:(i + 1) * width] = array.array("d", _target(values[i], i, width, loss, name, one_hot))
        i = fill(values, i + 1, *settings)
    return flat


def _target_list(y: object, n_samples: int, name: str) -> list:
    """``y`` as a list of one target per sample, or the error that says why not."""
    values = as_list(y, name, TARGETS)
    if len(values) != n_samples:
        raise ValueError("X has %d samples but %s has %d: they must match" % (n_samples, name, len(values)))
    return values


def _one_hot(width: int) -> "list[list[float]]":
    """The one-hot row of each class label 0..width-1."""
    return [[1.0 if j == label else 0.0 for j in range(width)] for label in range(width)]


def _target(value: object, i: int, width: int, loss: str, name: str, one_hot: "list | None") -> "list[float]":
    """Target ``i`` (``value``) as ``width`` floats for ``loss``, or the error that says why not."""
    where = "%s[%d]" % (name, i)
    if is_row(value):
        row = as_list(value, where, NUMBERS)
        if loss == "crossentropy" and len(row) == 1 and width > 1:
            value = row[0]  # a label wrapped in a list: [[2], [0], ...]
        else:
            return _target_row(row, where, width, loss)
    if loss == "crossentropy":
        return one_hot[_label(value, where, width)]
    if width != 1:
        raise ValueError(
            "%s is a single number, but the network has %d outputs: give a row of %d values"
            % (where, width, width))
    v = finite_number(value, where)
    if loss == "binary_crossentropy" and not 0.0 <= v <= 1.0:
        raise ValueError("%s is %r, but binary_crossentropy targets must lie between 0 and 1" % (where, v))
    return [_hinge(v, where) if loss == "hinge" else v]


def _target_row(row: list, where: str, width: int, loss: str) -> "list[float]":
    """One target row (``row``, already a list) as ``width`` floats for ``loss``."""
    if len(row) != width:
        raise ValueError(
            "%s has %d values, but the network has %d output%s"
            % (where, len(row), width, "" if width == 1 else "s"))
    row = finite_floats(row, where)
    if loss in ("binary_crossentropy", "crossentropy"):
        for j, v in enumerate(row):
            if not 0.0 <= v <= 1.0:
                raise ValueError(
                    "%s[%d] is %r, but %s targets must lie between 0 and 1"
                    % (where, j, v, loss))
    if loss == "crossentropy":
        total = 0.0
        for v in row:
            total += v
        if abs(total - 1.0) > 1e-6:
            raise ValueError(
                "%s adds up to %r, but a one-hot (or probability) target row "
                "must add up to 1" % (where, total))
    if loss == "hinge":
        row = [_hinge(v, "%s[%d]" % (where, j)) for j, v in enumerate(row)]
    return row


def _hinge(v, where):
    """A hinge label (``losses.hinge_label``), or an error naming where it is."""
    try:
        return hinge_label(v)
    except ValueError as exc:
        raise ValueError("%s: %s" % (where, exc)) from None


def training_arrays(X: object, y: object, n_inputs: int, n_outputs: int, loss: str, fast: object = None) -> tuple:
    """Check ``X`` and ``y`` for a network and return ``(n, flat_x, flat_y)``.

    ``n`` is the number of samples; ``flat_x`` holds their ``n * n_inputs``
    inputs (see :func:`flat_rows`; ``fast`` as there) and ``flat_y`` their
    ``n * n_outputs`` targets (class labels made one-hot for
    ``crossentropy``) in one ``array('d')``: what the backends'
    ``train_epoch``, ``evaluate`` and ``gradients`` take.
    """
    n, flat_x = flat_rows(X, n_inputs, "X", fast)
    return n, flat_x, target_array(y, n, n_outputs, loss, "y", fast)
