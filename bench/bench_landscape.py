"""Landscape grid benchmark (issue 12): the digits MLP's loss over a 51×51 plane.

Model: 64-256-128-10 ReLU, softmax + cross-entropy, float32, trained briefly (2 epochs of
Adam, batch 64) on the 1,438 training samples of scikit-learn's digits (the default
80/20 split); filter-normalised random directions; grid 51 × 51 on [-1, 1]²; the loss
and accuracy at every point on all 1,438 samples.

Printed (medians over --reps runs):

* wall seconds serial (this process, BLAS pinned to one thread) and with ``workers=2``
  processes (pool start-up included; each worker pins BLAS to one thread);
* GFLOP/s: nominal work = points · 2·N·Σ prev·n (every layer's product counted per point,
  although the first layer's is computed only three times in all by linearity), and the
  work actually executed (without the first layer per point);
* the single-core BLAS peak measured in the same run (median sgemm 2048³, float32) and
  the fraction of it reached (per core: the 2-process rate is divided by 2 cores' peak).

With ``--dask``: the same grid on a dask.distributed ``LocalCluster`` (two worker
processes on 127.0.0.1, one thread each: what ``--scheduler`` does with a real cluster),
checked bit for bit against serial, and the cost of a 201×201 grid of a larger network
(64-1024-1024-10 on the same data) measured per point on a 15×15 sub-grid through the
cluster and scaled to 40,401 points (the grid's work is the same for every point).

Run:  .venv/bin/python bench/bench_landscape.py [--reps 3] [--grid 51] [--dask]
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
    parser.add_argument("--dask", action="store_true", help="also time a dask LocalCluster")
    args = parser.parse_args()
    pinned = _pin()

    from gradscape.core.datasets import digits
    from gradscape.core.landscape import get_theta, loss_grid, random_directions
    from gradscape.core.network import Network

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
    if args.dask:
        bench_dask(problem, grids[1], args.reps, nominal, peak)


def bench_dask(problem: tuple, serial: tuple, reps: int, nominal: float, peak: float) -> None:
    """The grid through a LocalCluster, and a larger network's 201×201 cost."""
    from distributed import Client, LocalCluster

    from gradscape.core.landscape import get_theta, loss_grid, random_directions
    from gradscape.core.network import Network

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster):  # fmt: skip
        address = cluster.scheduler_address
        walls, grid = [], None
        for _ in range(reps):
            t0 = time.perf_counter()
            grid = loss_grid(*problem, scheduler=address)
            walls.append(time.perf_counter() - t0)
        assert grid is not None
        same = all(np.array_equal(grid[k], serial[k]) for k in (0, 1))
        wall = statistics.median(walls)
        print(f"dask LocalCluster (2 worker processes) median {wall:6.2f} s  (runs: "
              f"{', '.join(f'{w:.2f}' for w in walls)})  {nominal / wall / 1e9:6.1f} GFLOP/s "
              f"nominal; identical to serial bit for bit: {same}")  # fmt: skip
        sizes = [64, 1024, 1024, 10]
        x, t = problem[4], problem[5]
        big = Network.from_sizes(sizes, "relu", dtype=np.float32, seed=0)
        theta = get_theta(big)
        d1, d2 = random_directions(big, theta, seed=0)
        ax = np.linspace(-1.0, 1.0, 15)
        t0 = time.perf_counter()
        loss_grid(sizes, "relu", "softmax", "cross", x, t, theta, d1, d2, ax, ax,
                  scheduler=address)  # fmt: skip
        per_point = (time.perf_counter() - t0) / ax.size**2
        flop = 2.0 * len(x) * sum(p * q for p, q in zip(sizes, sizes[1:], strict=False))
        print(f"64-1024-1024-10 on {len(x)} samples: {per_point * 1e3:.0f} ms a point on this "
              f"2-worker cluster ({flop / 1e9:.2f} GFLOP each); a 201×201 grid = 40,401 "
              f"points ≈ {per_point * 40401 / 60:.0f} min here, ≈ {per_point * 40401 * 2 / 60:.0f}"
              f" core-minutes: ≈ {per_point * 40401 * 2 / 32 / 60:.1f} min on 32 such cores")


if __name__ == "__main__":
    main()
