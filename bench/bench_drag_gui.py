"""Drag benchmark, the GUI thread's share: its CPU time per race shown, with no engine running.

Run under a virtual X server with Mesa's software renderer, e.g.::

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python bench/bench_drag_gui.py

``bench_drag.py`` measures the whole drag (engine processes, GUI thread and GL renderer on
two cores); its figure moves with whatever else the machine runs.  This one isolates what the
views cost: 40 races of 8 optimizers × 300 steps on the neuron, their starts on a circle,
are computed first; then, with the window in drag mode, each is handed to the views as a
drag's race is (the start set, the result set) and the event loop runs until the frame is
drawn.  Prints the GUI thread's CPU time per race (``time.thread_time``: the CPU the thread
used, not the wall time, so a busy neighbour changes it little), median and least over
rounds.  BLAS runs on one thread.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

RUNS = 8
STEPS = 300
RACES = 40
ROUNDS = 9


def main() -> None:
    from PyQt6.QtCore import QEventLoop
    from PyQt6.QtWidgets import QApplication

    from gradscape.app.export.capture import process_events
    from gradscape.app.runtime import application

    qa = application()
    from gradscape.app.model.results import compute_result, with_draw
    from gradscape.app.model.state import AppState
    from gradscape.app.windows.main_window import MainWindow

    st = AppState()
    for _ in range(RUNS - 1):
        st.add_run()
    st.steps = STEPS
    win = MainWindow(st, persist=False)
    win.resize(1440, 900)
    win.show()
    end = time.perf_counter() + 20
    while not win.compute.is_current() and time.perf_counter() < end:
        process_events()
    for _ in range(20):
        process_events()
    comp = win.compute
    w0, b0 = st.start
    races, previous = [], st.result
    for i in range(RACES):
        a = 2 * math.pi * i / RACES
        scene = replace(st.scene, start=[w0 + 0.3 * math.sin(a), b0 + 0.3 * (1 - math.cos(a))])
        result = compute_result(scene, previous=previous, colors=st.run_colors)
        races.append(with_draw(result, *comp._view(), previous=previous))
    comp._schedule = lambda: None  # (no engine: the races are given)
    comp.begin_drag()
    per, frames = [], 0
    flags = QEventLoop.ProcessEventsFlag.AllEvents
    for _ in range(ROUNDS):
        t0, f0 = time.thread_time(), win.view3d.frames
        for result in races:
            st.start = result.scene.start
            st.set_result(result)
            QApplication.processEvents(flags)
            QApplication.processEvents(flags)
        per.append(1000 * (time.thread_time() - t0) / RACES)
        frames = win.view3d.frames - f0
    print(
        f"race {RUNS} optimizers x {STEPS} steps on {st.surface}, window 1440x900, "
        f"{RACES} races a round, 3D frames drawn {frames}/{RACES}"
    )
    print(
        f"GUI thread CPU per race: median {statistics.median(per):.1f} ms, "
        f"least {min(per):.1f} ms (rounds: {', '.join(f'{p:.1f}' for p in per)})"
    )
    comp.end_drag()
    win.close()
    from gradscape.app.model.engine_process import shutdown
    from gradscape.app.runtime import tear_down

    shutdown()
    del win
    tear_down(qa)


if __name__ == "__main__":
    main()
