"""Cutting a drawn path to a rectangle around the view (app.model.arrays.clip_polyline, and
ThinPath's ``clip``): the pieces inside, exactly; nothing outside; the same prefix whether
cut at once or step by step; and how long the drawn line is in pixels."""

from __future__ import annotations

import numpy as np
import pytest

from gradscape.app.model.arrays import PathLOD, ThinPath, clip_polyline, clip_segments

RECT = (-1.0, 1.0, -2.0, 2.0)
NAN = [np.nan, np.nan]


def test_a_polyline_inside_is_itself_bit_for_bit():
    pts = np.random.default_rng(0).uniform([-0.99, -1.99], [0.99, 1.99], (500, 2))
    out, ends, open_ = clip_polyline(pts, RECT)
    assert out is not pts and np.array_equal(out, pts)
    assert list(ends) == list(range(1, 501)) and open_.all()


def test_a_polyline_leaving_and_coming_back_is_cut_on_the_edge_in_its_own_direction():
    pts = np.array([[0, 0], [0.5, 0], [3, 0], [3, 3], [0.5, 1.5], [0, 0], [5, 10],
                    [-5, -10], [np.nan, 0], [0.1, 0.1], [0.2, 0.3]])  # fmt: skip
    out, ends, open_ = clip_polyline(pts, RECT)
    want = [
        [0, 0], [0.5, 0], [1, 0],  # leaves through x = 1, along y = 0
        NAN, [1, 1.8], [0.5, 1.5], [0, 0], [1, 2],  # (3, 3)→(0.5, 1.5) comes in at x = 1
        NAN, [1, 2], [-1, -2],  # (5, 10)→(−5, −10) crosses the corners
        NAN, [0.1, 0.1], [0.2, 0.3],  # after the non-finite point
    ]  # fmt: skip
    np.testing.assert_allclose(out, np.array(want, dtype=float), rtol=0, atol=1e-15)
    # the prefix of points[:m + 1] is out[:ends[m]]; it ends at points[m] where open_
    assert list(ends) == [1, 2, 3, 3, 6, 7, 8, 11, 11, 11, 14]
    assert list(open_) == [True, True, False, False, True, True, False, False, False, False,
                           True]  # fmt: skip


@pytest.mark.parametrize("seed", range(8))
def test_the_pieces_are_the_polyline_inside_the_rectangle(seed):
    rng = np.random.default_rng(seed)
    pts = rng.uniform([-3, -5], [3, 5], (200, 2))  # jumps in and out of RECT
    out, _, _ = clip_polyline(pts, RECT)
    assert np.isnan(out).any() and len(out) > 10  # (it leaves and comes back)
    x0, x1, y0, y1 = RECT
    finite = out[np.isfinite(out).all(axis=1)]
    assert (finite[:, 0] >= x0 - 1e-12).all() and (finite[:, 0] <= x1 + 1e-12).all()
    assert (finite[:, 1] >= y0 - 1e-12).all() and (finite[:, 1] <= y1 + 1e-12).all()
    keep = np.isfinite(out[:-1]).all(axis=1) & np.isfinite(out[1:]).all(axis=1)
    drawn = (out[:-1][keep], out[1:][keep])
    path = (pts[:-1], pts[1:])

    def distances(p: np.ndarray, segments: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """(points, segments): the distance of each point p to each segment."""
        a, b = segments
        d = b - a
        t = np.einsum("pmk,mk->pm", p[:, None, :] - a[None], d) / np.maximum(
            np.einsum("mk,mk->m", d, d), 1e-300
        )
        near = a[None] + np.clip(t, 0, 1)[..., None] * d[None]
        return np.hypot(*np.moveaxis(near - p[:, None, :], -1, 0))

    def distance(p: np.ndarray, segments: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        return distances(p, segments).min(axis=1)

    # every drawn segment lies on one of the path's segments (both its ends on the same) ...
    a, b = drawn
    assert ((distances(a, path) < 1e-9) & (distances(b, path) < 1e-9)).any(axis=1).all()
    # ... and every point of the path inside the rectangle is on a drawn segment
    t = np.linspace(0, 1, 23)[:, None, None]
    samples = (pts[:-1] + t * (pts[1:] - pts[:-1])).reshape(-1, 2)
    inside = samples[(samples[:, 0] > x0) & (samples[:, 0] < x1) & (samples[:, 1] > y0)
                     & (samples[:, 1] < y1)]  # fmt: skip
    assert len(inside) > 50 and (distance(inside, drawn) < 1e-9).all()


def test_a_segment_with_a_non_finite_end_or_wholly_outside_is_not_drawn():
    p = np.array([[0.0, 0.0], [0.0, 0.0], [2.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    q = np.array([[np.inf, 0.0], [np.nan, 1.0], [3.0, 5.0], [0.0, 0.0], [0.0, 1e300]])
    visible, t0, t1, a, b = clip_segments(p, q, RECT)
    assert list(visible) == [False, False, False, True, True]
    assert t0[3] == 0 and t1[3] == 1 and (a[3] == 0).all() and (b[3] == 0).all()
    np.testing.assert_array_equal(b[4], [0.0, 2.0])  # cut on y = 2, a finite point


@pytest.mark.parametrize("stride", [1, 6])
def test_a_cut_thin_path_is_the_cut_of_its_uncut_prefix_at_every_step(stride):
    rng = np.random.default_rng(stride)
    n = 600
    pts = np.cumsum(rng.normal(0, 0.4, (n, 2)), axis=0)
    pts[333] = np.nan  # (a gap)
    lod = PathLOD(pts, max_points=n // stride)
    cell = (0.01, 0.02)
    cut, whole = ThinPath(lod, cell, RECT), ThinPath(lod, cell)
    assert cut.clip == RECT and lod.stride == stride
    for k in range(n):
        want = clip_polyline(whole.upto(k), RECT)[0]
        np.testing.assert_array_equal(cut.upto(k), want)
        # its length in pixels (a cell is a third of one), up to the last kept point
        _, m, _ = cut._prefix(k)
        head = clip_polyline(whole.kept[:m], RECT)[0]
        d = np.diff(head, axis=0) / (np.array(cell) * 3)
        assert cut.pixels(k) == pytest.approx(np.nansum(np.hypot(d[:, 0], d[:, 1])), rel=1e-12)


def test_a_path_inside_the_rectangle_is_not_cut():
    t = np.linspace(0, 6, 300)
    lod = PathLOD(np.column_stack([0.5 * np.cos(t), 0.5 * np.sin(t)]))
    assert lod.bounds == pytest.approx((-0.5, 0.5, -0.5, 0.5), abs=0.01)
    thin = ThinPath(lod, (0.001, 0.001), RECT)
    assert thin.clip is None  # (nothing to cut: the path is drawn as it was)
    assert thin.pixels(299) == pytest.approx(6 * 0.5 / 0.003, rel=1e-3)  # arc length / px
    gone = lod.points.copy()
    gone[5] = np.inf
    assert PathLOD(gone).bounds is None and ThinPath(PathLOD(gone), None, RECT).clip == RECT
