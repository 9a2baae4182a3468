"""A trained network's loss landscape: directions in parameter space, loss grids over
planes, projected training paths, Hessian-vector products and sharpness (no Qt)."""

from core.landscape._compute import DATASETS, LandscapeSpec, compute_landscape
from core.landscape._directions import Plane, pca_directions, project, random_directions
from core.landscape._file import DIRECTIONS, Landscape
from core.landscape._grid import (
    Cancelled,
    evaluate_points,
    interpolate,
    loss_grid,
    plane_losses,
)
from core.landscape._params import Layout, flatten, get_theta, layout_of, set_theta, unflatten

__all__ = [
    "DATASETS",
    "DIRECTIONS",
    "Cancelled",
    "Landscape",
    "LandscapeSpec",
    "Layout",
    "Plane",
    "compute_landscape",
    "evaluate_points",
    "flatten",
    "get_theta",
    "interpolate",
    "layout_of",
    "loss_grid",
    "pca_directions",
    "plane_losses",
    "project",
    "random_directions",
    "set_theta",
    "unflatten",
]
