"""The peers' vocabulary against the peers themselves (issue 11, item 3).

* scikit-learn ``MLPClassifier`` (solver="sgd", momentum=0, shuffle=False),
  started from tinynet's weights, vs ``fit`` with the same loss and L2;
* PyTorch ``nn.Linear`` + ``torch.optim.SGD`` in float64, same sample order
  (``shuffle=`` a function), weight decay on weights only or on everything;
* micrograd's demo (hinge loss + alpha * sum(p * p) over all parameters),
  written inline: micrograd is a repository, not a package.

Same maths, so the numbers agree to 1e-12 (not bit for bit: the peers add
in other orders).
"""

import math
import random

import pytest

from tinynet import Dense, Network
from tinynet.gradcheck import gradient_check
from tinynet.losses import hinge, hinge_gradient

TOL = 1e-12


def _max_diff(a, b):
    return max(abs(x - y) for x, y in zip(a, b))


def _data(n, n_in, seed, labels=(0, 1)):
    rng = random.Random(seed)
    X = [[rng.uniform(-2, 2) for _ in range(n_in)] for _ in range(n)]
    y = [labels[rng.random() < 0.5] for _ in range(n)]
    return X, y


# ----------------------------------------------------------- hinge on its own


def test_hinge_labels_and_accuracy():
    net = Network([Dense(2, 4, "relu"), Dense(4, 1, "linear")], loss="hinge", seed=0)
    X, y = _data(20, 2, 1, labels=(-1, 1))
    zero_one = [0 if v == -1 else 1 for v in y]
    a = net.evaluate(X, y)
    assert a == net.evaluate(X, zero_one)  # 0 is read as -1
    scores = [row[0] for row in net.predict(X)]
    assert a["loss"] == pytest.approx(sum(max(0.0, 1 - t * s) for t, s in zip(y, scores)) / 20,
                                      abs=1e-15)
    assert a["accuracy"] == sum((s > 0) == (t > 0) for t, s in zip(y, scores)) / 20
    assert net.predict_classes(X) == [1 if s > 0 else -1 for s in scores]
    with pytest.raises(ValueError, match="hinge"):
        net.fit(X, [2] + y[1:], epochs=1, verbose=0)
    assert hinge(y, scores) == pytest.approx(a["loss"], abs=1e-15)
    g = hinge_gradient(y, scores)
    assert g == [[-t / 20 if 1 - t * s > 0 else 0.0] for t, s in zip(y, scores)]


def test_hinge_gradient_check():
    net = Network([Dense(3, 5, "tanh"), Dense(5, 2, "linear")], loss="hinge", seed=2)
    rng = random.Random(3)
    X = [[rng.uniform(-1, 1) for _ in range(3)] for _ in range(9)]
    y = [[rng.choice((-1, 1)), rng.choice((-1, 1))] for _ in range(9)]
    result = gradient_check(net, X, y)
    assert result["max_relative_error"] < 1e-6, result


# ----------------------------------------------------------- shuffle function


def test_shuffle_function_gives_the_order_and_is_checked():
    X, y = _data(6, 2, 4)
    seen = []

    def order(epoch, n):
        seen.append((epoch, n))
        return list(range(n))[::-1]

    a = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)
    b = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)
    a.fit(X, y, epochs=2, batch_size=2, shuffle=order, verbose=0)
    b.fit(X[::-1], y[::-1], epochs=2, batch_size=2, shuffle=False, verbose=0)
    assert seen == [(0, 6), (1, 6)]
    assert a.layers[0].weights == b.layers[0].weights
    for bad, error in (([0, 1, 2, 3, 4], ValueError), ([0, 1, 2, 3, 4, 4], ValueError),
                       ([0, 1, 2, 3, 4, 6], ValueError), ([0, 1, 2, 3, 4, 5, 0], ValueError),
                       ([0, 1, 2, 3, 4, 5.0], TypeError), (None, TypeError)):
        before = a.layers[0].weights
        with pytest.raises(error, match="shuffle"):
            a.fit(X, y, epochs=1, shuffle=lambda e, n, bad=bad: bad, verbose=0)
        assert a.layers[0].weights == before  # nothing trained
    with pytest.raises(TypeError, match="shuffle"):
        a.fit(X, y, epochs=1, shuffle="yes", verbose=0)


def test_decay_biases_default_and_type():
    X, y = _data(8, 2, 5)
    nets = [Network([Dense(2, 3, "tanh", bias_init="normal"), Dense(3, 1, "sigmoid")], seed=1)
            for _ in range(3)]
    nets[0].fit(X, y, epochs=3, weight_decay=0.1, verbose=0)
    nets[1].fit(X, y, epochs=3, weight_decay=0.1, decay_biases=False, verbose=0)
    nets[2].fit(X, y, epochs=3, weight_decay=0.1, decay_biases=True, verbose=0)
    assert nets[0].layers[0].bias == nets[1].layers[0].bias != nets[2].layers[0].bias
    with pytest.raises(TypeError, match="decay_biases"):
        nets[0].fit(X, y, epochs=1, decay_biases=1, verbose=0)


# ------------------------------------------------------------------ scikit-learn


@pytest.mark.parametrize("activation,ours,n_classes", [
    ("tanh", "tanh", 2), ("logistic", "sigmoid", 2), ("relu", "relu", 3)])
@pytest.mark.parametrize("alpha", [0.0, 0.01])
def test_sklearn_mlpclassifier_sgd_epoch(activation, ours, n_classes, alpha):
    """One epoch of MLPClassifier(solver='sgd') from tinynet's start == tinynet's fit.

    sklearn's loss is log-loss + alpha / (2 n_batch) * ||W||^2 (weights only),
    so its gradient step adds (alpha / batch_size) * W: tinynet's
    ``weight_decay = alpha / batch_size`` with equal batches.
    """
    np = pytest.importorskip("numpy")
    pytest.importorskip("sklearn")
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    n, n_in, hidden, batch, lr = 24, 3, 5, 6, 0.2
    rng = random.Random(7)
    X = [[rng.uniform(-2, 2) for _ in range(n_in)] for _ in range(n)]
    y = [i % n_classes for i in range(n)]
    rng.shuffle(y)
    if n_classes == 2:
        out, loss = Dense(hidden, 1, "sigmoid", init="sklearn"), "binary_crossentropy"
    else:
        out, loss = Dense(hidden, n_classes, "softmax", init="sklearn"), "crossentropy"
    net = Network([Dense(n_in, hidden, ours, init="sklearn", bias_init="sklearn"), out],
                  loss=loss, seed=11)
    clf = MLPClassifier(hidden_layer_sizes=(hidden,), activation=activation, solver="sgd",
                        momentum=0.0, nesterovs_momentum=False, alpha=alpha, batch_size=batch,
                        learning_rate="constant", learning_rate_init=lr, shuffle=False,
                        max_iter=1, random_state=0, n_iter_no_change=10 ** 9, tol=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.partial_fit(np.array(X), np.array(y), classes=list(range(n_classes)))
        clf.coefs_ = [np.array(layer.weights, dtype=np.float64) for layer in net.layers]
        clf.intercepts_ = [np.array(layer.bias, dtype=np.float64) for layer in net.layers]
        start = net.predict(X)
        ours_p = clf.predict_proba(np.array(X))
        sk_start = ours_p[:, 1:] if n_classes == 2 else ours_p
        assert _max_diff(sum(start, []), sk_start.ravel().tolist()) < TOL
        for _ in range(2):
            clf.partial_fit(np.array(X), np.array(y))
    net.fit(X, y, epochs=2, learning_rate=lr, batch_size=batch, shuffle=False,
            weight_decay=alpha / batch, verbose=0)
    worst = 0.0
    for layer, coef, intercept in zip(net.layers, clf.coefs_, clf.intercepts_):
        worst = max(worst, _max_diff(sum(layer.weights, []), coef.ravel().tolist()),
                    _max_diff(layer.bias, intercept.tolist()))
    assert worst < TOL, worst


# ------------------------------------------------------------------ PyTorch


@pytest.mark.parametrize("decay_biases", [False, True])
@pytest.mark.parametrize("init,bias_init", [("torch", "torch"), ("normal", "normal")])
def test_torch_linear_sgd_with_an_order(decay_biases, init, bias_init):
    """nn.Linear + SGD(weight_decay) over torch.randperm batches == fit(shuffle=function)."""
    torch = pytest.importorskip("torch")
    n, batch, lr, wd, epochs = 20, 4, 0.1, 0.05, 3
    X, _ = _data(n, 3, 8)
    rng = random.Random(9)
    Y = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(n)]
    net = Network([Dense(3, 6, "tanh", init=init, bias_init=bias_init),
                   Dense(6, 2, "linear", init=init, bias_init=bias_init)], loss="mse", seed=3)
    model = torch.nn.Sequential(torch.nn.Linear(3, 6), torch.nn.Tanh(),
                                torch.nn.Linear(6, 2)).double()
    with torch.no_grad():
        for layer, linear in zip(net.layers, (model[0], model[2])):
            linear.weight.copy_(torch.tensor(layer.weights, dtype=torch.float64).T)
            linear.bias.copy_(torch.tensor(layer.bias, dtype=torch.float64))
    weights = [model[0].weight, model[2].weight]
    biases = [model[0].bias, model[2].bias]
    opt = torch.optim.SGD([{"params": weights, "weight_decay": wd},
                           {"params": biases, "weight_decay": wd if decay_biases else 0.0}],
                          lr=lr)
    gen = torch.Generator().manual_seed(0)
    orders = [torch.randperm(n, generator=gen).tolist() for _ in range(epochs)]
    tx, ty = torch.tensor(X, dtype=torch.float64), torch.tensor(Y, dtype=torch.float64)
    torch_losses = []
    for order in orders:
        total = 0.0
        for start in range(0, n, batch):
            rows = order[start:start + batch]
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(model(tx[rows]), ty[rows])
            loss.backward()
            opt.step()
            total += loss.item() * len(rows)
        torch_losses.append(total / n)
    history = net.fit(X, Y, epochs=epochs, learning_rate=lr, batch_size=batch,
                      shuffle=lambda epoch, n: orders[epoch], weight_decay=wd,
                      decay_biases=decay_biases, verbose=0)
    worst = _max_diff(history["loss"], torch_losses)
    for layer, linear in zip(net.layers, (model[0], model[2])):
        worst = max(worst, _max_diff(sum(layer.weights, []), linear.weight.T.flatten().tolist()),
                    _max_diff(layer.bias, linear.bias.tolist()))
    assert worst < TOL, worst


# ------------------------------------------------------------------ micrograd


class Value:
    """micrograd's engine, cut down to what its demo's MLP uses (+, *, relu)."""

    def __init__(self, data, children=()):
        self.data, self.grad, self._prev, self._backward = data, 0.0, children, lambda: None

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = backward
        return out

    __radd__ = __add__

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = backward
        return out

    __rmul__ = __mul__

    def __neg__(self):
        return self * -1

    def relu(self):
        out = Value(0.0 if self.data < 0 else self.data, (self,))

        def backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = backward
        return out

    def backward(self):
        topo, seen = [], set()

        def build(v):
            if v not in seen:
                seen.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


def test_micrograd_demo_hinge_with_l2_on_every_parameter():
    """micrograd's demo.ipynb: MLP(2, [16, 16, 1]) (ReLU, linear last), loss =
    mean((1 + -y * score).relu()) + alpha * sum(p * p), SGD with
    lr = 1 - 0.9 * k / 100, full batch; tinynet: hinge, weight_decay = 2 alpha,
    decay_biases=True, the same schedule."""
    alpha, n, steps = 1e-4, 30, 8
    X, y = _data(n, 2, 10, labels=(-1, 1))
    net = Network([Dense(2, 16, "relu", bias_init="torch"), Dense(16, 16, "relu", bias_init="torch"),
                   Dense(16, 1, "linear", bias_init="torch")], loss="hinge", seed=4)
    layers = [([[Value(w) for w in row] for row in layer.weights], [Value(b) for b in layer.bias])
              for layer in net.layers]
    params = [p for W, b in layers for row in W for p in row] + [p for _, b in layers for p in b]
    losses = []
    for k in range(steps):
        scores = []
        for x in X:
            a = [Value(v) for v in x]
            for i, (W, b) in enumerate(layers):
                # micrograd's Neuron: sum((wi * xi ...), self.b), relu unless last
                z = [sum((W[kk][j] * a[kk] for kk in range(len(a))), b[j]) for j in range(len(b))]
                a = z if i == len(layers) - 1 else [v.relu() for v in z]
            scores.append(a[0])
        data_loss = sum((1 + -yi * si).relu() for yi, si in zip(y, scores)) * (1.0 / n)
        reg = alpha * sum(p * p for p in params)
        total = data_loss + reg
        for p in params:
            p.grad = 0.0
        total.backward()
        for p in params:
            p.data -= (1.0 - 0.9 * k / 100) * p.grad
        losses.append(data_loss.data)
    history = net.fit(X, y, epochs=steps, learning_rate=1.0,
                      lr_schedule=lambda k, lr: 1.0 - 0.9 * k / 100, shuffle=False,
                      weight_decay=2 * alpha, decay_biases=True, verbose=0)
    worst = _max_diff(history["loss"], losses)
    for layer, (W, b) in zip(net.layers, layers):
        worst = max(worst, _max_diff(sum(layer.weights, []), [p.data for row in W for p in row]),
                    _max_diff(layer.bias, [p.data for p in b]))
    assert worst < TOL, worst
    assert not math.isclose(losses[0], losses[-1])  # it trained


def _nielsen_sgd(weights, biases, data, epochs, mini_batch_size, eta, np):
    """Michael Nielsen's network.py (SGD on the quadratic cost, sigmoid layers), without shuffling.

    Written out here because network.py is not a package: its ``update_mini_batch``
    and ``backprop``, with weights as (n_out, n_in) arrays and column vectors.
    """
    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    for _ in range(epochs):
        for start in range(0, len(data), mini_batch_size):
            batch = data[start:start + mini_batch_size]
            nabla_b = [np.zeros(b.shape) for b in biases]
            nabla_w = [np.zeros(w.shape) for w in weights]
            for x, y in batch:
                activation, activations, zs = x, [x], []
                for b, w in zip(biases, weights):
                    z = w @ activation + b
                    zs.append(z)
                    activation = sigmoid(z)
                    activations.append(activation)
                delta = (activations[-1] - y) * sigmoid(zs[-1]) * (1 - sigmoid(zs[-1]))
                d_b, d_w = [delta], [delta @ activations[-2].T]
                for layer in range(2, len(weights) + 1):
                    s = sigmoid(zs[-layer])
                    delta = (weights[-layer + 1].T @ delta) * s * (1 - s)
                    d_b.insert(0, delta)
                    d_w.insert(0, delta @ activations[-layer - 1].T)
                nabla_b = [nb + d for nb, d in zip(nabla_b, d_b)]
                nabla_w = [nw + d for nw, d in zip(nabla_w, d_w)]
            weights = [w - (eta / len(batch)) * nw for w, nw in zip(weights, nabla_w)]
            biases = [b - (eta / len(batch)) * nb for b, nb in zip(biases, nabla_b)]
    return weights, biases


def test_nielsen_network_py_sgd_with_its_own_initialiser():
    """Nielsen's N(0, 1) weights and biases (init="normal", bias_init="normal") and his SGD.

    His cost is 1/2 |a - y|^2 summed over outputs, his step eta / batch size
    times the summed gradient; tinynet's MSE is the mean over outputs, so the
    same step is learning_rate = eta * n_outputs / 2.
    """
    np = pytest.importorskip("numpy")
    X, y = _data(60, 4, seed=11)
    targets = [[1.0, 0.0] if label else [0.0, 1.0] for label in y]
    net = Network([Dense(4, 6, "sigmoid", init="normal", bias_init="normal"),
                   Dense(6, 2, "sigmoid", init="normal", bias_init="normal")], loss="mse", seed=3)
    weights = [np.array(layer.weights).T for layer in net.layers]
    biases = [np.array(layer.bias).reshape(-1, 1) for layer in net.layers]
    data = [(np.array(x, dtype=float).reshape(-1, 1), np.array(t).reshape(-1, 1)) for x, t in zip(X, targets)]
    eta = 3.0
    their_w, their_b = _nielsen_sgd(weights, biases, data, epochs=5, mini_batch_size=10, eta=eta, np=np)
    net.fit(X, targets, epochs=5, batch_size=10, learning_rate=eta * 2 / 2, shuffle=False, verbose=0)
    diff = 0.0
    for layer, w, b in zip(net.layers, their_w, their_b):
        diff = max(diff, _max_diff([v for row in layer.weights for v in row], w.T.ravel().tolist()),
                   _max_diff(layer.bias, b.ravel().tolist()))
    assert diff < 1e-12, diff
