"""Checking what users pass in: turning X and y into clean floats, or saying why not.

Every error names the problem and where it is (row and column), so a typo in
a dataset is found in seconds instead of showing up as a NaN later.
"""

import array
import math
import numbers

__all__ = ["as_list", "as_rows", "as_targets", "is_flat_sample", "finite_number",
           "flat_rows", "training_arrays", "whole_number", "real_number"]


def as_list(values: object, name: str) -> list:
    """A list from a list, tuple, range, generator or anything with ``.tolist()``.

    A generator can be read only once, so callers that look at the data more
    than once call this first and work on the list.
    """
    if hasattr(values, "tolist") and not isinstance(values, (list, tuple)):
        values = values.tolist()
    if isinstance(values, (str, bytes, dict, set)) or values is None:
        raise TypeError("%s must be a list of rows of numbers, not %s" % (name, type(values).__name__))
    if isinstance(values, numbers.Number):
        raise TypeError("%s must be a list of rows of numbers, not a single number" % name)
    try:
        return list(values)
    except TypeError:
        raise TypeError("%s must be a list of rows of numbers, not %s" % (name, type(values).__name__)) from None


def finite_number(value, where, allow_bool=True):
    """A finite float from ``value``, or a TypeError/ValueError naming ``where``.

    Data may hold True/False (counted as 1 and 0); weights may not.
    """
    if isinstance(value, numbers.Real) and (allow_bool or not isinstance(value, bool)):
        try:
            value = float(value)
        except OverflowError:
            raise ValueError("%s is too large to be a float" % where) from None
        if not math.isfinite(value):
            raise ValueError("%s is %r: NaN and infinity are not allowed" % (where, value))
        return value
    raise TypeError("%s is %r, which is not a number" % (where, value))


def whole_number(value: object, name: str, low: int) -> int:
    """``value`` as an int of at least ``low``, or a clear error naming ``name``.

    A whole number is an int (or NumPy integer), never a bool, a float such
    as 2.0 or a string: TypeError for those, ValueError below ``low``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
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
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError("%s must be a number, not %r" % (name, value))
    try:
        value = float(value)
    except OverflowError:
        raise ValueError("%s is too large to be a float" % name) from None
    if not math.isfinite(value):
        raise ValueError("%s must be a finite number, not %r" % (name, value))
    if low is not None and (value < low or (low_open and value == low)):
        raise ValueError("%s must be %s %r, got %r" % (name, ">" if low_open else ">=", low, value))
    if high is not None and (value > high or (high_open and value == high)):
        raise ValueError("%s must be %s %r, got %r" % (name, "<" if high_open else "<=", high, value))
    return value


def _is_row(value):
    """True for one row of numbers: a list, tuple, array or a generator (iterator) of numbers."""
    if isinstance(value, (list, tuple)) or hasattr(value, "__next__"):
        return True
    return hasattr(value, "tolist") and not isinstance(value, numbers.Number)


def is_flat_sample(values):
    """True when ``values`` is one sample (numbers) rather than a list of rows."""
    values = as_list(values, "X")
    return bool(values) and not any(_is_row(v) for v in values)


def as_rows(X, width, name="X"):
    """Validate ``X`` as rows of ``width`` finite numbers; return a list of float lists.

    A flat list of numbers is taken as one column when ``width`` is 1.
    """
    rows = as_list(X, name)
    if not rows:
        raise ValueError("%s is empty: it needs at least one sample" % name)
    if not any(_is_row(v) for v in rows):
        if width != 1:
            raise ValueError(
                "%s is a flat list of numbers, but the network takes %d inputs per sample: "
                "give a list of rows such as [[0, 1], [1, 0]]" % (name, width))
        return [[finite_number(v, "%s[%d]" % (name, i))] for i, v in enumerate(rows)]
    clean = []
    for i, row in enumerate(rows):
        if not _is_row(row):
            raise TypeError("%s row %d is %r, not a list of numbers" % (name, i, row))
        row = as_list(row, "%s row %d" % (name, i))
        if len(row) != width:
            raise ValueError(
                "%s row %d has %d values, but %d are needed (one per input of the network)"
                % (name, i, len(row), width))
        clean.append([finite_number(v, "%s[%d][%d]" % (name, i, j)) for j, v in enumerate(row)])
    return clean


def _label(value, where, n_classes):
    """An integer class label in 0..n_classes-1."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        v = float(value)
        if math.isfinite(v) and v.is_integer() and 0 <= v < n_classes:
            return int(v)
    raise ValueError(
        "%s is %r, but class labels for this network must be whole numbers from 0 to %d"
        % (where, value, n_classes - 1))


def as_targets(y, n_samples, width, loss, name="y"):
    """Validate the targets ``y`` for ``loss``; return one flat list of n * width floats.

    * ``crossentropy``: class labels (0..width-1) or one-hot/probability rows;
    * ``binary_crossentropy``: values in [0, 1] (a flat list when width is 1);
    * ``mse``: any finite numbers.
    """
    values = as_list(y, name)
    if len(values) != n_samples:
        raise ValueError("X has %d samples but %s has %d: they must match" % (n_samples, name, len(values)))
    flat = []
    for i, value in enumerate(values):
        where = "%s[%d]" % (name, i)
        if _is_row(value):
            row = as_list(value, where)
            if loss == "crossentropy" and len(row) == 1 and width > 1:
                value = row[0]  # a label wrapped in a list: [[2], [0], ...]
            else:
                if len(row) != width:
                    raise ValueError(
                        "%s has %d values, but the network has %d outputs" % (where, len(row), width))
                row = [finite_number(v, "%s[%d]" % (where, j)) for j, v in enumerate(row)]
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
                flat.extend(row)
                continue
        if loss == "crossentropy":
            label = _label(value, where, width)
            flat.extend(1.0 if j == label else 0.0 for j in range(width))
            continue
        if width != 1:
            raise ValueError(
                "%s is a single number, but the network has %d outputs: give a row of %d values"
                % (where, width, width))
        v = finite_number(value, where)
        if loss == "binary_crossentropy" and not 0.0 <= v <= 1.0:
            raise ValueError("%s is %r, but binary_crossentropy targets must lie between 0 and 1" % (where, v))
        flat.append(v)
    return flat


def flat_rows(rows: "list[list[float]]") -> "array.array":
    """Clean rows (from :func:`as_rows`) laid end to end in one ``array('d')``, as backends take them."""
    flat = array.array("d")
    for row in rows:
        flat.extend(row)
    return flat


def training_arrays(X: object, y: object, n_inputs: int, n_outputs: int, loss: str) -> tuple:
    """Check ``X`` and ``y`` for a network and return ``(n, flat_x, flat_y)``.

    ``n`` is the number of samples; ``flat_x`` holds their ``n * n_inputs``
    inputs and ``flat_y`` their ``n * n_outputs`` targets (class labels made
    one-hot for ``crossentropy``), each one ``array('d')``: what the
    backends' ``train_epoch``, ``evaluate`` and ``gradients`` take.
    """
    rows = as_rows(X, n_inputs)
    targets = as_targets(y, len(rows), n_outputs, loss)
    return len(rows), flat_rows(rows), array.array("d", targets)
