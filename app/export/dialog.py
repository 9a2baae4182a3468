"""File → Export in the window: images, animations, trajectory data and scenes.

:func:`install_export_menu` adds the actions to the window's File menu.  An export renders
through :class:`app.export.render.FrameRenderer` on a *copy* of the window's state (the window
keeps its step and settings), so the file equals what ``losscape export`` writes for the same
scene.  When the window has not finished computing the scene yet (Export pressed right after a
change), the export waits for the window's own computation, off the GUI thread, and renders
from its result.  Rendering needs the GUI thread (Qt widgets and OpenGL live there), so it
proceeds one frame per event-loop turn — the window stays responsive — while encoding and
writing run in a worker thread.  A progress dialog shows the computation, then the frames, and
offers Cancel throughout; a cancelled or failed export leaves no file behind, and a failure is
explained in a message box that names what failed and where.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.export.writers import (
    GIF_MAX_FPS,
    BackgroundWriter,
    ExportCancelled,
    ExportError,
    GifWriter,
    atomic_write_text,
    describe_oserror,
    format_for_path,
    open_writer,
    select_steps,
)

VIEW_TEXT = {
    "3d": "3D view",
    "contour": "Contour map",
    "both": "3D view + contour map",
    "loss": "Loss curve",
    "window": "Whole window",
}
ANIMATION_TEXT = {"gif": "GIF", "mp4": "MP4 (H.264)", "frames": "PNG sequence (folder)"}
EXTENSION = {"gif": ".gif", "mp4": ".mp4", "frames": ""}


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
    one per timer tick; a :class:`BackgroundWriter` encodes them in a worker thread, and the
    final encode + rename runs in a worker thread too.  :meth:`cancel` may be called at any
    time.
    """

    computing = pyqtSignal(float)
    progress = pyqtSignal(int, int)
    finishing = pyqtSignal()
    finished = pyqtSignal(str)
    failed = pyqtSignal(str)
    cancelled = pyqtSignal(str)
    _done = pyqtSignal(str, str)  # (outcome, text), emitted from worker threads
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
        self._sink: Any = None
        self._gif = False
        self._steps: list[int] = []
        self._i = 0
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        self._thread: threading.Thread | None = None
        self._in_tick = False
        self._scene: Any = None  # the scene exported (the state's when it started)
        self._watched: Any = None  # the ComputeController being waited for
        self._own_compute: Any = None
        self._done.connect(self._on_done)
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
            scene = self.state.scene.to_json()
            if req.kind == "image":
                self._steps = [req.step]
                writer = open_writer(req.path, scene=scene, kind="png")
            else:
                self._steps = select_steps(
                    self.state.steps, stride=req.stride, start=req.start, stop=req.stop
                )
                writer = open_writer(req.path, fps=req.fps, scene=scene)
            self._gif = isinstance(writer, GifWriter)
            self._sink = BackgroundWriter(writer)
        except (ExportError, ValueError, RuntimeError) as exc:
            self.phase = "closing"
            self._finish("failed", str(exc))
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
            msg = f"export to {self.request.path} cancelled; nothing was written"
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
        from app.model.compute import ComputeController

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
            self._compute_failed("the scene could not be computed")
        else:
            # The window's scene changed meanwhile: compute the one being exported here.
            self._compute_own()

    def _compute_failed(self, error: str) -> None:
        self._abort("failed", f"export to {self.request.path} failed: {error}")

    def _abort(self, outcome: str, text: str) -> None:
        self.phase = "closing"
        self._sink.abort()
        self._finish(outcome, text)

    # -- frames -------------------------------------------------------------------------
    def _begin_frames(self) -> None:
        from app.export.render import FrameRenderer

        req = self.request
        self.phase = "preparing"
        try:
            self.renderer = FrameRenderer(
                self.state, req.view, req.size, camera=req.camera, layout=req.layout,
                window_factory=self.window_factory,
            )
            if self._gif and len(self._steps) > 1:
                self._sink.hint(self.renderer.render(self._steps[-1]))
        except (ExportError, ValueError, RuntimeError) as exc:
            self._close_renderer()
            self._abort("failed", str(exc))
            return
        except BaseException:
            self.phase = "closing"
            self._close_renderer()
            self._sink.abort()
            raise
        if self.cancel_event.is_set():  # cancelled while the views were being built
            self._next_frame()
            return
        self.phase = "frames"
        self._timer.start()

    @property
    def running(self) -> bool:
        return self.outcome is None

    # -- frames -------------------------------------------------------------------------
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
        if self.cancel_event.is_set():
            self._stop_frames()
            self._sink.abort()
            msg = f"export to {self.request.path} cancelled; nothing was written"
            self._finish("cancelled", msg)
            return
        try:
            frame = self.renderer.render(self._steps[self._i])
            self._sink.append(frame)
        except Exception as exc:  # encoder or renderer: report it, leave nothing behind
            self._stop_frames()
            self._sink.abort()
            if isinstance(exc, ExportError):
                msg = str(exc)
            else:
                msg = f"export to {self.request.path} failed at frame {self._i + 1}: {exc}"
            self._finish("failed", msg)
            return
        self._i += 1
        done = self._i == len(self._steps)
        if done:
            self._stop_frames()
            self._thread = threading.Thread(target=self._close_in_worker, daemon=True)
            self._thread.start()
        self.progress.emit(self._i, len(self._steps))
        if done:
            self.finishing.emit()

    def _stop_frames(self) -> None:
        self.phase = "closing"
        self._timer.stop()
        self._close_renderer()

    def _close_in_worker(self) -> None:
        try:
            path = self._sink.close(self.cancel_event)
        except ExportCancelled as exc:
            self._done.emit("cancelled", str(exc))
        except ExportError as exc:
            self._done.emit("failed", str(exc))
        except Exception as exc:  # an encoder bug must still reach the user, not a log
            self._done.emit("failed", f"export to {self.request.path} failed: {exc}")
        else:
            self._done.emit("finished", str(path))

    # -- data ---------------------------------------------------------------------------
    def _start_data(self) -> None:
        from app.export.cli import csv_text, json_text

        self.phase = "closing"  # no frames: everything happens in the worker
        scene = self.state.scene
        fmt = format_for_path(self.request.path)
        if fmt not in ("csv", "json"):
            raise ValueError(
                f"trajectory data is written as .csv or .json, got {self.request.path}"
            )
        path = self.request.path

        def work() -> None:
            try:
                trajectories = scene.run()
                text = csv_text(trajectories) if fmt == "csv" else json_text(scene, trajectories)
                if self.cancel_event.is_set():
                    raise ExportCancelled(f"export to {path} cancelled; nothing was written")
                out = atomic_write_text(path, text)
            except ExportCancelled as exc:
                self._done.emit("cancelled", str(exc))
            except ExportError as exc:
                self._done.emit("failed", str(exc))
            except Exception as exc:
                self._done.emit("failed", f"export to {path} failed: {exc}")
            else:
                self._done.emit("finished", str(out))

        self.finishing.emit()
        self._thread = threading.Thread(target=work, daemon=True)
        self._thread.start()

    # -- ending -------------------------------------------------------------------------
    def _close_renderer(self) -> None:
        if self.renderer is not None:
            self.renderer.close()
            self.renderer = None

    def _on_done(self, outcome: str, text: str) -> None:
        if self._thread is not None:
            self._thread.join()
        self._finish(outcome, text)

    def _finish(self, outcome: str, text: str) -> None:
        if self.outcome is not None:
            return
        self.outcome, self.message = outcome, text
        getattr(self, outcome).emit(text)


# --------------------------------------------------------------------------- the dialog


class ExportDialog(QDialog):
    """Settings of an image or animation export; :meth:`request` returns them."""

    def __init__(
        self,
        kind: str,
        steps: int,
        step: int,
        parent: QWidget | None = None,
        last: ExportRequest | None = None,
    ) -> None:
        super().__init__(parent)
        if kind not in ("image", "animation"):
            raise ValueError(f"kind must be 'image' or 'animation', got {kind!r}")
        self.kind, self.steps_total, self.step = kind, steps, step
        self.setWindowTitle("Export image" if kind == "image" else "Export animation")
        form = QFormLayout(self)
        self.view = QComboBox()
        for key, text in VIEW_TEXT.items():
            self.view.addItem(text, key)
        form.addRow("View", self.view)
        size_row = QHBoxLayout()
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box in (self.width_box, self.height_box):
            box.setRange(64, 8192)
        default = (1600, 1200) if kind == "image" else (800, 600)
        self.width_box.setValue(default[0])
        self.height_box.setValue(default[1])
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_box)
        size_row.addWidget(QLabel("pixels"))
        form.addRow("Size", size_row)
        self.format = QComboBox()
        self.start_box, self.stop_box, self.stride_box = QSpinBox(), QSpinBox(), QSpinBox()
        self.fps_box = QDoubleSpinBox()
        if kind == "animation":
            for key, text in ANIMATION_TEXT.items():
                self.format.addItem(text, key)
            form.addRow("Format", self.format)
            rng = QHBoxLayout()
            self.start_box.setRange(0, steps)
            self.stop_box.setRange(0, steps)
            self.stop_box.setValue(steps)
            rng.addWidget(self.start_box)
            rng.addWidget(QLabel("to"))
            rng.addWidget(self.stop_box)
            form.addRow("Steps", rng)
            self.stride_box.setRange(1, max(1, steps))
            self.stride_box.setPrefix("every ")
            self.stride_box.setSuffix(" step(s)")
            form.addRow("Frames", self.stride_box)
            self.fps_box.setRange(1.0, 120.0)
            self.fps_box.setDecimals(1)
            self.fps_box.setValue(30.0)
            self.fps_box.setSuffix(" fps")
            form.addRow("Frame rate", self.fps_box)
        path_row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText("where to write")
        self.path.setMinimumWidth(320)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form.addRow("File", path_row)
        self.problem = QLabel()
        self.problem.setObjectName("exportProblem")
        self.problem.setStyleSheet("color: #b91c1c;")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        if last is not None and last.kind == kind:
            self._restore(last)
        elif kind == "image":
            self.path.setText(str(Path.cwd() / "losscape.png"))
        else:
            self.path.setText(str(Path.cwd() / "losscape.gif"))
        for sig in (self.view.currentIndexChanged, self.format.currentIndexChanged,
                    self.width_box.valueChanged, self.height_box.valueChanged,
                    self.start_box.valueChanged, self.stop_box.valueChanged,
                    self.fps_box.valueChanged, self.path.textChanged):  # fmt: skip
            sig.connect(self._validate)
        self.format.currentIndexChanged.connect(self._retarget_extension)
        self._validate()

    def _restore(self, r: ExportRequest) -> None:
        self.view.setCurrentIndex(max(0, self.view.findData(r.view)))
        self.width_box.setValue(r.size[0])
        self.height_box.setValue(r.size[1])
        self.path.setText(r.path)
        if self.kind == "animation":
            fmt = format_for_path(r.path)
            self.format.setCurrentIndex(max(0, self.format.findData(fmt)))
            self.stride_box.setValue(r.stride)
            self.fps_box.setValue(r.fps)

    def _retarget_extension(self) -> None:
        """Switching GIF/MP4/folder changes the file name's extension to match."""
        text = self.path.text().strip()
        if not text:
            return
        p = Path(text)
        stem = p.with_suffix("") if p.suffix.lower() in (".gif", ".mp4", ".png") else p
        self.path.setText(str(stem) + EXTENSION[self.format.currentData()])

    def _browse(self) -> None:
        start = self.path.text() or str(Path.cwd())
        if self.kind == "animation" and self.format.currentData() == "frames":
            path = QFileDialog.getExistingDirectory(self, "Folder for the PNG frames", start)
        else:
            filt = {"gif": "GIF animations (*.gif)", "mp4": "MP4 videos (*.mp4)"}.get(
                self.format.currentData(), "PNG images (*.png)"
            ) if self.kind == "animation" else "PNG images (*.png)"  # fmt: skip
            path, _ = QFileDialog.getSaveFileName(self, self.windowTitle(), start, filt)
        if path:
            self.path.setText(path)

    def problems(self) -> list[str]:
        """Why the settings cannot be exported (empty when they can)."""
        out = []
        text = self.path.text().strip()
        w, h = self.width_box.value(), self.height_box.value()
        if not text:
            out.append("Choose a file to write.")
        elif self.kind == "image":
            if Path(text).suffix.lower() != ".png":
                out.append("A frame is written as PNG: the file name must end in .png.")
        else:
            fmt = self.format.currentData()
            try:
                actual = format_for_path(text)
            except ValueError as exc:
                actual = None
                out.append(str(exc))
            if actual is not None and actual != fmt:
                out.append(f"The file name does not fit the format {ANIMATION_TEXT[fmt]}.")
            if fmt == "mp4" and (w % 2 or h % 2):
                out.append(f"MP4 (H.264) needs an even width and height, got {w}×{h}.")
            if fmt == "gif" and self.fps_box.value() > GIF_MAX_FPS:
                out.append(f"A GIF plays at most {GIF_MAX_FPS:g} fps in browsers.")
            if self.start_box.value() > self.stop_box.value():
                out.append("The first step must not come after the last one.")
        if text and not Path(text).expanduser().parent.is_dir():
            out.append(f"The folder {Path(text).parent} does not exist.")
        return out

    def _validate(self) -> None:
        probs = self.problems()
        self.problem.setText(" ".join(probs))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not probs)

    def request(self) -> ExportRequest:
        return ExportRequest(
            kind=self.kind,
            path=str(Path(self.path.text().strip()).expanduser()),
            view=self.view.currentData(),
            size=(self.width_box.value(), self.height_box.value()),
            step=self.step,
            start=self.start_box.value(),
            stop=self.stop_box.value() if self.kind == "animation" else None,
            stride=self.stride_box.value(),
            fps=self.fps_box.value(),
        )


# --------------------------------------------------------------------------- the controller


class ExportController(QObject):
    """The window's export actions, progress dialog and error reporting."""

    #: the progress dialog appears when an export takes longer than this
    progress_delay_ms = 400

    def __init__(self, window: QMainWindow, window_factory: Any = None) -> None:
        super().__init__(window)
        self.window = window
        self.window_factory = window_factory
        self.runner: ExportRunner | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.last: dict[str, ExportRequest] = {}
        self.last_error: str | None = None
        self.message_box: QMessageBox | None = None
        self.actions: dict[str, QAction] = {}

    # -- entry points -------------------------------------------------------------------
    def export_image_dialog(self) -> None:
        self._dialog("image")

    def export_animation_dialog(self) -> None:
        self._dialog("animation")

    def _dialog(self, kind: str) -> None:
        st = self.window.state
        dlg = ExportDialog(kind, st.steps, st.step, self.window, self.last.get(kind))
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.start(dlg.request())

    def export_data_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Export trajectory data", str(Path.cwd() / "trajectory.csv"),
            "CSV tables (*.csv);;JSON (*.json)",
        )  # fmt: skip
        if path:
            self.start(ExportRequest(kind="data", path=path))

    def start(self, request: ExportRequest) -> ExportRunner | None:
        """Run ``request`` on a copy of the window's state; returns the runner (or None
        when another export is still running)."""
        if self.runner is not None and self.runner.running:
            self.show_error("Export", "Another export is still running.")
            return None
        self.last_error = None
        self.last[request.kind] = request
        if request.camera is None and request.view in ("3d", "both", "window"):
            view3d = getattr(self.window, "view3d", None)
            if view3d is not None and hasattr(view3d, "camera"):
                request.camera = view3d.camera()
        if request.view == "window" and request.layout is None:
            request.layout = {
                name: getattr(self.window, name).saveState()
                for name in ("main_split", "view_split", "bottom_split")
                if hasattr(getattr(self.window, name, None), "saveState")
            }
        try:
            state = self.window.state.copy()
        except ValueError as exc:
            self.show_error("Export failed", str(exc))
            return None
        runner = ExportRunner(
            state, request, self, compute=getattr(self.window, "compute", None),
            window_factory=self.window_factory,
        )
        self.runner = runner
        total = 0 if request.kind == "data" else 1
        dlg = QProgressDialog("Preparing…", "Cancel", 0, total, self.window)
        dlg.setWindowTitle("Exporting")
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(self.progress_delay_ms)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.canceled.connect(runner.cancel)
        self.progress_dialog = dlg
        runner.computing.connect(self._on_computing)
        runner.progress.connect(self._on_progress)
        runner.finishing.connect(self._on_finishing)
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)
        runner.cancelled.connect(self._on_cancelled)
        runner.start()
        return runner

    # -- progress -----------------------------------------------------------------------
    def _on_computing(self, fraction: float) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText("Computing the trajectories…")
            if fraction < 0:
                self.progress_dialog.setRange(0, 0)
            else:
                self.progress_dialog.setRange(0, 100)
                self.progress_dialog.setValue(round(fraction * 100))

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setMaximum(total)
            self.progress_dialog.setLabelText(f"Rendering frame {done} of {total}…")
            self.progress_dialog.setValue(done)

    def _on_finishing(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText("Encoding and writing…")
            self.progress_dialog.setRange(0, 0)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect()
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _status(self, text: str) -> None:
        bar = self.window.statusBar() if hasattr(self.window, "statusBar") else None
        if bar is not None:
            bar.showMessage(text, 8000)

    def _on_finished(self, path: str) -> None:
        self._close_progress()
        self._status(f"Exported {path}")

    def _on_failed(self, message: str) -> None:
        self._close_progress()
        self.show_error("Export failed", message)

    def _on_cancelled(self, message: str) -> None:
        self._close_progress()
        self._status("Export cancelled; nothing was written.")

    def show_error(self, title: str, text: str) -> None:
        """A window-modal message box that does not block the caller (tests read
        :attr:`last_error`)."""
        self.last_error = text
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.window
        )
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.message_box = box

    # -- scenes -------------------------------------------------------------------------
    def save_scene(self, path: str) -> bool:
        """Write the window's scene as JSON (atomic); False and a message box on failure."""
        try:
            _check_parent(path)
            self.window.state.scene.save(path)
        except OSError as exc:
            self.show_error(
                "Save scene failed", f"cannot write {path}: {describe_oserror(exc, path)}"
            )
            return False
        except ValueError as exc:
            self.show_error("Save scene failed", str(exc))
            return False
        self._status(f"Saved scene {path}")
        return True

    def open_scene(self, path: str) -> bool:
        """Load a scene file (or an exported PNG/GIF/JSON carrying one) into the window.

        Everything is validated first: on any problem the window keeps its scene and a
        message box names the field.
        """
        from app.export.cli import load_scene_file
        from app.model.state import RUN_COLORS

        state = self.window.state
        try:
            scene = load_scene_file(path)
            with state.batch():
                state.scene = scene  # validated whole before anything changes
                state.run_colors = RUN_COLORS[: len(state.runs)]  # its runs in the first colours
        except ValueError as exc:
            # The loader speaks to the CLI ("--scene: …"); here there is no option to name.
            self.show_error("Open scene failed", f"{path}: {str(exc).removeprefix('--scene: ')}")
            return False
        self._status(f"Opened scene {path}")
        return True

    def save_scene_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Save scene", str(Path.cwd() / "scene.json"), "Scenes (*.json)"
        )
        if path:
            self.save_scene(path)

    def open_scene_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open scene", str(Path.cwd()),
            "Scenes and exports (*.json *.png *.gif);;All files (*)",
        )  # fmt: skip
        if path:
            self.open_scene(path)


def _check_parent(path: str) -> None:
    folder = Path(path).expanduser().parent
    if not folder.is_dir():
        import errno

        raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(folder))


def install_export_menu(window: QMainWindow, window_factory: Any = None) -> ExportController:
    """Add Open/Save Scene and Export image/animation/data to the window's File menu.

    Uses ``window.file_menu`` when the window has one, else the menu bar's "File" menu
    (created if missing).  The actions go before the menu's last separator (above Quit).
    ``window_factory`` makes the whole window for "window" exports (the window's own
    ``offscreen`` constructor).  Returns the controller (also stored as
    ``window.export_controller``).
    """
    menu = getattr(window, "file_menu", None)
    if menu is None:
        bar = window.menuBar()
        menu = next(
            (a.menu() for a in bar.actions()
             if a.menu() is not None and a.text().replace("&", "") == "File"),
            None,
        )  # fmt: skip
        if menu is None:
            menu = bar.addMenu("&File")
    ctl = ExportController(window, window_factory)
    existing = " ".join(a.text().replace("&", "").lower() for a in menu.actions())
    before = next((a for a in reversed(menu.actions()) if a.isSeparator()), None)
    entries: list[tuple[str, str, Any, Any]] = []
    if "open scene" not in existing:
        entries.append(
            ("open_scene", "&Open scene…", ctl.open_scene_dialog, QKeySequence.StandardKey.Open)
        )
    if "save scene" not in existing:
        entries.append(("save_scene", "Save scene &as…", ctl.save_scene_dialog, "Ctrl+Shift+S"))
    entries += [
        ("export_image", "Export &image…", ctl.export_image_dialog, "Ctrl+E"),
        ("export_animation", "Export &animation…", ctl.export_animation_dialog, "Ctrl+Shift+E"),
        ("export_data", "Export trajectory &data…", ctl.export_data_dialog, None),
    ]
    for i, (key, text, slot, shortcut) in enumerate(entries):
        act = QAction(text, window)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _=False, s=slot: s())
        if before is not None:
            menu.insertAction(before, act)
        else:
            menu.addAction(act)
        if i == 1 and key == "save_scene" and before is not None:
            menu.insertSeparator(before)
        ctl.actions[key] = act
    if before is not None:
        menu.insertSeparator(before)
    window.export_controller = ctl  # type: ignore[attr-defined]
    return ctl
