"""Views that are not where the eye is refresh less often while the start is dragged.

A drag of the start point recomputes the race many times a second, and every result
reaches every view.  The contour map and the 3D view follow the mouse; the loss curves, the
effective-step panel, the summary table and the equations panel are read once the hand
stops.  :class:`Deferred` wraps such a view's slot: while :attr:`AppState.dragging` it runs
at most once per :data:`DRAG_INTERVAL_MS` with the latest arguments, and once more when the
drag ends if a call is pending, so that the view ends on the final race.  Outside a drag it
calls through at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import QObject, QTimer

#: How often a deferred view refreshes while the start is dragged (5 times a second).
DRAG_INTERVAL_MS = 200


class Deferred(QObject):
    """``slot`` called through at once, or, during a drag, at most every ``interval`` ms.

    Parameters
    ----------
    state : AppState
        Whose :attr:`~AppState.dragging` decides.
    slot : callable
        The view's own handler; it receives the latest call's arguments.
    parent : QObject
        The view (the timer and the connection die with it).
    interval : int
        Least time between two calls during a drag, in milliseconds.
    """

    def __init__(
        self,
        state: Any,
        slot: Callable[..., None],
        parent: QObject,
        interval: int = DRAG_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.slot = slot
        self._pending: tuple[Any, ...] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval)
        self._timer.timeout.connect(self._flush)
        state.draggingChanged.connect(self._on_dragging)

    def call(self, *args: Any) -> None:
        """Connect signals to this bound method (PyQt drops the connection with the object)."""
        if not self.state.dragging:
            self._pending = None
            self.slot(*args)
            return
        self._pending = args
        if not self._timer.isActive():
            self._timer.start()

    @property
    def pending(self) -> bool:
        """A call waits for the timer or the drag's end."""
        return self._pending is not None

    def _flush(self) -> None:
        args, self._pending = self._pending, None
        if args is not None:
            self.slot(*args)

    def _on_dragging(self, on: bool) -> None:
        if not on:
            self._timer.stop()
            self._flush()
