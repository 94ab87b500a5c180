"""Data checked once: train, score and predict in a loop without checking it again.

>>> from tinynet import Dataset, Dense, Network
>>> data = Dataset([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0])
>>> net = Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], seed=0)
>>> for epoch in range(3):          # one epoch per call, e.g. to draw each one
...     history = net.fit(data, epochs=1, verbose=0)
>>> len(net.predict(data))
4

``fit(X, y)`` checks every number of ``X`` and ``y`` (types, NaN and
infinity, ragged rows) on every call. A :class:`Dataset` does that once,
when it is made, and keeps its own copy of the numbers, so later changes to
the lists you gave it cannot slip past the checks. ``fit``, ``evaluate``
and ``predict`` take it in place of ``X, y`` (and ``validation_data`` takes
one in place of the pair).
"""

import array

from . import backends
from .codes import accuracy_mode
from .inputs import NUMBERS, TARGETS, as_list, double_view, flat_rows, is_row, target_array

__all__ = ["Dataset"]


def _fast_checker() -> object:
    """The compiled module when it is built (it checks at C speed), else None."""
    try:
        module = backends.get("cython")
    except ImportError:
        return None
    return module if hasattr(module, "fill_rows") else None


class Dataset:
    """Samples ``X`` (and targets ``y``), checked once and copied.

    Args:
        X: the samples: a list of rows of numbers (or a tuple, a generator,
            a NumPy array, an ``array('d')`` with one number per sample...).
            Every row must have the same number of values.
        y: the targets, as ``fit`` takes them (class labels, rows, numbers),
            or ``None`` for data that is only predicted. What ``y`` must
            hold depends on the network's loss, so it is checked the first
            time the data meets a network with that loss and output width,
            and the checked targets are kept for the next time.

    Attributes:
        n_samples: how many samples.
        n_features: how many numbers each sample has.
    """

    def __init__(self, X: object, y: object = None) -> None:
        view = double_view(X)
        if view is not None:
            width = view.shape[1] if view.ndim == 2 else 1
        else:
            X = as_list(X, "X")  # read once: a generator cannot be read twice
            width = 1
            if X and is_row(X[0]):
                X[0] = as_list(X[0], "X row 0", NUMBERS)
                width = len(X[0])
        n, flat = flat_rows(X, width, "X", _fast_checker())
        if not isinstance(flat, array.array):  # a view of the caller's numbers: copy them
            own = array.array("d")
            own.frombytes(flat.cast("B"))
            flat = own
        self.n_samples, self.n_features = n, width
        self._x = flat
        self._y = None
        if y is not None:
            values = as_list(y, "y", TARGETS)
            if len(values) != n:
                raise ValueError("X has %d samples but y has %d: they must match" % (n, len(values)))
            # rows become tuples: a copy of the targets that later changes cannot reach
            self._y = [tuple(as_list(v, "y[%d]" % i, NUMBERS)) if is_row(v) else v
                       for i, v in enumerate(values)]
        self._targets = {}  # (loss, width) -> (flat targets, accuracy mode)

    @property
    def has_targets(self) -> bool:
        """True when the dataset holds targets ``y`` (so it can be trained on)."""
        return self._y is not None

    def inputs(self, width: int) -> "array.array":
        """The samples as one flat ``array('d')`` (row after row), for ``width`` inputs."""
        if width != self.n_features:
            raise ValueError("the Dataset's samples have %d values each, but the network takes "
                             "%d inputs" % (self.n_features, width))
        return self._x

    def targets(self, width: int, loss: str) -> tuple:
        """``(flat targets, accuracy mode)`` for a network with ``width`` outputs and ``loss``.

        Checked the first time for each ``(loss, width)``; the result is kept.
        """
        if self._y is None:
            raise TypeError("this Dataset has no targets: make it with Dataset(X, y) to train "
                            "or evaluate on it")
        key = (loss, width)
        if key not in self._targets:
            flat = target_array(self._y, self.n_samples, width, loss, "y", _fast_checker())
            self._targets[key] = (flat, accuracy_mode(loss, flat, width))
        return self._targets[key]

    def __len__(self) -> int:
        return self.n_samples

    def __repr__(self) -> str:
        return "Dataset(%d samples of %d values%s)" % (
            self.n_samples, self.n_features, "" if self._y is not None else ", no targets")
