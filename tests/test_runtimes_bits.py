"""MicroPython computes tinynet.elementary and tinynet.rng with CPython's bits.

Runs tests/runtimes/same_bits_check.py (hashes of the exact bits of exp, log, log1p, expm1,
tanh, sigmoid, powi and of seeded Random streams) in CPython and in
MicroPython's WebAssembly port under Node (through tools/runtimes/micropython_run.mjs,
with the checkout's tinynet package), and compares the outputs. Needs
``node`` and the npm package @micropython/micropython-webassembly-pyscript
(1.27.0): installed in tools/runtimes/node_modules (``npm ci`` there, as
.ci/run does), or set TINYNET_MICROPYTHON_MJS to its micropython.mjs, or
install it with ``npm install --prefix /tmp/mpy @micropython/micropython-webassembly-pyscript@1.27.0``.
"""

import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCRIPT = os.path.join(HERE, "runtimes", "same_bits_check.py")
RUNNER = os.path.join(ROOT, "tools", "runtimes", "micropython_run.mjs")
NPM_PATH = os.path.join("node_modules", "@micropython", "micropython-webassembly-pyscript",
                        "micropython.mjs")


def _micropython_mjs():
    candidates = [os.environ.get("TINYNET_MICROPYTHON_MJS", ""),
                  os.path.join(ROOT, "tools", "runtimes", NPM_PATH),
                  os.path.join("/tmp/mpy", NPM_PATH)]
    for path in candidates:
        if path and os.path.isfile(path):
            return path
    return None


def _portable_lines(text):
    """The lines that must agree across runtimes (not the platform's math.* ones)."""
    return [line for line in text.splitlines() if line and not line.startswith("math.")]


def test_micropython_gives_the_same_bits_as_cpython():
    node, mjs = shutil.which("node"), _micropython_mjs()
    if node is None or mjs is None:
        pytest.skip("needs node and the npm package @micropython/micropython-webassembly-pyscript "
                    "(set TINYNET_MICROPYTHON_MJS)")
    env = dict(os.environ, PYTHONPATH=ROOT)
    cpython = subprocess.run([sys.executable, SCRIPT], env=env, capture_output=True, text=True,
                             timeout=300, check=True).stdout
    micro = subprocess.run([node, RUNNER, "--mjs", mjs, SCRIPT], capture_output=True, text=True,
                           timeout=300)
    assert micro.returncode == 0, micro.stdout + micro.stderr
    expected = _portable_lines(cpython)
    assert len(expected) == 13   # 7 functions (exp, log, tanh, sigmoid, powi, log1p, expm1) and 6 seeds
    assert _portable_lines(micro.stdout) == expected
