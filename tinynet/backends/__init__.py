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

from .._compat import getenv
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
    try:
        import tinynet.backends._ctrain as _ctrain  # noqa: PLR0402 (sets exc.name when missing)
    except ImportError as exc:
        failure = exc
    else:
        return _ctrain
    # raised outside the except block: MicroPython warns about exception chaining
    if getattr(failure, "name", None) == "tinynet.backends._ctrain":  # there is no such module
        raise ImportError(_BUILD_HINT)
    # built, but for another Python or broken (or a Python that does not say which)
    raise ImportError(_BUILD_HINT + " (import failed: %s)" % failure)


def _choose():
    wanted = getenv("TINYNET_BACKEND", "auto").strip().lower()
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
        % getenv("TINYNET_BACKEND")
    )


_default = _choose()

#: The name of the backend chosen at import: ``"cython"`` or ``"python"``.
BACKEND = _default.NAME


def available() -> "list[str]":
    """The backend names that can run here, e.g. ``["python", "cython"]``."""
    names = ["python"]
    try:
        _load_compiled()
        names.append("cython")
    except ImportError:
        pass
    return names


def get(name: "str | None" = None) -> object:
    """The backend module for ``name`` (``None`` means the one chosen at import)."""
    if name is None:
        return _default
    if not isinstance(name, str) or name.lower() not in NAMES:
        raise ValueError("backend must be 'python' or 'cython' (or None), not %r" % (name,))
    if name.lower() == "python":
        return python
    return _load_compiled()
