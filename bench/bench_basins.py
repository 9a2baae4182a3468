"""Basin-map benchmark (issue 11): every start of an n×n grid × 1000 steps, one optimizer.

Adam (the surface's demo η) on Himmelblau, 200×200 and 256×256 grids, 1000 steps: the
whole grid is one batch of (K,) arrays through the optimizer's fast path, keeping only
each start's final state (:func:`core.trajectory.descend_final`).  Printed (medians over
--reps runs): wall seconds and CPU seconds of this process serially, and wall seconds with
``workers=2`` processes (the grid's rows in two chunks; pool start-up included; the same
map bit for bit), plus the time per start-step.  Labels are checked equal across modes.
Last, the engine keeping every step (``descend``) against the final-state mode on the
largest grid its records allow (100×100 starts × 1000 steps = MAX_RECORDS / 2).

The targets in the issue: 200×200 × 1000 ≤ 2 s and 256×256 × 1000 ≤ 3 s on a 2-core
machine.  Wall times are sensitive to other load on the machine; the CPU seconds of the
serial run are not.

Run:  .venv/bin/python bench/bench_basins.py [--reps 5] [--optimizer adam] [--surface himmelblau]
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _time(fn, reps: int) -> tuple[float, float, object]:
    walls, cpus, out = [], [], None
    for _ in range(reps):
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--optimizer", default="adam")
    ap.add_argument("--surface", default="himmelblau")
    ap.add_argument("--grids", type=int, nargs="+", default=[200, 256])
    args = ap.parse_args()

    from gradscape.core.basins import basins
    from gradscape.core.landscape._parallel import pin_blas
    from gradscape.core.surfaces import get_surface
    from gradscape.core.trajectory import descend, descend_final

    pin_blas()
    s = get_surface(args.surface)
    print(f"{args.optimizer} on {s.display_name}, {args.steps} steps, medians of {args.reps}")
    basins(s, args.optimizer, grid=20, steps=10)  # imports and the fast path warmed up
    for n in args.grids:
        wall1, cpu1, one = _time(
            lambda n=n: basins(s, args.optimizer, grid=n, steps=args.steps), args.reps
        )
        wall2, _, two = _time(
            lambda n=n: basins(s, args.optimizer, grid=n, steps=args.steps, workers=2),
            args.reps,
        )
        assert np.array_equal(one.label, two.label) and np.array_equal(one.final, two.final)
        per = wall1 / (n * n * args.steps) * 1e9
        counts = {k: v for k, v in one.counts().items() if v}
        print(
            f"{n}x{n}: serial {wall1:.3f} s wall ({cpu1:.3f} s CPU, {per:.1f} ns per "
            f"start-step); 2 processes {wall2:.3f} s wall; labels {counts}"
        )
    ww, bb = np.meshgrid(np.linspace(-5, 5, 100), np.linspace(-5, 5, 100))
    starts = np.column_stack([ww.ravel(), bb.ravel()])
    spec = (args.optimizer, s.demo_hyper(args.optimizer))
    full, _, trs = _time(lambda: descend(s, spec, starts, args.steps), args.reps)
    final, _, fs = _time(lambda: descend_final(s, spec, starts, args.steps), args.reps)
    assert np.array_equal(fs.params, np.array([t.params[-1] for t in trs]))
    print(
        f"100x100 starts: descend with every step recorded {full:.3f} s, final-state mode "
        f"{final:.3f} s ({full / final:.1f}x); the same final points"
    )


if __name__ == "__main__":
    main()
