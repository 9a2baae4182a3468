"""The contour map's legend, placed where it covers no path, start, end or minimum.

The corner with the fewest of those points under it wins (:func:`app.model.legibility.
legend_place`); when every corner covers some, the plot's range grows upward by a band as
high as the legend, which then sits in that band, outside the surface's domain.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gradscape.app.model.legibility import legend_place
from gradscape.app.runtime import translate

MARGIN = 8.0
#: points of a path the placement looks at (evenly spaced); starts, ends and minima count
#: as this many each, so the legend gives way to them first
MAX_POINTS = 2000
KEY_WEIGHT = 50


class ContourLegend:
    """A legend naming every run of a :class:`app.views.plots.ContourView`."""

    def __init__(self, view: Any) -> None:
        self.view = view
        plot = view.getPlotItem()
        self.legend = plot.addLegend(offset=(MARGIN, MARGIN), labelTextSize="8pt")
        self.legend.setBrush((255, 255, 255, 215))
        self.corner = "top left"
        self.covered = 0
        self.extended = False
        # placed again whenever the plot area changes size (a method: dropped with us)
        plot.getViewBox().sigResized.connect(self._resized)

    def _resized(self, *_: Any) -> None:
        if self.view._paths:
            self.place(self.view._domain)

    def fill(self, result: Any) -> None:
        self.legend.clear()
        for line, traj in zip(self.view.lines, result.trajectories, strict=False):
            label = traj.label
            if traj.diverged_at is not None:
                label = translate("ContourLegend", "{label}  (diverged)").format(label=label)
            self.legend.addItem(line, label)

    def key_points(self) -> np.ndarray:
        """(N, 2) points (w, b) the legend must not cover: the whole paths (subsampled),
        and, weighted, each start, end and the surface's minima."""
        view = self.view
        parts = []
        for p in view._paths:
            p = np.asarray(p, dtype=np.float64)
            parts.append(p[:: max(1, len(p) // MAX_POINTS)])
            ends = p[np.isfinite(p).all(axis=1)]
            if len(ends):
                parts.append(np.repeat(ends[[0, -1]], KEY_WEIGHT, axis=0))
        result = view.state.result
        minima = list(getattr(getattr(result, "surface", None), "minima", []) or [])
        if minima:
            parts.append(np.repeat(np.asarray(minima, dtype=np.float64), KEY_WEIGHT, axis=0))
        return np.concatenate(parts) if parts else np.zeros((0, 2))

    def _pixels(self, wb: np.ndarray) -> np.ndarray:
        vb = self.view.getPlotItem().getViewBox()
        r = vb.viewRect()
        W, H = vb.width(), vb.height()
        px = (wb[:, 0] - r.left()) / r.width() * W
        py = (r.top() + r.height() - wb[:, 1]) / r.height() * H
        return np.c_[px, py]

    def place(self, domain: tuple[tuple[float, float], tuple[float, float]]) -> None:
        """Put the legend in the emptiest corner of the plot showing ``domain``."""
        vb = self.view.getPlotItem().getViewBox()
        (w0, w1), (b0, b1) = domain
        # both at once: with locked aspect the view then shows the whole domain
        vb.setRange(xRange=(w0, w1), yRange=(b0, b1), padding=0)
        self.extended = False
        br = self.legend.boundingRect()
        size = (float(br.width()), float(br.height()))
        W, H = float(vb.width()), float(vb.height())
        if W <= 0 or H <= 0 or not self.legend.isVisible():
            return
        pts = self.key_points()
        with np.errstate(all="ignore"):
            name, (x0, y0), n = legend_place(self._pixels(pts), (W, H), size, MARGIN)
        if n and size[1] + 2 * MARGIN < H:
            # every corner covers something: a band above the domain, for the legend
            band = (size[1] + 2 * MARGIN) / (H - size[1] - 2 * MARGIN) * (b1 - b0)
            vb.setRange(xRange=(w0, w1), yRange=(b0, b1 + band), padding=0)
            self.extended = True
            with np.errstate(all="ignore"):
                name, (x0, y0), n = legend_place(self._pixels(pts), (W, H), size, MARGIN)
        self.corner, self.covered = name, n
        self.legend.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(x0, y0))

    def rect(self) -> Any:
        """The legend's rectangle in the view widget's pixels."""
        return self.view.mapFromScene(self.legend.sceneBoundingRect()).boundingRect()
