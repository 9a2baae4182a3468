"""Basin maps of the race's optimizers, computed off the GUI thread: :class:`BasinsController`.

One job computes :func:`core.basins.basins` for every optimizer of the race, one after the
other, on the scene's surface (its domain is the grid's extent); progress is the fraction
of all their steps, cancel stops the running map at its next progress report.  The maps
come back together on the GUI thread as a list of :class:`BasinMap`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from gradscape.app.model.jobs import JobRunner
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


class BasinsController(QObject):
    """Runs :func:`compute_maps` as a :class:`JobRunner` job.

    Signals (GUI thread): ``started()``, ``progress(fraction)``, ``ready(list of BasinMap)``,
    ``failed(message)``, ``cancelled()``.
    """

    started = pyqtSignal()
    progress = pyqtSignal(float)
    ready = pyqtSignal(list)
    failed = pyqtSignal(str)
    cancelled = pyqtSignal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = JobRunner(threads=1, expected=(ValueError,), parent=self)
        self.runner.done.connect(self._done)
        self.runner.failed.connect(lambda _g, msg: self._end(self.failed, msg))
        self.runner.progress.connect(lambda _g, f: self.progress.emit(f))
        self.busy = False
        self.maps: list[BasinMap] = []

    def compute(
        self,
        surface: Any,
        requests: Sequence[BasinRequest],
        grid: int = DEFAULT_GRID,
        steps: int = DEFAULT_STEPS,
        seed: int | None = None,
    ) -> None:
        """Start computing (a running computation is abandoned)."""
        reqs = list(requests)
        self.busy = True
        self.started.emit()
        self.runner.start(
            lambda cancel, report: compute_maps(surface, reqs, grid, steps, seed, cancel, report),
            progress=True,
        )

    def cancel(self) -> None:
        """Stop the running computation; ``cancelled`` follows at once."""
        if self.busy:
            self.runner.abandon()
            self._end(self.cancelled)

    def shutdown(self) -> None:
        self.runner.shutdown()
        self.busy = False

    def _done(self, _gen: int, maps: list[BasinMap]) -> None:
        self.maps = maps
        self._end(self.ready, maps)

    def _end(self, signal: Any, *args: Any) -> None:
        self.busy = False
        signal.emit(*args)
