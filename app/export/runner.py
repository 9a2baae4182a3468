"""One export of the window, run without freezing it: :class:`ExportRunner`.

An export renders through :class:`app.export.render.FrameRenderer` on a *copy* of the
window's state (the window keeps its step and settings), so the file equals what
``gradscape export`` writes for the same scene.  When the window has not finished computing the
scene yet (Export pressed right after a change), the export waits for the window's own
computation, off the GUI thread, and renders from its result.  Rendering needs the GUI thread
(Qt widgets and OpenGL live there), so the shared :class:`app.export.frameloop.FrameLoop`
advances one frame per event-loop turn — the window stays responsive — while encoding runs in
its worker thread, and the final encode + rename (and a data export) in a worker thread of
the runner's.  A cancelled or failed export leaves no file behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject, QTimer, pyqtSignal

from gradscape.app.export.files import (
    ExportCancelled,
    ExportError,
    atomic_write_text,
    cancelled_error,
    format_for_path,
)
from gradscape.app.export.frameloop import FrameLoop, open_writer, select_steps
from gradscape.app.export.images import FrameWriter
from gradscape.app.model.camera import with_camera
from gradscape.app.model.jobs import JobRunner
from gradscape.app.model.words import core_message
from gradscape.app.runtime import translate


@dataclass
class ExportRequest:
    """What to export.  ``kind`` is "image" (one PNG frame at ``step``), "animation"
    (GIF/MP4/PNG folder over ``start..stop`` every ``stride`` steps) or "data" (CSV/JSON)."""

    kind: str
    path: str
    view: str = "3d"
    size: tuple[int, int] = (800, 600)
    step: int = 0
    start: int = 0
    stop: int | None = None
    stride: int = 1
    fps: float = 30.0
    camera: dict[str, float] | None = field(default=None)
    layout: dict[str, Any] | None = field(default=None)


# --------------------------------------------------------------------------- runners


class ExportRunner(QObject):
    """Runs one export; emits exactly one of finished(path), failed(message), cancelled(msg).

    When ``state`` has no result for its scene yet, the export first waits for one without
    blocking the GUI thread (``computing(fraction)``, -1 while the fraction is unknown): from
    ``compute`` — the window's :class:`app.model.compute.ComputeController` — when that is working
    on the same scene, so the frames show the window's very result; otherwise from a
    computation of its own in a worker thread.  Frames are then rendered on the GUI thread
    by a :class:`FrameLoop`, one per timer tick (it encodes them in its worker thread), and
    the final encode + rename runs in a worker thread too.  :meth:`cancel` may be called at
    any time.
    """

    computing = pyqtSignal(float)
    progress = pyqtSignal(int, int)
    finishing = pyqtSignal()
    finished = pyqtSignal(str)
    failed = pyqtSignal(str)
    cancelled = pyqtSignal(str)
    _cancel_requested = pyqtSignal()

    def __init__(
        self,
        state: Any,
        request: ExportRequest,
        parent: QObject | None = None,
        compute: Any = None,
        window_factory: Any = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.request = request
        self.compute = compute
        #: makes the whole window for the "window" view (see FrameRenderer)
        self.window_factory = window_factory
        self.cancel_event = threading.Event()
        self.outcome: str | None = None
        self.message = ""
        self.renderer: Any = None
        #: "preparing", "computing" (waiting for the trajectories), "frames", "closing"
        self.phase = "preparing"
        self._writer: FrameWriter | None = None  # opened at start, owned by the loop later
        self._steps: list[int] = []
        #: renders the frames into the writer (made once the trajectories are there)
        self.loop: FrameLoop | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        #: runs the final encode + rename, or a data export, off the GUI thread
        self._jobs = JobRunner(threads=1, parent=self)
        self._jobs.done.connect(self._on_done)
        self._in_tick = False
        self._scene: Any = None  # the scene exported (the state's when it started)
        self._watched: Any = None  # the ComputeController being waited for
        self._own_compute: Any = None
        self._cancel_requested.connect(self._on_cancel_requested)

    # -- control ------------------------------------------------------------------------
    def start(self) -> None:
        """Open the output (fails fast on an unwritable folder), wait for the trajectories
        when they are not computed yet, then render frame by frame."""
        req = self.request
        try:
            if req.kind == "data":
                self._start_data()
                return
            exported = self.state.scene
            if req.camera is not None:  # the picture's camera, recorded with its scene
                exported = with_camera(exported, req.camera)
            scene = exported.to_json()
            if req.kind == "image":
                self._steps = [req.step]
                writer = open_writer(req.path, scene=scene, kind="png")
            else:
                self._steps = select_steps(
                    self.state.steps, stride=req.stride, start=req.start, stop=req.stop
                )
                writer = open_writer(req.path, fps=req.fps, scene=scene)
            self._writer = writer
        except (ExportError, ValueError, RuntimeError) as exc:
            self.phase = "closing"
            self._finish("failed", core_message(exc))
            return
        self._scene = self.state.scene
        if self.state.result_is_current():
            self._begin_frames()
        else:
            self._wait_for_result()

    def cancel(self) -> None:
        """Stop as soon as possible; nothing will be written."""
        self.cancel_event.set()
        self._cancel_requested.emit()  # queued to the GUI thread when called from elsewhere

    def _on_cancel_requested(self) -> None:
        # Frames and the final encode watch cancel_event themselves; the wait for the
        # trajectories has no loop of its own to notice it.
        if self.phase == "computing":
            self._end_waiting()
            msg = translate(
                "ExportRunner", "export to {path} cancelled; nothing was written"
            ).format(path=self.request.path)
            self._abort("cancelled", msg)

    # -- waiting for the trajectories ---------------------------------------------------
    def _wait_for_result(self) -> None:
        self.phase = "computing"
        ctl = self.compute
        if ctl is not None and ctl.state.scene == self._scene:
            if ctl.busy:
                self._watch(ctl)
            elif ctl.synchronous:  # computes inline: no result means it failed
                if ctl.error:
                    self._compute_failed(ctl.error)
                    return
                self._compute_own()
            else:
                # A change the window has not started computing yet (its short debounce):
                # start it now; the window wants this result too.
                self._watch(ctl)
                ctl.request()
        else:
            self._compute_own()
        if self.phase == "computing":
            self.computing.emit(-1.0)

    def _watch(self, ctl: Any) -> None:
        self._watched = ctl
        ctl.progress.connect(self._on_compute_progress)
        ctl.idle.connect(self._on_compute_idle)

    def _compute_own(self) -> None:
        """Compute the exported scene in a worker thread of this export's own."""
        from gradscape.app.model.compute import ComputeController

        self._end_waiting()
        self._own_compute = ComputeController(self.state, synchronous=False, parent=self)
        self._watch(self._own_compute)
        self._own_compute.request()

    def _end_waiting(self) -> None:
        ctl, self._watched = self._watched, None
        if ctl is not None:
            ctl.progress.disconnect(self._on_compute_progress)
            ctl.idle.disconnect(self._on_compute_idle)
        own, self._own_compute = self._own_compute, None
        if own is not None:
            own.shutdown()  # cancels its job (it stops within a few hundred steps)
            own.deleteLater()

    def _on_compute_progress(self, fraction: float) -> None:
        if self.phase == "computing":
            self.computing.emit(float(fraction))

    def _on_compute_idle(self) -> None:
        ctl = self._watched
        if self.phase != "computing" or ctl is None:
            return
        result = ctl.state.result
        if result is not None and result.scene == self._scene:
            self._end_waiting()
            self.state.set_result(result)  # the window's arrays, not a second computation
            self._begin_frames()
        elif ctl.error is not None and ctl.state.scene == self._scene:
            self._end_waiting()
            self._compute_failed(ctl.error)
        elif ctl is self._own_compute:
            self._end_waiting()
            self._compute_failed(translate("ExportRunner", "the scene could not be computed"))
        else:
            # The window's scene changed meanwhile: compute the one being exported here.
            self._compute_own()

    def _compute_failed(self, error: str) -> None:
        self._abort(
            "failed",
            translate("ExportRunner", "export to {path} failed: {error}").format(
                path=self.request.path, error=error
            ),
        )

    def _abort(self, outcome: str, text: str) -> None:
        self.phase = "closing"
        self._discard()
        self._finish(outcome, text)

    def _discard(self) -> None:
        """Remove whatever the export has written so far (idempotent)."""
        if self.loop is not None:
            self.loop.abort()
        elif self._writer is not None:
            self._writer.abort()

    # -- frames -------------------------------------------------------------------------
    def _begin_frames(self) -> None:
        from gradscape.app.export.render import FrameRenderer

        req = self.request
        self.phase = "preparing"
        try:
            self.renderer = FrameRenderer(
                self.state, req.view, req.size, camera=req.camera, layout=req.layout,
                window_factory=self.window_factory,
            )
            self.loop = FrameLoop(
                self.renderer.render, self._steps, self._writer,
                progress=self.progress.emit, cancel=self.cancel_event,
            )  # fmt: skip
            self.loop.prime()
        except (ExportError, ValueError, RuntimeError) as exc:
            self._close_renderer()
            self._abort("failed", core_message(exc))
            return
        except BaseException:
            self.phase = "closing"
            self._close_renderer()
            self._discard()
            raise
        if self.cancel_event.is_set():  # cancelled while the views were being built
            self._next_frame()
            return
        self.phase = "frames"
        self._timer.start()

    @property
    def running(self) -> bool:
        return self.outcome is None

    def _tick(self) -> None:
        # A modal QProgressDialog runs the event loop inside setValue(), which can fire this
        # timer again while a frame is still being handled: never nest, never run after the
        # frames are done.
        if self._in_tick or self.phase != "frames":
            return
        self._in_tick = True
        try:
            self._next_frame()
        finally:
            self._in_tick = False

    def _next_frame(self) -> None:
        assert self.loop is not None
        try:
            more = self.loop.step()  # on any error the loop has removed its files already
        except ExportCancelled:
            self._stop_frames()
            self._finish("cancelled", str(cancelled_error(self.request.path)))
            return
        except Exception as exc:  # encoder or renderer: report it
            self._stop_frames()
            if isinstance(exc, ExportError):
                msg = core_message(exc)
            else:
                at = self.loop.done + 1
                msg = translate(
                    "ExportRunner", "export to {path} failed at frame {frame}: {error}"
                ).format(path=self.request.path, frame=at, error=core_message(exc))
            self._finish("failed", msg)
            return
        if not more:
            self._stop_frames()
            self._in_worker(self.loop.close)
            self.finishing.emit()

    def _stop_frames(self) -> None:
        self.phase = "closing"
        self._timer.stop()
        self._close_renderer()

    def _in_worker(self, work: Callable[[], Path]) -> None:
        """Run ``work`` (it writes the output and returns its path, watching
        :attr:`cancel_event`) in a worker thread; its outcome, as (outcome, text), comes back
        to the GUI thread through the job runner's ``done``."""
        target = self.request.path

        def run(cancel: threading.Event) -> tuple[str, str]:
            try:
                path = work()
            except ExportCancelled as exc:
                return "cancelled", str(exc)
            except ExportError as exc:
                return "failed", str(exc)
            except Exception as exc:  # an encoder bug must still reach the user, not a log
                text = translate("ExportRunner", "export to {path} failed: {error}")
                return "failed", text.format(path=target, error=exc)
            return "finished", str(path)

        self._jobs.start(run, cancel=self.cancel_event)

    # -- data ---------------------------------------------------------------------------
    def _start_data(self) -> None:
        from gradscape.app.export.data_text import csv_text, json_text
        self.phase = "closing"  # no frames: everything happens in the worker
        scene = self.state.scene
        fmt = format_for_path(self.request.path)
        if fmt not in ("csv", "json"):
            raise ValueError(
                translate(
                    "ExportRunner", "trajectory data is written as .csv or .json, got {path}"
                ).format(path=self.request.path)
            )
        path = self.request.path

        def work() -> Path:
            trajectories = scene.run()
            text = csv_text(trajectories) if fmt == "csv" else json_text(scene, trajectories)
            if self.cancel_event.is_set():
                raise cancelled_error(path)
            return atomic_write_text(path, text)

        self.finishing.emit()
        self._in_worker(work)

    # -- ending -------------------------------------------------------------------------
    def _close_renderer(self) -> None:
        if self.renderer is not None:
            self.renderer.close()
            self.renderer = None

    def _on_done(self, gen: int, outcome: tuple[str, str]) -> None:
        self._jobs.wait()  # the worker has sent its last word: let it end, as a join would
        self._finish(*outcome)

    def _finish(self, outcome: str, text: str) -> None:
        if self.outcome is not None:
            return
        self.outcome, self.message = outcome, text
        getattr(self, outcome).emit(text)
