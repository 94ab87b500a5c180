"""Shared test fixtures.

``backend`` runs a test once per training loop. The compiled module is
imported directly, so a missing or broken build is an error, never a skip.
Only an explicitly pure-Python run (``TINYNET_BACKEND=python``) leaves the
compiled cases out.
"""

import os
import sys
import tempfile

import pytest

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
