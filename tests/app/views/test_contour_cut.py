"""The contour map's paths where a run oscillates across it or leaves it (the GUI monkey's
longest turn, 0.56 s: a diverging run's wide strokes, hundreds of views long, repainted three
times).  A path is cut a margin outside the view (app.model.arrays.clip_polyline) and, once
its drawn line is long (SEGMENT_PIXELS), drawn as separate segments, aliased: the same
pixels, in a fraction of the time Qt takes to fill one self-crossing polyline's outline or to
antialias hundreds of wide strokes."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtWidgets import QGraphicsItem

from gradscape.app.export.capture import grab, image_to_array
from gradscape.app.model.state import AppState
from gradscape.app.views import plots

BOUNCE, DIVERGE = 0, 1


@pytest.fixture
def runs(contour_of):
    """Gradient descent on z = x²/20 + y² from (−7, 2): with η = 1 it bounces between
    y = 2 and y = −2 forever (300 strokes across the map); with η = 1.05 its y grows by
    1.1× a step, out of the map after ten steps, until it is stopped as diverged."""
    st = AppState()
    st.choose_surface("quadratic")
    st.set_optimizer("sgd", 0)
    st.add_run()
    st.set_optimizer("sgd", 1)
    st.set_hyper("eta", 1.0, BOUNCE)
    st.set_hyper("eta", 1.05, DIVERGE)
    st.steps = 300
    st.grid = 40
    return st, contour_of(st, (420, 380))


def _pixels(view) -> np.ndarray:
    return image_to_array(grab(view)).astype(np.int16)


def _shown(view, runs: set[int]) -> None:
    for i in range(2):
        view.state.set_run_shown(i, i in runs)


def _path_pixels(view) -> np.ndarray:
    """Where the paths change the map (the picture with them against the one without)."""
    with_paths = _pixels(view)
    items = (*view.lines, view.edge, view.markers, view.marker_rings, view.start_item)
    shown = [(item, item.isVisible()) for item in items]
    for item, _ in shown:
        item.setVisible(False)
    bare = _pixels(view)
    for item, on in shown:
        item.setVisible(on)
    return np.abs(with_paths - bare).max(axis=-1) > 40


def test_a_run_bouncing_across_the_map_is_drawn_as_segments_with_the_polylines_pixels(
    runs, monkeypatch
):
    st, view = runs
    _shown(view, {BOUNCE})
    line = view.lines[BOUNCE]
    assert view._thin[BOUNCE].pixels(st.step) > 4 * plots.SEGMENT_PIXELS
    assert line.opts["segmentedLineMode"] == "on" and view.edge.opts["segmentedLineMode"] == "on"
    assert not line.opts["antialias"] and not view.edge.opts["antialias"]
    assert view.edge.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache
    x, y = line.getData()
    assert len(x) > 150 and np.nanmax(np.abs(y)) == pytest.approx(2.0)  # (all inside)
    segments = _pixels(view)
    drawn = _path_pixels(view)
    # the same path as one polyline, as it was drawn before
    monkeypatch.setattr(plots, "SEGMENT_PIXELS", float("inf"))
    view._on_step(st.step)
    assert line.opts["segmentedLineMode"] == "off" and view.edge.opts["segmentedLineMode"] == "off"
    assert view.edge.cacheMode() == QGraphicsItem.CacheMode.NoCache
    assert line.opts["antialias"] and view.edge.opts["antialias"]
    polyline = _pixels(view)
    drawn_polyline = _path_pixels(view)
    # The segments are drawn aliased (a hatch this dense shows no staircase; Qt's
    # antialiased wide strokes cost ~30× as much, see test_a_dense_hatch_...): the same
    # pixels are covered, the segments' square ends where the polyline has bevelled corners
    # and the hard edges where it has soft ones aside (measured: 518 of 7 865 covered by
    # one drawing only).  Their colours differ along those edges (2 681 by > 40 levels).
    assert drawn.sum() > 5000
    one_only = (drawn ^ drawn_polyline).sum()
    assert one_only < 0.1 * (drawn | drawn_polyline).sum(), one_only
    inside = drawn & drawn_polyline
    differ = np.abs(segments - polyline).max(axis=-1) > 40
    assert differ.sum() < 0.5 * inside.sum(), (differ.sum(), inside.sum())


def test_a_diverging_run_is_cut_at_the_views_margin_with_the_pixels_it_had(runs, monkeypatch):
    st, view = runs
    _shown(view, {DIVERGE})
    vb = view.getPlotItem().getViewBox()
    (x0, x1), (y0, y1) = vb.viewRange()
    path = view._paths[DIVERGE]
    assert np.abs(path[:, 1]).max() > 300 * (y1 - y0)  # (far off the map, where it diverged)
    x, y = view.lines[DIVERGE].getData()
    mx, my = (plots.CLIP_PIXELS * p for p in vb.viewPixelSize())
    finite = np.isfinite(x) & np.isfinite(y)
    assert np.isnan(y).any() and finite.sum() > 10  # (pieces between its exits)
    assert (x[finite] >= x0 - mx * 1.001).all() and (x[finite] <= x1 + mx * 1.001).all()
    assert (y[finite] >= y0 - my * 1.001).all() and (y[finite] <= y1 + my * 1.001).all()
    cut = _pixels(view)
    drawn = _path_pixels(view)
    # the same path uncut
    monkeypatch.setattr(view, "_clip_rect", lambda: None)
    view._clip = None  # (as before any cut: the view's change makes the paths again)
    view._on_view_changed()
    x, y = view.lines[DIVERGE].getData()
    assert np.nanmax(np.abs(y)) > 300 * (y1 - y0)
    whole = _pixels(view)
    differ = np.abs(cut - whole).max(axis=-1) > 8
    assert drawn.sum() > 1000
    assert differ.sum() <= 10, differ.sum()


def test_a_pan_or_a_zoom_cuts_the_paths_again_for_the_new_view(runs, qtbot):
    st, view = runs
    _shown(view, {BOUNCE, DIVERGE})
    vb = view.getPlotItem().getViewBox()
    (x0, x1), (y0, y1) = vb.viewRange()
    h = (y1 - y0) / 2
    for xr, yr in (((x0, x1), (y0 + h, y1 + h)), ((x0 * 4, x1 * 4), (y0 * 4, y1 * 4))):
        vb.setRange(xRange=xr, yRange=yr, padding=0)
        qtbot.wait(20)
        (a0, a1), (b0, b1) = vb.viewRange()
        mx, my = (plots.CLIP_PIXELS * p for p in vb.viewPixelSize())
        for line in view.lines[:2]:
            x, y = line.getData()
            finite = np.isfinite(x) & np.isfinite(y)
            assert finite.any()
            assert (x[finite] >= a0 - mx * 1.001).all() and (x[finite] <= a1 + mx * 1.001).all()
            assert (y[finite] >= b0 - my * 1.001).all() and (y[finite] <= b1 + my * 1.001).all()


def test_a_dense_hatch_of_oscillating_runs_is_drawn_aliased_over_the_same_pixels(contour_of):
    # The GUI monkey's seed 5: RMSpropGraves swept over η = 100, 1000, 10000 on the
    # quadratic bowl oscillates across a small map ~900 times; with antialiased wide pens
    # every repaint of the map took 230 ms (every action of ~90, each > 250 ms in all), and
    # 10 ms aliased (bench/bench_paths.py measures both).
    from gradscape.core.scene import Scene

    st = AppState()
    st.grid = 40
    hyper = {"rho": 0.95, "eps": 1e-4, "mu": 0.0}
    st.scene = Scene(
        surface="quadratic",
        surface_params={"domain": [[-10.0, 10.0], [-5.0, 5.0]]},
        optimizers=[("rmspropgraves", {"eta": eta, **hyper}) for eta in (100.0, 1e3, 1e4)],
        start=[-2.1654501216545015, 1.5450121654501228],
        steps=500,
    )
    view = contour_of(st, (255, 210))
    wild = [i for i in range(3) if view._thin[i].pixels(st.step) > plots.SEGMENT_PIXELS]
    assert len(wild) >= 2
    for i in wild:
        line = view.lines[i]
        assert line.opts["segmentedLineMode"] == "on" and not line.opts["antialias"]
    assert not view.edge.opts["antialias"]
    aliased = _pixels(view)
    drawn = _path_pixels(view)
    for item in (view.edge, *(view.lines[i] for i in wild)):
        x, y = item.getData()
        item.setData(x, y, antialias=True)
    smooth = _pixels(view)
    drawn_smooth = _path_pixels(view)
    # the same hatch: the pixels it covers are those the antialiased drawing covers, but
    # for its soft edges (measured: 1 605 of 31 954 covered by one drawing only)
    assert drawn.sum() > 0.3 * drawn.size  # (a hatch over most of the map)
    one_only = (drawn ^ drawn_smooth).sum()
    assert one_only < 0.1 * (drawn | drawn_smooth).sum(), one_only
    assert np.abs(aliased - smooth).max(axis=-1).mean() < 20
