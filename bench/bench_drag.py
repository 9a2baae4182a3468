"""Drag benchmark: frames per second while the start point is dragged through the real window.

Run under a virtual X server with Mesa's software renderer, e.g.::

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python bench/bench_drag.py

The main window shows a race of 8 optimizers × 300 steps on the neuron (the default
surface).  A timer sends synthetic mouse moves to the contour map at 120 Hz — faster than any
frame rate — along a circle around the start point, after a press on it, for a few seconds;
each move sets the start, and the window recomputes and redraws every run.  Prints, per
drag mode of the compute controller (``process``, the default: the races in the engine's
worker process; ``thread``: the race computed in a worker thread, the
latest position only; ``inline``: on the GUI thread at the next event-loop pass; the
environment variable ``MODES`` chooses, e.g. ``MODES=process``), the median over rounds of:

* races shown per second (results whose start is a dragged position reaching the views),
  and the 3D view's frames per second (target ≥ 30);
* the event loop's longest gap (a 5 ms heartbeat timer): how long the GUI did not answer.

BLAS runs on one thread (``OPENBLAS_NUM_THREADS=1``), as in the tests.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

RUNS = 8
STEPS = 300
SECONDS = 3.0
ROUNDS = 5
MOVE_HZ = 120
RADIUS = 40  # pixels


def one_round(win, qtest, mode: str) -> tuple[float, float, float]:
    """(races shown per second, 3D frames per second, longest event-loop gap in ms)."""
    from PyQt6.QtCore import QElapsedTimer, QEventLoop, QPoint, Qt, QTimer
    from PyQt6.QtWidgets import QApplication

    win.compute.drag_mode = mode
    contour = win.contour
    port = contour.viewport()
    x, y = contour.start_pixel()
    centre = QPoint(round(x), round(y))
    shown = []

    def on_result(res) -> None:
        shown.append(time.perf_counter())

    win.state.resultChanged.connect(on_result)
    gaps = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def beat() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    heart = QTimer()
    heart.setInterval(5)
    heart.timeout.connect(beat)
    left = Qt.MouseButton.LeftButton
    qtest.mousePress(port, left, Qt.KeyboardModifier.NoModifier, centre)
    moves = [0]

    def move() -> None:
        moves[0] += 1
        a = 2 * math.pi * moves[0] / 90  # a full turn every 0.75 s
        dx, dy = round(RADIUS * math.sin(a)), round(RADIUS * (1 - math.cos(a)))
        qtest.mouseMove(port, centre + QPoint(dx, dy))

    mover = QTimer()
    mover.setInterval(round(1000 / MOVE_HZ))
    mover.timeout.connect(move)
    frames0 = win.view3d.frames
    t0 = time.perf_counter()
    shown.clear()
    heart.start()
    mover.start()
    # the real event loop, as the app runs it (it sleeps when there is nothing to do: a loop
    # polling processEvents would take a core from the engine process and the GL renderer)
    loop = QEventLoop()
    QTimer.singleShot(round(SECONDS * 1000), loop.quit)
    loop.exec()
    mover.stop()
    heart.stop()
    elapsed = time.perf_counter() - t0
    frames = win.view3d.frames - frames0
    qtest.mouseRelease(port, left, Qt.KeyboardModifier.NoModifier, centre)
    win.state.resultChanged.disconnect(on_result)
    end = time.perf_counter() + 10
    while not win.compute.is_current() and time.perf_counter() < end:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    return len(shown) / elapsed, frames / elapsed, float(max(gaps[1:] or [0]))


def race_window():
    """(application, state, window): the main window at 1440×900 showing a race of RUNS
    optimizers × STEPS steps on the neuron, computed and drawn."""
    from gradscape.app.export.capture import process_events
    from gradscape.app.runtime import application

    qa = application()
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
    return qa, st, win


def close_window(qa, win) -> None:
    """Close the window, stop the engine process and tear the application down (as the
    gradscape command does before its exit: nothing keeps running after the bench)."""
    win.close()
    from gradscape.app.model.engine_process import shutdown
    from gradscape.app.runtime import tear_down

    shutdown()
    del win
    tear_down(qa)


def main() -> None:
    from PyQt6.QtTest import QTest

    qa, st, win = race_window()
    assert len(st.scene.optimizers) == RUNS and st.steps == STEPS
    print(f"race {RUNS} optimizers x {STEPS} steps on {st.surface}, contour map "
          f"{win.contour.width()}x{win.contour.height()}, 3D view "
          f"{win.view3d.width()}x{win.view3d.height()}, mouse moves at {MOVE_HZ} Hz")  # fmt: skip
    one_round(win, QTest, "process")  # warm-up (starts the engine process)
    for mode in os.environ.get("MODES", "process thread inline").split():
        got = [one_round(win, QTest, mode) for _ in range(ROUNDS)]
        races = statistics.median(g[0] for g in got)
        frames = statistics.median(g[1] for g in got)
        gap = statistics.median(g[2] for g in got)
        print(
            f"drag ({mode:6s}) races shown {races:5.1f}/s   3D frames {frames:5.1f}/s   "
            f"longest event-loop gap {gap:5.0f} ms   "
            f"(rounds: {', '.join(f'{g[0]:.1f}' for g in got)} races/s)"
        )
    close_window(qa, win)


if __name__ == "__main__":
    main()
