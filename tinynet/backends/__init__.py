"""Training-loop backends: the readable Python loop and its compiled twin.

Both modules offer the same functions (``train_epoch``, ``predict``,
``evaluate``, ``gradients``) and give the same numbers bit for bit; the
compiled one (``tinynet.backends._ctrain``, built from ``_ctrain.pyx`` when a
C compiler is available) is just faster.

Which one ``import tinynet`` picks is set by the environment variable
``TINYNET_BACKEND``:

* unset or ``auto``: the compiled loop when it is built, else pure Python;
* ``python``: always the pure-Python loop;
* ``cython``: the compiled loop, and an ``ImportError`` if it is not built.
"""

import importlib.util
import os

from . import python

__all__ = ["BACKEND", "NAMES", "get", "available"]

#: The backend names ``Network.fit(backend=...)`` accepts.
NAMES = ("python", "cython")

_BUILD_HINT = (
    "the compiled backend tinynet.backends._ctrain is not built. Install tinynet "
    "from source with a C compiler available (pip install . ; add "
    "TINYNET_REQUIRE_EXTENSION=1 to make a failed compile an error), or use "
    "the pure-Python backend (TINYNET_BACKEND=python)."
)


def _load_compiled():
    """Import the compiled module, or raise ImportError saying how to build it."""
    if importlib.util.find_spec(__name__ + "._ctrain") is None:
        raise ImportError(_BUILD_HINT)
    try:
        from . import _ctrain
    except ImportError as exc:  # built, but for another Python or broken
        raise ImportError(_BUILD_HINT + " (import failed: %s)" % exc) from exc
    return _ctrain


def _choose():
    wanted = os.environ.get("TINYNET_BACKEND", "auto").strip().lower()
    if wanted in ("", "auto"):
        try:
            return _load_compiled()
        except ImportError:
            return python
    if wanted == "python":
        return python
    if wanted == "cython":
        return _load_compiled()
    raise ImportError(
        "TINYNET_BACKEND must be 'auto', 'python' or 'cython', not %r"
        % os.environ.get("TINYNET_BACKEND")
    )


_default = _choose()

#: The name of the backend chosen at import: ``"cython"`` or ``"python"``.
BACKEND = _default.NAME


def available():
    """The backend names that can run here, e.g. ``["python", "cython"]``."""
    names = ["python"]
    try:
        _load_compiled()
        names.append("cython")
    except ImportError:
        pass
    return names


def get(name=None):
    """The backend module for ``name`` (``None`` means the one chosen at import)."""
    if name is None:
        return _default
    if not isinstance(name, str) or name.lower() not in NAMES:
        raise ValueError("backend must be 'python' or 'cython' (or None), not %r" % (name,))
    if name.lower() == "python":
        return python
    return _load_compiled()
