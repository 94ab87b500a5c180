"""Build script: tinynet is pure Python, with an optional compiled training loop.

The metadata lives in pyproject.toml; this file only decides about the C
extension ``tinynet.backends._ctrain`` (built from ``_ctrain.pyx`` by Cython).

Environment switches read at build time:

* ``TINYNET_PURE_PYTHON=1``: do not build the extension; the wheel is
  ``py3-none-any``.
* ``TINYNET_REQUIRE_EXTENSION=1``: a failed build of the extension fails the
  install (use it in CI, so a broken build cannot pass silently).
* otherwise the extension is built when possible; when it cannot be (no C
  compiler, Cython missing, not CPython) tinynet installs as pure Python and a
  warning is printed (``pip install -v`` shows it).

The compiler flags matter: the compiled loop must give the same numbers as
the Python loop bit for bit, so floating-point contraction (fused
multiply-add) and fast-math are switched off.
"""

import os
import platform
import shutil
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

EXT_NAME = "tinynet.backends._ctrain"
PYX = os.path.join("tinynet", "backends", "_ctrain.pyx")
# the hand-tuned C kernels the .pyx includes (needed to build, not at run time)
KERNELS = os.path.join("tinynet", "backends", "_kernels.h")
# tinynet's own exp/log/tanh/powi, the C twin of tinynet/elementary.py (also build-only)
ELEMENTARY = os.path.join("tinynet", "backends", "_elementary.h")


def _flag(name):
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


PURE = _flag("TINYNET_PURE_PYTHON")
REQUIRE = _flag("TINYNET_REQUIRE_EXTENSION")
if PURE and REQUIRE:
    sys.exit("error: TINYNET_PURE_PYTHON and TINYNET_REQUIRE_EXTENSION are both set; choose one")

# Cython directives: see the header of _ctrain.pyx (the file sets them too).
DIRECTIVES = {
    "language_level": 3,
    "boundscheck": False,
    "wraparound": False,
    "initializedcheck": False,
    "cdivision": False,
}

# Flags that keep every floating-point operation exactly as written.
UNIX_FLAGS = ["-O3", "-ffp-contract=off", "-fno-fast-math"]
MSVC_FLAGS = ["/O2", "/fp:precise"]


def _warn(message):
    bar = "*" * 78
    sys.stderr.write("\n%s\nWARNING: %s\ntinynet will install as pure Python (the same results, "
                     "slower training).\n%s\n\n" % (bar, message, bar))


class OptionalBuildExt(build_ext):
    """Build the extension if possible; fall back to pure Python unless required.

    Two details keep what gets installed honest:

    * the extension is always rebuilt (``force``), so a build left over in
      ``build/`` from an earlier install cannot hide a compiler that is
      missing now; after a failed build the stale copy is removed;
    * a successful build is also copied next to the sources (as an editable
      install does), so ``python -m tinynet`` run from this folder, where
      the source tree shadows the installed package, uses the compiled loop
      too; a failed build removes that copy.
    """

    def finalize_options(self):
        super().finalize_options()
        self.force = True

    def run(self):
        try:
            super().run()
        except Exception as exc:  # e.g. no compiler found at all (PlatformError)
            self._failed(exc)
            for ext in self.extensions:
                self._remove_outputs(ext)

    def build_extension(self, ext):
        try:
            self._cythonize(ext)
            self._set_flags(ext)
            super().build_extension(ext)
        except Exception as exc:  # CCompilerError, ExecError, CompileError, ...
            self._failed(exc)
            self._remove_outputs(ext)
            return
        self._copy_beside_sources(ext)

    def _source_tree_path(self, ext):
        """Where an in-place build would put the extension."""
        inplace = self.inplace
        self.inplace = True
        try:
            return self.get_ext_fullpath(ext.name)
        finally:
            self.inplace = inplace

    def _copy_beside_sources(self, ext):
        built, beside = self.get_ext_fullpath(ext.name), self._source_tree_path(ext)
        if os.path.abspath(built) == os.path.abspath(beside):
            return
        try:
            shutil.copyfile(built, beside)
        except OSError:
            pass  # a read-only source tree: the installed package still has it

    def _remove_outputs(self, ext):
        for path in {self.get_ext_fullpath(ext.name), self._source_tree_path(ext)}:
            try:
                os.remove(path)
            except OSError:
                pass

    def _cythonize(self, ext):
        """Turn the .pyx source into C in the build directory (never in the source tree)."""
        pyx = [s for s in ext.sources if s.endswith(".pyx")]
        if not pyx:
            return
        from Cython.Build import cythonize  # ImportError -> pure Python fallback

        out_dir = os.path.join(self.build_temp, "cython")
        (cext,) = cythonize(
            [Extension(ext.name, pyx, include_dirs=ext.include_dirs, depends=ext.depends)],
            build_dir=out_dir,
            compiler_directives=DIRECTIVES,
            quiet=True,
            force=self.force,
        )
        ext.sources = [s for s in ext.sources if not s.endswith(".pyx")] + list(cext.sources)

    def _set_flags(self, ext):
        if self.compiler.compiler_type == "msvc":
            ext.extra_compile_args = list(MSVC_FLAGS)
        else:
            # after Python's own CFLAGS on the command line, so these win
            ext.extra_compile_args = list(UNIX_FLAGS)

    def _failed(self, exc):
        if REQUIRE:
            raise exc
        _warn("the compiled training loop (%s) could not be built: %s: %s"
              % (EXT_NAME, type(exc).__name__, exc))


def _forget_source_tree_copy():
    """Remove the compiled module a previous build copied beside the sources."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    try:
        os.remove(os.path.join("tinynet", "backends", "_ctrain" + suffix))
    except OSError:
        pass


def extensions():
    exts = _extensions()
    if not exts:
        _forget_source_tree_copy()  # this install is pure Python: so is this folder
    return exts


def _extensions():
    if PURE:
        return []
    if platform.python_implementation() != "CPython":
        message = "the compiled training loop is only built on CPython, not %s" % (
            platform.python_implementation())
        if REQUIRE:
            sys.exit("error: " + message)
        _warn(message)
        return []
    if sysconfig.get_config_var("Py_GIL_DISABLED"):
        message = "the compiled training loop is not built for free-threaded CPython"
        if REQUIRE:
            sys.exit("error: " + message)
        _warn(message)
        return []
    try:
        import Cython  # noqa: F401
    except ImportError:
        message = "Cython is not installed, so the compiled training loop cannot be built"
        if REQUIRE:
            sys.exit("error: " + message + " (pip install 'Cython>=3.0.10,<3.3')")
        _warn(message)
        return []
    return [Extension(EXT_NAME, [PYX], include_dirs=[os.path.dirname(KERNELS)],
                      depends=[KERNELS, ELEMENTARY])]


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
