"""A trained network's loss landscape: directions in parameter space, loss grids over
planes, projected training paths, Hessian-vector products and sharpness (no Qt)."""

from gradscape.core.landscape._compute import DATASETS, LandscapeSpec, compute_landscape
from gradscape.core.landscape._directions import Plane, pca_directions, project, random_directions
from gradscape.core.landscape._eigen import Cancelled
from gradscape.core.landscape._file import DIRECTIONS, Landscape
from gradscape.core.landscape._grid import evaluate_points, interpolate, loss_grid, plane_losses
from gradscape.core.landscape._hessian import (
    HessianOperator,
    gradient,
    hvp,
    hvp_fd,
    lambda_max,
    lanczos,
    power_iteration,
    top_eigenpairs,
)
from gradscape.core.landscape._params import (
    Layout,
    flatten,
    get_theta,
    layout_of,
    set_theta,
    unflatten,
)
from gradscape.core.landscape._sharpness import (
    SharpnessTracker,
    limit_applies_to,
    preconditioned_lambda_max,
    preconditioner,
    stability_limit,
)

__all__ = [
    "DATASETS",
    "DIRECTIONS",
    "Cancelled",
    "HessianOperator",
    "Landscape",
    "LandscapeSpec",
    "Layout",
    "Plane",
    "SharpnessTracker",
    "compute_landscape",
    "evaluate_points",
    "flatten",
    "get_theta",
    "gradient",
    "hvp",
    "hvp_fd",
    "interpolate",
    "lambda_max",
    "lanczos",
    "layout_of",
    "limit_applies_to",
    "loss_grid",
    "pca_directions",
    "plane_losses",
    "power_iteration",
    "preconditioned_lambda_max",
    "preconditioner",
    "project",
    "random_directions",
    "set_theta",
    "stability_limit",
    "top_eigenpairs",
    "unflatten",
]
