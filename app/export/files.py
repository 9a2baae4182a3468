"""Export targets: which format a path asks for, how exports fail, atomic writes, and the
scene an exported file carries.

Every write goes through :mod:`core.atomic` (the one atomic writer, shared with scene files):
a hidden temporary file in the target folder, fsync'ed, renamed over the target when
complete, removed on any failure.  Here its OSErrors become :class:`ExportError` whose
message says what failed and where (missing or unwritable folder, full disk); a cancel is
:class:`ExportCancelled`.  No Qt.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from core.atomic import AtomicFile, describe_oserror, write_bytes

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
    "describe_oserror",
    "format_for_path",
    "is_cancelled",
    "open_atomic",
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
SCENE_KEY = "losscape-scene"


class ExportError(RuntimeError):
    """An export failed; the message says what failed and where.

    Attributes
    ----------
    path : pathlib.Path or None
        The target that could not be written.
    """

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None


class ExportCancelled(ExportError):
    """The export was cancelled; nothing was written."""


def cancelled_error(path: str | os.PathLike[str]) -> ExportCancelled:
    """The cancel every exporter reports: ``export to PATH cancelled; nothing was written``."""
    return ExportCancelled(f"export to {os.fspath(path)} cancelled; nothing was written", path)


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
    return ExportError(f"cannot write {os.fspath(path)}: {describe_oserror(exc, path)}", path)


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
    if text.endswith(("/", os.sep)) or p.is_dir():
        return "frames"
    suffix = p.suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    if suffix == "":
        return "frames"
    valid = " ".join(FORMATS)
    raise ValueError(
        f"output {text!r} has an unknown extension {p.suffix!r}; use one of {valid} "
        "or a folder (for a numbered PNG sequence)"
    )


def open_atomic(path: str | os.PathLike[str]) -> AtomicFile:
    """:class:`core.atomic.AtomicFile` for ``path``, failing with an :class:`ExportError`
    that names the reason (checked before any rendering)."""
    try:
        return AtomicFile(path)
    except OSError as exc:
        raise write_error(exc, path) from exc


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
                return im.text.get(SCENE_KEY)  # type: ignore[attr-defined]
            comment = im.info.get("comment")
    except UnidentifiedImageError:
        raise ValueError(f"{os.fspath(path)} is not a PNG or GIF image") from None
    if isinstance(comment, bytes):
        comment = comment.decode("utf-8", "replace")
    prefix = SCENE_KEY + ":"
    if isinstance(comment, str) and comment.startswith(prefix):
        return comment[len(prefix) :]
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
        raise ValueError(f"{path} is not a readable video: {detail[-1] if detail else ''}")
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
    prefix = SCENE_KEY + ":"
    return value[len(prefix) :] if value.startswith(prefix) else None
