"""The guide (docs/guide.md) and the library's docstring examples must run as written.

Every ``>>>`` line of the guide and of the modules' docstrings is executed
with doctest. The modules are found by walking the ``tinynet`` package, so a
new module's examples are checked too.
"""

import doctest
import importlib
import os
import pkgutil

import pytest

import tinynet

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUIDE = os.path.join(ROOT, "docs", "guide.md")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _module_names():
    names = ["tinynet"]
    for info in pkgutil.walk_packages(tinynet.__path__, "tinynet."):
        last = info.name.rsplit(".", 1)[-1]
        # __main__ would run a program on import; the compiled loop is
        # tested by the backend tests (and may not be built).
        if last == "__main__" or last == "_ctrain":
            continue
        names.append(info.name)
    return names


def _has_examples(module):
    path = getattr(module, "__file__", None)
    if not path or not path.endswith(".py"):
        return False
    with open(path, encoding="utf-8") as f:
        return ">>>" in f.read()


def test_guide_examples_run():
    result = doctest.testfile(GUIDE, module_relative=False, optionflags=FLAGS,
                              encoding="utf-8", verbose=False)
    assert result.attempted > 100, "the guide should have plenty of examples"
    assert result.failed == 0, "%d guide examples failed (see the output above)" % result.failed


def test_guide_mentions_every_topic():
    with open(GUIDE, encoding="utf-8") as f:
        text = f.read()
    for topic in ("Dense", "layer.forward", "bias", "sigmoid", "tanh", "relu", "leaky_relu",
                  "softmax", "mse", "binary_crossentropy", "crossentropy", "learning rate",
                  "explain", "DivergenceError", "batch_size", "momentum", "adam", "history",
                  "overfitting", "validation", "patience", "save", "tinynet.load",
                  "NeuralNetwork", "TwoLayerNeuralNetwork", "XOR", "BACKEND", "TINYNET_BACKEND",
                  "gradient_check"):
        assert topic in text, topic


@pytest.mark.parametrize("name", _module_names())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, verbose=False, report=True)
    assert result.failed == 0, "%d docstring examples of %s failed" % (result.failed, name)
    if _has_examples(module):
        assert result.attempted > 0, "%s has >>> examples that doctest did not find" % name


def test_the_main_modules_have_examples():
    attempted = {}
    for name in ("tinynet", "tinynet.matrix", "tinynet.network", "tinynet.classic", "tinynet.datasets"):
        attempted[name] = doctest.testmod(importlib.import_module(name), optionflags=FLAGS,
                                          verbose=False).attempted
    assert all(count > 0 for count in attempted.values()), attempted
