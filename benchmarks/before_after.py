"""Time an earlier version of the training loops against this one, interleaved, in one run.

    python -m benchmarks.before_after --before DIR [--repeats 5]

``DIR`` holds the earlier loops: ``old_python.py`` (the earlier
``tinynet/backends/python.py``) and, optionally, the earlier compiled module
(``_ctrain.*.so``), for example made with::

    mkdir DIR && git show REV:tinynet/backends/python.py > DIR/old_python.py
    cp tinynet/backends/_ctrain.*.so DIR/      # built from REV

The earlier loops take train_epoch's 19 flat arguments; today's take the
records of ``tinynet.backends.interface``.  Each measurement alternates
before and after (so a busy machine slows both alike) and reports medians
and the before/after ratio.  Workloads: ``digits`` (one epoch of the pure
loop; 10 of the compiled one) and ``mnist-size`` (its first few batches for
the pure loop; 2 epochs compiled).  Both versions must end with the same
bits: that is checked too.
"""

import argparse
import array
import glob
import importlib.machinery
import importlib.util
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(HERE))

from tinynet.backends import get as _get_backend  # noqa: E402
from tinynet.backends import python as _python  # noqa: E402
from tinynet.backends.interface import Batches, Layout, Update  # noqa: E402
from tinynet.bench import load_workload  # noqa: E402


def _load_before(directory):
    """The earlier python module and compiled module (or None) found in ``directory``."""
    spec = importlib.util.spec_from_file_location(
        "tinynet.backends._python_before", os.path.join(directory, "old_python.py"))
    old_python = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old_python)
    old_compiled = None
    found = glob.glob(os.path.join(directory, "_ctrain*.so")) + glob.glob(
        os.path.join(directory, "_ctrain*.pyd"))
    if found:
        loader = importlib.machinery.ExtensionFileLoader("_ctrain", found[0])
        spec = importlib.util.spec_from_file_location("_ctrain", found[0], loader=loader)
        old_compiled = importlib.util.module_from_spec(spec)
        loader.exec_module(old_compiled)
    return old_python, old_compiled


def _trainer(module, wl, flat_args):
    """A function (epochs, batches) -> final params running ``module``'s train_epoch."""
    X, Y = array.array("d", wl["X"]), array.array("d", wl["Y"])
    accuracy = 2 if wl["activations"][-1] == 5 else 1
    layout = None if flat_args else Layout(wl["sizes"], wl["activations"], wl["loss"])

    def train(epochs, batches=None):
        params = array.array("d", wl["params"])
        s1, s2 = array.array("d", bytes(8 * len(params))), array.array("d", bytes(8 * len(params)))
        step = 0
        for e in range(epochs):
            order = wl["orders"][e % len(wl["orders"])]
            if batches is not None:
                order = order[: batches * wl["batch_size"]]
            if flat_args:
                _, _, step = module.train_epoch(
                    wl["sizes"], wl["activations"], wl["loss"], params, s1, s2, X, Y, order,
                    wl["batch_size"], 0, wl["learning_rate"], 0.0, 0.9, 0.999, 1e-8, 0.0, step,
                    accuracy)
            else:
                _, _, step = module.train_epoch(
                    layout, params, Batches(X, Y, order, wl["batch_size"], accuracy),
                    Update(0, wl["learning_rate"], s1, s2, step))
        return params

    return train


def _compare(name, before, after, epochs, batches, repeats, log):
    """Interleaved medians of before and after; checks both end with the same bits."""
    times = {"before": [], "after": []}
    results = {}
    for _ in range(repeats):
        for label, train in (("before", before), ("after", after)):
            started = time.perf_counter()
            results[label] = train(epochs, batches)
            times[label].append(time.perf_counter() - started)
    row = {"case": name, "before_s": statistics.median(times["before"]),
           "after_s": statistics.median(times["after"]),
           "same_bits": results["before"].tobytes() == results["after"].tobytes()}
    row["speedup"] = row["before_s"] / row["after_s"]
    log("%-28s before %8.3f s  after %8.3f s  before/after %5.2fx  same bits: %s"
        % (name, row["before_s"], row["after_s"], row["speedup"], row["same_bits"]))
    return row


def main(argv=None):
    """Command line: see the module's docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="folder with old_python.py (and _ctrain*.so)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--mnist-batches", type=int, default=2,
                        help="batches of mnist-size the pure loops run (default 2)")
    options = parser.parse_args(argv)
    old_python, old_compiled = _load_before(options.before)
    rows = []
    digits, mnist = load_workload("digits"), load_workload("mnist-size")
    cases = [("python digits (1 epoch)", old_python, _python, digits, 1, None),
             ("python mnist-size (%d batches)" % options.mnist_batches, old_python, _python, mnist,
              1, options.mnist_batches)]
    if old_compiled is not None:
        new_compiled = _get_backend("cython")
        cases += [("cython digits (10 epochs)", old_compiled, new_compiled, digits, 10, None),
                  ("cython mnist-size (2 epochs)", old_compiled, new_compiled, mnist, 2, None)]
    for name, old, new, wl, epochs, batches in cases:
        rows.append(_compare(name, _trainer(old, wl, True), _trainer(new, wl, False), epochs,
                             batches, options.repeats, print))
    return 0 if all(r["same_bits"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
