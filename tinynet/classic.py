"""The classic "simple neural network in Python" tutorials, without NumPy.

Two famous beginner programs (Milo Spencer-Harper style) teach a neural
network in a few lines of NumPy:

1. A single neuron with 3 inputs and no bias, trained on four examples whose
   answer is simply "the first input".  It then guesses ``[1, 0, 0]``.
2. The follow-up: a 3-4-1 network (two layers) trained on seven examples whose
   answer is the XOR of the first two inputs.  It then guesses ``[1, 1, 0]``.

This module re-creates both programs in pure Python (lists, ``math`` and
``random``) with the *same names* (``NeuralNetwork``, ``synaptic_weights``,
``think``, ``train``, ``NeuronLayer``...) and the *same numbers*: the random
starting weights are bit-for-bit identical to ``numpy.random.seed(1)`` and the
arithmetic is done in the same order as NumPy does it, so the printed results
match the NumPy programs to at least 9 significant digits.

Quick start::

    >>> from tinynet.classic import NeuralNetwork
    >>> nn = NeuralNetwork()
    >>> nn.train([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], [0, 1, 1, 0], 15000)
    >>> nn.think([1, 0, 0])            # doctest: +ELLIPSIS
    [0.99995840167...]

Run ``python -m tinynet.classic`` to see the first tutorial's printout, or
``python -m tinynet.classic --follow-up`` for the two-layer one.
"""

import math
import random

from . import rng as _rng_module
from ._compat import is_integral, is_iterable, is_real

TYPE_CHECKING = False
if TYPE_CHECKING:  # only for type checkers
    from typing import Callable, Sequence

__all__ = [
    "init_genrand",
    "numpy_seeded_random",
    "sigmoid",
    "sigmoid_derivative",
    "NeuralNetwork",
    "NeuronLayer",
    "TwoLayerNeuralNetwork",
    "TUTORIAL_INPUTS",
    "TUTORIAL_OUTPUTS",
    "FOLLOW_UP_INPUTS",
    "FOLLOW_UP_OUTPUTS",
    "run_tutorial",
    "run_follow_up",
    "main",
]

# The training data of the two tutorials (the NumPy versions use
# ``array([[0, 1, 1, 0]]).T``, i.e. a column; a flat list works here too).
TUTORIAL_INPUTS = [[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]]
TUTORIAL_OUTPUTS = [[0], [1], [1], [0]]
FOLLOW_UP_INPUTS = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [0, 1, 0],
                    [1, 0, 0], [1, 1, 1], [0, 0, 0]]
FOLLOW_UP_OUTPUTS = [[0], [1], [1], [1], [1], [0], [0]]


# ---------------------------------------------------------------------------
# Random numbers exactly like numpy.random.seed(n)
# ---------------------------------------------------------------------------

_MT_N = 624  # Mersenne Twister MT19937 keeps 624 32-bit words of state


def init_genrand(seed: int) -> "list[int]":
    """Return the 624-word Mersenne Twister state that NumPy builds for ``seed``.

    ``numpy.random.seed(1)`` fills the MT19937 state with the reference
    ``init_genrand`` recipe from the original Mersenne Twister C code::

        mt[0] = seed
        mt[i] = (1812433253 * (mt[i-1] ^ (mt[i-1] >> 30)) + i)  mod 2**32

    (Python's own ``random.seed(1)`` uses a different recipe, ``init_by_array``,
    which is why ``random.seed(1)`` and ``numpy.random.seed(1)`` give different
    numbers.)  ``seed`` must be an int from 0 to 2**32 - 1, as in NumPy.
    """
    if isinstance(seed, bool) or not is_integral(seed):
        raise TypeError("seed must be an int, got %r" % (seed,))
    seed = int(seed)
    if not 0 <= seed <= 0xFFFFFFFF:
        raise ValueError("seed must be between 0 and 2**32 - 1, got %d" % seed)
    return _rng_module.init_genrand(seed)   # the recipe itself lives in tinynet.rng


def numpy_seeded_random(seed: int) -> _rng_module.Random:
    """Return a generator that produces NumPy's numbers for ``seed``.

    The generator is a :class:`tinynet.rng.Random` (the numbers and methods
    of Python's ``random.Random``, in plain Python, so it works where
    ``random.Random`` is missing, e.g. MicroPython).

    After ``numpy.random.seed(seed)``, ``numpy.random.random()`` and
    ``r.random()`` (where ``r = numpy_seeded_random(seed)``) give the same
    sequence of floats, bit for bit.  This works because both libraries use
    the same generator (Mersenne Twister MT19937) and the same way of turning
    two 32-bit outputs ``a``, ``b`` into a float in [0, 1)::

        ((a >> 5) * 67108864 + (b >> 6)) / 9007199254740992     # 53 random bits

    Only the *seeding* differs, so we build NumPy's starting state with
    :func:`init_genrand` and load it with ``setstate``.  The position 624 means
    "the state is used up, regenerate before the next number", which is
    exactly where NumPy starts too.

    Only ``r.random()`` is guaranteed to match NumPy; other methods such as
    ``r.randint`` or ``r.gauss`` use different recipes than NumPy's.

    >>> r = numpy_seeded_random(1)
    >>> r.random()
    0.417022004702574
    """
    rng = _rng_module.Random(0)
    rng.setstate((_rng_module.STATE_VERSION, tuple(init_genrand(seed)) + (_MT_N,), None))
    return rng


# ---------------------------------------------------------------------------
# The activation function
# ---------------------------------------------------------------------------

def _sigmoid_scalar(x):
    # sigmoid(x) = 1 / (1 + e^-x).  For x < 0, e^-x can overflow (x = -1000),
    # so multiply top and bottom by e^x:  e^x / (e^x + 1), with e^x <= 1.
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    e = math.exp(x)
    return e / (1 + e)


def _elementwise(func, x, name):
    """Apply ``func`` to a number, or to every number inside nested lists."""
    if is_real(x):
        return func(float(x))
    if isinstance(x, (str, bytes, dict, set, frozenset)) or not is_iterable(x):
        raise TypeError("%s() expects a number or a list of numbers, got %s %r"
                        % (name, type(x).__name__, x))
    return [_elementwise(func, item, name) for item in x]


def sigmoid(x: object) -> object:
    """The sigmoid (logistic) function ``1 / (1 + e^-x)``, squashing any number into (0, 1).

    ``x`` may be a number (a float is returned) or a list, possibly nested,
    like ``[[0.5], [-2.0]]`` (a list of the same shape is returned).  Large
    inputs are fine: ``sigmoid(1000)`` is 1.0 and ``sigmoid(-1000)`` is 0.0.

    >>> sigmoid(0)
    0.5
    >>> sigmoid([[0], [1000]])
    [[0.5], [1.0]]
    """
    return _elementwise(_sigmoid_scalar, x, "sigmoid")


def sigmoid_derivative(x: object) -> object:
    """The slope of the sigmoid curve, written in terms of the sigmoid's OUTPUT.

    If ``s = sigmoid(z)`` then ``d s / d z = s * (1 - s)``.  As in the
    tutorial, pass the *output* ``s`` (not ``z``): this returns ``x * (1 - x)``.
    It is largest (0.25) at ``x = 0.5`` and close to 0 when the neuron is
    confident (``x`` near 0 or 1), so confident neurons change little.

    Accepts a number or (nested) lists, like :func:`sigmoid`.

    >>> sigmoid_derivative(0.5)
    0.25
    """
    return _elementwise(lambda s: s * (1 - s), x, "sigmoid_derivative")


# ---------------------------------------------------------------------------
# Checking what the user typed
# ---------------------------------------------------------------------------

def _to_float(value, where):
    """Turn one user-supplied value (``1``, ``0.5``, ``"1"``...) into a finite float."""
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise ValueError("%s: %r is not a number (type something like 1, 0 or 0.5)"
                             % (where, value)) from None
    elif is_real(value):
        try:
            number = float(value)
        except OverflowError:
            raise ValueError("%s: a number is too large to use" % where) from None
    elif hasattr(value, "__float__") and not isinstance(value, complex):
        number = float(value)  # e.g. decimal.Decimal or a 0-d NumPy array
    else:
        raise TypeError("%s: expected a number, got %s %r"
                        % (where, type(value).__name__, value))
    if not math.isfinite(number):
        raise ValueError("%s: %r is not allowed (NaN and infinity cannot be learned from)"
                         % (where, value))
    return number


def _is_sequence(x):
    # A list, tuple, range, NumPy array row ... but not text or a dict.
    return is_iterable(x) and not isinstance(x, (str, bytes, dict, set, frozenset))


def _as_samples(inputs, width, what):
    """Return ``(rows, single)``: a list of float rows, and whether one flat sample was given."""
    if not _is_sequence(inputs):
        raise TypeError("%s must be a list of %d numbers (one sample) or a list of such "
                        "lists, got %s %r" % (what, width, type(inputs).__name__, inputs))
    items = list(inputs)
    if not items:
        raise ValueError("%s is empty" % what)
    nested = [_is_sequence(item) for item in items]
    if not any(nested):
        items, single = [items], True
    elif all(nested):
        single = False
    else:
        raise ValueError("%s mixes numbers and lists: give one sample like [1, 0, 0] "
                         "or several like [[1, 0, 0], [0, 1, 1]]" % what)
    rows = []
    for i, item in enumerate(items):
        row = list(item)
        if len(row) != width:
            raise ValueError("%s: each sample needs %d number%s, got %d in %r"
                             % (what, width, "" if width == 1 else "s", len(row), item))
        place = what if single else "%s[%d]" % (what, i)
        rows.append([_to_float(v, place) for v in row])
    return rows, single


def _as_targets(outputs, count, width, what="training_set_outputs"):
    """Return the targets as ``count`` rows of ``width`` floats.

    With one output neuron a flat list ``[0, 1, 1, 0]`` is also accepted.
    """
    if not _is_sequence(outputs):
        raise TypeError("%s must be a list such as [[0], [1], [1], [0]] or [0, 1, 1, 0], "
                        "got %s %r" % (what, type(outputs).__name__, outputs))
    items = list(outputs)
    if items and width == 1 and not any(_is_sequence(item) for item in items):
        items = [[item] for item in items]  # flat list -> column
    if len(items) != count:
        hint = ""
        if len(items) == 1 and count > 1:
            hint = (" (a single row like [[0, 1, 1, 0]] must be turned into a column "
                    "[[0], [1], [1], [0]], what NumPy's .T does, or given flat as [0, 1, 1, 0])")
        raise ValueError("%s has %d rows but there are %d training samples%s"
                         % (what, len(items), count, hint))
    rows, _ = _as_samples(items, width, what)
    return rows


def _check_iterations(n):
    if isinstance(n, bool) or not is_integral(n):
        raise TypeError("number_of_training_iterations must be a whole number (int), got %r"
                        % (n,))
    n = int(n)
    if n < 0:
        raise ValueError("number_of_training_iterations must be 0 or more, got %d" % n)
    return n


def _read_matrix(matrix, what, rows=None, cols=None):
    """Check a weight matrix the user may have assigned; return a fresh list of float rows.

    A flat list such as ``[0.1, 0.2, 0.3]`` is read as a single column.
    """
    if not _is_sequence(matrix):
        raise TypeError("%s must be a list of rows of numbers, got %s %r"
                        % (what, type(matrix).__name__, matrix))
    items = list(matrix)
    if items and cols in (None, 1) and not any(_is_sequence(r) for r in items):
        items = [[v] for v in items]  # flat list -> column
    if not items or not all(_is_sequence(r) for r in items):
        raise ValueError("%s must be a non-empty list of rows, e.g. [[0.1], [0.2], [0.3]]"
                         % what)
    items = [list(r) for r in items]
    if rows is not None and len(items) != rows:
        raise ValueError("%s needs %d rows (one per input of the layer), got %d"
                         % (what, rows, len(items)))
    width = len(items[0]) if cols is None else cols
    result = []
    for i, row in enumerate(items):
        if len(row) != width or width == 0:
            raise ValueError("%s: every row needs %d numbers, row %d is %r"
                             % (what, width, i, row))
        result.append([_to_float(v, "%s[%d]" % (what, i)) for v in row])
    return result


# ---------------------------------------------------------------------------
# Small loops that add up in a fixed order (like NumPy/BLAS for tiny arrays)
# ---------------------------------------------------------------------------

def _dot(a, b):
    # a[0]*b[0] + a[1]*b[1] + ... added strictly left to right.
    total = a[0] * b[0]
    for i in range(1, len(a)):
        total += a[i] * b[i]
    return total


def _matmul(a, b_columns):
    # (rows of a) x (columns of b): entry [i][j] = dot(a[i], column j of b).
    return [[_dot(row, col) for col in b_columns] for row in a]


def _columns(matrix):
    return [list(col) for col in zip(*matrix)]


def format_array(value: object) -> str:
    """Format a list (or list of lists) of floats roughly the way NumPy prints arrays."""
    nested = bool(value) and isinstance(value[0], list)
    rows = value if nested else [value]
    flat = [v for row in rows for v in row]
    small = [abs(v) for v in flat if v != 0]
    if not flat or not all(math.isfinite(v) for v in flat) or (
            small and (max(small) >= 1e8 or min(small) < 1e-4)):
        texts = [repr(v) for v in flat]
    else:
        # NumPy's default: at most 8 decimals, trailing zeros dropped, columns aligned.
        parts = [("%.8f" % v).rstrip("0").split(".") for v in flat]
        left = max(len(p[0]) for p in parts)
        right = max(len(p[1]) for p in parts)
        texts = [p[0].rjust(left) + "." + p[1].ljust(right) for p in parts]
    it = iter(texts)
    lines = ["[" + " ".join(next(it) for _ in row) + "]" for row in rows]
    if not nested:
        return lines[0]
    return "[" + "\n ".join(lines) + "]"


# ---------------------------------------------------------------------------
# Tutorial 1: a single neuron
# ---------------------------------------------------------------------------

class NeuralNetwork:
    """A single neuron with 3 inputs and no bias: the first tutorial's network.

    ``synaptic_weights`` is a list of 3 lists of 1 float (NumPy's (3, 1) column),
    e.g. ``[[-0.166], [0.441], [-1.0]]``; you can read it or assign your own.
    With ``seed=1`` the starting weights equal the NumPy tutorial's
    (``random.seed(1); 2 * random.random((3, 1)) - 1``).  Pass another int
    for other (NumPy-identical) weights, or ``seed=None`` for unseeded ones.

    >>> nn = NeuralNetwork()
    >>> nn.synaptic_weights
    [[-0.165955990594852], [0.4406489868843162], [-0.9997712503653102]]
    """

    sigmoid = staticmethod(sigmoid)
    sigmoid_derivative = staticmethod(sigmoid_derivative)

    def __init__(self, seed: "int | None" = 1) -> None:
        rng = _rng_module.Random() if seed is None else numpy_seeded_random(seed)
        # Weights uniform in [-1, 1): 2 * (uniform in [0, 1)) - 1, one per input.
        self.synaptic_weights = [[2 * rng.random() - 1] for _ in range(3)]

    def _weights(self):
        return [row[0] for row in _read_matrix(self.synaptic_weights, "synaptic_weights",
                                               cols=1)]

    def train(self, training_set_inputs: "Sequence[Sequence[float]]",
              training_set_outputs: "Sequence[Sequence[float]]",
              number_of_training_iterations: int) -> None:
        """Adjust ``synaptic_weights`` by trial and error, exactly like the tutorial.

        Each iteration, for all samples at once:

        * ``output = think(inputs)``                 (what the neuron guesses now)
        * ``error = outputs - output``               (how wrong each guess is)
        * ``adjustment = inputs^T . (error * output * (1 - output))``
        * ``synaptic_weights += adjustment``         (learning rate 1, no bias)

        The ``output * (1 - output)`` factor is the sigmoid's slope: confident
        guesses are changed less.  Summing ``input * error * slope`` over the
        samples is gradient descent on the squared error.

        ``training_set_inputs`` is a list of samples such as
        ``[[0, 0, 1], [1, 1, 1], ...]``; ``training_set_outputs`` is a column
        ``[[0], [1], ...]`` or a flat list ``[0, 1, ...]``.
        """
        iterations = _check_iterations(number_of_training_iterations)
        weights = self._weights()
        n_in = len(weights)
        inputs, _ = _as_samples(training_set_inputs, n_in, "training_set_inputs")
        targets = [row[0] for row in _as_targets(training_set_outputs, len(inputs), 1)]
        columns = _columns(inputs)  # inputs^T: one list per input position
        sig = _sigmoid_scalar
        for _ in range(iterations):
            output = [sig(_dot(x, weights)) for x in inputs]
            # error * sigmoid'(output), computed as NumPy does: e * (o * (1 - o))
            delta = [(t - o) * (o * (1 - o)) for t, o in zip(targets, output)]
            for k in range(n_in):
                weights[k] += _dot(columns[k], delta)
        self.synaptic_weights = [[w] for w in weights]

    def think(self, inputs: "Sequence") -> list:
        """Pass inputs through the neuron: ``sigmoid(inputs . synaptic_weights)``.

        ``inputs`` is one sample like ``[1, 0, 0]`` (returns a list of one
        float, like NumPy's shape-(1,) result) or a list of samples (returns
        one ``[float]`` row per sample).  Typed text such as ``["1", "0", "0"]``
        is converted with ``float()``; anything that is not a finite number
        raises a ``ValueError`` or ``TypeError`` explaining what is wrong.
        """
        weights = self._weights()
        rows, single = _as_samples(inputs, len(weights), "inputs")
        result = [[_sigmoid_scalar(_dot(x, weights))] for x in rows]
        return result[0] if single else result


def run_tutorial(iterations: int = 15000, out: object = print) -> "NeuralNetwork":
    """Run the first tutorial and print what the NumPy program prints.

    Prints the random starting weights, trains on the four examples for
    ``iterations`` rounds (the original article uses 10000; a popular variant
    15000), prints the new weights and the guess for ``[1, 0, 0]``.  ``out``
    receives each line (default ``print``).  Returns the trained network.
    """
    neural_network = NeuralNetwork(seed=1)
    out("Random starting synaptic weights: ")
    out(format_array(neural_network.synaptic_weights))
    neural_network.train(TUTORIAL_INPUTS, TUTORIAL_OUTPUTS, iterations)
    out("New synaptic weights after training: ")
    out(format_array(neural_network.synaptic_weights))
    out("Considering new situation [1, 0, 0] -> ?: ")
    out(format_array(neural_network.think([1, 0, 0])))
    return neural_network


# ---------------------------------------------------------------------------
# Tutorial 2: two layers (3 inputs -> 4 hidden neurons -> 1 output)
# ---------------------------------------------------------------------------

class NeuronLayer:
    """A layer of neurons: ``synaptic_weights`` has one row per input and one column per neuron.

    ``NeuronLayer(4, 3)`` is 4 neurons with 3 inputs each, weights a list of
    3 lists of 4 floats drawn as ``2 * rng.random() - 1`` row by row (NumPy's
    ``2 * random.random((3, 4)) - 1``).  ``rng`` is the random generator to
    draw from; share one ``numpy_seeded_random(1)`` between layers to get the
    tutorial's weights.  Without ``rng`` Python's global ``random`` is used.
    """

    def __init__(self, number_of_neurons: int, number_of_inputs_per_neuron: int,
                 rng: object = None) -> None:
        rng = random if rng is None else rng
        self.synaptic_weights = [[2 * rng.random() - 1 for _ in range(number_of_neurons)]
                                 for _ in range(number_of_inputs_per_neuron)]


class TwoLayerNeuralNetwork:
    """The follow-up tutorial's network: inputs -> layer1 -> layer2, sigmoid everywhere, no biases.

    By default: layer1 has 4 neurons with 3 inputs each, layer2 has 1 neuron
    with 4 inputs, and the weights equal the NumPy tutorial's after
    ``random.seed(seed)``.  You may pass your own ``NeuronLayer`` objects
    instead (their ``synaptic_weights`` are read and updated).

    A hidden layer lets the network learn patterns a single neuron cannot,
    such as "output 1 when exactly one of the first two inputs is 1" (XOR).
    """

    sigmoid = staticmethod(sigmoid)
    sigmoid_derivative = staticmethod(sigmoid_derivative)

    def __init__(self, layer1: "NeuronLayer | None" = None, layer2: "NeuronLayer | None" = None,
                 seed: "int | None" = 1) -> None:
        if (layer1 is None) != (layer2 is None):
            raise ValueError("give both layer1 and layer2, or neither")
        if layer1 is None:
            rng = _rng_module.Random() if seed is None else numpy_seeded_random(seed)
            layer1 = NeuronLayer(4, 3, rng)  # drawn first, as in the tutorial
            layer2 = NeuronLayer(1, 4, rng)
        self.layer1 = layer1
        self.layer2 = layer2

    def _weights(self):
        w1 = _read_matrix(self.layer1.synaptic_weights, "layer1.synaptic_weights")
        w2 = _read_matrix(self.layer2.synaptic_weights, "layer2.synaptic_weights",
                          rows=len(w1[0]))  # one row per layer1 neuron
        return w1, w2

    def train(self, training_set_inputs: "Sequence[Sequence[float]]",
              training_set_outputs: "Sequence[Sequence[float]]",
              number_of_training_iterations: int) -> None:
        """Train both layers with backpropagation, exactly like the follow-up tutorial.

        Each iteration, for all samples at once (``.`` is a matrix product):

        * ``out1, out2 = think(inputs)``
        * ``layer2_delta = (outputs - out2) * out2 * (1 - out2)``
        * ``layer1_error = layer2_delta . W2^T``  (blame passed back through W2)
        * ``layer1_delta = layer1_error * out1 * (1 - out1)``
        * ``W1 += inputs^T . layer1_delta`` and ``W2 += out1^T . layer2_delta``
        """
        iterations = _check_iterations(number_of_training_iterations)
        w1, w2 = self._weights()
        n_in, n_hidden, n_out = len(w1), len(w2), len(w2[0])
        inputs, _ = _as_samples(training_set_inputs, n_in, "training_set_inputs")
        targets = _as_targets(training_set_outputs, len(inputs), n_out)
        inputs_t = _columns(inputs)  # inputs^T
        sig = _sigmoid_scalar
        h_range, o_range, i_range = range(n_hidden), range(n_out), range(n_in)
        for _ in range(iterations):
            # Forward pass (think): columns of W are the weights of one neuron.
            w1_cols, w2_cols = _columns(w1), _columns(w2)
            out1 = [[sig(_dot(x, c)) for c in w1_cols] for x in inputs]
            out2 = [[sig(_dot(h, c)) for c in w2_cols] for h in out1]
            # layer2_error * sigmoid'(out2)
            delta2 = [[(t[j] - o[j]) * (o[j] * (1 - o[j])) for j in o_range]
                      for t, o in zip(targets, out2)]
            # layer1_error = delta2 . W2^T, then * sigmoid'(out1)
            delta1 = []
            for d, h in zip(delta2, out1):
                err = [_dot(d, w2[k]) for k in h_range]
                delta1.append([err[k] * (h[k] * (1 - h[k])) for k in h_range])
            # Adjustments (computed from the old weights, then both applied).
            d1_cols, d2_cols, out1_t = _columns(delta1), _columns(delta2), _columns(out1)
            adj1 = [[_dot(inputs_t[i], d1_cols[k]) for k in h_range] for i in i_range]
            adj2 = [[_dot(out1_t[k], d2_cols[j]) for j in o_range] for k in h_range]
            for row, adj in zip(w1, adj1):
                for k in h_range:
                    row[k] += adj[k]
            for row, adj in zip(w2, adj2):
                for j in o_range:
                    row[j] += adj[j]
        self.layer1.synaptic_weights = w1
        self.layer2.synaptic_weights = w2

    def think(self, inputs: "Sequence") -> "tuple[list, list]":
        """Return ``(output_from_layer1, output_from_layer2)`` for the inputs.

        For one sample like ``[1, 1, 0]`` these are flat lists (4 hidden
        values and 1 output, like NumPy's shapes (4,) and (1,)); for a list of
        samples they are lists of rows.  Inputs are checked as in
        :meth:`NeuralNetwork.think`.
        """
        w1, w2 = self._weights()
        rows, single = _as_samples(inputs, len(w1), "inputs")
        out1 = [[_sigmoid_scalar(v) for v in r] for r in _matmul(rows, _columns(w1))]
        out2 = [[_sigmoid_scalar(v) for v in r] for r in _matmul(out1, _columns(w2))]
        return (out1[0], out2[0]) if single else (out1, out2)

    def predict(self, inputs: "Sequence") -> list:
        """Just the network's answer: the second value returned by :meth:`think`."""
        return self.think(inputs)[1]

    def print_weights(self, out: "Callable[[str], object]" = print) -> None:
        """Print both layers' weights like the tutorial's ``print_weights``."""
        n_in, n_hidden = len(self.layer1.synaptic_weights), len(self.layer2.synaptic_weights)
        out("    Layer 1 (%d neurons, each with %d inputs): " % (n_hidden, n_in))
        out(format_array(self.layer1.synaptic_weights))
        out("    Layer 2 (1 neuron, with %d inputs):" % n_hidden)
        out(format_array(self.layer2.synaptic_weights))


def run_follow_up(iterations: int = 60000, out: object = print) -> "TwoLayerNeuralNetwork":
    """Run the two-layer follow-up tutorial and print what the NumPy program prints.

    Trains the 3-4-1 network on the seven XOR-style examples for 60000
    iterations (a few seconds in pure Python) and prints the guess for the
    new situation ``[1, 1, 0]`` (about 0.0078876).  Returns the network.
    """
    neural_network = TwoLayerNeuralNetwork(seed=1)
    out("Stage 1) Random starting synaptic weights: ")
    neural_network.print_weights(out)
    neural_network.train(FOLLOW_UP_INPUTS, FOLLOW_UP_OUTPUTS, iterations)
    out("Stage 2) New synaptic weights after training: ")
    neural_network.print_weights(out)
    out("Stage 3) Considering a new situation [1, 1, 0] -> ?: ")
    hidden_state, output = neural_network.think([1, 1, 0])
    out(format_array(output))
    return neural_network


def main(argv: "list[str] | None" = None) -> None:
    """Command line: ``python -m tinynet.classic [--follow-up] [--iterations N]``."""
    import argparse

    parser = argparse.ArgumentParser(description="The classic simple neural network tutorials.")
    parser.add_argument("--follow-up", action="store_true",
                        help="run the two-layer (3-4-1) follow-up tutorial")
    parser.add_argument("--iterations", type=int, default=None,
                        help="training iterations (default 15000, or 60000 with --follow-up)")
    args = parser.parse_args(argv)
    if args.follow_up:
        run_follow_up(60000 if args.iterations is None else args.iterations)
    else:
        run_tutorial(15000 if args.iterations is None else args.iterations)


if __name__ == "__main__":
    main()
