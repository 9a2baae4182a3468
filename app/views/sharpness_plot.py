"""The Network window's sharpness plot: λmax of the training loss's Hessian against the step,
with the optimizer's stability limit as a horizontal line — the "edge of stability" (Cohen et
al., ICLR 2021): plain gradient descent is stable on a quadratic of curvature λ only while
λ < 2/η, and full-batch training drives λmax up to that line.

For the adaptive optimizers (Adam, AdamW, AMSGrad, RMSprop) the limit bounds the
preconditioned sharpness λmax(P⁻¹H) (Cohen et al. 2022), drawn dashed beside λmax.  The
measurements are made in the training's thread (:class:`~app.model.training_run.Sharpness`);
this view follows :class:`~app.model.training_job.TrainingController` and never writes.

The height axis is logarithmic: the limits of the runs of one comparison differ by orders
of magnitude (2/η = 4 for SGD at η = 0.5, 38/η = 3800 for Adam at η = 0.01), and each
run's curve must be read against its own line.  Values ≤ 0 (an indefinite Hessian at the
start) are left out of the curve.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QWidget

from gradscape.app.model.choices import RUN_COLORS
from gradscape.app.model.training_job import TrainingController
from gradscape.app.model.training_run import Sharpness
from gradscape.app.runtime import QT_TRANSLATE_NOOP, translate
from gradscape.app.views.axes import axis_items, style_axes

#: What the limit line's legend entry says, by the series it bounds (translated where shown).
LIMIT_TEXT = {
    "lambda_max": QT_TRANSLATE_NOOP("SharpnessView", "stability limit (2/η for SGD)"),
    "preconditioned": QT_TRANSLATE_NOOP("SharpnessView", "limit of λmax(P⁻¹H)"),
}


def _positive(values: object) -> np.ndarray:
    """The values as float64, NaN where not finite or not positive (no point on a log axis)."""
    v = np.asarray(values, np.float64)
    return np.where(np.isfinite(v) & (v > 0), v, np.nan)


class SharpnessView(pg.PlotWidget):
    """λmax per measured step of each of ``training``'s runs (solid; λmax(P⁻¹H) dashed for
    adaptive optimizers) and each run's stability limit (dotted horizontal line).  Hidden
    while the state does not track sharpness."""

    def __init__(self, training: TrainingController, parent: QWidget | None = None) -> None:
        # (no menu: none built)
        super().__init__(parent, enableMenu=False, axisItems=axis_items())
        self.training = training
        self.setMinimumSize(220, 150)
        plot = self.getPlotItem()
        for name, text in (
            ("left", translate("SharpnessView", "sharpness λmax")),
            ("bottom", translate("SharpnessView", "step")),
        ):
            plot.getAxis(name).setLabel(text)
        plot.getAxis("left").enableAutoSIPrefix(False)
        plot.setLogMode(x=False, y=True)
        style_axes(plot)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        self.legend = plot.addLegend(offset=(-8, 8), labelTextSize="8pt")
        self.values: list[pg.PlotDataItem] = []
        self.preconditioned: list[pg.PlotDataItem] = []
        self.limits: list[pg.InfiniteLine] = []
        self._legend_done = False
        self._spans: dict[int, tuple[float, float]] = {}
        # methods, not lambdas: PyQt drops them with the view
        training.started.connect(self._on_started)
        training.sharpnessChanged.connect(self._on_changed)
        training.previewChanged.connect(self._on_preview)
        training.state.changed.connect(self._on_state)
        self._on_state("sharpness_every")

    def _on_state(self, name: str) -> None:
        if name == "sharpness_every" and not self.training.running:
            self.setVisible(self.training.state.sharpness_every > 0)

    def _on_started(self) -> None:
        spec = self.training.spec
        self.setVisible(spec.sharpness_every > 0)
        self.set_runs(len(spec.runs) if spec.sharpness_every > 0 else 0)

    def _on_preview(self, _data: object) -> None:
        self.set_runs(0)  # other data: the last training's measurements do not apply

    def _on_changed(self, runs: list[int]) -> None:
        for i in runs:
            record = self.training.sharpness[i]
            if record is not None and i < len(self.values):
                self.set_record(i, record)

    def set_runs(self, n: int) -> None:
        """One (empty) set of items per run."""
        plot = self.getPlotItem()
        for item in self.values + self.preconditioned + self.limits:
            plot.removeItem(item)
        self.legend.clear()
        self.values, self.preconditioned, self.limits = [], [], []
        plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)  # not the last run's range
        plot.enableAutoRange()
        self._legend_done = False
        self._spans = {}
        for i in range(n):
            color = RUN_COLORS[i % len(RUN_COLORS)] if n > 1 else "#2563eb"
            # one-pixel pens: Qt's fast stroker (see app.views.network_plots.CURVE_WIDTH)
            va = pg.PlotDataItem(pen=pg.mkPen(color, width=1), connect="finite")
            pre = pg.PlotDataItem(
                pen=pg.mkPen(color, width=1, style=Qt.PenStyle.DashLine), connect="finite"
            )
            lim = pg.InfiniteLine(
                angle=0, pen=pg.mkPen(color, width=1.5, style=Qt.PenStyle.DotLine), movable=False
            )
            lim.hide()
            for item in (va, pre, lim):
                plot.addItem(item)
            self.values.append(va)
            self.preconditioned.append(pre)
            self.limits.append(lim)

    def set_record(self, i: int, record: Sharpness) -> None:
        """Draw run ``i``'s measurements and its limit."""
        steps = np.asarray(record.steps, np.float64)
        values = _positive(record.values)
        self.values[i].setData(steps, values)
        if record.preconditioned is not None:
            self.preconditioned[i].setData(steps, _positive(record.preconditioned))
        else:
            self.preconditioned[i].setData([], [])
        lim = self.limits[i]
        if record.limit is not None and np.isfinite(record.limit) and record.limit > 0:
            lim.setValue(np.log10(record.limit))  # (lines take view coordinates: log10)
            lim.show()
        else:
            lim.hide()
        if i == 0 and not self._legend_done:
            self._legend(record)
            self._legend_done = True
        # The limit line is the point of the plot: the height always takes it in.
        shown = [v for v in (*values, *_positive(record.preconditioned or ()),
                             record.limit or np.nan) if np.isfinite(v) and v > 0]  # fmt: skip
        if shown:
            self._spans[i] = (min(shown), max(shown))
        if self._spans:
            lo = np.log10(min(a for a, _ in self._spans.values()))
            hi = np.log10(max(b for _, b in self._spans.values()))
            pad = max(0.05 * (hi - lo), 0.1)
            self.getPlotItem().setYRange(lo - pad, hi + pad, padding=0)

    def _legend(self, record: Sharpness) -> None:
        """Which line is which (drawn once per training, from the first run)."""
        self.legend.clear()
        grey = "#6b7280" if len(self.values) > 1 else "#2563eb"
        keys = [(pg.PlotDataItem(pen=pg.mkPen(grey, width=2)), "λmax(H)")]
        if record.preconditioned is not None:
            keys.append(
                (pg.PlotDataItem(pen=pg.mkPen(grey, width=1.5, style=Qt.PenStyle.DashLine)),
                 "λmax(P⁻¹H)")
            )  # fmt: skip
        if record.limit is not None and record.applies_to is not None:
            keys.append(
                (pg.PlotDataItem(pen=pg.mkPen(grey, width=1.5, style=Qt.PenStyle.DotLine)),
                 translate("SharpnessView", LIMIT_TEXT[record.applies_to]))
            )  # fmt: skip
        self._keys = keys  # (the legend holds them by reference)
        for item, text in keys:
            self.legend.addItem(item, text)
