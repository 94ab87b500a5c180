"""Loss functions: one number that says how wrong the network's outputs are.

Training is a search for weights that make the loss small. tinynet uses the
same conventions as PyTorch and Keras, so results can be checked against them:

    mse                   mean over samples and outputs of (y - p)^2
    binary_crossentropy   mean over samples and outputs of
                          -(y log p + (1 - y) log(1 - p))       (sigmoid outputs)
    crossentropy          mean over samples of -log p[target]   (softmax outputs)
    hinge                 mean over samples and outputs of max(0, 1 - y p)
                          (the max-margin loss of micrograd's demo; labels y are
                          -1 or +1, and 0 is read as -1; p is a score, usually
                          from a linear output layer; a sample counts as correct
                          when every score has the sign of its label, p > 0 for +1)

``log`` is never taken of 0: like PyTorch, every log is clamped to be at least
-100, so a confidently wrong answer costs a large but finite loss.

Each ``*_gradient`` function returns dLoss/dp, the slope of the loss with
respect to each prediction, as rows the same shape as the predictions.

Each loss is one record in :data:`TABLE` (its functions, the per-sample form
the training loops add up, the output activation it pairs with, and the
scale of its output error); everything else reads that table.
"""

from . import elementary
from ._compat import did_you_mean, is_integer

TYPE_CHECKING = False
if TYPE_CHECKING:  # only for type checkers
    from typing import Callable

__all__ = [
    "LOSSES",
    "TABLE",
    "BY_NAME",
    "Loss",
    "LOG_FLOOR",
    "safe_log",
    "check_loss",
    "mse",
    "mse_gradient",
    "binary_crossentropy",
    "binary_crossentropy_gradient",
    "crossentropy",
    "crossentropy_gradient",
    "hinge",
    "hinge_gradient",
    "hinge_label",
]

#: The smallest value a log may take (PyTorch clamps its logs the same way).
LOG_FLOOR = -100.0


def safe_log(p: float) -> float:
    """Natural log of ``p``, clamped to at least -100 so log(0) is never taken."""
    if p > 0.0:
        v = elementary.log(p)
        if v < LOG_FLOOR:
            return LOG_FLOOR
        return v
    return LOG_FLOOR


def check_loss(name: str) -> str:
    """Return ``name`` if it is a known loss, else raise a clear error."""
    if not isinstance(name, str):
        raise TypeError("loss must be a string such as 'mse', not %r" % (name,))
    if name not in BY_NAME:
        raise ValueError("unknown loss %r%s; choose one of: %s"
                         % (name, did_you_mean(name, LOSSES), ", ".join(LOSSES)))
    return name


def _rows(values, what):
    """Turn a flat list into a column of one-value rows; copy rows as floats."""
    if hasattr(values, "tolist"):
        values = values.tolist()
    values = list(values)
    if not values:
        raise ValueError("%s is empty" % what)
    if all(isinstance(v, (list, tuple)) for v in values):
        return [[float(x) for x in row] for row in values]
    return [[float(v)] for v in values]


def _pair(y_true, y_pred):
    t = _rows(y_true, "y_true")
    p = _rows(y_pred, "y_pred")
    if len(t) != len(p) or any(len(a) != len(b) for a, b in zip(t, p)):
        raise ValueError(
            "y_true and y_pred differ in shape: %dx%d vs %dx%d"
            % (len(t), len(t[0]), len(p), len(p[0]))
        )
    return t, p


def mse(y_true: object, y_pred: object) -> float:
    """Mean squared error: the average of (y - p)^2 over every sample and output."""
    t, p = _pair(y_true, y_pred)
    total = 0.0
    for trow, prow in zip(t, p):
        for y, q in zip(trow, prow):
            d = y - q
            total += d * d
    return total / (len(t) * len(t[0]))


def mse_gradient(y_true: object, y_pred: object) -> "list[list[float]]":
    """dMSE/dp = 2 (p - y) / (samples * outputs), for every prediction p."""
    t, p = _pair(y_true, y_pred)
    n = len(t) * len(t[0])
    return [[2.0 * (q - y) / n for y, q in zip(trow, prow)] for trow, prow in zip(t, p)]


def binary_crossentropy(y_true: object, y_pred: object) -> float:
    """Binary cross-entropy for probabilities p in [0, 1] and targets y in [0, 1]."""
    t, p = _pair(y_true, y_pred)
    total = 0.0
    for trow, prow in zip(t, p):
        for y, q in zip(trow, prow):
            total += -(y * safe_log(q) + (1.0 - y) * safe_log(1.0 - q))
    return total / (len(t) * len(t[0]))


def binary_crossentropy_gradient(y_true: object, y_pred: object) -> "list[list[float]]":
    """dBCE/dp = (p - y) / (p (1 - p)) / (samples * outputs).

    Followed by the sigmoid's slope p (1 - p), this becomes simply (p - y) / N:
    that is why sigmoid and binary cross-entropy are used together.
    """
    t, p = _pair(y_true, y_pred)
    n = len(t) * len(t[0])
    eps = 1e-12
    return [
        [(q - y) / max(q * (1.0 - q), eps) / n for y, q in zip(trow, prow)]
        for trow, prow in zip(t, p)
    ]


def _one_hot_targets(y_true, n_classes):
    """Accept class labels (ints) or one-hot/probability rows; return rows."""
    if hasattr(y_true, "tolist"):
        y_true = y_true.tolist()
    y_true = list(y_true)
    rows = []
    for label in y_true:
        if isinstance(label, (list, tuple)):
            rows.append([float(v) for v in label])
            continue
        if isinstance(label, float) and is_integer(label):
            label = int(label)
        if not isinstance(label, int) or not 0 <= label < n_classes:
            raise ValueError("class label %r is not an integer in 0..%d" % (label, n_classes - 1))
        rows.append([1.0 if j == label else 0.0 for j in range(n_classes)])
    return rows


def crossentropy(y_true: object, y_pred: object) -> float:
    """Categorical cross-entropy: the average of -log(probability of the true class).

    ``y_true`` holds integer class labels or one-hot rows; ``y_pred`` holds the
    softmax probabilities, one row per sample.
    """
    p = _rows(y_pred, "y_pred")
    t, p = _pair(_one_hot_targets(y_true, len(p[0])), p)
    total = 0.0
    for trow, prow in zip(t, p):
        for y, q in zip(trow, prow):
            if y != 0.0:
                total += -y * safe_log(q)
    return total / len(t)


def crossentropy_gradient(y_true: object, y_pred: object) -> "list[list[float]]":
    """dCE/dp = -y / p / samples.

    Followed by softmax's Jacobian, this becomes simply (p - y) / samples.
    """
    p = _rows(y_pred, "y_pred")
    t, p = _pair(_one_hot_targets(y_true, len(p[0])), p)
    n = len(t)
    eps = 1e-12
    return [[-y / max(q, eps) / n for y, q in zip(trow, prow)] for trow, prow in zip(t, p)]


def hinge_label(y: float) -> float:
    """A hinge label as the loops use it: +1 stays +1; -1 and 0 become -1.

    Any other value is a ValueError (the hinge loss has two classes).
    """
    if y == 1.0:
        return 1.0
    if y == -1.0 or y == 0.0:
        return -1.0
    raise ValueError("hinge labels must be -1 or +1 (0 is read as -1), not %r" % (y,))


def hinge(y_true: object, y_pred: object) -> float:
    """Hinge (max-margin) loss: the average of max(0, 1 - y p), labels y in {-1, +1}.

    A score on the right side with a margin of at least 1 costs nothing; a
    wrong or timid one costs in proportion to how far it falls short.
    """
    t, p = _pair(y_true, y_pred)
    total = 0.0
    for trow, prow in zip(t, p):
        for y, q in zip(trow, prow):
            total += max(0.0, 1.0 - hinge_label(y) * q)
    return total / (len(t) * len(t[0]))


def hinge_gradient(y_true: object, y_pred: object) -> "list[list[float]]":
    """dHinge/dp = -y / (samples * outputs) where 1 - y p > 0, else 0.

    (At the kink 1 - y p = 0 the slope taken is 0, as relu's is at 0.)
    """
    t, p = _pair(y_true, y_pred)
    n = len(t) * len(t[0])
    out = []
    for trow, prow in zip(t, p):
        row = []
        for y, q in zip(trow, prow):
            y = hinge_label(y)
            row.append(-y / n if 1.0 - y * q > 0.0 else 0.0)
        out.append(row)
    return out


# ------------------------------------------------- one sample, as the loops see it
# The training loops add these up sample by sample; each sum starts at 0.0 and
# runs over the outputs left to right (the compiled loop does the same).


def _mse_sample(y: "list[float]", p: "list[float]") -> float:
    s = 0.0
    for t, q in zip(y, p):
        d = t - q
        s += d * d
    return s / len(y)


def _bce_sample(y: "list[float]", p: "list[float]") -> float:
    s = 0.0
    for t, q in zip(y, p):
        s += -(t * safe_log(q) + (1.0 - t) * safe_log(1.0 - q))
    return s / len(y)


def _ce_sample(y: "list[float]", p: "list[float]") -> float:
    # -sum_j y_j log p_j: just -log p[target] for a one-hot y
    s = 0.0
    for t, q in zip(y, p):
        if t != 0.0:
            s += -t * safe_log(q)
    return s


def _hinge_sample(y: "list[float]", p: "list[float]") -> float:
    # y is already -1 or +1 here (the targets are mapped when fit checks them)
    s = 0.0
    for t, q in zip(y, p):
        m = 1.0 - t * q  # the margin still missing; relu(m) is the cost
        if not m <= 0.0:  # (so a NaN score gives a NaN loss)
            s += m
    return s / len(y)


class Loss:
    """One loss: everything tinynet needs to know about it.

    * ``name``: what ``Network(..., loss=name)`` and saved models say;
    * ``function``, ``gradient``: the user-facing functions above;
    * ``sample``: the loss of one sample (a row of targets, a row of outputs),
      as the training loops add it up;
    * ``pairs_with``: the output activation this loss needs and whose slope
      cancels against its gradient, so the output error is simply
      (p - y) * scale; ``None`` for MSE, which works with any output and
      multiplies by the activation's slope;
    * ``scale``: ``scale(count, width)``, the factor of (p - y) in the output
      error of the batch's mean loss (``count`` samples of ``width`` outputs);
      for ``hinge``, the factor of -y where the margin 1 - y p is positive.
    """

    __slots__ = ("name", "function", "gradient", "sample", "pairs_with", "scale")

    def __init__(self, name: str, function: "Callable[..., float]", gradient: "Callable[..., object]",
                 sample: "Callable[..., float]", pairs_with: str,
                 scale: "Callable[[int, int], float]") -> None:
        self.name = name
        self.function = function
        self.gradient = gradient
        self.sample = sample
        self.pairs_with = pairs_with
        self.scale = scale

    def __repr__(self) -> str:
        return "Loss(%r)" % self.name


def _mse_scale(count: int, width: int) -> float:
    return 2.0 / (count * width)  # d/dp of mean (y - p)^2 is 2 (p - y) / N


def _bce_scale(count: int, width: int) -> float:
    return 1.0 / (count * width)


def _ce_scale(count: int, width: int) -> float:
    return 1.0 / count


#: Every loss, in the order of the compiled loop's codes.
TABLE = (
    Loss("mse", mse, mse_gradient, _mse_sample, None, _mse_scale),
    Loss("binary_crossentropy", binary_crossentropy, binary_crossentropy_gradient, _bce_sample,
         "sigmoid", _bce_scale),
    Loss("crossentropy", crossentropy, crossentropy_gradient, _ce_sample, "softmax", _ce_scale),
    # any output works (its slope is applied, as for MSE); micrograd's demo uses linear
    Loss("hinge", hinge, hinge_gradient, _hinge_sample, None, _bce_scale),
)

#: name -> record.
BY_NAME = {record.name: record for record in TABLE}

#: Every loss name tinynet knows, in the order of the backends' codes.
LOSSES = tuple(record.name for record in TABLE)
