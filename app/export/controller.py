"""File → Export in the window: images, animations, trajectory data and scenes.

:func:`install_export_menu` adds the actions to the window's File menu;
:class:`ExportController` behind them opens the settings dialog
(:class:`app.export.dialog.ExportDialog`), runs the export
(:class:`app.export.runner.ExportRunner`) with a progress dialog that shows the computation,
then the frames, and offers Cancel throughout, and explains a failure in a message box that
names what failed and where.  Open/Save scene live here too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject, Qt
from PyQt6.QtGui import QAction, QKeySequence
from PyQt6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMessageBox, QProgressDialog

from gradscape.app.export.dialog import ExportDialog
from gradscape.app.export.files import describe_oserror
from gradscape.app.export.runner import ExportRequest, ExportRunner
from gradscape.app.model.camera import view_camera, with_camera
from gradscape.app.model.words import core_message
from gradscape.app.runtime import translate
from gradscape.core._message import message_of, unlocated


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
            self.window, translate("ExportController", "Export trajectory data"),
            str(Path.cwd() / "trajectory.csv"),
            translate("ExportController", "CSV tables (*.csv);;JSON (*.json)"),
        )  # fmt: skip
        if path:
            self.start(ExportRequest(kind="data", path=path))

    def start(self, request: ExportRequest) -> ExportRunner | None:
        """Run ``request`` on a copy of the window's state; returns the runner (or None
        when another export is still running)."""
        if self.runner is not None and self.runner.running:
            self.show_error(
                translate("ExportController", "Export"),
                translate("ExportController", "Another export is still running."),
            )
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
            self.show_error(translate("ExportController", "Export failed"), core_message(exc))
            return None
        runner = ExportRunner(
            state,
            request,
            self,
            compute=getattr(self.window, "compute", None),
            window_factory=self.window_factory,
        )
        self.runner = runner
        total = 0 if request.kind == "data" else 1
        dlg = QProgressDialog(
            translate("ExportController", "Preparing…"),
            translate("ExportController", "Cancel"),
            0, total, self.window,
        )  # fmt: skip
        dlg.setWindowTitle(translate("ExportController", "Exporting"))
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
            self.progress_dialog.setLabelText(
                translate("ExportController", "Computing the trajectories…")
            )
            if fraction < 0:
                self.progress_dialog.setRange(0, 0)
            else:
                self.progress_dialog.setRange(0, 100)
                self.progress_dialog.setValue(round(fraction * 100))

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setMaximum(total)
            self.progress_dialog.setLabelText(
                translate("ExportController", "Rendering frame {done} of {total}…").format(
                    done=done, total=total
                )
            )
            self.progress_dialog.setValue(done)

    def _on_finishing(self) -> None:
        if self.progress_dialog is not None:
            text = translate("ExportController", "Encoding and writing…")
            self.progress_dialog.setLabelText(text)
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
        self._status(translate("ExportController", "Exported {path}").format(path=path))

    def _on_failed(self, message: str) -> None:
        self._close_progress()
        self.show_error(translate("ExportController", "Export failed"), message)

    def _on_cancelled(self, message: str) -> None:
        self._close_progress()
        self._status(translate("ExportController", "Export cancelled; nothing was written."))

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
        """Write the window's scene as JSON (atomic), with the 3D view's camera; False and a
        message box on failure."""
        try:
            _check_parent(path)
            scene = self.window.state.scene
            view3d = getattr(self.window, "view3d", None)
            if view3d is not None and hasattr(view3d, "camera"):
                scene = with_camera(scene, view3d.camera())
            scene.save(path)
        except OSError as exc:
            self.show_error(
                translate("ExportController", "Save scene failed"),
                translate("ExportController", "cannot write {path}: {reason}").format(
                    path=path, reason=describe_oserror(exc, path)
                ),
            )
            return False
        except ValueError as exc:
            self.show_error(translate("ExportController", "Save scene failed"), core_message(exc))
            return False
        self._status(translate("ExportController", "Saved scene {path}").format(path=path))
        return True

    def open_scene(self, path: str) -> bool:
        """Load a scene file (or an exported PNG/GIF/JSON carrying one, or a network's
        landscape .npz) into the window.

        Everything is validated first: on any problem the window keeps its scene and a
        message box names the field.
        """
        from gradscape.app.export.scene_source import load_scene_file
        from gradscape.app.model.choices import RUN_COLORS
        from gradscape.app.model.sweep import sweep_colors

        state = self.window.state
        try:
            scene = load_scene_file(path)
            with state.batch():
                state.scene = scene  # validated whole before anything changes
                # its runs in the first colours (a sweep's in the η ramp)
                state.run_colors = sweep_colors(state.scene) or RUN_COLORS[: len(state.runs)]
        except ValueError as exc:
            # The loader speaks to the CLI ("--scene: …"); here there is no option to name.
            self.show_error(
                translate("ExportController", "Open scene failed"),
                f"{path}: {core_message(unlocated(message_of(exc), '--scene'))}",
            )
            return False
        camera = view_camera(scene)
        view3d = getattr(self.window, "view3d", None)
        if camera is not None and view3d is not None and hasattr(view3d, "set_camera"):
            view3d.set_camera(camera)  # the picture the scene was exported with
        self._status(translate("ExportController", "Opened scene {path}").format(path=path))
        return True

    def save_scene_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            translate("ExportController", "Save scene"),
            str(Path.cwd() / "scene.json"),
            translate("ExportController", "Scenes (*.json)"),
        )
        if path:
            self.save_scene(path)

    def open_scene_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, translate("ExportController", "Open scene"), str(Path.cwd()),
            translate(
                "ExportController",
                "Scenes, exports and landscapes (*.json *.png *.gif *.npz);;All files (*)",
            ),
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
        titles = ("File", translate("ExportController", "&File").replace("&", ""))
        menu = next(
            (a.menu() for a in bar.actions()
             if a.menu() is not None and a.text().replace("&", "") in titles),
            None,
        )  # fmt: skip
        if menu is None:
            menu = bar.addMenu(translate("ExportController", "&File"))
    ctl = ExportController(window, window_factory)
    existing = " ".join(a.text().replace("&", "").lower() for a in menu.actions())
    before = next((a for a in reversed(menu.actions()) if a.isSeparator()), None)
    open_text = translate("ExportController", "&Open scene…")
    save_text = translate("ExportController", "Save scene &as…")

    def has(text: str, english: str) -> bool:
        return english in existing or text.replace("&", "").rstrip("…").lower() in existing

    entries: list[tuple[str, str, Any, Any]] = []
    if not has(open_text, "open scene"):
        entries.append(
            ("open_scene", open_text, ctl.open_scene_dialog, QKeySequence.StandardKey.Open)
        )
    if not has(save_text, "save scene"):
        entries.append(("save_scene", save_text, ctl.save_scene_dialog, "Ctrl+Shift+S"))
    entries += [
        ("export_image", translate("ExportController", "Export &image…"),
         ctl.export_image_dialog, "Ctrl+E"),
        ("export_animation", translate("ExportController", "Export &animation…"),
         ctl.export_animation_dialog, "Ctrl+Shift+E"),
        ("export_data", translate("ExportController", "Export trajectory &data…"),
         ctl.export_data_dialog, None),
    ]  # fmt: skip
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
