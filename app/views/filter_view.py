"""The learned filters of the network window's CNN, as images.

:class:`FilterView` shows the first convolution's filters side by side in a grid, each
scaled on its own to the grey levels from black (its smallest weight) to white (its
largest) — :func:`app.model.training_run.filter_images` — and follows training live: the
worker computes the grid (:func:`~app.model.training_run.filter_mosaic`, an RGBA array)
with every snapshot, and this view only hands it to its image item.  It follows a
:class:`~app.model.training_job.TrainingController` and never writes the state.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PyQt6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gradscape.app.model.training_job import TrainingController
from gradscape.app.model.training_run import ViewData
from gradscape.app.runtime import translate

#: Behind the filters (and in the gaps between them): neither black nor white.
BACKGROUND = "#d5dce6"


class FilterView(QWidget):
    """A grid of the CNN's learned filters (row-major, ⌈√M⌉ per row), newest snapshot."""

    def __init__(self, training: TrainingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.training = training
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.title = QLabel(translate("FilterView", "Learned filters: shown when a CNN trains"))
        self.title.setObjectName("hint")
        self.title.setToolTip(
            translate(
                "FilterView",
                "each filter of the first convolution as an image, scaled on its own from black "
                "(its smallest weight) to white (its largest)",
            )
        )
        lay.addWidget(self.title)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(BACKGROUND)
        self.graphics.setMinimumSize(160, 120)
        lay.addWidget(self.graphics, 1)
        self.box = self.graphics.addViewBox()
        self.box.setAspectLocked(True)
        self.box.invertY(True)  # the first filter top left, as the images are read
        self.box.setMouseEnabled(False, False)
        self.box.setMenuEnabled(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.box.addItem(self.image)
        #: the filter images last drawn, (M, fh, fw) in [0, 1] (None before any)
        self.filters: np.ndarray | None = None
        training.started.connect(self.clear)
        training.previewChanged.connect(self._on_preview)
        training.viewChanged.connect(self._on_view)

    def clear(self) -> None:
        """Nothing drawn (a new training starts)."""
        self.filters = None
        self.image.clear()
        self.title.setText(translate("FilterView", "Learned filters: shown when a CNN trains"))

    def _on_preview(self, _data: object) -> None:
        self.clear()  # other data: the last network's filters do not apply

    def _on_view(self, run: int, view: ViewData) -> None:
        label = self.training.labels[run] if run < len(self.training.labels) else ""
        self.show_view(view, label)

    def show_view(self, view: ViewData, label: str = "") -> None:
        """Draw the snapshot's filters (a snapshot without any changes nothing)."""
        if view.mosaic is None or view.filters is None:
            return
        first = self.filters is None
        self.filters = view.filters
        self.image.setImage(view.mosaic, autoLevels=False)
        if first:
            self.box.autoRange(padding=0.02)
        m, fh, fw = view.filters.shape
        if label:
            text = translate(
                "FilterView",
                "Learned filters — {run}: {count} @ {h}×{w}, each from black (its lowest "
                "weight) to white (its highest)",
            )
        else:
            text = translate(
                "FilterView",
                "Learned filters: {count} @ {h}×{w}, each from black (its lowest weight) to "
                "white (its highest)",
            )
        self.title.setText(text.format(run=label, count=m, h=fh, w=fw))
