"""The one place for differences between the Pythons tinynet runs on.

tinynet's core runs on CPython, PyPy, Pyodide (CPython in WebAssembly) and
MicroPython. MicroPython leaves out parts of the standard library; this
module gives the core the few things it needs under one name on all of them,
so the rest of the code stays plain, idiomatic Python. On CPython each name
is the standard one (or a one-line wrapper around it).

Numbers:

* :func:`is_real`, :func:`is_integral`, :func:`is_number`: ``isinstance``
  against :mod:`numbers`' ``Real``, ``Integral`` and ``Number``, without
  importing :mod:`numbers` (MicroPython has none): only code that imported
  it (Fraction, NumPy) can register a type there, so while it is not loaded
  the built-in types are all there is. bool counts as an int everywhere
  (on MicroPython ``isinstance(True, int)`` is False);
* :func:`index`: :func:`operator.index` (an exact int from an int or a
  NumPy integer; TypeError for floats and strings);
* :func:`is_integer`: ``float.is_integer`` (MicroPython's float has no methods);
* :func:`fsum`: :func:`math.fsum`, the correctly rounded sum (MicroPython's
  math has none: the same algorithm in Python, same result);
* :func:`is_iterable`: whether ``iter(value)`` works (on MicroPython a list
  has no ``__iter__`` attribute, so ``hasattr(x, "__iter__")`` is False there);
* :func:`zeros`: an ``array('d')`` of zeros, made by repeating one zero
  (MicroPython's arrays cannot be repeated: there, from zero bytes).

The platform:

* :func:`getenv`: an environment variable, or ``default`` where there is no
  environment (MicroPython's ``os`` has no ``environ``);
* :func:`perf_counter`: seconds from a monotonic clock, for timing only;
* ``UserWarning`` and :func:`warn`: :mod:`warnings` where it exists; on a
  Python without it, ``UserWarning`` is a plain ``Exception`` subclass and
  :func:`warn` prints the message to standard error;
* ``FileNotFoundError``, ``UnicodeDecodeError``, :func:`is_missing`: the
  built-in exceptions, or stand-ins where they are missing;
* :func:`fspath`, :func:`getpid`, :func:`replace`: the ``os`` functions;
  :func:`write_new` creates and writes a file where there are no file
  descriptors. MicroPython has ``os.rename`` instead of ``os.replace`` and
  no ``fsync``: see :func:`replace` for what stays atomic there;
* :func:`require`: import a module an optional feature needs, or raise an
  ImportError that names the module and the feature;
* :func:`did_you_mean`: a spelling hint from :mod:`difflib`, where it exists.
"""

import array
import builtins
import errno
import math
import os
import sys
import time

try:
    import warnings
except ImportError:  # MicroPython: no warnings module
    warnings = None

__all__ = ["FileNotFoundError", "UnicodeDecodeError", "UserWarning", "did_you_mean", "fspath", "fsum", "getenv",
           "getpid", "index", "is_integer", "is_integral", "is_iterable", "is_missing", "is_number", "is_real",
           "perf_counter", "replace", "require", "warn", "write_new", "zeros"]


# ------------------------------------------------------------------ numbers


def _tower(kind: str) -> object:
    """``numbers.<kind>`` if the :mod:`numbers` module is loaded, else None."""
    tower = sys.modules.get("numbers")
    return getattr(tower, kind, None) if tower is not None else None


def is_real(value: object) -> bool:
    """True for a real number: int, float, bool, or a ``numbers.Real`` (Fraction, numpy.float64)."""
    if isinstance(value, (int, float, bool)):
        return True
    real = _tower("Real")
    return real is not None and isinstance(value, real)


def is_integral(value: object) -> bool:
    """True for a whole number type: int, bool, or a ``numbers.Integral`` (numpy.int64)."""
    if isinstance(value, (int, bool)):
        return True
    integral = _tower("Integral")
    return integral is not None and isinstance(value, integral)


_COMPLEX = getattr(builtins, "complex", float)  # a MicroPython may be built without complex numbers


def is_number(value: object) -> bool:
    """True for any single number, complex included (a ``numbers.Number``)."""
    if isinstance(value, (int, float, bool, _COMPLEX)):
        return True
    number = _tower("Number")
    return number is not None and isinstance(value, number)


def index(value: object) -> int:
    """``operator.index(value)`` as an int: for ints and integer types (numpy.int64), never floats.

    Raises TypeError for anything that is not an integer.
    """
    if isinstance(value, (int, bool)):
        return int(value)
    method = getattr(type(value), "__index__", None)
    if method is None or isinstance(value, float):
        raise TypeError("%r is not an integer" % (value,))
    result = method(value)
    if not isinstance(result, int):
        raise TypeError("__index__ returned %s, not an int" % type(result).__name__)
    return int(result)


def is_integer(value: float) -> bool:
    """True if the float ``value`` is a whole number (as ``value.is_integer()``)."""
    return math.isfinite(value) and value == math.floor(value)


def _fsum(values: object) -> float:
    """``math.fsum(values)`` in Python: CPython's algorithm (Shewchuk's exact partial sums)."""
    partials = []  # non-overlapping floats whose exact sum is the sum so far, smallest first
    special = infinities = 0.0  # the sum of the inf and nan values, and of the infs alone
    for x in values:
        x = float(x)
        if not math.isfinite(x):
            special += x
            if math.isinf(x):
                infinities += x
            partials = []  # as CPython does: the finite values before it no longer matter
            continue
        i = 0
        for y in partials:  # add x to the partials exactly: hi + lo == x + y, no rounding
            if abs(x) < abs(y):
                x, y = y, x
            hi = x + y
            lo = y - (hi - x)
            if lo != 0.0:
                partials[i] = lo
                i += 1
            x = hi
        if math.isinf(x):
            raise OverflowError("intermediate overflow in fsum")
        del partials[i:]
        if x != 0.0:
            partials.append(x)
    if special != 0.0:  # (nan != 0.0 too)
        if math.isnan(infinities):
            raise ValueError("-inf + inf in fsum")
        return special
    return _round_partials(partials)


def _round_partials(partials: list) -> float:
    """The exact sum of fsum's ``partials``, rounded to the nearest float (ties to even)."""
    n = len(partials)
    if n == 0:
        return 0.0
    n -= 1
    hi, lo = partials[n], 0.0
    while n > 0:  # add from the largest down until a sum is inexact
        x = hi
        n -= 1
        y = partials[n]
        hi = x + y
        lo = y - (hi - x)
        if lo != 0.0:
            break
    # a tie rounded to even may be wrong: the partials below lo break the tie
    if n > 0 and ((lo < 0.0 and partials[n - 1] < 0.0) or (lo > 0.0 and partials[n - 1] > 0.0)):
        y = lo * 2.0
        x = hi + y
        if y == x - hi:
            hi = x
    return hi


fsum = getattr(math, "fsum", _fsum)


def is_iterable(value: object) -> bool:
    """True if ``iter(value)`` works: a list, tuple, range, generator, NumPy array..."""
    try:
        iter(value)
    except TypeError:
        return False
    return True


# ----------------------------------------------------------------- platform


def zeros(count: int) -> "array.array":
    """``count`` zeros in an ``array('d')``.

    Repeating one zero is some 30 times faster than ``array('d', bytes(8 * count))``
    for 100,000 numbers (measured: 31 us against 965 us); MicroPython's arrays
    cannot be repeated, so there they are made from zero bytes.
    """
    try:
        return array.array("d", [0.0]) * count
    except TypeError:  # MicroPython: no array * int
        return array.array("d", bytes(8 * count))


def getenv(name: str, default: "str | None" = None) -> "str | None":
    """The environment variable ``name``, or ``default`` if it is unset (or there is no environment)."""
    environ = getattr(os, "environ", None)
    if environ is None:
        return default
    return environ.get(name, default)


if hasattr(time, "perf_counter"):
    perf_counter = time.perf_counter
else:  # MicroPython: a millisecond tick counter instead

    def perf_counter() -> float:
        """Seconds from a monotonic clock (milliseconds resolution here)."""
        return time.ticks_ms() / 1000.0


if hasattr(builtins, "UserWarning"):
    UserWarning = builtins.UserWarning
else:  # MicroPython: no warning classes

    class UserWarning(Exception):  # noqa: A001 - the stand-in has the built-in's name on purpose
        """Stand-in for the built-in ``UserWarning`` on a Python without warning classes."""


def warn(message: str, category: type, stacklevel: int = 1) -> None:
    """``warnings.warn(message, category)``; printed to standard error where there is no :mod:`warnings`.

    ``stacklevel`` counts as for :func:`warnings.warn` from the caller of this function.
    """
    if warnings is not None:
        warnings.warn(message, category, stacklevel=stacklevel + 1)
    else:
        print("%s: %s" % (category.__name__, message), file=sys.stderr)


if hasattr(builtins, "FileNotFoundError"):
    FileNotFoundError = builtins.FileNotFoundError
else:  # MicroPython: only OSError, with the error number in .errno

    class FileNotFoundError(OSError):  # noqa: A001
        """Stand-in for the built-in ``FileNotFoundError``: ``OSError(errno, message, path)``."""


UnicodeDecodeError = getattr(builtins, "UnicodeDecodeError", UnicodeError)

# the error numbers that mean "no such file or folder": errno.ENOENT and, on
# MicroPython's WebAssembly port, Emscripten's own ENOENT (44), which that
# port passes on unchanged although its errno module says 2
_MISSING = (errno.ENOENT,) if hasattr(builtins, "FileNotFoundError") else (errno.ENOENT, 44)


def is_missing(exc: OSError) -> bool:
    """True if the ``OSError`` ``exc`` says the file (or a folder on its path) does not exist."""
    return isinstance(exc, FileNotFoundError) or getattr(exc, "errno", None) in _MISSING


if hasattr(os, "replace"):
    replace = os.replace
else:  # MicroPython

    def replace(source: str, target: str) -> None:
        """Rename ``source`` to ``target``, replacing ``target`` if it exists.

        MicroPython has ``os.rename`` only. On its Unix and WebAssembly ports
        that is POSIX ``rename``, which replaces the target in one step, as
        ``os.replace`` does. On a board's own file system it depends: littlefs
        renames atomically; FAT cannot rename over a file, so MicroPython
        deletes the old file first, and a power cut between the two steps
        leaves no file under the target's name (the complete new file is then
        still there under its temporary name).
        """
        os.rename(source, target)


def fspath(path: object) -> "str | bytes":
    """``os.fspath(path)``: the str (or bytes) of a path or of a path object."""
    if hasattr(os, "fspath"):
        return os.fspath(path)
    if isinstance(path, (str, bytes)):  # MicroPython
        return path
    method = getattr(type(path), "__fspath__", None)
    if method is None:
        raise TypeError("expected a str, bytes or os.PathLike path, not %s" % type(path).__name__)
    return method(path)


def getpid() -> int:
    """``os.getpid()``, or 0 where there are no processes to tell apart (MicroPython)."""
    return os.getpid() if hasattr(os, "getpid") else 0


def write_new(path: str, data: bytes) -> bool:
    """Create the file ``path`` and write ``data`` to it; False, writing nothing, if it exists.

    The stand-in for ``os.open(path, O_CREAT | O_EXCL)``, ``os.write`` and
    ``os.fsync`` on MicroPython, which has no file descriptors: the check
    for an existing file and the creation are two steps there (nothing else
    runs in between on a MicroPython), and the bytes are on the disk once
    the file is closed.
    """
    try:
        os.stat(path)
        return False
    except OSError:
        pass  # no such file: create it
    try:
        with open(path, "wb") as f:
            f.write(data)
    except BaseException:
        try:
            os.remove(path)
        except OSError:
            pass
        raise
    return True


def require(module: str, feature: str) -> object:
    """Import and return the module ``module`` that ``feature`` needs.

    Raises ImportError naming both when this Python has no such module
    (MicroPython has no argparse or csv, for instance):
    ``require("argparse", "tinynet.cli")``.
    """
    try:
        return __import__(module)
    except ImportError:
        pass
    version = ".".join(str(part) for part in sys.implementation.version[:3])
    raise ImportError("%s needs the %r module, which this Python (%s %s) does not have"
                      % (feature, module, sys.implementation.name, version))


def did_you_mean(word: str, choices: object) -> str:
    """`` (did you mean 'sigmoid'?)`` for the choice closest to a misspelt ``word``, or ``""``.

    Uses :mod:`difflib` where it exists (MicroPython has none: no hint there).
    """
    try:
        import difflib
    except ImportError:
        return ""
    close = difflib.get_close_matches(str(word).lower(), list(choices), n=1)
    return " (did you mean %r?)" % close[0] if close else ""


def shallow_copy(obj: object) -> object:
    """A new object of the same class as ``obj`` with the same attributes (``copy.copy``).

    MicroPython has no :mod:`copy`, or one that cannot copy instances of
    classes: there the attributes are set one by one.
    """
    try:
        import copy
    except ImportError:
        return _copy_attributes(obj)
    try:
        return copy.copy(obj)
    except copy.Error:
        return _copy_attributes(obj)


def _copy_attributes(obj: object) -> object:
    clone = object.__new__(type(obj))
    for name, value in obj.__dict__.items():
        setattr(clone, name, value)
    return clone
