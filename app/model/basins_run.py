"""Basin maps of the race's optimizers, the Qt-free part (:func:`compute_maps`): the body of
:class:`app.model.basins_job.BasinsController`'s job, run in the engine process
(:meth:`app.model.engine_process.EngineProcess.basins`) so that its Python loop never holds
the GUI process's interpreter lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gradscape.app.model.results import Cancelled

#: Grid side the window starts with (a race of eight stays under a few seconds).
DEFAULT_GRID = 150
DEFAULT_STEPS = 1000


@dataclass(frozen=True)
class BasinRequest:
    """What one map is computed from: an optimizer of the race and its display label."""

    optimizer: str
    hyper: dict[str, Any]
    label: str
    color: str = "#000000"


@dataclass(frozen=True, eq=False)
class BasinMap:
    """One computed map (:class:`core.basins.Basins`) with the run's label and colour."""

    label: str
    color: str
    basins: Any


def compute_maps(
    surface: Any,
    requests: Sequence[BasinRequest],
    grid: int,
    steps: int,
    seed: int | None,
    cancel: threading.Event,
    report: Callable[[float], object] | None = None,
) -> list[BasinMap]:
    """Every request's map in turn (Qt-free: the job's body, also callable directly)."""
    from gradscape.core.basins import Cancelled as CoreCancelled
    from gradscape.core.basins import basins

    out = []
    n = len(requests)
    for i, req in enumerate(requests):

        def progress(done: int, total: int, i: int = i) -> None:
            if report is not None:
                report((i + done / max(total, 1)) / n)

        try:
            m = basins(
                surface,
                req.optimizer,
                req.hyper,
                grid=grid,
                steps=steps,
                seed=seed,
                progress=progress,
                cancel=cancel.is_set,
            )
        except CoreCancelled:
            raise Cancelled("basin maps cancelled") from None
        out.append(BasinMap(req.label, req.color, m))
    return out
