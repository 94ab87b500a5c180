"""tinynet.interop: to_torch / from_torch, and the model-format docs' PyTorch snippet.

The torch tests are skipped when torch is not importable; the test of the
ImportError message runs everywhere.
"""

import builtins
import os
import random
import re
import sys

import pytest

from tinynet import Dense, Network, interop
from tinynet.activations import ACTIVATIONS, LEAKY_SLOPE
from tinynet.saving import to_dict

try:
    import torch
except ImportError:  # pragma: no cover - depends on the machine
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="torch is not installed")

TOL = 1e-12
#: torch's float64 nn.Softplus is not computed as log1p(e^-|z|) + max(z, 0):
#: measured differences from tinynet's reach ~4e-10 on outputs of ~5.
SOFTPLUS_TOL = 1e-9


def tol(*activations):
    """The agreement expected between tinynet and torch for these activations."""
    return SOFTPLUS_TOL if "softplus" in activations else TOL
DOCS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs", "model-format.md")
HIDDEN = [a for a in ACTIVATIONS if a != "softmax"]  # softmax may only be last


def random_net(rng, hidden, out_act, loss="mse", n_out=None):
    """A network of random shape whose hidden layers use ``hidden`` and whose biases are not 0."""
    sizes = [rng.randint(1, 6)] + [rng.randint(1, 7) for _ in range(rng.randint(0, 2))]
    sizes.append(n_out or rng.randint(2 if out_act == "softmax" else 1, 5))
    acts = [hidden] * (len(sizes) - 2) + [out_act]
    layers = []
    for n_in, n_o, act in zip(sizes, sizes[1:], acts):
        layers.append(Dense(n_in, n_o, act,
                            weights=[[rng.uniform(-1.5, 1.5) for _ in range(n_o)] for _ in range(n_in)],
                            bias=[rng.uniform(-0.5, 0.5) for _ in range(n_o)]))
    return Network(layers, loss=loss, seed=rng.randint(0, 1000))


def random_x(rng, net, n=7):
    return [[rng.uniform(-2.0, 2.0) for _ in range(net.n_inputs)] for _ in range(n)]


def flat(net):
    return list(net.parameters_flat())


def max_diff(a, b):
    assert len(a) == len(b)
    return max(abs(x - y) for x, y in zip(a, b))


def torch_predict(model, X):
    with torch.no_grad():
        return model(torch.tensor(X, dtype=torch.float64)).reshape(-1).tolist()


# ------------------------------------------------------------- to_torch


@needs_torch
@pytest.mark.parametrize("out_act", ACTIVATIONS)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_predictions_agree_for_every_activation(hidden, out_act):
    rng = random.Random(1000 * ACTIVATIONS.index(hidden) + ACTIVATIONS.index(out_act))
    for _ in range(3):
        net = random_net(rng, hidden, out_act)
        X = random_x(rng, net)
        model = to_torch_checked(net)
        mine = [v for row in net.predict(X) for v in row]
        theirs = torch_predict(model, X)
        assert max_diff(mine, theirs) <= tol(hidden, out_act)
        assert max(abs(v) for v in mine) > 1e-3  # a real signal, not zeros on both sides


def to_torch_checked(net):
    """to_torch, plus checks of its structure: float64 Linear + one module per non-linear activation."""
    model = interop.to_torch(net)
    assert isinstance(model, torch.nn.Sequential)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    assert len(linears) == len(net.layers)
    assert len(model) == len(net.layers) + sum(layer.activation != "linear" for layer in net.layers)
    for lin, layer in zip(linears, net.layers):
        assert lin.weight.dtype == torch.float64 and lin.bias.dtype == torch.float64
        assert tuple(lin.weight.shape) == (layer.n_out, layer.n_in)  # torch keeps (out, in)
        assert lin.weight.T.tolist() == layer.weights  # transposed, bit for bit
        assert lin.bias.tolist() == layer.bias
    return model


@needs_torch
def test_to_torch_modules_and_leaky_slope():
    layers = [Dense(2, 3, a) for a in ["linear", "sigmoid", "tanh", "relu", "leaky_relu"]] + [Dense(2, 3, "softmax")]
    for i in range(1, len(layers)):
        layers[i] = Dense(3, 3, layers[i].activation)
    model = interop.to_torch(Network(layers, seed=0))
    kinds = [type(m).__name__ for m in model]
    assert kinds == ["Linear", "Linear", "Sigmoid", "Linear", "Tanh", "Linear", "ReLU",
                     "Linear", "LeakyReLU", "Linear", "Softmax"]
    assert model[8].negative_slope == LEAKY_SLOPE
    assert model[10].dim == -1


def test_every_tinynet_activation_has_a_mapping():
    # a new activation in tinynet.activations must be given a torch module here
    assert set(interop.TORCH_ACTIVATIONS) == set(ACTIVATIONS)


@needs_torch
def test_to_torch_names_an_activation_it_cannot_map(monkeypatch):
    net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=0)
    table = dict(interop.TORCH_ACTIVATIONS)
    del table["tanh"]
    monkeypatch.setattr(interop, "TORCH_ACTIVATIONS", table)
    with pytest.raises(ValueError, match=r"layer 0: .*cannot map activation 'tanh'"):
        interop.to_torch(net)


@needs_torch
def test_to_torch_refuses_what_is_not_a_network():
    with pytest.raises(TypeError, match="needs a tinynet Network"):
        interop.to_torch([Dense(2, 1)])


def test_missing_torch_gives_an_install_hint(monkeypatch):
    real_import = builtins.__import__

    def no_torch(name, *args, **kwargs):
        if name == "torch" or name.startswith("torch."):
            raise ImportError("No module named 'torch'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_torch)
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    net = Network([Dense(2, 1)], seed=0)
    with pytest.raises(ImportError, match="pip install torch"):
        interop.to_torch(net)
    with pytest.raises(ImportError, match="pip install torch"):
        interop.from_torch(None)


# --------------------------------------------------------- one training step


def _torch_loss(model, loss, X, y):
    """The torch loss matching tinynet's ``loss`` on the to_torch model."""
    x = torch.tensor(X, dtype=torch.float64)
    if loss == "mse":  # mean over samples and outputs
        return torch.nn.MSELoss(reduction="mean")(model(x), torch.tensor(y, dtype=torch.float64))
    if loss == "binary_crossentropy":
        return torch.nn.BCELoss()(model(x), torch.tensor(y, dtype=torch.float64))
    if loss == "crossentropy":  # mean over samples of -log p[target]
        return torch.nn.NLLLoss()(torch.log(model(x)), torch.tensor(y))
    # "crossentropy-logits": the model without its final Softmax, as one trains in torch
    assert isinstance(model[-1], torch.nn.Softmax)
    return torch.nn.CrossEntropyLoss()(model[:-1](x), torch.tensor(y))


def _targets(rng, loss, net, n):
    if loss in ("crossentropy", "crossentropy-logits"):
        return [rng.randrange(net.n_outputs) for _ in range(n)]
    if loss == "binary_crossentropy":
        return [[rng.choice([0.0, 1.0, 0.3]) for _ in range(net.n_outputs)] for _ in range(n)]
    return [[rng.uniform(-1.0, 1.0) for _ in range(net.n_outputs)] for _ in range(n)]


STEPS = ([("mse", a) for a in ACTIVATIONS] + [("binary_crossentropy", "sigmoid"),
         ("crossentropy", "softmax"), ("crossentropy-logits", "softmax")])


@needs_torch
@pytest.mark.parametrize("loss, out_act", STEPS, ids=[f"{loss}-{act}" for loss, act in STEPS])
def test_one_sgd_step_agrees_with_torch(loss, out_act, backend):
    rng = random.Random(sum(map(ord, loss + out_act)))
    hidden = rng.choice(HIDDEN)
    tiny_loss = "crossentropy" if loss == "crossentropy-logits" else loss
    net = random_net(rng, hidden, out_act, loss=tiny_loss)
    X = random_x(rng, net, n=9)
    y = _targets(rng, loss, net, len(X))
    lr = 0.4
    model = interop.to_torch(net)
    before = flat(net)

    opt = torch.optim.SGD(model.parameters(), lr=lr)
    opt.zero_grad()
    t_loss = _torch_loss(model, loss, X, y)
    t_loss.backward()
    opt.step()

    h = net.fit(X, y, epochs=1, batch_size=None, optimizer="sgd", learning_rate=lr, shuffle=False,
                verbose=0, backend=backend)
    after = flat(net)
    theirs = flat(interop.from_torch(model, loss=tiny_loss))
    assert max_diff(before, after) > 1e-4  # the step moved the weights
    assert max_diff(after, theirs) <= tol(out_act)
    assert abs(h.history["loss"][0] - t_loss.item()) <= tol(out_act)  # the loss before the step


# -------------------------------------------------------------- from_torch


@needs_torch
@pytest.mark.parametrize("out_act", ACTIVATIONS)
def test_round_trip_is_bit_for_bit(out_act):
    rng = random.Random(7 + ACTIVATIONS.index(out_act))
    for hidden in HIDDEN:
        net = random_net(rng, hidden, out_act)
        back = interop.from_torch(interop.to_torch(net), loss="mse")
        assert [layer.activation for layer in back.layers] == [layer.activation for layer in net.layers]
        assert [layer.weights for layer in back.layers] == [layer.weights for layer in net.layers]
        assert [layer.bias for layer in back.layers] == [layer.bias for layer in net.layers]
        X = random_x(rng, net)
        assert back.predict(X) == net.predict(X)


@needs_torch
def test_from_torch_keeps_the_loss_and_seed():
    net = Network([Dense(3, 4, "relu"), Dense(4, 3, "softmax")], loss="crossentropy", seed=3)
    back = interop.from_torch(interop.to_torch(net), loss="crossentropy", seed=5)
    assert back.loss == "crossentropy" and back.seed == 5


def seq(*modules):
    return torch.nn.Sequential(*modules)


def lin(n_in, n_out, **kwargs):
    return torch.nn.Linear(n_in, n_out, dtype=kwargs.pop("dtype", torch.float64), **kwargs)


@needs_torch
def test_from_torch_linear_then_linear_is_a_linear_layer():
    net = interop.from_torch(seq(lin(2, 3), lin(3, 4), torch.nn.Tanh(), lin(4, 1)))
    assert [layer.activation for layer in net.layers] == ["linear", "tanh", "linear"]
    assert net.sizes == [2, 3, 4, 1]


@needs_torch
def test_from_torch_identity_is_linear():
    net = interop.from_torch(seq(lin(2, 3), torch.nn.Identity(), lin(3, 1), torch.nn.Sigmoid()))
    assert [layer.activation for layer in net.layers] == ["linear", "sigmoid"]


@needs_torch
def test_from_torch_linear_without_bias_gets_zero_bias():
    torch.manual_seed(0)
    model = seq(lin(3, 2, bias=False), torch.nn.ReLU(), lin(2, 1))
    net = interop.from_torch(model)
    assert net.layers[0].bias == [0.0, 0.0]
    assert net.layers[0].weights == model[0].weight.T.tolist()
    X = [[0.3, -1.0, 2.0], [1.0, 0.5, -0.5]]
    assert max_diff([v for r in net.predict(X) for v in r], torch_predict(model, X)) <= TOL


@needs_torch
def test_from_torch_converts_float32_exactly():
    torch.manual_seed(1)
    model = seq(lin(3, 4, dtype=torch.float32), torch.nn.Tanh(), lin(4, 2, dtype=torch.float32))
    net = interop.from_torch(model)
    for layer, linear in zip(net.layers, [model[0], model[2]]):
        # each float32 value is held exactly in the float64 list
        assert layer.weights == [[float(v) for v in row] for row in linear.weight.detach().T.tolist()]
        assert torch.tensor(layer.weights, dtype=torch.float32).T.equal(linear.weight.detach())
        assert torch.tensor(layer.bias, dtype=torch.float32).equal(linear.bias.detach())
    X = [[0.25, -1.0, 0.5]]
    wide = model.to(torch.float64)  # the same numbers in float64
    assert max_diff(net.predict(X)[0], torch_predict(wide, X)) <= TOL


BAD = {
    "not a Sequential": (lambda: lin(2, 1), TypeError, "needs a torch.nn.Sequential"),
    "empty": (lambda: seq(), ValueError, "empty"),
    "unsupported module": (lambda: seq(lin(2, 3), torch.nn.Dropout(0.5), lin(3, 1)), TypeError,
                           "module 1 is Dropout"),
    "unsupported activation": (lambda: seq(lin(2, 3), torch.nn.GELU()), TypeError, "module 1 is GELU"),
    "activation first": (lambda: seq(torch.nn.ReLU(), lin(2, 1)), ValueError, "module 0 is ReLU.*before any Linear"),
    "two activations": (lambda: seq(lin(2, 3), torch.nn.ReLU(), torch.nn.Tanh()), ValueError,
                        "module 2 is Tanh, a second activation"),
    "other leaky slope": (lambda: seq(lin(2, 3), torch.nn.LeakyReLU(0.2)), ValueError, "negative_slope=0.2"),
    "softmax over samples": (lambda: seq(lin(2, 3), torch.nn.Softmax(dim=0)), ValueError, r"Softmax\(dim=0\)"),
    "softmax not last": (lambda: seq(lin(2, 3), torch.nn.Softmax(dim=-1), lin(3, 1)), ValueError,
                         "softmax can only be the activation of the last layer"),
    "sizes do not chain": (lambda: seq(lin(2, 3), torch.nn.ReLU(), lin(4, 1)), ValueError,
                           "outputs 3 values but layer 1 takes 4"),
    "nested Sequential": (lambda: seq(seq(lin(2, 1))), TypeError, "module 0 is Sequential"),
}


@needs_torch
@pytest.mark.parametrize("case", sorted(BAD))
def test_from_torch_refuses_clearly(case):
    make, error, message = BAD[case]
    with pytest.raises(error, match=message):
        interop.from_torch(make())


@needs_torch
def test_from_torch_refuses_non_finite_weights():
    model = seq(lin(2, 2), torch.nn.Sigmoid())
    with torch.no_grad():
        model[0].weight[1, 0] = float("nan")
    with pytest.raises(ValueError, match=r"module 0 \(Linear\(2, 2\)\).*weights\[0\]\[1\]"):
        interop.from_torch(model)


@needs_torch
def test_from_torch_validates_the_loss():
    model = seq(lin(2, 3), torch.nn.ReLU(), lin(3, 1))
    with pytest.raises(ValueError, match="unknown loss 'kl_divergence'"):
        interop.from_torch(model, loss="kl_divergence")
    with pytest.raises(TypeError, match="loss must be a string"):
        interop.from_torch(model, loss=None)
    with pytest.raises(ValueError, match="binary_crossentropy needs a sigmoid output layer"):
        interop.from_torch(model, loss="binary_crossentropy")
    with pytest.raises(ValueError, match="crossentropy needs a softmax output layer"):
        interop.from_torch(model, loss="crossentropy")


# ------------------------------------------------- docs/model-format.md


def doc_text():
    with open(DOCS, encoding="utf-8") as f:
        return f.read()


def pytorch_snippet():
    """The code block after the marker comment in docs/model-format.md."""
    match = re.search(r"<!-- load-into-pytorch -->\s*```python\n(.*?)```", doc_text(), re.DOTALL)
    assert match, "docs/model-format.md lost its marked PyTorch snippet"
    return match.group(1)


def test_snippet_uses_only_json_and_torch():
    code = pytorch_snippet()
    imports = [line.strip() for line in code.splitlines() if re.match(r"\s*(import|from)\s", line)]
    assert sorted(imports) == ["import json", "import torch"]
    assert len([line for line in code.splitlines() if line.strip()]) <= 20


def test_docs_name_every_field_the_saver_writes():
    net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=0)
    net.fit([[0, 1], [1, 0]], [0, 1], epochs=1, verbose=0)
    data = to_dict(net)
    text = doc_text()
    for key in list(data) + list(data["layers"][0]) + list(data["optimizer"]):
        assert f'"{key}"' in text, key
    for name in ACTIVATIONS:
        assert f"`{name}`" in text, name


@needs_torch
@pytest.mark.parametrize("out_act", ACTIVATIONS)
def test_docs_snippet_loads_a_saved_model_into_torch(out_act, tmp_path, monkeypatch):
    rng = random.Random(31 + ACTIVATIONS.index(out_act))
    net = random_net(rng, rng.choice(HIDDEN), out_act)
    n = net.n_inputs  # put a leaky_relu layer in front, so every activation is in some file
    net.layers.insert(0, Dense(3, n, "leaky_relu", weights=[[rng.uniform(-1, 1) for _ in range(n)] for _ in range(3)],
                               bias=[rng.uniform(-1, 1) for _ in range(n)]))
    monkeypatch.chdir(tmp_path)
    net.save("model.json")
    namespace = {}
    exec(compile(pytorch_snippet(), DOCS, "exec"), namespace)  # noqa: S102 - our own docs, tested
    model = namespace["model"]
    X = random_x(rng, net)
    mine = [v for row in net.predict(X) for v in row]
    assert max_diff(mine, torch_predict(model, X)) <= TOL
    # and it is the same model to_torch builds
    assert [type(m) for m in model] == [type(m) for m in interop.to_torch(net)]
