"""View → "Basins of attraction…": the basin map of every optimizer of the race, side by side.

:class:`BasinsWindow` reads the main window's state when asked (the surface with its
domain, the race's optimizers and hyperparameters, the seed), hands the work to a
:class:`app.model.basins_job.BasinsController` (off the GUI thread, progress and cancel)
and draws each map in a :class:`app.views.basins_view.BasinsView`.  Grid and steps are
set in the window; "Compute" starts again from the main window's current race.
"""

from __future__ import annotations

import weakref
from typing import Any

from PyQt6.QtCore import Qt, QTimer
from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gradscape.app.model.basins_job import (
    DEFAULT_GRID,
    DEFAULT_STEPS,
    BasinRequest,
    BasinsController,
)
from gradscape.app.runtime import translate
from gradscape.app.views.basins_view import BasinsView

#: Maps per row of the window.
COLUMNS = 4


class BasinsWindow(QWidget):
    """The basin maps of ``state``'s race (an :class:`app.model.state.AppState`)."""

    def __init__(self, state: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(translate("BasinsWindow", "Basins of attraction — gradscape"))
        self.state = state
        self.controller = BasinsController(self)
        self.grid_box = QSpinBox()
        self.grid_box.setRange(10, 400)
        self.grid_box.setValue(DEFAULT_GRID)
        self.grid_box.setPrefix(translate("BasinsWindow", "grid "))
        self.grid_box.setToolTip(
            translate("BasinsWindow", "start points per axis, over the surface's domain")
        )
        self.steps_box = QSpinBox()
        self.steps_box.setRange(1, 100_000)
        self.steps_box.setValue(DEFAULT_STEPS)
        self.steps_box.setSuffix(translate("BasinsWindow", " steps"))
        self.compute_button = QPushButton(translate("BasinsWindow", "Compute"))
        self.compute_button.setToolTip(
            translate("BasinsWindow", "the maps of the main window's current race")
        )
        self.cancel_button = QPushButton(translate("BasinsWindow", "Cancel"))
        self.cancel_button.setEnabled(False)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumWidth(180)
        self.status = QLabel()
        top = QHBoxLayout()
        for w in (self.grid_box, self.steps_box, self.compute_button, self.cancel_button):
            top.addWidget(w)
        top.addWidget(self.progress_bar)
        top.addWidget(self.status, 1)
        self.maps_box = QGridLayout()
        self.maps_box.setSpacing(4)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(self.maps_box, 1)
        note = QLabel(
            translate(
                "BasinsWindow",
                "Each start point of the grid is coloured by the minimum the optimizer reaches "
                "from it (white discs); grey: not settled at a minimum; black: diverged.",
            )
        )
        note.setWordWrap(True)
        lay.addWidget(note)
        self.views: list[BasinsView] = []
        #: the maps' requests and, once computed, the maps (a view made later shows its own)
        self._requests: list[BasinRequest] = []
        self._maps: list | None = None

        self.compute_button.clicked.connect(self.compute)
        self.cancel_button.clicked.connect(self.controller.cancel)
        self.controller.started.connect(self._started)
        self.controller.progress.connect(lambda f: self.progress_bar.setValue(round(1000 * f)))
        self.controller.ready.connect(self._ready)
        self.controller.failed.connect(self._failed)
        self.controller.cancelled.connect(self._cancelled)
        self.resize(1200, 560)

    def requests(self) -> list[BasinRequest]:
        """One map per optimizer of the race, as the main window shows them."""
        return [BasinRequest(r.optimizer, r.hyper_dict, r.label, r.color) for r in self.state.runs]

    def compute(self) -> None:
        """Compute the maps of the current race."""
        reqs = self.requests()
        self._requests, self._maps = reqs, None
        self._layout_views(len(reqs))
        for i, v in enumerate(self.views):
            self._show(i, v)
        self.controller.compute(
            self.state.surface_object(),
            reqs,
            grid=self.grid_box.value(),
            steps=self.steps_box.value(),
            seed=self.state.seed,
        )

    def _layout_views(self, n: int) -> None:
        """``n`` map views: the first one now, the others one per turn of the event loop
        (:meth:`_grow`; a view is a plot, and a race's eight made together held the GUI
        thread a quarter of a second)."""
        while len(self.views) > n:
            v = self.views.pop()
            self.maps_box.removeWidget(v)
            v.deleteLater()
        cols = max(1, min(COLUMNS, n))
        for i, v in enumerate(self.views):
            self.maps_box.addWidget(v, i // cols, i % cols)
        if not self.views and n:
            self._add_view()
        if len(self.views) < n:
            QTimer.singleShot(1, self._grow)

    def _add_view(self) -> None:
        i = len(self.views)
        v = BasinsView()
        self.views.append(v)
        cols = max(1, min(COLUMNS, len(self._requests)))
        self.maps_box.addWidget(v, i // cols, i % cols)
        self._show(i, v)

    def _grow(self, at_once: bool = False) -> None:
        """Make the next view still missing (all of them when ``at_once``)."""
        while len(self.views) < len(self._requests):
            self._add_view()
            if not at_once:
                QTimer.singleShot(1, self._grow)
                return

    def _show(self, i: int, v: BasinsView) -> None:
        """View ``i`` shows its map if computed, else says it is being computed."""
        if self._maps is not None and i < len(self._maps):
            m = self._maps[i]
            v.set_map(m.basins, m.label, m.color)
        elif i < len(self._requests):
            v.clear_map(
                translate("BasinsWindow", "{run}: computing…").format(run=self._requests[i].label)
            )

    def _started(self) -> None:
        self.compute_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        surface = self.state.surface_object()
        n = self.grid_box.value()
        self.status.setText(
            translate("BasinsWindow", "{surface}: {n}×{n} starts × {steps} steps per map…").format(
                surface=translate("core", surface.display_name), n=n, steps=self.steps_box.value()
            )
        )

    def _ready(self, maps: list) -> None:
        self._maps = maps
        self._grow(at_once=True)  # (maps faster than the views: the rest now)
        for i, v in enumerate(self.views):
            self._show(i, v)
        if maps and all(not len(m.basins.minima) for m in maps):
            # the neuron's minima form a valley, the saddle has none: say why all is grey
            if len(maps) == 1:
                text = translate(
                    "BasinsWindow",
                    "1 map done — this surface has no isolated minimum to label; try "
                    "Himmelblau, Rastrigin or the six-hump camel",
                )
            else:
                text = translate(
                    "BasinsWindow",
                    "{count} maps done — this surface has no isolated minimum to label; try "
                    "Himmelblau, Rastrigin or the six-hump camel",
                )
        elif len(maps) == 1:
            text = translate("BasinsWindow", "1 map done")
        else:
            text = translate("BasinsWindow", "{count} maps done")
        self._stopped(text.format(count=len(maps)))

    def _failed(self, message: str) -> None:
        self._stopped(translate("BasinsWindow", "Failed: {reason}").format(reason=message))

    def _cancelled(self) -> None:
        self._stopped(translate("BasinsWindow", "Cancelled"))

    def _stopped(self, text: str) -> None:
        self.compute_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress_bar.hide()
        self.status.setText(text)

    def closeEvent(self, event: Any) -> None:  # (Qt's name)
        self.controller.shutdown()
        super().closeEvent(event)


def open_basins_window(window: QMainWindow) -> BasinsWindow:
    """Show (or raise) ``window``'s basins window and compute its race's maps."""
    win = getattr(window, "basins_window", None)
    if win is None:
        win = BasinsWindow(window.state, window)
        window.basins_window = win
    win.show()
    win.raise_()
    if not win.controller.busy:
        win.compute()
    return win


def install_basins_action(window: QMainWindow) -> QAction:
    """Add View → "Basins of attraction…" to ``window`` (a main window with ``view_menu``)."""
    window.basins_window = None
    act = QAction(translate("BasinsWindow", "&Basins of attraction…"), window)
    act.setToolTip(
        translate(
            "BasinsWindow",
            "Colour every start point by the minimum each optimizer of the race reaches",
        )
    )
    # a weak reference: a closure over the window would make a cycle (window → action →
    # slot → window) that only the garbage collector frees, after the application at exit
    ref = weakref.ref(window)
    act.triggered.connect(lambda: (w := ref()) is not None and open_basins_window(w))
    window.view_menu.addSeparator()
    window.view_menu.addAction(act)
    window.basins_action = act
    return act
