"""The engine's own process (app.model.engine_process): long races are computed there, with
the same result as in a thread, progress, cancel within a few hundred steps, and an event
loop that keeps beating while they run."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest
from PyQt6.QtCore import QTimer

from gradscape.app.model.compute import colormap
from gradscape.app.model.draw import ViewSettings
from gradscape.app.model.engine_process import (
    BACKGROUND_NICE,
    PROCESS_WORK,
    engine_process,
    runs_in_process,
)
from gradscape.app.model.results import Cancelled, compute_result, with_draw
from gradscape.core.scene import Scene

VIEW = (ViewSettings(), colormap("viridis"))


def test_only_long_races_go_to_the_process() -> None:
    assert not runs_in_process(Scene(steps=200))
    assert runs_in_process(Scene(steps=PROCESS_WORK))
    two = Scene(optimizers=[("adam", {}), ("sgd", {})], steps=PROCESS_WORK // 2)
    assert runs_in_process(two) and not runs_in_process(Scene(steps=PROCESS_WORK - 1))


def test_the_process_computes_what_a_thread_computes() -> None:
    scene = Scene(surface="rosenbrock", optimizers=[("adam", {"eta": 0.01}), ("nag", {})],
                  start=[-1.5, 2.0], steps=3000)  # fmt: skip
    colors = ("#e6194b", "#ff8c00")
    reports: list[float] = []
    got = engine_process().compute(scene, colors, None, VIEW, lambda: False, reports.append)
    want = with_draw(compute_result(scene, colors=colors), *VIEW)
    assert got.scene == scene and got.colors == colors
    for a, b in zip(got.trajectories, want.trajectories, strict=True):
        assert np.array_equal(a.params, b.params) and np.array_equal(a.loss, b.loss)
        assert a.diverged_at == b.diverged_at
    assert np.array_equal(got.grid3d.z, want.grid3d.z)
    assert np.array_equal(got.draw.mesh.z, want.draw.mesh.z)
    assert got.divergence == want.divergence
    assert reports and reports[-1] == 1.0 and reports == sorted(reports)
    # the engine's process runs behind the window (a background priority)
    workers = list(engine_process()._pool._processes)  # type: ignore[union-attr]
    want = min(19, os.getpriority(os.PRIO_PROCESS, 0) + BACKGROUND_NICE)
    assert workers and {os.getpriority(os.PRIO_PROCESS, pid) for pid in workers} == {want}


def test_a_cancel_stops_the_process_within_a_few_hundred_steps() -> None:
    scene = Scene(surface="rosenbrock", optimizers=[("adam", {})] * 8, steps=100_000)
    reports: list[float] = []
    t0 = time.perf_counter()
    with pytest.raises(Cancelled):
        engine_process().compute(
            scene, ("#000000",) * 8, None, VIEW, lambda: len(reports) > 1, reports.append
        )
    stopped = time.perf_counter() - t0
    # the whole race takes seconds; the cancel comes after the grids' report
    full = Scene(surface="rosenbrock", optimizers=[("adam", {})] * 8, steps=2_000)
    t1 = time.perf_counter()
    engine_process().compute(full, ("#000000",) * 8, None, VIEW, lambda: False, lambda f: None)
    assert stopped < 50 * (time.perf_counter() - t1) + 5  # far less than 100 000 steps
    assert 0 < reports[0] < 1


def test_the_event_loop_keeps_beating_while_a_long_race_computes(gl, qtbot) -> None:
    """8 optimizers × 100 000 steps (seconds of engine work): while it computes, playback
    keeps its frame rate (with the engine in a thread of this process, every OpenGL call of
    a frame waited for the interpreter lock: 4 frames a second instead of 55), the event
    loop's longest gap stays short and a view setting changes at once; a new scene then
    cancels the long one."""
    from gradscape.app.windows.main_window import MainWindow

    win = MainWindow(persist=False)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    st = win.state
    qtbot.waitUntil(lambda: st.result is not None and not win.compute.busy, timeout=20000)
    before = engine_process()._task
    with st.batch():
        for name in ("sgd", "msgd", "nag", "adagrad", "rmsprop", "adadelta", "adam"):
            st.add_run(name)
        st.steps = 100_000
    qtbot.waitUntil(lambda: win.compute.busy, timeout=5000)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heart = QTimer()
    heart.setInterval(10)
    heart.timeout.connect(beat)
    heart.start()
    st.speed = 60.0
    st.playing = True
    frames, t_frames = win.view3d.frames, time.perf_counter()
    qtbot.wait(1200)
    t0 = time.perf_counter()
    st.height_mode = "log"
    action = time.perf_counter() - t0
    qtbot.wait(1200)
    fps = (win.view3d.frames - frames) / (time.perf_counter() - t_frames)
    heart.stop()
    st.playing = False
    assert win.compute.busy  # all of it measured while the race was computing
    assert engine_process()._task > before  # in the engine process
    assert len(gaps) > 50
    assert fps > 20, f"playback drew {fps:.1f} frames a second"
    assert max(gaps) < 0.25, f"the event loop stalled {max(gaps) * 1000:.0f} ms"
    assert action < 0.1, f"a view setting took {action * 1000:.0f} ms"
    st.steps = 300  # a new scene: the long race is cancelled, the short one computed
    qtbot.waitUntil(lambda: not win.compute.busy, timeout=30000)
    assert st.result.scene.steps == 300 and len(st.result.trajectories) == 8


def test_a_long_race_from_a_new_start_keeps_the_surface_the_views_have() -> None:
    """The engine process sends every array back as a copy: a new start point on the same
    surface got a new mesh, and the 3D view uploaded it and refilled its cached layer
    (0.25 s on a 200-point grid; the GUI monkey's longest turn).  The previous result's
    grids and surface draw are kept when they hold the same numbers."""
    import pickle
    from dataclasses import replace

    from gradscape.app.model.results import keep_static

    scene = Scene(surface="rastrigin", optimizers=[("adam", {"eta": 0.05}), ("sgd", {})],
                  start=[-4.2, 3.7], steps=400)  # fmt: skip
    colors = ("#e6194b", "#ff8c00")
    first = with_draw(compute_result(scene, colors=colors), *VIEW)
    moved = replace(scene, start=[-3.3, -2.2])
    # as the engine process returns it: computed there, every array a copy
    copy = pickle.loads(pickle.dumps(with_draw(compute_result(moved, colors=colors), *VIEW)))
    assert copy.draw.mesh is not first.draw.mesh
    kept = keep_static(copy, first)
    assert kept.draw.mesh is first.draw.mesh and kept.draw.axes is first.draw.axes
    assert kept.draw.box is first.draw.box and kept.draw.contour is first.draw.contour
    assert kept.grid3d is first.grid3d and kept.grid2d is first.grid2d
    # the runs are the new start's
    assert kept.trajectories is copy.trajectories and kept.draw.paths3d is copy.draw.paths3d
    assert np.allclose(kept.trajectories[0].params[0], [-3.3, -2.2])
    # another surface, or other view settings: nothing is kept
    rosenbrock = Scene(surface="rosenbrock", optimizers=scene.optimizers, steps=400)
    other = pickle.loads(pickle.dumps(with_draw(compute_result(rosenbrock, colors=colors), *VIEW)))
    assert keep_static(other, first) is other
    log_view = (ViewSettings(height_mode="log"), VIEW[1])
    logged = pickle.loads(pickle.dumps(with_draw(compute_result(moved, colors=colors), *log_view)))
    assert keep_static(logged, first) is logged
    assert keep_static(copy, None) is copy
