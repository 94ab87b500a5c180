"""Speed of the training loops: pure Python, compiled (Cython), and NumPy as a peer.

Run it as ``tinynet bench``, ``python -m benchmarks`` or
``python benchmarks/bench.py`` (options: ``--help``).

Every backend trains the same network from the same starting weights on the
same data in the same sample order; the loops are called directly with flat
buffers (the way ``Network.fit`` calls them), so this measures the training
loop and nothing else.  The figure reported is the time per epoch, the median
over ``--repeats`` runs.

The pure-Python loop is slow on the larger workloads, so there it is timed on
fewer epochs, or on the first few batches of one epoch, and scaled to a full
epoch (the ``timed`` column says what was run).  The compiled loop is then
run over exactly the same epochs or batches, and the ``same bits`` column says
whether both ended with identical weights.

NumPy is not a dependency of tinynet: it is imported only inside
:func:`numpy_trainer`, and its column is left out when it is not installed.
Its maths is the same but not in the same order (BLAS sums in blocks and
uses fused multiply-add), so it does not give the same bits; it is here as the
yardstick a learner would reach for.
"""

try:
    import argparse
except ImportError:  # MicroPython has no argparse: an ImportError that says what needs it
    from ._compat import require
    argparse = require("argparse", "tinynet.bench")

import array
import json
import os
import platform
import statistics
import sys
import time

from . import datasets, fileio
from ._compat import zeros
from .activations import TABLE as _ACTIVATIONS
from .backends import python as _python
from .backends.interface import Batches, Layout, Update
from .codes import ACTIVATION_CODES, LOSS_CODES
from .interop import activation_module
from .layers import initial_weights
from .rng import Random

TYPE_CHECKING = False
if TYPE_CHECKING:  # only for type checkers
    from collections.abc import Callable, Sequence

    from .network import Network

__all__ = ["WORKLOADS", "BACKENDS", "load_workload", "numpy_data", "numpy_trainer", "torch_trainer",
           "sklearn_model", "numpy_forms", "flop_count", "installed", "one_thread_blas", "COLUMNS",
           "format_time", "run", "predict_timings", "format_table", "main"]


# codes (the same in every backend: tinynet.codes)
_SIGMOID, _TANH, _RELU, _SOFTMAX = (ACTIVATION_CODES[name] for name in
                                    ("sigmoid", "tanh", "relu", "softmax"))
_MSE, _CE = LOSS_CODES["mse"], LOSS_CODES["crossentropy"]

#: The workloads: name -> settings.  ``python_epochs``/``python_batches`` say
#: how much of it the slow pure-Python loop runs (None = all of it).
WORKLOADS = {
    "seed": dict(
        about="tutorial 3-1 sigmoid neuron, 4 samples, full batch, MSE",
        sizes=[3, 1], activations=[_SIGMOID], loss=_MSE, data="seed",
        batch_size=4, epochs=15000, learning_rate=1.0,
        python_epochs=3000, python_batches=None),
    "xor": dict(
        about="2-8-1 tanh/sigmoid, 4 samples, full batch, MSE",
        sizes=[2, 8, 1], activations=[_TANH, _SIGMOID], loss=_MSE, data="xor",
        batch_size=4, epochs=10000, learning_rate=0.5,
        python_epochs=1000, python_batches=None),
    "iris": dict(
        about="4-16-3 tanh/softmax, 150 samples, batch 16, cross-entropy",
        sizes=[4, 16, 3], activations=[_TANH, _SOFTMAX], loss=_CE, data="iris",
        batch_size=16, epochs=200, learning_rate=0.05,
        python_epochs=10, python_batches=None),
    "digits": dict(
        about="64-32-10 relu/softmax, 1797 samples, batch 32, cross-entropy",
        sizes=[64, 32, 10], activations=[_RELU, _SOFTMAX], loss=_CE, data="digits",
        batch_size=32, epochs=10, learning_rate=0.05,
        python_epochs=1, python_batches=None),
    "mnist-size": dict(
        about="784-128-10 relu/softmax, 2000 random samples, batch 64, cross-entropy",
        sizes=[784, 128, 10], activations=[_RELU, _SOFTMAX], loss=_CE, data="random",
        n=2000, batch_size=64, epochs=2, learning_rate=0.05,
        python_epochs=1, python_batches=2, big=True),
    "784-512-10": dict(
        about="784-512-10 relu/softmax, 2000 random samples, batch 64, cross-entropy",
        sizes=[784, 512, 10], activations=[_RELU, _SOFTMAX], loss=_CE, data="random",
        n=2000, batch_size=64, epochs=1, learning_rate=0.05,
        python_epochs=1, python_batches=1, quick_python=False, big=True),
    "digits-batch1": dict(
        about="64-32-10 relu/softmax, 1797 samples, batch 1 (one update per sample)",
        sizes=[64, 32, 10], activations=[_RELU, _SOFTMAX], loss=_CE, data="digits",
        batch_size=1, epochs=2, learning_rate=0.01,
        python_epochs=1, python_batches=300, quick_python=False),
}

#: The contenders: tinynet's two loops and the peers (each left out when not installed).
BACKENDS = ("python", "cython", "numpy", "torch", "sklearn")
#: What ``--quick`` (and CI) times unless told otherwise.
QUICK_BACKENDS = ("python", "cython", "numpy")


# ------------------------------------------------------------------ the data


def _one_hot(label, classes):
    row = [0.0] * classes
    row[label] = 1.0
    return row


def _load_data(spec, seed):
    """(n, X, Y) as flat lists for a workload (the data come from tinynet.datasets)."""
    kind = spec["data"]
    n_in, n_out = spec["sizes"][0], spec["sizes"][-1]
    if kind == "seed":
        rows, labels = datasets.load_tutorial()
    elif kind == "xor":
        rows, labels = datasets.load_xor()
    elif kind == "iris":
        rows, labels = datasets.load_iris()
    elif kind == "digits":
        rows, labels = datasets.load_digits()
        rows = [[v / 16.0 for v in row] for row in rows]  # pixels 0..16 -> 0..1
    else:  # random MNIST-sized data with a fixed seed
        rng = Random(seed)
        rows = [[rng.random() for _ in range(n_in)] for _ in range(spec["n"])]
        labels = [rng.randrange(n_out) for _ in range(spec["n"])]
    if n_out == 1:
        targets = [[float(label)] for label in labels]
    else:
        targets = [_one_hot(label, n_out) for label in labels]
    X = [float(v) for row in rows for v in row]
    Y = [float(v) for row in targets for v in row]
    return len(rows), X, Y, [list(X[i * n_in:(i + 1) * n_in]) for i in range(len(rows))], labels


def _init_params(sizes, seed):
    """Starting weights (Xavier, like Dense's default) and zero biases."""
    rng = Random(seed)
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        for row in initial_weights(n_in, n_out, "xavier", rng):
            params.extend(row)
        params.extend([0.0] * n_out)
    return params


def load_workload(name: str, seed: int = 0) -> dict:
    """Everything one workload needs: data, starting weights, sample orders."""
    spec = dict(WORKLOADS[name])
    n, X, Y, rows, labels = _load_data(spec, seed)
    spec.update(name=name, n=n, X=X, Y=Y, params=_init_params(spec["sizes"], seed + 1),
                rows=rows, labels=[int(v) if spec["loss"] == _CE else float(v) for v in labels])
    rng = Random(seed + 2)
    orders = []
    shuffle = spec["batch_size"] < n
    for _ in range(min(spec["epochs"], 50)):
        order = list(range(n))
        if shuffle:
            rng.shuffle(order)
        orders.append(order)
    spec["orders"] = orders  # epoch e uses orders[e % len(orders)]
    return spec


# ------------------------------------------------------------- the backends


def _loop_trainer(module, wl):
    """A function (epochs, batches) -> final params, running ``module``'s loop."""
    sizes, acts = wl["sizes"], wl["activations"]
    X = array.array("d", wl["X"])
    Y = array.array("d", wl["Y"])
    accuracy = 2 if wl["loss"] == _CE else 1
    orders = wl["orders"]

    layout = Layout(sizes, acts, wl["loss"])

    def train(epochs, batches=None):
        params = array.array("d", wl["params"])
        state1, state2 = zeros(len(params)), zeros(len(params))
        step = 0
        for e in range(epochs):
            order = orders[e % len(orders)]
            if batches is not None:
                order = order[: batches * wl["batch_size"]]
            _, _, step = module.train_epoch(
                layout, params, Batches(X, Y, order, wl["batch_size"], accuracy),
                Update(0, wl["learning_rate"], state1, state2, step))
        return params

    return train


def numpy_data(wl: dict, rows: "Sequence", labels: "Sequence") -> tuple:
    """What a NumPy script does first: the samples and one-hot (or column) targets as arrays."""
    import numpy as np

    X = np.asarray(rows, dtype=np.float64)
    labels = np.asarray(labels)
    nL = wl["sizes"][-1]
    Y = np.eye(nL)[labels] if wl["loss"] == _CE else labels.astype(np.float64).reshape(-1, nL)
    return X, Y


def numpy_forms(np: object) -> dict:
    """The NumPy form of every activation in :data:`tinynet.activations.TABLE`, by name:
    ``name -> (f(Z), f'(A))``, the slope written with the output ``A = f(Z)``, as in the table
    (softmax: ``None``, it has no element-wise slope). ``np`` is the numpy module.

    Each record of the table carries its NumPy form (``record.numpy``): a
    record without one is a clear error (and ``tests/test_bench.py`` checks
    each form against the table's own scalar functions).
    """
    missing = [record.name for record in _ACTIVATIONS if record.numpy is None]
    if missing:
        raise NotImplementedError("the NumPy peer has no form of: %s" % ", ".join(missing))
    return {record.name: record.numpy(np) for record in _ACTIVATIONS}


def _numpy_layers_of(np, params, sizes):
    """The weight matrices and bias vectors of a flat parameter list, as NumPy arrays."""
    params = np.array(params, dtype=float)
    Ws, bs, at = [], [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        Ws.append(params[at:at + n_in * n_out].reshape(n_in, n_out))
        at += n_in * n_out
        bs.append(params[at:at + n_out])
        at += n_out
    return params, Ws, bs


def _numpy_step(np, forms, Ws, bs, wl, X, Y, rows):
    """One SGD step of the NumPy peer on the samples ``rows``; returns (loss sum, correct)."""
    acts, loss, lr, nL = wl["activations"], wl["loss"], wl["learning_rate"], wl["sizes"][-1]
    outs = [X[rows]]
    for W, b, code in zip(Ws, bs, acts):
        outs.append(forms[code][0](outs[-1] @ W + b))
    out, y, count = outs[-1], Y[rows], len(rows)
    if loss == _CE:
        loss_sum = float(-(y * np.log(np.maximum(out, 1e-44))).sum())
        correct = int((out.argmax(axis=1) == y.argmax(axis=1)).sum())
        delta = (out - y) / count
    else:
        loss_sum = float(((y - out) ** 2).mean(axis=1).sum())
        correct = int(((out >= 0.5) == (y >= 0.5)).all(axis=1).sum())
        delta = (out - y) * (2.0 / (count * nL)) * forms[acts[-1]][1](out)
    grads = []
    for layer in range(len(Ws) - 1, -1, -1):
        a = outs[layer]
        grads.append((a.T @ delta, delta.sum(axis=0)))
        if layer:
            delta = (delta @ Ws[layer].T) * forms[acts[layer - 1]][1](a)
    for (gW, gb), W, b in zip(reversed(grads), Ws, bs):
        W -= lr * gW
        b -= lr * gb
    return loss_sum, correct


def numpy_trainer(wl: dict, X: object = None, Y: object = None) -> "Callable":
    """The same training written with NumPy arrays (a peer, not bit-identical).

    The activations are :func:`numpy_forms` of the workload's table records.
    """
    import numpy as np

    sizes = wl["sizes"]
    n, n0, nL, batch = wl["n"], sizes[0], sizes[-1], wl["batch_size"]
    if X is None:
        X = np.array(wl["X"], dtype=float).reshape(n, n0)
        Y = np.array(wl["Y"], dtype=float).reshape(n, nL)
    orders = [np.array(o, dtype=np.intp) for o in wl["orders"]]
    by_name = numpy_forms(np)
    forms = [by_name[record.name] for record in _ACTIVATIONS]  # by the loops' codes

    def train(epochs, batches=None):
        params, Ws, bs = _numpy_layers_of(np, wl["params"], sizes)
        for e in range(epochs):
            order = orders[e % len(orders)]
            if batches is not None:
                order = order[: batches * batch]
            for start in range(0, len(order), batch):
                _numpy_step(np, forms, Ws, bs, wl, X, Y, order[start:start + batch])
        return params

    return train


def torch_trainer(wl: dict, threads: "int | None") -> tuple:
    """The same training in PyTorch (float64, the same weights, batches and order).

    ``threads``: 1, or None for PyTorch's default. Returns
    ``(convert, train)``: ``convert(X, y)`` makes the tensors a PyTorch script
    makes from Python lists or NumPy arrays, ``train(data, epochs)`` trains.
    """
    import torch
    import torch.nn.functional as F

    if "default" not in _TORCH_THREADS:
        _TORCH_THREADS["default"] = torch.get_num_threads()
    sizes, acts, loss = wl["sizes"], wl["activations"], wl["loss"]
    nL, lr, batch = sizes[-1], wl["learning_rate"], wl["batch_size"]
    orders = [torch.tensor(o, dtype=torch.long) for o in wl["orders"]]

    def convert(X, y):
        X = torch.as_tensor(X, dtype=torch.float64)
        if loss == _CE:
            return X, torch.nn.functional.one_hot(torch.as_tensor(y), nL).double()
        return X, torch.as_tensor(y, dtype=torch.float64).reshape(-1, nL)

    def model():
        layers, at = [], 0
        flat = torch.tensor(wl["params"], dtype=torch.float64)
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            linear = torch.nn.Linear(n_in, n_out, dtype=torch.float64)
            with torch.no_grad():
                linear.weight.copy_(flat[at:at + n_in * n_out].reshape(n_in, n_out).T)
                linear.bias.copy_(flat[at + n_in * n_out:at + n_in * n_out + n_out])
            at += n_in * n_out + n_out
            layers.append(linear)
            name = _ACTIVATIONS[acts[i]].name
            module = activation_module(torch, name, i)  # interop's mapping of the table's names
            if module is not None and name != "softmax":  # softmax is in the loss (cross_entropy takes the scores)
                layers.append(module)
        return torch.nn.Sequential(*layers)

    def train(data, epochs):
        torch.set_num_threads(threads or _TORCH_THREADS["default"])
        X, Y = data
        net = model()
        opt = torch.optim.SGD(net.parameters(), lr=lr)
        for e in range(epochs):
            order = orders[e % len(orders)]
            for start in range(0, len(order), batch):
                rows = order[start:start + batch]
                out = net(X[rows])
                if loss == _CE:
                    value = F.cross_entropy(out, Y[rows])  # mean over the batch
                else:
                    value = F.mse_loss(out, Y[rows])  # mean over the batch and outputs
                opt.zero_grad()
                value.backward()
                opt.step()
        return net

    return convert, train


_TORCH_THREADS = {}
#: At most this many PyTorch steps per timed run (whole epochs, at least one).
TORCH_STEPS = 500
_SKLEARN_ACTIVATIONS = {"relu": "relu", "tanh": "tanh", "sigmoid": "logistic", "linear": "identity"}


def sklearn_model(wl: dict, epochs: int) -> object:
    """scikit-learn's MLPClassifier(solver="sgd") with the same layers and steps, or
    the reason it does not apply (it trains softmax/cross-entropy classifiers only)."""
    sizes, acts = wl["sizes"], wl["activations"]
    hidden = [_ACTIVATIONS[a].name for a in acts[:-1]]
    if wl["loss"] != _CE or not hidden or len(set(hidden)) != 1 or hidden[0] not in _SKLEARN_ACTIVATIONS:
        return "not the same model (MLPClassifier: softmax + cross-entropy, one hidden activation)"
    from sklearn.neural_network import MLPClassifier

    return MLPClassifier(
        hidden_layer_sizes=tuple(sizes[1:-1]), activation=_SKLEARN_ACTIVATIONS[hidden[0]],
        solver="sgd", learning_rate="constant", learning_rate_init=wl["learning_rate"],
        momentum=0.0, nesterovs_momentum=False, alpha=0.0, batch_size=wl["batch_size"],
        max_iter=epochs, shuffle=True, tol=0.0, n_iter_no_change=epochs + 1, random_state=0)


def network_of(wl: dict) -> "Network":
    """A tinynet Network with the workload's layers (for the whole-call timings)."""
    from .layers import Dense
    from .network import Network

    sizes, acts = wl["sizes"], wl["activations"]
    layers = [Dense(n_in, n_out, _ACTIVATIONS[a].name)
              for n_in, n_out, a in zip(sizes[:-1], sizes[1:], acts)]
    return Network(layers, loss="crossentropy" if wl["loss"] == _CE else "mse", seed=0)


def flop_count(wl: dict) -> int:
    """Floating-point operations of one epoch, counted exactly.

    Per sample and layer (n_in inputs, n_out outputs): the forward product
    and bias ``2 * n_in * n_out + n_out`` (each output adds n_in products to
    0.0, then the bias); the weight gradient ``2 * n_in * n_out``; the bias
    gradient ``n_out``; for every layer but the first, the delta for the
    layer below ``2 * n_in * n_out + n_in`` (the product, then the slope
    multiply). Per batch, SGD's update ``2`` per parameter. The activation,
    loss and slope functions themselves (exp, tanh, max) are not counted.
    """
    sizes, n, batch = wl["sizes"], wl["n"], wl["batch_size"]
    per_sample = 0
    params = 0
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        per_sample += (2 * n_in * n_out + n_out) + (2 * n_in * n_out) + n_out
        if layer:
            per_sample += 2 * n_in * n_out + n_in
        params += n_in * n_out + n_out
    return per_sample * n + 2 * params * -(-n // batch)


def _median(values):
    return statistics.median(values) if values else None


def cpu_info() -> dict:
    """The CPU's name and the instruction sets the kernels care about (Linux /proc/cpuinfo)."""
    info = {"model": platform.processor() or None, "instruction_sets": []}
    try:
        with open("/proc/cpuinfo") as f:
            text = f.read()
    except OSError:
        return info
    flags = set()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags":
            flags.update(value.split())
        elif key.strip() == "model name":
            info["model"] = value.strip()
    wanted = ("sse2", "sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw",
              "avx512vl", "avx512_vnni", "avx512_bf16", "amx_tile")
    info["instruction_sets"] = [name for name in wanted if name in flags]
    return info


def _numpy_info():
    try:
        import numpy
    except ImportError:
        return None
    info = {"version": numpy.__version__}
    try:
        from threadpoolctl import threadpool_info
        info["threadpoolctl"] = threadpool_info()
    except ImportError:
        info["threadpoolctl"] = "not installed"
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        info[name] = os.environ.get(name)
    return info


def installed(name: str) -> bool:
    """True when the module ``name`` can be imported (an optional peer: numpy, torch, sklearn)."""
    try:
        __import__(name)
    except ImportError:
        return False
    return True


def one_thread_blas() -> object:
    """A context in which NumPy's BLAS runs on one thread (threadpoolctl), or None."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return None
    return threadpool_limits(limits=1, user_api="blas")


def _contenders(wl, backends, epochs, quick, compiled):
    """name -> a function running one timed round, returning {"epoch": s, "lists": s, "numpy": s}.

    "epoch" is seconds per epoch; "lists"/"numpy" the whole call (conversion
    and training, as a user's script does it) from Python lists or a NumPy array.
    A contender that does not apply is a string saying why.
    """
    data = {"rows": wl["rows"], "labels": wl["labels"], "np": None}
    if installed("numpy"):
        import numpy as np
        data["np"] = (np.array(wl["rows"]), np.array(wl["labels"]))
    out = {}
    if "cython" in backends and compiled is not None:
        out["cython"] = _tinynet_round(wl, compiled, "cython", epochs, quick, data)
    if "numpy" in backends and data["np"] is not None:
        out["numpy"] = _numpy_round(wl, epochs, data)
    if "torch" in backends and not quick and installed("torch"):
        out.update(_torch_rounds(wl, epochs, data))
    if "sklearn" in backends and not quick and installed("sklearn"):
        reason = sklearn_model(wl, epochs)
        out["sklearn"] = reason if isinstance(reason, str) else _sklearn_round(wl, epochs, data)
    return out


def _tinynet_round(wl, module, name, epochs, quick, data):
    """One round of a tinynet loop: its epoch, then whole fit calls from lists and NumPy."""
    train = _loop_trainer(module, wl)
    fit_kw = dict(epochs=epochs, batch_size=wl["batch_size"], learning_rate=wl["learning_rate"],
                  verbose=0, backend=name)

    def one():
        t0 = time.perf_counter()
        train(epochs)
        got = {"epoch": (time.perf_counter() - t0) / epochs}
        if quick and wl.get("big"):
            return got  # --quick: no whole calls on the big workloads
        inputs = [("lists", data["rows"], data["labels"])]
        if data["np"] is not None:
            inputs.append(("numpy",) + data["np"])
        for kind, X, y in inputs:
            net = network_of(wl)
            t0 = time.perf_counter()
            net.fit(X, y, **fit_kw)
            got[kind] = time.perf_counter() - t0
        return got
    return one


def _numpy_round(wl, epochs, data):
    """One round of the NumPy peer: converting the lists (or arrays) and training."""
    import contextlib

    def one():
        with one_thread_blas() or contextlib.nullcontext():
            t0 = time.perf_counter()
            X, Y = numpy_data(wl, data["rows"], data["labels"])
            t1 = time.perf_counter()
            numpy_trainer(wl, X, Y)(epochs)
            t2 = time.perf_counter()
            numpy_data(wl, *data["np"])
            t3 = time.perf_counter()
        return {"epoch": (t2 - t1) / epochs, "lists": t2 - t0, "numpy": (t3 - t2) + (t2 - t1)}
    return one


def _torch_rounds(wl, epochs, data):
    """``{"torch-1": round, "torch": round}``: PyTorch on one thread and on its default."""
    # PyTorch's per-step overhead (0.1 ms, far more on a loaded machine) would make the
    # many-epoch workloads take minutes: it runs at most TORCH_STEPS steps (whole epochs)
    TE = max(1, min(epochs, TORCH_STEPS // -(-wl["n"] // wl["batch_size"])))
    out = {}
    for threads, name in ((1, "torch-1"), (None, "torch")):
        def one(threads=threads):
            convert, train = torch_trainer(wl, threads)
            t0 = time.perf_counter()
            tensors = convert(data["rows"], data["labels"])
            t1 = time.perf_counter()
            train(tensors, TE)
            t2 = time.perf_counter()
            if data["np"] is not None:
                convert(*data["np"])
            t3 = time.perf_counter()
            got = {"epoch": (t2 - t1) / TE}
            if TE == epochs:  # a whole call only for the same epochs as the others
                got.update(lists=t2 - t0, numpy=(t3 - t2) + (t2 - t1))
            return got
        out[name] = one
        if TE < epochs:
            one.note = "%d epochs (per-epoch figure; no whole call)" % TE
    return out


def _sklearn_round(wl, epochs, data):
    """One round of scikit-learn's MLPClassifier, fitted on the NumPy arrays, then on the lists."""
    import contextlib
    import warnings

    def one():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ConvergenceWarning: it ran the epochs asked
            with one_thread_blas() or contextlib.nullcontext():
                t0 = time.perf_counter()
                sklearn_model(wl, epochs).fit(*data["np"])
                t1 = time.perf_counter()
                sklearn_model(wl, epochs).fit(data["rows"], data["labels"])
                t2 = time.perf_counter()
        return {"epoch": (t1 - t0) / epochs, "lists": t2 - t1, "numpy": t1 - t0}
    return one


def _python_round(wl, py_epochs, py_batches, same_as, whole=True):
    """The pure loop: its epoch (scaled when only some batches run) and, on the
    full data, its whole fit call over ``py_epochs`` epochs from lists."""
    train = _loop_trainer(_python, wl)
    batches_per_epoch = -(-wl["n"] // wl["batch_size"])

    def one():
        t0 = time.perf_counter()
        params = train(py_epochs, py_batches)
        t = time.perf_counter() - t0
        got = {"epoch": t / py_epochs * (batches_per_epoch / py_batches if py_batches else 1.0)}
        if same_as is not None:
            got["same_bits"] = same_as(py_epochs, py_batches).tobytes() == params.tobytes()
        if py_batches is None and whole:
            net = network_of(wl)
            t0 = time.perf_counter()
            net.fit(wl["rows"], wl["labels"], epochs=py_epochs, batch_size=wl["batch_size"],
                    learning_rate=wl["learning_rate"], verbose=0, backend="python")
            got["lists"] = time.perf_counter() - t0
        return got
    return one


def run(workloads: "Sequence[str] | None" = None, repeats: int = 3, backends: "Sequence[str]" = BACKENDS,
        quick: bool = False, log: "Callable[[str], object] | None" = None) -> list:
    """Time the contenders on the workloads, interleaved; returns a list of result dicts.

    Args:
        workloads: names from :data:`WORKLOADS` (default: all of them).
        repeats: rounds per figure; in each round every contender runs once,
            one after another, and the median over the rounds is reported.
        backends: any of :data:`BACKENDS` (those not installed are reported
            as such).
        quick: a tenth of every workload's epochs, one round, no PyTorch or
            scikit-learn, no whole calls on the big workloads (for smoke tests and CI).
        log: a function called with a progress line, or None.
    """
    names, backends = _checked_names(workloads, backends)
    compiled = _compiled() if "cython" in backends else None
    results = []
    for name in names:
        wl = load_workload(name)
        epochs = wl["epochs"] if not quick else max(1, wl["epochs"] // 10)
        row = {"workload": name, "about": wl["about"], "epochs": epochs, "n": wl["n"],
               "batch_size": wl["batch_size"],
               "batches_per_epoch": -(-wl["n"] // wl["batch_size"]), "seconds_per_epoch": {},
               "whole_call": {}, "timed": {}, "flops_per_epoch": flop_count(wl), "gflops": {}}
        if log:
            log("%s: %s" % (name, wl["about"]))
        rounds = _contenders(wl, backends, epochs, quick, compiled)
        for key, value in list(rounds.items()):
            if isinstance(value, str):
                row["timed"][key] = value
                del rounds[key]
        py_repeats = _add_python(row, rounds, wl, backends, epochs, repeats, quick, compiled)
        samples = {key: [] for key in rounds}
        for r in range(repeats if not quick else 1):
            for key, one in rounds.items():
                if key == "python" and r >= py_repeats:
                    continue
                samples[key].append(one())
        _summarise(row, samples, rounds, epochs)
        _note_missing(row, backends, quick)
        results.append(row)
    return results


def _checked_names(workloads, backends):
    """The workload and backend names asked for, or a ValueError naming the unknown one."""
    names = list(WORKLOADS) if workloads is None else list(workloads)
    for name in names:
        if name not in WORKLOADS:
            raise ValueError("unknown workload %r; choose from %s" % (name, ", ".join(WORKLOADS)))
    backends = list(backends)
    for b in backends:
        if b not in BACKENDS:
            raise ValueError("unknown backend %r; choose from %s" % (b, ", ".join(BACKENDS)))
    return names, backends


def _compiled():
    """The compiled loop's module, or None when it is not built."""
    from . import backends as _backends

    try:
        return _backends.get("cython")
    except ImportError:
        return None


def _add_python(row, rounds, wl, backends, epochs, repeats, quick, compiled):
    """Add the pure loop's round to ``rounds`` (and what it runs to ``row["timed"]``);
    return how many rounds it runs (one when it runs only some batches: it is slow)."""
    py_epochs = min(wl["python_epochs"] or epochs, epochs)
    py_batches = wl["python_batches"]
    py_repeats = 1 if py_batches is not None else (repeats if not quick else 1)
    if "python" not in backends:
        return py_repeats
    if quick and not wl.get("quick_python", True):
        row["timed"]["python"] = "not run (--quick)"
        return py_repeats
    same = _loop_trainer(compiled, wl) if compiled is not None else None
    rounds["python"] = _python_round(wl, py_epochs, py_batches, same, whole=not quick)
    if py_batches is not None:
        row["timed"]["python"] = ("%d of %d batches of 1 epoch, scaled; %d round%s; "
                                  "whole call not timed (too slow)" % (
                                      py_batches, row["batches_per_epoch"], py_repeats,
                                      "" if py_repeats == 1 else "s"))
    else:
        row["timed"]["python"] = "%d epoch%s%s" % (py_epochs, "" if py_epochs == 1 else "s",
                                                 "" if quick else " (its whole call too)")
    return py_repeats


def _summarise(row, samples, rounds, epochs):
    """Medians of every contender's rounds into ``row``: epoch, whole calls, GFLOP/s, ratios."""
    for key, got in samples.items():
        row["seconds_per_epoch"][key] = _median([g["epoch"] for g in got])
        row["whole_call"][key] = {kind: _median([g[kind] for g in got if kind in g])
                                  for kind in ("lists", "numpy") if any(kind in g for g in got)}
        if key != "python":
            row["timed"][key] = getattr(rounds[key], "note", None) or "%d epoch%s" % (
                epochs, "" if epochs == 1 else "s")
        if key == "python" and "same_bits" in got[0]:
            row["same_bits"] = all(g["same_bits"] for g in got)
        if row["seconds_per_epoch"][key]:
            row["gflops"][key] = row["flops_per_epoch"] / row["seconds_per_epoch"][key] / 1e9
    sec = row["seconds_per_epoch"]
    if sec.get("python") and sec.get("cython"):
        row["python/cython"] = sec["python"] / sec["cython"]
    if sec.get("numpy") and sec.get("cython"):
        row["numpy/cython"] = sec["numpy"] / sec["cython"]


def _note_missing(row, backends, quick):
    """Say in ``row["timed"]`` why a contender asked for has no figure."""
    for key in backends:
        if key == "torch":
            for sub in ("torch-1", "torch"):
                if sub not in row["seconds_per_epoch"] and sub not in row["timed"]:
                    row["timed"][sub] = "not run (--quick)" if quick and installed("torch") else "not installed"
        elif key not in row["seconds_per_epoch"] and key not in row["timed"]:
            row["timed"][key] = ("not built" if key == "cython" else
                                 "not run (--quick)" if quick and installed(key) else "not installed")


def predict_timings(repeats: int = 3, rows: int = 10000, backends: "Sequence[str]" = BACKENDS,
                    log: "Callable[[str], object] | None" = None) -> list:
    """Seconds for ``predict`` on ``rows`` samples of the digits and mnist-size networks.

    tinynet from lists and from a NumPy array, the NumPy forward pass (its
    conversion included), PyTorch's (no_grad; one thread and default). The
    pure loop runs on ``rows // 20`` samples and is scaled (it is slow).
    """
    results = []
    for name in ("digits", "mnist-size"):
        wl = load_workload(name)
        rng = Random(7)
        X = [[rng.random() for _ in range(wl["sizes"][0])] for _ in range(rows)]
        jobs = _predict_jobs(network_of(wl), X, backends)
        times = {key: [] for key in jobs}
        for _ in range(repeats):
            for key, job in jobs.items():
                t0 = time.perf_counter()
                job()
                times[key].append(time.perf_counter() - t0)
        row = {"workload": name, "rows": rows, "seconds": {}}
        for key, got in times.items():
            row["seconds"][key] = _median(got) * (20 if key.startswith("python") else 1)
        if log:
            log("predict %s: done" % name)
        results.append(row)
    return results


def _predict_jobs(net, X, backends):
    """label -> a function predicting the rows ``X`` with ``net`` (or its NumPy, PyTorch copy)."""
    from . import backends as _backends

    jobs = {}
    if "cython" in backends and "cython" in _backends.available():
        jobs["cython lists"] = lambda: net.predict(X, backend="cython")
    if installed("numpy"):
        import numpy as np
        X_np = np.array(X)
        if "cython lists" in jobs:
            jobs["cython numpy"] = lambda: net.predict(X_np, backend="cython")
        if "numpy" in backends:
            jobs["numpy lists"] = _numpy_predict(np, net, X)
    if "torch" in backends and installed("torch"):
        import torch
        if "default" not in _TORCH_THREADS:
            _TORCH_THREADS["default"] = torch.get_num_threads()
        model = _torch_model_of(net)
        for threads, label in ((1, "torch-1 lists"), (None, "torch lists")):
            def torch_predict(threads=threads):
                torch.set_num_threads(threads or _TORCH_THREADS["default"])
                with torch.no_grad():
                    return torch.softmax(model(torch.tensor(X, dtype=torch.float64)), dim=1)
            jobs[label] = torch_predict
    if "python" in backends:
        part = max(1, len(X) // 20)
        jobs["python lists (1/20, scaled)"] = lambda: net.predict(X[:part], backend="python")
    return jobs


def _numpy_predict(np, net, X):
    """The NumPy forward pass of ``net`` on the lists ``X`` (converting them included)."""
    Ws, bs = _numpy_layers(net)
    forms = numpy_forms(np)
    acts = [forms[layer.activation][0] for layer in net.layers]

    def predict():
        A = np.asarray(X, dtype=np.float64)
        for W, b, f in zip(Ws, bs, acts):
            A = f(A @ W + b)
        return A
    return predict


def _numpy_layers(net):
    import numpy as np

    return ([np.array(layer.weights) for layer in net.layers],
            [np.array(layer.bias) for layer in net.layers])


def _torch_model_of(net):
    import torch

    layers = []
    for i, layer in enumerate(net.layers):
        linear = torch.nn.Linear(layer.n_in, layer.n_out, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(layer.weights, dtype=torch.float64).T)
            linear.bias.copy_(torch.tensor(layer.bias, dtype=torch.float64))
        layers.append(linear)
        if i < len(net.layers) - 1:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def format_time(seconds: "float | None") -> str:
    """A duration for the tables: "12.3 us", "4.56 ms", "7.89 s" ("-" for None)."""
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return "%.1f us" % (seconds * 1e6)
    if seconds < 1.0:
        return "%.2f ms" % (seconds * 1e3)
    return "%.2f s" % seconds


#: The contenders' columns of the tables, in order.
COLUMNS = ("python", "cython", "numpy", "torch-1", "torch", "sklearn")


def _table(head, lines):
    widths = [max(len(str(x)) for x in col) for col in zip(head, *lines)]
    out = ["  ".join(str(x).ljust(w) for x, w in zip(head, widths))]
    out.append("  ".join("-" * w for w in widths))
    out.extend("  ".join(str(x).ljust(w) for x, w in zip(line, widths)) for line in lines)
    return out


def format_table(results: list) -> str:
    """The results as plain-text tables: time per epoch (with GFLOP/s), then whole calls."""
    lines = []
    for r in results:
        sec = r["seconds_per_epoch"]
        ratio = lambda k, r=r: ("%.2fx" % r[k]) if k in r else "-"  # noqa: E731
        gflops = r.get("gflops", {}).get("cython")
        lines.append([r["workload"]] + [format_time(sec.get(c)) for c in COLUMNS] + [
            ratio("python/cython"), ratio("numpy/cython"),
            "%.2f" % gflops if gflops else "-",
            {True: "yes", False: "NO"}.get(r.get("same_bits"), "-")])
    out = ["time per epoch (median):"]
    out += _table(["workload"] + list(COLUMNS) + ["py/cy", "np/cy", "cy GFLOP/s", "same bits"], lines)
    lines = []
    for r in results:
        whole = r.get("whole_call", {})
        cells = []
        for c in COLUMNS:
            got = whole.get(c, {})
            cells.append(format_time(got.get("lists")))
            cells.append(format_time(got.get("numpy")))
        cy, np_ = whole.get("cython", {}), whole.get("numpy", {})
        ratio = ("%.2fx" % (np_["lists"] / cy["lists"])) if cy.get("lists") and np_.get("lists") else "-"
        lines.append([r["workload"], str(r["epochs"])] + cells + [ratio])
    head = ["workload", "epochs"]
    for c in COLUMNS:
        head += [c + " lists", c + " np"]
    out += ["", "whole call (conversion + fit for the epochs shown; python: see notes), median:"]
    out += _table(head + ["np/cy lists"], lines)
    notes = sorted({"%s on %s: %s" % (b, r["workload"], why) for r in results
                    for b, why in r["timed"].items()
                    if not why.endswith("epochs") and not why.endswith("epoch")})
    if notes:
        out += ["", "notes:"] + ["  " + note for note in notes]
    return "\n".join(out)


def format_predict(rows: list) -> str:
    """The predict timings as a plain-text table."""
    keys = []
    for r in rows:
        keys += [k for k in r["seconds"] if k not in keys]
    lines = [[r["workload"], str(r["rows"])] + [format_time(r["seconds"].get(k)) for k in keys] for r in rows]
    return "\n".join(["predict, median:"] + _table(["network", "rows"] + keys, lines))


def _meta(args):
    from . import backends as _backends

    meta = {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "machine": platform.machine(),
        "cpu": cpu_info(),
        "cpus": os.cpu_count(),
        "available_backends": _backends.available(),
        "repeats": args.repeats,
        "quick": args.quick,
        "numpy": _numpy_info(),
        "numpy_threads": "1 (threadpoolctl)" if installed("threadpoolctl") else "default",
    }
    if installed("torch"):
        import torch
        meta["torch"] = {"version": torch.__version__, "default_threads": _TORCH_THREADS.get(
            "default", torch.get_num_threads())}
    if installed("sklearn"):
        import sklearn
        meta["sklearn"] = sklearn.__version__
    try:
        meta["cython_simd"] = getattr(_backends.get("cython"), "SIMD", None)
    except ImportError:
        pass
    return meta


def format_meta(meta: dict) -> "list[str]":
    """The machine, the instruction sets and the BLAS, as text lines."""
    cpu = meta.get("cpu", {})
    out = ["machine: %s, %s cpus, %s; instruction sets: %s" % (
        cpu.get("model"), meta.get("cpus"), meta.get("machine"), " ".join(cpu.get("instruction_sets") or []) or "?")]
    out.append("python %s (%s); tinynet backends: %s; compiled SIMD: %s" % (
        meta["python"], meta["implementation"], ", ".join(meta["available_backends"]), meta.get("cython_simd")))
    info = meta.get("numpy")
    if info:
        out.append("numpy %s (BLAS threads for the timings: %s); OPENBLAS_CORETYPE=%s OPENBLAS_L2_SIZE=%s" % (
            info["version"], meta.get("numpy_threads"), info.get("OPENBLAS_CORETYPE"), info.get("OPENBLAS_L2_SIZE")))
        pools = info.get("threadpoolctl")
        if isinstance(pools, list):
            for p in pools:
                out.append("  threadpoolctl: %s %s %s, kernel %s, %s threads (%s)" % (
                    p.get("user_api"), p.get("internal_api"), p.get("version"), p.get("architecture"),
                    p.get("num_threads"), os.path.basename(p.get("filepath") or "")))
        else:
            out.append("  threadpoolctl: %s" % pools)
    if "torch" in meta:
        out.append("torch %s (default threads %s)" % (meta["torch"]["version"], meta["torch"]["default_threads"]))
    if "sklearn" in meta:
        out.append("scikit-learn %s" % meta["sklearn"])
    return out


def main(argv: "list[str] | None" = None) -> int:
    """Command line: ``tinynet bench [--workloads ...] [--repeats N] [--json PATH] [--md PATH]``."""
    parser = argparse.ArgumentParser(
        prog="tinynet bench",
        description="Time per epoch and whole fit calls: tinynet's loops, NumPy, PyTorch, scikit-learn.")
    parser.add_argument("--workloads", "-w", nargs="+", choices=list(WORKLOADS), metavar="NAME",
                        help="which workloads (default: all): " + ", ".join(WORKLOADS))
    parser.add_argument("--backends", "-b", nargs="+", choices=BACKENDS, default=None,
                        help="which contenders (default: all; with --quick: %s)" % ", ".join(QUICK_BACKENDS))
    parser.add_argument("--repeats", "-r", type=int, default=3, help="interleaved rounds per figure (median)")
    parser.add_argument("--quick", action="store_true",
                        help="a tenth of the epochs, one round, no PyTorch or scikit-learn (smoke test)")
    parser.add_argument("--predict", action="store_true",
                        help="also time predict on 10,000 rows (python -m benchmarks does)")
    parser.add_argument("--json", metavar="PATH", default=None,
                        help="also write the results as JSON to PATH")
    parser.add_argument("--md", metavar="PATH", default=None,
                        help="also write the printed report to PATH (Markdown, as a code block)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be >= 1")
    backends = args.backends or list(QUICK_BACKENDS if args.quick else BACKENDS)
    log = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    started = time.perf_counter()
    results = run(args.workloads, args.repeats, backends, args.quick, log=log)
    predicted = predict_timings(args.repeats, backends=backends, log=log) if args.predict else []
    meta = _meta(args)
    meta["seconds"] = time.perf_counter() - started
    report = format_meta(meta) + ["", "%d interleaved round%s per figure" % (
        args.repeats, "" if args.repeats == 1 else "s"), format_table(results)]
    if predicted:
        report += ["", format_predict(predicted)]
    text = "\n".join(report)
    print(text)
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if os.environ.get(name):
            print("warning: %s is set (%s): NumPy's BLAS kernel was chosen by it, not by the CPU"
                  % (name, os.environ[name]), file=sys.stderr)
    for path, content in ((args.json, lambda: json.dumps(
            {"meta": meta, "results": results, "predict": predicted}, indent=2)),
            (args.md, lambda: "# tinynet benchmark\n\n```\n%s\n```\n" % text)):
        if path:
            directory = os.path.dirname(os.path.abspath(path))
            os.makedirs(directory, exist_ok=True)
            fileio.write_text(path, content())
            print("wrote " + path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
