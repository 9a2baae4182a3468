"""While the start point is dragged the race is recomputed many times a second: the views the
eye follows (contour map, 3D view) show every race, the others (loss curves, effective-step
panel, summary table, equations) at most five times a second and exactly the last race once
the hand stops; the engine computes the next position while the views draw the present one;
the 3D view draws one frame per race, not one more per mouse move."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
from PyQt6.QtWidgets import QApplication

from gradscape.app.model.compute import colormap
from gradscape.app.model.draw import ViewSettings
from gradscape.app.model.live import DRAG_INTERVAL_MS, Deferred
from gradscape.app.model.results import compute_result, race, with_draw
from gradscape.app.model.state import AppState
from gradscape.app.windows.main_window import MainWindow
from gradscape.core.scene import Scene

RACE = [("adam", {"eta": 0.25}), ("sgd", {"eta": 2.0}), ("msgd", {"eta": 1.0})]


def test_a_deferred_slot_calls_through_outside_a_drag_and_paces_itself_during_one(qtbot):
    st = AppState()
    owner = AppState()  # (any QObject parent)
    calls: list = []
    later = Deferred(st, lambda *a: calls.append(a), owner, interval=80)
    later.call(1)
    assert calls == [(1,)]  # no drag: at once
    st.dragging = True
    for k in range(2, 7):
        later.call(k)
    assert calls == [(1,)] and later.pending
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=2000)
    assert calls[-1] == (6,)  # the latest arguments, once
    later.call(7)
    later.call(8)
    st.dragging = False  # the drag ends: the pending call runs at once, with the last ones
    assert calls[-1] == (8,) and not later.pending
    QApplication.processEvents()
    qtbot.wait(150)
    assert len(calls) == 3  # nothing more after the drag


@pytest.fixture
def window(gl, qtbot):
    st = AppState()
    st.grid = 40
    st.scene = Scene(surface="neuron", optimizers=RACE, steps=120, start=[-1.5, -1.0])
    w = MainWindow(st)
    w.resize(1100, 760)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(w.compute.is_current, timeout=20000)
    QApplication.processEvents()
    yield w
    w.close()


def _result_at(w: MainWindow, start) -> object:
    """The race from ``start``, computed here, with the window's draw data."""
    scene = replace(w.state.scene, start=list(start))
    previous = w.state.result
    res = compute_result(scene, previous=previous, colors=w.state.run_colors)
    view = ViewSettings.of(w.state)
    return with_draw(res, view, colormap(view.colormap), previous=previous)


def test_during_a_drag_the_loss_curves_wait_and_end_on_the_last_race(qtbot, window):
    w = window
    before = [c.getData()[1].copy() for c in w.losscurve.curves[:3]]
    starts = [(-1.5 + 0.2 * k, -1.0 + 0.1 * k) for k in range(1, 4)]
    results = [_result_at(w, s) for s in starts]
    w.compute._closed = True  # (nothing computed by the window: the results are handed in)
    w.state.dragging = True
    for s, r in zip(starts, results, strict=True):
        w.state.start = s
        w.state.set_result(r)
        # the contour map shows this very race at once ...
        x, y = w.contour.lines[0].getData()
        assert np.allclose(x[0], s[0]) and np.allclose(y[0], s[1])
    # ... the loss curves still the race before the drag
    for curve, old in zip(w.losscurve.curves[:3], before, strict=True):
        assert np.array_equal(curve.getData()[1], old)
    w.state.dragging = False
    last = results[-1]
    for i, curve in enumerate(w.losscurve.curves[:3]):
        want = np.asarray(last.draw.curves.y[i])
        assert np.array_equal(curve.getData()[1], want)
        assert not np.array_equal(want, before[i])  # (the race really changed)
    # the summary table's losses are the last race's own at the step shown
    got = sorted(float(v) for v in w.summary.model.values()[:, 0])
    k = w.state.step
    want = sorted(float(t.loss[min(k, len(t.loss) - 1)]) for t in last.trajectories)
    assert np.allclose(got, want, rtol=1e-12, atol=0)


def test_during_a_drag_the_loss_curves_refresh_five_times_a_second(qtbot, window):
    w = window
    w.compute._closed = True
    redraws = []
    w.state.dragging = True
    w.losscurve._later.slot = lambda *a: redraws.append(1)
    s = w.state.start
    for k in range(12):  # 12 races within ~0.6 s
        w.state.start = (s[0] + 0.01 * k, s[1])
        w.state.resultChanged.emit(w.state.result)
        qtbot.wait(50)
    # at most one redraw per interval (plus the one the timer may just have fired)
    assert 1 <= len(redraws) <= 12 * 50 // DRAG_INTERVAL_MS + 1
    w.state.dragging = False


def test_a_live_drag_moves_the_3d_start_marker_with_its_race_not_per_mouse_move(qtbot, window):
    w = window
    view = w.view3d
    marker = lambda: np.asarray(view.start_marker.pos).reshape(-1, 3)[0].copy()  # noqa: E731
    at_rest = marker()
    w.compute._closed = True
    w.state.dragging = True
    new = (-1.2, -0.8)
    w.state.start = new
    QApplication.processEvents()
    assert np.array_equal(marker(), at_rest)  # no frame for the mouse move alone
    w.state.set_result(_result_at(w, new))
    QApplication.processEvents()
    moved = marker()
    assert not np.array_equal(moved, at_rest)
    assert np.allclose(moved[:2], view.data_to_display(*new, 0.0)[:2])  # (w, b) of the start
    w.state.dragging = False


def test_a_drag_of_a_long_race_moves_the_3d_start_marker_at_once(qtbot, window):
    w = window
    w.compute._closed = True
    w.state.steps = 5000  # 3 × 5000 steps: computed at the release, not while dragging
    view = w.view3d
    before = np.asarray(view.start_marker.pos).reshape(-1, 3)[0].copy()
    w.state.dragging = True
    w.state.start = (-1.2, -0.8)
    QApplication.processEvents()
    after = np.asarray(view.start_marker.pos).reshape(-1, 3)[0]
    assert not np.array_equal(after, before)
    assert np.allclose(after[:2], view.data_to_display(-1.2, -0.8, 0.0)[:2])
    w.state.dragging = False


def test_the_next_position_is_computed_while_the_views_draw_the_present_one(qtbot, window):
    w = window
    c = w.compute
    c.drag_mode = "thread"
    seen = []

    def on_result(res) -> None:
        # the views receive this race: is the engine already on the newer position?
        seen.append((tuple(res.scene.start), c._drag_inflight))

    w.state.resultChanged.connect(on_result)
    c.begin_drag()
    w.state.start = (-1.3, -0.9)
    c._drag_compute()  # the first position's race starts ...
    w.state.start = (-1.1, -0.7)  # ... and the mouse moves on before it is shown
    qtbot.waitUntil(lambda: len(seen) >= 2, timeout=20000)
    assert np.allclose(seen[0][0], (-1.3, -0.9)) and seen[0][1] is True
    assert np.allclose(seen[1][0], (-1.1, -0.7)) and seen[1][1] is False
    c.end_drag()
    assert w.state.result_is_current()


def test_pyopengl_checks_no_error_after_each_call_unless_asked():
    code = (
        "import OpenGL, gradscape.app.views.scene3d, gradscape.app.views.gl_items;"
        "print(OpenGL.ERROR_CHECKING)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYOPENGL_ERROR_CHECKING"}
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert got.returncode == 0, got.stderr
    assert got.stdout.strip() == "False"
    env["PYOPENGL_ERROR_CHECKING"] = "1"
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert got.stdout.strip() == "True"


def test_a_race_arriving_takes_the_mouse_s_latest_position_at_once(qtbot, window):
    w = window
    c = w.compute
    c.drag_mode = "thread"
    shown = []
    w.state.resultChanged.connect(lambda r: shown.append((tuple(r.scene.start), c._drag_inflight)))
    c.begin_drag()
    w.state.start = (-1.3, -0.9)
    c._drag_compute()
    # the mouse moved on: its position waits for the window's next tick (25 ms) ...
    w._drag_to = (-1.0, -0.6)
    qtbot.waitUntil(lambda: len(shown) >= 1, timeout=20000)
    # ... but the arriving race handed it to the state, and the engine is already on it
    assert np.allclose(w.state.start, (-1.0, -0.6)) and w._drag_to is None
    assert np.allclose(shown[0][0], (-1.3, -0.9)) and shown[0][1] is True
    qtbot.waitUntil(lambda: len(shown) >= 2, timeout=20000)
    assert np.allclose(shown[1][0], (-1.0, -0.6))
    c.end_drag()


def test_the_contour_start_point_moves_with_its_race_during_a_live_drag(qtbot, window):
    w = window
    w.compute._closed = True
    at_rest = [float(v) for v in w.contour.start_item.getData()[0]]
    w.state.dragging = True
    new = (-1.2, -0.8)
    w.state.start = new
    assert [float(v) for v in w.contour.start_item.getData()[0]] == at_rest
    w.state.set_result(_result_at(w, new))
    x, y = w.contour.start_item.getData()
    assert np.allclose((x[0], y[0]), new)
    w.state.dragging = False


def test_the_engine_goes_on_with_the_mouse_s_latest_position_without_waiting(qtbot, window):
    """In the engine process, a drag's job starts the race of the mouse's latest position as
    soon as the previous one is done, before the GUI thread has drawn it or passed the
    position on: the engine never waits for the views."""
    w = window
    c = w.compute
    c.drag_mode = "process"
    shown = []
    w.state.resultChanged.connect(lambda r: shown.append(tuple(r.scene.start)))
    c.begin_drag()
    w.state.start = (-1.3, -0.9)
    c.drag_position = (-1.0, -0.6)  # the mouse is already elsewhere; the state is not told
    c._drag_compute()
    qtbot.waitUntil(lambda: len(shown) >= 2, timeout=20000)
    assert np.allclose(shown[0], (-1.3, -0.9)) and np.allclose(shown[1], (-1.0, -0.6))
    assert np.allclose(w.state.start, (-1.3, -0.9))  # (the window never applied it)
    qtbot.waitUntil(lambda: not c._drag_inflight, timeout=20000)
    assert len(shown) == 2  # the mouse rests: the job ended on its position
    want, _ = race(replace(w.state.scene, start=[-1.0, -0.6]))
    got = w.state.result.trajectories
    for a, b in zip(got, want, strict=True):
        assert np.array_equal(a.params, b.params)
    c.end_drag()


def test_a_drag_goes_on_here_when_the_engine_process_stops_between_two_races(
    qtbot, window, monkeypatch
):
    """The engine process gone between two races of a drag (killed, out of memory): the next
    race is computed in this process, with no error shown, and the drag ends on the mouse's
    last position."""
    from gradscape.app.model.engine_process import EngineProcess

    w = window
    c = w.compute
    c.drag_mode = "process"
    real, asked = EngineProcess.submit, [0]

    def stops_after_one(self, fn, *args):
        asked[0] += 1
        if asked[0] > 1:
            raise RuntimeError("the engine process stopped (killed)")
        return real(self, fn, *args)

    monkeypatch.setattr(EngineProcess, "submit", stops_after_one)
    shown = []
    w.state.resultChanged.connect(lambda r: shown.append(tuple(r.scene.start)))
    c.begin_drag()
    w.state.start = (-1.3, -0.9)
    w._drag_start(-1.0, -0.6)  # the mouse moved on, as a move event tells the window
    qtbot.waitUntil(lambda: any(np.allclose(s, (-1.0, -0.6)) for s in shown), timeout=20000)
    qtbot.waitUntil(lambda: not c._drag_inflight, timeout=20000)
    assert asked[0] >= 2  # the engine was asked for the second race, and had stopped
    assert c.error is None
    assert np.allclose(w.state.start, (-1.0, -0.6))
    want, _ = race(replace(w.state.scene, start=[-1.0, -0.6]))
    for a, b in zip(w.state.result.trajectories, want, strict=True):
        assert np.array_equal(a.params, b.params)
    c.end_drag()


def test_a_drag_s_next_race_waits_for_the_3d_frame_that_shows_the_last(
    qtbot, window, monkeypatch
):
    """While the 3D view is on screen, a drag hands the views its next race only once a
    frame showed the last one (a race no frame shows would cost the views' work for
    nothing); a frame that never comes holds the drag up for FRAME_WAIT × 50 ms at most.
    (The race where the mouse rests ends the job and is shown at once.)"""
    from gradscape.app.model import compute as compute_module

    w = window
    c = w.compute
    c.drag_mode = "process"
    assert c.frame_paced()
    w.view3d.frameDrawn.disconnect(c.frame_drawn)  # the frames are told by hand here
    monkeypatch.setattr(compute_module, "FRAME_WAIT", 10_000)
    shown = []
    moves = {1: (-0.9, -0.5), 4: (-0.5, -0.2)}  # the mouse moves on as races arrive

    def on_result(r) -> None:
        shown.append(tuple(r.scene.start))
        if len(shown) in moves:
            w._drag_start(*moves[len(shown)])  # (as a mouse move tells the window)

    w.state.resultChanged.connect(on_result)
    # The mouse has moved on to (-0.9, -0.5) once the race for (-1.0, -0.6) is sent, whatever
    # the GUI thread's pace: were it still there when that race came back, it would rest
    # where the race starts, and the race would end the job and be shown at once.
    from gradscape.app.model.engine_process import EngineProcess

    submit = EngineProcess.submit

    def moving_on(engine, fn, sc, *args):
        if np.allclose(sc.start, (-1.0, -0.6)):
            c.drag_position = (-0.9, -0.5)
        return submit(engine, fn, sc, *args)

    monkeypatch.setattr(EngineProcess, "submit", moving_on)
    c.begin_drag()
    w.state.start = (-1.3, -0.9)
    w._drag_start(-1.0, -0.6)
    qtbot.waitUntil(lambda: len(shown) >= 1, timeout=20000)
    assert np.allclose(shown[0], (-1.3, -0.9))
    qtbot.wait(300)  # the next race is computed by now, and waits for the frame
    assert len(shown) == 1 and c._drag_inflight
    c.frame_drawn()
    qtbot.waitUntil(lambda: len(shown) >= 3, timeout=20000)
    assert np.allclose(shown[1], (-1.0, -0.6)) and np.allclose(shown[2], (-0.9, -0.5))
    qtbot.waitUntil(lambda: not c._drag_inflight, timeout=20000)
    # no frame at all: the drag goes on after FRAME_WAIT waits
    monkeypatch.setattr(compute_module, "FRAME_WAIT", 2)
    w.state.start = (-0.8, -0.4)
    w._drag_start(-0.7, -0.3)
    qtbot.waitUntil(lambda: len(shown) >= 6, timeout=20000)
    assert np.allclose(shown[3], (-0.8, -0.4)) and np.allclose(shown[4], (-0.7, -0.3))
    assert np.allclose(shown[5], (-0.5, -0.2))
    qtbot.waitUntil(lambda: not c._drag_inflight, timeout=20000)
    c.end_drag()


def test_a_drag_with_the_3d_view_hidden_is_not_paced_by_frames(qtbot, window):
    w = window
    w.view3d.hide()
    assert not w.compute.frame_paced()
    w.view3d.show()
    assert w.compute.frame_paced()


def test_a_frame_awaited_when_one_drag_ended_does_not_hold_the_next(qtbot, window):
    c = window.compute
    c._await_frame = True  # the last race of a drag was set; its frame had not come yet
    c._drag_taken.clear()
    c.begin_drag()
    assert c._drag_taken.is_set() and not c._await_frame
    c.end_drag()


def test_the_3d_legend_stays_put_during_a_drag_and_is_placed_again_after(qtbot, window):
    w = window
    v = w.view3d
    placed = v._legend_key
    assert placed is not None
    w.state.dragging = True
    frames = v.frames
    w.state.set_result(_result_at(w, (1.4, 1.2)))  # a drag's race: paths elsewhere
    qtbot.waitUntil(lambda: v.frames > frames, timeout=5000)  # ... drawn
    assert v._legend_key == placed  # the legend kept its place while the hand moves
    w.state.dragging = False
    qtbot.waitUntil(lambda: v._legend_key != placed, timeout=5000)
    assert v._legend_key[1] == id(w.state.result)
