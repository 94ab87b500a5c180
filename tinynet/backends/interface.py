"""What every training-loop backend takes and gives: three small records and four functions.

A backend (``python.py``, the readable reference, and ``_ctrain.pyx``, its
compiled twin) offers exactly the functions in :data:`FUNCTIONS`, with these
signatures (a test checks both modules against them)::

    param_count(sizes) -> int
    train_epoch(layout, params, batches, update) -> (loss_sum, correct, step)
    predict(layout, params, X, n) -> list of n * n_outputs floats
    evaluate(layout, params, X, Y, n, accuracy) -> (loss_sum, correct)
    gradients(layout, params, X, Y, n) -> (loss_sum, grads)

* ``layout`` (:class:`Layout`): the network's shape, made once per fit;
* ``params``: an ``array('d')`` of every weight and bias, layer by layer:
  weights ``W[k][j]`` at ``offset + k * n_out + j`` (row k = input k), then
  the layer's ``n_out`` biases; updated in place by ``train_epoch``;
* ``batches`` (:class:`Batches`): the data and the order and size of batches;
* ``update`` (:class:`Update`): the optimizer's step: its rule, its
  hyperparameters and its memory (``state1``/``state2``, laid out like
  ``params``, updated in place; ``step`` = steps taken before this epoch).

``X`` holds ``n`` rows of ``n_inputs`` floats one after another, ``Y`` the
targets, ``n`` rows of ``n_outputs`` floats (one-hot rows for cross-entropy).

The order of floating-point operations is part of this interface; both
backends follow it exactly (see docs/architecture.md):

* every dot product starts from 0.0 and adds its products in increasing
  index; a layer's bias is added after the whole dot product;
* sums over a batch (weight and bias gradients, the batch's loss) run over
  the batch's rows in order; a sample's loss adds its outputs in order;
* no ``sum()``/``fsum`` (Python's float ``sum()`` compensates), no fused
  multiply-add (``-ffp-contract=off``), no fast-math.

:func:`check_epoch` holds the checks both backends need; the reference calls
it, and so does ``Network`` before calling either one.  The compiled module
still refuses (with TypeError/ValueError, never a crash) whatever it is
given directly, records forged past these checks included.
"""

import math

from .._compat import index
from ..codes import ACTIVATION_CODES, LOSS_CODES, N_ACCURACY, N_ACTIVATIONS, N_LOSSES, N_OPTIMIZERS, OPTIMIZER_CODES

__all__ = ["Layout", "Batches", "Update", "FUNCTIONS", "check_epoch", "param_count"]

#: The functions every backend module has, and their parameters in order.
FUNCTIONS = {
    "param_count": ("sizes",),
    "train_epoch": ("layout", "params", "batches", "update"),
    "predict": ("layout", "params", "X", "n"),
    "evaluate": ("layout", "params", "X", "Y", "n", "accuracy"),
    "gradients": ("layout", "params", "X", "Y", "n"),
}

_SOFTMAX = ACTIVATION_CODES["softmax"]
_PAIRS = {LOSS_CODES["binary_crossentropy"]: ACTIVATION_CODES["sigmoid"],
          LOSS_CODES["crossentropy"]: _SOFTMAX}


def _int(value, what: str) -> int:
    """An exact int from an integer (never a float, str or bool-like liar)."""
    try:
        return index(value)
    except TypeError:
        raise TypeError("%s must be an integer, not %r" % (what, value)) from None


def _ints(values, what: str) -> "list[int]":
    if isinstance(values, (str, bytes, bytearray)) or values is None:
        raise TypeError("%s must be a list of integers, not %s" % (what, type(values).__name__))
    return [_int(v, what) for v in values]


def _code(value, what: str, count: int) -> int:
    v = _int(value, what)
    if not 0 <= v < count:
        raise ValueError("%s must be a code in 0..%d, not %d" % (what, count - 1, v))
    return v


def param_count(sizes: "list[int]") -> int:
    """Number of floats in ``params`` for layer widths ``sizes``."""
    widths = _ints(sizes, "sizes")
    count = 0
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        count += n_in * n_out + n_out
    return count


class Layout:
    """The network's shape, checked and laid out once per fit.

    ``sizes`` are the widths ``[n_inputs, layer 1, ..., n_outputs]``,
    ``activations`` one code per layer, ``loss`` the loss code (codes:
    :mod:`tinynet.codes`).  ``offsets[l]`` is where layer l's weights start
    in ``params`` (its biases follow them); ``n_params`` is ``len(params)``.
    """

    __slots__ = ("sizes", "activations", "loss", "offsets", "n_params")

    def __init__(self, sizes: "list[int]", activations: "list[int]", loss: int = 0) -> None:
        sizes = _ints(sizes, "sizes")
        codes = _ints(activations, "activations")
        if len(sizes) < 2:
            raise ValueError("sizes needs at least 2 widths (inputs and outputs), got %d" % len(sizes))
        for w in sizes:
            if w < 1:
                raise ValueError("every width in sizes must be >= 1, got %r" % (sizes,))
        if len(codes) != len(sizes) - 1:
            raise ValueError("activations needs one code per layer: %d for sizes %r, got %d"
                             % (len(sizes) - 1, sizes, len(codes)))
        for layer, c in enumerate(codes):
            if not 0 <= c < N_ACTIVATIONS:
                raise ValueError("activation code %r of layer %d is not in 0..%d"
                                 % (c, layer, N_ACTIVATIONS - 1))
            if c == _SOFTMAX and layer != len(codes) - 1:
                raise ValueError("softmax is only supported on the output layer (layer %d of %d)"
                                 % (layer, len(codes)))
        loss = _code(loss, "loss", N_LOSSES)
        if loss in _PAIRS and codes[-1] != _PAIRS[loss]:
            raise ValueError("loss %d needs output activation code %d, not %d"
                             % (loss, _PAIRS[loss], codes[-1]))
        self.sizes, self.activations, self.loss = sizes, codes, loss
        self.offsets = []
        at = 0
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            self.offsets.append(at)
            at += n_in * n_out + n_out
        self.n_params = at

    def __repr__(self) -> str:
        return "Layout(%r, %r, %r)" % (self.sizes, self.activations, self.loss)


class Batches:
    """The data of one epoch and how it is cut into batches.

    ``X``/``Y``: flat ``array('d')`` buffers (see the module's docstring);
    ``order``: the sample indices in the order they are visited; batches
    are ``order[0:batch_size]``, ``order[batch_size:2 * batch_size]``, ...
    (the last may be smaller); ``accuracy``: how correct answers are counted
    (``tinynet.codes.NO_ACCURACY``, ``THRESHOLD_ACCURACY``, ``ARGMAX_ACCURACY``,
    ``SIGN_ACCURACY``).
    """

    __slots__ = ("X", "Y", "order", "batch_size", "accuracy")

    def __init__(self, X: object, Y: object, order: "list[int]", batch_size: int, accuracy: int = 0) -> None:
        self.X, self.Y, self.order = X, Y, order
        self.batch_size, self.accuracy = batch_size, accuracy


class Update:
    """One optimizer step: its rule, hyperparameters and memory.

    ``optimizer`` is the rule's code (``tinynet.codes.SGD``/``ADAM``);
    ``state1``/``state2`` its memory, laid out like ``params`` (SGD's velocity;
    Adam's running means of the gradient and of its square), updated in place;
    ``step`` counts the steps already taken (Adam's bias correction needs it);
    ``weight_decay`` is the L2 factor, applied to the biases too when
    ``decay_biases`` is true (by default only to the weights).
    A new hyperparameter is one more field here, set by the optimizer's
    ``hyperparameters()``, and read by the two loops' update functions.
    """

    __slots__ = ("optimizer", "learning_rate", "momentum", "beta1", "beta2", "epsilon",
                 "weight_decay", "decay_biases", "state1", "state2", "step")

    def __init__(self, optimizer: int, learning_rate: float, state1: object, state2: object, step: int = 0,
                 momentum: float = 0.0, beta1: float = 0.9, beta2: float = 0.999,
                 epsilon: float = 1e-8, weight_decay: float = 0.0,
                 decay_biases: bool = False) -> None:
        self.optimizer, self.learning_rate = optimizer, learning_rate
        self.momentum, self.beta1, self.beta2, self.epsilon = momentum, beta1, beta2, epsilon
        self.weight_decay, self.decay_biases = weight_decay, decay_biases
        self.state1, self.state2, self.step = state1, state2, step

    @classmethod
    def of(cls, optimizer: object, learning_rate: float, weight_decay: float, state1: object, state2: object,
           step: int, decay_biases: bool = False) -> "Update":
        """The step of an optimizer object (``tinynet.optimizers``) at ``learning_rate``."""
        return cls(OPTIMIZER_CODES[optimizer.rule], learning_rate, state1, state2, step,
                   weight_decay=weight_decay, decay_biases=decay_biases,
                   **optimizer.hyperparameters())


def _finite(value, what: str, low: float = 0.0) -> float:
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError("%s must be a number, not %r" % (what, value))
    try:
        value = float(value)
    except OverflowError:
        raise ValueError("%s is too large for a float" % what) from None
    if not math.isfinite(value) or value < low:
        raise ValueError("%s must be a finite number >= %r, not %r" % (what, low, value))
    return value


def _length(buf, what: str, expected: int) -> None:
    if isinstance(buf, (list, tuple, str, bytes)) or buf is None:
        raise TypeError("%s must be an array('d'), not %s" % (what, type(buf).__name__))
    try:
        length = len(buf)
    except TypeError:
        raise TypeError("%s must be an array('d'), not %s" % (what, type(buf).__name__)) from None
    if length != expected:
        raise ValueError("%s must hold %d floats, not %d" % (what, expected, len(buf)))


def check_epoch(layout: Layout, params: object, batches: Batches, update: Update) -> int:
    """Check everything ``train_epoch`` is given; return the number of samples.

    Raises TypeError or ValueError naming the argument; changes nothing.
    """
    if not isinstance(layout, Layout):
        raise TypeError("layout must be a Layout, not %s" % type(layout).__name__)
    n0, nL = layout.sizes[0], layout.sizes[-1]
    _length(params, "params", layout.n_params)
    _length(update.state1, "state1", layout.n_params)
    _length(update.state2, "state2", layout.n_params)
    if update.state1 is params or update.state2 is params or update.state1 is update.state2:
        raise ValueError("params, state1, state2 and X/Y must be separate buffers")
    n = len(batches.X) // n0
    _length(batches.X, "X", n * n0)
    _length(batches.Y, "Y", n * nL)
    order = _ints(batches.order, "order")
    if not order:
        raise ValueError("order is empty: an epoch needs at least one sample")
    for i, r in enumerate(order):
        if not 0 <= r < n:
            raise ValueError("order[%d] = %d is not a sample index in 0..%d" % (i, r, n - 1))
    if _int(batches.batch_size, "batch_size") < 1:
        raise ValueError("batch_size must be >= 1, not %r" % (batches.batch_size,))
    _code(batches.accuracy, "accuracy", N_ACCURACY)
    if not isinstance(update.decay_biases, bool):
        raise TypeError("decay_biases must be True or False, not %r" % (update.decay_biases,))
    _code(update.optimizer, "optimizer", N_OPTIMIZERS)
    if _int(update.step, "step") < 0:
        raise ValueError("step must be >= 0, not %r" % (update.step,))
    _finite(update.learning_rate, "learning_rate")
    _finite(update.weight_decay, "weight_decay")
    _finite(update.momentum, "momentum")
    for what in ("beta1", "beta2"):
        value = _finite(getattr(update, what), what)
        if value >= 1.0:
            raise ValueError("%s must be in [0, 1), not %r" % (what, value))
    if not _finite(update.epsilon, "epsilon") > 0.0:
        raise ValueError("epsilon must be a finite number > 0, not %r" % (update.epsilon,))
    return n
