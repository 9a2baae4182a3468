"""Frame writers for images: PNG, numbered PNG sequences and animated GIF.

A frame is an RGB ``uint8`` array of shape (h, w, 3) (an alpha channel, if present, is
dropped).  A writer takes frames one by one and, on :meth:`FrameWriter.close`, renames its
complete output into place (:mod:`core.atomic`); :meth:`FrameWriter.abort` removes everything
it wrote, so a failed or cancelled export never leaves a partial file behind and never
clobbers an existing one.  The MP4 writer is in :mod:`app.export.video`; the loop that feeds
any of them, in :mod:`app.export.frameloop`.  No Qt.

- PNG: Pillow, with the scene that reproduces the picture in a ``zTXt`` chunk.
- GIF: Pillow with one global palette (fast octree of the first and the last frame, then a
  nearest-colour map per frame), so colours do not flicker between frames and encoding costs a
  few milliseconds a frame.  Every frame is kept, repeats included (one frame per step).
- PNG sequence: ``frame_00000.png``, ``frame_00001.png``, ... in a folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from gradscape.app.export.files import (
    SCENE_KEY,
    Cancel,
    ExportError,
    cancelled_error,
    commit_outputs,
    describe_oserror,
    is_cancelled,
    open_atomic,
    write_error,
)
from gradscape.core._text import shorten_path
from gradscape.core.atomic import UMASK, AtomicFile, check_name, make_temp

#: File name pattern of a PNG sequence (ffmpeg's ``frame_%05d.png``).
FRAME_PATTERN = "frame_{:05d}.png"
#: Browsers stretch GIF frame delays below 20 ms to 100 ms, so a faster GIF plays slower.
GIF_MAX_FPS = 50.0
#: GIF frame delays are 16-bit centiseconds: at most 655.35 s a frame.
GIF_MIN_FPS = 100.0 / 65535


def as_rgb(frame: Any, *, what: str = "frame") -> np.ndarray:
    """Return ``frame`` as a C-contiguous (h, w, 3) uint8 array, or raise ValueError."""
    a = np.asarray(frame)
    if a.dtype != np.uint8 or a.ndim != 3 or a.shape[2] not in (3, 4) or 0 in a.shape:
        raise ValueError(
            f"{what} must be a uint8 array of shape (h, w, 3) or (h, w, 4), got {a.dtype} {a.shape}"
        )
    return np.ascontiguousarray(a[:, :, :3])


class FrameWriter:
    """Base of the frame writers: collects frames, then :meth:`close` commits atomically.

    Use as ``w = open_writer(path, ...)`` (:mod:`app.export.frameloop`), ``w.append(frame)``
    for each frame, then ``w.close()`` (returns the final path) or ``w.abort()`` (removes
    everything written).
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
    #: at most this many frames (None: any number)
    max_frames: int | None = None
    #: the writer uses :meth:`hint` (the frame loop then renders the last frame first)
    wants_hint = False

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
            raise RuntimeError(f"writer for {shorten_path(self.path)} is already closed")
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
            raise write_error(exc, self.path) from exc
        self.count += 1

    def close(self, cancel: Cancel = None, also: Sequence[AtomicFile] = ()) -> Path:
        """Finish encoding and rename into place; returns the final path.

        ``cancel`` is checked while encoding (where the encoder allows) and once more just
        before the rename, so a cancel at any moment leaves nothing behind.  ``also``: other
        prepared outputs (a scene file) committed together with this one, before it, and
        undone when this one fails (:func:`app.export.files.commit_outputs`).
        """
        if self._closed:
            raise RuntimeError(f"writer for {shorten_path(self.path)} is already closed")
        if self.count == 0:
            self.abort()
            raise ExportError(
                f"nothing to write to {shorten_path(self.path)}: no frames were rendered",
                self.path,
            )
        try:
            self._finalize(cancel)
            if is_cancelled(cancel):
                raise cancelled_error(self.path)
            out = commit_outputs(also, self._commit_named) if also else self._commit()
        except ExportError:
            self.abort()
            raise
        except OSError as exc:
            self.abort()
            raise write_error(exc, self.path) from exc
        self._closed = True
        return out

    def _commit_named(self) -> Path:
        """:meth:`_commit`, its OSError naming this writer's target (not the files before)."""
        try:
            return self._commit()
        except OSError as exc:
            raise write_error(exc, self.path) from exc

    def abort(self) -> None:
        """Stop and remove every temporary file (idempotent, never raises: it runs while
        the error that stopped the export is on its way, and must not replace it)."""
        self._closed = True
        try:
            self._discard()
        except OSError:
            pass

    def __enter__(self) -> FrameWriter:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None and not self._closed:
            self.close()
        elif not self._closed:
            self.abort()

    # -- hooks
    def hint(self, frame: Any) -> None:
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
    info.add_text("Software", "gradscape")
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
        self._file = open_atomic(self.path)

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
        shown = shorten_path(folder)
        try:
            check_name(folder)
        except OSError as exc:
            raise write_error(exc, folder) from exc
        if folder.exists() and not folder.is_dir():
            raise ExportError(f"cannot write frames to {shown}: it is a file, not a folder", folder)
        parent = folder.parent
        if not parent.is_dir():
            raise ExportError(
                f"cannot write frames to {shown}: the folder {shorten_path(parent)} does not exist",
                folder,
            )
        base = folder if folder.is_dir() else parent
        try:
            # stale ones of a killed export of this folder are removed first
            self._tmpdir = make_temp(folder, where=base, directory=True)
        except OSError as exc:
            # name the folder where the write failed (the target's parent if it is new)
            reason = describe_oserror(exc, base / FRAME_PATTERN.format(0))
            raise ExportError(f"cannot write frames to {shown}: {reason}", folder) from exc

    def _append(self, rgb: np.ndarray) -> None:
        from PIL import Image

        name = self._tmpdir / FRAME_PATTERN.format(self.count)
        # No scene in every frame: scene.json beside them carries it once.
        Image.fromarray(rgb, "RGB").save(name, format="PNG", compress_level=1)

    def _finalize(self, cancel: Cancel) -> None:
        if self.scene is not None:
            (self._tmpdir / "scene.json").write_text(self.scene, encoding="utf-8")

    def _commit(self) -> Path:
        mode = 0o666 & ~UMASK
        for f in self._tmpdir.iterdir():
            os.chmod(f, mode)
        if not self.path.exists():
            os.chmod(self._tmpdir, 0o777 & ~UMASK)
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
    wants_hint = True

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
        self._file = open_atomic(self.path)
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
            self._out = open(self._file.tmp, "wb")
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
        if is_cancelled(cancel):
            raise cancelled_error(self.path)
        out, self._out = self._out, None
        try:
            out.write(b";")  # trailer
        finally:
            out.close()

    def _commit(self) -> Path:
        return self._file.commit()

    def _discard(self) -> None:
        out, self._out = self._out, None
        if out is not None:
            try:
                out.close()  # flushes what is buffered: fails again on a full disk
            except OSError:
                pass
        self._file.discard()
