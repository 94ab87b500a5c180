"""How tinynet picks its training loop at import, and per call."""

import os
import subprocess
import sys

import pytest
from conftest import PURE_RUN

import tinynet
from tinynet import Dense, Network, backends

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _backend_in_subprocess(value):
    env = dict(os.environ)
    env.pop("TINYNET_BACKEND", None)
    if value is not None:
        env["TINYNET_BACKEND"] = value
    return subprocess.run(
        [sys.executable, "-c", "import tinynet; print(tinynet.BACKEND)"],
        capture_output=True, text=True, env=env, timeout=60,
    )


@pytest.mark.skipif(
    os.environ.get("TINYNET_REQUIRE_EXTENSION") != "1" or PURE_RUN,
    reason="only a run that requires the compiled backend checks that it loaded",
)
def test_compiled_backend_loaded_when_required():
    # CI sets TINYNET_REQUIRE_EXTENSION=1: a silent fallback to Python must fail here.
    assert tinynet.BACKEND == "cython"
    assert backends.get().NAME == "cython"


def test_backend_is_one_of_the_names():
    assert tinynet.BACKEND in backends.NAMES
    assert "python" in backends.available()


def test_env_python_forces_pure_python():
    result = _backend_in_subprocess("python")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "python"


def test_env_unknown_value_is_a_clear_error():
    result = _backend_in_subprocess("fortran")
    assert result.returncode != 0
    assert "TINYNET_BACKEND must be" in result.stderr


@pytest.mark.skipif(PURE_RUN, reason="pure-Python run")
def test_env_cython_and_auto_pick_the_compiled_loop(backend):
    if backend != "cython":
        pytest.skip("checked once, with the compiled module importable")
    for value in ("cython", "auto", None):
        result = _backend_in_subprocess(value)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "cython"


def test_env_cython_without_extension_raises_with_build_hint(tmp_path):
    # A copy of the package without the compiled module behaves like a machine with no compiler.
    import shutil

    copy = tmp_path / "tinynet"
    shutil.copytree(os.path.dirname(tinynet.__file__), copy,
                    ignore=shutil.ignore_patterns("_ctrain*.so", "_ctrain*.pyd", "__pycache__"))
    env = dict(os.environ, TINYNET_BACKEND="cython", PYTHONPATH=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", "import tinynet"], capture_output=True,
                            text=True, env=env, cwd=str(tmp_path), timeout=60)
    assert result.returncode != 0
    assert "ImportError" in result.stderr and "pip install" in result.stderr
    env["TINYNET_BACKEND"] = "auto"
    result = subprocess.run([sys.executable, "-c", "import tinynet; print(tinynet.BACKEND)"],
                            capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "python"


def test_fit_rejects_unknown_backend_name():
    net = Network([Dense(2, 1)], seed=0)
    with pytest.raises(ValueError, match="backend"):
        net.fit([[0, 1]], [1], epochs=1, backend="gpu", verbose=0)


def test_fit_backend_per_call_gives_same_numbers(backend):
    X = [[0, 0], [0, 1], [1, 0], [1, 1]]
    y = [0, 1, 1, 0]
    results = []
    for name in ("python", backend):
        net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], loss="binary_crossentropy", seed=4)
        history = net.fit(X, y, epochs=30, learning_rate=0.5, batch_size=2, momentum=0.9,
                          verbose=0, backend=name)
        results.append(([layer.weights for layer in net.layers], [layer.bias for layer in net.layers],
                        history.history))
    assert results[0] == results[1]
