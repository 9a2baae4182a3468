"""Engine benchmarks: the neuron grid through the dense layer, races and many-start runs.

Run:  .venv/bin/python bench/bench_engine.py [--repeats N]

Prints, measured side by side in the same run (BLAS pinned to one thread):

1. the neuron surface L(w, b) on a 500×500 grid through the core's dense layer
   (``Neuron.grid``) against the bare numpy expression for the same loss, and their ratio
   (target ≤ 2×);
2. a race of all first-order optimizers × 1000 steps on the neuron surface (target < 0.25 s):
   how many of its rules run on the point path (Python floats) and the share of the others'
   own ``update`` calls; the second-order ones (Newton, L-BFGS) apart;
3. 1000 start points × 1000 Adam steps on the neuron surface (target < 0.1 s), and the
   same on Rosenbrock (closed-form surface) for comparison, in ns per start-step;
4. the window's race of 8 optimizers × 300 steps from one start point (what a drag of the
   start recomputes at every frame) on the point path (Python floats) and on the array path
   (numpy), side by side, and their ratio.

Each figure is the median of ``--repeats`` runs (default 7), the contenders interleaved.
"""

from __future__ import annotations

import os

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from gradscape.core.optimizers import OPTIMIZERS, Optimizer, get_opt  # noqa: E402
from gradscape.core.surfaces import get_surface  # noqa: E402
from gradscape.core.trajectory import descend, race  # noqa: E402


def _pin_blas() -> str:
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return "env vars only (threadpoolctl not installed)"
    threadpool_limits(1)
    return "threadpoolctl + env vars"


#: CPU-time medians of the last _median_times call (a second opinion on a busy machine:
#: wall time counts the time other processes take the core away, CPU time does not).
CPU: dict[str, float] = {}


def _median_times(fns: dict, repeats: int) -> dict[str, float]:
    """Median wall time of each function, calls interleaved round-robin."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    cpu: dict[str, list[float]] = {k: [] for k in fns}
    for fn in fns.values():  # warm-up (imports, caches, page faults of first allocation)
        fn()
    for _ in range(repeats):
        for k, fn in fns.items():
            c0, t0 = time.process_time(), time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
            cpu[k].append(time.process_time() - c0)
    CPU.clear()
    CPU.update({k: statistics.median(v) for k, v in cpu.items()})
    return {k: statistics.median(v) for k, v in times.items()}


def bench_grid(repeats: int) -> None:
    n = 500
    s = get_surface("neuron")
    x, y = s.samples[0]
    (w0, w1), (b0, b1) = s.domain

    def bare() -> np.ndarray:
        # the same loss written directly: ½ mean over samples of (σ(x·w + b) − y*)²
        ws = np.linspace(w0, w1, n)
        bs = np.linspace(b0, b1, n)
        W, B = np.meshgrid(ws, bs, indexing="ij")
        u = W * x + B
        sg = 1.0 / (1.0 + np.exp(-u))
        return 0.5 * (sg - y) ** 2

    def layer() -> np.ndarray:
        return s.grid(n)[2]

    assert np.allclose(bare(), layer(), rtol=1e-13, atol=1e-18)
    t = _median_times({"layer": layer, "bare": bare}, repeats)
    print(
        f"neuron grid 500×500: dense layer {t['layer'] * 1e3:.2f} ms, bare numpy "
        f"{t['bare'] * 1e3:.2f} ms, ratio {t['layer'] / t['bare']:.2f}× (target ≤ 2×); "
        f"CPU-time ratio {CPU['layer'] / CPU['bare']:.2f}×"
    )
    # several samples: the layer's (P, S, 1) batch against the bare broadcast
    data = [(float(a), float(0.5 + 0.4 * np.tanh(a))) for a in np.linspace(-2, 2, 8)]
    s8 = get_surface("neuron", samples=data)
    xs = np.array([d[0] for d in data])
    ys = np.array([d[1] for d in data])

    def bare8() -> np.ndarray:
        ws = np.linspace(w0, w1, n)
        bs = np.linspace(b0, b1, n)
        W, B = np.meshgrid(ws, bs, indexing="ij")
        u = W[..., None] * xs + B[..., None]
        sg = 1.0 / (1.0 + np.exp(-u))
        return 0.5 * ((sg - ys) ** 2).mean(-1)

    def layer8() -> np.ndarray:
        return s8.grid(n)[2]

    assert np.allclose(bare8(), layer8(), rtol=1e-12, atol=1e-18)
    t = _median_times({"layer": layer8, "bare": bare8}, max(3, repeats // 2))
    print(
        f"neuron grid 500×500, 8 samples: dense layer {t['layer'] * 1e3:.2f} ms, bare "
        f"{t['bare'] * 1e3:.2f} ms, ratio {t['layer'] / t['bare']:.2f}× "
        f"(CPU time {CPU['layer'] / CPU['bare']:.2f}×)"
    )


class _Timed:
    """Wraps every optimizer's update to add up the time spent inside it.

    Wraps ``Optimizer.update`` and any class's own override of it; a rule that drives
    another (SAM's base optimizer) is counted once, in the outer call.
    """

    def __init__(self) -> None:
        self.total = 0.0
        classes = [Optimizer, *(cls for _, cls in OPTIMIZERS.items())]
        self._orig = {cls: cls.__dict__["update"] for cls in classes if "update" in cls.__dict__}
        self._depth = 0

    def __enter__(self) -> _Timed:
        me = self

        def wrap(orig):
            def update(opt, *a, **k):
                if me._depth:
                    return orig(opt, *a, **k)
                me._depth += 1
                t0 = time.perf_counter()
                try:
                    return orig(opt, *a, **k)
                finally:
                    me.total += time.perf_counter() - t0
                    me._depth -= 1

            return update

        for cls, orig in self._orig.items():
            cls.update = wrap(orig)
        return self

    def __exit__(self, *exc) -> None:
        for cls, orig in self._orig.items():
            cls.update = orig


def bench_race(repeats: int) -> None:
    s = get_surface("neuron")
    # the first-order rules; the two that need the surface's Hessian or loss at other points
    # (Newton, L-BFGS: a 2×2 solve, a line search) are timed apart
    names = [n for n in OPTIMIZERS.names() if not OPTIMIZERS[n].surface_only]
    second = [n for n in OPTIMIZERS.names() if OPTIMIZERS[n].surface_only]
    t = _median_times({"race": lambda: race(s, names, s.start, 1000, seed=0)}, repeats)["race"]
    cpu = CPU["race"]
    from gradscape.core.optimizers._point import point_rule

    on_points = sum(point_rule(get_opt(n)) is not None for n in names)
    with _Timed() as tm:
        t0 = time.perf_counter()
        race(s, names, s.start, 1000, seed=0)
        wall = time.perf_counter() - t0
    share = tm.total / wall
    array_rules = len(names) - on_points
    print(
        f"race of all {len(names)} optimizers × 1000 steps on the neuron: {t:.3f} s "
        f"(CPU {cpu:.3f} s; target < 0.25 s); {on_points} of the rules on the point path, the "
        f"other {array_rules}'s update() calls {share:.0%} of it (≈ "
        f"{t * share / (array_rules * 1000) * 1e6:.1f} µs per update)"
    )
    t2 = _median_times({"second": lambda: race(s, second, s.start, 1000, seed=0)}, repeats)
    print(f"race of the {len(second)} second-order rules ({', '.join(second)}) × 1000 steps on "
          f"the neuron: {t2['second']:.3f} s")  # fmt: skip


def bench_many(repeats: int) -> None:
    k, steps = 1000, 1000
    rng = np.random.default_rng(0)
    for name in ("neuron", "rosenbrock"):
        s = get_surface(name)
        (w0, w1), (b0, b1) = s.domain
        starts = np.column_stack([rng.uniform(w0, w1, k), rng.uniform(b0, b1, k)])
        t = _median_times(
            {"many": lambda s=s, starts=starts: descend(s, ("adam", {"eta": 0.05}), starts, steps)},
            repeats,
        )["many"]
        cpu = CPU["many"]
        target = " (target < 0.1 s)" if name == "neuron" else ""
        # where the time goes: the surface's loss+gradient and Adam's update, alone
        w, b = starts[:, 0].copy(), starts[:, 1].copy()
        opt = get_opt("adam", eta=0.05)
        g = s.grad(w, b)[0]
        parts = _median_times(
            {
                "surface": lambda s=s, w=w, b=b: [s.loss_and_grad(w, b) for _ in range(steps)],
                "adam": lambda opt=opt, g=g, w=w, b=b: [
                    opt.update(g, g, params=(w, b), batch_ndim=1) for _ in range(steps)
                ],
            },
            3,
        )
        sc, ac = CPU["surface"], CPU["adam"]
        print(
            f"{k} starts × {steps} Adam steps on {name}: {t:.3f} s (CPU {cpu:.3f} s)"
            f"{target}, {t / (k * steps) * 1e9:.0f} ns per start-step; per step (CPU) "
            f"surface {sc / steps * 1e6:.0f} µs, Adam {ac / steps * 1e6:.0f} µs, engine "
            f"(recording, checks) {(cpu - sc - ac) / steps * 1e6:.0f} µs"
        )
        del parts


def bench_point_race(repeats: int) -> None:
    from gradscape.core.trajectory import _engine

    s = get_surface("neuron")
    # the window's default race: these rules at the neuron's demo hyperparameters
    runs = ["adam", "sgd", "msgd", "nag", "adagrad", "rmsprop", "adadelta", "rmspropgraves"]
    start, point_rules = (-1.8, -1.2), _engine.point_rules

    def array_path() -> None:
        _engine.point_rules = lambda opts: None
        try:
            race(s, runs, start, 300)
        finally:
            _engine.point_rules = point_rules

    t = _median_times(
        {"point": lambda: race(s, runs, start, 300), "array": array_path}, max(repeats, 15)
    )
    print(
        f"race of 8 optimizers × 300 steps from one start on the neuron: point path "
        f"{t['point'] * 1e3:.1f} ms (CPU {CPU['point'] * 1e3:.1f}), array path "
        f"{t['array'] * 1e3:.1f} ms (CPU {CPU['array'] * 1e3:.1f}); ratio "
        f"{t['point'] / t['array']:.2f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    print(f"numpy {np.__version__}, BLAS pinned to 1 thread ({_pin_blas()})")
    bench_grid(args.repeats)
    bench_race(max(3, args.repeats // 2))
    bench_many(max(3, args.repeats // 2))
    bench_point_race(args.repeats)


if __name__ == "__main__":
    main()
