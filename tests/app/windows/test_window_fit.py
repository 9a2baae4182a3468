"""The window on a small screen: it opens fitted to the screen, nothing scrolls sideways or
falls outside at 1280 × 720, the contour map fills a square-ish cell, and the 3D view shows
a frame of its new size right after a resize."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtCore import QPoint, QRect, QSize
from PyQt6.QtWidgets import QAbstractScrollArea, QApplication

from gradscape.app.export.capture import grab, image_to_array
from gradscape.app.model.state import AppState
from gradscape.app.windows.main_window import MainWindow
from gradscape.app.windows.window_size import FRAME_MARGIN, clamped, fitted_size, keep_on_screen

pytestmark = pytest.mark.gl

BACKGROUND = np.array([0xF7, 0xF8, 0xFA])


def test_fitted_size_takes_the_screen_when_it_is_small():
    assert fitted_size(QRect(0, 0, 2560, 1440)) == QSize(1440, 900)
    small = fitted_size(QRect(0, 0, 1280, 720))
    assert small == QSize(1280 - FRAME_MARGIN.width(), 720 - FRAME_MARGIN.height())
    # a panel at the top of the screen: the available area starts lower and is shorter
    assert fitted_size(QRect(0, 32, 1366, 736)).height() == 736 - FRAME_MARGIN.height()


def test_a_frame_off_the_screen_is_moved_back_then_shrunk():
    avail = QRect(0, 0, 1280, 720)
    assert clamped(QRect(900, 500, 800, 600), avail) == QRect(480, 120, 800, 600)
    assert clamped(QRect(-50, -20, 1500, 900), avail) == avail
    assert clamped(QRect(10, 10, 300, 200), avail) == QRect(10, 10, 300, 200)


def settle(qtbot, w) -> None:
    qtbot.waitUntil(w.compute.is_current, timeout=20000)
    for _ in range(5):
        QApplication.processEvents()
        qtbot.wait(20)


def test_the_window_opens_inside_the_screen(gl, qtbot):
    w = MainWindow(AppState())
    qtbot.addWidget(w)
    avail = w.screen().availableGeometry()
    assert w.width() <= avail.width() - FRAME_MARGIN.width()
    assert w.height() <= avail.height() - FRAME_MARGIN.height()
    # a geometry saved on a larger screen comes back inside this one
    w.setGeometry(avail.x() + 400, avail.y() + 300, avail.width() + 500, avail.height() + 400)
    keep_on_screen(w)
    frame = QRect(w.x(), w.y(), w.width() + FRAME_MARGIN.width(),
                  w.height() + FRAME_MARGIN.height())  # fmt: skip
    assert avail.contains(frame)
    w.compute.shutdown()


@pytest.fixture
def small(gl, qtbot):
    st = AppState()
    for _ in range(3):
        st.add_run()  # a race of four: the longest legend and equations
    st.grid = 40
    w = MainWindow(st)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    settle(qtbot, w)
    yield w
    w.close()


def inside(w, widget) -> bool:
    r = QRect(widget.mapTo(w, QPoint(0, 0)), widget.size())
    return w.rect().contains(r)


def test_at_1280_by_720_nothing_scrolls_sideways_and_everything_is_inside(small):
    w = small
    assert w.size() == QSize(1280, 720)
    areas = [a for a in w.findChildren(QAbstractScrollArea) if a.isVisible()]
    assert w.equations in areas and w.controls_scroll in areas
    for area in areas:
        assert area.horizontalScrollBar().maximum() == 0, type(area).__name__
    for widget in (w.playback, w.contour, w.losscurve, w.equations, w.controls_scroll,
                   w.view3d.container(), w.statusBar()):  # fmt: skip
        assert widget.isVisible() and inside(w, widget), type(widget).__name__
        assert widget.width() >= 150 and widget.height() >= 20
    # every run's optimizer is named in the equations panel at a readable width
    assert w.equations.width() >= 220


def test_the_contour_map_fills_a_square_ish_cell(small):
    w = small
    vb = w.contour.getPlotItem().getViewBox()
    box = vb.sceneBoundingRect()
    assert 0.8 <= box.width() / box.height() <= 1.25
    # the heat map covers the whole plot area: no empty band beside it
    img = image_to_array(grab(w.contour))
    top, bottom, left, right = (int(v) for v in (box.top(), box.bottom(), box.left(), box.right()))
    inner = img[top + 3 : bottom - 3, left + 3 : right - 3]
    white = (inner.astype(int) >= 250).all(axis=2).mean()
    assert white < 0.02


def test_the_3d_view_shows_its_new_size_right_after_a_resize(small, qtbot):
    w, view = small, small.view3d
    screen = QApplication.primaryScreen()
    for size in ((1000, 640), (1250, 700), (900, 600)):
        frames = view.frames
        w.resize(*size)
        qtbot.waitUntil(lambda f=frames: view.frames > f, timeout=5000)
        qtbot.wait(50)
        QApplication.processEvents()
        c = view.container()
        assert (view.width(), view.height()) == (c.width(), c.height())
        tl = c.mapToGlobal(QPoint(0, 0))
        shot = screen.grabWindow(0, tl.x(), tl.y(), c.width(), c.height())
        shown = image_to_array(shot.toImage())
        assert shown.shape[:2] == (c.height(), c.width())
        # the colour bar stands at the right edge of the new size (not cut off, not stale)
        right = shown[:, -90:-20].astype(int)
        assert (np.abs(right - BACKGROUND).sum(axis=2) > 120).mean() > 0.03
        # the capture draws afresh and equals what the screen shows
        captured = image_to_array(grab(view))
        assert captured.shape == shown.shape
        assert np.abs(captured.astype(int) - shown.astype(int)).mean() < 1.0
