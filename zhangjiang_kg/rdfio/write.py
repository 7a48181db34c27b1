"""Writing files atomically: a full disk or a crash leaves the old file, never half a new one.

Every command that writes a file goes through here: :func:`write_atomic` for content in memory,
:func:`atomic_output` for content streamed as it is made (``zjkg synth``), :func:`atomic_folder`
for a whole folder (``zjkg docs``). Each writes beside the target, then renames over it, and a
failure removes what it wrote and raises one :class:`~zhangjiang_kg.errors.InputError` naming
the target.
"""

from __future__ import annotations

import os
import shutil
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
    """A binary stream that becomes ``path`` when the block ends without an error.

    An error inside the block (or while flushing) removes the temporary file and leaves ``path``
    as it was; an :class:`OSError` becomes an :class:`InputError` naming ``path``.

    :raises InputError: the file cannot be written (the message names it and says why).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb", buffering=1 << 20) as stream:  # few, large writes from streaming writers
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        _give_mode(Path(temporary), path, 0o666)
        Path(temporary).replace(path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(folder: Path) -> Iterator[Path]:
    """A fresh folder beside ``folder`` to fill; it replaces ``folder`` when the block succeeds.

    The old folder is renamed aside, the new one renamed into place and the old one removed, so
    a failure at any point before the swap leaves the old folder whole (and no scratch folder).

    :raises InputError: the folder cannot be written (the message names it and says why).
    """
    folder = Path(folder)
    parent = folder.parent if str(folder.parent) else Path()
    try:
        parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise InputError(f"{folder}: cannot write: {exc.strerror or exc}") from None
    try:
        yield scratch
        _give_mode(scratch, folder, 0o777)
        _swap_in(scratch, folder)
    except OSError as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        raise InputError(f"{folder}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
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
