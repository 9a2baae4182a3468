"""Write frames and data to files: PNG, GIF, MP4 (H.264) and numbered PNG sequences.

This module knows nothing about Qt: a frame is an RGB ``uint8`` array of shape (h, w, 3)
(an alpha channel, if present, is dropped), and an animation is any callable
``render(step) -> frame``.  The window (``app.export.dialog``) and the headless CLI
(``app.export.cli``) both drive the same writers, so what one writes the other writes too.

Every write is atomic: the data goes to a hidden temporary file in the target folder and is
renamed over the target only when it is complete.  On an error or a cancel the temporary file
is removed, so a failed export never leaves a partial file behind and never clobbers an
existing one.  Failures raise :class:`ExportError` whose message says what failed and where
(unwritable folder, full disk, encoder crash); a cancel raises :class:`ExportCancelled`.

Encoders
--------
- PNG: Pillow, with the scene that reproduces the picture in a ``tEXt`` chunk.
- GIF: Pillow with one global palette (fast octree of the first and the last frame, then a
  nearest-colour map per frame), so colours do not flicker between frames and encoding costs a
  few milliseconds a frame.  Every frame is kept, repeats included (one frame per step).
- MP4: the ffmpeg binary shipped inside the imageio-ffmpeg wheel (libx264, yuv420p, CRF 20),
  fed raw RGB through a pipe.  ffmpeg's exit status and error output are checked, so a full
  disk or a crashed encoder is reported instead of leaving a truncated video.
- PNG sequence: ``frame_00000.png``, ``frame_00001.png``, ... in a folder.
"""

from __future__ import annotations

import errno
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, Protocol

import numpy as np

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
#: File name pattern of a PNG sequence (ffmpeg's ``frame_%05d.png``).
FRAME_PATTERN = "frame_{:05d}.png"
#: Browsers stretch GIF frame delays below 20 ms to 100 ms, so a faster GIF plays slower.
GIF_MAX_FPS = 50.0
#: GIF frame delays are 16-bit centiseconds: at most 655.35 s a frame.
GIF_MIN_FPS = 100.0 / 65535
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


# --------------------------------------------------------------------------- helpers


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


def select_steps(
    n_steps: int, *, stride: int = 1, start: int = 0, stop: int | None = None
) -> list[int]:
    """Steps to render: ``start, start + stride, ...`` up to ``stop``, always ending at ``stop``.

    Parameters
    ----------
    n_steps : int
        The trajectory's number of steps (its points are 0 .. n_steps).
    stride : int
        Render every ``stride``-th step (>= 1).
    start, stop : int
        Inclusive step range, 0 <= start <= stop <= n_steps (``stop`` defaults to n_steps).

    Returns
    -------
    list of int
        Increasing steps; the last one is ``stop`` even when the stride skips it, so an
        animation always ends on the final state.
    """
    if isinstance(n_steps, bool) or not isinstance(n_steps, (int, np.integer)) or n_steps < 0:
        raise ValueError(f"n_steps must be an integer >= 0, got {n_steps!r}")
    if isinstance(stride, bool) or not isinstance(stride, (int, np.integer)) or stride < 1:
        raise ValueError(f"stride must be an integer >= 1, got {stride!r}")
    stop = n_steps if stop is None else stop
    if not 0 <= start <= n_steps:
        raise ValueError(f"range start must be in [0, {n_steps}], got {start!r}")
    if not start <= stop <= n_steps:
        raise ValueError(f"range end must be in [{start}, {n_steps}], got {stop!r}")
    steps = list(range(int(start), int(stop) + 1, int(stride)))
    if steps[-1] != stop:
        steps.append(int(stop))
    return steps


def as_rgb(frame: Any, *, what: str = "frame") -> np.ndarray:
    """Return ``frame`` as a C-contiguous (h, w, 3) uint8 array, or raise ValueError."""
    a = np.asarray(frame)
    if a.dtype != np.uint8 or a.ndim != 3 or a.shape[2] not in (3, 4) or 0 in a.shape:
        raise ValueError(
            f"{what} must be a uint8 array of shape (h, w, 3) or (h, w, 4), got {a.dtype} {a.shape}"
        )
    return np.ascontiguousarray(a[:, :, :3])


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


def _write_error(exc: OSError, path: str | os.PathLike[str]) -> ExportError:
    return ExportError(f"cannot write {os.fspath(path)}: {describe_oserror(exc, path)}", path)


def _check_folder(path: Path) -> None:
    """Fail early, with a clear reason, when the target folder cannot take the file."""
    folder = path.parent
    if not folder.exists():
        raise ExportError(f"cannot write {path}: the folder {folder} does not exist", path)
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: {folder} is not a folder", path)
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder, not a file", path)


def _umask() -> int:
    # Read once, at import (core.trajectory does it): toggling the umask while other
    # threads create files would hand them a wrong mode.
    from core.trajectory import _UMASK

    return _UMASK


class AtomicFile:
    """A temporary file next to ``path`` that becomes ``path`` on :meth:`commit`.

    The temporary name keeps the real extension last (``.name.XXXX.part.gif``) so tools that
    pick a format from the name (ffmpeg) choose the right one.  :meth:`discard` removes it.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        _check_folder(self.path)
        try:
            fd, tmp = tempfile.mkstemp(
                prefix=f".{self.path.stem}.",
                suffix=f".part{self.path.suffix}",
                dir=self.path.parent,
            )
        except OSError as exc:
            raise _write_error(exc, self.path) from exc
        os.close(fd)
        self.tmp = Path(tmp)
        self._done = False

    def commit(self) -> Path:
        """Give the file the permissions of a normal new file and rename it over the target."""
        if self._done:
            raise RuntimeError(f"{self.path} was already committed or discarded")
        try:
            os.chmod(self.tmp, 0o666 & ~_umask())
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self.discard()
            raise _write_error(exc, self.path) from exc
        self._done = True
        return self.path

    def discard(self) -> None:
        """Remove the temporary file (idempotent)."""
        self._done = True
        try:
            self.tmp.unlink()
        except FileNotFoundError:
            pass


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; raise :class:`ExportError` on failure."""
    f = AtomicFile(path)
    try:
        with open(f.tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        f.discard()
        raise _write_error(exc, path) from exc
    return f.commit()


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


# --------------------------------------------------------------------------- writers


class CancelFlag(Protocol):
    def is_set(self) -> bool: ...


Cancel = CancelFlag | Callable[[], bool] | None
Progress = Callable[[int, int], None] | None


def _cancelled(cancel: Cancel) -> bool:
    if cancel is None:
        return False
    if hasattr(cancel, "is_set"):
        return bool(cancel.is_set())  # type: ignore[union-attr]
    return bool(cancel())  # type: ignore[operator]


class FrameWriter:
    """Base of the frame writers: collects frames, then :meth:`close` commits atomically.

    Use as ``w = open_writer(path, ...)``, ``w.append(frame)`` for each frame, then
    ``w.close()`` (returns the final path) or ``w.abort()`` (removes everything written).
    As a context manager it closes on success and aborts on an exception.

    Parameters
    ----------
    path : path-like
        Target file (or folder, for a PNG sequence).
    fps : float
        Frame rate of animations.
    scene : str or None
        Scene JSON that reproduces the export, embedded as metadata.
    """

    kind = ""
    max_frames: int | None = None

    def __init__(
        self, path: str | os.PathLike[str], *, fps: float = 30.0, scene: str | None = None
    ) -> None:
        fps = float(fps)
        if not (np.isfinite(fps) and 0 < fps <= 240):
            raise ValueError(f"fps must be in (0, 240], got {fps!r}")
        self.path = Path(path)
        self.fps = fps
        self.scene = scene
        self.size: tuple[int, int] | None = None  # (width, height)
        self.count = 0
        self._closed = False

    # -- frame checks shared by every writer
    def _accept(self, frame: Any) -> np.ndarray:
        if self._closed:
            raise RuntimeError(f"writer for {self.path} is already closed")
        if self.max_frames is not None and self.count >= self.max_frames:
            raise ValueError(f"a {self.kind} file holds {self.max_frames} frame(s); got more")
        rgb = as_rgb(frame, what=f"frame {self.count}")
        h, w = rgb.shape[:2]
        if self.size is None:
            self.size = (w, h)
        elif self.size != (w, h):
            raise ValueError(
                f"frame {self.count} is {w}x{h}, but the first frame was "
                f"{self.size[0]}x{self.size[1]}: every frame must have the same size"
            )
        return rgb

    def append(self, frame: Any) -> None:
        """Add one RGB frame (uint8, (h, w, 3) or (h, w, 4))."""
        rgb = self._accept(frame)
        try:
            self._append(rgb)
        except OSError as exc:
            self.abort()
            raise _write_error(exc, self.path) from exc
        self.count += 1

    def close(self, cancel: Cancel = None) -> Path:
        """Finish encoding and rename into place; returns the final path.

        ``cancel`` is checked while encoding (where the encoder allows) and once more just
        before the rename, so a cancel at any moment leaves nothing behind.
        """
        if self._closed:
            raise RuntimeError(f"writer for {self.path} is already closed")
        if self.count == 0:
            self.abort()
            raise ExportError(
                f"nothing to write to {self.path}: no frames were rendered", self.path
            )
        try:
            self._finalize(cancel)
            if _cancelled(cancel):
                raise ExportCancelled(
                    f"export to {self.path} cancelled; nothing was written", self.path
                )
            out = self._commit()
        except ExportError:
            self.abort()
            raise
        except OSError as exc:
            self.abort()
            raise _write_error(exc, self.path) from exc
        self._closed = True
        return out

    def abort(self) -> None:
        """Stop and remove every temporary file (idempotent, never raises)."""
        self._closed = True
        self._discard()

    def __enter__(self) -> FrameWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None and not self._closed:
            self.close()
        elif not self._closed:
            self.abort()

    # -- hooks
    def hint(self, frame: Any) -> None:  # noqa: B027  (optional hook: most writers ignore it)
        """Show the writer a frame that will come later (the GIF palette uses it)."""

    def _append(self, rgb: np.ndarray) -> None:
        raise NotImplementedError

    def _finalize(self, cancel: Cancel) -> None:
        """Complete the temporary file(s); no rename yet."""
        raise NotImplementedError

    def _commit(self) -> Path:
        raise NotImplementedError

    def _discard(self) -> None:
        raise NotImplementedError


def _png_info(scene: str | None) -> Any:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "losscape")
    if scene is not None:
        # zTXt: a scene is a few kilobytes of JSON that compresses well.
        info.add_text(SCENE_KEY, scene, zip=True)
    return info


class PngWriter(FrameWriter):
    """One frame as a PNG file."""

    kind = "PNG"
    max_frames = 1

    def __init__(self, path: str | os.PathLike[str], **kw: Any) -> None:
        super().__init__(path, **kw)
        self._file = AtomicFile(self.path)

    def _append(self, rgb: np.ndarray) -> None:
        from PIL import Image

        Image.fromarray(rgb, "RGB").save(
            self._file.tmp, format="PNG", pnginfo=_png_info(self.scene)
        )

    def _finalize(self, cancel: Cancel) -> None:
        pass

    def _commit(self) -> Path:
        return self._file.commit()

    def _discard(self) -> None:
        self._file.discard()


class PngSequenceWriter(FrameWriter):
    """Numbered PNG files (``frame_00000.png`` ...) in a folder.

    The frames are written into a hidden temporary folder and moved into place at the end.
    Frames left in the folder by an earlier, longer export with the same pattern are removed,
    so the folder holds exactly this sequence.  A ``scene.json`` beside them reproduces it.
    """

    kind = "PNG sequence"

    def __init__(self, path: str | os.PathLike[str], **kw: Any) -> None:
        super().__init__(path, **kw)
        folder = self.path
        if folder.exists() and not folder.is_dir():
            raise ExportError(
                f"cannot write frames to {folder}: it is a file, not a folder", folder
            )
        parent = folder.parent
        if not parent.is_dir():
            raise ExportError(
                f"cannot write frames to {folder}: the folder {parent} does not exist", folder
            )
        base = folder if folder.is_dir() else parent
        try:
            self._tmpdir = Path(
                tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".part", dir=base)
            )
        except OSError as exc:
            # name the folder where the write failed (the target's parent if it is new)
            reason = describe_oserror(exc, base / FRAME_PATTERN.format(0))
            raise ExportError(f"cannot write frames to {folder}: {reason}", folder) from exc

    def _append(self, rgb: np.ndarray) -> None:
        from PIL import Image

        name = self._tmpdir / FRAME_PATTERN.format(self.count)
        # No scene in every frame: scene.json beside them carries it once.
        Image.fromarray(rgb, "RGB").save(name, format="PNG", compress_level=1)

    def _finalize(self, cancel: Cancel) -> None:
        if self.scene is not None:
            (self._tmpdir / "scene.json").write_text(self.scene, encoding="utf-8")

    def _commit(self) -> Path:
        mode = 0o666 & ~_umask()
        for f in self._tmpdir.iterdir():
            os.chmod(f, mode)
        if not self.path.exists():
            os.chmod(self._tmpdir, 0o777 & ~_umask())
            os.replace(self._tmpdir, self.path)
            return self.path
        for f in sorted(self._tmpdir.iterdir()):
            os.replace(f, self.path / f.name)
        stale = self.count
        while (self.path / FRAME_PATTERN.format(stale)).exists():
            (self.path / FRAME_PATTERN.format(stale)).unlink()
            stale += 1
        self._tmpdir.rmdir()
        return self.path

    def _discard(self) -> None:
        shutil.rmtree(self._tmpdir, ignore_errors=True)


class GifWriter(FrameWriter):
    """An animated GIF with one global palette, looping forever, written frame by frame.

    The palette is a fast-octree quantisation of the first frame and of any frame passed to
    :meth:`hint` (the exporter hints the last frame, so colours that appear late, like a long
    trajectory line, are in the palette).  Each frame is then mapped to it without dithering,
    which keeps flat plot colours flat and costs about a millisecond a frame.

    Each frame's changed rectangle is LZW-encoded (by Pillow's GIF frame encoder) and
    written to the temporary file as it arrives, so memory stays flat however many frames
    there are — Pillow's own animated-GIF writer holds every frame until the end (~0.5 MB
    each at 800×600).  One frame per :meth:`append`, always, also when it repeats the one
    before: every step of a converged run keeps its frame.
    """

    kind = "GIF"

    def __init__(self, path: str | os.PathLike[str], **kw: Any) -> None:
        super().__init__(path, **kw)
        if self.fps > GIF_MAX_FPS:
            raise ValueError(
                f"fps for a GIF must be <= {GIF_MAX_FPS:g} (browsers slow faster GIFs down "
                f"to 10 fps), got {self.fps:g}"
            )
        if self.fps < GIF_MIN_FPS:
            raise ValueError(
                f"fps for a GIF must be >= {GIF_MIN_FPS:.3g} (a GIF shows a frame for at most "
                f"655.35 s), got {self.fps:g}"
            )
        self._file = AtomicFile(self.path)
        self._hints: list[np.ndarray] = []
        self._palette: Any = None
        self._out: Any = None  # the temporary file, open while frames arrive
        self._previous: np.ndarray | None = None  # the last frame's palette indices
        # GIF delays are in centiseconds: round to the nearest, at least 2 (20 ms).
        self._delay_ms = max(20, int(round(100.0 / self.fps)) * 10)

    def hint(self, frame: Any) -> None:
        if self._palette is None:
            self._hints.append(as_rgb(frame, what="hint frame"))

    def _make_palette(self, first: np.ndarray) -> Any:
        from PIL import Image

        tiles = [first] + [h for h in self._hints if h.shape[1] == first.shape[1]]
        mosaic = np.concatenate(tiles, axis=0) if len(tiles) > 1 else first
        self._hints = []
        quant = Image.fromarray(mosaic, "RGB").quantize(256, method=Image.Quantize.FASTOCTREE)
        colours = np.zeros((256, 3), np.uint8)
        used = np.asarray(quant.getpalette()[: 3 * 256], np.uint8).reshape(-1, 3)
        colours[: len(used)] = used
        palette = Image.new("P", (1, 1))
        palette.putpalette(colours.ravel().tolist())
        return palette

    def _append(self, rgb: np.ndarray) -> None:
        from PIL import GifImagePlugin, Image

        first = self._palette is None
        if first:
            self._palette = self._make_palette(rgb)
        im = Image.fromarray(rgb, "RGB").quantize(palette=self._palette, dither=Image.Dither.NONE)
        if first:
            # GIF89a header, the global palette, "loop forever" and the scene as a comment
            info: dict[str, Any] = {"loop": 0, "duration": self._delay_ms}
            if self.scene is not None:
                info["comment"] = f"{SCENE_KEY}:{self.scene}".encode()
            header, _ = GifImagePlugin.getheader(im, None, info)
            self._out = open(self._file.tmp, "wb")  # noqa: SIM115 (closed in finalize/discard)
            self._out.write(b"".join(header))
        # Only the rectangle that changed since the last frame is encoded ("leave in place"
        # keeps the rest): a moving marker over a still surface costs a few pixels, not the
        # whole frame.  An unchanged frame is one pixel, rewritten as it was.
        idx = np.asarray(im)
        box = (0, 0, idx.shape[1], idx.shape[0])
        if self._previous is not None:
            changed = idx != self._previous
            rows = np.flatnonzero(np.logical_or.reduce(changed, axis=1))
            cols = np.flatnonzero(np.logical_or.reduce(changed, axis=0))
            box = (
                (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
                if rows.size
                else (0, 0, 1, 1)
            )
            if box != (0, 0, idx.shape[1], idx.shape[0]):
                im = im.crop(box)
        self._previous = idx
        # graphic control (delay, "leave in place") + image descriptor + LZW data
        data = GifImagePlugin.getdata(im, offset=box[:2], duration=self._delay_ms, disposal=1)
        self._out.write(b"".join(data))
        self._out.flush()  # to the OS now: a full disk shows at this frame, not at the end

    def _finalize(self, cancel: Cancel) -> None:
        if _cancelled(cancel):
            raise ExportCancelled(
                f"export to {self.path} cancelled; nothing was written", self.path
            )
        out, self._out = self._out, None
        try:
            out.write(b";")  # trailer
        finally:
            out.close()

    def _commit(self) -> Path:
        return self._file.commit()

    def _discard(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        self._file.discard()


class Mp4Writer(FrameWriter):
    """An H.264 MP4 (yuv420p, plays everywhere) through imageio-ffmpeg's bundled ffmpeg.

    yuv420p halves the chroma resolution, so width and height must be even.
    """

    kind = "MP4"
    crf = 20

    def __init__(self, path: str | os.PathLike[str], **kw: Any) -> None:
        super().__init__(path, **kw)
        try:
            import imageio_ffmpeg
        except ImportError as exc:  # pragma: no cover - the export extra installs it
            raise ExportError(
                "MP4 export needs imageio-ffmpeg: pip install 'losscape[export]'", self.path
            ) from exc
        self._exe = imageio_ffmpeg.get_ffmpeg_exe()
        self._file = AtomicFile(self.path)
        self._proc: subprocess.Popen[bytes] | None = None
        self._stderr: Any = None

    def _start(self, w: int, h: int) -> None:
        if w % 2 or h % 2:
            raise ValueError(f"MP4 (H.264, yuv420p) needs an even width and height, got {w}x{h}")
        rate = Fraction(self.fps).limit_denominator(1001)
        cmd = [
            self._exe, "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", str(rate), "-i", "-",
            "-an", "-c:v", "libx264", "-preset", "veryfast", "-crf", str(self.crf),
            # x264 defaults to 1.5 threads per core; during an export the renderer (Mesa's
            # llvmpipe) needs cores too, so leave it half of them.
            "-threads", str(max(2, (os.cpu_count() or 2) // 2)),
            "-pix_fmt", "yuv420p", "-movflags", "+faststart",
        ]  # fmt: skip
        if self.scene is not None:
            cmd += ["-metadata", f"comment={SCENE_KEY}:{self.scene}"]
        cmd += ["-f", "mp4", str(self._file.tmp)]
        # stderr into a temporary file: a pipe nobody reads could fill up and hang ffmpeg.
        self._stderr = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._stderr
        )

    def _ffmpeg_error(self, what: str) -> ExportError:
        text = ""
        if self._stderr is not None:
            self._stderr.seek(0)
            text = self._stderr.read().decode("utf-8", "replace").strip()
        lines = [ln for ln in text.splitlines() if ln.strip()]
        # "[out#0/mp4 @ 0x55...] Error closing file: ..." -> "Error closing file: ..."
        detail = re.sub(r"^\[[^\]]*\]\s*", "", lines[-1]) if lines else "no error output"
        if "No space left" in text:
            folder = self.path.parent
            return ExportError(
                f"cannot write {self.path}: the disk is full: no space left in {folder} "
                f"(MP4 encoder ffmpeg: {detail})",
                self.path,
            )
        return ExportError(f"MP4 encoder (ffmpeg) failed {what} {self.path}: {detail}", self.path)

    def _append(self, rgb: np.ndarray) -> None:
        if self._proc is None:
            self._start(rgb.shape[1], rgb.shape[0])
        assert self._proc is not None and self._proc.stdin is not None
        try:
            self._proc.stdin.write(memoryview(rgb).cast("B"))
        except (BrokenPipeError, ValueError, OSError) as exc:
            self._proc.wait()
            err = self._ffmpeg_error("while writing")
            self.abort()
            raise err from exc

    def _finalize(self, cancel: Cancel) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        try:
            self._proc.stdin.close()
        except BrokenPipeError:
            pass
        code = self._proc.wait()
        if code != 0:
            raise self._ffmpeg_error(f"(exit status {code}) while writing")
        self._close_stderr()
        self._proc = None

    def _commit(self) -> Path:
        return self._file.commit()

    def _close_stderr(self) -> None:
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _discard(self) -> None:
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            try:
                if self._proc.stdin is not None:
                    self._proc.stdin.close()
            except OSError:
                pass
            self._proc.wait()
            self._proc = None
        self._close_stderr()
        self._file.discard()


_WRITERS: dict[str, type[FrameWriter]] = {
    "png": PngWriter,
    "gif": GifWriter,
    "mp4": Mp4Writer,
    "frames": PngSequenceWriter,
}


def open_writer(
    path: str | os.PathLike[str],
    *,
    fps: float = 30.0,
    scene: str | None = None,
    kind: str | None = None,
) -> FrameWriter:
    """Open the frame writer for ``path`` (format from the extension unless ``kind`` is given).

    The temporary file is created here, so an unwritable folder fails before any rendering.

    Raises
    ------
    ValueError
        For a format that does not hold frames (``.csv``, ``.json``) or a bad ``fps``.
    ExportError
        When the target folder cannot be written.
    """
    kind = kind or format_for_path(path)
    if kind not in _WRITERS:
        raise ValueError(
            f"{kind!r} is not an image format; frames can be written as "
            + ", ".join(sorted(_WRITERS))
        )
    return _WRITERS[kind](path, fps=fps, scene=scene)


# --------------------------------------------------------------------------- the export loop


class BackgroundWriter:
    """Run a :class:`FrameWriter` in a worker thread so encoding overlaps rendering.

    Frames go through a small bounded queue (memory stays flat for long animations).  An
    encoder error is raised at the next :meth:`append` or at :meth:`close`.
    """

    _STOP = object()

    def __init__(self, writer: FrameWriter, depth: int = 4) -> None:
        self.writer = writer
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._sent = 0
        self._thread = threading.Thread(target=self._run, name="losscape-encoder", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is self._STOP:
                return
            if self._error is None:
                try:
                    self.writer.append(item)
                except BaseException as exc:  # handed to the producer thread
                    self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            self.writer.abort()
            raise self._error

    def append(self, frame: Any) -> None:
        self._raise()
        # Validate in the producer so a bad frame is reported where it was made.
        rgb = as_rgb(frame, what=f"frame {self._sent}").copy()
        self._sent += 1
        self._queue.put(rgb)

    def hint(self, frame: Any) -> None:
        self.writer.hint(frame)

    def close(self, cancel: Cancel = None) -> Path:
        self._queue.put(self._STOP)
        self._thread.join()
        self._raise()
        return self.writer.close(cancel)

    def abort(self) -> None:
        # Unblock and stop the worker before removing files it may still be writing.
        self._error = self._error or ExportCancelled("cancelled")
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._queue.put(self._STOP)
        self._thread.join()
        self.writer.abort()


def export_animation(
    render: Callable[[int], np.ndarray],
    steps: Sequence[int],
    path: str | os.PathLike[str],
    *,
    fps: float = 30.0,
    scene: str | None = None,
    kind: str | None = None,
    progress: Progress = None,
    cancel: Cancel = None,
    threaded: bool = True,
) -> Path:
    """Render ``steps`` with ``render`` and write them to ``path`` atomically.

    Parameters
    ----------
    render : callable
        ``render(step) -> (h, w, 3) uint8`` RGB frame.
    steps : sequence of int
        Steps to render, in order (see :func:`select_steps`).  A ``.png`` target takes exactly
        one step.
    path : path-like
        Target; the format comes from the extension (see :func:`format_for_path`).
    fps : float
        Frame rate of GIF/MP4.
    scene : str or None
        Scene JSON embedded in the file (PNG text, GIF comment, MP4 comment, scene.json).
    progress : callable or None
        ``progress(done, total)`` after each frame.
    cancel : threading.Event, callable or None
        Checked before every frame; when set, the export stops and removes its files.
    threaded : bool
        Encode in a worker thread while the next frame renders.

    Returns
    -------
    pathlib.Path
        The written file or folder.

    Raises
    ------
    ExportCancelled
        When ``cancel`` was set; nothing is left behind.
    ExportError
        When writing or encoding failed; nothing is left behind.
    """
    steps = list(steps)
    if not steps:
        raise ValueError("steps must hold at least one step, got none")
    writer = open_writer(path, fps=fps, scene=scene, kind=kind)
    if writer.max_frames is not None and len(steps) > writer.max_frames:
        writer.abort()
        raise ValueError(
            f"a {writer.kind} holds {writer.max_frames} frame; got {len(steps)} steps "
            "(use .gif, .mp4 or a folder for an animation)"
        )
    sink: FrameWriter | BackgroundWriter = BackgroundWriter(writer) if threaded else writer
    total = len(steps)
    try:
        if isinstance(writer, GifWriter) and total > 1:
            sink.hint(render(steps[-1]))
        for i, step in enumerate(steps):
            if _cancelled(cancel):
                raise ExportCancelled(
                    f"export to {writer.path} cancelled; nothing was written", writer.path
                )
            sink.append(render(step))
            if progress is not None:
                progress(i + 1, total)
        return sink.close(cancel)
    except BaseException:
        sink.abort()
        raise


def export_frame(
    frame: np.ndarray, path: str | os.PathLike[str], *, scene: str | None = None
) -> Path:
    """Write one RGB frame as a PNG atomically (the scene embedded as text)."""
    writer = PngWriter(path, scene=scene)
    try:
        writer.append(frame)
        return writer.close()
    except BaseException:
        writer.abort()
        raise


def write_all(frames: Iterable[np.ndarray], path: str | os.PathLike[str], **kw: Any) -> Path:
    """Write already-rendered frames (a list or an iterator) to ``path``; see export_animation."""
    frames = list(frames)
    return export_animation(lambda i: frames[i], range(len(frames)), path, **kw)
