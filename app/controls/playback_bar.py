"""The playback bar: play/pause, step back and forth, the step-by-step mode, the timeline and
the speed."""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QPointF, Qt
from PyQt6.QtGui import (
    QColor,
    QIcon,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PyQt6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QToolButton,
    QWidget,
)

from gradscape.app.model.state import AppState
from gradscape.app.runtime import translate

SPEEDS = (5, 15, 30, 60, 120, 240, 600)


def stairs_icon(color: QColor, size: int = 32) -> QIcon:
    """The step-by-step button's icon: a staircase of three steps going up to the right."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color, size / 10)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    p.setPen(pen)
    u, m = size * 0.25, size * 0.125
    path = QPainterPath(QPointF(m, size - m))
    for i in range(3):
        path.lineTo(m + i * u, size - m - (i + 1) * u)
        path.lineTo(m + (i + 1) * u, size - m - (i + 1) * u)
    p.drawPath(path)
    p.end()
    return QIcon(pix)


class TimelineSlider(QSlider):
    """A horizontal slider on which a click jumps to the step under the mouse.

    Qt's sliders move a page toward a click outside the handle (10 steps here); a timeline
    is read as a position, so a click sets the value under the pointer and the handle,
    now under the mouse, is grabbed at once: press-and-drag anywhere scrubs.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def value_at(self, x: float) -> int:
        """The value whose handle centre is at ``x`` (widget coordinates)."""
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        cc, style = QStyle.ComplexControl.CC_Slider, self.style()
        groove = style.subControlRect(cc, opt, QStyle.SubControl.SC_SliderGroove, self)
        handle = style.subControlRect(cc, opt, QStyle.SubControl.SC_SliderHandle, self)
        span = max(1, groove.width() - handle.width())
        pos = round(x - groove.x() - handle.width() / 2)
        return QStyle.sliderValueFromPosition(
            self.minimum(), self.maximum(), min(max(pos, 0), span), span, opt.upsideDown
        )

    def mousePressEvent(self, ev: QMouseEvent | None) -> None:
        if ev is not None and ev.button() == Qt.MouseButton.LeftButton:
            opt = QStyleOptionSlider()
            self.initStyleOption(opt)
            hit = self.style().hitTestComplexControl(
                QStyle.ComplexControl.CC_Slider, opt, ev.position().toPoint(), self
            )
            if hit != QStyle.SubControl.SC_SliderHandle:
                self.setValue(self.value_at(ev.position().x()))
        super().mousePressEvent(ev)  # on the handle now: the drag starts here


class PlaybackBar(QWidget):
    """Play/pause, step back/forward, restart, timeline slider, speed."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)

        sp = QStyle.StandardPixmap

        def tool(icon: QStyle.StandardPixmap, tip: str, slot) -> QToolButton:
            b = QToolButton()
            b.setIcon(self.style().standardIcon(icon))
            b.setToolTip(tip)
            b.clicked.connect(slot)
            lay.addWidget(b)
            return b

        self.restart = tool(
            sp.SP_MediaSkipBackward,
            translate("PlaybackBar", "Restart from step 0 (Home)"),
            self._restart,
        )
        self.back = tool(
            sp.SP_MediaSeekBackward,
            translate("PlaybackBar", "Step back (Left)"),
            lambda: self._nudge(-1),
        )
        self.play = tool(
            sp.SP_MediaPlay, translate("PlaybackBar", "Play / pause (Space)"), self.toggle
        )
        self.play.setObjectName("playButton")
        self.forward = tool(
            sp.SP_MediaSeekForward,
            translate("PlaybackBar", "Step forward (Right)"),
            lambda: self._nudge(1),
        )
        self.end = tool(
            sp.SP_MediaSkipForward, translate("PlaybackBar", "Last step (End)"), self._to_end
        )
        # the step-by-step mode: the step buttons and keys walk one update's sub-steps
        self.walk = QToolButton()
        self.walk.setObjectName("stepByStep")
        self.walk.setText(translate("PlaybackBar", "Step by step"))
        # an icon, not the text: the timeline keeps its room (the text names it for a
        # screen reader, the tooltip for everyone)
        self.walk.setIcon(stairs_icon(self.palette().color(QPalette.ColorRole.ButtonText)))
        self.walk.setAccessibleName(self.walk.text())
        self.walk.setCheckable(True)
        self.walk.setToolTip(
            translate(
                "PlaybackBar",
                "Step-by-step mode (S): the step buttons and the arrow keys walk one update "
                "at a time — gradient, state, step, move",
            )
        )
        self.walk.toggled.connect(state.walk.set_on)
        state.walk.onChanged.connect(self._sync_walk)
        lay.addWidget(self.walk)
        self.slider = TimelineSlider()
        self.slider.setToolTip(
            translate("PlaybackBar", "Timeline: click to jump to a step, drag to scrub")
        )
        self.slider.valueChanged.connect(lambda v: setattr(state, "step", v))
        lay.addWidget(self.slider, 1)
        self.label = QLabel()
        self.label.setMinimumWidth(86)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(self.label)
        lay.addWidget(QLabel(translate("PlaybackBar", "speed")))
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(self._speed_text(s), float(s))
        self.speed.setToolTip(translate("PlaybackBar", "Animation speed"))
        self.speed.activated.connect(lambda i: setattr(state, "speed", self.speed.itemData(i)))
        lay.addWidget(self.speed)
        for sig in (
            state.stepChanged,
            state.stepsChanged,
            state.playingChanged,
            state.speedChanged,
        ):
            sig.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _speed_text(speed: float) -> str:
        return translate("PlaybackBar", "{speed} steps/s").format(speed=f"{speed:g}")

    def toggle(self) -> None:
        st = self.state
        if not st.playing and st.step >= st.steps:
            st.step = 0
        st.playing = not st.playing

    def _restart(self) -> None:
        self.state.playing = False
        self.state.step = 0

    def _to_end(self) -> None:
        self.state.playing = False
        self.state.step = self.state.steps

    def _nudge(self, d: int) -> None:
        """One step back or forth; in the step-by-step mode one sub-step."""
        self.state.playing = False
        walk = self.state.walk
        if walk.on:
            walk.forward() if d > 0 else walk.back()
            return
        self.state.step = self.state.step + d

    def _sync_walk(self, on: bool) -> None:
        if self.walk.isChecked() != on:
            self.walk.setChecked(on)

    def refresh(self, *_: Any) -> None:
        st = self.state
        self.slider.blockSignals(True)
        self.slider.setRange(0, st.steps)
        self.slider.setValue(st.step)
        self.slider.blockSignals(False)
        self.label.setText(f"{st.step} / {st.steps}")
        sp = QStyle.StandardPixmap
        icon = sp.SP_MediaPause if st.playing else sp.SP_MediaPlay
        self.play.setIcon(self.style().standardIcon(icon))
        i = self.speed.findData(st.speed)
        if i < 0:
            self.speed.addItem(self._speed_text(st.speed), st.speed)
            i = self.speed.count() - 1
        self.speed.setCurrentIndex(i)
