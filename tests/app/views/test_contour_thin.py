"""The contour map draws each path thinned to a third of its pixel (app.model.arrays.ThinPath):
the same pixels as the whole path, from a fraction of its points, and thinned again for a
new pixel size."""

from __future__ import annotations

import numpy as np
import pytest

from gradscape.app.export.capture import grab, image_to_array
from gradscape.app.model.arrays import ThinPath
from gradscape.app.model.state import AppState


@pytest.fixture
def race(contour_of):
    st = AppState()  # the neuron, the window's default race of eight, 300 steps
    for _ in range(7):
        st.add_run()
    st.steps = 300
    st.grid = 60
    return st, contour_of(st, (380, 360))


def _points_drawn(view) -> int:
    return sum(len(line.getData()[0]) for line in view.lines if line.isVisible())


def _pixels(view) -> np.ndarray:
    return image_to_array(grab(view)).astype(np.int16)


def test_the_thinned_paths_draw_the_pixels_of_the_whole_paths(race):
    st, view = race
    assert len(st.result.runs) == 8
    thinned, n_thin = _pixels(view), _points_drawn(view)
    view._thin = [ThinPath(lod, None) for lod in view._lods]  # every point
    view._on_step(st.step)
    whole, n_whole = _pixels(view), _points_drawn(view)
    assert n_whole == 8 * 301
    assert n_thin < n_whole * 2 // 3  # (the neuron's runs creep by hundredths of a pixel)
    diff = np.abs(thinned - whole).max(axis=-1)
    # the paths cover over a thousand pixels; a handful differ, by a few levels of 255 (the
    # antialiased edge of a line drawn through points up to a third of a pixel apart):
    # measured 4 pixels, at most 16 levels, from 768 of the 2408 points
    assert (np.abs(whole - _pixels_without_paths(view)).max(axis=-1) > 40).sum() > 1000
    assert (diff > 0).sum() <= 20 and diff.max() <= 32, ((diff > 0).sum(), diff.max())


def _pixels_without_paths(view) -> np.ndarray:
    shown = [(item, item.isVisible()) for item in (*view.lines, view.edge)]
    for item, _ in shown:
        item.setVisible(False)
    out = _pixels(view)
    for item, on in shown:
        item.setVisible(on)
    return out


def test_a_resize_thins_the_paths_again_for_the_new_pixel(race, qtbot):
    st, view = race
    cell = view._cell
    assert cell is not None
    view.resize(760, 720)
    qtbot.waitUntil(lambda: view._cell is not None and view._cell[0] < 0.6 * cell[0])
    # every drawn path is thinned for the pixel it is drawn with now, and ends at the step
    vb = view.getPlotItem().getViewBox()
    px = vb.viewPixelSize()
    assert view._cell == pytest.approx((px[0] / 3, px[1] / 3))
    for i, line in enumerate(view.lines[: len(st.result.runs)]):
        x, y = line.getData()
        want = view._thin[i].upto(st.step)
        np.testing.assert_array_equal(np.column_stack([x, y]), want)
        np.testing.assert_array_equal(want[-1], view._paths[i][st.step])
