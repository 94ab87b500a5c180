"""Activation functions: what a neuron does with its weighted sum.

A neuron adds up its inputs times its weights, plus a bias, giving a number z.
The activation function turns z into the neuron's output a = f(z). Without a
non-linear f, any stack of layers would collapse into one straight-line model.

Each activation here comes with its derivative, written in terms of the
*output* a (that is what backpropagation has at hand):

    name         f(z)                          f'(z) written with a = f(z)
    linear       z                             1
    sigmoid      1 / (1 + e^-z)                a * (1 - a)
    tanh         tanh(z)                       1 - a^2
    relu         max(0, z)                     1 if a > 0 else 0
    leaky_relu   z if z > 0 else 0.01 z        1 if a > 0 else 0.01
    softmax      e^z_i / sum_j e^z_j  (a row)  see softmax_backward

The scalar functions take and return one float; ``apply`` maps a whole row.
"""

import math

__all__ = [
    "ACTIVATIONS",
    "LEAKY_SLOPE",
    "linear",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "softmax",
    "derivative",
    "apply",
    "softmax_backward",
    "check_activation",
]

#: Every activation name tinynet knows, in the order of the backends' codes.
ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax")

#: Slope of leaky ReLU below zero (PyTorch's default).
LEAKY_SLOPE = 0.01


def linear(z):
    """Identity: the output is the weighted sum itself (used for regression)."""
    return z


def sigmoid(z):
    """The logistic function 1 / (1 + e^-z), squashing any number into (0, 1).

    Written in a stable form: for very negative z, e^-z would overflow, so we
    use the equal expression e^z / (1 + e^z) there instead.
    """
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def tanh(z):
    """Hyperbolic tangent: like sigmoid but centred on zero, output in (-1, 1)."""
    return math.tanh(z)


def relu(z):
    """Rectified linear unit: z when positive, else 0."""
    return z if z > 0.0 else 0.0


def leaky_relu(z):
    """Leaky ReLU: z when positive, else 0.01 * z (a small slope keeps learning alive)."""
    return z if z > 0.0 else LEAKY_SLOPE * z


_SCALAR = {
    "linear": linear,
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "leaky_relu": leaky_relu,
}


def softmax(row):
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
    exps = [math.exp(v - m) for v in row]
    total = 0.0
    for e in exps:
        total += e
    return [e / total for e in exps]


def check_activation(name):
    """Return ``name`` if it is a known activation, else raise a clear error."""
    if not isinstance(name, str):
        raise TypeError("activation must be a string such as 'sigmoid', not %r" % (name,))
    if name not in ACTIVATIONS:
        raise ValueError(
            "unknown activation %r; choose one of: %s" % (name, ", ".join(ACTIVATIONS))
        )
    return name


def derivative(name, a):
    """Slope f'(z) of activation ``name`` at the point whose *output* is ``a``.

    Softmax has no single slope (each output depends on every input); use
    :func:`softmax_backward` for it.
    """
    if name == "sigmoid":
        return a * (1.0 - a)
    if name == "tanh":
        return 1.0 - a * a
    if name == "relu":
        return 1.0 if a > 0.0 else 0.0
    if name == "leaky_relu":
        return 1.0 if a > 0.0 else LEAKY_SLOPE
    if name == "linear":
        return 1.0
    if name == "softmax":
        raise ValueError("softmax has no element-wise derivative; use softmax_backward")
    return check_activation(name)  # raises for unknown names


def apply(name, row):
    """Apply activation ``name`` to a row of weighted sums; returns a new list."""
    if name == "softmax":
        return softmax(row)
    f = _SCALAR.get(check_activation(name))
    return [f(float(z)) for z in row]


def softmax_backward(probs, grad):
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
