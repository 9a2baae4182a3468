"""The main window: controls on the left, the linked views in the middle, equations right."""

from __future__ import annotations

import json
import re
from typing import Any

from PyQt6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
)
from PyQt6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from gradscape.app.controls.fields import MessageLabel, ValidatedField
from gradscape.app.controls.optimizer_panel import OptimizerPanel
from gradscape.app.controls.overlay_menu import OverlayActions
from gradscape.app.controls.playback_bar import PlaybackBar
from gradscape.app.controls.scene_panels import StartPanel, SurfacePanel
from gradscape.app.controls.summary_panel import SummaryPanel
from gradscape.app.controls.sweep_dialog import add_sweep_button, open_sweep_dialog
from gradscape.app.controls.wheel import guard_wheel
from gradscape.app.model.arrays import fmt
from gradscape.app.model.choices import COLORMAPS, GRID_CHOICES, HEIGHT_MODE_TEXT, HEIGHT_MODES
from gradscape.app.model.compute import ComputeController
from gradscape.app.model.examples import EXAMPLES, FIRST_LAUNCH, example
from gradscape.app.model.playback import Player
from gradscape.app.model.settings import (
    has_saved_scene,
    load_state,
    open_settings,
    save_language,
    save_state,
)
from gradscape.app.model.state import AppState
from gradscape.app.model.words import core_message
from gradscape.app.runtime import (
    LANGUAGES,
    QT_TRANSLATE_NOOP,
    current_language,
    install_language,
    settle_memory,
    thaw_memory,
    translate,
)
from gradscape.app.views.equations import EquationsPanel
from gradscape.app.views.plots import ContourView, LossCurveView
from gradscape.app.views.step_plot import StepPlotView
from gradscape.app.views.surface3d import SurfaceWindow3D
from gradscape.app.windows.window_size import fit_to_screen, keep_on_screen
from gradscape.resources import style_sheet

#: The toolbar's short names of the height modes (the View menu says "Linear height" …).
HEIGHT_SHORT = {
    "linear": QT_TRANSLATE_NOOP("MainWindow", "Linear"),
    "log": QT_TRANSLATE_NOOP("MainWindow", "Log"),
    "clip": QT_TRANSLATE_NOOP("MainWindow", "Clipped"),
}


def button_text(menu_text: str) -> str:
    """A menu item's text for a tool button: without its accelerator, whether written
    "&Reset camera" or, in Japanese style, "視点をリセット(&R)"."""
    return re.sub(r"\(&\w\)", "", menu_text).replace("&&", "\0").replace("&", "").replace(
        "\0", "&"
    ).rstrip(" …")


def load_style() -> str:
    """The app's style sheet (from the installed ``resources`` package)."""
    return style_sheet()


class ElidedLabel(QLabel):
    """A one-line label that shows as much of its text as fits, ending in "…".

    It never asks its layout for room (its neighbours keep all of theirs) and shortens only
    itself.  :meth:`text` is the whole text; :meth:`displayed_text` what is drawn.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str | None) -> None:
        self._full = text or ""
        self._elide()

    def text(self) -> str:
        return self._full

    def displayed_text(self) -> str:
        return super().text()

    def _elide(self) -> None:
        width = max(0, self.contentsRect().width())
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        if shown != self._full and shown.endswith("…"):
            # Cut between words, never inside a number ("1000" must not read "100…").
            kept = shown[:-1]
            if not self._full[len(kept) :].startswith(" ") and " " in kept:
                kept = kept[: kept.rindex(" ")]
            shown = kept.rstrip() + "…" if kept.strip() else ""
        if shown != super().text():
            super().setText(shown)

    def resizeEvent(self, ev: QResizeEvent | None) -> None:
        super().resizeEvent(ev)
        self._elide()

    def changeEvent(self, ev: QEvent | None) -> None:
        super().changeEvent(ev)
        if ev is not None and ev.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()  # the error style is bold: wider glyphs


class ControlsScroll(QScrollArea):
    """The left panel's scroll area: never narrower than its panels need (their widest row
    plus the vertical scroll bar), so that no field or button is cut at its right edge
    when a panel grows (a schedule beside η, a formula's buttons)."""

    MIN_WIDTH = 270

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is not None:
            need = (inner.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
                    + 2 * self.frameWidth())  # fmt: skip
            hint.setWidth(max(self.MIN_WIDTH, need))
        return hint

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # a panel grew: the splitter asks again
        return super().eventFilter(obj, event)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)


class MainWindow(QMainWindow):
    """gradscape's window.  ``persist=False`` neither reads nor writes QSettings;
    ``restore=False`` writes them but starts from ``state`` as given (a window made again in
    another language, :meth:`set_language`).  ``replaced(new)`` when the window has been
    made again: the new one shows the same scene and views."""

    replaced = pyqtSignal(QObject)

    @classmethod
    def offscreen(cls, state: AppState) -> MainWindow:
        """The window drawing ``state`` for an export: it computes on the calling thread and
        never reads or writes the user's settings."""
        win = cls(state, persist=False, synchronous=True)
        win._user_split = True  # an export lays the views out as asked (or as built)
        return win

    def __init__(
        self,
        state: AppState | None = None,
        persist: bool = True,
        synchronous: bool = False,
        *,
        restore: bool = True,
    ) -> None:
        super().__init__()
        self.setWindowTitle(
            translate("MainWindow", "gradscape — how optimizers move on a loss surface")
        )
        self.persist = persist
        self.synchronous = synchronous
        self.settings = open_settings() if persist else None
        self.state = state or AppState(self)
        #: the very first launch: no scene saved yet (it opens a race that plays, see below)
        self.first_launch = False
        if self.settings is not None and restore:
            self.first_launch = state is None and not has_saved_scene(self.settings)
            load_state(self.settings, self.state)
        st = self.state
        self.compute = ComputeController(st, synchronous=synchronous, parent=self)
        self.player = Player(st, self)

        # Views.
        self.view3d = SurfaceWindow3D(st)
        self.contour = ContourView(st)
        self.losscurve = LossCurveView(st)
        self.view3d.pointClicked.connect(self._set_start)
        self.contour.pointClicked.connect(self._set_start)
        for view in (self.contour, self.view3d):  # drag the start point: the race follows
            view.dragStarted.connect(self._begin_drag)
            view.startDragged.connect(self._drag_start)
            view.dragFinished.connect(self._end_drag)
        self._drag_to: tuple[float, float] | None = None
        self._drag_timer = QTimer(self)
        self._drag_timer.setSingleShot(True)
        self._drag_timer.setInterval(25)  # (40 positions a second: more than races)
        self._drag_timer.timeout.connect(self._apply_drag)
        self.compute.take_drag_position = self._apply_drag
        # a drag's races are paced by the 3D view's frames while it is on screen
        self.compute.frame_paced = lambda: self.view3d.isVisible() and not self.isMinimized()
        self.view3d.frameDrawn.connect(self.compute.frame_drawn)
        self.losscurve.stepPicked.connect(self._scrub)
        self.playback = PlaybackBar(st)

        # Controls.
        self.surface_panel = SurfacePanel(st)
        self.optimizer_panel = OptimizerPanel(st)
        self.start_panel = StartPanel(st)
        controls = QWidget()
        controls.setObjectName("controls")
        cl = QVBoxLayout(controls)
        cl.setContentsMargins(8, 8, 8, 8)
        cl.setSpacing(8)
        cl.addWidget(self.surface_panel)
        cl.addWidget(self.optimizer_panel)
        cl.addWidget(self.start_panel)
        cl.addStretch(1)
        scroll = ControlsScroll()
        scroll.setWidget(controls)
        guard_wheel(scroll)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.controls_scroll = scroll

        self.equations = EquationsPanel(st)
        self.equations.setMinimumWidth(190)

        self.bottom_split = QSplitter(Qt.Orientation.Horizontal)
        self.bottom_split.addWidget(self.contour)
        # the effective step per axis, under the loss curve (shown with its overlay)
        self.step_plot = StepPlotView(st)
        self.curve_split = QSplitter(Qt.Orientation.Vertical)
        self.curve_split.addWidget(self.losscurve)
        self.curve_split.addWidget(self.step_plot)
        self.curve_split.setSizes([200, 110])
        self.step_plot.setVisible("effective" in st.overlays)
        st.overlaysChanged.connect(self._show_step_plot)
        self.bottom_split.addWidget(self.curve_split)
        self.bottom_split.addWidget(self.equations)
        self.bottom_split.setSizes([360, 360, 260])
        self.view_split = QSplitter(Qt.Orientation.Vertical)
        self.view_split.addWidget(self.view3d.container())
        self.view_split.addWidget(self.bottom_split)
        self.view_split.setStretchFactor(0, 3)
        self.view_split.setStretchFactor(1, 2)
        self.summary = SummaryPanel(st)  # every run at the current step, under the views
        self.view_split.addWidget(self.summary)
        self.view_split.setSizes([560, 300, 110])
        self.sweep_button = add_sweep_button(self.optimizer_panel, st)
        center = QWidget()
        vl = QVBoxLayout(center)
        vl.setContentsMargins(0, 0, 0, 0)
        vl.setSpacing(0)
        # Divergence messages carry the reason and the stability hint: too long for the
        # status bar (where they are cut at the window's edge), so they are also shown here,
        # wrapped, above the views.
        self.divergence_banner = MessageLabel()
        self.divergence_banner.setObjectName("divergenceBanner")
        self.divergence_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.divergence_banner.hide()
        vl.addWidget(self.divergence_banner)
        vl.addWidget(self.view_split, 1)
        vl.addWidget(self.playback)
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(scroll)
        self.main_split.addWidget(center)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setSizes([scroll.minimumSizeHint().width(), 1100])
        self.setCentralWidget(self.main_split)
        # The views' cells follow the window's size until the user moves a splitter.
        self._user_split = False
        for split in (self.view_split, self.bottom_split):
            split.splitterMoved.connect(self._split_moved)
        self._fit_timer = QTimer(self)  # after the layouts have placed the splitters
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_cells)

        self._build_status()
        self._build_menus()
        self.sweep_action = self._action(
            self.view_menu, translate("MainWindow", "S&weep η…"), self._open_sweep, "Ctrl+Shift+W"
        )
        self._build_toolbar()
        self._sync_menus()
        self.setStyleSheet(load_style())
        fit_to_screen(self)  # (a geometry saved in the settings replaces it, kept on screen)

        st.resultChanged.connect(self._on_result)
        # bound methods, not lambdas: PyQt drops a connection to a method when the window
        # is destroyed, while a lambda would be called on the deleted window (a crash)
        st.stepChanged.connect(self._update_status)
        st.currentRunChanged.connect(self._update_status)
        self.compute.failed.connect(self._on_failed)
        self.compute.busyChanged.connect(self._on_busy)
        self.compute.progress.connect(self._show_progress)
        self._show_end_once = True
        if self.settings is not None and restore:
            self._restore_layout()
        if self.first_launch:
            self.open_example(FIRST_LAUNCH)  # a race where optimizers part, playing
        if not st.result_is_current():
            self.compute.request()
        else:
            # Already computed for this very scene (an export's copy of the user's window):
            # show it as it is, at the state's step, instead of computing it all again.
            self._show_end_once = False
            self._on_result(st.result)
        from gradscape.app.windows.network_window import (
            install_network_panel,  # Network → Train a network…
        )

        install_network_panel(self)
        from gradscape.app.windows.basins_window import install_basins_action  # View → Basins…

        install_basins_action(self)
        # Help stays the last menu, whatever the menus added above looked for.
        self.menuBar().removeAction(self.help_menu.menuAction())
        self.menuBar().addAction(self.help_menu.menuAction())

    # -- building -----------------------------------------------------------------------
    def _build_status(self) -> None:
        sb = self.statusBar()
        self.status_values = QLabel()
        self.status_values.setObjectName("statusValues")
        self.status_values.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The numbers always get their full width; only the divergence message (shown whole
        # in the banner above the views and in its tooltip) is shortened, with "…".
        self.status_values.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.status_message = ElidedLabel()
        self.status_message.setObjectName("statusMessage")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(140)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self._progress_delay = QTimer(self)
        self._progress_delay.setSingleShot(True)
        self._progress_delay.setInterval(150)
        self._progress_delay.timeout.connect(self._show_progress_bar)
        sb.addWidget(self.status_values)
        sb.addWidget(self.status_message, 1)
        sb.addPermanentWidget(self.progress)

    def _action(self, menu, text: str, slot, shortcut=None, checkable=False) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.setCheckable(checkable)
        act.triggered.connect(slot)
        menu.addAction(act)
        self.addAction(act)
        return act

    def _build_menus(self) -> None:
        st = self.state
        mb = self.menuBar()
        self.file_menu = mb.addMenu(translate("MainWindow", "&File"))
        self._action(
            self.file_menu,
            translate("MainWindow", "Save &screenshot…"),
            self._save_screenshot_dialog,
            QKeySequence.StandardKey.Save,
        )
        self.examples_menu = self.file_menu.addMenu(translate("MainWindow", "E&xamples"))
        for ex in EXAMPLES:
            act = self.examples_menu.addAction(translate("Examples", ex.title))
            act.setStatusTip(translate("Examples", ex.about))
            act.setToolTip(translate("Examples", ex.about))
            act.triggered.connect(lambda _=False, key=ex.key: self.open_example(key))
        self.examples_menu.setToolTipsVisible(True)
        self.file_menu.addSeparator()
        self._action(
            self.file_menu, translate("MainWindow", "&Quit"), self.close,
            QKeySequence.StandardKey.Quit,
        )  # fmt: skip

        view = mb.addMenu(translate("MainWindow", "&View"))
        self.view_menu = view
        self.reset_camera_action = self._action(
            view, translate("MainWindow", "&Reset camera"), self.view3d.reset_camera, "R"
        )
        view.addSeparator()
        group = QActionGroup(self)
        self.height_actions = {}
        for mode in HEIGHT_MODES:
            act = self._action(
                view,
                translate("HeightMode", HEIGHT_MODE_TEXT[mode]),
                lambda _=False, m=mode: setattr(st, "height_mode", m),
                checkable=True,
            )
            group.addAction(act)
            self.height_actions[mode] = act
        view.addSeparator()
        self.log_loss_action = self._action(
            view,
            translate("MainWindow", "&Log-scale loss curve"),
            lambda on: setattr(st, "log_loss", on),
            checkable=True,
        )
        cmap_menu = view.addMenu(translate("MainWindow", "&Colormap"))
        cgroup = QActionGroup(self)
        self.colormap_actions = {}
        for name in COLORMAPS:
            act = self._action(
                cmap_menu, name, lambda _=False, n=name: setattr(st, "colormap", n), checkable=True
            )
            cgroup.addAction(act)
            self.colormap_actions[name] = act
        self.overlay_actions = OverlayActions(self, view, st).actions
        self.walk_action = self._action(
            view, translate("MainWindow", "S&tep-by-step mode"), st.walk.set_on, "S",
            checkable=True,
        )  # fmt: skip
        st.walk.onChanged.connect(self._sync_walk)
        grid_menu = view.addMenu(translate("MainWindow", "Surface &detail"))
        ggroup = QActionGroup(self)
        self.grid_actions = {}
        for n in GRID_CHOICES:
            act = self._action(
                grid_menu, f"{n} × {n}", lambda _=False, k=n: setattr(st, "grid", k), checkable=True
            )
            ggroup.addAction(act)
            self.grid_actions[n] = act
        view.addSeparator()
        # Each language in its own name, so that anyone finds theirs.
        self.language_menu = view.addMenu(translate("MainWindow", "&Language"))
        lgroup = QActionGroup(self)
        self.language_actions = {}
        for code, name in LANGUAGES.items():
            act = self._action(
                self.language_menu, name, lambda _=False, c=code: self.set_language(c),
                checkable=True,
            )  # fmt: skip
            act.setChecked(code == current_language())
            lgroup.addAction(act)
            self.language_actions[code] = act

        play = mb.addMenu(translate("MainWindow", "&Playback"))
        self.playback_menu = play
        self.play_action = self._action(
            play, translate("MainWindow", "Play / pause"), self.playback.toggle, Qt.Key.Key_Space
        )
        self._action(
            play, translate("MainWindow", "Step forward"), lambda: self.playback._nudge(1),
            Qt.Key.Key_Right,
        )  # fmt: skip
        self._action(
            play, translate("MainWindow", "Step back"), lambda: self.playback._nudge(-1),
            Qt.Key.Key_Left,
        )  # fmt: skip
        self._action(
            play, translate("MainWindow", "First step"), lambda: self._jump(0), Qt.Key.Key_Home
        )
        self._action(
            play, translate("MainWindow", "Last step"), lambda: self._jump(st.steps),
            Qt.Key.Key_End,
        )  # fmt: skip
        self._action(play, translate("MainWindow", "Restart"), self.playback._restart, "Ctrl+R")

        helpm = mb.addMenu(translate("MainWindow", "&Help"))
        self.help_menu = helpm
        self.guide_action = self._action(
            helpm, translate("MainWindow", "&User guide"), self.show_guide,
            QKeySequence.StandardKey.HelpContents,
        )  # fmt: skip
        self.readme_action = self._action(
            helpm, translate("MainWindow", "&README"), lambda: self.show_readme()
        )
        helpm.addSeparator()
        self.about_action = self._action(
            helpm, translate("MainWindow", "&About gradscape"), self.show_about
        )

        for sig in (st.heightModeChanged, st.colormapChanged, st.logLossChanged, st.gridChanged):
            sig.connect(self._sync_menus)
        self._sync_menus()

    def _build_toolbar(self) -> None:
        """The view settings used most, one click away (the View menu has them all)."""
        st = self.state
        tb = QToolBar(translate("MainWindow", "View"))
        tb.setObjectName("viewToolbar")
        tb.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        for act in (self.reset_camera_action, self.log_loss_action):
            act.setIconText(button_text(act.text()))
        tb.addAction(self.reset_camera_action)
        tb.addSeparator()
        self.height_label = QLabel(" {} ".format(translate("MainWindow", "Height")))
        tb.addWidget(self.height_label)
        self.height_combo = QComboBox()
        for mode in HEIGHT_MODES:
            self.height_combo.addItem(translate("MainWindow", HEIGHT_SHORT[mode]), mode)
        self.height_combo.setToolTip(
            translate(
                "MainWindow",
                "Height of the 3D surface and colours: linear, log or "
                "clipped (for very flat or very steep surfaces)",
            )
        )
        self.height_combo.activated.connect(
            lambda i: setattr(st, "height_mode", self.height_combo.itemData(i))
        )
        tb.addWidget(self.height_combo)
        tb.addSeparator()
        tb.addAction(self.log_loss_action)

    def _sync_walk(self, on: bool) -> None:
        if self.walk_action.isChecked() != on:
            self.walk_action.setChecked(on)

    def _sync_menus(self, *_: Any) -> None:
        st = self.state
        self.height_actions[st.height_mode].setChecked(True)
        self.colormap_actions[st.colormap].setChecked(True)
        self.log_loss_action.setChecked(st.log_loss)
        if st.grid in self.grid_actions:
            self.grid_actions[st.grid].setChecked(True)
        if hasattr(self, "height_combo"):
            self.height_combo.setCurrentIndex(self.height_combo.findData(st.height_mode))

    # -- layout -------------------------------------------------------------------------
    def _split_moved(self, *_: Any) -> None:
        self._user_split = True

    def resizeEvent(self, ev: QResizeEvent | None) -> None:
        super().resizeEvent(ev)
        if self._user_split:
            return
        if self.isVisible() and self.view_split.height() > 0:
            # The layouts have placed the splitters already (Qt's layout handles a resize
            # before the window sees it): the cells get their share now, before the views
            # are painted at the new size, rather than in the next turn of the event loop,
            # which painted every view twice (a resize of a window with a long race kept the
            # GUI thread 0.2 s).
            self._fit_cells()
        else:
            self._fit_timer.start()

    def _fit_cells(self) -> None:
        """Share the views' area for the window's size: the bottom row ~40 % of the height
        (at least room for the equations), the contour map a square-ish cell (its plot about
        as wide as tall, so that the map filling it keeps shapes near their true geometry),
        the equations panel a readable width, the loss curve the rest."""
        height = self.view_split.height()
        if height <= 0 or self._user_split:
            return
        bottom = min(max(240, round(height * 0.42)), max(0, height - 200))
        self.view_split.setSizes([height - bottom, bottom])
        width = self.bottom_split.width()
        handles = 2 * self.bottom_split.handleWidth()
        # the plot's axes take ~55 px at the left and ~40 px at the bottom
        contour = min(max(180, bottom + 15), round(width * 0.45))
        equations = min(max(220, round(width * 0.3)), 340)
        curves = max(160, width - handles - contour - equations)
        self.bottom_split.setSizes([contour, curves, equations])

    # -- reacting -----------------------------------------------------------------------
    def _show_step_plot(self, shown: tuple) -> None:
        self.step_plot.setVisible("effective" in shown)

    def keyPressEvent(self, ev: QKeyEvent | None) -> None:
        """Enter in a text field of the left panel ends the edit: when the field took the
        value, the keyboard goes back to the views, so that Space, the arrows, Home and End
        drive the playback again.  While a field is being edited every key types into it
        (a space too, where the field allows one); an invalid value keeps the focus to be
        corrected.  Qt passes Enter on to the window after the field has confirmed it."""
        if ev is not None and ev.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = QApplication.focusWidget()
            if focus is not None and self.controls_scroll.isAncestorOf(focus):
                field = focus
                while field is not None and not isinstance(field, ValidatedField):
                    field = field.parentWidget()
                if isinstance(field, ValidatedField) and not field.invalid:
                    self.view3d.container().setFocus(Qt.FocusReason.OtherFocusReason)
                    ev.accept()
                    return
        super().keyPressEvent(ev)

    def _open_sweep(self) -> None:
        open_sweep_dialog(self.state, self)

    def _jump(self, step: int) -> None:
        self.state.playing = False
        self.state.step = step

    def _scrub(self, step: int) -> None:
        self.state.step = step  # the loss curve's cursor, dragged

    def _set_start(self, w: float, b: float) -> None:
        self.state.playing = False
        self.state.start = (w, b)

    def _begin_drag(self) -> None:
        self.state.playing = False
        self.compute.begin_drag()

    def _drag_start(self, w: float, b: float) -> None:
        """A drag's new position: applied at most once a frame (mouse moves come faster
        than frames; each one would validate a scene and redraw the views)."""
        self._drag_to = (w, b)
        self.compute.drag_position = (w, b)  # (a drag's job reads it: the engine's next race)
        if not self._drag_timer.isActive():
            self._drag_timer.start()

    def _apply_drag(self) -> None:
        if self._drag_to is not None:
            point, self._drag_to = self._drag_to, None
            self.state.start = point

    def _end_drag(self) -> None:
        self._drag_timer.stop()
        self._apply_drag()  # the release's position, at once
        self.compute.end_drag()

    def _on_busy(self, busy: bool) -> None:
        # Only show the bar for work that takes a while (no flicker on every keystroke).
        if busy:
            self._progress_delay.start()
        else:
            self._progress_delay.stop()
            self.progress.hide()

    def _on_failed(self, message: str) -> None:
        self.status_message.setProperty("level", "error")
        self.status_message.setText(message)
        self.status_message.setToolTip(message)
        self._repolish(self.status_message)

    def _on_result(self, result) -> None:
        if result is None:
            return
        if self._show_end_once:
            # First result: show the whole path (Space plays it from the start).
            self._show_end_once = False
            self.state.step = self.state.steps
        msgs = [m for m in result.divergence if m]
        level = "error" if msgs else ""
        if self.status_message.property("level") != level:  # (a restyle: not every race)
            self.status_message.setProperty("level", level)
            self._repolish(self.status_message)
        self.status_message.setText("  ·  ".join(msgs))
        self.status_message.setToolTip("\n".join(msgs))
        self.divergence_banner.setText("\n".join(msgs))
        self.divergence_banner.setVisible(bool(msgs))
        self._update_status()

    @staticmethod
    def _repolish(w: QWidget) -> None:
        w.style().unpolish(w)
        w.style().polish(w)

    def status_text(self) -> str:
        return self.status_values.text()

    def _show_progress_bar(self) -> None:
        self.progress.setVisible(self.compute.busy)

    def _show_progress(self, fraction: float) -> None:
        self.progress.setValue(int(fraction * 100))

    def _update_status(self, *_: Any) -> None:
        st, res = self.state, self.state.result
        step = translate("MainWindow", "step {step} / {steps}").format(
            step=st.step, steps=st.steps
        )
        if res is None or st.current_run >= len(res.trajectories):
            self.status_values.setText(step)
            return
        traj = res.trajectories[st.current_run]
        at = traj.at(st.step)
        k = at["step"]
        loss = translate("MainWindow", "loss {loss}").format(loss=fmt(float(at["loss"]), 5))
        text = f"{step}   {loss}"
        if at["grad"] is not None:
            g, mv = at["grad"], at["move"]
            # The engine's convention: the gradient and the move of the step that led here.
            text += (
                f"   g = ({fmt(float(g[0]))}, {fmt(float(g[1]))})"
                f"   Δ = ({fmt(float(mv[0]))}, {fmt(float(mv[1]))})"
            )
        if traj.diverged_at is not None and st.step > k:
            stopped = translate("MainWindow", "{run} stopped at step {k}")
            text += f"   [{stopped.format(run=traj.label, k=k)}]"
        self.status_values.setText(text)

    # -- dialogs ------------------------------------------------------------------------
    def open_example(self, key: str, play: bool = True) -> None:
        """File → Examples: show example ``key`` from its first step (playing by default)."""
        ex = example(key)
        st = self.state
        self._show_end_once = False  # (the first result would jump to the end)
        with st.batch():
            st.scene = ex.build()
            st.step = 0
            st.playing = play
        self.statusBar().showMessage(translate("Examples", ex.about), 10000)

    def _save_screenshot_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            translate("MainWindow", "Save screenshot"),
            "gradscape.png",
            translate("MainWindow", "PNG images (*.png)"),
        )
        if path:
            self.save_screenshot(path)

    def save_screenshot(self, path: str) -> bool:
        """Write the window as a PNG, atomically, with the scene embedded (File → Open
        scene reads it back); a message box says why when it cannot."""
        from gradscape.app.export.capture import grab, image_to_array
        from gradscape.app.export.writers import ExportError, export_frame

        frame = image_to_array(grab(self))
        try:
            export_frame(frame, path, scene=self.state.scene.to_json())
        except (ExportError, ValueError) as exc:
            # Window-modal and opened, not exec'd: the caller (and a test) goes on.
            box = QMessageBox(
                QMessageBox.Icon.Warning, translate("MainWindow", "Screenshot"), core_message(exc),
                parent=self,
            )  # fmt: skip
            box.setWindowModality(Qt.WindowModality.WindowModal)
            box.open()
            self.screenshot_error = box
            return False
        return True

    def show_about(self) -> Any:
        """Help → About: the version, the licence, links to the README's sections."""
        from gradscape.app.windows.help_window import AboutDialog

        self.about_dialog = AboutDialog(self, open_section=self.show_readme)
        self.about_dialog.open()
        return self.about_dialog

    def show_guide(self) -> Any:
        """Help → User guide: the views, the mouse and the keys, in the interface's language."""
        from gradscape.app.windows.help_window import HelpWindow, guide_html

        win = getattr(self, "guide_window", None)
        if win is None:
            win = self.guide_window = HelpWindow.guide(self)
        else:
            win.browser.setHtml(guide_html(self))
        win.show()
        win.raise_()
        return win

    def show_readme(self, section: str = "") -> Any:
        """Help → README (the package's long description), at ``section`` when given."""
        from gradscape.app.windows.help_window import HelpWindow

        win = getattr(self, "readme_window", None)
        if win is None:
            win = self.readme_window = HelpWindow.readme(self)
        win.show()
        win.raise_()
        if section:
            win.jump_to(section)
        return win

    # -- language -----------------------------------------------------------------------
    def set_language(self, language: str) -> MainWindow:
        """View → Language: make ``language`` the interface's, remember it (unless the window
        keeps no settings) and make the window again in it, with the same scene, views and
        layout; returns the window now shown (this one when nothing changes)."""
        app = QApplication.instance()
        if language not in LANGUAGES or app is None:
            return self
        if self.settings is not None:
            save_language(self.settings, language)
        if language == current_language():
            self.language_actions[language].setChecked(True)
            return self
        install_language(app, language)
        return self.remake()

    def remake(self) -> MainWindow:
        """A new window of this one (made in the language installed now): the same scene,
        view settings, step, camera, splitters and geometry; this one closes."""
        st = self.state
        st.playing = False
        twin = st.copy()
        new = type(self)(twin, persist=self.persist, synchronous=self.synchronous, restore=False)
        twin.setParent(new)
        new.state.step = st.step
        new.state.walk.set_on(st.walk.on)  # the step-by-step mode stays on
        new.restoreGeometry(self.saveGeometry())
        for name in ("main_split", "view_split", "bottom_split", "curve_split"):
            getattr(new, name).restoreState(getattr(self, name).saveState())
        new.view3d.set_camera(self.view3d.camera())
        old_export = getattr(self, "export_controller", None)
        if old_export is not None and not hasattr(new, "export_controller"):
            from gradscape.app.export.controller import install_export_menu

            ctl = install_export_menu(new, window_factory=old_export.window_factory)
            ctl.last = dict(old_export.last)  # the dialogs' last settings
        self._hand_over_network(new)
        if self.isVisible():
            new.show()
        self.replaced.emit(new)
        thaw_memory()  # (this window's cycles are collected once it is gone ...)
        self.close()
        self.deleteLater()
        QTimer.singleShot(3000, settle_memory)  # (... and the new one's settled)
        return new

    def _hand_over_network(self, new: MainWindow) -> None:
        """An open Network window is made again beside the new window, with the same choices
        (a training in progress stops, as when the window closes)."""
        net = getattr(self, "network_window", None)
        if net is None:
            return
        from gradscape.app.windows.network_window import open_network_window

        shown, geometry = net.isVisible(), net.geometry()
        choices = net.panel.state.copy()
        net.close()
        self.network_window = None
        if shown:
            made = open_network_window(new, state=choices)
            choices.setParent(made)
            made.setGeometry(geometry)

    # -- persistence --------------------------------------------------------------------
    def _restore_layout(self) -> None:
        s = self.settings
        geo = s.value("window/geometry", QByteArray(), type=QByteArray)
        if not geo.isEmpty():
            self.restoreGeometry(geo)
            keep_on_screen(self)
        for name in ("main_split", "view_split", "bottom_split"):
            data = s.value(f"window/{name}", QByteArray(), type=QByteArray)
            if not data.isEmpty():
                getattr(self, name).restoreState(data)
                self._user_split = True  # the user's own sizes, from the last session
        cam = s.value("view/camera", "", type=str)
        if cam:
            try:
                self.view3d.set_camera({k: float(v) for k, v in json.loads(cam).items()})
            except (ValueError, TypeError, KeyError, AttributeError):
                self.view3d.reset_camera()

    def save_settings(self) -> None:
        if self.settings is None:
            return
        s = self.settings
        save_state(s, self.state)
        s.setValue("window/geometry", self.saveGeometry())
        for name in ("main_split", "view_split", "bottom_split"):
            s.setValue(f"window/{name}", getattr(self, name).saveState())
        s.setValue("view/camera", json.dumps(self.view3d.camera()))
        s.sync()

    def closeEvent(self, ev: QCloseEvent) -> None:
        self.state.playing = False
        self.save_settings()
        self._progress_delay.stop()
        self.compute.shutdown()
        super().closeEvent(ev)
