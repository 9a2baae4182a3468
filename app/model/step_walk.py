"""The step-by-step mode's state: on or off, and which sub-step of which update is shown.

:class:`StepWalk` belongs to an :class:`app.model.state.AppState` (``state.walk``).  While it
is on, stepping forward and back (:meth:`forward`, :meth:`back`: the playback keys and
buttons) walks the sub-steps of the current run's updates (:mod:`app.model.stepwise`)
instead of whole steps.  The state's step is the marker's point: it changes only at a
"move" sub-step, so every view keeps drawing the state's step as usual.

The position is the state's step s and a phase p (an index into the run's sub-steps, the
last one the move): p < last shows the update leaving point s, p = last the move of the
update that led to s (the marker has just arrived).  Any other change of the step (the
timeline, Home, End, a click on the loss curve) shows the gradient at the new point, or the
move that led there at the run's last point.  Playing turns the mode off; turning it off
keeps the step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from gradscape.app.model.stepwise import SubStep, substeps
from gradscape.core.scene_paths import is_recorded


@dataclass(frozen=True)
class WalkPosition:
    """What the mode shows: the update leaving point ``k`` of ``traj`` at sub-step
    ``index`` of ``subs`` (``sub``), or the run's end (``sub`` None)."""

    traj: Any
    k: int
    index: int
    subs: tuple[SubStep, ...]

    @property
    def sub(self) -> SubStep | None:
        if 0 <= self.k < self.traj.n and 0 <= self.index < len(self.subs):
            return self.subs[self.index]
        return None


class StepWalk(QObject):
    """On/off and the sub-step shown; :attr:`changed` whenever what is shown changes."""

    changed = pyqtSignal()
    onChanged = pyqtSignal(bool)

    def __init__(self, state: Any) -> None:
        """``state``: the :class:`app.model.state.AppState` it belongs to (not imported
        here: the state module makes the walk)."""
        super().__init__(state)
        self.state = state
        self._on = False
        self._phase = 0
        self._size = 1  # the number of sub-steps the phase counts in
        self._moving = False  # the walk itself moves the step (not a jump)
        self._cache: dict[tuple[str, tuple[str, ...]], tuple[SubStep, ...]] = {}
        state.stepChanged.connect(self._on_step)
        state.playingChanged.connect(self._on_playing)
        for sig in (state.currentRunChanged, state.runsChanged, state.resultChanged):
            sig.connect(self._on_context)

    # -- what is walked -----------------------------------------------------------------
    @property
    def on(self) -> bool:
        return self._on

    def set_on(self, on: bool) -> None:
        """Turn the mode on (playback pauses; the point's gradient is shown) or off (the
        same step, played as usual)."""
        on = bool(on)
        if on == self._on:
            return
        self._on = on
        if on:
            self.state.playing = False
            self._phase = self._landing(self.state.step)
        self.onChanged.emit(on)
        self.changed.emit()

    def trajectory(self) -> Any:
        """The current run's trajectory, when the state's result is current (a recorded
        path, which ran no optimizer, has no updates to walk: None)."""
        st, res = self.state, self.state.result
        if not st.result_is_current() or st.current_run >= len(res.trajectories):
            return None
        traj = res.trajectories[st.current_run]
        return None if is_recorded(traj) or getattr(traj, "grads", None) is None else traj

    def substeps(self) -> tuple[SubStep, ...]:
        """The current run's sub-steps (from its rule's equations and recorded state)."""
        cls = self.state.run.cls
        traj = self.trajectory()
        names = tuple(traj.state) if traj is not None else tuple(cls.state_names)
        key = (cls.__name__, names)
        if key not in self._cache:
            self._cache[key] = substeps(getattr(cls, "equations", "") or "", names)
        return self._cache[key]

    def position(self) -> WalkPosition | None:
        """What is shown, or None when the mode is off or nothing is computed."""
        traj = self.trajectory()
        if not self._on or traj is None:
            return None
        subs = self.substeps()
        s, p = self.state.step, self._phase
        k = s - 1 if p == len(subs) - 1 else s
        return WalkPosition(traj, k, p, subs)

    def focus(self) -> tuple[int, int, str] | None:
        """(run, point index, overlay vector kind) of the arrow to draw, or None."""
        pos = self.position()
        sub = pos.sub if pos is not None else None
        if pos is None or sub is None or sub.arrow is None:
            return None
        return self.state.current_run, pos.k, sub.arrow

    # -- walking ------------------------------------------------------------------------
    def _landing(self, s: int) -> int:
        """The phase shown at step ``s`` after a jump: the gradient there, or at the
        run's last point the move that led to it."""
        traj = self.trajectory()
        n = traj.n if traj is not None else self.state.steps
        self._size = len(self.substeps())
        return self._size - 1 if s >= 1 and s == n else 0

    def _go(self, step: int, phase: int) -> None:
        self._phase = phase
        self._size = len(self.substeps())
        self._moving = True
        try:
            self.state.step = step
        finally:
            self._moving = False
        self.changed.emit()

    def forward(self) -> None:
        """The next sub-step (the move then the next update's gradient)."""
        self._walk(1)

    def back(self) -> None:
        """The sub-step before."""
        self._walk(-1)

    def _walk(self, d: int) -> None:
        traj = self.trajectory()
        if not self._on:
            return
        st = self.state
        st.playing = False
        s, p = st.step, self._phase
        if traj is None:
            self._go(s + d, 0)
            return
        n, size = traj.n, len(self.substeps())
        last = size - 1
        k = s - 1 if p == last else s
        if not (0 <= k < n):  # past the run's end: whole steps
            target = s + d
            self._go(target, last if (target == n and target >= 1) else 0)
            return
        # the updates' sub-steps in a row: update k's phases 0 … last at k·size + phase
        pos = k * size + p + d
        if pos < 0:
            return
        k2, p2 = divmod(pos, size)
        if k2 >= n:  # beyond the last move: whole steps (other runs may go on)
            if s < st.steps:
                self._go(s + 1, 0)
            return
        self._go(k2 + 1 if p2 == last else k2, p2)

    # -- keeping up ---------------------------------------------------------------------
    def _on_step(self, step: int) -> None:
        if self._on and not self._moving:
            self._phase = self._landing(step)
            self.changed.emit()

    def _on_playing(self, playing: bool) -> None:
        if playing:
            self.set_on(False)

    def _on_context(self, *_: Any) -> None:
        """Another run, rule or result: the same kind of sub-step where it still exists
        (the move stays the move), else the landing at the step."""
        if not self._on:
            return
        was_move = self._phase == self._size - 1
        last = len(self.substeps()) - 1
        self._size = last + 1
        traj = self.trajectory()
        s = self.state.step
        self._phase = last if was_move else min(self._phase, max(last - 1, 0))
        if traj is not None:
            k = s - 1 if self._phase == last else s
            if not 0 <= k < traj.n:
                self._phase = self._landing(s)
        self.changed.emit()
