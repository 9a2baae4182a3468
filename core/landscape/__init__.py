"""A trained network's loss landscape: directions in parameter space, loss grids over
planes, projected training paths, Hessian-vector products and sharpness (no Qt)."""

from core.landscape._params import Layout, flatten, get_theta, layout_of, set_theta, unflatten

__all__ = ["Layout", "flatten", "get_theta", "layout_of", "set_theta", "unflatten"]
