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
sys.path.insert(0, str(REPO / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

from bench_drag import RUNS, STEPS, close_window, race_window  # noqa: E402

RACES = 40
ROUNDS = 9


def main() -> None:
    from PyQt6.QtCore import QEventLoop
    from PyQt6.QtWidgets import QApplication

    qa, st, win = race_window()
    from gradscape.app.model.results import compute_result, with_draw

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
    close_window(qa, win)


if __name__ == "__main__":
    main()
