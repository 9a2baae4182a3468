"""What a playback frame of the 3D view transfers: only what moved.

During playback only the step changes.  The paths are uploaded once per result and a step
changes how many of their vertices are drawn (a decimated path rewrites one vertex); the
static layer (surface, axes, labels, colour bar) is not drawn again; the legend is not
painted again and the step caption only when its text changes.  Counted, not timed.
"""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtWidgets import QApplication

from gradscape.app.export.capture import grab, image_to_array
from gradscape.app.model.arrays import MAX_PATH_POINTS
from gradscape.app.model.overlays import OVERLAYS
from gradscape.app.model.state import AppState
from gradscape.app.windows.main_window import MainWindow

pytestmark = pytest.mark.gl


@pytest.fixture(autouse=True)
def _private_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADSCAPE_SETTINGS", str(tmp_path / "settings.ini"))


def _window(qtbot, steps: int) -> MainWindow:
    st = AppState()
    st.grid = 40
    st.steps = steps
    w = MainWindow(st)
    w.resize(1000, 700)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(w.compute.is_current, timeout=15000)
    QApplication.processEvents()
    return w


def _frame(qtbot, v) -> np.ndarray:
    n = v.frames
    v.update()
    qtbot.waitUntil(lambda: v.frames > n, timeout=10000)
    QApplication.processEvents()
    return image_to_array(grab(v)).astype(np.int16)


def _counts(v) -> dict[str, int]:
    line, ghost = v.lines[0], v.ghosts[0]
    return {
        "path uploads": line.uploads + ghost.uploads,
        "vertex writes": line.vertex_writes + ghost.vertex_writes,
        "static fills": v.static_fills,
        "legend paints": v.caption.legend.paints,
        "legend uploads": v.caption.legend.uploads,
    }


@pytest.mark.parametrize("overlays", [(), OVERLAYS], ids=["overlays off", "overlays on"])
def test_a_step_moves_the_heads_and_transfers_nothing_else(gl, qtbot, overlays):
    win = _window(qtbot, steps=60)
    st, v = win.state, win.view3d
    st.overlays = overlays  # (the step panel shows up: the layout settles first)
    qtbot.wait(200)
    st.step = 5
    _frame(qtbot, v)
    first = _frame(qtbot, v)
    before = _counts(v)
    caption_paints = v.caption.caption.paints
    assert before["path uploads"] >= 2 and before["static fills"] >= 1
    pictures = []
    for k in (6, 7, 30, 60):
        st.step = k
        pictures.append(_frame(qtbot, v))
        # the drawn path is the run's prefix up to the step (short path: every point)
        assert v.lines[0].count() == k + 1 and len(v.lines[0].pos) == k + 1
        np.testing.assert_array_equal(v.lines[0].pos, st.result.draw.paths3d[0].points[: k + 1])
    # nothing but the moving things was sent again: same path buffers, same static
    # layer, same legend image; the caption was painted once per new text
    assert _counts(v) == before
    assert v.caption.caption.paints == caption_paints + 4
    # and the frames did change: the marker and the path's head moved
    for a, b in zip([first, *pictures], pictures, strict=False):
        assert np.abs(a - b).max() > 60


def test_a_new_result_uploads_the_paths_again(gl, qtbot):
    win = _window(qtbot, steps=60)
    st, v = win.state, win.view3d
    _frame(qtbot, v)
    uploads = v.lines[0].uploads
    st.steps = 40
    qtbot.waitUntil(win.compute.is_current, timeout=15000)
    st.step = 40
    _frame(qtbot, v)
    assert v.lines[0].uploads == uploads + 1
    assert len(v.lines[0].pos) == 41


def test_a_decimated_path_rewrites_one_vertex_per_step(gl, qtbot):
    steps = 3 * MAX_PATH_POINTS  # kept: every third point
    win = _window(qtbot, steps=steps)
    st, v = win.state, win.view3d
    line = v.lines[0]
    points = st.result.draw.paths3d[0].points
    assert line.lod.stride == 4  # ceil(6001 / 2000)
    st.step = 4000  # a kept point: nothing to rewrite
    _frame(qtbot, v)
    uploads, writes = line.uploads, line.vertex_writes
    assert line.count() == 1001
    expect = {
        4001: 1,  # the current point into the slot after the kept ones
        4002: 1,  # the same slot, a new point
        4004: 1,  # a kept point again: the slot gets its own point back
        4005: 1,
        4010: 2,  # another slot: put back the old one, write the new one
    }
    for k, n in expect.items():
        st.step = k
        _frame(qtbot, v)
        assert line.vertex_writes - writes == n, k
        writes = line.vertex_writes
        drawn = line.pos
        assert len(drawn) == line.count() == k // 4 + 1 + (k % 4 != 0)
        np.testing.assert_array_equal(drawn[: k // 4 + 1], points[: k + 1 : 4])
        np.testing.assert_array_equal(drawn[-1], points[k])
    assert line.uploads == uploads
