"""Draw data (app.model.draw): the arrays the views show, against closed forms."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from gradscape.app.model.arrays import HEIGHT, LOG_FLOOR, MAX_PATH_POINTS, nice_ticks
from gradscape.app.model.draw import (
    CONTOUR_LINES,
    LIFT,
    Colormap,
    ViewSettings,
    axes3d,
    box_of,
    contour_image,
    curve_y,
    draw_data,
    loss_curves,
    paths3d,
    surface_mesh,
)

#: A ramp from black to (1, 0.5, 0.25): colour = u · (1, 0.5, 0.25), alpha 1.
RAMP = Colormap(
    "ramp", np.array([0.0, 1.0]), np.array([[0.0, 0.0, 0.0, 1.0], [1.0, 0.5, 0.25, 1.0]])
)


def grid(n: int = 41, m: int = 31) -> SimpleNamespace:
    """The paraboloid z = w² + 2b² + 0.5 over [-1, 1] × [-2, 2] (z[i, j] at (ws[i], bs[j]))."""
    ws, bs = np.linspace(-1.0, 1.0, n), np.linspace(-2.0, 2.0, m)
    return SimpleNamespace(ws=ws, bs=bs, z=ws[:, None] ** 2 + 2 * bs[None, :] ** 2 + 0.5)


def expected_unit(z: np.ndarray, mode: str) -> np.ndarray:
    """The normalised height of each mode, written out from its definition."""
    lo, hi = z.min(), z.max()
    if mode == "linear":
        return (z - lo) / (hi - lo)
    if mode == "log":
        floor = LOG_FLOOR * (hi - lo)
        f = lambda v: np.log10(v - lo + floor)  # noqa: E731
        return (f(z) - f(lo)) / (f(hi) - f(lo))
    top = np.quantile(z, 0.8)
    return (np.minimum(z, top) - lo) / (top - lo)


@pytest.mark.parametrize("mode", ["linear", "log", "clip"])
def test_mesh_heights_are_the_loss_under_each_height_mode(mode):
    g = grid()
    box = box_of(g, mode)
    mesh = surface_mesh(g, box, RAMP)
    assert mesh.z.shape == (41, 31) and mesh.z.dtype == np.float32
    np.testing.assert_allclose(mesh.z, expected_unit(g.z, mode) * HEIGHT, atol=1e-6)
    # x and y map the domain onto [-1, 1]
    np.testing.assert_allclose(mesh.x, np.linspace(-1, 1, 41), atol=1e-7)
    np.testing.assert_allclose(mesh.y, np.linspace(-1, 1, 31), atol=1e-7)
    if mode == "clip":  # the top 20 % of the grid is cut flat at the top of the box
        assert np.isclose(mesh.z, HEIGHT).mean() == pytest.approx(0.2, abs=0.01)


def test_mesh_colours_are_the_colormap_at_the_normalised_heights():
    g = grid()
    mesh = surface_mesh(g, box_of(g, "linear"), RAMP)
    u = expected_unit(g.z, "linear").ravel()
    assert mesh.colors.shape == (41 * 31, 4)  # flat, as GLSurfacePlotItem wants them
    np.testing.assert_allclose(mesh.colors[:, :3], u[:, None] * [1.0, 0.5, 0.25], atol=1e-6)
    np.testing.assert_array_equal(mesh.colors[:, 3], 1.0)
    # the lowest point is black, the highest the ramp's end
    np.testing.assert_allclose(mesh.colors[np.argmin(g.z)], [0, 0, 0, 1], atol=1e-7)
    np.testing.assert_allclose(mesh.colors[np.argmax(g.z)], [1, 0.5, 0.25, 1], atol=1e-7)


def test_mesh_normals_of_a_tilted_plane_are_its_normal():
    ws, bs = np.linspace(0.0, 2.0, 9), np.linspace(0.0, 4.0, 11)
    z = 0.3 * ws[:, None] + 0.1 * bs[None, :]  # heights 0 … 1, linear mode: z / 1 * HEIGHT
    mesh = surface_mesh(SimpleNamespace(ws=ws, bs=bs, z=z), box_of(
        SimpleNamespace(ws=ws, bs=bs, z=z), "linear"), RAMP)  # fmt: skip
    # display: x = w - 1 (slope dz/dx = 0.3 * HEIGHT), y = b / 2 - 1 (dz/dy = 0.2 * HEIGHT)
    n = np.array([-0.3 * HEIGHT, -0.2 * HEIGHT, 1.0])
    np.testing.assert_allclose(mesh.normals, np.tile(n / np.linalg.norm(n), (99, 1)), atol=1e-6)


def test_colormap_matches_pyqtgraphs_and_its_image_lookup():
    import pyqtgraph as pg
    import pyqtgraph.functions as fn

    from gradscape.app.model.compute import colormap

    u = np.random.default_rng(1).random((13, 9))
    u[0, :3] = (0.0, 1.0, 0.5)
    for name in ("viridis", "CET-L17"):
        ours, theirs = colormap(name), pg.colormap.get(name)
        np.testing.assert_array_equal(ours.map(u), theirs.map(u, mode="float"))
        np.testing.assert_array_equal(
            ours.table(64), theirs.getLookupTable(0.0, 1.0, 64, alpha=False)
        )
        # the heat map: what ImageItem drew for u with the colormap at levels (0, 1)
        argb, _ = fn.makeARGB(u, lut=theirs.getLookupTable(nPts=256), levels=(0, 1))
        np.testing.assert_array_equal(ours.image(u), argb[..., [2, 1, 0, 3]])


def bilinear(ws, bs, z, pts):
    i = np.clip(np.searchsorted(ws, pts[:, 0]) - 1, 0, len(ws) - 2)
    j = np.clip(np.searchsorted(bs, pts[:, 1]) - 1, 0, len(bs) - 2)
    tx = (pts[:, 0] - ws[i]) / (ws[i + 1] - ws[i])
    ty = (pts[:, 1] - bs[j]) / (bs[j + 1] - bs[j])
    return (
        z[i, j] * (1 - tx) * (1 - ty)
        + z[i + 1, j] * tx * (1 - ty)
        + z[i, j + 1] * (1 - tx) * ty
        + z[i + 1, j + 1] * tx * ty
    )


@pytest.mark.parametrize("mode", ["linear", "log"])
def test_contour_isolines_lie_on_their_levels(mode):
    g3, g2 = grid(41, 31), grid(81, 61)
    c = contour_image(g2, g3, mode, RAMP)
    assert len(c.levels) == CONTOUR_LINES and np.all(np.diff(c.levels) > 0)
    # evenly spaced in the displayed height: level k at u = (k + 1/2) / 12 of the 2D grid
    u = expected_unit(np.append(g2.z.ravel(), c.levels), mode)[-CONTOUR_LINES:]
    np.testing.assert_allclose(u, (np.arange(12) + 0.5) / 12, atol=1e-9)
    assert len(c.iso) > 0 and len(c.iso) % 2 == 0
    # every end point lies on an edge of the 3D grid where the linear interpolation of the
    # loss equals a level: the bilinear value there is that level (to rounding)
    z_at = bilinear(g3.ws, g3.bs, g3.z, c.iso)
    nearest = c.levels[np.argmin(np.abs(z_at[:, None] - c.levels[None, :]), axis=1)]
    np.testing.assert_allclose(z_at, nearest, rtol=1e-9, atol=1e-12)
    # and on the true ellipses w² + 2b² = level − 0.5 to interpolation accuracy (h² ~ 0.02)
    true = c.iso[:, 0] ** 2 + 2 * c.iso[:, 1] ** 2 + 0.5
    assert np.abs(true - nearest).max() < 0.03


def test_contour_image_is_the_colormap_of_the_normalised_heat_map():
    g3, g2 = grid(21, 21), grid(41, 41)
    c = contour_image(g2, g3, "linear", RAMP)
    u = expected_unit(g2.z, "linear")
    idx = np.minimum((u * 256).astype(int), 255)
    expect = (np.linspace(0, 1, 256)[:, None] * np.array([255, 127, 63])).astype(np.uint8)[idx]
    assert c.rgba.shape == (41, 41, 4)
    np.testing.assert_array_equal(c.rgba[..., :3], expect)
    # pixel centres on the grid points: the image spans half a cell beyond each edge
    assert c.rect == pytest.approx((-1.025, -2.05, 2.05, 4.1))


def test_paths_float_above_the_loss_and_decimate_long_runs():
    g = grid()
    box = box_of(g, "linear")
    w = np.linspace(-0.5, 0.5, 5001)
    b = np.linspace(1.0, 0.0, 5001)
    traj = SimpleNamespace(params=np.c_[w, b], loss=w**2 + 2 * b**2 + 0.5)
    (path,) = paths3d(box, [traj])
    expect_z = (traj.loss - g.z.min()) / (g.z.max() - g.z.min()) * HEIGHT + LIFT
    np.testing.assert_allclose(path.points[:, 2], expect_z, atol=1e-6)
    np.testing.assert_allclose(path.points[:, 0], w, atol=1e-6)  # w ∈ [-1, 1] -> itself
    np.testing.assert_allclose(path.points[:, 1], b / 2, atol=1e-6)
    drawn = path.lod.upto(4321)
    assert len(drawn) <= MAX_PATH_POINTS + 1
    np.testing.assert_array_equal(drawn[-1], path.points[4321])


def test_loss_curves_log_axis_range_and_downsampling():
    loss = np.array([4.0, 1.0, 0.01, 0.0, 0.01])
    np.testing.assert_array_equal(curve_y(loss, False), loss)
    np.testing.assert_allclose(curve_y(loss, True), [np.log10(4), 0, -2, -5, -2])
    long = SimpleNamespace(loss=np.linspace(1.0, 2.0, 5001))
    c = loss_curves([SimpleNamespace(loss=loss), long], log_loss=False)
    assert c.label == "loss" and c.downsample == [1, 5]
    assert c.yrange == pytest.approx((0.0 - 0.24, 4.0 + 0.24))
    assert loss_curves([SimpleNamespace(loss=loss)], True).label == "log₁₀ loss"


@pytest.mark.parametrize(("mode", "title"), [("linear", "loss"), ("log", "loss (log)")])
def test_axes_ticks_and_colour_bar(mode, title):
    g = grid()
    box = box_of(g, mode)
    ax = axes3d(box, ("x", "y"), RAMP)
    assert ax.colorbar_title == title
    assert ax.colorbar.shape == (64, 3) and tuple(ax.colorbar[-1]) == (255, 127, 63)
    # each colour-bar tick sits at its loss value's normalised height
    ticks = box.scale.ticks(4)
    u = expected_unit(np.append(g.z.ravel(), ticks), mode)[-len(ticks) :]
    np.testing.assert_allclose([t for t, _ in ax.colorbar_ticks], u, atol=1e-9)
    texts = [lb.text for lb in ax.labels]
    assert {"x", "y", "loss"} <= set(texts)
    # one w tick per round value, on the front edge at its display x
    wt = [lb for lb in ax.labels if lb.align == "center" and not lb.bold]
    assert [float(lb.pos[0]) for lb in wt] == pytest.approx(list(box.x(nice_ticks(-1, 1, 4))))


def test_draw_data_gathers_everything_for_its_settings():
    g3, g2 = grid(21, 21), grid(41, 41)
    traj = SimpleNamespace(params=np.array([[0.5, 1.0], [0.0, 0.0]]), loss=np.array([2.75, 0.5]))
    s = ViewSettings("log", "ramp", True)
    d = draw_data(g3, g2, [traj], ("w", "b"), s, RAMP)
    assert d.settings == s and d.box.scale.mode == "log"
    np.testing.assert_allclose(d.mesh.z, expected_unit(g3.z, "log") * HEIGHT, atol=1e-6)
    np.testing.assert_array_equal(d.paths2d[0].points, traj.params)
    np.testing.assert_allclose(d.curves.y[0], np.log10(traj.loss))
    with pytest.raises(ValueError, match="cmap must be 'viridis', got 'ramp'"):
        draw_data(g3, g2, [traj], ("w", "b"), ViewSettings(colormap="viridis"), RAMP)
