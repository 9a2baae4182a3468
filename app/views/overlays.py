"""The overlays at the current step, drawn in the contour map and the 3D view.

Each view owns one of these helpers: it makes the items once, takes the result's
:class:`app.model.overlays.OverlayData` with :meth:`set_data`, and per frame hands the
step's segments (asked of the overlay data) to the items.  Each arrow kind has its own
style in both views; every run keeps its colour.  With no overlay on, a frame costs one
test: the items stay hidden.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import Qt

from gradscape.app.model.choices import MAX_RUNS
from gradscape.app.model.overlays import ARROW_KINDS, ARROW_TOGGLE, MOMENT, OverlayData
from gradscape.app.runtime import translate
from gradscape.app.views.gl_items import LineSet, rgba

#: 2D: pen style and width of each arrow kind (colour: the run's), over a light halo
PEN_2D = {
    "grad": (Qt.PenStyle.SolidLine, 1.6),
    "move": (Qt.PenStyle.SolidLine, 3.2),
    "velocity": (Qt.PenStyle.DashLine, 2.2),
    "ascent": (Qt.PenStyle.DotLine, 2.4),
    "ascent_grad": (Qt.PenStyle.DashDotLine, 1.6),
}
HALO = (255, 255, 255, 200)
#: The step-by-step mode's arrow (one at a time, the run's colour, the kind's style): wider
FOCUS_WIDTH = 3.8
#: the step-by-step mode's velocity after the update is drawn as the velocity
STYLE_OF = {MOMENT: "velocity"}
#: 3D (GL lines are never dashed): width, and how far the run's colour is mixed toward
#: white (> 0) or black (< 0)
STYLE_3D = {
    "grad": (2.0, 0.55),
    "move": (3.5, 0.0),
    "velocity": (2.5, -0.45),
    "ascent": (2.0, 0.3),
    "ascent_grad": (2.0, -0.3),
}


def mix(color: tuple[float, ...], toward: float) -> tuple[float, float, float, float]:
    """``color`` mixed toward white (``toward`` > 0) or black (< 0) by |toward|."""
    c = np.asarray(color[:3], dtype=np.float64)
    c = c + (1.0 - c) * toward if toward > 0 else c * (1.0 + toward)
    return (float(c[0]), float(c[1]), float(c[2]), 1.0)


class ContourOverlays:
    """The overlays in a :class:`pyqtgraph.PlotItem` of (w, b): bare curves, not
    PlotDataItems (a PlotDataItem's bookkeeping costs several times its curve's at each of
    the ten changes a playback frame makes with every overlay on)."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.data: OverlayData | None = None
        self.shown: tuple[str, ...] = ()
        self.halos: dict[str, pg.PlotCurveItem] = {}
        self.arrows: dict[tuple[int, str], pg.PlotCurveItem] = {}
        for kind in ARROW_KINDS:
            style, width = PEN_2D[kind]
            halo = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen(HALO, width=width + 2.5))
            halo.setZValue(20)
            halo.setVisible(False)
            plot.addItem(halo)
            self.halos[kind] = halo
            for i in range(MAX_RUNS):
                item = pg.PlotCurveItem(connect="pairs")
                item.setZValue(21)
                item.setVisible(False)
                plot.addItem(item)
                self.arrows[i, kind] = item
        self.halos["effective"] = pg.PlotCurveItem(pen=pg.mkPen(HALO, width=3.5))
        self.ellipses = []
        for _ in range(MAX_RUNS):
            item = pg.PlotCurveItem()
            item.setZValue(19)
            item.setVisible(False)
            plot.addItem(item)
            self.ellipses.append(item)
        self.halos["effective"].setZValue(18)
        self.halos["effective"].setVisible(False)
        plot.addItem(self.halos["effective"])
        # the step-by-step mode's one arrow, over everything (set_focus)
        self.focus: tuple[int, int, str] | None = None
        self.colors: list[str] = []
        self.focus_halo = pg.PlotCurveItem(
            connect="pairs", pen=pg.mkPen(HALO, width=FOCUS_WIDTH + 3.0)
        )
        self.focus_item = pg.PlotCurveItem(connect="pairs")
        for z, item in ((22, self.focus_halo), (23, self.focus_item)):
            item.setZValue(z)
            item.setVisible(False)
            plot.addItem(item)
        # the common scale goes beside the bottom axis's name: outside the map, where it
        # covers nothing, and the axis keeps its height
        self.axis_name = "w"
        self._label: str | None = None
        self._plot = plot

    def set_data(self, data: OverlayData | None, colors: list[str]) -> None:
        """The result's overlay data and each run's colour."""
        self.data = data
        self._label = None  # (set again at the next step)
        if list(colors) == self.colors:
            return  # (the pens are the runs' colours: a drag's race keeps them)
        self.colors = list(colors)
        for (i, kind), item in self.arrows.items():
            style, width = PEN_2D[kind]
            if i < len(colors):
                item.setPen(pg.mkPen(colors[i], width=width, style=style))
        for i, item in enumerate(self.ellipses):
            if i < len(colors):
                item.setPen(pg.mkPen(colors[i], width=1.8))

    def set_shown(self, shown: tuple[str, ...]) -> None:
        self.shown = tuple(shown)

    def set_focus(self, focus: tuple[int, int, str] | None) -> None:
        """The step-by-step mode's arrow: (run, point index, vector kind), drawn alone
        in place of the toggled overlays; None: the toggled overlays again."""
        self.focus = focus

    def active(self) -> bool:
        """True when anything is to be drawn (a frame with nothing costs one test)."""
        return bool(self.shown) or self.focus is not None

    def _show_focus(self) -> None:
        data, focus = self.data, self.focus
        items = [*self.arrows.values(), *self.halos.values(), *self.ellipses]
        for item in items:
            if item.isVisible():
                item.setVisible(False)
        seg = np.zeros((0, 2))
        if data is not None and focus is not None and focus[0] < len(data.runs):
            i, k, kind = focus
            seg = data.arrows2d(i, k, kind)
            style = PEN_2D[STYLE_OF.get(kind, kind)][0]
            color = self.colors[i] if i < len(self.colors) else "#111111"
            self.focus_item.setPen(pg.mkPen(color, width=FOCUS_WIDTH, style=style))
        for item in (self.focus_halo, self.focus_item):
            item.setData(seg[:, 0], seg[:, 1])
            item.setVisible(bool(len(seg)))

    def show_step(self, k: int) -> None:
        """Draw the shown overlays of every run at step ``k`` (hide the others), or the
        step-by-step mode's one arrow."""
        data = self.data
        if self.focus is not None:
            self._show_focus()
            self._set_label(data is not None)
            return
        for item in (self.focus_halo, self.focus_item):
            if item.isVisible():
                item.setVisible(False)
        n = 0 if data is None else len(data.runs)
        for kind in ARROW_KINDS:
            on = data is not None and ARROW_TOGGLE[kind] in self.shown
            halo = []
            for i in range(MAX_RUNS):
                item = self.arrows[i, kind]
                if not (on and i < n):
                    if item.isVisible():
                        item.setVisible(False)
                    continue
                assert data is not None
                seg = data.arrows2d(i, k, kind)
                item.setData(seg[:, 0], seg[:, 1])
                item.setVisible(bool(len(seg)))
                halo.append(seg)
            self._set_halo(self.halos[kind], halo)
        on = data is not None and "effective" in self.shown
        halo = []
        for i, item in enumerate(self.ellipses):
            if not (on and i < n):
                if item.isVisible():
                    item.setVisible(False)
                continue
            assert data is not None
            pts = data.ellipse2d(i, k)
            item.setData(pts[:, 0], pts[:, 1])
            item.setVisible(bool(len(pts)))
            if len(pts):
                # a closed polyline as segment pairs, for the shared halo
                halo.append(np.repeat(pts, 2, axis=0)[1:-1])
        self._set_halo(self.halos["effective"], halo, pairs=True)
        self._set_label(data is not None and bool(self.shown))

    def _set_label(self, scaled: bool) -> None:
        label = self.axis_name
        if scaled and self.data is not None:
            label = f"{self.axis_name}      ({self.data.scale_text(translate)})"
        if label != self._label:
            self._label = label
            self._plot.setLabel("bottom", label)

    @staticmethod
    def _set_halo(item: pg.PlotCurveItem, parts: list[np.ndarray], pairs: bool = True) -> None:
        parts = [p for p in parts if len(p)]
        if not parts:
            if item.isVisible():
                item.setVisible(False)
            return
        pts = np.concatenate(parts)
        item.setData(pts[:, 0], pts[:, 1], connect="pairs" if pairs else "all")
        item.setVisible(True)


class SceneOverlays:
    """The overlays in a GL view: one :class:`LineSet` per arrow kind (every run's arrows,
    each vertex in its run's colour), one for the effective-step ellipses and one for the
    step-by-step mode's arrow, in ``items`` (the view draws them in one :class:`LineBatch`)."""

    def __init__(self, pixel_scale: float) -> None:
        self.data: OverlayData | None = None
        self.shown: tuple[str, ...] = ()
        self.colors: list[tuple[float, float, float, float]] = []
        self.items: dict[str, LineSet] = {}
        #: per kind: the (run, vertex count) pairs whose colours the item holds
        self._colors_sent: dict[str, tuple[tuple[int, int], ...]] = {}
        for kind in (*ARROW_KINDS, "effective"):
            width = STYLE_3D[kind][0] if kind in STYLE_3D else 1.8
            item = LineSet(width * pixel_scale)
            item.setVisible(False)
            self.items[kind] = item
        # the step-by-step mode's one arrow (set_focus)
        self.focus: tuple[int, int, str] | None = None
        item = LineSet(FOCUS_WIDTH * pixel_scale)
        item.setVisible(False)
        self.items["focus"] = item

    def set_data(self, data: OverlayData | None, colors: list[tuple[float, ...]]) -> None:
        self.data = data
        self.colors = [tuple(c) for c in colors]  # type: ignore[misc]
        self._colors_sent.clear()

    def set_shown(self, shown: tuple[str, ...]) -> None:
        self.shown = tuple(shown)

    def set_focus(self, focus: tuple[int, int, str] | None) -> None:
        """The step-by-step mode's arrow: (run, point index, vector kind), drawn alone;
        None: the toggled overlays again."""
        self.focus = focus

    def active(self) -> bool:
        return bool(self.shown) or self.focus is not None

    def caption(self) -> str:
        """The common scales, shown beside the step while any overlay is on."""
        return self.data.scale_text(translate) if self.data is not None and self.active() else ""

    def _show_focus(self) -> None:
        data, focus = self.data, self.focus
        for kind, item in self.items.items():
            if kind != "focus" and item.visible():
                item.setVisible(False)
        item = self.items["focus"]
        seg = np.zeros((0, 3))
        if data is not None and focus is not None and focus[0] < len(data.runs):
            i, k, kind = focus
            seg = data.arrows3d(i, k, kind)
            toward = STYLE_3D[STYLE_OF.get(kind, kind)][1]
            color = np.asarray(rgba_of(self.colors, i, toward), np.float32)
        if not len(seg):
            item.setVisible(False)
            return
        item.setData(pos=seg.astype(np.float32), color=np.tile(color, (len(seg), 1)))
        item.setVisible(True)

    def show_step(self, k: int) -> None:
        data = self.data
        if self.focus is not None:
            self._show_focus()
            return
        for kind, item in self.items.items():
            toggle = ARROW_TOGGLE.get(kind, kind)
            if data is None or toggle not in self.shown:
                if item.visible():
                    item.setVisible(False)
                continue
            pos, col, runs = [], [], []
            for i in range(len(data.runs)):
                if kind == "effective":
                    pts = data.ellipse3d(i, k)
                    seg = np.repeat(pts, 2, axis=0)[1:-1] if len(pts) else pts
                    color = rgba_of(self.colors, i, 0.0)
                else:
                    seg = data.arrows3d(i, k, kind)
                    color = rgba_of(self.colors, i, STYLE_3D[kind][1])
                if len(seg):
                    pos.append(seg)
                    col.append(np.tile(np.asarray(color, np.float32), (len(seg), 1)))
                    runs.append((i, len(seg)))
            if not pos:
                item.setVisible(False)
                continue
            drawn = tuple(runs)
            if self._colors_sent.get(kind) != drawn:
                # the vertex colours change only with which runs have how many vertices
                item.setData(color=np.concatenate(col))
                self._colors_sent[kind] = drawn
            item.setData(pos=np.concatenate(pos).astype(np.float32))
            item.setVisible(True)


def rgba_of(colors: list[tuple[float, ...]], i: int, toward: float) -> tuple[float, ...]:
    base = colors[i] if i < len(colors) else rgba("#111111")
    return mix(base, toward)
