"""The one place for differences between the Pythons tinynet runs on.

tinynet's core runs on CPython, PyPy, Pyodide (CPython in WebAssembly) and
MicroPython. MicroPython leaves out parts of the standard library; this
module gives the core the few things it needs under one name on all of them,
so the rest of the code stays plain, idiomatic Python:

* ``Integral``, ``Real``, ``Number``: the abstract number types of
  :mod:`numbers` (so NumPy scalars still count as numbers on CPython); where
  there is no :mod:`numbers` module, the built-in types they stand for;
* :func:`getenv`: an environment variable, or ``default`` where the platform
  has no environment (MicroPython's ``os`` has no ``environ``);
* :func:`perf_counter`: seconds from a monotonic clock, for timing only;
* :func:`is_integer`: ``float.is_integer`` (MicroPython's float has no methods);
* :func:`is_iterable`: whether ``iter(value)`` works (on MicroPython a list
  has no ``__iter__`` attribute, so ``hasattr(x, "__iter__")`` is False there).
"""

import math
import os
import time

try:
    from numbers import Integral, Number, Real
except ImportError:  # MicroPython: no numbers module
    Integral = int
    Real = (int, float)
    try:
        Number = (int, float, complex)
    except NameError:  # a port built without complex numbers
        Number = (int, float)

__all__ = ["Integral", "Number", "Real", "did_you_mean", "getenv", "is_integer", "is_iterable", "perf_counter"]


def getenv(name, default=None):
    """The environment variable ``name``, or ``default`` if it is unset (or there is no environment)."""
    environ = getattr(os, "environ", None)
    if environ is None:
        return default
    return environ.get(name, default)


if hasattr(time, "perf_counter"):
    perf_counter = time.perf_counter
else:  # MicroPython: a millisecond tick counter instead

    def perf_counter():
        """Seconds from a monotonic clock (milliseconds resolution here)."""
        return time.ticks_ms() / 1000.0


def is_integer(value):
    """True if the float ``value`` is a whole number (as ``value.is_integer()``)."""
    return math.isfinite(value) and value == math.floor(value)


def is_iterable(value):
    """True if ``iter(value)`` works: a list, tuple, range, generator, NumPy array..."""
    try:
        iter(value)
    except TypeError:
        return False
    return True


def did_you_mean(word, choices):
    """`` (did you mean 'sigmoid'?)`` for the choice closest to a misspelt ``word``, or ``""``.

    Uses :mod:`difflib` where it exists (MicroPython has none: no hint there).
    """
    try:
        import difflib
    except ImportError:
        return ""
    close = difflib.get_close_matches(str(word).lower(), list(choices), n=1)
    return " (did you mean %r?)" % close[0] if close else ""
