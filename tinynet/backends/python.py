"""The readable training loop: the reference every backend must match bit for bit.

Everything arrives as flat sequences of floats, so a compiled twin
(``_ctrain.pyx``) can take exactly the same arguments:

* ``sizes``: layer widths ``[n0, n1, ..., nL]`` (n0 = number of inputs).
* ``activations``: one code per layer (see ``ACTIVATION_CODES``).
* ``params``: for each layer, its weights ``W[k][j]`` stored at
  ``offset + k * n_out + j`` (row k = input k, the tutorial's orientation),
  then its ``n_out`` biases.  Updated in place.
* ``X``: the inputs, ``n`` rows of ``n0`` floats one after another.
* ``Y``: the targets, ``n`` rows of ``nL`` floats (one-hot rows for
  cross-entropy).

The order of every floating-point operation is part of the specification:
each dot product starts from 0.0 and adds its products left to right, the
bias is added last, and sums over a batch run over the batch's rows in order.
That is why there is no ``sum()`` here (Python 3.12's float ``sum()`` uses
compensated summation, which a plain C loop does not).
"""

import math

from ..activations import LEAKY_SLOPE, sigmoid
from ..losses import safe_log

# Codes shared with the compiled backend.
LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, SOFTMAX = range(6)
MSE, BINARY_CROSSENTROPY, CROSSENTROPY = range(3)
SGD, ADAM = range(2)
NO_ACCURACY, THRESHOLD_ACCURACY, ARGMAX_ACCURACY = range(3)

NAME = "python"


def param_count(sizes):
    """Number of floats in ``params`` for layer widths ``sizes``."""
    count = 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        count += n_in * n_out + n_out
    return count


def _offsets(sizes):
    """Where each layer's weights start in ``params``."""
    offsets = []
    at = 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        offsets.append(at)
        at += n_in * n_out + n_out
    return offsets


# ---------------------------------------------------------------- forward pass


def _activate(code, z, rows, width):
    """Apply the activation in place to ``rows`` rows of ``width`` sums."""
    if code == SOFTMAX:
        for r in range(rows):
            base = r * width
            # subtract the row's largest score so exp() never overflows
            m = z[base]
            for j in range(1, width):
                if z[base + j] > m:
                    m = z[base + j]
            total = 0.0
            for j in range(width):
                e = math.exp(z[base + j] - m)
                z[base + j] = e
                total += e
            for j in range(width):
                z[base + j] = z[base + j] / total
        return
    for i in range(rows * width):
        v = z[i]
        if code == SIGMOID:
            z[i] = sigmoid(v)
        elif code == TANH:
            z[i] = math.tanh(v)
        elif code == RELU:
            z[i] = v if v > 0.0 else 0.0
        elif code == LEAKY_RELU:
            z[i] = v if v > 0.0 else LEAKY_SLOPE * v
        # LINEAR: the output is the sum itself


def _slope(code, a):
    """f'(z) of the activation, written with the output a = f(z)."""
    if code == SIGMOID:
        return a * (1.0 - a)
    if code == TANH:
        return 1.0 - a * a
    if code == RELU:
        return 1.0 if a > 0.0 else 0.0
    if code == LEAKY_RELU:
        return 1.0 if a > 0.0 else LEAKY_SLOPE
    return 1.0  # LINEAR


def _forward(sizes, activations, params, X, rows):
    """Run the samples ``rows`` through the network.

    Returns one flat list per layer: the batch's inputs, then each layer's
    outputs a = f(inputs . W + b).
    """
    n0 = sizes[0]
    a = []
    for r in rows:
        for k in range(n0):
            a.append(X[r * n0 + k])
    outputs = [a]
    offsets = _offsets(sizes)
    count = len(rows)
    for layer in range(len(sizes) - 1):
        n_in, n_out = sizes[layer], sizes[layer + 1]
        w = offsets[layer]
        b = w + n_in * n_out
        z = [0.0] * (count * n_out)
        for r in range(count):
            for j in range(n_out):
                # z = sum_k a_k W_kj, added left to right, then + b_j
                acc = 0.0
                for k in range(n_in):
                    acc += a[r * n_in + k] * params[w + k * n_out + j]
                z[r * n_out + j] = acc + params[b + j]
        _activate(activations[layer], z, count, n_out)
        outputs.append(z)
        a = z
    return outputs


# ------------------------------------------------------- loss and output error


def _score(loss, accuracy, out, Y, rows, width):
    """Add up the batch's per-sample losses and count its correct answers."""
    total = 0.0
    correct = 0
    for i, r in enumerate(rows):
        p = i * width
        t = r * width
        if loss == MSE:
            s = 0.0
            for j in range(width):
                d = Y[t + j] - out[p + j]
                s += d * d
            total += s / width
        elif loss == BINARY_CROSSENTROPY:
            s = 0.0
            for j in range(width):
                y, q = Y[t + j], out[p + j]
                s += -(y * safe_log(q) + (1.0 - y) * safe_log(1.0 - q))
            total += s / width
        else:  # CROSSENTROPY: -sum_j y_j log p_j (just -log p[target] for one-hot y)
            s = 0.0
            for j in range(width):
                if Y[t + j] != 0.0:
                    s += -Y[t + j] * safe_log(out[p + j])
            total += s
        if accuracy == THRESHOLD_ACCURACY:
            ok = True
            for j in range(width):
                if (out[p + j] >= 0.5) != (Y[t + j] >= 0.5):
                    ok = False
            correct += ok
        elif accuracy == ARGMAX_ACCURACY:
            best_p = best_y = 0
            for j in range(1, width):
                if out[p + j] > out[p + best_p]:
                    best_p = j
                if Y[t + j] > Y[t + best_y]:
                    best_y = j
            correct += best_p == best_y
    return total, correct


def _output_error(loss, out_code, out, Y, rows, width):
    """delta = dLoss/dz at the output layer, for the mean loss of this batch."""
    count = len(rows)
    delta = [0.0] * (count * width)
    if loss == MSE:
        coef = 2.0 / (count * width)  # d/dp of mean (y - p)^2 is 2 (p - y) / N
    elif loss == BINARY_CROSSENTROPY:
        coef = 1.0 / (count * width)
    else:
        coef = 1.0 / count
    for i, r in enumerate(rows):
        p = i * width
        t = r * width
        for j in range(width):
            # sigmoid + binary cross-entropy and softmax + cross-entropy both
            # simplify to (p - y) / N; MSE still needs the activation's slope.
            delta[p + j] = (out[p + j] - Y[t + j]) * coef
        if loss != MSE:
            continue
        if out_code == SOFTMAX:
            # softmax Jacobian: dz_j = p_j (g_j - sum_m g_m p_m)
            dot = 0.0
            for j in range(width):
                dot += delta[p + j] * out[p + j]
            for j in range(width):
                delta[p + j] = out[p + j] * (delta[p + j] - dot)
        else:
            for j in range(width):
                delta[p + j] = delta[p + j] * _slope(out_code, out[p + j])
    return delta


# --------------------------------------------------------------- backward pass


def _backward(sizes, activations, params, outputs, delta, grads):
    """Backpropagation: fill ``grads`` (laid out like ``params``) from the output error.

    Returns each layer's error terms (deltas), first layer first.
    """
    offsets = _offsets(sizes)
    count = len(delta) // sizes[-1]
    deltas = [delta]
    for layer in range(len(sizes) - 2, -1, -1):
        n_in, n_out = sizes[layer], sizes[layer + 1]
        w = offsets[layer]
        b = w + n_in * n_out
        a = outputs[layer]
        # dLoss/dW_kj = sum over the batch of input_k * delta_j
        for k in range(n_in):
            for j in range(n_out):
                acc = 0.0
                for r in range(count):
                    acc += a[r * n_in + k] * delta[r * n_out + j]
                grads[w + k * n_out + j] = acc
        # dLoss/db_j = sum over the batch of delta_j
        for j in range(n_out):
            acc = 0.0
            for r in range(count):
                acc += delta[r * n_out + j]
            grads[b + j] = acc
        if layer == 0:
            break
        # the error of the layer below: (W . delta) times that layer's slope
        below = [0.0] * (count * n_in)
        code = activations[layer - 1]
        for r in range(count):
            for k in range(n_in):
                acc = 0.0
                for j in range(n_out):
                    acc += params[w + k * n_out + j] * delta[r * n_out + j]
                below[r * n_in + k] = acc * _slope(code, a[r * n_in + k])
        delta = below
        deltas.insert(0, delta)
    return deltas


def _is_weight(sizes):
    """True for each entry of ``params`` that is a weight, False for a bias."""
    flags = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        flags.extend([True] * (n_in * n_out))
        flags.extend([False] * n_out)
    return flags


# --------------------------------------------------------------------- update


def _update(sizes, params, grads, state1, state2, optimizer, learning_rate,
            momentum, beta1, beta2, epsilon, weight_decay, step):
    """One optimizer step on every parameter (``step`` counts from 1)."""
    weight = _is_weight(sizes)
    if optimizer == ADAM:
        # bias corrections undo the zero start of the running averages
        correction1 = 1.0 - beta1 ** step
        correction2 = math.sqrt(1.0 - beta2 ** step)
    for i in range(len(params)):
        g = grads[i]
        if weight_decay != 0.0 and weight[i]:
            g = g + weight_decay * params[i]  # L2: pulls weights towards 0
        if optimizer == ADAM:
            # running averages of the gradient and of its square
            state1[i] = beta1 * state1[i] + (1.0 - beta1) * g
            state2[i] = beta2 * state2[i] + (1.0 - beta2) * g * g
            denom = math.sqrt(state2[i]) / correction2 + epsilon
            params[i] = params[i] - (learning_rate / correction1) * (state1[i] / denom)
        elif momentum != 0.0:
            # velocity remembers past steps: v = mu v + g; w = w - lr v
            state1[i] = momentum * state1[i] + g
            params[i] = params[i] - learning_rate * state1[i]
        else:
            params[i] = params[i] - learning_rate * g  # plain gradient descent


# ----------------------------------------------------------------- entry points


def train_epoch(sizes, activations, loss, params, state1, state2, X, Y, order,
                batch_size, optimizer, learning_rate, momentum, beta1, beta2,
                epsilon, weight_decay, step, accuracy):
    """One pass over the data in the sample order ``order``.

    For each batch of ``batch_size`` samples (the last may be smaller): forward
    pass, loss, backpropagation, then one optimizer step; ``step`` is the
    number of optimizer steps taken before this epoch.  ``params``,
    ``state1`` and ``state2`` (optimizer memory, same layout as ``params``)
    are updated in place.

    Returns ``(loss_sum, correct, step)``: the per-sample losses added up as
    each batch is seen (before its update), the number of correct answers,
    and the new step count.
    """
    n_out = sizes[-1]
    grads = [0.0] * len(params)
    loss_sum = 0.0
    correct = 0
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        outputs = _forward(sizes, activations, params, X, rows)
        out = outputs[-1]
        batch_loss, batch_correct = _score(loss, accuracy, out, Y, rows, n_out)
        loss_sum += batch_loss
        correct += batch_correct
        delta = _output_error(loss, activations[-1], out, Y, rows, n_out)
        _backward(sizes, activations, params, outputs, delta, grads)
        step += 1
        _update(sizes, params, grads, state1, state2, optimizer, learning_rate,
                momentum, beta1, beta2, epsilon, weight_decay, step)
    return loss_sum, correct, step


def predict(sizes, activations, params, X, n):
    """Outputs for the ``n`` samples in ``X``, as one flat list of n * nL floats."""
    out = []
    for r in range(n):
        out.extend(_forward(sizes, activations, params, X, [r])[-1])
    return out


def evaluate(sizes, activations, loss, params, X, Y, n, accuracy):
    """``(loss_sum, correct)`` over ``n`` samples without changing anything."""
    loss_sum = 0.0
    correct = 0
    for r in range(n):
        out = _forward(sizes, activations, params, X, [r])[-1]
        s, c = _score(loss, accuracy, out, Y, [r], sizes[-1])
        loss_sum += s
        correct += c
    return loss_sum, correct


def gradients(sizes, activations, loss, params, X, Y, n):
    """Backpropagated gradient of the mean loss over ``n`` samples (no update).

    Returns ``(loss_sum, grads)``; ``grads`` is laid out like ``params``.
    """
    rows = list(range(n))
    outputs = _forward(sizes, activations, params, X, rows)
    loss_sum, _ = _score(loss, NO_ACCURACY, outputs[-1], Y, rows, sizes[-1])
    delta = _output_error(loss, activations[-1], outputs[-1], Y, rows, sizes[-1])
    grads = [0.0] * len(params)
    _backward(sizes, activations, params, outputs, delta, grads)
    return loss_sum, grads
