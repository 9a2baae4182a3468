"""Trajectory data as text: the CSV table and the JSON document of ``gradscape export``
and File → Export trajectory data (both write exactly these bytes).  No Qt.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from typing import Any


def _trajectory_rows(traj: Any) -> tuple[list[str], list[list[float]]]:
    """The engine's CSV columns for one trajectory (see ``core.trajectory.to_csv``)."""
    from gradscape.core.trajectory import csv_columns

    names, table = csv_columns(traj)
    return names, table.tolist()


def _num(x: float) -> str:
    return "" if math.isnan(x) else repr(float(x))


#: Rows of CSV text formatted between two checks for Ctrl-C.
CHECK_ROWS = 4096


def csv_text(trajectories: Sequence[Any], check: Callable[[], None] = lambda: None) -> str:
    """CSV of one trajectory (exactly ``core.trajectory.to_csv``'s table), or of several
    with two leading columns ``run`` (0, 1, ...) and ``label`` and the union of the state
    columns (empty where a run has no such state).  ``check()`` is called every few
    thousand rows (it raises to stop)."""
    tables = [_trajectory_rows(t) for t in trajectories]
    if len(tables) == 1:
        names, rows = tables[0]
        lines = [",".join(names)]
        for a in range(0, len(rows), CHECK_ROWS):
            check()
            chunk = rows[a : a + CHECK_ROWS]
            lines += [",".join([str(int(r[0]))] + [_num(v) for v in r[1:]]) for r in chunk]
        return "\n".join(lines) + "\n"
    header: list[str] = []
    for names, _ in tables:
        header += [n for n in names if n not in header]
    lines = [",".join(["run", "label", *header])]
    for i, (traj, (names, rows)) in enumerate(zip(trajectories, tables, strict=True)):
        label = '"' + traj.label.replace('"', '""') + '"'
        index = {n: j for j, n in enumerate(names)}
        for j, r in enumerate(rows):
            if j % CHECK_ROWS == 0:
                check()
            cells = [str(int(r[0]))] + [_num(r[index[n]]) if n in index else "" for n in header[1:]]
            lines.append(",".join([str(i), label, *cells]))
    return "\n".join(lines) + "\n"


def json_text(scene: Any, trajectories: Sequence[Any]) -> str:
    """The scene and every trajectory (``core.trajectory.trajectory_dict``) as JSON."""
    from gradscape.core.trajectory import trajectory_dict

    doc = {
        "scene": scene.to_dict(),
        "trajectories": [trajectory_dict(t) for t in trajectories],
    }
    return json.dumps(doc, indent=1, allow_nan=False, ensure_ascii=False) + "\n"
