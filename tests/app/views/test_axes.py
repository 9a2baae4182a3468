"""The plots' axes (app.views.axes): the same pixels as pyqtgraph's axis, lines filled.

``fill_lines`` replaces Qt's per-pixel drawing of translucent one-pixel lines by filled
rectangles; these tests draw both ways and compare every pixel, under fractional
translations and scales, and whole plots with a grid against pyqtgraph's own axis.
"""

from __future__ import annotations

import sys

import numpy as np
import pyqtgraph as pg
import pytest
from PyQt6.QtCore import QLineF, QPointF, Qt
from PyQt6.QtGui import QColor, QImage, QPainter, QPen, QTransform
from PyQt6.QtWidgets import QApplication

from gradscape.app.export.capture import grab, image_to_array
from gradscape.app.views.axes import Axis, axis_items, fill_lines, style_axes


def _image() -> QImage:
    img = QImage(80, 70, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(QColor(255, 255, 255))
    return img


def _pixels(img: QImage) -> np.ndarray:
    return image_to_array(img).astype(np.int16)


def _pen(alpha: int, width: float = 1.0, cosmetic: bool = True) -> QPen:
    pen = QPen(QColor(20, 90, 200, alpha))
    pen.setWidthF(width)
    pen.setCosmetic(cosmetic)
    return pen


def _draw_both(transform: QTransform, lines: list) -> tuple[np.ndarray, np.ndarray, list]:
    drawn, filled = _image(), _image()
    p = QPainter(drawn)
    p.setTransform(transform)
    for pen, a, b in lines:
        p.setPen(pen)
        p.drawLine(QLineF(a, b))
    p.end()
    p = QPainter(filled)
    p.setTransform(transform)
    rest = fill_lines(p, lines)
    for pen, a, b in rest:
        p.setPen(pen)
        p.drawLine(QLineF(a, b))
    p.end()
    return _pixels(drawn), _pixels(filled), rest


def test_filled_lines_cover_the_pixels_drawn_lines_cover(qapp):
    rng = np.random.default_rng(5)
    for trial in range(120):
        # fractional translations and scales, as a view's items and caches have them
        t = QTransform()
        t.translate(rng.uniform(-3, 3), rng.uniform(-3, 3))
        if trial % 2:
            t.scale(rng.uniform(0.6, 1.7), rng.uniform(0.6, 1.7))
        lines = []
        for k in range(6):
            c = rng.uniform(4, 40)
            if k == 0:
                c = float(round(c))  # exactly on a pixel's edge
            elif k == 1:
                c = round(c) + 0.5  # exactly on a pixel's centre
            lo = rng.uniform(2, 20)
            hi = lo + rng.uniform(2, 24)  # (a line within one pixel is Qt's: see below)
            a, b = (QPointF(hi, c), QPointF(lo, c)) if k % 2 else (QPointF(c, lo), QPointF(c, hi))
            lines.append((_pen(int(rng.integers(5, 256))), a, b))
        if trial % 3 == 0:  # one translucent pen for all: crossings blend twice, as drawn
            shared = _pen(90)
            lines = [(shared, a, b) for _, a, b in lines]
        drawn, filled, rest = _draw_both(t, lines)
        assert rest == [], trial
        assert np.array_equal(drawn, filled), trial
        assert (drawn != 255).any()  # (something was drawn)


def test_lines_fill_lines_cannot_match_are_handed_back_and_drawn(qapp):
    diagonal = (_pen(120), QPointF(5, 5), QPointF(40, 30))
    wide = (_pen(120, width=3.0), QPointF(5, 10), QPointF(40, 10))
    dashed_pen = _pen(120)
    dashed_pen.setStyle(Qt.PenStyle.DashLine)
    dashed = (dashed_pen, QPointF(5, 20), QPointF(60, 20))
    tiny = (_pen(120), QPointF(5.2, 40.5), QPointF(5.9, 40.5))
    straight = (_pen(120), QPointF(5, 50), QPointF(60, 50))
    drawn, filled, rest = _draw_both(QTransform(), [diagonal, wide, dashed, tiny, straight])
    assert rest == [diagonal, wide, dashed, tiny]
    assert np.array_equal(drawn, filled)
    # a tick of a degenerate range (the monkey found one): not a number on the device
    nan = float("nan")
    for undefined in (
        (_pen(120), QPointF(nan, 5), QPointF(nan, 60)),
        (_pen(120), QPointF(5, 30), QPointF(float("inf"), 30)),
    ):
        drawn, filled, rest = _draw_both(QTransform(), [straight, undefined])
        assert rest == [undefined]
        assert np.array_equal(drawn, filled)
    rotated = QTransform().rotate(10)
    drawn, filled, rest = _draw_both(rotated, [straight])
    assert rest == [straight]  # (not axis-aligned on the device)
    assert np.array_equal(drawn, filled)


def test_antialiased_painter_draws_every_line_itself(qapp):
    img = _image()
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    line = (_pen(120), QPointF(5, 5.3), QPointF(40, 5.3))
    assert fill_lines(p, [line]) == [line]
    p.end()


def _plot(qtbot, axes: dict | None, size: tuple[int, int]) -> pg.PlotWidget:
    w = pg.PlotWidget(axisItems=axes)
    plot = w.getPlotItem()
    style_axes(plot)
    plot.setLabel("bottom", "w")
    plot.setLabel("left", "loss")
    x = np.linspace(-2.0, 2.0, 50)
    plot.plot(x, 0.1 * x**2, pen=pg.mkPen("#d62728", width=1))
    plot.setXRange(-2.0, 2.0, padding=0.03)
    plot.setYRange(-0.013, 0.43, padding=0.0)
    w.resize(*size)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    return w


@pytest.mark.parametrize("size", [(420, 300), (533, 347), (611, 289)])
def test_a_plot_with_a_grid_looks_as_with_pyqtgraphs_axis(qtbot, size):
    ours = _plot(qtbot, axis_items(), size)
    theirs = _plot(qtbot, None, size)
    assert isinstance(ours.getPlotItem().getAxis("left"), Axis)
    assert type(theirs.getPlotItem().getAxis("left")) is pg.AxisItem
    a, b = image_to_array(grab(ours)), image_to_array(grab(theirs))
    assert a.shape == b.shape
    # the grid is drawn (a grid line's pixels are tinted, not white) and equal
    assert (a[..., :3] < 250).any(axis=-1).mean() > 0.01
    assert np.array_equal(a, b)


def test_the_axis_measures_its_labels_only_when_pyqtgraph_would(qtbot):
    # (found by the GUI monkey: measuring the labels at every paint, on whatever painter
    # the paint had, let an axis's width flip between two values and the view resize
    # itself forever; the specs are now made when pyqtgraph would make its picture, on a
    # picture's painter as pyqtgraph makes them)
    w = _plot(qtbot, axis_items(), (420, 300))
    ax = w.getPlotItem().getAxis("left")
    made = []
    generate = ax.generateDrawSpecs
    ax.generateDrawSpecs = lambda p: made.append(type(p.device()).__name__) or generate(p)
    for _ in range(3):  # repaints with nothing changed: the specs are kept
        ax.update()
        w.viewport().repaint()
        QApplication.processEvents()
    assert made == []
    w.getPlotItem().setYRange(-1.0, 3.0, padding=0.0)  # a new range: made once, again
    w.viewport().repaint()
    QApplication.processEvents()
    assert made == ["QPicture"]


def test_a_small_aspect_locked_panel_settles_at_every_size(qtbot):
    """A decision-region panel (the Network window's, on the spirals) at sizes where
    pyqtgraph's default axis resized its view back and forth forever: a narrower axis, a
    wider view, a wider range, wider labels, a wider axis…  The GUI monkey found one
    painting without end.  At every size the panel now stops painting."""
    from PyQt6.QtCore import QEvent, QObject

    from gradscape.app.model.training_run import ViewGeometry
    from gradscape.app.views.run_regions import RegionPanel
    from gradscape.core import datasets

    class Paints(QObject):
        count = 0

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                Paints.count += 1
            return False

    panel = RegionPanel()
    qtbot.addWidget(panel)
    panel.set_run("Adam η=0.01", "#333333", ViewGeometry.for_dataset(datasets.spirals()))
    counter = Paints()
    panel.plot_widget.viewport().installEventFilter(counter)
    panel.show()
    qtbot.waitExposed(panel)
    restless = []
    for w in range(130, 166, 4):
        for h in range(216, 256, 9):
            panel.resize(w, h)
            for _ in range(10):
                QApplication.processEvents()
            before = Paints.count
            for _ in range(15):
                QApplication.processEvents()
                qtbot.wait(1)
            if Paints.count - before > 2:
                restless.append((w, h, Paints.count - before))
    assert Paints.count > 0  # (the counter sees the panel's paints)
    assert not restless, f"sizes still painting: {restless}"
    assert not panel.plot.getAxis("left").style["autoReduceTextSpace"]


def test_tick_values_are_pyqtgraphs(qapp):
    """Our tick values (plain floats) equal pyqtgraph's (numpy arrays) exactly: the ranges
    of plots at every scale, reversed, tiny, huge, negative, at many lengths; and an axis
    with a scale (the values are divided by it)."""
    rng = np.random.default_rng(11)
    cases = [(-2.0, 2.0, 300.0), (0.0, 1.0, 57.0), (2.0, -2.0, 800.0), (1e-12, 3e-12, 400.0),
             (-7e15, 2e16, 250.0), (0.1, 0.1 + 1e-9, 500.0), (-1e-3, 0.0, 1000.0)]  # fmt: skip
    for _ in range(300):
        centre = rng.normal() * 10.0 ** rng.integers(-8, 9)
        width = 10.0 ** rng.uniform(-9, 9)
        cases.append((centre - rng.uniform(0, 1) * width, centre + width, rng.uniform(20, 1600)))
    for name in ("left", "bottom"):
        for scale in (1.0, 1e-3, 7.0):
            ours, theirs = Axis(name), pg.AxisItem(name)
            ours.setScale(scale)
            theirs.setScale(scale)
            for lo, hi, size in cases:
                got, want = ours.tickValues(lo, hi, size), theirs.tickValues(lo, hi, size)
                assert len(got) == len(want)
                for (s1, v1), (s2, v2) in zip(got, want, strict=True):
                    assert s1 == s2 and v1 == v2, (lo, hi, size, scale)
    assert sum(len(v) for _, v in Axis("left").tickValues(-2.0, 2.0, 300.0)) > 10


@pytest.mark.parametrize("lo, hi", [(0.0, 1e-322), (-3e-323, 3e-323), (5e-324, 1.5e-323)])
def test_a_range_too_narrow_for_ticks_draws_an_axis_without_them(qtbot, lo, hi):
    # pyqtgraph's tick spacing is a power of ten that underflows to 0 here, and its tick
    # values divide by it: a ZeroDivisionError at every paint of the plot (the GUI monkey's
    # seed 37).
    assert pg.AxisItem("left").tickSpacing(lo, hi, 200.0)[0][0] == 0.0
    with pytest.raises(ZeroDivisionError):
        pg.AxisItem("left").tickValues(lo, hi, 200.0)
    axis = Axis("left")
    assert axis.tickSpacing(lo, hi, 200.0) == []
    assert axis.tickValues(lo, hi, 200.0) == []
    errors: list[BaseException] = []
    hook, sys.excepthook = sys.excepthook, lambda kind, exc, tb: errors.append(exc)
    try:
        w = _plot(qtbot, axis_items(), (300, 200))
        w.getPlotItem().getViewBox().setRange(yRange=(lo, hi), padding=0)
        image = image_to_array(grab(w))
    finally:
        sys.excepthook = hook
    assert errors == []
    # the axis line is drawn; the plot's range stayed as asked
    assert (image[..., :3] < 200).any(axis=-1).sum() > 100
    assert w.getPlotItem().getViewBox().viewRange()[1] == [lo, hi]
    # a narrow range that still divides keeps pyqtgraph's ticks
    assert Axis("left").tickSpacing(0.0, 1e-310, 200.0) == pg.AxisItem("left").tickSpacing(
        0.0, 1e-310, 200.0
    )


def test_the_label_follows_range_and_text_and_is_laid_out_only_when_it_changes(qapp):
    """The label as pyqtgraph's through ranges that change its SI prefix and new texts;
    its document is not rebuilt when a new range leaves the label as it was."""
    ours, theirs = Axis("left"), pg.AxisItem("left")
    steps = [("label", "loss", "J"), ("range", 0.0, 2.0), ("range", 0.0, 2e-6),
             ("range", 0.0, 3e-6), ("label", "η", ""), ("range", -1e12, 5e12),
             ("range", 0.0, 1.0), ("label", "loss", "")]  # fmt: skip
    for kind, a, b in steps:
        for ax in (ours, theirs):
            if kind == "label":
                ax.setLabel(a, units=b)
            else:
                ax.setRange(a, b)
        assert ours.label.toHtml() == theirs.label.toHtml(), (kind, a, b)
        assert ours.labelString() == theirs.labelString()
    assert "loss" in ours.label.toPlainText()
    revision = ours.label.document().revision()
    ours.setRange(0.0, 1.5)  # (the same label)
    assert ours.label.document().revision() == revision
    ours.setRange(0.0, 3e-6)  # (a prefix: a new label)
    assert ours.label.document().revision() != revision
    assert ours.label.toHtml() != theirs.label.toHtml()  # (theirs still on 0..1)


def test_a_plots_hidden_axes_do_not_lay_their_labels_out_at_each_range(qtbot):
    w = _plot(qtbot, axis_items(), (420, 300))
    plot = w.getPlotItem()
    hidden = [plot.getAxis(name) for name in ("top", "right")]
    assert not any(ax.isVisible() for ax in hidden)
    revisions = [ax.label.document().revision() for ax in hidden]
    for k in range(5):
        plot.setXRange(-2.0, 2.0 + 1e-7 * 10**k, padding=0.0)
        plot.setYRange(0.0, 1e-6 * 10**k, padding=0.0)
    QApplication.processEvents()
    assert [ax.label.document().revision() for ax in hidden] == revisions
    assert [tuple(ax.range) for ax in hidden] == [tuple(plot.vb.viewRange()[0]),
                                                  tuple(plot.vb.viewRange()[1])]  # fmt: skip
    # the left axis shows the prefix its range needs
    assert plot.getAxis("left").autoSIPrefixScale != 1.0
