"""Landscape grid benchmark (issue 12): the digits MLP's loss over a 51×51 plane.

Model: 64-256-128-10 ReLU, softmax + cross-entropy, float32, trained briefly (2 epochs of
Adam, batch 64) on the 1,437 training samples of scikit-learn's digits (the default
80/20 split); filter-normalised random directions; grid 51 × 51 on [-1, 1]²; the loss
and accuracy at every point on all 1,437 samples.

Printed (medians over --reps runs):

* wall seconds serial (this process, BLAS pinned to one thread) and with ``workers=2``
  processes (pool start-up included; each worker pins BLAS to one thread);
* GFLOP/s: nominal work = points · 2·N·Σ prev·n (every layer's product counted per point,
  although the first layer's is computed only three times in all by linearity), and the
  work actually executed (without the first layer per point);
* the single-core BLAS peak measured in the same run (median sgemm 2048³, float32) and
  the fraction of it reached (per core: the 2-process rate is divided by 2 cores' peak).

Run:  .venv/bin/python bench/bench_landscape.py [--reps 3] [--grid 51]
"""

from __future__ import annotations

import os

# One BLAS thread in this process (and in the forkserver and its workers, which inherit
# the environment) before numpy is imported.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = [64, 256, 128, 10]


def _pin() -> str:
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return "env vars only (threadpoolctl not installed)"
    threadpool_limits(1)
    return "threadpoolctl + env vars"


def sgemm_peak(n: int = 2048, reps: int = 5) -> float:
    """Median GFLOP/s of one float32 n×n×n matrix product on this core."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    a @ b
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - t0)
    return 2.0 * n**3 / statistics.median(times) / 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--grid", type=int, default=51)
    args = parser.parse_args()
    pinned = _pin()

    from core.datasets import digits
    from core.landscape import get_theta, loss_grid, random_directions
    from core.network import Network

    d = digits()
    x, t = d.x_train, d.labels_train
    net = Network.from_sizes(SIZES, "relu", dtype=np.float32, seed=0)
    net.fit(x, t, epochs=2, batch_size=64, seed=0)
    theta = get_theta(net)
    d1, d2 = random_directions(net, theta, seed=0)
    ax = np.linspace(-1.0, 1.0, args.grid)
    ax[args.grid // 2] = 0.0
    problem = (SIZES, "relu", "softmax", "cross", x, t, theta, d1, d2, ax, ax)

    points, n = args.grid**2, len(x)
    pairs = list(zip(SIZES, SIZES[1:], strict=False))
    nominal = points * 2.0 * n * sum(p * q for p, q in pairs)
    executed = points * 2.0 * n * sum(p * q for p, q in pairs[1:]) + 3 * 2.0 * n * 64 * 256

    peak = sgemm_peak()
    walls: dict[int, list[float]] = {1: [], 2: []}
    grids = {}
    for _ in range(args.reps):
        for workers in (1, 2):  # alternating, so machine noise hits both alike
            t0 = time.perf_counter()
            grids[workers] = loss_grid(*problem, workers=workers)
            walls[workers].append(time.perf_counter() - t0)
    peak = statistics.median([peak, sgemm_peak()])  # before and after: load drifts
    same = all(np.array_equal(grids[1][k], grids[2][k]) for k in (0, 1))
    centre = grids[1][0][args.grid // 2, args.grid // 2] == net.evaluate(x, t)[0]

    print(f"digits MLP {'-'.join(map(str, SIZES))}, N = {n} samples, grid {args.grid}×"
          f"{args.grid} = {points} points, float32; BLAS pinned: {pinned}")  # fmt: skip
    print(f"work: nominal {nominal / 1e9:.1f} GFLOP (2·N·Σ prev·n per point), executed "
          f"{executed / 1e9:.1f} GFLOP (first layer by linearity)")  # fmt: skip
    print(f"single-core sgemm peak (2048³, float32): {peak:.1f} GFLOP/s")
    for workers, label in ((1, "serial (1 process, 1 BLAS thread)"), (2, "workers=2 processes")):
        wall = statistics.median(walls[workers])
        rate_n, rate_e = nominal / wall / 1e9, executed / wall / 1e9
        print(f"{label:36s} median {wall:6.2f} s  (runs: "
              f"{', '.join(f'{w:.2f}' for w in walls[workers])})  "
              f"{rate_n:6.1f} GFLOP/s nominal = {rate_n / (peak * workers):.0%} of "
              f"{workers} core peak; executed {rate_e:.1f} GFLOP/s = "
              f"{rate_e / (peak * workers):.0%}")  # fmt: skip
    print(f"serial and 2-process grids identical bit for bit: {same}; centre == "
          f"Network.evaluate: {centre}; load average {os.getloadavg()[0]:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
