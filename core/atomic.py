"""Atomic file writes: the one writer behind scenes, trajectory tables and every export.

A write goes to a hidden temporary file in the target's own folder (so the final rename
never crosses a file system), is flushed and fsync'ed, gets the mode a plain ``open()``
would have given it, and is renamed over the target with :func:`os.replace`.  Readers see
the old file or the new one, never half of one; on any failure the temporary file is
removed and the target is untouched.

Failures raise :class:`OSError` (errno and file name set); :func:`describe_oserror` turns
one into a sentence for the user.  The app's exporters wrap that sentence in their own error
type; the numpy core lets the OSError through.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

__all__ = [
    "UMASK",
    "AtomicFile",
    "describe_oserror",
    "new_file_mode",
    "write_bytes",
    "write_text",
]


def _read_umask() -> int:
    # os.umask can only be read by setting it; do it once, at import, not while threads write
    # (toggling it while another thread creates a file would hand that file a wrong mode).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: The process umask, read once at import.
UMASK = _read_umask()


def new_file_mode(path: str | os.PathLike[str]) -> int:
    """The mode a plain ``open(path, "w")`` leaves: the replaced file's, or 0666 less the
    umask for a new file (mkstemp's private 0600 must not leak into the user's files)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return 0o666 & ~UMASK


def describe_oserror(exc: OSError, path: str | os.PathLike[str]) -> str:
    """A one-line, user-facing reason for an OSError met while writing ``path``."""
    target = Path(path)
    folder = target.parent if not target.is_dir() else target
    code = exc.errno
    if code == errno.ENOSPC:
        return f"the disk is full: no space left in {folder} while writing {target.name}"
    if code == getattr(errno, "EDQUOT", -1):
        return f"disk quota exceeded in {folder} while writing {target.name}"
    if code in (errno.EACCES, errno.EPERM):
        return f"permission denied: cannot write in folder {folder}"
    if code == errno.EROFS:
        return f"the folder {folder} is on a read-only file system"
    if code == errno.ENOENT:
        return f"the folder {folder} does not exist"
    if code == errno.ENOTDIR:
        return f"{folder} is not a folder"
    if code == errno.EISDIR:
        return f"{target} is a folder, not a file"
    reason = exc.strerror or str(exc)
    return f"cannot write {target}: {reason}"


def _check_folder(path: Path) -> None:
    """Fail before any work, with the errno that names the reason, when ``path``'s folder
    cannot take the file (a target that is a folder would otherwise fail only at the rename,
    after a long export)."""
    folder = path.parent
    if not folder.exists():
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(folder))
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(folder))
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))


class AtomicFile:
    """A temporary file next to ``path`` that becomes ``path`` on :meth:`commit`.

    The temporary name is hidden and keeps the real extension last (``.name.XXXX.part.gif``)
    so tools that pick a format from the name choose the right one.  Write to :attr:`tmp`
    (it exists, empty, from the start), then :meth:`commit`; :meth:`discard` removes it.

    Raises
    ------
    OSError
        When the folder is missing, is no folder, the target is a folder, or the temporary
        file cannot be created (permissions, read-only file system, full disk).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        _check_folder(self.path)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{self.path.stem}.", suffix=f".part{self.path.suffix}", dir=self.path.parent
        )
        os.close(fd)
        self.tmp = Path(tmp)
        self._done = False

    def commit(self) -> Path:
        """Give the file the mode a plain write would and rename it over the target.

        On failure the temporary file is removed and the OSError raised.
        """
        if self._done:
            raise RuntimeError(f"{self.path} was already committed or discarded")
        try:
            os.chmod(self.tmp, new_file_mode(self.path))
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise
        self._done = True
        return self.path

    def discard(self) -> None:
        """Remove the temporary file (idempotent, never raises)."""
        self._done = True
        try:
            self.tmp.unlink()
        except OSError:
            pass


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (fsync'ed); returns the path.

    Raises
    ------
    OSError
        On any failure; the target is untouched and no temporary file is left.
    """
    f = AtomicFile(path)
    try:
        with open(f.tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        f.discard()
        raise
    return f.commit()


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 (newlines as given) to ``path`` atomically; see
    :func:`write_bytes`."""
    return write_bytes(path, text.encode("utf-8"))

