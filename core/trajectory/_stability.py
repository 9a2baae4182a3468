"""Each optimizer's stability hint at a point: its own limit on η·λmax where it has one.

Near a point where the Hessian's largest eigenvalue is λmax, a rule's update is a linear
recursion along that eigenvector; it grows once η·λmax passes the rule's limit.  The limits
are those of :func:`core.landscape.stability_limit` (one table for networks and surfaces):

* SGD 2; Momentum SGD (2 + 2μ)/(1 − τ) (torch form) or (2 + 2μ)/(1 − μ) (series form);
  NAG (2 + 2μ)/(1 + 2μ), series form divided by (1 − μ) as well;
* QHM (2 + 2β)/(1 + β − 2νβ) (ν = 0: SGD's 2; ν = 1: the normalised momentum's
  (2 + 2β)/(1 − β));
* Adam, AdamW, AMSGrad, RMSprop bound the *preconditioned* curvature λmax(P⁻¹H), whose P
  changes as they learn: no fixed limit on η·λmax;
* Newton's step rescales by H⁻¹: η < 2 whatever the curvature (where H is positive definite);
* the others: no simple limit.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.surfaces import Surface


def stability(
    surface: Surface,
    w: float,
    b: float,
    eta: float,
    optimizer: str = "sgd",
    hyper: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The stability of ``optimizer`` (with ``hyper``, η = ``eta``) at (w, b).

    Returns
    -------
    dict
        ``lambda_max`` (largest Hessian eigenvalue), ``bound`` (the rule's limit c on
        η·λmax, None without one), ``limit`` (the largest stable η, c/λmax; inf when
        λmax ≤ 0; None without a limit), ``stable`` (η < limit; None without a limit),
        ``kind`` (which limit: "bound" — η·λmax < bound —, "preconditioned" — ``bound`` then
        limits η·λmax(P⁻¹H) —, "newton", "none", "not finite") and ``text`` (a sentence for
        the user).
    """
    if (
        isinstance(eta, bool)
        or not isinstance(eta, (int, float))
        or not (math.isfinite(eta) and eta > 0)
    ):
        raise ValueError(f"eta must be a finite number > 0, got {eta!r}")
    from gradscape.core.landscape._sharpness import limit_applies_to, stability_limit

    cls = OPTIMIZERS[optimizer]
    name = "plain gradient descent" if cls.__name__ == "SGD" else cls.display_name
    with np.errstate(all="ignore"):
        h = np.asarray(surface.hessian(float(w), float(b)), dtype=np.float64)
        if not np.isfinite(h).all():
            return {
                "lambda_max": math.nan,
                "bound": None,
                "limit": math.nan,
                "stable": False,
                "kind": "not finite",
                "text": f"the curvature at (w, b) = ({w:.4g}, {b:.4g}) is not finite",
            }
        lam = float(np.linalg.eigvalsh(0.5 * (h + h.T))[-1])
    given = {k: v for k, v in (hyper or {}).items() if k in {p.name for p in cls.params}}
    given["eta"] = float(eta) if "eta" in {p.name for p in cls.params} else given.get("eta")
    given = {k: v for k, v in given.items() if v is not None}
    out: dict[str, Any] = {
        "lambda_max": lam, "bound": None, "limit": None, "stable": None, "kind": "bound"
    }  # fmt: skip
    applies = limit_applies_to(optimizer)
    if applies == "preconditioned":
        bound = float(stability_limit(optimizer, given) or math.nan) * eta
        out.update(kind="preconditioned", bound=bound)
        out["text"] = (
            f"{name}'s limit bounds the preconditioned curvature: η·λmax(P⁻¹H) < {bound:.3g}, "
            "with P from its running second moment, which changes as it learns: no fixed "
            f"limit on η·λmax (here λmax = {lam:.3g})"
        )
        return out
    if cls.__name__ == "Newton":
        out.update(bound=None, limit=2.0, stable=eta < 2.0, kind="newton")
        verdict = "stable" if eta < 2.0 else "unstable"
        out["text"] = (
            f"Newton's step rescales by H⁻¹, so its limit is η < 2 whatever the curvature: "
            f"η = {eta:.3g} is {verdict} where H is positive definite"
        )
        return out
    limit = stability_limit(optimizer, given) if applies == "lambda_max" else None
    if limit is None:
        out["kind"] = "none"
        out["text"] = f"{name} has no simple limit on η·λmax (here λmax = {lam:.3g})"
        return out
    bound = float(limit) * eta  # the limit on η·λmax (the table's limits scale as 1/η)
    out["bound"] = bound
    if lam <= 0.0:
        out.update(limit=math.inf, stable=True)
        out["text"] = (
            f"λmax = {lam:.3g} ≤ 0: the surface curves down here, so curvature puts no limit on η"
        )
        return out
    prod = eta * lam
    stable = prod < bound
    sign, verdict = ("<", "stable") if stable else (">", "unstable")
    if prod == bound:
        sign = "="
    out.update(limit=bound / lam, stable=stable)
    out["text"] = (
        f"η·λmax = {prod:.3g} {sign} {bound:.3g}: {name} is {verdict} here "
        f"(λmax = {lam:.3g}, so η must stay below {bound / lam:.3g})"
    )
    return out
