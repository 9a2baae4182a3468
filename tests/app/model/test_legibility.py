"""Race colours stay visible on every colormap; the legend's corner covers the fewest
points (app.model.legibility)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from gradscape.app.model.choices import COLORMAPS, RUN_COLORS
from gradscape.app.model.compute import colormap
from gradscape.app.model.draw import contour_image
from gradscape.app.model.legibility import (
    MIN_CONTRAST,
    PATH_EDGE,
    PATH_RING,
    contrast,
    hex_rgb,
    legend_place,
    luminance,
    path_contrast,
)
from gradscape.core.surfaces import get_surface
from gradscape.core.trajectory import race


def test_wcag_contrast_against_known_values():
    black, white = np.zeros(3), np.ones(3)
    assert contrast(black, white) == pytest.approx(21.0)
    assert contrast(white, white) == pytest.approx(1.0)
    # WCAG's own examples: #777777 on white is 4.48:1, pure red on white 4.0:1
    assert contrast(hex_rgb("#777777"), white) == pytest.approx(4.48, abs=0.01)
    assert contrast(hex_rgb("#ff0000"), white) == pytest.approx(4.0, abs=0.01)
    assert luminance(np.array([0.0, 1.0, 0.0])) == pytest.approx(0.7152)


@pytest.mark.parametrize("color", RUN_COLORS)
def test_every_run_colour_stands_out_on_its_white_ring(color):
    assert contrast(hex_rgb(color), hex_rgb(PATH_RING)) >= MIN_CONTRAST
    assert contrast(hex_rgb(PATH_EDGE), hex_rgb(PATH_RING)) >= 15


@pytest.mark.parametrize("name", COLORMAPS)
def test_paths_stand_out_on_every_colour_of_every_colormap(qapp, name):
    table = colormap(name).table(256) / 255.0
    for color in RUN_COLORS:
        worst = path_contrast(color, table).min()
        assert worst >= MIN_CONTRAST, (name, color, worst)
    # the run colour alone could not: every colormap runs from dark to light
    lum = luminance(table)
    assert lum.max() / max(lum.min(), 1e-3) > 5


@pytest.mark.parametrize("name", COLORMAPS)
def test_the_colours_under_a_race_on_himmelblau(qapp, name):
    """Eight runs over Himmelblau's basins: the heat-map colour under every point of every
    path, against the path as drawn (edge, ring, colour)."""
    surf = get_surface("himmelblau")
    specs = [("sgd", {"eta": 0.002}), ("msgd", {"eta": 0.002}), ("nag", {"eta": 0.002}),
             ("rmsprop", {"eta": 0.05}), ("adagrad", {"eta": 0.5}), ("adam", {"eta": 0.1}),
             ("adadelta", {}), ("amsgrad", {"eta": 0.1})]  # fmt: skip
    trajs = race(surf, specs, (0.0, -0.5), 150)
    ws, bs, z = surf.grid(120)
    g = SimpleNamespace(ws=ws, bs=bs, z=z)
    img = contour_image(g, g, "linear", colormap(name)).rgba[..., :3] / 255.0
    for color, traj in zip(RUN_COLORS, trajs, strict=True):
        p = traj.params[np.isfinite(traj.params).all(axis=1)]
        i = np.clip(np.rint((p[:, 0] - ws[0]) / (ws[1] - ws[0])).astype(int), 0, len(ws) - 1)
        j = np.clip(np.rint((p[:, 1] - bs[0]) / (bs[1] - bs[0])).astype(int), 0, len(bs) - 1)
        under = img[i, j]
        assert path_contrast(color, under).min() >= MIN_CONTRAST
        # and the ring or the edge always beats the background on its own
        rings = np.maximum(contrast(hex_rgb(PATH_RING), under), contrast(hex_rgb(PATH_EDGE), under))
        assert rings.min() >= 4.5


def test_legend_goes_to_the_corner_with_fewest_points():
    view, size = (400.0, 300.0), (100.0, 60.0)
    # points in the top left and bottom right; the top right is free
    pts = np.array([[20, 20], [50, 40], [380, 280], [350, 260]], float)
    name, (x, y), n = legend_place(pts, view, size, margin=8)
    assert name == "top right" and n == 0
    assert (x, y) == (400 - 100 - 8, 8)
    # a point near the rectangle's edge counts (within the margin)
    pts2 = np.vstack([pts, [[285, 30]], [[30, 250]], [[370, 50]]])
    name, _, n = legend_place(pts2, view, size, margin=8)
    assert (name, n) == ("bottom left", 1)
    # nothing to avoid: the first corner
    assert legend_place(np.zeros((0, 2)), view, size)[0] == "top left"
