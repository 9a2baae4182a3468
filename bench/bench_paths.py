"""Path-drawing benchmark: the contour map's repaint with a run that oscillates across it or
leaves it, as the app draws it and as one stroked polyline beside it.

Run under a virtual X server, e.g.::

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python bench/bench_paths.py

Prints, medians of ROUNDS rounds (each the median of REPAINTS repaints, the GUI thread's CPU
time, ``time.thread_time``):

* Qt's raster engine stroking N segments that zigzag across a 500-pixel image, at the paths'
  widths (the dark edge 6.5 px, the ring 4.5, the core 2; antialiased), as one polyline
  (``drawPath``) and as separate segments (``drawLines``), and their ratio;
* the contour map (420×380) repainted with gradient descent on z = x²/20 + y² from (−7, 2):
  η = 1 bounces between y = ±2 for 300 steps; η = 1.05 leaves the map and diverges; and the
  neuron's race of eight runs × 300 steps, which stays on the map.  Each as the app draws it
  (cut a margin outside the view, long lines as segments: ``app/views/plots.py``) and as it
  was drawn before (each path one uncut polyline), the two alternately, and their ratio;
* the GUI monkey's seed 5: three RMSpropGraves runs oscillating ~900 times across a
  255×210 map, their segments drawn aliased (the app) and antialiased, alternately.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROUNDS = 5
REPAINTS = 7


def median_ms(f, n: int = REPAINTS) -> float:
    times = []
    for _ in range(n):
        t = time.thread_time()
        f()
        times.append(time.thread_time() - t)
    return 1e3 * statistics.median(times)


def stroke_ms(draw, pts, width: float, whole: bool) -> float:
    """Median over ROUNDS of ``draw(pts, width, whole)``'s median time."""
    return statistics.median(median_ms(lambda: draw(pts, width, whole), 3) for _ in range(ROUNDS))


def stroke_costs() -> None:
    import numpy as np
    from PyQt6.QtCore import QLineF, QPointF
    from PyQt6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

    img = QImage(500, 500, QImage.Format.Format_ARGB32_Premultiplied)
    rng = np.random.default_rng(0)

    def draw(pts: np.ndarray, width: float, whole: bool) -> None:
        img.fill(0xFFFFFFFF)
        qp = QPainter(img)
        qp.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(20, 20, 20))
        pen.setWidthF(width)
        qp.setPen(pen)
        if whole:
            path = QPainterPath(QPointF(*pts[0]))
            for x, y in pts[1:]:
                path.lineTo(x, y)
            qp.drawPath(path)
        else:
            qp.drawLines([QLineF(*a, *b) for a, b in zip(pts[:-1], pts[1:], strict=True)])
        qp.end()

    print("Qt stroking N segments zigzagging across 500 px, antialiased (ms):")
    print(f"  {'N':>4} {'width':>5} {'polyline':>9} {'segments':>9} {'ratio':>7}")
    for n in (16, 64, 256):
        side = np.where(np.arange(n + 1) % 2, 5.0, 495.0)
        pts = np.column_stack([side + rng.normal(0, 3, n + 1), rng.uniform(5, 495, n + 1)])
        for width in (6.5, 4.5, 2.0):
            whole, parts = (stroke_ms(draw, pts, width, w) for w in (True, False))
            print(f"  {n:4d} {width:5.1f} {whole:9.2f} {parts:9.2f} {parts / whole:7.3f}")


def contour_costs() -> None:
    from gradscape.app.model.state import AppState

    def scene(kind: str) -> AppState:
        st = AppState()
        st.steps = 300
        st.grid = 60
        if kind == "race":
            for _ in range(7):
                st.add_run()
            return st
        st.choose_surface("quadratic")
        st.set_optimizer("sgd", 0)
        st.set_hyper("eta", 1.0 if kind == "bounce" else 1.05, 0)
        return st

    print("\ncontour map 420x380, repaint (GUI thread CPU, ms):")
    print(f"  {'scene':<34} {'app':>7} {'polyline':>9} {'ratio':>7}  drawn as")
    labels = {
        "bounce": "GD eta=1 bouncing, 300 strokes",
        "diverge": "GD eta=1.05 diverging off the map",
        "race": "neuron race, 8 runs x 300 steps",
    }
    for kind, label in labels.items():
        time_scene(scene(kind), label)


def draw_as(view, plots, segment_pixels: float, cut_rect) -> None:
    """Draw ``view``'s paths with ``SEGMENT_PIXELS`` and ``_clip_rect`` set so."""
    plots.SEGMENT_PIXELS = segment_pixels
    view._clip_rect = cut_rect
    view._clip = None  # (the view's change then makes the paths again)
    view._on_view_changed()


def computed_contour(st, size: tuple[int, int]):
    """A contour map of ``st``'s race, shown at ``size``, computed, at its last step; and its
    compute controller (shut it down after)."""
    from gradscape.app.export.capture import process_events
    from gradscape.app.model.compute import ComputeController
    from gradscape.app.views.factory import make_view

    ctl = ComputeController(st)
    view = make_view("contour", st)
    view.resize(*size)
    view.show()
    end = time.perf_counter() + 60
    ctl.request()
    while not ctl.is_current() and time.perf_counter() < end:
        process_events()
        time.sleep(0.002)
    st.step = st.steps
    for _ in range(20):
        process_events()
    return view, ctl


def time_scene(st, label: str) -> None:
    """Print the contour map's repaint with ``st``'s race as the app draws it and as one
    uncut polyline per path."""
    from gradscape.app.views import plots

    view, ctl = computed_contour(st, (420, 380))
    app = (plots.SEGMENT_PIXELS, view._clip_rect)
    before = (float("inf"), lambda: None)
    app_ms, poly_ms = [], []
    for _ in range(ROUNDS):
        draw_as(view, plots, *app)
        app_ms.append(median_ms(view.viewport().repaint))
        mode = view.lines[0].opts["segmentedLineMode"]
        cut = any(t.clip is not None for t in view._thin)
        draw_as(view, plots, *before)
        poly_ms.append(median_ms(view.viewport().repaint))
    draw_as(view, plots, *app)
    a, p = statistics.median(app_ms), statistics.median(poly_ms)
    how = ("segments" if mode == "on" else "one polyline") + (", cut" if cut else "")
    print(f"  {label:<34} {a:7.2f} {p:9.2f} {a / p:7.3f}  {how}")
    view.close()
    ctl.shutdown()


def hatch_costs() -> None:
    """The GUI monkey's seed 5: three runs oscillating across a small map ~900 times, its
    wild paths drawn aliased (the app) and antialiased (before), alternately."""
    import numpy as np

    from gradscape.app.model.state import AppState
    from gradscape.app.views import plots
    from gradscape.core.scene import Scene

    st = AppState()
    st.grid = 100
    hyper = {"rho": 0.95, "eps": 1e-4, "mu": 0.0}
    st.scene = Scene(
        surface="quadratic",
        surface_params={"domain": [[-10.0, 10.0], [-5.0, 5.0]]},
        optimizers=[("rmspropgraves", {"eta": eta, **hyper}) for eta in (100.0, 1e3, 1e4)],
        start=[-2.1654501216545015, 1.5450121654501228],
        steps=500,
    )
    view, ctl = computed_contour(st, (255, 210))
    wild = [view.edge] + [
        view.lines[i] for i in range(3) if view._thin[i].pixels(st.step) > plots.SEGMENT_PIXELS
    ]
    segments = sum(int(np.isfinite(item.getData()[0]).sum()) for item in wild[1:])

    def antialias(on: bool) -> None:
        for item in wild:
            x, y = item.getData()
            item.setData(x, y, antialias=on)

    app_ms, aa_ms = [], []
    for _ in range(ROUNDS):
        antialias(False)
        app_ms.append(median_ms(view.viewport().repaint))
        antialias(True)
        aa_ms.append(median_ms(view.viewport().repaint))
    a, p = statistics.median(app_ms), statistics.median(aa_ms)
    print(f"\ncontour map 255x210, RMSpropGraves eta=100/1e3/1e4 on the quadratic bowl "
          f"({len(wild) - 1} paths drawn as segments, {segments} points), repaint (ms):")
    print(f"  aliased (the app) {a:7.2f}   antialiased {p:7.2f}   ratio {a / p:6.3f}")
    view.close()
    ctl.shutdown()


def main() -> None:
    from gradscape.app.runtime import application, tear_down

    qa = application()
    stroke_costs()
    contour_costs()
    hatch_costs()
    print(f"load average at the end: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    tear_down(qa)


if __name__ == "__main__":
    main()
