"""Basin maps of the race's optimizers, computed off the GUI thread: :class:`BasinsController`.

One job computes :func:`core.basins.basins` for every optimizer of the race, one after the
other, on the scene's surface (its domain is the grid's extent); progress is the fraction
of all their steps, cancel stops the running map at its next progress report.  The maps
come back together on the GUI thread as a list of :class:`BasinMap`.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable, Sequence
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from gradscape.app.model.basins_run import (
    DEFAULT_GRID,
    DEFAULT_STEPS,
    BasinMap,
    BasinRequest,
    compute_maps,
)
from gradscape.app.model.engine_process import engine_process
from gradscape.app.model.jobs import JobRunner
from gradscape.app.model.results import Cancelled


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
        def work(cancel: threading.Event, report: Callable[[float], object]) -> list[BasinMap]:
            # in the engine process (its loop would hold this process's interpreter lock,
            # which the GUI thread needs at every turn); here if the surface cannot go there
            engine = engine_process()
            try:
                return engine.basins(surface, reqs, grid, steps, seed, cancel.is_set, report)
            except (RuntimeError, TypeError, AttributeError, pickle.PicklingError):
                if cancel.is_set():
                    raise Cancelled("basin maps cancelled") from None
                return compute_maps(surface, reqs, grid, steps, seed, cancel, report)

        self.runner.start(work, progress=True)

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
