"""The six-hump camel: hand values, Hessian against finite differences of the gradient,
its six minima against their published values."""

from __future__ import annotations

import numpy as np
import pytest

from gradscape.core.surfaces import get_surface


def test_hand_computed_values_and_gradients():
    s = get_surface("Six-hump camel")
    # (1, 1): (4 − 2.1 + 1/3)·1 + 1 + (−4 + 4)·1
    assert s.loss(1.0, 1.0) == pytest.approx(4 - 2.1 + 1 / 3 + 1, abs=1e-14)
    # (1, 1): ∂x = 8 − 8.4 + 2 + 1, ∂y = 1 − 8 + 16
    np.testing.assert_allclose(s.grad(1.0, 1.0), (2.6, 9.0), rtol=1e-14)
    assert s.loss(0.0, 0.0) == 0.0 and s.grad(0.0, 0.0) == (0.0, 0.0)


def test_hessian_equals_finite_differences_of_the_gradient():
    s = get_surface("sixhumpcamel")
    rng = np.random.default_rng(3)
    w, b = rng.uniform(-3, 3, 50), rng.uniform(-2, 2, 50)
    h = s.hessian(w, b)
    eps = 1e-6
    gwp, gbp = s.grad(w + eps, b)
    gwm, gbm = s.grad(w - eps, b)
    np.testing.assert_allclose(h[:, 0, 0], (gwp - gwm) / (2 * eps), rtol=1e-7, atol=1e-6)
    np.testing.assert_allclose(h[:, 1, 0], (gbp - gbm) / (2 * eps), rtol=1e-7, atol=1e-6)
    gwp, gbp = s.grad(w, b + eps)
    gwm, gbm = s.grad(w, b - eps)
    np.testing.assert_allclose(h[:, 0, 1], (gwp - gwm) / (2 * eps), rtol=1e-7, atol=1e-6)
    np.testing.assert_allclose(h[:, 1, 1], (gbp - gbm) / (2 * eps), rtol=1e-7, atol=1e-6)
    assert s.hessian(0.5, 0.5).shape == (2, 2)
    # 8 − 25.2·0.25 + 10·0.0625, 1, −8 + 48·0.25
    np.testing.assert_allclose(s.hessian(0.5, 0.5), [[2.325, 1.0], [1.0, 4.0]], rtol=1e-14)


def test_six_minima_match_their_published_values():
    s = get_surface("sixhumpcamel")
    pts = np.array([*s.minima, *s.local_minima])
    published = [
        ((0.0898, -0.7126), -1.0316),
        ((-0.0898, 0.7126), -1.0316),
        ((1.7036, -0.7961), -0.2155),
        ((-1.7036, 0.7961), -0.2155),
        ((1.6071, 0.5687), 2.1043),
        ((-1.6071, -0.5687), 2.1043),
    ]
    for p, (q, f) in zip(pts, published, strict=True):
        np.testing.assert_allclose(p, q, atol=1e-4)
        assert s.loss(*p) == pytest.approx(f, abs=1e-4)
        gw, gb = s.grad(*p)
        assert abs(gw) < 1e-12 and abs(gb) < 1e-12
        assert (np.linalg.eigvalsh(s.hessian(*p)) > 0).all()
    # the global value is the least on a fine grid of the domain
    _, _, z = s.grid(400)
    assert z.min() >= s.min_value - 1e-12
    assert "−1.03163" in s.minimum_text or "-1.03163" in s.minimum_text
