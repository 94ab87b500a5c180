"""Metrics: how good are the predictions, in numbers people understand.

Classification (labels are whole numbers 0, 1, 2, ...):

* ``accuracy``: the fraction of labels predicted right;
* ``confusion_matrix``: row = true class, column = predicted class;
* ``precision_recall_f1``: per class, how many predicted members really are
  (precision), how many real members were found (recall), and their harmonic
  mean (F1).

Regression (real numbers): ``mean_squared_error``, ``mean_absolute_error``
and ``r2_score`` (1 is perfect, 0 is no better than always guessing the mean).
"""

import math

from ._compat import is_integer, is_iterable, is_real

__all__ = [
    "accuracy",
    "confusion_matrix",
    "precision_recall_f1",
    "classification_report",
    "mean_squared_error",
    "mean_absolute_error",
    "r2_score",
]


def _list(values, name):
    if hasattr(values, "tolist") and not isinstance(values, (list, tuple)):
        values = values.tolist()
    if isinstance(values, (str, bytes)) or not is_iterable(values):
        raise TypeError("%s must be a list, not %r" % (name, values))
    values = list(values)
    if not values:
        raise ValueError("%s is empty" % name)
    return values


def _labels(values, name):
    out = []
    for i, v in enumerate(_list(values, name)):
        if isinstance(v, (list, tuple)) and len(v) == 1:
            v = v[0]
        if isinstance(v, bool) or not is_real(v) or not is_integer(float(v)) or v < 0:
            raise ValueError("%s[%d] is %r, not a class label (0, 1, 2, ...)" % (name, i, v))
        out.append(int(v))
    return out


def _pair(y_true, y_pred, convert):
    t = convert(y_true, "y_true")
    p = convert(y_pred, "y_pred")
    if len(t) != len(p):
        raise ValueError("y_true has %d values but y_pred has %d" % (len(t), len(p)))
    return t, p


def accuracy(y_true: object, y_pred: object) -> float:
    """Fraction of samples whose predicted label equals the true label."""
    t, p = _pair(y_true, y_pred, _labels)
    right = 0
    for a, b in zip(t, p):
        right += a == b
    return right / len(t)


def confusion_matrix(y_true: object, y_pred: object, n_classes: "int | None" = None) -> "list[list[int]]":
    """``matrix[i][j]`` = how many samples of true class i were predicted as j."""
    t, p = _pair(y_true, y_pred, _labels)
    if n_classes is None:
        n_classes = max(max(t), max(p)) + 1
    elif max(max(t), max(p)) >= n_classes:
        raise ValueError("a label is >= n_classes=%d" % n_classes)
    matrix = [[0] * n_classes for _ in range(n_classes)]
    for a, b in zip(t, p):
        matrix[a][b] += 1
    return matrix


def precision_recall_f1(y_true: object, y_pred: object, n_classes: "int | None" = None) -> "list[dict]":
    """Per-class precision, recall, F1 and support (number of true samples).

    Returns a list of dicts, one per class. A class never predicted has
    precision 0 (and likewise recall 0 for a class that never occurs).
    """
    matrix = confusion_matrix(y_true, y_pred, n_classes)
    n = len(matrix)
    rows = []
    for c in range(n):
        tp = matrix[c][c]
        predicted = 0
        actual = 0
        for i in range(n):
            predicted += matrix[i][c]
            actual += matrix[c][i]
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"class": c, "precision": precision, "recall": recall, "f1": f1, "support": actual})
    return rows


def classification_report(y_true: object, y_pred: object, class_names: "list | None" = None) -> str:
    """A printable table of precision, recall and F1 per class, plus accuracy."""
    rows = precision_recall_f1(y_true, y_pred)
    names = [str(class_names[r["class"]]) if class_names else str(r["class"]) for r in rows]
    width = max([len(s) for s in names] + [5])
    lines = ["%*s  precision  recall     f1  support" % (width, "class")]
    for name, r in zip(names, rows):
        lines.append("%*s  %9.3f  %6.3f  %5.3f  %7d"
                     % (width, name, r["precision"], r["recall"], r["f1"], r["support"]))
    lines.append("accuracy: %.4f" % accuracy(y_true, y_pred))
    return "\n".join(lines)


def _reals(values, name):
    out = []
    for i, v in enumerate(_list(values, name)):
        if isinstance(v, (list, tuple)) and len(v) == 1:
            v = v[0]
        if isinstance(v, bool) or not is_real(v) or not math.isfinite(v):
            raise ValueError("%s[%d] is %r, not a finite number" % (name, i, v))
        out.append(float(v))
    return out


def mean_squared_error(y_true: object, y_pred: object) -> float:
    """Average of (y - prediction)^2."""
    t, p = _pair(y_true, y_pred, _reals)
    total = 0.0
    for a, b in zip(t, p):
        total += (a - b) * (a - b)
    return total / len(t)


def mean_absolute_error(y_true: object, y_pred: object) -> float:
    """Average of |y - prediction|: the typical size of a mistake, in y's units."""
    t, p = _pair(y_true, y_pred, _reals)
    total = 0.0
    for a, b in zip(t, p):
        total += abs(a - b)
    return total / len(t)


def r2_score(y_true: object, y_pred: object) -> float:
    """Coefficient of determination: 1 - (squared error) / (spread of y around its mean).

    1.0 is perfect; 0.0 is what always predicting the mean scores. When y is
    constant, returns 1.0 for perfect predictions and 0.0 otherwise.
    """
    t, p = _pair(y_true, y_pred, _reals)
    mean = 0.0
    for a in t:
        mean += a
    mean /= len(t)
    residual = 0.0
    spread = 0.0
    for a, b in zip(t, p):
        residual += (a - b) * (a - b)
        spread += (a - mean) * (a - mean)
    if spread == 0.0:
        return 1.0 if residual == 0.0 else 0.0
    return 1.0 - residual / spread
