"""Dragging the start point: in the contour map (and on the 3D surface) the race follows the
mouse, each shown race starts where the mouse was, the last one equals a fresh computation;
a long race is computed once, at the release."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PyQt6.QtCore import QPoint, QPointF, Qt
from PyQt6.QtTest import QTest
from PyQt6.QtWidgets import QApplication

from gradscape.app.model.compute import LIVE_DRAG_WORK
from gradscape.app.model.results import compute_result
from gradscape.app.model.state import AppState
from gradscape.app.windows.main_window import MainWindow
from gradscape.core.scene import Scene

pytestmark = pytest.mark.gl

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
RACE = [("adam", {"eta": 0.25}), ("sgd", {"eta": 2.0}), ("msgd", {"eta": 1.0})]


def make_window(qtbot, steps: int, optimizers=RACE) -> MainWindow:
    st = AppState()
    st.grid = 40
    st.scene = Scene(surface="neuron", optimizers=optimizers, steps=steps, start=[-1.5, -1.0])
    w = MainWindow(st)
    w.resize(1100, 760)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(w.compute.is_current, timeout=20000)
    QApplication.processEvents()
    return w


def data_at(contour, px: QPoint) -> tuple[float, float]:
    """(w, b) under viewport pixel ``px``: interpolated here between the pixels where the
    view box draws two corners of its range (a PlotWidget's scene is its viewport's pixels)."""
    vb = contour.getPlotItem().getViewBox()
    (x0, x1), (y0, y1) = vb.viewRange()
    top_left = vb.mapViewToScene(pg.Point(x0, y1))
    bottom_right = vb.mapViewToScene(pg.Point(x1, y0))
    fx = (px.x() - top_left.x()) / (bottom_right.x() - top_left.x())
    fy = (px.y() - top_left.y()) / (bottom_right.y() - top_left.y())
    return (x0 + fx * (x1 - x0), y1 - fy * (y1 - y0))


def start_point(contour) -> QPoint:
    x, y = contour.start_pixel()
    return QPoint(round(x), round(y))


@pytest.fixture
def short(gl, qtbot):
    w = make_window(qtbot, steps=120)
    yield w
    w.close()


def test_dragging_in_the_contour_map_moves_every_run_with_the_mouse(qtbot, short):
    w, contour = short, short.contour
    port = contour.viewport()
    shown: list = []
    w.state.resultChanged.connect(lambda r: shown.append(r))
    press = start_point(contour)
    QTest.mousePress(port, LEFT, NONE, press)
    assert w.compute.dragging
    targets = [press + QPoint(12 * k, -7 * k) for k in range(1, 7)]
    for at in targets:
        QTest.mouseMove(port, at)
        expect = data_at(contour, at)
        # the start follows within a frame; the race of this very position is then shown
        qtbot.waitUntil(lambda e=expect: np.allclose(w.state.start, e, rtol=0, atol=1e-9),
                        timeout=2000)  # fmt: skip
        qtbot.waitUntil(lambda e=expect: bool(shown) and np.allclose(shown[-1].scene.start, e),
                        timeout=10000)  # fmt: skip
        res = shown[-1]
        for traj in res.trajectories:
            np.testing.assert_allclose(traj.params[0], expect, atol=1e-9)
        # the contour map draws it: every run's path begins at the dragged point
        for path in res.draw.paths2d:
            np.testing.assert_allclose(path.points[0], expect, atol=1e-9)
    QTest.mouseRelease(port, LEFT, NONE, targets[-1])
    assert not w.compute.dragging
    qtbot.waitUntil(w.compute.is_current, timeout=10000)
    final = w.state.result
    expect = data_at(contour, targets[-1])
    assert final.scene.start == pytest.approx(list(expect), abs=1e-9)
    fresh = compute_result(w.state.scene)
    for got, ref in zip(final.trajectories, fresh.trajectories, strict=True):
        np.testing.assert_array_equal(got.params, ref.params)
        np.testing.assert_array_equal(got.loss, ref.loss)
    # the surface and contour image were not rebuilt for a new start (same draw objects)
    assert final.draw.mesh is shown[0].draw.mesh
    assert final.draw.contour is shown[0].draw.contour


def test_a_press_away_from_the_start_does_not_drag(qtbot, short):
    w, contour = short, short.contour
    before = w.state.start
    away = start_point(contour) + QPoint(60, -40)
    QTest.mousePress(contour.viewport(), LEFT, NONE, away)
    assert not w.compute.dragging
    QTest.mouseMove(contour.viewport(), away + QPoint(10, 10))
    QTest.mouseRelease(contour.viewport(), LEFT, NONE, away + QPoint(10, 10))
    assert w.state.start == before


def test_a_long_race_is_computed_only_at_the_release(gl, qtbot):
    runs = [("adam", {"eta": 0.25}), ("sgd", {"eta": 2.0})]
    steps = LIVE_DRAG_WORK // len(runs) + 500  # over the live budget
    w = make_window(qtbot, steps=steps, optimizers=runs)
    contour = w.contour
    port = contour.viewport()
    shown: list = []
    w.state.resultChanged.connect(lambda r: shown.append(r))
    press = start_point(contour)
    QTest.mousePress(port, LEFT, NONE, press)
    for k in range(1, 6):
        QTest.mouseMove(port, press + QPoint(10 * k, -6 * k))
        qtbot.wait(30)
    assert shown == [] and not w.compute.busy  # nothing computed while the mouse moved
    end = press + QPoint(50, -30)
    QTest.mouseRelease(port, LEFT, NONE, end)
    qtbot.waitUntil(w.compute.is_current, timeout=20000)
    assert len(shown) == 1
    expect = data_at(contour, end)
    for traj in shown[0].trajectories:
        np.testing.assert_allclose(traj.params[0], expect, atol=1e-9)
    fresh = compute_result(w.state.scene)
    for got, ref in zip(shown[0].trajectories, fresh.trajectories, strict=True):
        np.testing.assert_array_equal(got.params, ref.params)
    w.close()


def test_dragging_the_start_over_the_3d_surface(qtbot, short):
    w, view = short, short.view3d
    at = view.start_pixel()
    assert at is not None
    press = QPointF(*at)
    QTest.mousePress(view, LEFT, NONE, press.toPoint())
    assert w.compute.dragging
    end = QPoint(round(at[0]) + 40, round(at[1]) + 10)
    QTest.mouseMove(view, end)
    QTest.mouseRelease(view, LEFT, NONE, end)
    qtbot.waitUntil(w.compute.is_current, timeout=10000)
    res = w.state.result
    sw, sb = w.state.start
    assert (sw, sb) != (-1.5, -1.0)
    # the new start lies on the surface under the mouse: drawn where the mouse let go
    loss = float(res.surface.loss(np.array([sw]), np.array([sb]))[0])
    x, y = view.project(view.data_to_display(sw, sb, loss))
    assert abs(x - end.x()) <= 3 and abs(y - end.y()) <= 3
    for traj in res.trajectories:
        np.testing.assert_allclose(traj.params[0], (sw, sb), atol=1e-12)
    # and a drag elsewhere than the start still turns the camera
    cam = view.camera()
    QTest.mousePress(view, LEFT, NONE, QPoint(30, 30))
    QTest.mouseMove(view, QPoint(80, 40))
    QTest.mouseRelease(view, LEFT, NONE, QPoint(80, 40))
    assert view.camera()["azimuth"] != cam["azimuth"]
    assert w.state.start == (sw, sb)
