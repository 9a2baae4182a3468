"""Export speed: 200 frames at 800×600 of the default 3D scene.

Measures, in one run and on the same frames:

- capture: rendering the 200 frames through the window's 3D view (``FrameRenderer``);
- GIF encode and MP4 encode of the captured frames (encoders alone, one thread);
- the real exports (``export_animation``: capture with encoding overlapped in a worker
  thread), as ``gradscape export`` and File → Export run them.

Targets (issue 5): capture + GIF < 10 s, MP4 < 5 s.  Starts its own Xvfb when there is no
display.  Run:  .venv/bin/python bench/bench_export.py [--frames 200] [--size 800x600]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Keep BLAS from fighting llvmpipe for the two cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=200)
    ap.add_argument("--size", default="800x600")
    ap.add_argument("--repeat", type=int, default=3, help="best of N for each figure")
    args = ap.parse_args()
    w, h = (int(v) for v in args.size.split("x"))

    from gradscape.app.export.display import prepare_display

    display = prepare_display(need_gl=True, width=w, height=h)
    try:
        return run(args.frames, (w, h), args.repeat)
    finally:
        display.stop()


def run(n_frames: int, size: tuple[int, int], repeat: int) -> int:
    from gradscape.app.export.render import FrameRenderer
    from gradscape.app.export.writers import export_animation, write_all
    from gradscape.app.model.state import AppState
    from gradscape.app.runtime import application
    from gradscape.core.scene import Scene

    qapp = application("bench_export")
    scene = Scene(steps=n_frames - 1)  # the default scene: Adam on the sigmoid neuron
    renderer = FrameRenderer(AppState(scene=scene), "3d", size)
    steps = list(range(n_frames))
    renderer.render(0)  # first frame: shader compilation, buffer uploads
    tmp = Path(tempfile.mkdtemp(prefix="gradscape-bench-"))
    best: dict[str, float] = {}
    sizes: dict[str, int] = {}

    def timed(name: str, fn) -> None:
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            best[name] = min(best.get(name, float("inf")), time.perf_counter() - t0)

    frames: list = []

    def capture() -> None:
        frames[:] = [renderer.render(s) for s in steps]

    timed("capture", capture)
    timed("gif encode", lambda: write_all(frames, tmp / "enc.gif", fps=30, threaded=False))
    timed("mp4 encode", lambda: write_all(frames, tmp / "enc.mp4", fps=30, threaded=False))
    timed("gif export", lambda: export_animation(renderer.render, steps, tmp / "e.gif", fps=30))
    timed("mp4 export", lambda: export_animation(renderer.render, steps, tmp / "e.mp4", fps=30))
    for name in ("enc.gif", "enc.mp4"):
        sizes[name] = (tmp / name).stat().st_size
    renderer.close()
    del qapp

    w, h = size
    print(f"gradscape export benchmark: {n_frames} frames at {w}x{h}, default 3D scene, "
          f"best of {repeat}")  # fmt: skip
    print(f"  capture (render + grab)    {best['capture']:6.2f} s   "
          f"({1000 * best['capture'] / n_frames:.1f} ms/frame)")  # fmt: skip
    print(f"  GIF encode                 {best['gif encode']:6.2f} s   "
          f"({sizes['enc.gif'] / 1e6:.1f} MB)")  # fmt: skip
    print(f"  MP4 encode (H.264)         {best['mp4 encode']:6.2f} s   "
          f"({sizes['enc.mp4'] / 1e6:.2f} MB)")  # fmt: skip
    seq_gif = best["capture"] + best["gif encode"]
    seq_mp4 = best["capture"] + best["mp4 encode"]
    print(f"  capture + GIF, one after the other  {seq_gif:6.2f} s   (target < 10 s)")
    print(f"  capture + MP4, one after the other  {seq_mp4:6.2f} s")
    print(f"  GIF export, overlapped (as the CLI) {best['gif export']:6.2f} s   (target < 10 s)")
    print(f"  MP4 export, overlapped (as the CLI) {best['mp4 export']:6.2f} s   (target < 5 s)")
    for f in tmp.iterdir():
        f.unlink()
    tmp.rmdir()
    ok = best["gif export"] < 10 and best["mp4 export"] < 5
    print("  targets met" if ok else "  TARGETS MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
