"""Legibility rules, without Qt: how a path stays visible on any colormap, and where a
legend covers nothing it explains.

A path on the contour map is drawn in three layers: a dark edge, a white ring, and the
run's colour in the middle.  On a dark part of a colormap the ring stands out, on a
light part the edge does, and the run's colour stands out against its ring: so every
run is visible on every colormap wherever it goes (``tests/app/model/test_legibility.py``
measures it with the WCAG contrast ratio).
"""

from __future__ import annotations

import numpy as np

#: the layers of a drawn path: edge, ring, core (the run's colour) and their widths (px)
PATH_EDGE = "#111111"
PATH_RING = "#ffffff"
CORE_WIDTH = 2.0
RING_WIDTH = CORE_WIDTH + 2.5
EDGE_WIDTH = RING_WIDTH + 2.0
EDGE_ALPHA = 200
#: the least WCAG contrast ratio: of the run's colour against its ring, and of the path
#: (its best layer) against any colormap colour under it (3:1 is WCAG's bound for graphics)
MIN_CONTRAST = 3.0


def hex_rgb(color: str) -> np.ndarray:
    """(3,) floats in [0, 1] of a "#rrggbb" colour."""
    c = color.lstrip("#")
    if len(c) != 6:
        raise ValueError(f"color must be '#rrggbb', got {color!r}")
    return np.array([int(c[i : i + 2], 16) / 255.0 for i in (0, 2, 4)])


def luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB colours (..., 3) in [0, 1]."""
    c = np.asarray(rgb, dtype=np.float64)[..., :3]
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """WCAG 2 contrast ratio (1 … 21) between colours ``a`` and ``b`` (broadcast)."""
    la, lb = luminance(a), luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


def path_contrast(color: str, background: np.ndarray) -> np.ndarray:
    """The drawn path's contrast against each ``background`` colour (..., 3): its best
    layer's (edge, ring or core)."""
    layers = [hex_rgb(c) for c in (PATH_EDGE, PATH_RING, color)]
    return np.max([contrast(layer, background) for layer in layers], axis=0)


#: the legend's candidate places, in order of preference: (x, y) fractions of the free
#: space (0: left/top, 1: right/bottom)
CORNERS = {"top left": (0, 0), "top right": (1, 0), "bottom left": (0, 1), "bottom right": (1, 1)}


def legend_place(
    points: np.ndarray, view: tuple[float, float], legend: tuple[float, float], margin: float = 8
) -> tuple[str, tuple[float, float], int]:
    """The corner where a legend of size ``legend`` (pixels) covers the fewest ``points``
    (pixel positions (N, 2) in a view of size ``view``, y down), its top-left position,
    and how many points it covers there (ties: the first in :data:`CORNERS`).  A point
    counts within ``margin`` of the rectangle (a line's width, a marker's radius)."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    pts = pts[np.isfinite(pts).all(axis=1)]
    best: tuple[str, tuple[float, float], int] | None = None
    for name, (fx, fy) in CORNERS.items():
        x0 = margin + fx * (view[0] - legend[0] - 2 * margin)
        y0 = margin + fy * (view[1] - legend[1] - 2 * margin)
        inside = (
            (pts[:, 0] >= x0 - margin)
            & (pts[:, 0] <= x0 + legend[0] + margin)
            & (pts[:, 1] >= y0 - margin)
            & (pts[:, 1] <= y0 + legend[1] + margin)
        )
        n = int(np.count_nonzero(inside))
        if best is None or n < best[2]:
            best = (name, (x0, y0), n)
    assert best is not None
    return best
