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

import argparse
import array
import json
import os
import platform
import statistics
import sys
import time

from . import datasets, fileio
from .activations import TABLE as _ACTIVATIONS
from .backends import python as _python
from .backends.interface import Batches, Layout, Update
from .codes import ACTIVATION_CODES, LOSS_CODES
from .layers import initial_weights
from .rng import Random

__all__ = ["WORKLOADS", "load_workload", "numpy_trainer", "run", "format_table", "main"]


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
        python_epochs=1, python_batches=2),
}

BACKENDS = ("python", "cython", "numpy")


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
    return len(rows), X, Y


def _init_params(sizes, seed):
    """Starting weights (Xavier, like Dense's default) and zero biases."""
    rng = Random(seed)
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        for row in initial_weights(n_in, n_out, "xavier", rng):
            params.extend(row)
        params.extend([0.0] * n_out)
    return params


def load_workload(name, seed=0):
    """Everything one workload needs: data, starting weights, sample orders."""
    spec = dict(WORKLOADS[name])
    n, X, Y = _load_data(spec, seed)
    spec.update(name=name, n=n, X=X, Y=Y, params=_init_params(spec["sizes"], seed + 1))
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
        state1 = array.array("d", bytes(8 * len(params)))
        state2 = array.array("d", bytes(8 * len(params)))
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


def numpy_trainer(wl):
    """The same training written with NumPy arrays (a peer, not bit-identical)."""
    import numpy as np

    sizes, acts, loss = wl["sizes"], wl["activations"], wl["loss"]
    n, n0, nL = wl["n"], sizes[0], sizes[-1]
    X = np.array(wl["X"], dtype=float).reshape(n, n0)
    Y = np.array(wl["Y"], dtype=float).reshape(n, nL)
    orders = [np.array(o, dtype=np.intp) for o in wl["orders"]]
    lr, batch = wl["learning_rate"], wl["batch_size"]

    # NumPy forms of the table's activations (name -> f(Z), f'(A) written with A)
    forms = {
        "linear": (lambda z: z, lambda a: 1.0),
        "sigmoid": (lambda z: 1.0 / (1.0 + np.exp(-z)), lambda a: a * (1.0 - a)),
        "tanh": (np.tanh, lambda a: 1.0 - a * a),
        "relu": (lambda z: np.maximum(z, 0.0), lambda a: (a > 0.0).astype(float)),
        "leaky_relu": (lambda z: np.where(z > 0.0, z, 0.01 * z), lambda a: np.where(a > 0.0, 1.0, 0.01)),
        "softmax": (lambda z: np.exp(z - z.max(axis=1, keepdims=True))
                    / np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True), None),
        "softplus": (lambda z: np.log1p(np.exp(-np.abs(z))) + np.maximum(z, 0.0),
                     lambda a: -np.expm1(-a)),
    }
    missing = [record.name for record in _ACTIVATIONS if record.name not in forms]
    if missing:
        raise NotImplementedError("the NumPy peer has no form of: %s" % ", ".join(missing))

    def activate(code, z):
        return forms[_ACTIVATIONS[code].name][0](z)

    def slope(code, a):
        return forms[_ACTIVATIONS[code].name][1](a)

    def train(epochs, batches=None):
        params = np.array(wl["params"], dtype=float)
        Ws, bs = [], []
        at = 0
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            Ws.append(params[at:at + n_in * n_out].reshape(n_in, n_out))
            at += n_in * n_out
            bs.append(params[at:at + n_out])
            at += n_out
        loss_sum = 0.0
        correct = 0
        for e in range(epochs):
            order = orders[e % len(orders)]
            if batches is not None:
                order = order[: batches * batch]
            for start in range(0, len(order), batch):
                rows = order[start:start + batch]
                outs = [X[rows]]
                for W, b, code in zip(Ws, bs, acts):
                    outs.append(activate(code, outs[-1] @ W + b))
                out, y = outs[-1], Y[rows]
                count = len(rows)
                if loss == _CE:
                    loss_sum += float(-(y * np.log(np.maximum(out, 1e-44))).sum())
                    correct += int((out.argmax(axis=1) == y.argmax(axis=1)).sum())
                    delta = (out - y) / count
                else:
                    loss_sum += float(((y - out) ** 2).mean(axis=1).sum())
                    correct += int(((out >= 0.5) == (y >= 0.5)).all(axis=1).sum())
                    delta = (out - y) * (2.0 / (count * nL)) * slope(acts[-1], out)
                grads = []
                for layer in range(len(Ws) - 1, -1, -1):
                    a = outs[layer]
                    grads.append((a.T @ delta, delta.sum(axis=0)))
                    if layer:
                        delta = (delta @ Ws[layer].T) * slope(acts[layer - 1], a)
                for (gW, gb), W, b in zip(reversed(grads), Ws, bs):
                    W -= lr * gW
                    b -= lr * gb
        return params

    return train


def _timed(train, epochs, batches, repeats):
    """Median seconds for ``train(epochs, batches)`` and the last result."""
    times = []
    result = None
    for _ in range(repeats):
        started = time.perf_counter()
        result = train(epochs, batches)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _numpy_info():
    try:
        import numpy
    except ImportError:
        return None
    info = {"version": numpy.__version__}
    try:
        from threadpoolctl import threadpool_info
        info["blas"] = [
            {k: p.get(k) for k in ("internal_api", "num_threads", "architecture", "version")}
            for p in threadpool_info()
        ]
    except Exception:
        pass
    info["OPENBLAS_CORETYPE"] = os.environ.get("OPENBLAS_CORETYPE")
    return info


def run(workloads=None, repeats=3, backends=BACKENDS, quick=False, log=None):
    """Time the backends on the workloads; returns a list of result dicts.

    Args:
        workloads: names from :data:`WORKLOADS` (default: all of them).
        repeats: runs per measurement; the median is reported.
        backends: any of "python", "cython", "numpy" (those not available are
            reported as such).
        quick: run a tenth of every workload's epochs (for smoke tests).
        log: a function called with a progress line, or None.
    """
    from . import backends as _backends

    names = list(WORKLOADS) if workloads is None else list(workloads)
    for name in names:
        if name not in WORKLOADS:
            raise ValueError("unknown workload %r; choose from %s" % (name, ", ".join(WORKLOADS)))
    backends = list(backends)
    for b in backends:
        if b not in BACKENDS:
            raise ValueError("unknown backend %r; choose from %s" % (b, ", ".join(BACKENDS)))
    compiled = None
    if "cython" in backends:
        try:
            compiled = _backends.get("cython")
        except ImportError:
            compiled = None
    have_numpy = _numpy_info() is not None
    results = []
    for name in names:
        wl = load_workload(name)
        epochs = wl["epochs"] if not quick else max(1, wl["epochs"] // 10)
        row = {"workload": name, "about": wl["about"], "epochs": epochs,
               "batches_per_epoch": -(-wl["n"] // wl["batch_size"]), "seconds_per_epoch": {},
               "timed": {}}
        if log:
            log("%s: %s" % (name, wl["about"]))
        py_epochs = wl["python_epochs"] or epochs
        py_epochs = min(py_epochs, epochs)
        py_batches = wl["python_batches"]
        if "python" in backends:
            t, py_params = _timed(_loop_trainer(_python, wl), py_epochs, py_batches,
                                  repeats if not quick else 1)
            if py_batches is not None:
                per_epoch = t / py_epochs * row["batches_per_epoch"] / py_batches
                row["timed"]["python"] = "%d batches of 1 epoch, scaled" % py_batches
            else:
                per_epoch = t / py_epochs
                row["timed"]["python"] = "%d epoch%s" % (py_epochs, "" if py_epochs == 1 else "s")
            row["seconds_per_epoch"]["python"] = per_epoch
            if compiled is not None:
                same = _loop_trainer(compiled, wl)(py_epochs, py_batches)
                row["same_bits"] = same.tobytes() == py_params.tobytes()
        if "cython" in backends:
            if compiled is None:
                row["seconds_per_epoch"]["cython"] = None
                row["timed"]["cython"] = "not built"
            else:
                t, _ = _timed(_loop_trainer(compiled, wl), epochs, None, repeats)
                row["seconds_per_epoch"]["cython"] = t / epochs
                row["timed"]["cython"] = "%d epochs" % epochs
        if "numpy" in backends:
            if not have_numpy:
                row["seconds_per_epoch"]["numpy"] = None
                row["timed"]["numpy"] = "not installed"
            else:
                t, _ = _timed(numpy_trainer(wl), epochs, None, repeats)
                row["seconds_per_epoch"]["numpy"] = t / epochs
                row["timed"]["numpy"] = "%d epochs" % epochs
        sec = row["seconds_per_epoch"]
        if sec.get("python") and sec.get("cython"):
            row["python/cython"] = sec["python"] / sec["cython"]
        if sec.get("numpy") and sec.get("cython"):
            row["numpy/cython"] = sec["numpy"] / sec["cython"]
        results.append(row)
    return results


def _fmt_time(seconds):
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return "%.1f us" % (seconds * 1e6)
    if seconds < 1.0:
        return "%.2f ms" % (seconds * 1e3)
    return "%.2f s" % seconds


def format_table(results):
    """The results as a plain-text table (times are per epoch, medians)."""
    head = ["workload", "python", "cython", "numpy", "py/cy", "np/cy", "same bits", "python timed on"]
    lines = []
    for r in results:
        sec = r["seconds_per_epoch"]
        ratio = lambda k, r=r: ("%.1fx" % r[k]) if k in r else "-"  # noqa: E731
        lines.append([
            r["workload"], _fmt_time(sec.get("python")), _fmt_time(sec.get("cython")),
            _fmt_time(sec.get("numpy")), ratio("python/cython"), ratio("numpy/cython"),
            {True: "yes", False: "NO"}.get(r.get("same_bits"), "-"),
            r["timed"].get("python", "-"),
        ])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *lines)]
    out = ["  ".join(str(x).ljust(w) for x, w in zip(head, widths))]
    out.append("  ".join("-" * w for w in widths))
    out.extend("  ".join(str(x).ljust(w) for x, w in zip(line, widths)) for line in lines)
    missing = sorted({(b, why) for r in results for b, why in r["timed"].items()
                      if why in ("not built", "not installed")})
    for backend, why in missing:
        hint = {"cython": " (the compiled loop: install tinynet from source with a C compiler)",
                "numpy": " (NumPy is optional: pip install numpy)"}.get(backend, "")
        out.append("%s: %s%s" % (backend, why, hint))
    return "\n".join(out)


def main(argv=None):
    """Command line: ``tinynet bench [--workloads ...] [--repeats N] [--json PATH]``."""
    parser = argparse.ArgumentParser(
        prog="tinynet bench",
        description="Time per epoch of the pure-Python, compiled and NumPy training loops.")
    parser.add_argument("--workloads", "-w", nargs="+", choices=list(WORKLOADS), metavar="NAME",
                        help="which workloads (default: all): " + ", ".join(WORKLOADS))
    parser.add_argument("--backends", "-b", nargs="+", choices=BACKENDS, default=list(BACKENDS),
                        help="which loops to time (default: all)")
    parser.add_argument("--repeats", "-r", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--quick", action="store_true", help="a tenth of the epochs (smoke test)")
    parser.add_argument("--json", metavar="PATH", default=None,
                        help="also write the results as JSON to PATH")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be >= 1")
    results = run(args.workloads, args.repeats, args.backends, args.quick,
                  log=lambda line: print(line, file=sys.stderr, flush=True))
    print("time per epoch, median of %d run%s:" % (args.repeats, "" if args.repeats == 1 else "s"))
    print(format_table(results))
    if args.json:
        from . import backends as _backends
        meta = {
            "python": sys.version.split()[0],
            "implementation": platform.python_implementation(),
            "machine": platform.machine(),
            "processor": platform.processor(),
            "cpus": os.cpu_count(),
            "available_backends": _backends.available(),
            "repeats": args.repeats,
            "quick": args.quick,
            "numpy": _numpy_info(),
        }
        try:
            meta["cython_simd"] = getattr(_backends.get("cython"), "SIMD", None)
        except ImportError:
            pass
        directory = os.path.dirname(os.path.abspath(args.json))
        os.makedirs(directory, exist_ok=True)
        fileio.write_text(args.json, json.dumps({"meta": meta, "results": results}, indent=2))
        print("wrote " + args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
