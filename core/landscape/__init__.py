"""A trained network's loss landscape: directions in parameter space, loss grids over
planes, projected training paths, Hessian-vector products and sharpness (no Qt)."""

from core.landscape._hessian import (
    Cancelled,
    HessianOperator,
    gradient,
    hvp,
    hvp_fd,
    lambda_max,
    lanczos,
    power_iteration,
    top_eigenpairs,
)
from core.landscape._params import Layout, flatten, get_theta, layout_of, set_theta, unflatten
from core.landscape._sharpness import (
    SharpnessTracker,
    limit_applies_to,
    preconditioned_lambda_max,
    preconditioner,
    stability_limit,
)

__all__ = [
    "Cancelled",
    "HessianOperator",
    "Layout",
    "SharpnessTracker",
    "flatten",
    "get_theta",
    "gradient",
    "hvp",
    "hvp_fd",
    "lambda_max",
    "lanczos",
    "layout_of",
    "limit_applies_to",
    "power_iteration",
    "preconditioned_lambda_max",
    "preconditioner",
    "set_theta",
    "stability_limit",
    "top_eigenpairs",
    "unflatten",
]
