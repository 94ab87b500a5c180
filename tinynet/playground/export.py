"""The playground's experiment written out as code a learner can keep.

* :func:`python_script`: a short tinynet script that rebuilds the same data,
  network, seed and options and trains them for the same number of epochs,
  reaching exactly the weights the page shows (the same calls, in the same
  order, as :class:`tinynet.playground.experiment.Experiment` makes).
* :func:`pytorch_script`: the same network in PyTorch, with its current
  weights (code only; tinynet itself never needs PyTorch).
"""

from ..interop import torch_code
from .experiment import data_call, fit_options, layer_specs, task

TYPE_CHECKING = False
if TYPE_CHECKING:  # only for type checkers
    from .experiment import Experiment

__all__ = ["python_script", "pytorch_script"]


def _call(name, kwargs):
    return "%s(%s)" % (name, ", ".join("%s=%r" % item for item in kwargs.items()))


def _data_lines(e):
    """The lines that make X_train, X_test, y_train, y_test."""
    s = e.settings
    if s["dataset"] == "upload":
        X, y = e.upload
        lines = ["# the data: the CSV you uploaded (x1, x2, %s)" % ("target" if s["problem"] == "regression"
                                                                     else "label"),
                 "X = [" + ",\n     ".join("[%r, %r]" % (a, b) for a, b in X) + "]",
                 "y = %r" % (list(y),)]
    else:
        lines = ["# the data: %d points (noise %d %%), split %d %% for training" % (
            len(e.points), s["noise"], s["train"]),
            "X, y = datasets.%s" % _call(*data_call(s))]
    lines += ["X = datasets.expand_features(X, %r)" % (s["features"],),
              "X_train, X_test, y_train, y_test = datasets.train_test_split(X, y, test_size=%r, seed=%r)"
              % ((100 - s["train"]) / 100.0, s["dseed"])]
    return lines


def _weights_literal(layers):
    return "[\n" + "".join("    (%r,\n     %r),\n" % (w, b) for w, b in layers) + "]"


def python_script(e: "Experiment") -> str:
    """A tinynet script that reproduces experiment ``e`` up to its current epoch."""
    s = e.settings
    specs = layer_specs(s, e.n_classes)
    _, _, loss = task(s, e.n_classes)
    shape = " -> ".join(["%d inputs" % specs[0][0]] + ["%d %s" % (n_out, act) for _, n_out, act in specs])
    options = ", ".join("%s=%r" % item for item in fit_options(s).items())
    lines = [
        '"""A tinynet playground experiment as a script (%s on %s, epoch %d).' % (shape, s["dataset"], e.epoch),
        "",
        "It rebuilds the page's data and network and trains them for the same",
        "epochs, one fit call per epoch as the page does: the weights at the end",
        "are exactly the ones the page showed when you exported.",
        '"""',
        "import tinynet",
        "from tinynet import datasets",
        "",
    ] + _data_lines(e) + [
        "",
        "# the network: %s" % shape,
        "net = tinynet.Network([",
    ] + ["    tinynet.Dense(%d, %d, %r, init=%r)," % (n_in, n_out, act, s["init"]) for n_in, n_out, act in specs] + [
        "], loss=%r, seed=%r)" % (loss, s["seed"]),
    ]
    if e.start is not None:
        lines += ["", "# start from the weights of the model you imported (instead of the seed's)",
                  "START = " + _weights_literal(e.start),
                  "for layer, (weights, bias) in zip(net.layers, START):",
                  "    layer.weights, layer.bias = weights, bias"]
    lines += ["", "EPOCHS = %d" % e.epoch]
    if e.edits:
        edits = {}
        for epoch, layer, k, j, value in e.edits:
            edits.setdefault(epoch, []).append((layer, k, j, value))
        lines += ["# the weights you set by hand: {epoch: [(layer, k, j, new value), ...]}",
                  "EDITS = %r" % (edits,),
                  "",
                  "",
                  "def apply_edits(epoch):",
                  "    for layer, k, j, value in EDITS.get(epoch, []):",
                  "        net.layers[layer].weights[k][j] = value",
                  "",
                  "",
                  "for epoch in range(EPOCHS):",
                  "    apply_edits(epoch)",
                  "    net.fit(X_train, y_train, %s)" % options,
                  "apply_edits(EPOCHS)"]
    else:
        lines += ["for epoch in range(EPOCHS):",
                  "    net.fit(X_train, y_train, %s)" % options]
    lines += ["",
              'print("after %d epochs:" % EPOCHS)',
              'print("  training set:", net.evaluate(X_train, y_train))',
              'print("  test set:    ", net.evaluate(X_test, y_test))',
              ""]
    return "\n".join(lines)


_TORCH_LOSS = {"mse": "nn.MSELoss()", "binary_crossentropy": "nn.BCELoss()",
               "crossentropy": "nn.CrossEntropyLoss()  # takes the scores before softmax"}


def pytorch_script(e: "Experiment") -> str:
    """The network of experiment ``e`` in PyTorch, with its current weights (not run by tinynet)."""
    # long: a template, the lines of the script it writes in order, best read whole
    s = e.settings
    specs = layer_specs(s, e.n_classes)
    _, _, loss = task(s, e.n_classes)
    modules = []
    for n_in, n_out, act in specs:
        modules.append("nn.Linear(%d, %d)," % (n_in, n_out))
        code = torch_code(act)
        if code and act != "softmax":  # softmax: CrossEntropyLoss takes the scores
            modules.append(code + ",")
    if s["optimizer"] == "adam":
        make_opt = "torch.optim.Adam(groups, lr=%r, betas=(0.9, 0.999), eps=1e-08)" % s["lr"]
    else:
        make_opt = "torch.optim.SGD(groups, lr=%r, momentum=%r)" % (s["lr"], 0.9 if s["optimizer"] == "momentum"
                                                                    else 0.0)
    decay = s["rate"] if s["reg"] == "l2" else 0.0
    weights = [(layer.weights, layer.bias) for layer in e.net.layers]
    lines = [
        '"""The tinynet playground network in PyTorch, with its weights at epoch %d.' % e.epoch,
        "",
        "Code only: tinynet does not need PyTorch. PyTorch draws its own shuffling,",
        "so its training will not follow tinynet's epoch by epoch.",
        '"""',
        "import torch",
        "from torch import nn",
        "",
        "from tinynet import datasets",
        "",
    ] + _data_lines(e) + [
        "",
        "model = nn.Sequential(",
    ] + ["    " + m for m in modules] + [
        ").double()",
        "",
        "# tinynet's weights[k][j] joins input k to neuron j; PyTorch's weight[j][k] is the transpose",
        "WEIGHTS = " + _weights_literal(weights),
        "linears = [m for m in model if isinstance(m, nn.Linear)]",
        "with torch.no_grad():",
        "    for linear, (w, b) in zip(linears, WEIGHTS):",
        "        linear.weight.copy_(torch.tensor(w, dtype=torch.float64).T)",
        "        linear.bias.copy_(torch.tensor(b, dtype=torch.float64))",
        "",
        "loss_fn = %s" % _TORCH_LOSS[loss],
        "# tinynet's L2 (weight_decay) pulls the weights, not the biases, towards 0",
        "groups = [{'params': [m.weight for m in linears], 'weight_decay': %r}," % decay,
        "          {'params': [m.bias for m in linears], 'weight_decay': 0.0}]",
        "optimizer = " + make_opt,
        "",
        "X_train = torch.tensor(X_train, dtype=torch.float64)",
        "y_train = torch.tensor(y_train, dtype=%s)" % ("torch.long" if loss == "crossentropy" else "torch.float64"),
    ]
    if loss != "crossentropy":
        lines.append("y_train = y_train.reshape(-1, 1)")
    lines += [
        "",
        "",
        "def train(epochs=100):",
        "    for epoch in range(epochs):",
        "        order = torch.randperm(len(X_train))",
        "        for start in range(0, len(order), %d):" % s["batch"],
        "            batch = order[start:start + %d]" % s["batch"],
        "            optimizer.zero_grad()",
        "            loss = loss_fn(model(X_train[batch]), y_train[batch])",
        "            loss.backward()",
        "            optimizer.step()",
        '    print("training loss:", loss_fn(model(X_train), y_train).item())',
        "",
        "",
        'if __name__ == "__main__":',
        "    train()",
        "",
    ]
    return "\n".join(lines)
