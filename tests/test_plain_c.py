"""The plain-C kernels (no vector types at all) give the pure loop's bits too.

The compiled module normally gets SIMD kernels: AVX-512 and AVX2 on x86-64,
and "generic" kernels written with GCC's portable vector types (SSE2, NEON)
everywhere else.  A compiler without those vector types (MSVC, for one)
builds the plain C kernels instead: ``TN_NO_VECTORS`` in ``_kernels.h``,
scalar 4x1 and 1x1 tiles only.  This machine's compiler would never pick
them, so this file builds the extension once more with ``-DTN_NO_VECTORS``
(in a copy of the source tree, so the module built here stays as it is) and
checks it against the pure loop with ``==`` on every tile shape.
"""

import array
import importlib.machinery
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import sysconfig

import pytest
import test_parity as parity

from tinynet.backends import python as P

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
#: what setup.py needs to build the extension
SOURCES = ("setup.py", "pyproject.toml", "README.md", "LICENSE", "tinynet")


def _ignore(folder, names):
    """Leave out compiled modules, caches and build folders when copying the sources."""
    return [n for n in names if n.endswith((".so", ".pyd", ".pyc")) or n in ("__pycache__", "build")]


@pytest.fixture(scope="module")
def plain_c(tmp_path_factory):
    """The compiled module built with ``-DTN_NO_VECTORS``, loaded under its own name."""
    if platform.python_implementation() != "CPython" or sysconfig.get_config_var("Py_GIL_DISABLED"):
        pytest.skip("the compiled loop is only built on CPython with the GIL")
    pytest.importorskip("Cython", reason="building the plain-C kernels needs Cython")
    if os.name == "nt":
        pytest.skip("the plain-C build is tested with a Unix compiler (CFLAGS)")
    src = tmp_path_factory.mktemp("plain-c")
    for name in SOURCES:
        path = os.path.join(ROOT, name)
        if os.path.isdir(path):
            shutil.copytree(path, src / name, ignore=_ignore)
        elif os.path.exists(path):
            shutil.copy(path, src / name)
    env = dict(os.environ, TINYNET_REQUIRE_EXTENSION="1",
               CFLAGS=(os.environ.get("CFLAGS", "") + " -DTN_NO_VECTORS").strip())
    env.pop("TINYNET_PURE_PYTHON", None)
    done = subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"], cwd=str(src),
                          env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
        if shutil.which(compiler) is None:
            pytest.skip("no C compiler (%s): the plain-C kernels cannot be built here" % compiler)
        pytest.fail("the plain-C build failed:\n" + done.stdout[-3000:] + done.stderr[-3000:])
    built = src / "tinynet" / "backends" / ("_ctrain" + sysconfig.get_config_var("EXT_SUFFIX"))
    loader = importlib.machinery.ExtensionFileLoader("_ctrain", str(built))
    spec = importlib.util.spec_from_file_location("_ctrain", str(built), loader=loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_the_build_has_no_vector_kernels(plain_c):
    # only the plain path exists in this build, whatever the CPU has
    assert plain_c.AVAILABLE_PATHS == ("generic",)
    assert plain_c.KERNEL == "generic" and plain_c.SIMD is False


@pytest.mark.parametrize("sizes", [
    [13, 17, 11],        # odd columns and rows: 4x1 tiles, then 1x1
    [9, 8, 12, 5],
    [23, 6, 3],
    [2, 31, 16],
    [300, 20, 5],        # long sums
])
@pytest.mark.parametrize("batch_size", [1, 4, 6, 11, 29])
def test_plain_c_kernels_give_the_pure_loops_bits(plain_c, sizes, batch_size):
    acts = [parity.TANH] * (len(sizes) - 2) + [parity.SOFT]
    n = 29
    params, X, Y = parity.make_problem(sizes, parity.CE, n, 31 + batch_size)
    results = []
    for backend in (P, plain_c):
        out = []
        for optimizer in (parity.SGD, parity.ADAM):  # two epochs of each, from the same start
            p = array.array("d", params)
            s1 = array.array("d", bytes(8 * len(p)))
            s2 = array.array("d", bytes(8 * len(p)))
            step = 0
            for _ in range(2):
                loss, correct, step = parity.calls.train_epoch(
                    backend, sizes, acts, parity.CE, p, s1, s2, X, Y, list(range(n)), batch_size,
                    optimizer, 0.05, 0.9, 0.9, 0.999, 1e-8, 0.001, step, parity.ARGMAX)
                out.append((parity._bits(loss), correct, step))
            out += [parity._bits(p), parity._bits(s1), parity._bits(s2)]
            out.append(parity._bits(parity.calls.predict(backend, sizes, acts, p, X, n)))
        results.append(out)
    assert results[0] == results[1]
