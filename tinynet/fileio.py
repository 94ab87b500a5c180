"""Reading and writing files safely: one writer and one reader for every file tinynet touches.

* :func:`write_text` writes atomically: the text goes to a temporary file in
  the same folder, is flushed and ``fsync``-ed, then ``os.replace`` puts it
  over the target in one step (and the folder is ``fsync``-ed where the
  platform allows). Whatever happens during a save (a full disk, ``kill -9``,
  a reader in another process), the target holds either the complete old
  file or the complete new one, never a mixture.
  (MicroPython has no file descriptors, ``fsync`` or ``os.replace``: there
  the temporary file is written with ``open`` and renamed over the target
  with ``os.rename``; see :func:`tinynet._compat.replace` for what stays
  atomic on each of its file systems.)
* :func:`read_text` reads only regular files (never a FIFO, a device such as
  ``/dev/zero`` or a folder), refuses files over a size cap before reading
  them, and names the path in every error.

A process killed with ``kill -9`` in the middle of a save cannot clean up
after itself: it may leave a ``.NAME.PID-N.tmp`` file next to the target
(never the target itself half written). Such files are safe to delete.
"""

import os

from ._compat import FileNotFoundError, UnicodeDecodeError, fspath, getpid, is_missing, replace, write_new

__all__ = ["FileTooLargeError", "WriteError", "check_regular_file", "read_text", "write_text"]

# os.open flags: binary (no newline translation on Windows) and, for reading,
# non-blocking so that opening a FIFO returns at once instead of waiting for a writer
_BINARY = getattr(os, "O_BINARY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

_S_IFMT, _S_IFDIR, _S_IFREG = 0o170000, 0o040000, 0o100000


class WriteError(OSError):
    """Writing a file failed; the target was left as it was and no temporary file remains."""


class FileTooLargeError(ValueError):
    """A file is larger than the size cap the reader was given."""


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); silently skipped where folders cannot be opened."""
    flags = getattr(os, "O_RDONLY", 0) | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except (OSError, AttributeError):
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _target(path: str) -> str:
    """The file a save replaces: a symbolic link is followed, so the link itself stays a link."""
    try:
        if os.path.islink(path):
            return os.path.realpath(path)
    except (OSError, AttributeError):
        pass
    return path


def _write_temporary(target: str, data: bytes) -> str:
    """Write ``data`` to a new temporary file next to ``target``, durably; return its path."""
    folder, name = os.path.split(os.path.abspath(target))
    for attempt in range(100):
        # unique per process and per attempt; an existing file (a leftover of a killed process) is never reused
        temporary = os.path.join(folder, ".%s.%d-%d.tmp" % (name, getpid(), attempt))
        if _write_new(temporary, data, target):
            return temporary
    raise OSError(17, "no free temporary file name next to %s" % target, target)


def _write_new(path: str, data: bytes, target: str) -> bool:
    """Create the file ``path`` and write ``data`` to it, flushed to the disk.

    Returns False, writing nothing, if ``path`` already exists. The new file
    gets the permission bits of ``target`` when that exists.
    """
    if not hasattr(os, "open"):  # MicroPython: no file descriptors
        return write_new(path, data)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
    except FileExistsError:
        return False
    try:
        _keep_mode(fd, target)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)  # the bytes are on the disk before the name points at them
    except BaseException:
        os.close(fd)
        _remove(path)
        raise
    os.close(fd)
    return True


def _remove(path: str) -> None:
    """Delete the file ``path`` if it can be deleted (a failed write's temporary file)."""
    try:
        os.unlink(path)
    except OSError:
        pass


def _keep_mode(fd: int, target: str) -> None:
    """Give the new file the permission bits of the file it replaces (a private model stays private)."""
    try:
        mode = os.stat(target)[0] & 0o7777
    except OSError:
        return  # no old file: the new one gets the default permissions (umask)
    try:
        os.fchmod(fd, mode)
    except (OSError, AttributeError):
        pass  # platforms without fchmod (Windows) keep their default


def write_text(path: str, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically and durably.

    Raises :class:`WriteError` (an ``OSError``) naming ``path`` when the
    write fails (a full disk, a missing folder, ``path`` is a folder, no
    permission); the old file, if any, is then untouched and the temporary
    file is removed. The text is written as it is (no newline translation).
    """
    path = fspath(path)
    target = _target(path)
    data = text.encode(encoding)
    temporary = None
    try:
        temporary = _write_temporary(target, data)
        replace(temporary, target)
    except BaseException as exc:
        if temporary is not None:
            _remove(temporary)
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            # the message keeps the cause's words (no "from exc": MicroPython cannot chain)
            raise WriteError(exc.errno, "cannot write %s: %s" % (path, _reason(exc)), path) from None
        raise
    _fsync_folder(os.path.dirname(os.path.abspath(target)))


def _file_error(path: str, what: str, mode: int) -> ValueError:
    """The error for something at ``path`` that is not a regular file."""
    if (mode & _S_IFMT) == _S_IFDIR:
        return ValueError("%s %s is a folder, not a file" % (what, path))
    return ValueError("%s %s is not a regular file (a pipe, device or socket cannot be read)" % (what, path))


def _missing(path: str, what: str) -> OSError:
    """The FileNotFoundError for a missing ``path``."""
    return FileNotFoundError(2, "%s %s does not exist" % (what, path), path)


def _reason(exc: OSError) -> str:
    """The words of an ``OSError``: its ``strerror`` (MicroPython has only the number)."""
    return getattr(exc, "strerror", None) or str(exc)


def check_regular_file(path: str, what: str = "file") -> int:
    """Raise an error naming ``path`` unless it is an existing regular file; return its size.

    A missing file raises ``FileNotFoundError``; a folder, FIFO, device or
    socket raises ``ValueError``.
    """
    path = fspath(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        if is_missing(exc):
            raise _missing(path, what) from None
        raise ValueError("cannot read %s %s: %s" % (what, path, _reason(exc))) from None
    if (info[0] & _S_IFMT) != _S_IFREG:
        raise _file_error(path, what, info[0])
    return info[6]


def _open_regular(path: str, what: str) -> "tuple[object, int]":
    """Open ``path`` for reading and check, on the open file, that it is a regular file.

    Returns the binary file object and the size. Checking the opened file
    (not the name) means nothing can swap in a FIFO between the check and
    the read, and the non-blocking open means a FIFO never makes us wait.
    """
    if not hasattr(os, "open"):  # MicroPython: no descriptors (and no FIFOs): check the name
        size = check_regular_file(path, what)
        return open(path, "rb"), size
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY)
    except OSError as exc:
        if is_missing(exc):
            raise _missing(path, what) from None
        if os.path.isdir(path):  # Windows cannot open a folder at all
            raise _file_error(path, what, _S_IFDIR) from None
        raise ValueError("cannot read %s %s: %s" % (what, path, _reason(exc))) from None
    try:
        info = os.fstat(fd)
        if (info[0] & _S_IFMT) != _S_IFREG:
            raise _file_error(path, what, info[0])
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb"), info[6]


def _read_all(f, size: int, max_bytes: "int | None") -> bytes:
    """All bytes of the open file ``f`` whose size was ``size``, stopping past ``max_bytes``.

    One read of the expected size (plus one byte, to notice a file that
    grew); only a file that did grow is read on in small pieces, so no
    buffer of ``max_bytes`` is ever allocated up front.
    """
    data = f.read(size + 1)
    if len(data) <= size:
        return data
    pieces = [data]
    total = len(data)
    while max_bytes is None or total <= max_bytes:
        piece = f.read(1 << 16)
        if not piece:
            break
        pieces.append(piece)
        total += len(piece)
    return b"".join(pieces)


def read_text(path: str, what: str = "file", max_bytes: "int | None" = None, encoding: str = "utf-8") -> str:
    """The text of the regular file ``path``, checked to be at most ``max_bytes`` long.

    ``what`` names the file in messages ("model", "data file"). Every error
    names ``path``: ``FileNotFoundError`` for a missing file, ``ValueError``
    for a folder, FIFO or device, a file over ``max_bytes``
    (:class:`FileTooLargeError`, raised before anything is read) or bytes
    that are not valid text.
    """
    path = fspath(path)
    f, size = _open_regular(path, what)
    try:
        with f:
            if max_bytes is not None and size > max_bytes:
                raise FileTooLargeError("%s %s is %d bytes, more than the limit of %d bytes"
                                        % (what, path, size, max_bytes))
            data = _read_all(f, size, max_bytes)
    except OSError as exc:
        raise ValueError("cannot read %s %s: %s" % (what, path, _reason(exc))) from None
    if max_bytes is not None and len(data) > max_bytes:  # it grew while we read it
        raise FileTooLargeError("%s %s is more than the limit of %d bytes" % (what, path, max_bytes))
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        start = getattr(exc, "start", None)  # MicroPython's UnicodeError does not say where
        where = " (byte %d cannot be decoded)" % start if start is not None else ""
        raise ValueError("%s %s is not %s text%s" % (what, path, encoding.upper(), where)) from None
