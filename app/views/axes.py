"""The plots' axes: pyqtgraph's, drawn at a fraction of the cost on the software renderer.

A grid is an axis whose tick lines span the plot, in the axis pen's colour made
translucent.  Qt's raster engine draws a translucent one-pixel line pixel by pixel
(~0.15 ms for a 700-pixel line; an opaque one, or a filled rectangle, is one span: ~3 µs),
so a plot's two grid axes took 7–10 ms to draw: at every change of range or size, when
several views are repainted in one turn of the event loop.  :class:`Axis` fills every
axis-aligned one-pixel line as a rectangle of the same pixels instead (tested pixel for
pixel against pyqtgraph's axis), and draws straight into the painter what pyqtgraph would
record as a picture and replay: the views keep their axes as pixmaps (:func:`cache_axes`),
which already spares the redraw between two changes.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PyQt6.QtCore import QPointF, QRect, Qt
from PyQt6.QtGui import QColor, QPainter, QPen, QPicture, QTransform
from PyQt6.QtWidgets import QGraphicsItem

AXIS_PEN = "#8a8f98"
TEXT_PEN = "#2b2f36"
GRID_ALPHA = 0.18


class Axis(pg.AxisItem):
    """pyqtgraph's axis, its axis-aligned one-pixel lines filled as rectangles."""

    def __init__(self, *args, **kwargs) -> None:
        #: what to draw (axis line, ticks, labels), made when pyqtgraph would make its picture
        self._specs: tuple | None = None
        super().__init__(*args, **kwargs)
        # The label space only grows.  pyqtgraph's default also shrinks it when the labels
        # narrow, and under a locked aspect that loops: a narrower axis widens the view,
        # which widens its range, whose labels are wider, which widens the axis… — a small
        # decision-region panel repainted forever at some sizes (the GUI monkey found it).
        self.setStyle(autoReduceTextSpace=False)

    def paint(self, p: QPainter, *args) -> None:
        # The specs are made exactly when pyqtgraph makes its picture (it clears
        # ``picture`` at every change of range, size or style), measured on a picture's
        # painter as pyqtgraph measures them: measured on whatever painter a paint gets (a
        # cache's pixmap, the view), the labels' widths could differ from one paint to the
        # next, resize the axis, and resize it back, forever.
        if self.picture is None:
            picture = QPicture()
            painter = QPainter(picture)
            try:
                if self.style["tickFont"]:
                    painter.setFont(self.style["tickFont"])
                self._specs = self.generateDrawSpecs(painter)
            finally:
                painter.end()
            self.picture = picture  # (empty: it only marks the specs as current)
        if self._specs is not None:
            p.save()
            try:
                self.drawPicture(p, *self._specs)
            finally:
                p.restore()

    def drawPicture(self, p: QPainter, axisSpec, tickSpecs, textSpecs) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        lines = [axisSpec, *tickSpecs]
        rest = fill_lines(p, lines)
        for pen, p1, p2 in rest:
            p.setPen(pen)
            p.drawLine(p1, p2)
        if self.style["tickFont"] is not None:
            p.setFont(self.style["tickFont"])
        p.setPen(self.textPen())
        # (within the scene's own clip: the part of the view being repainted)
        p.setClipRect(self.boundingRect().toAlignedRect(), Qt.ClipOperation.IntersectClip)
        for rect, flags, text in textSpecs:
            p.drawText(rect, int(flags), text)


def _pixel(v: float) -> int:
    """The pixel row (column) an aliased one-pixel line at device coordinate ``v`` covers
    (tested against Qt's raster engine pixel for pixel, fractional positions included)."""
    return math.floor(v)


def fill_lines(p: QPainter, lines: list) -> list:
    """Fill the (pen, p1, p2) lines that are one aliased pixel wide, solid and horizontal or
    vertical on the device, as rectangles of exactly the pixels ``drawLine`` would cover;
    return the others, for the caller to draw."""
    t = p.transform()
    if t.type().value > QTransform.TransformationType.TxScale.value or p.testRenderHint(
        QPainter.RenderHint.Antialiasing
    ):
        return lines
    # runs of rectangles of one colour, each drawn with one call, in the lines' order (a
    # plot's ticks come level by level, each level in one pen); a pen is judged once
    groups: list[tuple[QColor, list[QRect]]] = []
    judged: dict[int, bool] = {}
    rest = []
    for pen, p1, p2 in lines:
        thin = judged.get(id(pen))
        if thin is None:
            thin = judged[id(pen)] = _thin(pen)
        if not thin:
            rest.append((pen, p1, p2))
            continue
        a: QPointF = t.map(QPointF(p1))
        b: QPointF = t.map(QPointF(p2))
        if not all(map(math.isfinite, (a.x(), a.y(), b.x(), b.y()))):
            rest.append((pen, p1, p2))  # (a degenerate range's tick: drawLine draws nothing)
            continue
        ax, ay, bx, by = _pixel(a.x()), _pixel(a.y()), _pixel(b.x()), _pixel(b.y())
        if abs(a.x() - b.x()) + abs(a.y() - b.y()) < 1.0:
            rest.append((pen, p1, p2))  # (within a pixel: Qt's own rules say whether it shows)
            continue
        if ay == by and a.y() == b.y():
            x0, x1 = min(ax, bx), max(ax, bx)
            rect = QRect(x0, ay, x1 - x0 + 1, 1)
        elif ax == bx and a.x() == b.x():
            y0, y1 = min(ay, by), max(ay, by)
            rect = QRect(ax, y0, 1, y1 - y0 + 1)
        else:
            rest.append((pen, p1, p2))
            continue
        color = pen.color()
        if groups and groups[-1][0] == color:
            groups[-1][1].append(rect)
        else:
            groups.append((color, [rect]))
    if groups:
        p.save()
        p.resetTransform()
        p.setPen(Qt.PenStyle.NoPen)
        for color, rects in groups:
            p.setBrush(color)
            p.drawRects(rects)  # (each filled as fillRect fills it: the pixel tests)
        p.restore()
    return rest


def _thin(pen: QPen) -> bool:
    """One device pixel wide, solid, one colour."""
    return (
        pen.style() == Qt.PenStyle.SolidLine
        and pen.brush().style() == Qt.BrushStyle.SolidPattern
        and (pen.widthF() == 0.0 or (pen.isCosmetic() and pen.widthF() <= 1.0))
    )


def axis_items(*names: str) -> dict[str, Axis]:
    """Fresh :class:`Axis` items for a plot's ``axisItems`` (default: left and bottom)."""
    return {name: Axis(name) for name in (names or ("left", "bottom"))}


def style_axes(plot: pg.PlotItem, grid: bool = True) -> None:
    """The app's look: grey axes, dark tick labels, a light grid, axes kept as pixmaps."""
    for name in ("left", "bottom"):
        ax = plot.getAxis(name)
        ax.setPen(pg.mkPen(AXIS_PEN))
        ax.setTextPen(pg.mkPen(TEXT_PEN))
    if grid:
        plot.showGrid(x=True, y=True, alpha=GRID_ALPHA)
    cache_axes(plot)


def cache_axes(plot: pg.PlotItem) -> None:
    """Keep ``plot``'s axes (ticks, labels, grid) as pixmaps: they change only with the
    range or the size, while a playback or drag frame repaints the view many times a
    second (an axis' tick labels cost ~2 ms a paint on the software renderer; a pixmap
    ~0.05 ms).  pyqtgraph's axis calls ``update()`` when its range changes, which
    refreshes the pixmap."""
    for name in ("left", "bottom", "right", "top"):
        if name in plot.axes:
            plot.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
