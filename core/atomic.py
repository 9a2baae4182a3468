"""Atomic file writes: the one writer behind scenes, trajectory tables and every export.

A write goes to a hidden temporary file in the target's own folder (so the final rename
never crosses a file system), is flushed and fsync'ed, gets the mode a plain ``open()``
would have given it, and is renamed over the target with :func:`os.replace`.  Readers see
the old file or the new one, never half of one; on any failure the temporary file is
removed and the target is untouched.

Temporary names are recognisable and bounded: ``.<stem>.gradscape-<pid>-<random>.part<ext>``,
the stem shortened so the name stays within the file system's NAME_MAX.  A process that was
killed cannot remove its temporaries; the next write of the same target does, for every
temporary whose process is gone (a live one, of a concurrent export, is never touched).

Several files are committed together by :func:`commit_together`: each file is renamed
atomically and a failed rename puts back the ones before it, but two renames are not one:
a crash between them leaves the first file new and the second old.

Failures raise :class:`OSError` (errno and file name set); :func:`describe_oserror` turns
one into a sentence for the user.  The app's exporters wrap that sentence in their own error
type; the numpy core lets the OSError through.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from gradscape.core._text import shorten, shorten_path

__all__ = [
    "TEMP_MARK",
    "UMASK",
    "AtomicFile",
    "check_name",
    "commit_together",
    "describe_oserror",
    "fill",
    "make_temp",
    "name_limits",
    "new_file_mode",
    "remove_stale_temps",
    "write_bytes",
    "write_text",
]

T = TypeVar("T")

#: What marks a temporary file as gradscape's (``.clip.gradscape-1234-9f3a0c1e.part.gif``).
TEMP_MARK = "gradscape-"
#: The mark before the rename: stale temporaries carrying it are removed as well.
_OLD_MARKS = ("losscape-",)
# The parts of a temporary name around the stem, sized for the longest pid (pid_max is at
# most 2**22 on Linux; ten digits leave room on any system) so a stem is always cut the same.
_PID_DIGITS = 10
_TOKEN_HEX = 8
#: A longer extension is left out of the temporary name (only formats' short ones matter).
_MAX_EXT = 16


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


# --------------------------------------------------------------------------- names


def name_limits(folder: str | os.PathLike[str]) -> tuple[int, int]:
    """``(NAME_MAX, PATH_MAX)`` in bytes for files in ``folder`` (255 and 4096, the Linux
    values, when the folder cannot say; PATH_MAX counts the terminating NUL)."""
    limits = []
    for key, default in (("PC_NAME_MAX", 255), ("PC_PATH_MAX", 4096)):
        try:
            value = os.pathconf(folder, key)
        except (OSError, ValueError):
            value = -1
        limits.append(value if value > 0 else default)
    return limits[0], limits[1]


def _existing_folder(path: Path) -> Path:
    """The nearest folder of ``path`` that exists (for its file system's limits)."""
    for folder in path.absolute().parents:
        try:
            if folder.is_dir():
                return folder
        except OSError:
            continue
    return Path(os.sep)


def check_name(path: str | os.PathLike[str]) -> None:
    """Raise OSError(ENAMETOOLONG) when a name in ``path`` is longer than NAME_MAX bytes or
    the whole path than PATH_MAX (the file system would refuse it only at the write)."""
    p = Path(path)
    name_max, path_max = name_limits(_existing_folder(p))
    for part in p.parts:
        if len(os.fsencode(part)) > name_max:
            raise OSError(errno.ENAMETOOLONG, "File name too long", os.fspath(path))
    if len(os.fsencode(os.fspath(p.absolute()))) >= path_max:
        raise OSError(errno.ENAMETOOLONG, "File name too long", os.fspath(path))


def _temp_parts(path: Path, directory: bool) -> tuple[str, str]:
    """The stem and extension a temporary of ``path`` shows: the extension kept last (tools
    pick a format from it), the stem cut to fit NAME_MAX."""
    stem, ext = (path.name, "") if directory else (path.stem, path.suffix)
    if len(os.fsencode(ext)) > _MAX_EXT:
        stem, ext = path.name, ""
    name_max = name_limits(_existing_folder(path))[0]
    fixed = f"..{TEMP_MARK}{'0' * _PID_DIGITS}-{'0' * _TOKEN_HEX}.part{ext}"
    budget = name_max - len(os.fsencode(fixed))
    # cut whole characters (NAME_MAX counts bytes, and a split UTF-8 sequence would show)
    while len(os.fsencode(stem)) > budget and len(stem) > 1:
        stem = stem[:-1]
    return stem, ext


def _temp_pattern(path: Path, directory: bool) -> re.Pattern[str]:
    stem, ext = _temp_parts(path, directory)
    marks = "|".join(re.escape(m) for m in (TEMP_MARK, *_OLD_MARKS))
    return re.compile(
        re.escape(f".{stem}.") + f"(?:{marks})"
        + rf"(\d+)-[0-9a-f]{{{_TOKEN_HEX}}}\.part"
        + re.escape(ext)
    )


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (another user's counts: it may be writing)."""
    if pid <= 0:
        return True  # no process of ours writes that: not ours to judge
    if pid == os.getpid():
        return True  # a concurrent export in this very process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove(path: Path) -> bool:
    """Remove a file or a folder tree; never raises; True when it is gone."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()
    except OSError:
        pass
    return not os.path.lexists(path)


def remove_stale_temps(
    path: str | os.PathLike[str],
    *,
    where: str | os.PathLike[str] | None = None,
    directory: bool = False,
) -> list[Path]:
    """Remove the temporaries a killed process left for target ``path``; never raises.

    Only names of gradscape's pattern for this target (``.<stem>.gradscape-<pid>-…``) whose
    process no longer exists are removed; a running export's temporary stays.

    Parameters
    ----------
    path : path-like
        The target (file, or folder with ``directory=True``).
    where : path-like or None
        The folder that holds the temporaries (default: the target's folder).
    directory : bool
        The target is a folder (its temporaries are folders with no extension).

    Returns
    -------
    list of pathlib.Path
        What was removed.
    """
    target = Path(path)
    folder = Path(where) if where is not None else target.parent
    try:
        pattern = _temp_pattern(target, directory)
        names = os.listdir(folder)
    except OSError:
        return []
    removed = []
    for name in names:
        m = pattern.fullmatch(name)
        if m is not None and not _alive(int(m.group(1))) and _remove(folder / name):
            removed.append(folder / name)
    return removed


def make_temp(
    path: str | os.PathLike[str],
    *,
    where: str | os.PathLike[str] | None = None,
    directory: bool = False,
) -> Path:
    """Create an empty private temporary file (or folder) for target ``path`` and return it.

    Its name is hidden, recognisable, within NAME_MAX and unique
    (``.<stem>.gradscape-<pid>-<random>.part<ext>``); stale temporaries of the same target
    are removed first (:func:`remove_stale_temps`).

    Raises
    ------
    OSError
        When the folder cannot take it (permissions, read-only file system, full disk).
    """
    target = Path(path)
    folder = Path(where) if where is not None else target.parent
    remove_stale_temps(target, where=folder, directory=directory)
    for _ in range(100):
        tmp = _temp_candidate(target, folder, directory)
        try:
            if directory:
                os.mkdir(tmp, 0o700)
            else:
                os.close(os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        return tmp
    raise FileExistsError(errno.EEXIST, "No free temporary name", os.fspath(folder))


def _temp_candidate(target: Path, folder: Path, directory: bool = False) -> Path:
    """A fresh temporary name for ``target`` in ``folder`` (not created)."""
    stem, ext = _temp_parts(target, directory)
    token = secrets.token_hex(_TOKEN_HEX // 2)
    return folder / f".{stem}.{TEMP_MARK}{os.getpid()}-{token}.part{ext}"


# --------------------------------------------------------------------------- messages


def describe_oserror(exc: OSError, path: str | os.PathLike[str]) -> str:
    """A one-line, user-facing reason for an OSError met while writing ``path``; a long path
    or name is shortened (:func:`core._text.shorten`)."""
    target = Path(path)
    try:
        folder = target if target.is_dir() else target.parent
    except OSError:  # a name too long even to ask about
        folder = target.parent
    where, name = shorten_path(folder), shorten(target.name)
    code = exc.errno
    if code == errno.ENOSPC:
        return f"the disk is full: no space left in {where} while writing {name}"
    if code == getattr(errno, "EDQUOT", -1):
        return f"disk quota exceeded in {where} while writing {name}"
    if code in (errno.EACCES, errno.EPERM):
        return f"permission denied: cannot write in folder {where}"
    if code == errno.EROFS:
        return f"the folder {where} is on a read-only file system"
    if code == errno.ENOENT:
        return f"the folder {where} does not exist"
    if code == errno.ENOTDIR:
        return f"{where} is not a folder"
    if code == errno.EISDIR:
        return f"{shorten_path(target)} is a folder, not a file"
    if code == errno.ENAMETOOLONG:
        name_max, path_max = name_limits(_existing_folder(target))
        for part in target.parts:
            size = len(os.fsencode(part))
            if size > name_max:
                return f"the name {shorten(part)} is {size} bytes; the limit is {name_max}"
        size = len(os.fsencode(os.fspath(target.absolute())))
        return f"the path is {size} bytes; the limit is {path_max - 1}"
    reason = exc.strerror or str(exc)
    return f"cannot write {shorten_path(target)}: {shorten(reason, 120)}"


def _check_folder(path: Path) -> None:
    """Fail before any work, with the errno that names the reason, when ``path``'s folder
    cannot take the file (a target that is a folder would otherwise fail only at the rename,
    after a long export)."""
    check_name(path)
    folder = path.parent
    if not folder.exists():
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(folder))
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(folder))
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))


# --------------------------------------------------------------------------- the writer


class AtomicFile:
    """A temporary file next to ``path`` that becomes ``path`` on :meth:`commit`.

    The temporary name is hidden and keeps the real extension last
    (``.name.gradscape-PID-XXXXXXXX.part.gif``) so tools that pick a format from the name
    choose the right one.  Write to :attr:`tmp` (it exists, empty, from the start), then
    :meth:`commit`; :meth:`discard` removes it.

    Raises
    ------
    OSError
        When a name is too long, the folder is missing, is no folder, the target is a
        folder, or the temporary file cannot be created (permissions, read-only file system,
        full disk).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        _check_folder(self.path)
        self.tmp = make_temp(self.path)
        self._done = False
        self._committed = False
        self._previous: Path | None = None  # the replaced file, kept until release()

    def commit(self, *, keep_previous: bool = False) -> Path:
        """Give the file the mode a plain write would and rename it over the target.

        With ``keep_previous`` the file it replaces stays, under a temporary name, until
        :meth:`release` (or comes back with :meth:`rollback`).  On failure the temporary
        file is removed and the OSError raised.
        """
        if self._done:
            raise RuntimeError(f"{shorten_path(self.path)} was already committed or discarded")
        try:
            os.chmod(self.tmp, new_file_mode(self.path))
            if keep_previous:
                self._previous = self._keep_previous()
            os.replace(self.tmp, self.path)
        except BaseException:
            self.release()
            self.discard()
            raise
        self._done = self._committed = True
        return self.path

    def _keep_previous(self) -> Path | None:
        """A second name for the file about to be replaced (a hard link: the target never
        disappears; a copy where the file system has no hard links); None if there is none."""
        if not os.path.lexists(self.path):
            return None
        for _ in range(100):
            backup = _temp_candidate(self.path, self.path.parent)
            try:
                os.link(self.path, backup, follow_symlinks=False)
            except FileExistsError:
                continue
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
                    raise
                backup = make_temp(self.path)  # no hard links here: keep a copy
                try:
                    shutil.copy2(self.path, backup, follow_symlinks=False)
                except BaseException:
                    _remove(backup)
                    raise
            return backup
        raise FileExistsError(errno.EEXIST, "No free temporary name", os.fspath(self.path))

    def rollback(self) -> None:
        """Undo a :meth:`commit`: the previous file back, or no file if there was none.

        Best effort and never raises (it runs while another error is on its way).
        """
        if not self._committed:
            self.discard()
            return
        self._committed = False
        try:
            if self._previous is not None:
                os.replace(self._previous, self.path)
            else:
                os.unlink(self.path)
        except OSError:
            pass
        self._previous = None

    def release(self) -> None:
        """Forget the previous file kept by ``commit(keep_previous=True)``; never raises."""
        if self._previous is not None:
            _remove(self._previous)
            self._previous = None

    def discard(self) -> None:
        """Remove the temporary file (idempotent, never raises; nothing after a commit)."""
        self._done = True
        if not self._committed:
            _remove(self.tmp)


def commit_together(files: Sequence[AtomicFile], last: Callable[[], T] | None = None) -> T | None:
    """Commit ``files`` in order, then call ``last`` (a commit that cannot be undone, such
    as a frame folder's); when any of them fails, undo the ones already committed.

    Each rename is atomic and a failure restores the earlier files' previous content, but
    the group is not one atomic step: a crash between two renames leaves the first new.

    Returns
    -------
    object
        What ``last`` returned (None without it).
    """
    committed: list[AtomicFile] = []
    try:
        for f in files:
            f.commit(keep_previous=True)
            committed.append(f)
        result = last() if last is not None else None
    except BaseException:
        for f in reversed(committed):
            f.rollback()
        for f in files:
            f.discard()
        raise
    for f in committed:
        f.release()
    return result


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (fsync'ed); returns the path.

    Raises
    ------
    OSError
        On any failure; the target is untouched and no temporary file is left.
    """
    f = AtomicFile(path)
    try:
        fill(f, data)
    except BaseException:
        f.discard()
        raise
    return f.commit()


def fill(f: AtomicFile, data: bytes) -> AtomicFile:
    """Write ``data`` to ``f``'s temporary file, flushed and fsync'ed; returns ``f``."""
    with open(f.tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return f


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 (newlines as given) to ``path`` atomically; see
    :func:`write_bytes`."""
    return write_bytes(path, text.encode("utf-8"))
