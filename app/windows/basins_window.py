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

from PyQt6.QtCore import Qt
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
        self._layout_views(len(reqs))
        for v, r in zip(self.views, reqs, strict=True):
            v.clear_map(translate("BasinsWindow", "{run}: computing…").format(run=r.label))
        self.controller.compute(
            self.state.surface_object(),
            reqs,
            grid=self.grid_box.value(),
            steps=self.steps_box.value(),
            seed=self.state.seed,
        )

    def _layout_views(self, n: int) -> None:
        while len(self.views) > n:
            v = self.views.pop()
            self.maps_box.removeWidget(v)
            v.deleteLater()
        while len(self.views) < n:
            self.views.append(BasinsView())
        cols = min(COLUMNS, n)
        for i, v in enumerate(self.views):
            self.maps_box.addWidget(v, i // cols, i % cols)

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
        for v, m in zip(self.views, maps, strict=True):
            v.set_map(m.basins, m.label, m.color)
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
