"""Plain gradient descent's stability hint: η·λmax < 2."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gradscape.core.surfaces import Surface


def stability(surface: Surface, w: float, b: float, eta: float) -> dict[str, Any]:
    """Plain gradient descent's stability at (w, b): η·λmax < 2.

    Near a point where the Hessian's largest eigenvalue is λmax, plain gradient descent
    multiplies the error along that eigenvector by (1 − η·λmax) each step, so it grows
    when η·λmax > 2.

    Returns
    -------
    dict
        ``lambda_max`` (largest Hessian eigenvalue), ``limit`` (2/λmax, inf when λmax ≤ 0),
        ``stable`` (η < limit) and ``text`` (a sentence for the user).
    """
    if (
        isinstance(eta, bool)
        or not isinstance(eta, (int, float))
        or not (math.isfinite(eta) and eta > 0)
    ):
        raise ValueError(f"eta must be a finite number > 0, got {eta!r}")
    with np.errstate(all="ignore"):
        h = np.asarray(surface.hessian(float(w), float(b)), dtype=np.float64)
        if not np.isfinite(h).all():
            return {
                "lambda_max": math.nan,
                "limit": math.nan,
                "stable": False,
                "text": f"the curvature at (w, b) = ({w:.4g}, {b:.4g}) is not finite",
            }
        lam = float(np.linalg.eigvalsh(0.5 * (h + h.T))[-1])
    if lam <= 0.0:
        return {
            "lambda_max": lam,
            "limit": math.inf,
            "stable": True,
            "text": (
                f"λmax = {lam:.3g} ≤ 0: the surface curves down here, so curvature puts no "
                "limit on η"
            ),
        }
    prod = eta * lam
    stable = prod < 2.0
    sign, verdict = ("<", "stable") if stable else (">", "unstable")
    if prod == 2.0:
        sign = "="
    return {
        "lambda_max": lam,
        "limit": 2.0 / lam,
        "stable": stable,
        "text": (
            f"η·λmax = {prod:.3g} {sign} 2: plain gradient descent is {verdict} here "
            f"(λmax = {lam:.3g}, so η must stay below {2.0 / lam:.3g})"
        ),
    }
