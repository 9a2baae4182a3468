"""The timeline: a click jumps to the step under the pointer (Qt's default moved a page,
10 steps, toward it), a press on the handle does not move it, and dragging still scrubs."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import QPoint, QRect, Qt
from PyQt6.QtWidgets import QStyle, QStyleOptionSlider

from gradscape.app.controls.playback_bar import PlaybackBar
from gradscape.app.model.state import AppState

STEPS = 400


def geometry(bar: PlaybackBar) -> tuple[QRect, QRect]:
    """The slider's groove and handle rectangles, as the style draws them."""
    s = bar.slider
    opt = QStyleOptionSlider()
    s.initStyleOption(opt)
    cc = QStyle.ComplexControl.CC_Slider
    groove = s.style().subControlRect(cc, opt, QStyle.SubControl.SC_SliderGroove, s)
    handle = s.style().subControlRect(cc, opt, QStyle.SubControl.SC_SliderHandle, s)
    return groove, handle


def at(groove: QRect, fraction: float) -> QPoint:
    return QPoint(groove.x() + round(fraction * groove.width()), groove.center().y())


@pytest.fixture
def bar(qtbot):
    st = AppState()
    st.steps = STEPS
    st.step = 0
    b = PlaybackBar(st)
    b.resize(900, 40)
    qtbot.addWidget(b)
    b.show()
    qtbot.waitExposed(b)
    return b


def tolerance(groove: QRect, handle: QRect) -> float:
    """The handle's centre, not its edge, follows the pointer: a click at a fraction f of
    the groove lands within half a handle (in steps) of f·steps, plus one for rounding."""
    return STEPS * handle.width() / max(1, groove.width() - handle.width()) / 2 + 1


@pytest.mark.parametrize("fraction", [0.7, 0.25, 0.95])
def test_a_click_on_the_timeline_jumps_to_the_step_under_it(qtbot, bar, fraction):
    groove, handle = geometry(bar)
    assert groove.width() > 400  # a real groove: 10 steps per page would be far off
    qtbot.mouseClick(bar.slider, Qt.MouseButton.LeftButton, pos=at(groove, fraction))
    assert abs(bar.state.step - fraction * STEPS) <= tolerance(groove, handle)
    assert bar.slider.value() == bar.state.step
    assert bar.label.text() == f"{bar.state.step} / {STEPS}"


def test_a_press_on_the_handle_does_not_move_it_and_dragging_scrubs(qtbot, bar):
    bar.state.step = 100
    groove, handle = geometry(bar)
    qtbot.mouseClick(bar.slider, Qt.MouseButton.LeftButton, pos=handle.center())
    assert bar.state.step == 100

    # Press far from the handle, then drag without releasing: the handle follows the mouse.
    qtbot.mousePress(bar.slider, Qt.MouseButton.LeftButton, pos=at(groove, 0.8))
    assert abs(bar.state.step - 0.8 * STEPS) <= tolerance(groove, handle)
    qtbot.mouseMove(bar.slider, at(groove, 0.3))
    qtbot.mouseRelease(bar.slider, Qt.MouseButton.LeftButton, pos=at(groove, 0.3))
    assert abs(bar.state.step - 0.3 * STEPS) <= tolerance(groove, handle)


def test_clicks_at_the_ends_reach_the_first_and_last_step(qtbot, bar):
    bar.state.step = 200
    groove, _ = geometry(bar)
    qtbot.mouseClick(bar.slider, Qt.MouseButton.LeftButton, pos=at(groove, 0.0))
    assert bar.state.step == 0
    qtbot.mouseClick(bar.slider, Qt.MouseButton.LeftButton, pos=at(groove, 1.0) - QPoint(1, 0))
    assert bar.state.step == STEPS
