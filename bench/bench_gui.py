"""GUI benchmark: playback frame time beside a bare pyqtgraph scene, and launch time.

Run under a virtual X server with Mesa's software renderer, e.g.::

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python bench/bench_gui.py

Prints:

* the frame time of the app's 3D view during playback (surface at the default grid, the
  trajectory line, tail, marker, axes, tick labels, colour bar, legend) and of a bare
  pyqtgraph scene with the same surface grid and the same line, same size, same run,
  interleaved; their ratio (target ≤ 1.0, median of ROUNDS rounds; also with every
  overlay on) and the app's frame rate (target ≥ 60 fps);
* the whole window's frame time during playback (all three views and the panels);
* a 2D plot's repaint after its range changed (every axis redrawn, as when a result, a
  resize or a zoom arrives), with the app's axes (:mod:`app.views.axes`) and with
  pyqtgraph's own, interleaved, and their ratio;
* launch to first drawn frame in a fresh process (target ≤ 2 s);
* the GUI thread's time for a colormap change and a height-mode change in the window (the
  setter's call, then every event-loop pass until the views show the new setting: total busy
  time and the longest single stall, at the default grid and at 200 × 200).

Each frame is timed from the step change to the end of GL rendering (``glFinish``), the
same way for both scenes.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

FRAMES = 300
ROUNDS = 5
STEPS = 1000

_CHILD = r"""
import sys, time
t0 = float(sys.argv[1])
from gradscape.app.runtime import application
qa = application()
from gradscape.app.windows.main_window import MainWindow
w = MainWindow(persist=False)
w.show()
from PyQt6.QtCore import QTimer
# Report from inside the first paint; close after it (never inside paintGL).
w.view3d.firstFrame.connect(
    lambda t: (print(f"{time.time() - t0:.3f}", flush=True), QTimer.singleShot(0, w.close))
)
qa.exec()
del w
from gradscape.app.runtime import tear_down
tear_down(qa)  # (as the gradscape command does before its exit)
"""


def launch_time() -> float:
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, repr(t0)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, GRADSCAPE_SETTINGS=str(Path("/tmp") / "gradscape-bench.ini")),
    )
    if out.returncode != 0:
        raise RuntimeError(f"launch child exited with {out.returncode}: {out.stderr}")
    return float(out.stdout.strip().splitlines()[-1])


def view_setting_cost(qa, grid: int, rounds: int = 6) -> dict[str, tuple[float, float]]:
    """GUI-thread milliseconds (busy total, longest stall) of a colormap and a height-mode
    change in an asynchronous window (the one a user has), medians over ``rounds``.

    Busy time is the setter's call plus every event-loop pass that took over 0.5 ms (an
    idle pass takes microseconds) during the second after it: slots that redraw at once,
    a worker's data arriving, and the repaints, all alike before and after a change of
    design.
    """
    from PyQt6.QtCore import QEventLoop

    from gradscape.app.model.state import AppState
    from gradscape.app.windows.main_window import MainWindow

    st = AppState()
    st.grid = grid
    win = MainWindow(st, persist=False)
    win.resize(1440, 900)
    win.show()
    t0 = time.perf_counter()
    while (win.compute.busy or st.result is None) and time.perf_counter() - t0 < 30:
        qa.processEvents()
    settle_until = time.perf_counter() + 0.5
    while time.perf_counter() < settle_until:
        qa.processEvents()

    def one(change) -> tuple[float, float]:
        t = time.perf_counter()
        change()
        first = time.perf_counter() - t
        busy, stall = first, first
        end = time.perf_counter() + 1.0
        while time.perf_counter() < end:
            t = time.perf_counter()
            qa.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
            d = time.perf_counter() - t
            if d > 5e-4:
                busy += d
                stall = max(stall, d)
            time.sleep(0.001)
        return busy * 1e3, stall * 1e3

    out: dict[str, tuple[float, float]] = {}
    cmaps = ("plasma", "viridis")
    modes = ("log", "linear")
    for name, change in (
        ("colormap", lambda i: setattr(st, "colormap", cmaps[i % 2])),
        ("height mode", lambda i: setattr(st, "height_mode", modes[i % 2])),
    ):
        got = [one(lambda i=i, change=change: change(i)) for i in range(rounds)]
        out[name] = (statistics.median(g[0] for g in got), statistics.median(g[1] for g in got))
    win.close()
    return out


def ratios(xs: list[float], ys: list[float]) -> str:
    """Round by round x / y, for the printed figures."""
    return ", ".join(f"{x / y:.2f}" for x, y in zip(xs, ys, strict=True))


def plot_repaint_cost(qa, rounds: int = 5, frames: int = 40) -> tuple[list[float], list[float]]:
    """Median repaint (ms) of a 700 × 450 plot with a grid after each change of its range,
    per round: (app's axes, pyqtgraph's)."""
    import numpy as np
    import pyqtgraph as pg
    from PyQt6.QtTest import QTest

    from gradscape.app.views.axes import axis_items, style_axes

    def one(ours: bool) -> float:
        w = pg.PlotWidget(axisItems=axis_items() if ours else None)
        w.resize(700, 450)
        x = np.linspace(-2.0, 2.0, 300)
        w.plot(x, np.sin(3 * x))
        style_axes(w.getPlotItem())
        w.show()
        QTest.qWaitForWindowExposed(w)  # (a view not yet on screen paints nothing)
        for _ in range(5):
            qa.processEvents()
        vb = w.getPlotItem().getViewBox()
        times = []
        for i in range(frames):
            vb.setYRange(-1.0 - 0.01 * i, 1.0 + 0.01 * i, padding=0)
            t = time.perf_counter()
            w.viewport().repaint()
            times.append(1e3 * (time.perf_counter() - t))
        w.close()
        return statistics.median(times)

    ours, theirs = [], []
    for _ in range(rounds):
        ours.append(one(True))
        theirs.append(one(False))
    return ours, theirs


def main() -> None:
    import numpy as np
    import pyqtgraph as pg

    from gradscape.app.export.capture import process_events
    from gradscape.app.runtime import application

    # The bare scene and the app's share PyOpenGL, and with it the app's setting of its
    # per-call error checks (off: app.views.opengl): a like-for-like comparison.
    from gradscape.app.views.opengl import GL, gl

    qa = application()
    from gradscape.app.model.state import AppState
    from gradscape.app.windows.main_window import MainWindow

    st = AppState()
    st.steps = STEPS
    win = MainWindow(st, persist=False, synchronous=True)
    win.resize(1440, 900)
    win.show()
    for _ in range(20):
        process_events()
    v = win.view3d
    size = (v.width(), v.height())
    res = st.result
    g = res.grid3d
    traj = res.trajectories[0]

    # The bare scene: the same grid and line in a plain GLViewWidget of the same size.
    bare = gl.GLViewWidget()
    bare.resize(*size)
    bare.setBackgroundColor("#f7f8fa")
    bare.setCameraPosition(distance=3.7, elevation=28, azimuth=-58)
    x = np.linspace(-1, 1, len(g.ws), dtype=np.float32)
    y = np.linspace(-1, 1, len(g.bs), dtype=np.float32)
    z = ((g.z - g.z.min()) / np.ptp(g.z) * 0.9).astype(np.float32)
    colors = pg.colormap.get("viridis").map(z.ravel() / 0.9, mode="float").astype(np.float32)
    surf = gl.GLSurfacePlotItem(x=x, y=y, z=z, colors=colors, shader="shaded", smooth=True)
    bare.addItem(surf)
    p = traj.params
    pos = np.column_stack(
        [
            (p[:, 0] + 2) / 2 - 1,
            (p[:, 1] + 2) / 2 - 1,
            np.interp(traj.loss, [g.z.min(), g.z.max()], [0, 0.9]) + 0.012,
        ]
    ).astype(np.float32)
    line = gl.GLLinePlotItem(pos=pos[:1], color=(1, 0, 0, 1), width=2, antialias=True)
    bare.addItem(line)
    bare.show()
    for _ in range(20):
        process_events()

    def render(w) -> None:
        # Draw one frame into the widget's framebuffer now and wait for the renderer:
        # exactly what a paint event does, minus the window system's compositing.
        w.makeCurrent()
        w.paintGL()
        GL.glFinish()
        w.doneCurrent()

    def time_app_view() -> list[float]:
        out = []
        for k in range(FRAMES):
            t = time.perf_counter()
            st.step = k % (STEPS + 1)
            render(v)
            out.append(time.perf_counter() - t)
        return out

    def time_app_orbit() -> list[float]:
        # Rotating the camera invalidates the static layer: frames are drawn directly.
        out = []
        for k in range(FRAMES // 3):
            t = time.perf_counter()
            v.orbit(1.0, 0.0)
            st.step = k % (STEPS + 1)
            render(v)
            out.append(time.perf_counter() - t)
        v.reset_camera()
        return out

    def time_bare() -> list[float]:
        out = []
        for k in range(FRAMES):
            t = time.perf_counter()
            line.setData(pos=pos[: k % (STEPS + 1) + 1])
            render(bare)
            out.append(time.perf_counter() - t)
        return out

    def time_window() -> list[float]:
        out = []
        for k in range(FRAMES):
            t = time.perf_counter()
            st.step = k % (STEPS + 1)
            win.repaint()
            render(v)
            out.append(time.perf_counter() - t)
        return out

    # Warm up both, then interleave rounds so drift hits both alike.
    time_app_view()
    time_bare()
    from gradscape.app.model.overlays import OVERLAYS

    app_ms, bare_ms, win_ms, orbit_ms, over_ms, over_win_ms = [], [], [], [], [], []
    for _ in range(ROUNDS):
        app_ms.append(statistics.median(time_app_view()) * 1e3)
        orbit_ms.append(statistics.median(time_app_orbit()) * 1e3)
        bare_ms.append(statistics.median(time_bare()) * 1e3)
        win_ms.append(statistics.median(time_window()) * 1e3)
        # every overlay on (arrows, step ellipse, the step panel), then off again
        st.overlays = OVERLAYS
        over_ms.append(statistics.median(time_app_view()) * 1e3)
        over_win_ms.append(statistics.median(time_window()) * 1e3)
        st.overlays = ()

    # Real playback, timer-driven as a user sees it: the app with its own 60 Hz player,
    # the bare scene with a 60 Hz timer moving its line; frames drawn per second.  The
    # player draws a frame when the step changes: at 60 steps/s a 16 ms tick brings no new
    # step now and then (62.5 ticks, 60 steps a second), so 60 frames/s is its ceiling
    # there; at 120 steps/s every tick brings one, as every tick moves the bare line.
    def playback_app(seconds: float = 3.0, speed: float = 60.0) -> float:
        st.step = 0
        st.speed = speed
        frames0 = v.frames
        st.playing = True
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            qa.processEvents()
        st.playing = False
        return (v.frames - frames0) / (time.perf_counter() - t0)

    bare_frames = [0]
    bare_paint = bare.paintGL

    def counted_paint() -> None:
        bare_paint()
        bare_frames[0] += 1

    bare.paintGL = counted_paint

    def playback_bare(seconds: float = 3.0) -> float:
        from PyQt6.QtCore import QTimer

        k = [0]

        def tick() -> None:
            k[0] += 1
            line.setData(pos=pos[: k[0] % (STEPS + 1) + 1])
            bare.update()

        timer = QTimer()
        timer.setInterval(16)
        timer.timeout.connect(tick)
        f0 = bare_frames[0]
        timer.start()
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            qa.processEvents()
        timer.stop()
        return (bare_frames[0] - f0) / (time.perf_counter() - t0)

    fps_app, fps_fast, fps_bare = [], [], []
    for _ in range(3):
        fps_app.append(playback_app())
        fps_fast.append(playback_app(speed=120.0))
        fps_bare.append(playback_bare())
    fps_timer = statistics.median(fps_app)

    a, b, w_ = statistics.median(app_ms), statistics.median(bare_ms), statistics.median(win_ms)
    print(
        f"renderer: {GL.glGetString(GL.GL_RENDERER).decode()}  3D view {size[0]}x{size[1]}, "
        f"grid {st.grid}x{st.grid}, trajectory {STEPS} steps"
    )
    rounds = ", ".join(f"{x:.2f}" for x in app_ms)
    print(f"app 3D view frame     {a:6.2f} ms  ({1e3 / a:5.0f} fps)   rounds {rounds}")
    print(f"bare pyqtgraph scene  {b:6.2f} ms  ({1e3 / b:5.0f} fps)")
    print(
        f"ratio app / bare      {a / b:6.2f}   (target <= 1.0)   rounds "
        + ratios(app_ms, bare_ms)
    )
    o = statistics.median(orbit_ms)
    print(f"app 3D, camera moving  {o:6.2f} ms  ({1e3 / o:5.0f} fps)   (no cache: all drawn)")
    print(f"whole window frame    {w_:6.2f} ms  ({1e3 / w_:5.0f} fps)")
    ov, ow = statistics.median(over_ms), statistics.median(over_win_ms)
    print(
        f"overlays on: 3D view {ov:6.2f} ms ({ov / b:4.2f}x bare, target <= 1.0), whole window "
        f"{ow:6.2f} ms  (rounds {', '.join(f'{x:.2f}' for x in over_ms)}; ratios "
        + ratios(over_ms, bare_ms)
        + ")"
    )
    print(
        f"timer-driven playback (60 Hz): app window {fps_timer:5.1f} frames/s at 60 steps/s, "
        f"{statistics.median(fps_fast):5.1f} at 120 steps/s; "
        f"bare scene alone {statistics.median(fps_bare):5.1f} frames/s"
    )
    win.close()
    bare.close()
    for grid in (100, 200):
        for name, (busy, stall) in view_setting_cost(qa, grid).items():
            print(
                f"{name} change, grid {grid}: GUI thread busy {busy:6.1f} ms, "
                f"longest stall {stall:6.1f} ms"
            )
    ours, theirs = plot_repaint_cost(qa)
    o, t = statistics.median(ours), statistics.median(theirs)
    print(
        f"2D plot repaint after a range change: app's axes {o:5.2f} ms, pyqtgraph's {t:5.2f} ms, "
        f"ratio {o / t:4.2f} (rounds "
        + ratios(ours, theirs)
        + ")"
    )
    launches = [launch_time() for _ in range(3)]
    print(
        f"launch to first drawn frame: median {statistics.median(launches):.2f} s "
        f"(runs {', '.join(f'{t:.2f}' for t in launches)}; target <= 2 s)"
    )


if __name__ == "__main__":
    main()
