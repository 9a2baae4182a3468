"""Readers used by the export tests (no tests here): decode what the exporters wrote.

Videos are decoded by the ffmpeg that imageio-ffmpeg ships, straight to raw RGB, so the
frame count and size come from the file itself, not from the writer.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np


def read_gif(path: Path) -> np.ndarray:
    """All frames of a GIF as an (n, h, w, 3) uint8 array (Pillow through imageio)."""
    import imageio.v3 as iio

    return iio.imread(path)


def video_info(path: Path) -> tuple[str, int, int, float, str]:
    """(codec, width, height, fps, comment) of the first video stream, as ffmpeg reports them."""
    import imageio_ffmpeg

    r = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    m = re.search(r"Video: (\w+).*?, (\d+)x(\d+)[ ,].*?([\d.]+) fps", r.stderr)
    assert m is not None, r.stderr
    c = re.search(r"comment\s*:\s*(.*)", r.stderr)
    return m[1], int(m[2]), int(m[3]), float(m[4]), c[1] if c else ""


def read_mp4(path: Path) -> np.ndarray:
    """All frames of a video as an (n, h, w, 3) uint8 array, decoded by ffmpeg."""
    import imageio_ffmpeg

    codec, w, h, _, _ = video_info(path)
    assert codec == "h264"
    r = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path),
         "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True, check=True,
    )  # fmt: skip
    raw = np.frombuffer(r.stdout, np.uint8)
    assert raw.size % (w * h * 3) == 0
    return raw.reshape(-1, h, w, 3)
