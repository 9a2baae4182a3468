"""The export pipeline: open a writer, render the frames into it one by one, close it.

:class:`FrameLoop` is the one frame loop of every image export.  ``gradscape export`` (through
:func:`export_animation`) runs it in a plain ``while``; File → Export
(:class:`app.export.runner.ExportRunner`) calls :meth:`FrameLoop.step` once per event-loop
turn, because rendering needs the GUI thread and the window must stay responsive.  Either way
the same frames reach the same writer, with the same progress, cancel and clean-up, so what one
writes the other writes too.

Encoding overlaps rendering: :class:`BackgroundWriter` runs the writer in a worker thread fed
by a small bounded queue.  No Qt.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from gradscape.app.export.files import (
    Cancel,
    ExportCancelled,
    cancelled_error,
    format_for_path,
    is_cancelled,
)
from gradscape.app.export.images import FrameWriter, GifWriter, PngSequenceWriter, PngWriter, as_rgb
from gradscape.app.export.video import Mp4Writer
from gradscape.core._text import shorten, shorten_path
from gradscape.core.atomic import AtomicFile

#: ``progress(done, total)`` after each frame, or None.
Progress = Callable[[int, int], None] | None

_WRITERS: dict[str, type[FrameWriter]] = {
    "png": PngWriter,
    "gif": GifWriter,
    "mp4": Mp4Writer,
    "frames": PngSequenceWriter,
}


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
        raise ValueError(f"range start must be in [0, {n_steps}], got {shorten(str(start))}")
    if not start <= stop <= n_steps:
        raise ValueError(f"range end must be in [{start}, {n_steps}], got {shorten(str(stop))}")
    steps = list(range(int(start), int(stop) + 1, int(stride)))
    if steps[-1] != stop:
        steps.append(int(stop))
    return steps


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
        self._thread = threading.Thread(target=self._run, name="gradscape-encoder", daemon=True)
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

    def close(self, cancel: Cancel = None, also: Sequence[AtomicFile] = ()) -> Path:
        self._queue.put(self._STOP)
        self._thread.join()
        self._raise()
        return self.writer.close(cancel, also)

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


class FrameLoop:
    """Render ``steps`` with ``render`` into ``writer``, one frame per :meth:`step`.

    Drive it as ``loop.prime()``, then ``while loop.step(): ...``, then ``loop.close()``
    (:meth:`run` does exactly that).  Whatever raises in :meth:`prime`, :meth:`step` or
    :meth:`close` — the renderer, the encoder, a cancel — first removes everything written,
    so the caller never has to clean up; :meth:`abort` does the same on demand.

    Parameters
    ----------
    render : callable
        ``render(step) -> (h, w, 3) uint8`` RGB frame (an alpha channel is dropped).
    steps : sequence of int
        Steps to render, in order (see :func:`select_steps`); at least one, and no more than
        the writer holds (a PNG holds one).
    writer : FrameWriter
        Where the frames go (see :func:`open_writer`); the loop owns it from now on.
    progress : callable or None
        ``progress(done, total)`` after each frame.
    cancel : threading.Event, callable or None
        Checked before every frame and while closing; when set, the export stops, removes
        its files and raises :class:`ExportCancelled`.
    threaded : bool
        Encode in a worker thread (:class:`BackgroundWriter`) while the next frame renders.
    """

    def __init__(
        self,
        render: Callable[[int], Any],
        steps: Iterable[int],
        writer: FrameWriter,
        *,
        progress: Progress = None,
        cancel: Cancel = None,
        threaded: bool = True,
    ) -> None:
        self.steps = list(steps)
        if not self.steps:
            writer.abort()
            raise ValueError("steps must hold at least one step, got none")
        if writer.max_frames is not None and len(self.steps) > writer.max_frames:
            writer.abort()
            raise ValueError(
                f"a {writer.kind} holds {writer.max_frames} frame; got {len(self.steps)} steps "
                "(use .gif, .mp4 or a folder for an animation)"
            )
        self.render = render
        self.writer = writer
        self.progress = progress
        self.cancel = cancel
        self._sink: FrameWriter | BackgroundWriter = (
            BackgroundWriter(writer) if threaded else writer
        )
        #: frames rendered and handed to the writer so far
        self.done = 0

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def finished(self) -> bool:
        """Every frame is rendered (what remains is :meth:`close`)."""
        return self.done == self.total

    def prime(self) -> None:
        """Show the writer the last frame first when it asks for it (the GIF palette then
        holds colours that appear late, like a long trajectory line)."""
        if self.writer.wants_hint and self.total > 1:
            try:
                self._sink.hint(self.render(self.steps[-1]))
            except BaseException:
                self.abort()
                raise

    def step(self) -> bool:
        """Render the next frame and hand it to the writer; True while frames remain.

        Raises
        ------
        ExportCancelled
            When ``cancel`` is set (checked before the frame is rendered).
        """
        if self.finished:
            shown = shorten_path(self.writer.path)
            raise RuntimeError(f"all {self.total} frames of {shown} are rendered")
        try:
            if is_cancelled(self.cancel):
                raise cancelled_error(self.writer.path)
            self._sink.append(self.render(self.steps[self.done]))
            self.done += 1
            if self.progress is not None:
                self.progress(self.done, self.total)
        except BaseException:
            self.abort()
            raise
        return not self.finished

    def close(self, also: Sequence[AtomicFile] = ()) -> Path:
        """Finish encoding and rename the output into place; returns its path.

        Safe to call from a worker thread (the GUI's export does): it touches only the
        writer.  ``cancel`` is still watched until the rename.  ``also``: prepared files
        (:func:`app.export.files.prepare_file`) committed together with the output: all of
        them or, when one fails, none (the earlier ones get their previous content back).
        """
        try:
            return self._sink.close(self.cancel, also)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Stop the encoder and remove every temporary file (idempotent)."""
        self._sink.abort()

    def run(self, also: Sequence[AtomicFile] = ()) -> Path:
        """All of it in one go: prime, every frame, close (``also``: see :meth:`close`)."""
        self.prime()
        while self.step():
            pass
        return self.close(also)


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
    also: Sequence[AtomicFile] = (),
) -> Path:
    """Render ``steps`` with ``render`` and write them to ``path`` atomically.

    Parameters
    ----------
    render, steps, progress, cancel, threaded
        See :class:`FrameLoop`.  A ``.png`` target takes exactly one step.
    path : path-like
        Target; the format comes from the extension (see
        :func:`app.export.files.format_for_path`) unless ``kind`` names it.
    fps : float
        Frame rate of GIF/MP4.
    scene : str or None
        Scene JSON embedded in the file (PNG text, GIF comment, MP4 comment, scene.json).
    also : sequence of core.atomic.AtomicFile
        Prepared files committed together with the output (see :meth:`FrameLoop.close`);
        the caller discards them if the export fails before the commit.

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
    writer = open_writer(path, fps=fps, scene=scene, kind=kind)
    loop = FrameLoop(render, steps, writer, progress=progress, cancel=cancel, threaded=threaded)
    return loop.run(also)


def export_frame(
    frame: np.ndarray, path: str | os.PathLike[str], *, scene: str | None = None
) -> Path:
    """Write one RGB frame as a PNG atomically (the scene embedded as text)."""
    return FrameLoop(lambda _step: frame, [0], PngWriter(path, scene=scene), threaded=False).run()


def write_all(frames: Iterable[np.ndarray], path: str | os.PathLike[str], **kw: Any) -> Path:
    """Write already-rendered frames (a list or an iterator) to ``path``; see export_animation."""
    frames = list(frames)
    return export_animation(lambda i: frames[i], range(len(frames)), path, **kw)
