"""Directions: filter normalisation, PCA against numpy's SVD, exact plane projection."""

import numpy as np
import pytest

from gradscape.core.landscape import (
    Layout,
    Plane,
    get_theta,
    pca_directions,
    project,
    random_directions,
    unflatten,
)
from gradscape.core.network import Network


def _net():
    return Network.from_sizes([5, 7, 4, 3], dtype=np.float64, seed=3)


def test_filter_normalisation_matches_every_units_norm():
    net = _net()
    theta = get_theta(net)
    d1, d2 = random_directions(net, theta, seed=11)
    lay = Layout((5, 7, 4, 3))
    for d in (d1, d2):
        for (wd, bd), (wt, _) in zip(unflatten(d, lay), unflatten(theta, lay), strict=True):
            np.testing.assert_allclose(
                np.linalg.norm(wd, axis=0), np.linalg.norm(wt, axis=0), rtol=1e-12
            )
            assert not bd.any()  # biases untouched by default
    assert not np.allclose(d1, d2)


def test_each_unit_column_is_the_gaussian_column_rescaled():
    lay = Layout((5, 7, 4, 3))
    theta = np.random.default_rng(0).standard_normal(lay.size)
    d1, d2 = random_directions(lay, theta, seed=4)
    rng = np.random.default_rng(4)
    g1, g2 = rng.standard_normal(lay.size), rng.standard_normal(lay.size)
    for d, g in ((d1, g1), (d2, g2)):
        for (wd, _), (wg, _) in zip(unflatten(d, lay), unflatten(g, lay), strict=True):
            ratio = wd / wg  # one positive factor per column
            np.testing.assert_allclose(ratio, np.broadcast_to(ratio[0], ratio.shape), rtol=1e-12)
            assert (ratio > 0).all()


def test_include_bias_scales_each_bias_to_its_own_size():
    lay = Layout((3, 4, 2))
    theta = np.random.default_rng(1).standard_normal(lay.size)
    d1, _ = random_directions([3, 4, 2], theta, seed=2, include_bias=True)
    bias = lay.is_bias()
    np.testing.assert_allclose(np.abs(d1[bias]), np.abs(theta[bias]), rtol=0, atol=0)
    d1_plain, _ = random_directions(lay, theta, seed=2)
    np.testing.assert_array_equal(d1[~bias], d1_plain[~bias])


def test_same_seed_same_directions_and_bad_input():
    net = _net()
    theta = get_theta(net)
    a = random_directions(net, theta, seed=5)
    b = random_directions(net, theta, seed=5)
    np.testing.assert_array_equal(a[0], b[0])
    with pytest.raises(ValueError, match="theta"):
        random_directions(net, theta[:-1])
    with pytest.raises(ValueError, match="theta"):
        random_directions(net, np.full_like(theta, np.nan))


def test_pca_equals_numpys_svd_and_is_orthonormal():
    rng = np.random.default_rng(0)
    final = rng.standard_normal(40)
    ckpts = final + np.cumsum(rng.standard_normal((25, 40)) * [3.0] + 0.1, axis=0)[::-1]
    d1, d2, explained = pca_directions(ckpts, final)
    d = np.stack([d1, d2])
    np.testing.assert_allclose(d @ d.T, np.eye(2), atol=1e-12)
    _, s, vt = np.linalg.svd(ckpts - final)
    for mine, ref in zip(d, vt[:2], strict=True):
        np.testing.assert_allclose(abs(mine @ ref), 1.0, atol=1e-12)
    np.testing.assert_allclose(explained, s[:2] ** 2 / np.sum(s**2), rtol=1e-12)
    assert explained[0] >= explained[1] > 0


def test_pca_of_a_planar_path_recovers_the_plane_and_all_variance():
    rng = np.random.default_rng(2)
    q, _ = np.linalg.qr(rng.standard_normal((30, 2)))
    u, v = q.T
    final = rng.standard_normal(30)
    a, b = rng.standard_normal(12) * 5.0, rng.standard_normal(12)
    ckpts = final + a[:, None] * u + b[:, None] * v
    d1, d2, explained = pca_directions(ckpts, final)
    np.testing.assert_allclose(explained.sum(), 1.0, rtol=1e-12)
    basis = np.stack([u, v])
    for d in (d1, d2):  # both lie in span(u, v)
        np.testing.assert_allclose(np.linalg.norm(basis @ d), 1.0, rtol=1e-12)
    plane = Plane(final, d1, d2)
    back = project(plane, ckpts)
    np.testing.assert_allclose(final + back @ np.stack([d1, d2]), ckpts, atol=1e-10)


def test_pca_rejects_a_path_without_extent():
    with pytest.raises(ValueError, match="checkpoints"):
        pca_directions(np.ones((3, 4)), np.ones(4))
    with pytest.raises(ValueError, match="checkpoints"):
        pca_directions(np.ones(4), np.ones(4))


def test_projection_is_exact_for_plane_points_with_oblique_directions():
    rng = np.random.default_rng(3)
    theta = rng.standard_normal(20)
    d1 = rng.standard_normal(20)
    d2 = 0.8 * d1 + 0.3 * rng.standard_normal(20)  # far from orthogonal
    plane = Plane(theta, d1, d2)
    coords = rng.standard_normal((9, 2)) * 3
    pts = np.stack([plane.point(a, b) for a, b in coords])
    np.testing.assert_allclose(project(plane, pts), coords, rtol=1e-10, atol=1e-10)
    # an off-plane point: the residual is orthogonal to both directions
    p = theta + rng.standard_normal(20)
    c = project(plane, p[None])[0]
    r = p - plane.point(*c)
    np.testing.assert_allclose([r @ d1, r @ d2], [0.0, 0.0], atol=1e-10)


def test_plane_rejects_parallel_directions():
    with pytest.raises(ValueError, match="parallel"):
        Plane(np.zeros(3), np.array([1.0, 2, 3]), np.array([2.0, 4, 6]))
    with pytest.raises(ValueError, match="d2"):
        Plane(np.zeros(3), np.ones(3), np.ones(4))
