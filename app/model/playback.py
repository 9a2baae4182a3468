"""The animation clock: while the state says "playing", advance its step at its speed.

The timer only moves an index; every view redraws from arrays computed beforehand.
Elapsed wall time (not the tick count) sets the step, so the speed holds whatever the
frame rate.
"""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QElapsedTimer, QObject, Qt, QTimer

from gradscape.app.model.state import AppState

FRAME_MS = 16


class Player(QObject):
    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self._origin_step = 0
        self._last_step = 0
        state.playingChanged.connect(self._on_playing)
        state.speedChanged.connect(self._rebase)  # (a method: dropped with the player)
        state.sceneChanged.connect(self._rebase)

    def _on_playing(self, on: bool) -> None:
        if on:
            if self.state.step >= self.state.steps:
                self.state.step = 0
            self._rebase()
            self.timer.start()
        else:
            self.timer.stop()

    def _rebase(self, *_: Any) -> None:
        self._origin_step = self.state.step
        self._last_step = self.state.step
        self.clock.start()

    def _tick(self) -> None:
        st = self.state
        if st.step != self._last_step:
            # Someone else moved the step (scrubbing while playing): go on from there.
            self._rebase()
        target = self._origin_step + int(self.clock.elapsed() * st.speed / 1000.0)
        st.step = target
        self._last_step = st.step
        if st.step >= st.steps:
            st.playing = False
