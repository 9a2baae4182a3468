"""Write frames and data to files: PNG, GIF, MP4 (H.264) and numbered PNG sequences.

The public face of the Qt-free export pipeline; each part lives in its own module:

- :mod:`app.export.files`: formats by extension, :class:`ExportError` /
  :class:`ExportCancelled`, atomic writes (through :mod:`core.atomic`, the one atomic writer,
  shared with scene files) and the scene an exported file carries;
- :mod:`app.export.images`: :class:`FrameWriter` and the PNG, PNG-sequence and GIF writers;
- :mod:`app.export.video`: the MP4 writer (ffmpeg from imageio-ffmpeg);
- :mod:`app.export.frameloop`: :func:`open_writer`, :class:`BackgroundWriter` (encoding in a
  worker thread) and :class:`FrameLoop`, the one frame loop that both ``gradscape export`` and
  File → Export drive.

A frame is an RGB ``uint8`` array of shape (h, w, 3) (an alpha channel, if present, is
dropped), and an animation is any callable ``render(step) -> frame``.  Every write is atomic:
on an error or a cancel nothing is left behind and no existing file is clobbered.
"""

from __future__ import annotations

from gradscape.app.export.files import (
    ANIMATION_FORMATS,
    FORMATS,
    SCENE_KEY,
    Cancel,
    ExportCancelled,
    ExportError,
    atomic_write_bytes,
    atomic_write_text,
    describe_oserror,
    format_for_path,
    read_embedded_scene,
)
from gradscape.app.export.frameloop import (
    BackgroundWriter,
    FrameLoop,
    Progress,
    export_animation,
    export_frame,
    open_writer,
    select_steps,
    write_all,
)
from gradscape.app.export.images import (
    FRAME_PATTERN,
    GIF_MAX_FPS,
    GIF_MIN_FPS,
    FrameWriter,
    GifWriter,
    PngSequenceWriter,
    PngWriter,
    as_rgb,
)
from gradscape.app.export.video import Mp4Writer

__all__ = [
    "ANIMATION_FORMATS",
    "FORMATS",
    "FRAME_PATTERN",
    "GIF_MAX_FPS",
    "GIF_MIN_FPS",
    "SCENE_KEY",
    "BackgroundWriter",
    "Cancel",
    "ExportCancelled",
    "ExportError",
    "FrameLoop",
    "FrameWriter",
    "GifWriter",
    "Mp4Writer",
    "PngSequenceWriter",
    "PngWriter",
    "Progress",
    "as_rgb",
    "atomic_write_bytes",
    "atomic_write_text",
    "describe_oserror",
    "export_animation",
    "export_frame",
    "format_for_path",
    "open_writer",
    "read_embedded_scene",
    "select_steps",
    "write_all",
]
