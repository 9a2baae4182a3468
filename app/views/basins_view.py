"""One basin map drawn: :class:`BasinsView`.

The starts' colours (:func:`app.model.basins_colors.label_rgb`, the same as the
``gradscape basins`` pictures) as an image over the surface's domain, b upwards, the
minima as white discs, the run's name as the title and a legend of the basins' shares
under the plot (in the interface's language).  It draws what it is handed and computes
nothing.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import QRectF, Qt
from PyQt6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gradscape.app.model.basins_colors import label_rgb, legend_entries
from gradscape.app.runtime import translate
from gradscape.app.views.axes import axis_items


class BasinsView(QWidget):
    """A basin map with its minima and legend; :meth:`set_map` shows one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(background="w", enableMenu=False, axisItems=axis_items())
        self.plot.setMenuEnabled(False)
        self.plot.setAspectLocked(False)
        self.plot.hideButtons()
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setTextPen(pg.mkPen("k"))
            self.plot.getAxis(axis).setPen(pg.mkPen("k"))
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.markers = pg.ScatterPlotItem(
            size=11, brush=pg.mkBrush("w"), pen=pg.mkPen("k", width=1.5), symbol="o"
        )
        self.markers.setZValue(10)
        self.plot.addItem(self.markers)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.plot, 1)
        lay.addWidget(self.legend)
        self.basins: Any = None

    def set_map(self, basins: Any, title: str, color: str = "#000000") -> None:
        """Draw ``basins`` (:class:`core.basins.Basins`) titled ``title``."""
        self.basins = basins
        w, b = basins.w, basins.b
        rgb = label_rgb(basins.label, len(basins.minima))
        self.image.setImage(np.ascontiguousarray(rgb), levels=(0, 255))
        dw = (w[-1] - w[0]) / max(len(w) - 1, 1)
        db = (b[-1] - b[0]) / max(len(b) - 1, 1)
        # each start's cell centred on it
        self.image.setRect(
            QRectF(w[0] - dw / 2, b[0] - db / 2, w[-1] - w[0] + dw, b[-1] - b[0] + db)
        )
        inside = (
            (basins.minima[:, 0] >= w[0])
            & (basins.minima[:, 0] <= w[-1])
            & (basins.minima[:, 1] >= b[0])
            & (basins.minima[:, 1] <= b[-1])
        )
        pts = basins.minima[inside]
        self.markers.setData(pos=pts if len(pts) else np.empty((0, 2)))
        self.plot.setTitle(html.escape(title), color=color, size="10pt")
        self.plot.setXRange(w[0] - dw / 2, w[-1] + dw / 2, padding=0)
        self.plot.setYRange(b[0] - db / 2, b[-1] + db / 2, padding=0)
        # one entry never wraps inside itself; the line breaks between entries
        entries = [
            f'<span style="color: rgb{c}">■</span>&nbsp;' + html.escape(text).replace(" ", "&nbsp;")
            for c, text in legend_entries(basins, most=6, translator=translate)
        ]
        self.legend.setText(" &nbsp; ".join(entries))

    def clear_map(self, message: str) -> None:
        """No map: an empty plot titled ``message``."""
        self.basins = None
        self.image.clear()
        self.markers.setData(pos=np.empty((0, 2)))
        self.plot.setTitle(html.escape(message), color="#555555", size="10pt")
        self.legend.setText("")
