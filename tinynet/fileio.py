"""Reading and writing files safely: one writer and one reader for every file tinynet touches.

* :func:`write_text` writes atomically: the text goes to a temporary file in
  the same folder, is flushed and ``fsync``-ed, then ``os.replace`` puts it
  over the target in one step (and the folder is ``fsync``-ed where the
  platform allows). Whatever happens during a save (a full disk, ``kill -9``,
  a reader in another process), the target holds either the complete old
  file or the complete new one, never a mixture.
* :func:`read_text` reads only regular files (never a FIFO, a device such as
  ``/dev/zero`` or a folder), refuses files over a size cap before reading
  them, and names the path in every error.
"""

import os

__all__ = ["write_text", "read_text", "check_regular_file", "FileTooLargeError", "WriteError"]


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


def write_text(path: str, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically and durably.

    Raises :class:`WriteError` (an ``OSError``) naming ``path`` when the
    write fails; the old file, if any, is then untouched and the temporary
    file is removed.
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    data = text.encode(encoding)
    # unique per process and per call (id of a live object), so two savers never share it
    temporary = os.path.join(folder, ".%s.%d-%x.tmp" % (os.path.basename(path), os.getpid(), id(data)))
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise WriteError(exc.errno, "cannot write %s: %s" % (path, exc.strerror or exc), path) from exc
        raise
    _fsync_folder(folder)


def check_regular_file(path: str, what: str = "file") -> int:
    """Raise an error naming ``path`` unless it is an existing regular file; return its size.

    A missing file raises ``FileNotFoundError``; a folder, FIFO, device or
    socket raises ``ValueError``.
    """
    path = os.fspath(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FileNotFoundError(2, "%s %s does not exist" % (what, path), path) from None
    except OSError as exc:
        raise ValueError("cannot read %s %s: %s" % (what, path, exc.strerror or exc)) from None
    mode = info[0]
    if (mode & 0o170000) == 0o040000:
        raise ValueError("%s %s is a folder, not a file" % (what, path))
    if (mode & 0o170000) != 0o100000:
        raise ValueError("%s %s is not a regular file (a pipe, device or socket cannot be read)" % (what, path))
    return info[6]


def read_text(path: str, what: str = "file", max_bytes: "int | None" = None, encoding: str = "utf-8") -> str:
    """The text of the regular file ``path``, checked to be at most ``max_bytes`` long.

    Every error names ``path``: ``FileNotFoundError`` for a missing file,
    ``ValueError`` for a folder,
    FIFO or device, too large (:class:`FileTooLargeError`), not valid text.
    """
    path = os.fspath(path)
    size = check_regular_file(path, what)
    if max_bytes is not None and size > max_bytes:
        raise FileTooLargeError("%s %s is %d bytes, more than the limit of %d bytes"
                                % (what, path, size, max_bytes))
    try:
        with open(path, "rb") as f:
            data = f.read() if max_bytes is None else f.read(max_bytes + 1)
    except OSError as exc:
        raise ValueError("cannot read %s %s: %s" % (what, path, exc.strerror or exc)) from None
    if max_bytes is not None and len(data) > max_bytes:
        raise FileTooLargeError("%s %s is more than the limit of %d bytes" % (what, path, max_bytes))
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ValueError("%s %s is not %s text (byte %d cannot be decoded)"
                         % (what, path, encoding.upper(), exc.start)) from None
