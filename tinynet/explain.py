"""Explain one training step in words, number by number.

For a tiny network, :func:`explain_step` walks through what gradient descent
does with one example, in the spirit of the tutorial's in-depth explanation:

1. forward: each neuron's weighted sum and its activation;
2. the loss: how wrong the output is;
3. backward: each neuron's error term (delta), from the output back;
4. the adjustments: how every weight and bias changes.

The numbers come from the reference backend, so they are exactly the ones
``fit`` would use for that step with plain gradient descent.
"""

import array

from .activations import BY_NAME as _ACTIVATIONS
from .backends import python as reference
from .inputs import training_arrays

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

__all__ = ["explain_step"]


def _slope_text(activation: str) -> str:
    """The derivative of ``activation`` in words (from ``activations.TABLE``)."""
    return _ACTIVATIONS[activation].slope_text


MAX_NEURONS = 8


def _f(v):
    return "%.4f" % v


def explain_step(net: object, x: "list[float]", y: object, learning_rate: float = 0.1,
                 apply: bool = False) -> str:
    """Return a plain-words account of one gradient-descent step on sample ``x``.

    ``net`` is a tinynet ``Network``; ``y`` is the sample's target (a number, a class label or a row). With
    ``apply=True`` the weights are really updated, as one step of ``fit``
    with full-batch SGD would. Only for tiny networks (at most 8 neurons in
    a layer).
    """
    _check(net, learning_rate)
    n, flat_x, flat_y = training_arrays([x], [y], net.n_inputs, net.n_outputs, net.loss)
    layout = net.layout()
    params = net.parameters_flat()
    # the reference loop's full-batch step on this one sample: loss, gradient,
    # each layer's outputs and error terms (one-row matrices)
    loss_sum, grads, traced, traced_deltas = reference.trace(layout, params, flat_x, flat_y, 1)
    outputs = [A.rows[0] for A in traced]
    deltas = [D.rows[0] for D in traced_deltas]
    lines = []
    say = lines.append

    say("ONE TRAINING STEP on input %s with target %s (learning rate %g)"
        % ([float(v) for v in flat_x], list(flat_y), learning_rate))
    say("")
    _say_forward(say, net, params, outputs)
    say("")
    say("2. Loss (%s): the network said %s, the target is %s, so the loss is %s."
        % (net.loss, [round(v, 4) for v in outputs[-1]], list(flat_y), _f(loss_sum)))
    say("")
    _say_backward(say, net, deltas)
    say("")
    new = _say_adjustments(say, net, layout.offsets, params, grads, outputs, deltas, learning_rate)
    if apply:
        net.set_parameters_flat(new)
        say("")
        say("The new weights are now in the network.")
    return "\n".join(lines)


def _check(net: object, learning_rate: object) -> None:
    """Fail unless ``net`` is tiny and ``learning_rate`` a positive number."""
    net.check()
    for layer in net.layers:
        if layer.n_in > MAX_NEURONS or layer.n_out > MAX_NEURONS:
            raise ValueError("explain is for tiny networks (at most %d neurons per layer)" % MAX_NEURONS)
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float)) or not learning_rate > 0:
        raise ValueError("learning_rate must be a positive number, not %r" % (learning_rate,))


def _say_forward(say: "Callable[[str], None]", net: object, params: object, outputs: list) -> None:
    """Step 1: every neuron's weighted sum, written out, and its activation."""
    say("1. Forward pass: each neuron adds up inputs x weights, plus its bias, then activates.")
    at = 0
    for i, layer in enumerate(net.layers):
        a_in = outputs[i]
        n_w = layer.n_in * layer.n_out
        for j in range(layer.n_out):
            terms = " + ".join("%s*%s" % (_f(a_in[k]), _f(params[at + k * layer.n_out + j]))
                               for k in range(layer.n_in))
            z = 0.0
            for k in range(layer.n_in):
                z += a_in[k] * params[at + k * layer.n_out + j]
            z += params[at + n_w + j]
            say("   layer %d neuron %d: z = %s + bias %s = %s;  %s(z) = %s"
                % (i, j, terms, _f(params[at + n_w + j]), _f(z), layer.activation, _f(outputs[i + 1][j])))
        at += n_w + layer.n_out


def _say_backward(say: "Callable[[str], None]", net: object, deltas: list) -> None:
    """Step 3: the output's error term, then every neuron's delta from the output back."""
    say("3. Backward pass: each neuron's delta = how much the loss changes when its z changes.")
    last = net.layers[-1]
    if net.loss == "mse" and last.activation != "softmax":
        say("   output: delta = 2 * (output - target) / %d * slope, slope = %s"
            % (net.n_outputs, _slope_text(last.activation)))
    elif net.loss == "mse":
        say("   output: delta = softmax's Jacobian times 2 * (output - target) / %d" % net.n_outputs)
    else:
        say("   output: with %s after %s the slope cancels: delta = output - target"
            % (net.loss, last.activation))
    for i in range(len(net.layers) - 1, -1, -1):  # from the output back, as the error flows
        layer = net.layers[i]
        for j in range(layer.n_out):
            how = "" if i == len(net.layers) - 1 else (
                "  (sum of next layer's deltas x connecting weights, times slope %s)"
                % _slope_text(layer.activation))
            say("   layer %d neuron %d: delta = %s%s" % (i, j, _f(deltas[i][j]), how))


def _say_adjustments(say: "Callable[[str], None]", net: object, offsets: list, params: object,
                     grads: object, outputs: list, deltas: list, learning_rate: float) -> "array.array":
    """Step 4: every weight's and bias's change; returns the new parameters."""
    say("4. Adjustments: each weight moves by -learning_rate * (its input) * (its neuron's delta).")
    new = array.array("d", params)
    for i, layer in enumerate(net.layers):
        at = offsets[i]
        n_w = layer.n_in * layer.n_out
        for k in range(layer.n_in):
            for j in range(layer.n_out):
                idx = at + k * layer.n_out + j
                new[idx] = params[idx] - learning_rate * grads[idx]
                say("   layer %d weight[%d][%d]: %s - %g * %s * %s = %s"
                    % (i, k, j, _f(params[idx]), learning_rate, _f(outputs[i][k]), _f(deltas[i][j]),
                       _f(new[idx])))
        for j in range(layer.n_out):
            idx = at + n_w + j
            new[idx] = params[idx] - learning_rate * grads[idx]
            say("   layer %d bias[%d]: %s - %g * %s = %s"
                % (i, j, _f(params[idx]), learning_rate, _f(deltas[i][j]), _f(new[idx])))
    return new
