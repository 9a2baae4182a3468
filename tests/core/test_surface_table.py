"""The C¹ bicubic interpolant of a table (core.surfaces._table.BicubicTable)."""

from __future__ import annotations

import numpy as np
import pytest

from gradscape.core.surfaces import BicubicTable
from gradscape.core.surfaces._table import node_slopes

X = np.array([-1.0, -0.6, -0.1, 0.3, 0.35, 1.2, 2.0])  # non-uniform on purpose
Y = np.array([-2.0, -1.0, 0.5, 0.9, 1.5])


def quad(a, b):
    return 1.0 + 2.0 * a - 3.0 * b + 0.5 * a * a - 1.5 * a * b + 2.0 * b * b


def quad_grad(a, b):
    return 2.0 + a - 1.5 * b, -3.0 - 1.5 * a + 4.0 * b


def random_table(seed=0):
    rng = np.random.default_rng(seed)
    return BicubicTable(X, Y, rng.normal(size=(len(Y), len(X))))


def inside(n, seed=1):
    rng = np.random.default_rng(seed)
    return rng.uniform(X[0], X[-1], n), rng.uniform(Y[0], Y[-1], n)


def test_the_interpolant_equals_the_table_at_every_node():
    t = random_table()
    a, b = np.meshgrid(X, Y)  # rows follow beta, as the table
    f, _, _ = t(a, b)
    np.testing.assert_allclose(f, t.values, rtol=0, atol=1e-13)
    np.testing.assert_array_equal(t.value(a, b), f)


def test_a_quadratic_table_is_reproduced_exactly_with_its_gradient():
    a, b = np.meshgrid(X, Y)
    t = BicubicTable(X, Y, quad(a, b))
    pa, pb = inside(500)
    f, ga, gb = t(pa, pb)
    np.testing.assert_allclose(f, quad(pa, pb), rtol=0, atol=1e-12)
    ea, eb = quad_grad(pa, pb)
    np.testing.assert_allclose(ga, ea, rtol=0, atol=1e-11)
    np.testing.assert_allclose(gb, eb, rtol=0, atol=1e-11)


def test_node_slopes_are_the_derivative_of_a_parabola_on_an_uneven_axis():
    f = 3.0 - 2.0 * X + 0.7 * X * X
    np.testing.assert_allclose(node_slopes(X, f, 0), -2.0 + 1.4 * X, rtol=0, atol=1e-12)
    # two nodes: the secant
    np.testing.assert_allclose(node_slopes(np.array([0.0, 2.0]), np.array([1.0, 5.0]), 0), [2, 2])


@pytest.mark.parametrize("where", ["inside", "outside"])
def test_gradient_equals_central_differences_of_the_interpolant(where):
    t = random_table(3)
    if where == "inside":
        pa, pb = inside(300, 4)
    else:  # beyond every edge and corner: the tangent continuation
        rng = np.random.default_rng(5)
        pa = rng.uniform(X[0] - 1.5, X[-1] + 1.5, 300)
        pb = rng.uniform(Y[0] - 1.5, Y[-1] + 1.5, 300)
    _, ga, gb = t(pa, pb)
    h = 1e-6
    fd_a = (t.value(pa + h, pb) - t.value(pa - h, pb)) / (2 * h)
    fd_b = (t.value(pa, pb + h) - t.value(pa, pb - h)) / (2 * h)
    scale = 1.0 + np.abs(ga) + np.abs(gb)
    assert np.max(np.abs(ga - fd_a) / scale) < 1e-6
    assert np.max(np.abs(gb - fd_b) / scale) < 1e-6


def test_value_and_gradient_are_continuous_across_cells_and_the_table_edge():
    t = random_table(7)
    e = 1e-9
    b = np.linspace(Y[0] - 0.5, Y[-1] + 0.5, 41)
    for x in X:  # every node line, the two edges included
        lo = t(np.full_like(b, x - e), b)
        hi = t(np.full_like(b, x + e), b)
        for u, v in zip(lo, hi, strict=True):
            np.testing.assert_allclose(u, v, rtol=0, atol=1e-6)
    a = np.linspace(X[0] - 0.5, X[-1] + 0.5, 41)
    for y in Y:
        lo = t(a, np.full_like(a, y - e))
        hi = t(a, np.full_like(a, y + e))
        for u, v in zip(lo, hi, strict=True):
            np.testing.assert_allclose(u, v, rtol=0, atol=1e-6)


def test_outside_the_table_each_axis_continues_along_its_tangent():
    a, b = np.meshgrid(X, Y)
    t = BicubicTable(X, Y, quad(a, b))
    # beyond alpha's end, on a node line of beta: f(x_end) + f'(x_end)·d, exactly
    d = 0.8
    f, ga, _ = t(X[-1] + d, 0.5)
    ea, _ = quad_grad(X[-1], 0.5)
    assert f == pytest.approx(quad(X[-1], 0.5) + ea * d, abs=1e-12)
    assert ga == pytest.approx(ea, abs=1e-12)
    assert t.domain == ((-1.0, 2.0), (-2.0, 1.5))


def test_a_smooth_function_converges_at_third_order():
    def g(a, b):
        return np.sin(2 * a) * np.cos(b) + 0.3 * a * b

    pa, pb = np.random.default_rng(9).uniform(-1, 1, (2, 2000))
    errors = []
    for n in (11, 21, 41):
        ax = np.linspace(-1, 1, n)
        aa, bb = np.meshgrid(ax, ax)
        t = BicubicTable(ax, ax, g(aa, bb))
        errors.append(np.max(np.abs(t.value(pa, pb) - g(pa, pb))))
    # halving the spacing divides the error by about 2³ = 8 (the slopes are 2nd order)
    assert errors[0] / errors[1] > 5.0 and errors[1] / errors[2] > 5.0
    assert errors[2] < 1e-4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((X, Y, np.zeros((len(X), len(Y)))),
         r"values must have shape \(len\(beta\), len\(alpha\)\) = \(5, 7\)"),
        ((X[::-1], Y, np.zeros((5, 7))), r"alpha must be strictly increasing; alpha\[0\] = 2"),
        ((X, np.array([0.0, 1.0, 1.0, 2.0, 3.0]), np.zeros((5, 7))),
         r"beta\[1\] = 1 is followed by"),
        ((X[:1], Y, np.zeros((5, 1))), r"alpha must be a 1-D array of at least 2 numbers"),
        ((np.array([0.0, np.inf]), Y, np.zeros((5, 2))), r"alpha must hold finite numbers"),
        ((X, Y, np.ones((5, 7)) * np.where(np.arange(7) == 3, np.nan, 1.0)),
         r"values\[0, 3\] \(beta = -2, alpha = 0.3\) is nan \(5 non-finite in all\)"),
        ((X, Y, "nope"), r"values must be an array of numbers"),
    ],
)  # fmt: skip
def test_bad_tables_are_refused_naming_the_argument(args, message):
    with pytest.raises(ValueError, match=message):
        BicubicTable(*args)
