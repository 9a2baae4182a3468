"""Export targets: which format a path asks for, how exports fail, atomic writes, and the
scene an exported file carries.

Every write goes through :mod:`core.atomic` (the one atomic writer, shared with scene files):
a hidden temporary file in the target folder, fsync'ed, renamed over the target when
complete, removed on any failure.  Here its OSErrors become :class:`ExportError` whose
message says what failed and where (missing or unwritable folder, full disk, a name too
long) in one line, a long path shortened (:mod:`core._text`); a cancel is
:class:`ExportCancelled`.  :func:`check_target` tries a target before any work, and
:func:`commit_outputs` commits several outputs together.  No Qt.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from gradscape.core._text import BODY_LIMIT, one_line, shorten, shorten_path
from gradscape.core.atomic import (
    AtomicFile,
    check_name,
    commit_together,
    describe_oserror,
    fill,
    make_temp,
    write_bytes,
)

__all__ = [
    "ANIMATION_FORMATS",
    "FORMATS",
    "SCENE_KEY",
    "Cancel",
    "ExportCancelled",
    "ExportError",
    "atomic_write_bytes",
    "atomic_write_text",
    "cancelled_error",
    "check_target",
    "commit_outputs",
    "describe_oserror",
    "format_for_path",
    "is_cancelled",
    "open_atomic",
    "prepare_file",
    "read_embedded_scene",
    "write_error",
]

#: Output formats by file extension; a path with no extension (or an existing folder) is a
#: folder for a numbered PNG sequence ("frames").
FORMATS: dict[str, str] = {
    ".png": "png",
    ".gif": "gif",
    ".mp4": "mp4",
    ".csv": "csv",
    ".json": "json",
}
#: Formats that hold many frames.
ANIMATION_FORMATS = ("gif", "mp4", "frames")
#: PNG/GIF text key (and MP4 comment) that carries the scene JSON reproducing the export.
SCENE_KEY = "gradscape-scene"
#: The key of files exported before the rename (still read).
OLD_SCENE_KEYS = ("losscape-scene",)


class ExportError(RuntimeError):
    """An export failed; the message (one line, under 300 characters) says what failed and
    where.

    Attributes
    ----------
    path : pathlib.Path or None
        The target that could not be written.
    """

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(one_line(message, BODY_LIMIT))
        self.path = Path(path) if path is not None else None


class ExportCancelled(ExportError):
    """The export was cancelled; nothing was written."""


def cancelled_error(path: str | os.PathLike[str]) -> ExportCancelled:
    """The cancel every exporter reports: ``export to PATH cancelled; nothing was written``."""
    return ExportCancelled(f"export to {shorten_path(path)} cancelled; nothing was written", path)


class CancelFlag(Protocol):
    def is_set(self) -> bool: ...


#: A cancel request: a ``threading.Event`` (or anything with ``is_set``), a callable
#: returning True to cancel, or None (never).
Cancel = CancelFlag | Callable[[], bool] | None


def is_cancelled(cancel: Cancel) -> bool:
    """Whether ``cancel`` (see :data:`Cancel`) asks to stop now."""
    if cancel is None:
        return False
    if hasattr(cancel, "is_set"):
        return bool(cancel.is_set())  # type: ignore[union-attr]
    return bool(cancel())  # type: ignore[operator]


def write_error(exc: OSError, path: str | os.PathLike[str]) -> ExportError:
    """``cannot write PATH: <reason>`` for an OSError met while writing ``path``."""
    return ExportError(f"cannot write {shorten_path(path)}: {describe_oserror(exc, path)}", path)


def format_for_path(path: str | os.PathLike[str]) -> str:
    """Return the export format a path asks for.

    Parameters
    ----------
    path : str or path-like
        Target path.  ``.png .gif .mp4 .csv .json`` select the format by extension (case
        ignored); an existing folder, a path ending in a separator or a name without extension
        is a folder for a numbered PNG sequence.

    Returns
    -------
    str
        One of ``"png"``, ``"gif"``, ``"mp4"``, ``"csv"``, ``"json"``, ``"frames"``.
    """
    text = os.fspath(path)
    p = Path(text)
    try:
        is_dir = p.is_dir()
    except OSError:  # a name too long to look up: check_target reports it
        is_dir = False
    if text.endswith(("/", os.sep)) or is_dir:
        return "frames"
    suffix = p.suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    if suffix == "":
        return "frames"
    valid = " ".join(FORMATS)
    raise ValueError(
        f"output {shorten_path(text)!r} has an unknown extension {shorten(p.suffix)!r}; use one "
        f"of {valid} or a folder (for a numbered PNG sequence)"
    )


def open_atomic(path: str | os.PathLike[str]) -> AtomicFile:
    """:class:`core.atomic.AtomicFile` for ``path``, failing with an :class:`ExportError`
    that names the reason (checked before any rendering)."""
    try:
        return AtomicFile(path)
    except OSError as exc:
        raise write_error(exc, path) from exc


def check_target(path: str | os.PathLike[str], kind: str | None = None) -> None:
    """Try ``path`` before any work: its names fit the file system and its folder takes a
    file (a temporary is created and removed there, so permissions, a read-only file system
    and a full disk show now, not after the rendering).

    Parameters
    ----------
    path : path-like
        The target file, or folder for ``kind="frames"``.
    kind : str or None
        The export format (see :func:`format_for_path`; found from ``path`` when None).

    Raises
    ------
    ExportError
        Naming what cannot be written and why.
    """
    target = Path(path)
    try:
        check_name(target)
        if (kind or format_for_path(target)) != "frames":
            AtomicFile(target).discard()
            return
        if target.exists() and not target.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(target))
        base = target if target.is_dir() else target.parent
        if not base.is_dir():
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(base))
        probe = make_temp(target, where=base, directory=True)
        os.rmdir(probe)
    except OSError as exc:
        raise write_error(exc, path) from exc


def prepare_file(path: str | os.PathLike[str], data: bytes) -> AtomicFile:
    """``data`` in a temporary file for ``path``, to commit later (:func:`commit_outputs`);
    :class:`ExportError` on failure, with nothing left."""
    f = open_atomic(path)
    try:
        return fill(f, data)
    except OSError as exc:
        f.discard()
        raise write_error(exc, path) from exc
    except BaseException:
        f.discard()
        raise


def commit_outputs(
    files: Sequence[AtomicFile], last: Callable[[], Path] | None = None
) -> Path | None:
    """Commit prepared ``files`` together, then ``last`` (a writer's own commit): when one
    fails, those already committed get their previous content back (see
    :func:`core.atomic.commit_together`) and :class:`ExportError` names the one that failed;
    returns what ``last`` returned."""
    try:
        return commit_together(files, last)
    except OSError as exc:
        names = {exc.filename, exc.filename2}
        failed = next(
            (f.path for f in files if os.fspath(f.tmp) in names or os.fspath(f.path) in names),
            files[-1].path if files else Path(exc.filename or "."),
        )
        raise write_error(exc, failed) from exc


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; raise :class:`ExportError` on failure."""
    try:
        return write_bytes(path, data)
    except OSError as exc:
        raise write_error(exc, path) from exc


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically; raise :class:`ExportError` on failure."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def read_embedded_scene(path: str | os.PathLike[str]) -> str | None:
    """Return the scene JSON embedded in an exported PNG, GIF or MP4, or None if none.

    Raises OSError when the file cannot be read, ValueError when it is no image or video.
    """
    if Path(path).suffix.lower() == ".mp4":
        return _mp4_comment_scene(Path(path))
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            if im.format == "PNG":
                text = im.text  # type: ignore[attr-defined]
                for key in (SCENE_KEY, *OLD_SCENE_KEYS):
                    if key in text:
                        return str(text[key])
                return None
            comment = im.info.get("comment")
    except UnidentifiedImageError:
        raise ValueError(f"{shorten_path(path)} is not a PNG or GIF image") from None
    if isinstance(comment, bytes):
        comment = comment.decode("utf-8", "replace")
    return _after_key(comment) if isinstance(comment, str) else None


def _after_key(comment: str) -> str | None:
    """The scene after a ``<key>:`` prefix of this name or the old one, else None."""
    for key in (SCENE_KEY, *OLD_SCENE_KEYS):
        if comment.startswith(key + ":"):
            return comment[len(key) + 1 :]
    return None


def _mp4_comment_scene(path: Path) -> str | None:
    """The scene in an MP4's comment tag, read with ffmpeg's metadata dump."""
    import imageio_ffmpeg

    if not path.is_file():
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(path))
    r = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "ffmetadata", "-"],
        capture_output=True, check=False,
    )  # fmt: skip
    if r.returncode != 0:
        detail = r.stderr.decode("utf-8", "replace").strip().splitlines()
        last = shorten(detail[-1], 120) if detail else ""
        raise ValueError(f"{shorten_path(path)} is not a readable video: {last}")
    text = r.stdout.decode("utf-8", "replace")
    # ffmetadata escapes '=', ';', '#', '\\' and newlines with a backslash.
    start = text.find("\ncomment=")
    if start < 0:
        return None
    out: list[str] = []
    i = start + len("\ncomment=")
    while i < len(text) and text[i] != "\n":
        if text[i] == "\\" and i + 1 < len(text):
            i += 1
        out.append(text[i])
        i += 1
    value = "".join(out)
    return _after_key(value)
