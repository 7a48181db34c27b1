"""Writing files atomically: a full disk or a crash leaves the old file, never half a new one.

Each writer writes beside the target, then renames over it. A symlink's target is replaced (the
link stays); a FIFO, ``/dev/null``, ``-`` and the command's own output are written in place (a sink
is what the user meant); any other non-regular file is refused, so nothing is renamed over a device.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it over ``path``.

    :raises InputError: the file cannot be written (the message names it and says why).
    """
    with atomic_output(path) as stream:
        stream.write(content)


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary stream that becomes ``path`` when the block ends without an error; an error
    (or a signal) leaves ``path`` as it was.

    :raises InputError: the file cannot be written, or is neither a regular file nor a sink.
    """
    path = Path(path)
    in_place, target = _destination(path)
    if in_place:
        with _write_in_place(path) as stream:
            yield stream
        return
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb", buffering=1 << 20) as stream:  # few, large writes from streaming writers
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        _give_mode(Path(temporary), target, 0o666)
        Path(temporary).replace(target)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def _destination(path: Path) -> tuple[bool, Path]:
    """Whether ``path`` is written in place (a sink or a pipe), and the file to replace otherwise.

    :raises InputError: ``path`` is a device other than ``/dev/null`` or the command's own output,
        a folder or a socket.
    """
    if str(path) == "-":
        return True, path
    try:
        found = path.stat()  # follows symlinks: a link's target decides
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if found is not None and (stat.S_ISFIFO(found.st_mode) or _is_sink(found)):
        return True, path
    if found is None or stat.S_ISREG(found.st_mode):
        return False, Path(os.path.realpath(path)) if path.is_symlink() else path
    device = stat.S_ISCHR(found.st_mode) or stat.S_ISBLK(found.st_mode)
    kind = "a folder" if stat.S_ISDIR(found.st_mode) else "a device" if device else "not a regular file"
    raise InputError(f"{path}: is {kind}; refused (write to a regular file, -, a FIFO or /dev/null)")


def _is_sink(found: os.stat_result) -> bool:
    """``/dev/null``, or the very file our standard output or error already writes to (``/dev/stdout``)."""
    same = [Path(os.devnull).stat()]
    for fd in (1, 2):
        try:
            same.append(os.fstat(fd))
        except OSError:
            continue
    return any((found.st_dev, found.st_ino) == (other.st_dev, other.st_ino) for other in same)


@contextmanager
def _write_in_place(path: Path) -> Iterator[BinaryIO]:
    """A stream into a sink or a pipe (``-`` is standard output), which is never closed early or renamed."""
    try:
        if str(path) == "-":
            sys.stdout.flush()
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
            return
        with open(path, "wb") as stream:
            yield stream
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None


@contextmanager
def atomic_folder(folder: Path) -> Iterator[Path]:
    """A fresh folder beside ``folder`` to fill; it replaces ``folder`` when the block succeeds,
    and a failure before the swap leaves the old folder whole (and no scratch folder).

    :raises InputError: the folder cannot be written (the message names it and says why).
    """
    folder = Path(folder)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    except OSError as exc:
        raise InputError(f"{folder}: cannot write: {exc.strerror or exc}") from None
    try:
        yield scratch
        _give_mode(scratch, folder, 0o777)
        _swap_in(scratch, folder)
    except BaseException as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        if isinstance(exc, OSError):
            raise InputError(f"{folder}: cannot write: {exc.strerror or exc}") from None
        raise


def _swap_in(new: Path, folder: Path) -> None:
    """Put ``new`` where ``folder`` is; the old folder is removed only once the new one is in place."""
    if not folder.exists():
        new.rename(folder)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=new.parent))
    old.rmdir()
    folder.rename(old)
    try:
        new.rename(folder)
    except OSError:
        old.rename(folder)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _give_mode(temporary: Path, target: Path, default: int) -> None:
    """The target's permissions if it exists, else ``default`` less the umask (mkstemp gives 0600)."""
    if target.exists():
        temporary.chmod(target.stat().st_mode & 0o7777)
    else:
        umask = os.umask(0)
        os.umask(umask)
        temporary.chmod(default & ~umask)
