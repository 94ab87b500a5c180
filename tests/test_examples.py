"""The example programs in examples/ run and print what their docstrings promise.

Each example has ``main(argv=None)`` that returns its key figures; the tests
call it (with smaller settings where a full run would be slow) and check the
figures and the printed text. One test runs a script the way a reader does,
``python examples/NAME.py``, to check that it finds tinynet from a checkout.
"""

import importlib.util
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")
NAMES = ["tutorial", "xor", "moons", "iris", "digits", "regression", "save_load", "explain"]


def load_example(name):
    """Import examples/NAME.py as a module (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location("tinynet_example_" + name,
                                                  os.path.join(EXAMPLES, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", NAMES)
def test_example_is_documented(name):
    module = load_example(name)
    doc = module.__doc__ or ""
    assert "What it teaches" in doc, name
    assert "python examples/%s.py" % name in doc, name
    assert callable(module.main)


def test_tutorial(capsys):
    result = load_example("tutorial").main([])
    out = capsys.readouterr().out
    assert result["single_neuron"] == pytest.approx(0.99995840, abs=1e-8)
    assert result["follow_up"] == pytest.approx(0.0078876, abs=1e-7)
    assert "[0.9999584]" in out            # the tutorial's printout
    assert "[0.0078876]" in out            # the follow-up's printout
    assert "[1, 1, 0] -> 0.0079" in out


def test_xor(backend, capsys):
    result = load_example("xor").main(["--backend", backend])
    out = capsys.readouterr().out
    assert result == {"single_layer_correct": 2, "hidden_layer_correct": 4}
    assert "4/4 correct" in out
    assert "Decision boundary" in out
    assert "accuracy on these 4 points: 100.0%" in out


def test_moons_writes_svgs(backend, tmp_path, capsys):
    result = load_example("moons").main(["--out", str(tmp_path / "pictures"), "--backend", backend])
    out = capsys.readouterr().out
    assert result["test_accuracy"] >= 0.95
    assert "test accuracy:" in out
    for name in ("moons_boundary.svg", "moons_loss.svg"):
        path = tmp_path / "pictures" / name
        text = path.read_text(encoding="utf-8")
        assert text.startswith("<svg") and text.rstrip().endswith("</svg>"), name
        assert str(path) in out


def test_moons_writes_to_the_current_folder_by_default(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    load_example("moons").main(["--epochs", "5", "--samples", "60"])
    capsys.readouterr()
    assert (tmp_path / "moons_boundary.svg").is_file()
    assert (tmp_path / "moons_loss.svg").is_file()


def test_iris(backend, capsys):
    result = load_example("iris").main(["--backend", backend])
    out = capsys.readouterr().out
    assert result["test_accuracy"] >= 0.95
    matrix = result["confusion_matrix"]
    assert [sum(row) for row in matrix] == [15, 15, 15]
    assert sum(matrix[i][i] for i in range(3)) == round(45 * result["test_accuracy"])
    for name in ("setosa", "versicolor", "virginica", "precision", "recall", "confusion matrix"):
        assert name in out


def test_digits_small(backend, capsys):
    result = load_example("digits").main(["--limit", "400", "--epochs", "10", "--backend", backend])
    out = capsys.readouterr().out
    assert result["backend"] == backend
    assert result["test_accuracy"] >= 0.9
    assert "test accuracy:" in out and "pictures of 8x8 pixels" in out
    assert ("pure-Python training loop is running" in out) == (backend == "python")


def test_digits_momentum_and_standardize(capsys):
    result = load_example("digits").main(["--limit", "200", "--epochs", "3", "--optimizer", "momentum",
                                          "--scale", "standardize", "--backend", "python"])
    out = capsys.readouterr().out
    assert 0.0 <= result["test_accuracy"] <= 1.0
    assert "momentum, learning rate 0.05" in out


def test_regression(backend, capsys):
    result = load_example("regression").main(["--backend", backend])
    out = capsys.readouterr().out
    assert result["r2"] > 0.95
    assert result["mse"] < 0.02
    assert result["mae"] < 0.12
    assert "test R^2" in out and "'*' = the network's prediction" in out


def test_save_load(backend, tmp_path, capsys):
    result = load_example("save_load").main(["--out", str(tmp_path), "--epochs", "20",
                                             "--backend", backend])
    out = capsys.readouterr().out
    assert result["identical"] is True
    assert os.path.isfile(result["path"])
    assert "identical, bit for bit: True" in out


def test_explain(capsys):
    result = load_example("explain").main([])
    out = capsys.readouterr().out
    assert result["loss_after"] < result["loss_before"]
    assert result["max_relative_error"] < 1e-6
    assert "ONE TRAINING STEP" in out
    assert "layer 0 neuron 0: z = 0.0500*0.1500 + 0.1000*0.2000 + bias 0.3500 = 0.3775" in out
    assert "gradients are right" in out


def test_a_script_runs_from_the_repository_root(tmp_path):
    # As a reader runs it: `python examples/explain.py`, tinynet not installed.
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    done = subprocess.run([sys.executable, os.path.join("examples", "explain.py")], cwd=ROOT,
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "gradients are right" in done.stdout
