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
from bisect import bisect_left

import pyqtgraph as pg
from PyQt6.QtCore import QRect, Qt
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
        #: the label's HTML as last set, and its document's revision then
        self._label_set: tuple[str, int] | None = None
        super().__init__(*args, **kwargs)
        # The label space only grows.  pyqtgraph's default also shrinks it when the labels
        # narrow, and under a locked aspect that loops: a narrower axis widens the view,
        # which widens its range, whose labels are wider, which widens the axis… — a small
        # decision-region panel repainted forever at some sizes (the GUI monkey found it).
        self.setStyle(autoReduceTextSpace=False)

    def _updateLabel(self) -> None:
        # pyqtgraph sets the label's HTML again at every change of range (for an SI
        # prefix), and Qt parses and lays it out again: most of a range change's cost.
        html = self.labelString()
        doc = self.label.document()
        if self._label_set != (html, doc.revision()):
            self.label.setHtml(html)
            self._label_set = (html, doc.revision())
        self._adjustSize()
        self.picture = None
        self.update()

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list:
        """pyqtgraph's tick spacings, none for a range its arithmetic cannot divide: one
        narrower than ~1e-320, whose spacing (a power of ten) underflows to 0 (its tick
        values then divide by it: a ZeroDivisionError at every paint, which the GUI
        monkey's seed 37 met after a field was given 1e-320), or one whose width
        overflows."""
        try:
            levels = super().tickSpacing(minVal, maxVal, size)
        except (ZeroDivisionError, OverflowError, ValueError):
            return []
        return [(s, o) for s, o in levels if math.isfinite(s) and s > 0 and math.isfinite(o)]

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        """pyqtgraph's tick values — each level's multiples of its spacing in the range,
        less those within a hundredth of a spacing of a higher level's — in plain floats
        (the same arithmetic as pyqtgraph's arrays, without numpy's cost per call on a
        handful of ticks: tested equal).  Log axes are pyqtgraph's."""
        if self.logMode:
            return super().tickValues(minVal, maxVal, size)
        lo, hi = sorted((minVal, maxVal))
        scale = self.scale
        lo *= scale
        hi *= scale
        seen: list[float] = []  # the higher levels' values, sorted
        ticks = []
        for spacing, offset in self.tickSpacing(lo, hi, size):
            start = math.ceil((lo - offset) / spacing) * spacing + offset
            num = int((hi - start) / spacing) + 1
            atol = spacing / scale * 0.01
            values = []
            for k in range(num):
                v = (k * spacing + start) / scale
                i = bisect_left(seen, v)
                if (i < len(seen) and abs(seen[i] - v) <= atol) or (
                    i > 0 and abs(seen[i - 1] - v) <= atol
                ):
                    continue
                values.append(v)
            seen = sorted(seen + values)
            ticks.append((spacing / scale, values))
        return ticks

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


def fill_lines(p: QPainter, lines: list) -> list:
    """Fill the (pen, p1, p2) lines that are one aliased pixel wide, solid and horizontal or
    vertical on the device, as rectangles of exactly the pixels ``drawLine`` would cover;
    return the others, for the caller to draw."""
    t = p.transform()
    if t.type().value > QTransform.TransformationType.TxScale.value or p.testRenderHint(
        QPainter.RenderHint.Antialiasing
    ):
        return lines
    # A translation and a scale map x to m11·x + dx and y to m22·y + dy: the arithmetic
    # QTransform.map does for them, here on plain floats (mapping each point through Qt
    # was most of an axis' paint: a grid axis has 40–60 lines).
    sx, sy, dx, dy = t.m11(), t.m22(), t.dx(), t.dy()
    isfinite, floor = math.isfinite, math.floor
    # runs of rectangles of one colour, each drawn with one call, in the lines' order (a
    # plot's ticks come level by level, each level in one pen); a pen is judged once
    groups: list[tuple[QColor, list[QRect]]] = []
    judged: dict[int, QColor | None] = {}
    rest = []
    run_color: QColor | None = None
    run: list[QRect] = []
    for line in lines:
        pen, p1, p2 = line
        key = id(pen)
        if key in judged:
            color = judged[key]
        else:
            color = judged[key] = pen.color() if _thin(pen) else None
        if color is None:
            rest.append(line)
            continue
        ax, ay = sx * p1.x() + dx, sy * p1.y() + dy
        bx, by = sx * p2.x() + dx, sy * p2.y() + dy
        if not (isfinite(ax) and isfinite(ay) and isfinite(bx) and isfinite(by)):
            rest.append(line)  # (a degenerate range's tick: drawLine draws nothing)
            continue
        if abs(ax - bx) + abs(ay - by) < 1.0:
            rest.append(line)  # (within a pixel: Qt's own rules say whether it shows)
            continue
        # (an aliased one-pixel line at device coordinate v covers pixel floor(v): tested
        # against Qt's raster engine pixel for pixel, fractional positions included)
        if ay == by:
            x0, x1 = floor(min(ax, bx)), floor(max(ax, bx))
            rect = QRect(x0, floor(ay), x1 - x0 + 1, 1)
        elif ax == bx:
            y0, y1 = floor(min(ay, by)), floor(max(ay, by))
            rect = QRect(floor(ax), y0, 1, y1 - y0 + 1)
        else:
            rest.append(line)
            continue
        if color is run_color:  # (a pen is judged once: its lines share the colour object)
            run.append(rect)
        else:
            run_color, run = color, [rect]
            groups.append((color, run))
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
    """Fresh :class:`Axis` items for a plot's ``axisItems`` (default: left and bottom; the
    axes named are shown)."""
    return {name: Axis(name) for name in (names or ("left", "bottom"))}


def style_axes(plot: pg.PlotItem, grid: bool = True) -> None:
    """The app's look: grey axes, dark tick labels, a light grid, axes kept as pixmaps."""
    for name in ("left", "bottom"):
        ax = plot.getAxis(name)
        ax.setPen(pg.mkPen(AXIS_PEN))
        ax.setTextPen(pg.mkPen(TEXT_PEN))
    if grid:
        plot.showGrid(x=True, y=True, alpha=GRID_ALPHA)
    # A hidden axis follows the range too, and pyqtgraph's sets its label's HTML again at
    # every change for an SI prefix nobody sees (Qt parses and lays it out each time).
    for name in ("right", "top"):
        ax = plot.getAxis(name)
        if not ax.isVisibleTo(plot) and not isinstance(ax, Axis):
            ax.enableAutoSIPrefix(False)
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
