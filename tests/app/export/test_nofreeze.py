"""File → Export never computes on the GUI thread.

An export started while the window is still computing its scene waits for the window's own
(worker-thread) computation, with the progress dialog and Cancel working, and renders the
window's very result; a failed computation fails the export and writes nothing.  The
"Whole window" view does not recompute a result that is already current.

The scene's computation is held at a gate (released by the test), so "still computing" is
certain, whatever the machine's speed.  Run under Xvfb + xcb (see HEADLESS_QT.md).
"""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from PyQt6.QtWidgets import QPushButton
from readers import read_gif

from gradscape.app.export.writers import read_embedded_scene, select_steps
from gradscape.app.model import compute
from gradscape.app.model.state import AppState
from gradscape.app.windows.main_window import MainWindow
from gradscape.core.scene import Scene

#: Scenes with this many steps are held at the gate; FAIL_STEPS scenes the engine "refuses".
HELD_STEPS, FAIL_STEPS = 3000, 777
SMALL = (160, 120)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch):
    """Hold every computation of a HELD_STEPS scene (after reporting a quarter done) until
    ``gate.open`` is set; FAIL_STEPS scenes fail with the engine's kind of error.  Such a
    scene computed on the GUI thread is an error of its own (it would freeze the window)."""
    real = compute.compute_result
    g = SimpleNamespace(open=threading.Event(), started=threading.Event(), threads=[])

    def gated(scene, cancelled=lambda: False, progress=lambda f: None, previous=None, **kw):
        if scene.steps in (HELD_STEPS, FAIL_STEPS):
            on_gui = threading.current_thread() is threading.main_thread()
            g.threads.append("gui" if on_gui else "worker")
            if on_gui:
                raise AssertionError("the scene was computed on the GUI thread")
            if scene.steps == FAIL_STEPS:
                raise ValueError(f"the engine refuses {FAIL_STEPS} steps")
            progress(0.25)
            g.started.set()
            while not g.open.wait(0.005):
                if cancelled():
                    raise compute.Cancelled
        return real(scene, cancelled, progress, previous, **kw)

    monkeypatch.setattr(compute, "compute_result", gated)
    yield g
    g.open.set()  # never leave a worker waiting


@pytest.fixture
def requests(monkeypatch: pytest.MonkeyPatch) -> list:
    """Every ComputeController.request() call from now on (the controller it was made on)."""
    calls: list = []
    real = compute.ComputeController.request

    def counted(self):
        calls.append(self)
        return real(self)

    monkeypatch.setattr(compute.ComputeController, "request", counted)
    return calls


@pytest.fixture
def window(gl, qtbot):
    """The real window with its asynchronous computation, settled, and File → Export."""
    from gradscape.app.export.controller import install_export_menu
    from gradscape.app.model.state import AppState
    from gradscape.app.windows.main_window import MainWindow

    st = AppState()
    st.grid = 40
    st.steps = 20
    win = MainWindow(st, persist=False)
    qtbot.addWidget(win)
    qtbot.waitUntil(win.compute.is_current, timeout=15000)
    return win, install_export_menu(win, window_factory=MainWindow.offscreen)


def finish(qtbot, runner, timeout: int = 30000) -> None:
    qtbot.waitUntil(lambda: runner.outcome is not None, timeout=timeout)
    assert runner.outcome == "finished", runner.message


def long_scene(win) -> None:
    """What the user does just before File → Export: a long race (held at the gate)."""
    win.state.add_run("sgd")
    win.state.add_run("rmsprop")
    win.state.steps = HELD_STEPS


def test_export_waits_for_the_windows_computation_and_renders_its_result(
    window, gate, requests, qtbot, tmp_path: Path
) -> None:
    from gradscape.app.export.runner import ExportRequest

    win, ctl = window
    long_scene(win)
    out = tmp_path / "race.gif"
    runner = ctl.start(ExportRequest("animation", str(out), view="contour", size=SMALL,
                                     stride=1000, fps=10))  # fmt: skip
    # Back in the event loop at once, in a "computing" phase the progress dialog shows.
    assert runner.phase == "computing" and runner.outcome is None and runner.renderer is None
    dlg = ctl.progress_dialog
    assert dlg.labelText() == "Computing the trajectories…"
    qtbot.waitUntil(lambda: dlg.maximum() == 100 and dlg.value() == 25)  # the window's 25 %
    assert win.compute.busy and runner.phase == "computing" and not out.exists()
    gate.open.set()
    finish(qtbot, runner)
    # One computation, in a worker, started by the window's controller; the frames are
    # drawn from the window's result itself (same object, same arrays), not a recompute.
    assert gate.threads == ["worker"]
    assert requests == [win.compute]
    assert runner.state.result is win.state.result
    assert win.state.result.scene.steps == HELD_STEPS and len(win.state.result.trajectories) == 3
    n = len(select_steps(HELD_STEPS, stride=1000))  # 0 1000 2000 3000
    assert read_gif(out).shape == (n, SMALL[1], SMALL[0], 3)
    scene = Scene.from_json(read_embedded_scene(out))
    assert scene.steps == HELD_STEPS and [o[0] for o in scene.optimizers] == [
        "adam", "sgd", "rmsprop"]  # fmt: skip


def test_cancel_while_computing_writes_nothing(window, gate, qtbot, tmp_path: Path) -> None:
    from gradscape.app.export.runner import ExportRequest

    win, ctl = window
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    long_scene(win)
    runner = ctl.start(ExportRequest("animation", str(out_dir / "c.mp4"), view="contour",
                                     size=SMALL, stride=1000))  # fmt: skip
    qtbot.waitUntil(gate.started.is_set)
    assert runner.phase == "computing"
    cancel = ctl.progress_dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    with qtbot.waitSignal(runner.cancelled, timeout=10000):
        cancel.click()
    assert runner.outcome == "cancelled" and "nothing was written" in runner.message
    assert ctl.progress_dialog is None
    assert win.statusBar().currentMessage() == "Export cancelled; nothing was written."
    assert list(out_dir.iterdir()) == []
    # The window's own computation is the window's: it goes on and delivers the scene.
    assert win.compute.busy
    gate.open.set()
    qtbot.waitUntil(win.compute.is_current, timeout=30000)
    assert win.state.result.scene.steps == HELD_STEPS
    assert gate.threads == ["worker"] and list(out_dir.iterdir()) == []


def test_a_failed_computation_fails_the_export(window, gate, qtbot, tmp_path: Path) -> None:
    from gradscape.app.export.runner import ExportRequest

    win, ctl = window
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    win.state.steps = FAIL_STEPS
    path = out_dir / "x.png"
    runner = ctl.start(ExportRequest("image", str(path), view="contour", size=SMALL, step=5))
    assert runner.phase == "computing"
    with qtbot.waitSignal(runner.failed, timeout=10000):
        pass
    assert runner.outcome == "failed"
    assert ctl.last_error == f"export to {path} failed: the engine refuses {FAIL_STEPS} steps"
    assert ctl.message_box is not None and ctl.message_box.text() == ctl.last_error
    assert ctl.progress_dialog is None
    assert gate.threads == ["worker"] and list(out_dir.iterdir()) == []
    ctl.message_box.close()


def test_scene_changed_while_waiting_exports_the_scene_asked_for(
    window, gate, qtbot, tmp_path: Path
) -> None:
    from gradscape.app.export.runner import ExportRequest

    win, ctl = window
    long_scene(win)
    out = tmp_path / "asked.gif"
    runner = ctl.start(ExportRequest("animation", str(out), view="contour", size=SMALL,
                                     stride=1500, fps=10))  # fmt: skip
    qtbot.waitUntil(gate.started.is_set)
    win.state.steps = 30  # the user edits on before the progress dialog shows
    # The window drops the long scene for the new one; the export then computes the scene it
    # was asked for in a worker of its own (held at the gate again).
    qtbot.waitUntil(lambda: len(gate.threads) == 2, timeout=15000)
    assert runner.phase == "computing" and gate.threads == ["worker", "worker"]
    gate.open.set()
    finish(qtbot, runner)
    assert win.state.steps == 30 and win.state.result.scene.steps == 30
    assert runner.state.result.scene.steps == HELD_STEPS
    assert read_gif(out).shape[0] == len(select_steps(HELD_STEPS, stride=1500))  # 0 1500 3000
    assert Scene.from_json(read_embedded_scene(out)).steps == HELD_STEPS


def test_whole_window_view_reuses_a_current_result(window, requests, qtbot) -> None:
    from gradscape.app.export.render import FrameRenderer

    win, _ = window
    state = win.state.copy()
    assert state.result is win.state.result  # current: shared by the copy
    state.step = 7
    r = FrameRenderer(state, "window", (640, 400), window_factory=MainWindow.offscreen)
    try:
        assert requests == []  # no second computation of the same scene
        assert r.window.state.result is win.state.result
        # the exported window shows the result at the state's step, numbers and all
        assert state.step == 7 and r.window.status_text().startswith("step 7 / 20   loss ")
        frame = r.render(20)
        assert frame.shape == (400, 640, 3) and frame.std() > 10
        assert r.window.status_text().startswith("step 20 / 20   loss ")
    finally:
        r.close()
    # A state without a result (the CLI's) still computes it, once.
    fresh = AppState(scene=Scene(steps=15))
    r = FrameRenderer(fresh, "window", (320, 240), window_factory=MainWindow.offscreen)
    try:
        assert len(requests) == 1 and requests[0] is r.window.compute
        assert fresh.result is not None and fresh.result.scene.steps == 15
    finally:
        r.close()


def test_a_launched_window_computes_its_first_result(gl, qtbot, requests) -> None:
    from gradscape.app.windows.main_window import MainWindow

    win = MainWindow(persist=False)
    qtbot.addWidget(win)
    assert requests == [win.compute]
    qtbot.waitUntil(win.compute.is_current, timeout=15000)
    st = win.state
    assert st.result is not None and st.step == st.steps  # the whole path is shown
    assert win.status_text().startswith(f"step {st.steps} / {st.steps}   loss ")
