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

from gradscape.core._message import TEMPLATES, Message, located, template
from gradscape.core._text import show
from gradscape.core.trajectory import Trajectory
from gradscape.core.trajectory._result import TrajectoryState

#: Most recorded paths in one scene, and most points in one path.
MAX_PATHS = 16
MAX_POINTS = 100_000
#: The ``optimizer`` field of a recorded path's Trajectory: it ran no optimizer.
RECORDED = "recorded"

# What is wrong with a field of a scene file, said after the field's name ("paths[0].loss:
# …"; registered templates: a window says them in its language).  core/scene.py uses the
# shared ones too.
MUST_BE_FINITE_NUMBER = template("must be a finite number, got {value}")
MUST_BE_OBJECT = template("must be an object, got {value}")
UNKNOWN_FIELD_NAMED = template("unknown field {name}; valid: {valid}")
MISSING = template("missing")
_NUMBERS = template("must be a list of numbers, got {value}")
_N_NUMBERS = template("must hold {n} numbers (one per point), got {count}")
_POINTS = template("must be a non-empty list of [a, b] points, got {value}")
_AT_MOST_POINTS = template("at most {most} points, got {count}")
_PAIR = template("must be a pair [a, b], got {value}")
_PATH_OBJECT = template("must be an object with {fields}")
_NAME = template("must be a non-empty text of at most {most} characters")
_PATHS = template("must be a list of recorded paths, got {value}")
_AT_MOST_PATHS = template("at most {most} recorded paths, got {count}")

#: A recorded path's fields.
PATH_FIELDS = ("name", "points", "loss", "true_loss")
#: Most characters of a recorded path's name.
MAX_NAME = 100


def field_error(where: str, problem: str, **values: Any) -> ValueError:
    """``"<where>: <problem>"`` as a ValueError: ``problem`` a registered template (a
    TypeError otherwise: every refusal of a scene's field is translatable), ``values``
    its fields."""
    if problem not in TEMPLATES:
        raise TypeError(f"not a registered template: {problem!r}")
    return ValueError(located(where, Message(problem, **values)))


def _numbers(value: Any, where: str, n: int | None) -> list[float]:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, (list, tuple)):
        raise field_error(where, _NUMBERS, value=show(value))
    if n is not None and len(value) != n:
        raise field_error(where, _N_NUMBERS, n=n, count=len(value))
    out = []
    for i, v in enumerate(value):
        if (
            not isinstance(v, (int, float, np.integer, np.floating))
            or isinstance(v, bool)
            or not math.isfinite(float(v))
        ):
            raise field_error(f"{where}[{i}]", MUST_BE_FINITE_NUMBER, value=show(v))
        out.append(float(v))
    return out


def _points(value: Any, where: str) -> list[list[float]]:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, (list, tuple)) or not value:
        raise field_error(where, _POINTS, value=show(value))
    if len(value) > MAX_POINTS:
        raise field_error(where, _AT_MOST_POINTS, most=MAX_POINTS, count=len(value))
    out = []
    for i, p in enumerate(value):
        if not isinstance(p, (list, tuple)) or len(p) != 2:
            raise field_error(f"{where}[{i}]", _PAIR, value=show(p))
        out.append(_numbers(p, f"{where}[{i}]", 2))
    return out


def check_path(spec: Any, where: str) -> dict[str, Any]:
    """One recorded path validated and JSON-ready; ValueError names the field."""
    if not isinstance(spec, dict):
        raise field_error(where, _PATH_OBJECT, fields=", ".join(PATH_FIELDS))
    unknown = sorted(set(spec) - set(PATH_FIELDS))
    if unknown:
        valid = ", ".join(PATH_FIELDS)
        raise field_error(where, UNKNOWN_FIELD_NAMED, name=show(unknown[0]), valid=valid)
    for required in ("name", "points", "loss"):
        if required not in spec:
            raise field_error(f"{where}.{required}", MISSING)
    name = spec["name"]
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise field_error(f"{where}.name", _NAME, most=MAX_NAME)
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
        raise field_error("paths", _PATHS, value=show(paths))
    if len(paths) > MAX_PATHS:
        raise field_error("paths", _AT_MOST_PATHS, most=MAX_PATHS, count=len(paths))
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
