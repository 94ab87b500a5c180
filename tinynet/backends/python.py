"""The readable training loop: the reference every backend must match bit for bit.

A batch of samples is a matrix A with one row per sample.  Training is, in
matrix terms (``tinynet.matrix.Matrix``, the list-of-lists matrix):

    forward, layer by layer:   Z = A @ W + b        A = f(Z)
    loss gradient at the top:  D = dLoss/dZ of the output layer
    backward, layer by layer:  dW = A.T @ D         db = column sums of D
                               D = (D @ W.T) * f'(A)        (the layer below)
    then the optimizer step:   W = W - learning_rate * dW   (or momentum, Adam)

The functions here take the records of ``tinynet.backends.interface``
(``Layout``, ``Batches``, ``Update``) and the flat ``params`` buffer; the
compiled twin ``_ctrain.pyx`` has the same sections, the same function names
and the same order of floating-point operations (stated once, in
``interface.py``): that is why there is no ``sum()`` here (Python's float
``sum()`` compensates its rounding, a plain C loop does not).  exp, log, tanh
and Adam's powers are tinynet's own (``tinynet.elementary``; the C twin uses
``_elementary.h``), so the bits do not depend on the platform's maths library.
"""

import array  # the params buffers are array('d'), as the annotations say

from .. import activations as _activations
from .. import elementary
from .. import losses as _losses
from ..codes import (
    ADAM,
    ARGMAX_ACCURACY,
    BINARY_CROSSENTROPY,
    CROSSENTROPY,
    HINGE,
    LEAKY_RELU,
    LINEAR,
    MSE,
    NO_ACCURACY,
    RELU,
    SGD,
    SIGMOID,
    SIGN_ACCURACY,
    SOFTMAX,
    SOFTPLUS,
    TANH,
    THRESHOLD_ACCURACY,
)
from ..matrix import Matrix
from .interface import Batches, Layout, Update, check_epoch, param_count

# The codes are re-exported so both backends offer the same names (a test checks them).
__all__ = ["NAME", "param_count", "train_epoch", "predict", "evaluate", "gradients", "trace",
           "Layout", "Batches", "Update", "LINEAR", "SIGMOID", "TANH", "RELU", "LEAKY_RELU",
           "SOFTMAX", "SOFTPLUS", "MSE", "BINARY_CROSSENTROPY", "CROSSENTROPY", "HINGE", "SGD",
           "ADAM", "NO_ACCURACY", "THRESHOLD_ACCURACY", "ARGMAX_ACCURACY", "SIGN_ACCURACY"]

NAME = "python"


# ------------------------------------------------------------ the parameters


class Layer:
    """One layer's parameters as matrices: W (n_in x n_out) and the bias row b."""

    __slots__ = ("W", "b")

    def __init__(self, W: Matrix, b: "list[float]") -> None:
        self.W, self.b = W, b


def _unpack(layout: Layout, flat) -> "list[Layer]":
    """The flat buffer (``params``, or an optimizer state laid out like it) as layers."""
    layers = []
    for layer, at in enumerate(layout.offsets):
        n_in, n_out = layout.sizes[layer], layout.sizes[layer + 1]
        rows = [list(flat[at + k * n_out: at + (k + 1) * n_out]) for k in range(n_in)]
        at += n_in * n_out
        layers.append(Layer(Matrix.wrap(rows), list(flat[at: at + n_out])))
    return layers


def _pack(layers: "list[Layer]", flat) -> None:
    """Write layers back into a flat buffer, in the order ``_unpack`` reads it."""
    at = 0
    for layer in layers:
        for row in layer.W.rows + [layer.b]:
            for v in row:
                flat[at] = v
                at += 1


def _rows(flat, width: int, which) -> Matrix:
    """The samples ``which`` of a flat buffer of ``width``-wide rows, as a matrix."""
    return Matrix.wrap([list(flat[r * width: (r + 1) * width]) for r in which])


# ---------------------------------------------------------------- forward pass


def _activate(code: int, Z: Matrix) -> Matrix:
    """A = f(Z), entry by entry (softmax: row by row)."""
    record = _activations.TABLE[code]
    if code == LINEAR:
        return Z  # the output is the sum itself
    if record.row_wise:
        return Matrix.wrap([record.function(row) for row in Z.rows])  # softmax, row by row
    return Z.apply(record.function)


def _slope(code: int, A: Matrix) -> Matrix:
    """f'(Z), written with the layer's output A = f(Z) (activations.TABLE)."""
    return A.apply(_activations.TABLE[code].slope)


def _forward(layout: Layout, layers: "list[Layer]", A: Matrix) -> "list[Matrix]":
    """Run a batch through the network: ``[inputs, layer 1's A, ..., outputs]``."""
    outputs = [A]
    for layer, code in zip(layers, layout.activations):
        Z = (A @ layer.W).plus_row(layer.b)  # each dot product from 0.0, then + b_j
        A = _activate(code, Z)
        outputs.append(A)
    return outputs


# ------------------------------------------------------- loss and output error


def _score(layout: Layout, accuracy: int, P: Matrix, Y: Matrix) -> "tuple[float, int]":
    """Add up the batch's per-sample losses (rows in order) and count its correct answers."""
    sample = _losses.TABLE[layout.loss].sample
    total = 0.0
    correct = 0
    for p, y in zip(P.rows, Y.rows):
        total += sample(y, p)
        if accuracy == THRESHOLD_ACCURACY:
            ok = True
            for q, t in zip(p, y):
                if (q >= 0.5) != (t >= 0.5):
                    ok = False
            correct += ok
        elif accuracy == ARGMAX_ACCURACY:
            best_p = best_y = 0
            for j in range(1, len(p)):
                if p[j] > p[best_p]:
                    best_p = j
                if y[j] > y[best_y]:
                    best_y = j
            correct += best_p == best_y
        elif accuracy == SIGN_ACCURACY:
            ok = True
            for q, t in zip(p, y):
                if (q > 0.0) != (t > 0.0):  # a score > 0 says +1
                    ok = False
            correct += ok
    return total, correct


def _output_error(layout: Layout, P: Matrix, Y: Matrix) -> Matrix:
    """D = dLoss/dZ at the output layer, for the mean loss of this batch."""
    loss = _losses.TABLE[layout.loss]
    count, width = len(P.rows), len(P.rows[0])
    if layout.loss == HINGE:
        # d/dp of mean max(0, 1 - y p): -y / N where the margin 1 - y p > 0
        c = loss.scale(count, width)
        D = Matrix.wrap([[-t * c if 1.0 - t * q > 0.0 else 0.0 for q, t in zip(p, y)]
                         for p, y in zip(P.rows, Y.rows)])
    else:
        # sigmoid + binary cross-entropy and softmax + cross-entropy both
        # simplify to (P - Y) * scale; MSE still needs the activation's slope.
        D = P.minus(Y).scaled(loss.scale(count, width))
    if loss.pairs_with is not None:
        return D
    out_code = layout.activations[-1]
    if out_code == SOFTMAX:
        return Matrix.wrap([_softmax_backward(p, d) for p, d in zip(P.rows, D.rows)])
    return D.times(_slope(out_code, P))


def _softmax_backward(p: "list[float]", g: "list[float]") -> "list[float]":
    # softmax Jacobian: dz_j = p_j (g_j - sum_m g_m p_m)
    dot = 0.0
    for gm, pm in zip(g, p):
        dot += gm * pm
    return [pj * (gj - dot) for pj, gj in zip(p, g)]


# --------------------------------------------------------------- backward pass


def _backward(layout: Layout, layers: "list[Layer]", outputs: "list[Matrix]",
              D: Matrix) -> "tuple[list[Layer], list[Matrix]]":
    """Backpropagation from the output error D.

    Returns the gradients (one ``Layer`` of dW, db per layer) and each layer's
    error terms D, first layer first.
    """
    grads = [None] * len(layers)
    deltas = [D]
    for i in range(len(layers) - 1, -1, -1):
        A = outputs[i]
        # dLoss/dW = A.T @ D: input k times error j, added over the batch's rows
        # dLoss/db = the column sums of D (rows in order)
        grads[i] = Layer(A.T @ D, D.column_sums())
        if i == 0:
            break
        # the error of the layer below: (D @ W.T) times that layer's slope
        D = (D @ layers[i].W.T).times(_slope(layout.activations[i - 1], A))
        deltas.insert(0, D)
    return grads, deltas


# --------------------------------------------------------------------- update


def _update(update: Update, step: int, layers: "list[Layer]", grads: "list[Layer]",
            state1: "list[Layer]", state2: "list[Layer]") -> None:
    """One optimizer step on every parameter (``step`` counts from 1).

    Weight decay applies to the weights, and to the biases too when
    ``update.decay_biases`` is true (micrograd's demo decays every parameter).
    """
    if update.optimizer == ADAM:
        # bias corrections undo the zero start of the running averages
        # beta ** step by powi: binary powering, the same bits everywhere
        correction1 = 1.0 - elementary.powi(update.beta1, step)
        correction2 = elementary.sqrt(1.0 - elementary.powi(update.beta2, step))
    for p, g, s1, s2 in zip(layers, grads, state1, state2):
        pairs = [(p.b, g.b, s1.b, s2.b, update.weight_decay if update.decay_biases else 0.0)]
        for k in range(len(p.W.rows)):
            pairs.append((p.W.rows[k], g.W.rows[k], s1.W.rows[k], s2.W.rows[k],
                          update.weight_decay))
        for values, grad, m, v, decay in pairs:
            if update.optimizer == ADAM:
                _adam_range(values, grad, m, v, decay, update, correction1, correction2)
            else:
                _sgd_range(values, grad, m, decay, update)


def _sgd_range(values: "list[float]", grads: "list[float]", velocity: "list[float]",
               decay: float, update: Update) -> None:
    """SGD (with momentum when it is not 0) on one row of parameters, in place."""
    lr, momentum = update.learning_rate, update.momentum
    for i in range(len(values)):
        g = grads[i]
        if decay != 0.0:
            g = g + decay * values[i]  # L2: pulls weights towards 0
        if momentum != 0.0:
            # velocity remembers past steps: v = mu v + g; w = w - lr v
            velocity[i] = momentum * velocity[i] + g
            values[i] = values[i] - lr * velocity[i]
        else:
            values[i] = values[i] - lr * g  # plain gradient descent


def _adam_range(values: "list[float]", grads: "list[float]", m: "list[float]",
                v: "list[float]", decay: float, update: Update, correction1: float,
                correction2: float) -> None:
    """Adam on one row of parameters, in place."""
    beta1, beta2, scale = update.beta1, update.beta2, update.learning_rate / correction1
    for i in range(len(values)):
        g = grads[i]
        if decay != 0.0:
            g = g + decay * values[i]
        # running averages of the gradient and of its square
        m[i] = beta1 * m[i] + (1.0 - beta1) * g
        v[i] = beta2 * v[i] + (1.0 - beta2) * g * g
        denom = elementary.sqrt(v[i]) / correction2 + update.epsilon
        values[i] = values[i] - scale * (m[i] / denom)


# ----------------------------------------------------------------- entry points


def train_epoch(layout: Layout, params: "array.array", batches: Batches, update: Update) -> "tuple[float, int, int]":
    """One pass over the data in the sample order ``batches.order``.

    For each batch of ``batches.batch_size`` samples (the last may be
    smaller): forward pass, loss, backpropagation, then one optimizer step.
    ``params``, ``update.state1`` and ``update.state2`` are updated in place.

    Returns ``(loss_sum, correct, step)``: the per-sample losses added up as
    each batch is seen (before its update), the number of correct answers,
    and the new step count.
    """
    n = check_epoch(layout, params, batches, update)
    n0, nL = layout.sizes[0], layout.sizes[-1]
    X, Y = _rows(batches.X, n0, range(n)), _rows(batches.Y, nL, range(n))
    layers = _unpack(layout, params)
    state1, state2 = _unpack(layout, update.state1), _unpack(layout, update.state2)
    order, size, step = list(batches.order), batches.batch_size, update.step
    loss_sum = 0.0
    correct = 0
    for start in range(0, len(order), size):
        rows = order[start:start + size]
        A = Matrix.wrap([X.rows[r] for r in rows])
        T = Matrix.wrap([Y.rows[r] for r in rows])
        outputs = _forward(layout, layers, A)
        batch_loss, batch_correct = _score(layout, batches.accuracy, outputs[-1], T)
        loss_sum += batch_loss
        correct += batch_correct
        grads, _ = _backward(layout, layers, outputs, _output_error(layout, outputs[-1], T))
        step += 1
        _update(update, step, layers, grads, state1, state2)
    _pack(layers, params)
    _pack(state1, update.state1)
    _pack(state2, update.state2)
    return loss_sum, correct, step


def predict(layout: Layout, params: "array.array", X: object, n: int) -> "list[float]":
    """Outputs for the ``n`` samples in ``X``, as one flat list of n * nL floats."""
    out = []
    if n:
        P = _forward(layout, _unpack(layout, params), _rows(X, layout.sizes[0], range(n)))[-1]
        for row in P.rows:
            out.extend(row)
    return out


def evaluate(layout: Layout, params: "array.array", X: object, Y: object, n: int, accuracy: int) -> "tuple[float, int]":
    """``(loss_sum, correct)`` over ``n`` samples without changing anything."""
    if not n:
        return 0.0, 0
    P = _forward(layout, _unpack(layout, params), _rows(X, layout.sizes[0], range(n)))[-1]
    return _score(layout, accuracy, P, _rows(Y, layout.sizes[-1], range(n)))


def gradients(layout: Layout, params: "array.array", X: object, Y: object, n: int) -> "tuple[float, list[float]]":
    """Backpropagated gradient of the mean loss over ``n`` samples (no update).

    Returns ``(loss_sum, grads)``; ``grads`` is laid out like ``params``.
    """
    loss_sum, grads, _, _ = trace(layout, params, X, Y, n)
    return loss_sum, grads


def trace(layout: Layout, params: "array.array", X: object, Y: object, n: int) -> tuple:
    """Everything one full-batch step computes, for ``explain`` and ``gradients``.

    Returns ``(loss_sum, grads, outputs, deltas)``: the flat gradient, each
    layer's outputs (inputs first, as matrices) and each layer's error terms.
    """
    T = _rows(Y, layout.sizes[-1], range(n))
    outputs = _forward(layout, _unpack(layout, params), _rows(X, layout.sizes[0], range(n)))
    loss_sum, _ = _score(layout, NO_ACCURACY, outputs[-1], T)
    grads, deltas = _backward(layout, _unpack(layout, params), outputs,
                              _output_error(layout, outputs[-1], T))
    flat = [0.0] * layout.n_params
    _pack(grads, flat)
    return loss_sum, flat, outputs, deltas
