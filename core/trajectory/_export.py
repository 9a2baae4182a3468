"""A trajectory as CSV or JSON, written atomically."""

from __future__ import annotations

import json
import math
import os
from typing import Any

import numpy as np

from gradscape.core.atomic import write_text as atomic_write
from gradscape.core.schedules import FunctionSchedule, Schedule
from gradscape.core.trajectory._result import Trajectory


def csv_columns(traj: Trajectory) -> tuple[list[str], np.ndarray]:
    """CSV header and an (n + 1, columns) table; row 0 has nan grads, moves and state."""
    n = traj.n
    names = ["step", "w", "b", "loss", "grad_w", "grad_b", "move_w", "move_b"]
    cols = [np.arange(n + 1, dtype=np.float64), traj.params[:, 0], traj.params[:, 1], traj.loss]

    def shifted(a: np.ndarray) -> np.ndarray:
        c = np.full(n + 1, np.nan)
        c[1:] = a
        return c

    for a in (traj.grads, traj.moves):
        cols += [shifted(a[:, 0]), shifted(a[:, 1])]
    for nm, a in traj.state.items():
        names += [f"{nm}_w", f"{nm}_b"]
        cols += [shifted(a[:, 0]), shifted(a[:, 1])]
    if traj.batch_loss is not None:
        names.append("batch_loss")
        cols.append(shifted(traj.batch_loss))
    for nm, a in traj.schedule_values().items():
        names.append(f"{nm}_t")
        cols.append(shifted(a))
    return names, np.column_stack(cols)


def _num(x: float) -> str:
    # repr round-trips float64 exactly; nan (step 0's gradient and move) is left empty
    return "" if math.isnan(x) else repr(float(x))


def to_csv(traj: Trajectory, path: str | os.PathLike) -> None:
    """Write one row per step (``n + 1`` rows after the header; ``steps + 1`` unless the
    run diverged).

    Columns: ``step, w, b, loss, grad_w, grad_b, move_w, move_b``, then two per state
    array (``m_w, m_b, ...``, ``effective_step_w, effective_step_b``), then ``batch_loss``
    in stochastic mode, then one per scheduled hyperparameter (``eta_t``: the value step k
    used).  Row k holds the point after k steps and the gradient, move and
    state of step k that led there; in row 0 those fields are empty.  Numbers are written
    with full float64 precision.  The write is atomic.
    """
    names, table = csv_columns(traj)
    lines = [",".join(names)]
    for k, row in enumerate(table):
        lines.append(",".join([str(k)] + [_num(v) for v in row[1:]]))
    atomic_write(path, "\n".join(lines) + "\n")


def _json_list(a: np.ndarray) -> list:
    """Nested lists with non-finite numbers as null (JSON has no nan)."""
    obj = np.asarray(a, dtype=object)
    obj[~np.isfinite(np.asarray(a, dtype=np.float64))] = None
    return obj.tolist()


def plain_hyper(hyper: dict[str, Any]) -> dict[str, Any]:
    """Hyperparameters JSON-ready: a schedule as its plain form ``{"schedule": ...}``, a
    Python function of t (which has none) as its name in text."""
    out: dict[str, Any] = {}
    for k, v in hyper.items():
        if isinstance(v, FunctionSchedule):
            v = repr(v)
        elif isinstance(v, Schedule):
            v = v.to_dict()
        elif callable(v):
            v = repr(FunctionSchedule(v))
        out[k] = v
    return out


def trajectory_dict(traj: Trajectory) -> dict[str, Any]:
    """A JSON-ready dict of everything in ``traj`` (non-finite numbers become null).

    ``schedules`` holds, for each scheduled hyperparameter, the value used at each step
    (entry k − 1: step k)."""
    return {
        "label": traj.label,
        "optimizer": traj.optimizer,
        "hyper": plain_hyper(traj.hyper),
        "schedules": {nm: _json_list(a) for nm, a in traj.schedule_values().items()},
        "steps": traj.steps,
        "start": list(traj.start),
        "seed": traj.seed,
        "batch_size": traj.batch_size,
        "diverged_at": traj.diverged_at,
        "reason": traj.reason,
        "params": _json_list(traj.params),
        "loss": _json_list(traj.loss),
        "grads": _json_list(traj.grads),
        "moves": _json_list(traj.moves),
        "state": {nm: _json_list(a) for nm, a in traj.state.items()},
        "batch_loss": None if traj.batch_loss is None else _json_list(traj.batch_loss),
    }


def to_json(traj: Trajectory, path: str | os.PathLike) -> None:
    """Write :func:`trajectory_dict` as JSON (atomic write)."""
    atomic_write(path, json.dumps(trajectory_dict(traj), allow_nan=False, indent=1) + "\n")
