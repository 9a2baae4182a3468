"""The application icon (resources/gradscape.svg): drawn by Qt's own SVG renderer at launcher
sizes, and shown by every window."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QImage, QPainter
from PyQt6.QtSvg import QSvgRenderer

from gradscape.resources import icon_path

#: The path's colour (the first run's red) and the minimum's (viridis' dark end), as drawn
#: in the SVG: the icon is a surface's level sets with a path reaching the minimum.
PATH_RGB = (0xE6, 0x19, 0x4B)
MINIMUM_RGB = (0x44, 0x01, 0x54)
HIGH_RGB = (0xFD, 0xE7, 0x25)  # viridis' bright end: high loss, round the bowl


def render(size: int) -> np.ndarray:
    """The icon drawn at ``size`` × ``size`` on a transparent image, as RGBA."""
    renderer = QSvgRenderer(str(icon_path()))
    assert renderer.isValid()
    img = QImage(size, size, QImage.Format.Format_RGBA8888)
    img.fill(Qt.GlobalColor.transparent)
    painter = QPainter(img)
    renderer.render(painter)
    painter.end()
    ptr = img.constBits()
    ptr.setsize(img.sizeInBytes())
    rows = np.frombuffer(ptr, np.uint8).reshape(size, img.bytesPerLine())
    return rows[:, : size * 4].reshape(size, size, 4).astype(np.int16).copy()


def near(img: np.ndarray, rgb: tuple[int, int, int], tol: int) -> np.ndarray:
    """Opaque pixels within ``tol`` of ``rgb`` in every channel."""
    return (np.abs(img[..., :3] - np.array(rgb)).max(axis=2) <= tol) & (img[..., 3] > 250)


@pytest.mark.parametrize("size", [16, 32, 48, 256])
def test_the_icon_draws_a_surface_and_a_path_at_every_size(qapp, size):
    img = render(size)
    alpha = img[..., 3]
    # a rounded tile: transparent corners, opaque body
    for y, x in ((0, 0), (0, size - 1), (size - 1, 0), (size - 1, size - 1)):
        assert alpha[y, x] == 0, (size, y, x)
    assert alpha[size // 2, 0] == alpha[0, size // 2] == 255  # the tile fills the square
    assert (alpha == 255).mean() > 0.8
    # not blank: several colours, the path among them, the bright rim and the dark minimum
    assert img[alpha == 255][:, :3].std(axis=0).max() > 40
    n = size * size
    assert near(img, PATH_RGB, 40).sum() >= max(3, n // 60), size
    assert near(img, HIGH_RGB, 30).sum() >= n // 10, size
    if size >= 32:
        # the minimum: the darkest colour of the map, right of the path's end (146/256)
        c = round(146 * size / 256)
        centre = img[c - size // 8 : c + size // 8, c - size // 8 : c + size // 8, :3]
        assert centre.sum(axis=2).min() < 240, size  # viridis' two darkest bands only
    if size >= 48:
        assert near(img, MINIMUM_RGB, 40).sum() >= 2, size


def test_the_path_runs_from_the_upper_left_down_to_the_minimum(qapp):
    """The path's pixels span the tile from its upper left to the bowl's dark centre, which
    lies below and right of the start (the optimizer descends)."""
    img = render(256)
    ys, xs = np.nonzero(near(img, PATH_RGB, 40))
    assert xs.min() < 40 and ys.min() < 45  # the start, near the upper-left corner
    dark_y, dark_x = np.nonzero(near(img, MINIMUM_RGB, 40))
    cy, cx = dark_y.mean(), dark_x.mean()
    assert 120 < cx < 170 and 120 < cy < 170
    # the path reaches the minimum: some path pixel lies within 16 px of the dark centre
    assert np.hypot(xs - cx, ys - cy).min() < 16


def test_every_window_gets_the_application_icon(gl, qtbot):
    from gradscape.app.model.state import AppState
    from gradscape.app.runtime import application
    from gradscape.app.windows.main_window import MainWindow

    app = application()  # (the test's application: the icon is set on it too)
    assert not app.windowIcon().isNull()
    st = AppState()
    st.grid = 20
    win = MainWindow(st, persist=False)
    qtbot.addWidget(win)
    icon = win.windowIcon()
    assert not icon.isNull()
    pix = icon.pixmap(32, 32).toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    assert (pix.width(), pix.height()) == (32, 32)
    ptr = pix.constBits()
    ptr.setsize(pix.sizeInBytes())
    arr = np.frombuffer(ptr, np.uint8).reshape(32, pix.bytesPerLine())[:, :128].reshape(32, 32, 4)
    assert near(arr.astype(np.int16), PATH_RGB, 40).sum() >= 10
