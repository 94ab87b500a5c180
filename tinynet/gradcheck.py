"""Gradient checking: is backpropagation right? Ask the slope itself.

Backpropagation computes dLoss/dw for every weight at once with the chain
rule. A slow but simple way to get the same number is to nudge one weight a
tiny step eps up and down and watch the loss:

    dLoss/dw  ~  (Loss(w + eps) - Loss(w - eps)) / (2 eps)

If the two agree (relative error around 1e-7 or less), the gradient code is
right. ReLU's kink at 0 can make single entries disagree; that is expected.
"""

import array

from .backends import python as reference
from .inputs import training_arrays

__all__ = ["gradient_check"]


def _describe(net, index):
    """'layer 1 weights[2][0]' for a position in the flat parameter array."""
    at = 0
    for i, layer in enumerate(net.layers):
        n_w = layer.n_in * layer.n_out
        if index < at + n_w:
            k, j = divmod(index - at, layer.n_out)
            return "layer %d weights[%d][%d]" % (i, k, j)
        if index < at + n_w + layer.n_out:
            return "layer %d bias[%d]" % (i, index - at - n_w)
        at += n_w + layer.n_out
    raise IndexError(index)


def gradient_check(net: object, X: object, y: object, epsilon: float = 1e-6) -> dict:
    """Compare backpropagation with finite differences on every parameter.

    Returns a dict with ``max_relative_error`` (the largest
    |backprop - numerical| / max(|backprop|, |numerical|, 1e-8)), the
    ``parameter`` where it happens, both values there, and ``checked`` (how
    many parameters were compared). The network is not changed.
    """
    if not isinstance(epsilon, float) or not 0.0 < epsilon < 1.0:
        raise ValueError("epsilon must be a small positive float, e.g. 1e-6; got %r" % (epsilon,))
    net.check()
    n, flat_x, flat_y = training_arrays(X, y, net.n_inputs, net.n_outputs, net.loss)
    layout = net.layout()
    params = net.parameters_flat()
    _, grads = reference.gradients(layout, params, flat_x, flat_y, n)

    def mean_loss(p):
        total, _ = reference.evaluate(layout, p, flat_x, flat_y, n, 0)
        return total / n

    worst = {"max_relative_error": 0.0, "parameter": None, "backprop": None, "numerical": None}
    for i in range(len(params)):
        nudged = array.array("d", params)
        nudged[i] = params[i] + epsilon
        up = mean_loss(nudged)
        nudged[i] = params[i] - epsilon
        down = mean_loss(nudged)
        numerical = (up - down) / (2.0 * epsilon)
        error = abs(grads[i] - numerical) / max(abs(grads[i]), abs(numerical), 1e-8)
        if worst["parameter"] is None or error > worst["max_relative_error"]:
            worst = {"max_relative_error": error, "parameter": _describe(net, i),
                     "backprop": grads[i], "numerical": numerical}
    worst["checked"] = len(params)
    return worst
