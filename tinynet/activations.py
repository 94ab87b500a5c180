"""Activation functions: what a neuron does with its weighted sum.

A neuron adds up its inputs times its weights, plus a bias, giving a number z.
The activation function turns z into the neuron's output a = f(z). Without a
non-linear f, any stack of layers would collapse into one straight-line model.

Each activation is one record in :data:`TABLE`: its function, its derivative
written in terms of the *output* a (that is what backpropagation has at hand),
the words ``explain`` prints for that derivative, and the weight
initialisation that suits it:

    name         f(z)                          f'(z) written with a = f(z)
    linear       z                             1
    sigmoid      1 / (1 + e^-z)                a * (1 - a)
    tanh         tanh(z)                       1 - a^2
    relu         max(0, z)                     1 if a > 0 else 0
    leaky_relu   z if z > 0 else 0.01 z        1 if a > 0 else 0.01
    softmax      e^z_i / sum_j e^z_j  (a row)  see softmax_backward
    softplus     log(1 + e^z)                  1 - e^-a

Everything else (both training loops, explain, gradcheck, saving, the
command line, the benchmark and the tests) reads this table; the compiled
loop's integer codes are the records' positions (``tinynet.backends.codes``).
The scalar functions take and return one float; ``apply`` maps a whole row.
Their exp, log1p, expm1 and tanh are tinynet's own (``tinynet.elementary``),
so they give the same bits on every platform.
"""

from . import elementary
from ._compat import did_you_mean

TYPE_CHECKING = False
if TYPE_CHECKING:  # only for type checkers
    from typing import Callable

__all__ = [
    "ACTIVATIONS",
    "TABLE",
    "BY_NAME",
    "Activation",
    "LEAKY_SLOPE",
    "linear",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "softplus",
    "softmax",
    "derivative",
    "apply",
    "softmax_backward",
    "check_activation",
]

#: Slope of leaky ReLU below zero (PyTorch's default).
LEAKY_SLOPE = 0.01


# ------------------------------------------------------------ the functions


def linear(z: float) -> float:
    """Identity: the output is the weighted sum itself (used for regression)."""
    return z


def sigmoid(z: float) -> float:
    """The logistic function 1 / (1 + e^-z), squashing any number into (0, 1).

    Written in a stable form: for very negative z, e^-z would overflow, so we
    use the equal expression e^z / (1 + e^z) there instead.
    """
    if z >= 0.0:
        return 1.0 / (1.0 + elementary.exp(-z))
    e = elementary.exp(z)
    return e / (1.0 + e)


def tanh(z: float) -> float:
    """Hyperbolic tangent: like sigmoid but centred on zero, output in (-1, 1)."""
    return elementary.tanh(z)


def relu(z: float) -> float:
    """Rectified linear unit: z when positive, else 0."""
    return z if z > 0.0 else 0.0


def leaky_relu(z: float) -> float:
    """Leaky ReLU: z when positive, else 0.01 * z (a small slope keeps learning alive)."""
    return z if z > 0.0 else LEAKY_SLOPE * z


def softplus(z: float) -> float:
    """Softplus log(1 + e^z): a smooth ReLU, always positive.

    Written as log1p(e^-|z|) + max(z, 0), which is the same number but never
    overflows (e^-|z| <= 1) and keeps its precision for very negative z.
    """
    return elementary.log1p(elementary.exp(-abs(z))) + (z if z > 0.0 else 0.0)


def softmax(row: "list[float]") -> "list[float]":
    """Turn a row of scores into probabilities that add up to 1.

    softmax(z)_i = e^(z_i - m) / sum_j e^(z_j - m), with m = max(z). Subtracting
    the largest score changes nothing mathematically but keeps e^... <= 1, so it
    can never overflow.
    """
    row = [float(v) for v in row]
    if not row:
        raise ValueError("softmax needs at least one value")
    m = row[0]
    for v in row:
        if v > m:
            m = v
    exps = [elementary.exp(v - m) for v in row]
    total = 0.0
    for e in exps:
        total += e
    return [e / total for e in exps]


# ------------------------------------- the derivatives, written with a = f(z)


def _linear_slope(a: float) -> float:
    return 1.0


def _sigmoid_slope(a: float) -> float:
    return a * (1.0 - a)


def _tanh_slope(a: float) -> float:
    return 1.0 - a * a


def _relu_slope(a: float) -> float:
    return 1.0 if a > 0.0 else 0.0


def _leaky_relu_slope(a: float) -> float:
    return 1.0 if a > 0.0 else LEAKY_SLOPE


def _softplus_slope(a: float) -> float:
    # f'(z) = sigmoid(z) = 1 - e^-a; -expm1(-a) is that, accurate for tiny a
    return -elementary.expm1(-a)


# ------------- the same pairs (f, slope) on whole NumPy arrays, for the peers
# Used only by the benchmark's NumPy peer (tinynet.bench): ``np`` is the numpy
# module, passed in, so tinynet itself never imports NumPy. Not bit-identical
# to tinynet's own functions (NumPy uses the platform's exp, log and tanh).


def _linear_numpy(np: object) -> tuple:
    return (lambda z: z, lambda a: 1.0)


def _sigmoid_numpy(np: object) -> tuple:
    return (lambda z: 1.0 / (1.0 + np.exp(-z)), lambda a: a * (1.0 - a))


def _tanh_numpy(np: object) -> tuple:
    return (np.tanh, lambda a: 1.0 - a * a)


def _relu_numpy(np: object) -> tuple:
    return (lambda z: np.maximum(z, 0.0), lambda a: (a > 0.0).astype(float))


def _leaky_relu_numpy(np: object) -> tuple:
    return (lambda z: np.where(z > 0.0, z, LEAKY_SLOPE * z), lambda a: np.where(a > 0.0, 1.0, LEAKY_SLOPE))


def _softmax_numpy(np: object) -> tuple:
    def rows(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))  # each row, its largest score subtracted
        return e / e.sum(axis=1, keepdims=True)
    return (rows, None)


def _softplus_numpy(np: object) -> tuple:
    return (lambda z: np.log1p(np.exp(-np.abs(z))) + np.maximum(z, 0.0), lambda a: -np.expm1(-a))


# ------------------------------------------------------------------ the table


class Activation:
    """One activation: everything tinynet needs to know about it.

    * ``name``: what ``Dense(..., activation=name)`` and saved models say;
    * ``function``: f(z) for one float (for softmax: a whole row);
    * ``slope``: f'(z) written with the output a = f(z), or ``None`` when the
      activation has no element-wise slope (softmax);
    * ``slope_text``: that derivative in words, for ``explain``;
    * ``init``: the default weight initialisation of a layer using it;
    * ``row_wise``: True when f needs the whole row (softmax);
    * ``torch``: the name of PyTorch's module class that computes it (``None``:
      no module), for :mod:`tinynet.interop` and the benchmark's PyTorch peer;
    * ``numpy``: given the numpy module, the pair (f, slope) on whole arrays,
      for the benchmark's NumPy peer.
    """

    __slots__ = ("name", "function", "slope", "slope_text", "init", "row_wise", "torch", "numpy")

    def __init__(self, name: str, function: "Callable",
                 slope: "Callable", slope_text: str, init: str,
                 row_wise: bool = False, torch: "str | None" = None,
                 numpy: "Callable | None" = None) -> None:
        self.name = name
        self.function = function
        self.slope = slope
        self.slope_text = slope_text
        self.init = init
        self.row_wise = row_wise
        self.torch = torch
        self.numpy = numpy

    def __repr__(self) -> str:
        return "Activation(%r)" % self.name


#: Every activation, in the order of the compiled loop's codes (append new
#: ones at the end: saved codes and the .pyx's branches keep their numbers).
TABLE = (
    Activation("linear", linear, _linear_slope, "1", "xavier", numpy=_linear_numpy),
    Activation("sigmoid", sigmoid, _sigmoid_slope, "output * (1 - output)", "xavier",
               torch="Sigmoid", numpy=_sigmoid_numpy),
    Activation("tanh", tanh, _tanh_slope, "1 - output^2", "xavier", torch="Tanh", numpy=_tanh_numpy),
    Activation("relu", relu, _relu_slope, "1 if output > 0 else 0", "he", torch="ReLU", numpy=_relu_numpy),
    Activation("leaky_relu", leaky_relu, _leaky_relu_slope, "1 if output > 0 else 0.01", "he",
               torch="LeakyReLU", numpy=_leaky_relu_numpy),
    Activation("softmax", softmax, None, "softmax's Jacobian", "xavier", row_wise=True,
               torch="Softmax", numpy=_softmax_numpy),
    Activation("softplus", softplus, _softplus_slope, "1 - e^-output", "he", torch="Softplus",
               numpy=_softplus_numpy),
)

#: name -> record.
BY_NAME = {record.name: record for record in TABLE}

#: Every activation name tinynet knows, in the order of the backends' codes.
ACTIVATIONS = tuple(record.name for record in TABLE)


def check_activation(name: str) -> str:
    """Return ``name`` if it is a known activation, else raise a clear error."""
    if not isinstance(name, str):
        raise TypeError("activation must be a string such as 'sigmoid', not %r" % (name,))
    if name not in BY_NAME:
        raise ValueError(
            "unknown activation %r%s; choose one of: %s"
            % (name, did_you_mean(name, ACTIVATIONS), ", ".join(ACTIVATIONS))
        )
    return name


def derivative(name: str, a: float) -> float:
    """Slope f'(z) of activation ``name`` at the point whose *output* is ``a``.

    Softmax has no single slope (each output depends on every input); use
    :func:`softmax_backward` for it.
    """
    record = BY_NAME[check_activation(name)]
    if record.slope is None:
        raise ValueError("%s has no element-wise derivative; use softmax_backward" % name)
    return record.slope(a)


def apply(name: str, row: "list[float]") -> "list[float]":
    """Apply activation ``name`` to a row of weighted sums; returns a new list."""
    record = BY_NAME[check_activation(name)]
    if record.row_wise:
        return record.function(row)
    f = record.function
    return [f(float(z)) for z in row]


def softmax_backward(probs: "list[float]", grad: "list[float]") -> "list[float]":
    """Carry a gradient back through softmax.

    Given p = softmax(z) and g = dLoss/dp, returns dLoss/dz, whose i-th entry is
    p_i * (g_i - sum_j g_j p_j)  (the softmax Jacobian times g).
    """
    if len(probs) != len(grad):
        raise ValueError("softmax_backward: %d probabilities but %d gradients" % (len(probs), len(grad)))
    dot = 0.0
    for p, g in zip(probs, grad):
        dot += g * p
    return [p * (g - dot) for p, g in zip(probs, grad)]
