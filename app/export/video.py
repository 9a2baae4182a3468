"""The MP4 frame writer: H.264 through the ffmpeg binary in the imageio-ffmpeg wheel.

libx264, yuv420p (plays everywhere), CRF 20, fed raw RGB through a pipe.  ffmpeg's exit
status and error output are checked, so a full disk or a crashed encoder is reported instead
of leaving a truncated video.  The output is atomic like every writer's (see
:mod:`app.export.images`).  No Qt.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from gradscape.app.export.files import SCENE_KEY, Cancel, ExportError, open_atomic
from gradscape.app.export.images import FrameWriter
from gradscape.core._text import shorten, shorten_path


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
                "MP4 export needs imageio-ffmpeg: pip install 'gradscape[export]'", self.path
            ) from exc
        self._exe = imageio_ffmpeg.get_ffmpeg_exe()
        self._file = open_atomic(self.path)
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
        detail = shorten(detail, 120)
        shown = shorten_path(self.path)
        if "No space left" in text:
            folder = shorten_path(self.path.parent)
            return ExportError(
                f"cannot write {shown}: the disk is full: no space left in {folder} "
                f"(MP4 encoder ffmpeg: {detail})",
                self.path,
            )
        return ExportError(f"MP4 encoder (ffmpeg) failed {what} {shown}: {detail}", self.path)

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
        err, self._stderr = self._stderr, None
        if err is not None:
            try:
                err.close()
            except OSError:
                pass

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
