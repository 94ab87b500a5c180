"""Shared test fixtures.

``backend`` runs a test once per training loop. The compiled module is
imported directly, so a missing or broken build is an error, never a skip.
Only an explicitly pure-Python run (``TINYNET_BACKEND=python``) leaves the
compiled cases out.

In Pyodide (``sys.platform == "emscripten"``: CPython in WebAssembly) a
process cannot start a subprocess or a thread, or fork. There, and only there, a test
that tries to is skipped at that moment, with the reason, by
``_skip_what_emscripten_cannot_start`` below: the one place that knows about
it, so no test file needs a marker.
"""

import os
import sys
import tempfile

import pytest

EMSCRIPTEN = sys.platform == "emscripten"
PURE_RUN = os.environ.get("TINYNET_BACKEND", "").strip().lower() == "python"
BACKEND_NAMES = ["python"] if PURE_RUN else ["python", "cython"]


@pytest.fixture(params=BACKEND_NAMES)
def backend(request):
    """The name of a backend ("python" or "cython"); its module must import."""
    if request.param == "cython":
        import tinynet.backends._ctrain  # noqa: F401  (an ImportError fails the test)
    return request.param


@pytest.fixture
def backend_module(backend):
    """The backend module itself, for tests that call the loop directly."""
    from tinynet import backends

    return backends.get(backend)


@pytest.fixture(autouse=True)
def _skip_what_emscripten_cannot_start(monkeypatch):
    """In Pyodide, skip a test when it starts a subprocess or a thread.

    Pyodide raises ``OSError`` (errno 138) for ``subprocess``,
    ``RuntimeError("can't start new thread")`` for threads and ``OSError``
    (ENOSYS) for ``os.fork``; replacing those entry points makes that a skip
    that says why, instead of a failure.
    Elsewhere this fixture does nothing.
    """
    if not EMSCRIPTEN:
        return
    import subprocess
    import threading

    def no_subprocess(*args, **kwargs):
        pytest.skip("needs a subprocess, which Pyodide (emscripten) cannot start")

    def no_thread(*args, **kwargs):
        pytest.skip("needs a thread, which Pyodide (emscripten) cannot start")

    def no_fork(*args, **kwargs):
        pytest.skip("needs os.fork, which Pyodide (emscripten) cannot do (ENOSYS)")

    monkeypatch.setattr(subprocess.Popen, "__init__", no_subprocess)
    monkeypatch.setattr(threading.Thread, "start", no_thread)
    if hasattr(os, "fork"):
        monkeypatch.setattr(os, "fork", no_fork)


def run_python_module(args, **kwargs):
    """Run ``python -m ARGS`` in a subprocess that imports the same tinynet as the tests.

    It runs from a temporary folder (``python -m`` puts the working folder first
    on sys.path, which would pick up the source tree instead of the installed
    package) with PYTHONPATH pointing at the folder that holds the tinynet
    package this process imported.
    """
    import subprocess

    import tinynet

    env = dict(kwargs.pop("env", None) or os.environ)
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(tinynet.__file__)))
    kwargs.setdefault("cwd", tempfile.gettempdir())
    return subprocess.run([sys.executable, "-m"] + list(args), env=env, **kwargs)
