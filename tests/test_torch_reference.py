"""tinynet against PyTorch (float64): losses, gradients and training steps agree.

Skipped when torch is not installed. tinynet's ``weights[k][j]`` joins input k
to neuron j; ``torch.nn.Linear.weight`` is the transpose (out x in).
"""

import random

import pytest

torch = pytest.importorskip("torch")

import backend_calls as calls  # noqa: E402

from tinynet import Dense, Network  # noqa: E402
from tinynet.activations import ACTIVATIONS  # noqa: E402
from tinynet.backends import python as reference  # noqa: E402
from tinynet.inputs import training_arrays
from tinynet.losses import LOSSES  # noqa: E402

DT = torch.float64
REL = 1e-9

X = [[0.5, -1.2, 0.3], [-0.7, 0.4, 1.1], [1.3, 0.9, -0.6], [-0.2, -0.8, -1.4], [0.9, 0.1, 0.7]]


def torch_activation(name):
    return {
        "linear": lambda z: z,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "leaky_relu": lambda z: torch.nn.functional.leaky_relu(z, 0.01),
        "softmax": lambda z: torch.softmax(z, dim=1),
        # log(1 + e^z) without torch's switch to z itself above z = 20
        "softplus": lambda z: torch.nn.functional.softplus(z, beta=1.0, threshold=1000.0),
    }[name]


class TorchTwin:
    """The same network in torch, with the same starting weights."""

    def __init__(self, net):
        self.linears = []
        self.acts = []
        for layer in net.layers:
            lin = torch.nn.Linear(layer.n_in, layer.n_out, dtype=DT)
            with torch.no_grad():
                lin.weight.copy_(torch.tensor(layer.weights, dtype=DT).T)
                lin.bias.copy_(torch.tensor(layer.bias, dtype=DT))
            self.linears.append(lin)
            self.acts.append(torch_activation(layer.activation))
        self.loss = net.loss

    def forward(self, x, logits=False):
        a = torch.tensor(x, dtype=DT)
        for i, (lin, f) in enumerate(zip(self.linears, self.acts)):
            z = lin(a)
            if logits and i == len(self.linears) - 1:
                return z
            a = f(z)
        return a

    def loss_of(self, x, y):
        out = self.forward(x)
        if self.loss == "mse":
            return torch.nn.MSELoss()(out, torch.tensor(y, dtype=DT))
        if self.loss == "binary_crossentropy":
            return torch.nn.BCELoss()(out, torch.tensor(y, dtype=DT))
        target = torch.tensor(y, dtype=DT)  # one-hot / probability rows
        return -(target * torch.log(out)).sum(dim=1).mean()

    def weight_params(self):
        return [lin.weight for lin in self.linears]

    def bias_params(self):
        return [lin.bias for lin in self.linears]

    def parameters(self):
        return [p for lin in self.linears for p in (lin.weight, lin.bias)]

    def flat(self, grads=False):
        """Values (or gradients) in tinynet's layout: W[k][j] row by row, then biases."""
        out = []
        for lin in self.linears:
            w = lin.weight.grad if grads else lin.weight
            b = lin.bias.grad if grads else lin.bias
            out.extend(w.detach().T.reshape(-1).tolist())
            out.extend(b.detach().tolist())
        return out


def flat_params(net):
    return list(net.parameters_flat())


def one_hot(labels, k):
    return [[1.0 if j == c else 0.0 for j in range(k)] for c in labels]


def make_net(hidden, out_act, loss, n_out, seed):
    net = Network([Dense(3, 4, hidden), Dense(4, 3, hidden), Dense(3, n_out, out_act)], loss=loss, seed=seed)
    rng = random.Random(seed)
    for layer in net.layers:  # non-zero biases
        layer.bias = [rng.uniform(-0.3, 0.3) for _ in range(layer.n_out)]
    return net


def targets(loss, out_act):
    if loss == "crossentropy":
        return one_hot([0, 2, 1, 1, 0], 3)[:4] + [[0.2, 0.5, 0.3]]
    if loss == "binary_crossentropy":
        return [[1, 0, 0.3], [0, 1, 1], [0.5, 0, 1], [1, 1, 0], [0, 0.2, 1]]
    if out_act == "softmax":
        return one_hot([0, 1, 2, 0, 2], 3)
    return [[1.5, -0.5, 0.8], [0.2, 1.1, -1.0], [-0.3, 0.6, 0.9], [2.0, 0.1, 0.4], [0.0, -1.0, 0.5]]


HIDDEN = ["linear", "sigmoid", "tanh", "relu", "leaky_relu"]
HEADS = [("mse", a) for a in ACTIVATIONS] + [("binary_crossentropy", "sigmoid"),
                                            ("crossentropy", "softmax")]


def assert_close(mine, theirs, rel=REL, abs_=1e-13):
    assert len(mine) == len(theirs)
    for i, (a, b) in enumerate(zip(mine, theirs)):
        assert abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_), (i, a, b)


# ------------------------------------------------------ loss and gradients


@pytest.mark.parametrize("loss, out_act", HEADS, ids=["%s-%s" % h for h in HEADS])
@pytest.mark.parametrize("hidden", HIDDEN)
def test_loss_and_gradients_match_torch_autograd(hidden, loss, out_act):
    net = make_net(hidden, out_act, loss, 3, seed=3)
    y = targets(loss, out_act)
    twin = TorchTwin(net)
    n, fx, fy = training_arrays(X, y, net.n_inputs, net.n_outputs, net.loss)
    loss_sum, grads = calls.gradients(reference, net.sizes, net.layout().activations, LOSSES.index(loss),
                                          net.parameters_flat(), fx, fy, n)
    t_loss = twin.loss_of(X, y)
    t_loss.backward()
    # gradients() returns the sum of per-sample losses and the gradient of their mean
    assert loss_sum / n == pytest.approx(t_loss.item(), rel=REL)
    assert_close(grads, twin.flat(grads=True))
    assert max(abs(g) for g in grads) > 1e-3
    # the forward pass itself
    assert_close([v for row in net.predict(X, backend="python") for v in row],
                 twin.forward(X).reshape(-1).tolist(), rel=1e-12)


def test_crossentropy_matches_torch_cross_entropy_on_logits():
    net = make_net("tanh", "softmax", "crossentropy", 3, seed=5)
    labels = [0, 2, 1, 1, 0]
    twin = TorchTwin(net)
    t_loss = torch.nn.CrossEntropyLoss()(twin.forward(X, logits=True), torch.tensor(labels))
    t_loss.backward()
    n, fx, fy = training_arrays(X, labels, net.n_inputs, net.n_outputs, net.loss)
    loss_sum, grads = calls.gradients(reference, net.sizes, net.layout().activations, LOSSES.index("crossentropy"),
                                          net.parameters_flat(), fx, fy, n)
    assert loss_sum / n == pytest.approx(t_loss.item(), rel=1e-12)
    assert_close(grads, twin.flat(grads=True))
    assert net.evaluate(X, labels, backend="python")["loss"] == pytest.approx(t_loss.item(), rel=1e-12)
    nll = torch.nn.NLLLoss()(torch.log(twin.forward(X)), torch.tensor(labels))
    assert nll.item() == pytest.approx(t_loss.item(), rel=1e-12)


def test_bce_clamps_logs_like_torch():
    # saturated outputs: torch's BCELoss clamps log at -100 too
    net = Network([Dense(1, 1, "sigmoid", weights=[[1000.0]], bias=[0.0])], loss="binary_crossentropy")
    Xs, ys = [[1.0], [-1.0], [0.001]], [0.0, 1.0, 0.25]
    out = TorchTwin(net).forward(Xs)
    expected = torch.nn.BCELoss()(out, torch.tensor([[v] for v in ys], dtype=DT)).item()
    assert net.evaluate(Xs, ys, backend="python")["loss"] == pytest.approx(expected, rel=1e-12)


# -------------------------------------------------------------- training


def torch_optimizer(kind, twin, lr, weight_decay):
    groups = [{"params": twin.weight_params(), "weight_decay": weight_decay},
              {"params": twin.bias_params(), "weight_decay": 0.0}]  # tinynet decays weights only
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=lr)
    if kind == "momentum":
        return torch.optim.SGD(groups, lr=lr, momentum=0.9)
    return torch.optim.Adam(groups, lr=lr)


def fit_kwargs(kind, lr, weight_decay):
    kw = {"learning_rate": lr, "weight_decay": weight_decay}
    if kind == "momentum":
        kw["momentum"] = 0.9
    if kind == "adam":
        kw["optimizer"] = "adam"
    return kw


SETUPS = {
    # name: (hidden, output activation, loss, n_out, targets)
    "tanh-softmax-ce": ("tanh", "softmax", "crossentropy", 3, [0, 2, 1, 1, 0]),
    "relu-sigmoid-bce": ("relu", "sigmoid", "binary_crossentropy", 2,
                         [[1, 0], [0, 1], [1, 1], [0, 0], [0.5, 1]]),
    "leaky-linear-mse": ("leaky_relu", "linear", "mse", 2,
                         [[1.5, -0.5], [0.2, 1.1], [-0.3, 0.6], [2.0, 0.1], [0.0, -1.0]]),
    "sigmoid-softmax-mse": ("sigmoid", "softmax", "mse", 3, one_hot([0, 2, 1, 1, 0], 3)),
}


@pytest.mark.parametrize("batch_size", [None, 2])
@pytest.mark.parametrize("weight_decay", [0.0, 0.05])
@pytest.mark.parametrize("kind", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("setup", sorted(SETUPS))
def test_training_matches_torch(setup, kind, weight_decay, batch_size, backend):
    hidden, out_act, loss, n_out, y = SETUPS[setup]
    lr = {"sgd": 0.3, "momentum": 0.1, "adam": 0.02}[kind]
    epochs = 4
    net = make_net(hidden, out_act, loss, n_out, seed=11)
    twin = TorchTwin(net)
    y_rows = one_hot(y, n_out) if loss == "crossentropy" else y
    opt = torch_optimizer(kind, twin, lr, weight_decay)
    step = batch_size or len(X)
    torch_losses = []
    for _ in range(epochs):
        total = 0.0
        for start in range(0, len(X), step):
            xb, yb = X[start:start + step], y_rows[start:start + step]
            opt.zero_grad()
            batch_loss = twin.loss_of(xb, yb)
            batch_loss.backward()
            opt.step()
            total += batch_loss.item() * len(xb)
        torch_losses.append(total / len(X))

    start_params = flat_params(net)
    h = net.fit(X, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0,
                backend=backend, **fit_kwargs(kind, lr, weight_decay))
    mine = flat_params(net)
    assert mine != start_params
    assert_close(mine, twin.flat())
    assert_close(h.history["loss"], torch_losses)


def test_exponential_schedule_matches_torch(backend):
    hidden, out_act, loss, n_out, y = SETUPS["tanh-softmax-ce"]
    net = make_net(hidden, out_act, loss, n_out, seed=2)
    twin = TorchTwin(net)
    opt = torch.optim.SGD(twin.parameters(), lr=0.5, momentum=0.5)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.8)
    target = torch.tensor(y)
    for _ in range(5):
        opt.zero_grad()
        torch.nn.CrossEntropyLoss()(twin.forward(X, logits=True), target).backward()
        opt.step()
        sched.step()
    h = net.fit(X, y, epochs=5, learning_rate=0.5, momentum=0.5, shuffle=False, verbose=0,
                lr_schedule={"name": "exponential", "gamma": 0.8}, backend=backend)
    assert h.history["lr"] == pytest.approx([0.5 * 0.8 ** e for e in range(5)], rel=1e-14)
    assert_close(flat_params(net), twin.flat())


def test_adam_state_carries_across_fits_like_one_torch_optimizer(backend):
    hidden, out_act, loss, n_out, y = SETUPS["leaky-linear-mse"]
    net = make_net(hidden, out_act, loss, n_out, seed=4)
    twin = TorchTwin(net)
    opt = torch.optim.Adam(twin.parameters(), lr=0.01)
    for _ in range(6):
        opt.zero_grad()
        twin.loss_of(X, y).backward()
        opt.step()
    for _ in range(3):
        net.fit(X, y, epochs=2, optimizer="adam", learning_rate=0.01, shuffle=False, verbose=0,
                backend=backend)
    assert_close(flat_params(net), twin.flat())
