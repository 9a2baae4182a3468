"""Arranging arrays for drawing: iso-lines, height scales, ticks (no Qt needed)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradscape.app.model.arrays import (
    HEIGHT,
    HUGE_LOSS,
    Box,
    HeightScale,
    PathLOD,
    ThinPath,
    contour_levels,
    fading_colors,
    fmt,
    isolines,
    nice_ticks,
)


def test_isolines_of_a_plane_are_straight_lines_at_the_level():
    ws = np.linspace(-1, 1, 21)
    bs = np.linspace(-2, 2, 31)
    z = np.add.outer(ws, 0 * bs)  # z = w
    pts = isolines(ws, bs, z, [0.33])
    assert len(pts) > 0 and len(pts) % 2 == 0
    assert np.allclose(pts[:, 0], 0.33)
    # the segments cover the whole b range
    assert pts[:, 1].min() == pytest.approx(-2) and pts[:, 1].max() == pytest.approx(2)


def test_isolines_of_a_paraboloid_are_circles():
    ws = np.linspace(-1, 1, 101)
    z = np.add.outer(ws**2, ws**2)
    pts = isolines(ws, ws, z, [0.25])
    r = np.hypot(pts[:, 0], pts[:, 1])
    # linear interpolation on a 0.02 grid: radius within 1e-3 of 0.5
    assert np.abs(r - 0.5).max() < 1e-3
    ang = np.arctan2(pts[:, 1], pts[:, 0])
    assert np.histogram(ang, bins=8, range=(-math.pi, math.pi))[0].min() > 0


def test_isolines_outside_the_range_are_empty():
    ws = np.linspace(0, 1, 5)
    z = np.add.outer(ws, ws)
    assert isolines(ws, ws, z, [5.0]).shape == (0, 2)


def test_linear_scale_maps_min_and_max_to_the_box():
    z = np.array([[1.0, 2.0], [3.0, 5.0]])
    s = HeightScale.fit(z, "linear")
    assert s.unit(np.array([1.0, 3.0, 5.0])) == pytest.approx([0.0, 0.5, 1.0])
    box = Box((-2.0, 2.0), (0.0, 1.0), s)
    p = box.points(np.array([-2.0, 2.0]), np.array([0.0, 0.5]), np.array([1.0, 5.0]))
    assert np.allclose(p, [[-1.0, -1.0, 0.0], [1.0, 0.0, HEIGHT]])


def test_points_outside_the_domain_stop_just_beyond_the_box():
    s = HeightScale.fit(np.array([0.0, 10.0]), "linear")
    box = Box((-2.0, 2.0), (-2.0, 2.0), s)
    # w = 1e6 (a divergence) and b = -3 (a saddle escape) land 10 % past the edge;
    # the point inside stays where it is
    p = box.points(np.array([1e6, 1.0]), np.array([-3.0, 0.5]), np.array([20.0, 5.0]))
    assert np.allclose(p, [[1.1, -1.1, HEIGHT], [0.5, 0.25, 0.5 * HEIGHT]])


def test_log_scale_spreads_small_values():
    z = np.array([0.0, 1e-3, 1.0])
    s = HeightScale.fit(z, "log")
    u = s.unit(z)
    # three decades between the floor (1e-3 of the span) and the max
    assert u[0] == pytest.approx(0.0)
    lo, hi = math.log10(1e-3), math.log10(1.0 + 1e-3)
    assert u[1] == pytest.approx((math.log10(1e-3 + 1e-3) - lo) / (hi - lo), abs=1e-12)
    assert u[2] == pytest.approx(1.0)
    ticks = s.ticks()
    assert ticks[0] == 0.0 and ticks[-1] == pytest.approx(1.0)


def test_log_ticks_are_round_values_one_per_decade_above_a_nonzero_minimum():
    # minimum 0.00328, maximum 0.1033 (the neuron with three samples): decades of
    # (loss - min) sit at 0.00428, 0.0133, 0.1033, which print as unreadable labels
    z = np.linspace(0.00328, 0.1033, 50)
    s = HeightScale.fit(z, "log")
    ticks = s.ticks(4)
    assert ticks == pytest.approx([0.00328, 0.004, 0.01, 0.1], rel=1e-12)
    u = s.unit(np.array(ticks))
    assert np.all(np.diff(u) >= 0.12)  # no two labels print over each other


@pytest.mark.parametrize("mode", ["linear", "log", "clip"])
@pytest.mark.parametrize(
    "z", [[0.0, 1.7e308], [-1e308, 1e308], [-1.7e308, 0.0], [3.0, 9e307, np.inf, np.nan]]
)
def test_a_grid_spanning_more_than_a_float_holds_is_scaled_without_overflow(z, mode):
    # The monkey's seed 37: a grid up to ~1e308 in log mode made its ticks overflow
    # (10.0 ** 309) in the draw job; ±1e308 made every mode's span infinite.
    z = np.array(z)
    with np.errstate(all="raise"):  # (fit and ticks compute nothing that overflows)
        s = HeightScale.fit(z, mode)
        ticks = s.ticks(4)
    assert all(math.isfinite(v) for v in (s.zmin, s.zmax, s.floor, s.lo, s.hi))
    assert s.hi > s.lo
    assert -HUGE_LOSS <= s.zmin < s.zmax <= HUGE_LOSS
    finite = z[np.isfinite(z)]
    u = s.unit(z)
    # the lowest loss at the bottom, the highest at the top, the rest in order
    assert u[np.argmin(np.where(np.isfinite(z), z, np.inf))] == 0.0
    assert u[np.argmax(np.where(np.isfinite(z), z, -np.inf))] == 1.0
    order = np.argsort(finite)
    assert np.all(np.diff(s.unit(finite[order])) >= 0)
    assert 2 <= len(ticks) <= 5 and all(math.isfinite(t) for t in ticks)
    assert ticks == sorted(ticks)
    tick_u = s.unit(np.array(ticks))
    assert np.all((tick_u >= 0) & (tick_u <= 1))


def test_a_huge_loss_scales_as_the_largest_one_fitted():
    s = HeightScale.fit(np.array([0.0, 1.0, 1e308]), "linear")
    assert s.zmax == HUGE_LOSS
    assert s.unit(np.array([HUGE_LOSS / 2, 1e308, 1.7e308])) == pytest.approx([0.5, 1.0, 1.0])
    # an ordinary grid is fitted on its own numbers
    t = HeightScale.fit(np.array([0.0, 1.0, 1e300]), "linear")
    assert (t.zmin, t.zmax) == (0.0, 1e300)


def test_fmt_exponents_have_no_trailing_zeros():
    assert fmt(1e-4, 3) == "1e-4"
    assert fmt(2.5e-5) == "2.5e-5"
    assert fmt(-2.55e-6) == "-2.55e-6"
    assert fmt(3e10) == "3e10"
    assert fmt(0.25) == "0.25"


def test_clip_scale_flattens_the_top():
    z = np.linspace(0, 100, 101)
    s = HeightScale.fit(z, "clip")
    assert s.zmax == pytest.approx(80.0)
    assert s.unit(np.array([80.0, 100.0])) == pytest.approx([1.0, 1.0])


def test_nice_ticks_are_round_and_cover_the_range():
    assert nice_ticks(-2, 2, 4) == [-2.0, -1.0, 0.0, 1.0, 2.0]
    assert nice_ticks(0, 0.125, 4) == pytest.approx([0.0, 0.05, 0.1])
    assert nice_ticks(3, 3) == [3]


def test_contour_levels_are_evenly_spaced_in_displayed_height():
    s = HeightScale.fit(np.array([0.0, 10.0]), "linear")
    assert contour_levels(s, 4) == pytest.approx([1.25, 3.75, 6.25, 8.75])


def test_fading_colours_go_from_transparent_to_opaque():
    c = fading_colors((1.0, 0.0, 0.0, 1.0), 5)
    assert c.shape == (5, 4)
    assert c[0, 3] == 0.0 and c[-1, 3] == 1.0
    assert np.all(np.diff(c[:, 3]) > 0)
    np.testing.assert_allclose(c[:, 3], np.linspace(0, 1, 5) ** 1.5, rtol=1e-6)
    assert (c[:, :3] == (1.0, 0.0, 0.0)).all()
    # made once per colour, and nobody can change the one every run shares
    assert fading_colors((np.float64(1.0), 0.0, 0.0, 1.0), 5) is c
    assert not c.flags.writeable
    assert fading_colors((1.0, 0.0, 0.0, 0.5), 5)[-1, 3] == 0.5


def test_path_lod_keeps_short_paths_and_decimates_long_ones():
    short = np.arange(30.0).reshape(15, 2)
    lod = PathLOD(short, max_points=20)
    assert np.array_equal(lod.upto(6), short[:7])
    long = np.column_stack([np.arange(10001.0), np.zeros(10001)])
    lod = PathLOD(long, max_points=1000)
    assert lod.stride == 11
    p = lod.upto(5000)
    assert len(p) <= 1000 and p[0, 0] == 0 and p[-1, 0] == 5000  # ends at the current point
    assert np.all(np.diff(p[:, 0]) > 0)
    assert lod.upto(4994)[-1, 0] == 4994  # a multiple of the stride ends exactly there
    assert lod.upto(10**6)[-1, 0] == 10000  # clamped to the path


def _converging(n: int = 301) -> np.ndarray:
    """A spiral into (0.3021, -0.2013) whose steps shrink geometrically, as an optimizer's
    (its end inside a cell of the tests' grid: one astride a cell's edge keeps the points
    that cross it, as many as the steps that do)."""
    t = np.arange(n)
    r = 1.5 * 0.97**t
    return np.column_stack([0.3021 + r * np.cos(0.2 * t), -0.2013 + r * np.sin(0.2 * t)])


def test_a_thin_path_drops_the_points_that_stay_in_their_predecessors_cell():
    points = _converging()
    lod = PathLOD(points)
    cell = (0.004, 0.003)
    thin = ThinPath(lod, cell)
    assert 20 < len(thin.kept) < 2 * len(points) // 3  # (late steps: far less than a cell)
    for k in (0, 1, 7, 150, 299, 300, 10**6):
        drawn, full = thin.upto(k), lod.upto(k)
        # it starts and ends where the path does, keeps its order and its points
        assert np.array_equal(drawn[0], full[0]) and np.array_equal(drawn[-1], full[-1])
        assert all(any(np.array_equal(q, p) for p in full) for q in drawn)
        # and every point left out is in the cell of the point drawn before it
        cells = np.floor(full / cell)
        kept = {tuple(c) for c in np.floor(drawn / cell)}
        assert {tuple(c) for c in cells} == kept
    # a dropped point's predecessor chain: consecutive kept points are in other cells
    c = np.floor(thin.kept / cell)
    assert (c[1:] != c[:-1]).any(axis=1).all()


def test_a_thin_path_without_a_cell_is_its_lod_and_keeps_non_finite_points():
    points = _converging()
    lod = PathLOD(points, max_points=100)
    thin = ThinPath(lod, None)
    for k in (0, 5, 33, 34, 299, 300):
        assert np.array_equal(thin.upto(k), lod.upto(k))
    gone = points.copy()
    gone[200:] = np.nan  # (a run that diverged: drawn up to its last finite point)
    thin = ThinPath(PathLOD(gone), (0.004, 0.003))
    drawn = thin.upto(250)
    assert np.isnan(drawn[-1]).all() and np.isfinite(drawn[0]).all()


def test_a_thin_path_over_a_decimated_long_run_ends_at_the_current_step():
    t = np.arange(20001.0)
    points = np.column_stack([np.cos(t / 3000.0), np.sin(t / 3000.0)])
    lod = PathLOD(points, max_points=1000)
    thin = ThinPath(lod, (0.01, 0.01))
    assert len(thin.kept) < len(lod.coarse)
    for k in (0, 20, 21, 4999, 20000):
        drawn = thin.upto(k)
        assert np.array_equal(drawn[-1], points[k]) and np.array_equal(drawn[0], points[0])


def test_peak_decimate_keeps_short_curves_and_every_peak_of_long_ones():
    from gradscape.app.model.arrays import MAX_CURVE_POINTS, peak_decimate

    x = np.arange(50.0)
    y = np.cos(x)
    xs, ys = peak_decimate(x, y)
    assert xs is x and ys is y  # short: handed over as it is
    n = 100_000
    x = np.arange(1.0, n + 1)
    y = np.exp(-x / 20_000) + 0.01 * np.sin(x / 7)
    y[54_321] = 3.0  # one spike
    y[77_000] = -2.0  # one dip
    y[1_000:1_500] = np.nan  # a gap (a diverged stretch)
    xs, ys = peak_decimate(x, y)
    assert len(xs) <= MAX_CURVE_POINTS and np.all(np.diff(xs) > 0)
    assert np.array_equal(ys, y[(xs - 1).astype(int)], equal_nan=True)  # real points of it
    assert np.nanmax(ys) == 3.0 and np.nanmin(ys) == -2.0
    assert xs[0] <= per_bin(n) and xs[-1] > n - per_bin(n)  # it spans the whole history
    # the gap stays a gap: every bin inside it gives one NaN, none outside it
    inside = (xs > 1_000) & (xs <= 1_500)
    assert np.isnan(ys[inside]).any() and not np.isnan(ys[~inside]).any()


def per_bin(n: int) -> int:
    from gradscape.app.model.arrays import MAX_CURVE_POINTS

    return -(-n // (MAX_CURVE_POINTS // 2))
