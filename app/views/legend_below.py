"""A plot's legend in a cell of its own under the plot, never over what it explains.

pyqtgraph's ``PlotItem.addLegend`` floats the legend inside the view box, over the curves:
whichever corner it takes, some run's curve can pass under it.  :class:`LegendBelow` sits in
the plot item's layout below the bottom axis instead, its entries in as many columns as the
plot's width holds (:meth:`LegendBelow.fit_width`), so the curves keep the whole view box.
"""

from __future__ import annotations

import pyqtgraph as pg
from PyQt6.QtCore import Qt

#: The plot item's layout row under the bottom axis (pyqtgraph: 0 title, 1 top axis, 2 view
#: box, 3 bottom axis); the legend spans the three columns (left axis, view box, right axis).
ROW, COLUMNS = 4, 3
#: Horizontal room an entry takes besides its text: the line sample and the gaps.
SAMPLE_WIDTH = 20
ENTRY_GAP = 12


class LegendBelow(pg.LegendItem):
    """A :class:`pyqtgraph.LegendItem` laid out under ``plot``'s bottom axis."""

    def __init__(self, plot: pg.PlotItem, label_size: str = "8pt") -> None:
        super().__init__(offset=None, labelTextSize=label_size)
        self.plot = plot
        self.columnCount = 1
        self.layout.setHorizontalSpacing(ENTRY_GAP // 2)
        self.layout.setVerticalSpacing(0)
        plot.layout.addItem(self, ROW, 0, 1, COLUMNS)

    # pyqtgraph sizes a floating legend by setting its geometry; laid out, the plot's
    # layout places it and the entries' layout gives its size hint.
    def updateSize(self) -> None:
        self.layout.invalidate()
        self.updateGeometry()

    def _addItemToLayout(self, sample, label) -> None:
        row, col = divmod(len(self.items) - 1, self.columnCount)
        self.layout.addItem(sample, row, 2 * col, alignment=Qt.AlignmentFlag.AlignVCenter)
        self.layout.addItem(label, row, 2 * col + 1)

    def entry_width(self) -> float:
        """The widest entry's width (sample, text and gap)."""
        # the text itself: a laid-out label item is as wide as its column, not its text
        widths = [label.item.boundingRect().width() for _, label in self.items]
        return SAMPLE_WIDTH + max(widths, default=0.0) + ENTRY_GAP

    def fit_width(self, width: float, again: bool = False) -> None:
        """Lay the entries out in as many columns as ``width`` pixels hold (one at least);
        ``again`` after entries were added or removed."""
        n = len(self.items)
        columns = max(1, min(n, int(width // max(1.0, self.entry_width()))))
        if columns == self.columnCount and not again:
            return
        self.columnCount = columns
        for i in range(self.layout.count() - 1, -1, -1):
            self.layout.removeAt(i)
        for k, (sample, label) in enumerate(self.items):
            row, col = divmod(k, columns)
            self.layout.addItem(sample, row, 2 * col, alignment=Qt.AlignmentFlag.AlignVCenter)
            self.layout.addItem(label, row, 2 * col + 1)
        self.updateSize()
