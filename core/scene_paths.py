"""Recorded paths of a scene: trajectories that were not run on the surface but recorded
elsewhere — a network's training path projected onto a landscape plane — played back beside
the optimizers' runs.

A recorded path is ``{"name": str, "points": [[a, b], ...], "loss": [...],
"true_loss": [...] or None}``: the projected points, the surface's loss at each of them
(the plane's loss, what the picture shows) and, when known, the true loss of the full model
at the point the projection came from (the honesty meter: how far the 2-D picture is from
the truth along the path).  :func:`check_paths` validates them (SceneError-style messages
naming the field); :func:`recorded_trajectory` makes a :class:`core.trajectory.Trajectory`
of one, so that everything drawing or exporting runs handles it unchanged: its gradients
are the surface's at the points, its moves the differences of consecutive points.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gradscape.core._text import show
from gradscape.core.trajectory import Trajectory
from gradscape.core.trajectory._result import TrajectoryState

#: Most recorded paths in one scene, and most points in one path.
MAX_PATHS = 16
MAX_POINTS = 100_000
#: The ``optimizer`` field of a recorded path's Trajectory: it ran no optimizer.
RECORDED = "recorded"


def _numbers(value: Any, where: str, n: int | None) -> list[float]:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"{where}: must be a list of numbers, got {show(value)}")
    if n is not None and len(value) != n:
        raise ValueError(f"{where}: must hold {n} numbers (one per point), got {len(value)}")
    out = []
    for i, v in enumerate(value):
        if (
            not isinstance(v, (int, float, np.integer, np.floating))
            or isinstance(v, bool)
            or not math.isfinite(float(v))
        ):
            raise ValueError(f"{where}[{i}]: must be a finite number, got {show(v)}")
        out.append(float(v))
    return out


def _points(value: Any, where: str) -> list[list[float]]:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, (list, tuple)) or not value:
        raise ValueError(f"{where}: must be a non-empty list of [a, b] points, got {show(value)}")
    if len(value) > MAX_POINTS:
        raise ValueError(f"{where}: at most {MAX_POINTS} points, got {len(value)}")
    out = []
    for i, p in enumerate(value):
        if not isinstance(p, (list, tuple)) or len(p) != 2:
            raise ValueError(f"{where}[{i}]: must be a pair [a, b], got {show(p)}")
        out.append(_numbers(p, f"{where}[{i}]", 2))
    return out


def check_path(spec: Any, where: str) -> dict[str, Any]:
    """One recorded path validated and JSON-ready; ValueError names the field."""
    if not isinstance(spec, dict):
        raise ValueError(f"{where}: must be an object with name, points, loss, true_loss")
    unknown = sorted(set(spec) - {"name", "points", "loss", "true_loss"})
    if unknown:
        raise ValueError(
            f"{where}: unknown field {show(unknown[0])}; valid: name, points, loss, true_loss"
        )
    for required in ("name", "points", "loss"):
        if required not in spec:
            raise ValueError(f"{where}.{required}: missing")
    name = spec["name"]
    if not isinstance(name, str) or not name.strip() or len(name) > 100:
        raise ValueError(f"{where}.name: must be a non-empty text of at most 100 characters")
    points = _points(spec["points"], f"{where}.points")
    loss = _numbers(spec["loss"], f"{where}.loss", len(points))
    true = spec.get("true_loss")
    true_loss = None if true is None else _numbers(true, f"{where}.true_loss", len(points))
    return {"name": name, "points": points, "loss": loss, "true_loss": true_loss}


def check_paths(paths: Any) -> list[dict[str, Any]]:
    """The scene's ``paths`` validated (see :func:`check_path`); ValueError names the field."""
    if paths is None:
        return []
    if not isinstance(paths, (list, tuple)):
        raise ValueError(f"paths: must be a list of recorded paths, got {show(paths)}")
    if len(paths) > MAX_PATHS:
        raise ValueError(f"paths: at most {MAX_PATHS} recorded paths, got {len(paths)}")
    return [check_path(p, f"paths[{i}]") for i, p in enumerate(paths)]


def recorded_trajectory(surface: Any, path: dict[str, Any]) -> Trajectory:
    """A :class:`~core.trajectory.Trajectory` of a validated recorded path on ``surface``.

    ``params`` are its points, ``loss`` its recorded plane loss, ``grads`` the surface's
    gradient at every point but the last (the slope the picture shows where each move
    began), ``moves`` the differences of consecutive points; no optimizer state.
    ``optimizer`` is :data:`RECORDED`; ``extra`` holds ``recorded`` (True) and
    ``true_loss`` (an array, or None).
    """
    p = np.asarray(path["points"], dtype=np.float64).reshape(-1, 2)
    loss = np.asarray(path["loss"], dtype=np.float64)
    if len(p) > 1:
        with np.errstate(all="ignore"):
            gw, gb = surface.grad(p[:-1, 0], p[:-1, 1])
        grads = np.stack([gw, gb], axis=1)
    else:
        grads = np.empty((0, 2))
    moves = np.diff(p, axis=0)
    true = path.get("true_loss")
    return Trajectory(
        label=str(path["name"]),
        optimizer=RECORDED,
        hyper={},
        params=p,
        loss=loss,
        grads=grads,
        moves=moves,
        state=TrajectoryState(),
        diverged_at=None,
        reason=None,
        steps=len(p) - 1,
        start=(float(p[0, 0]), float(p[0, 1])),
        extra={
            "recorded": True,
            "true_loss": None if true is None else np.asarray(true, dtype=np.float64),
        },
    )


def is_recorded(traj: Any) -> bool:
    """True for a trajectory made by :func:`recorded_trajectory`."""
    return bool(getattr(traj, "extra", {}).get("recorded"))
