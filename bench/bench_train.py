"""Training benchmark of the numpy core against PyTorch (issue 2).

Models (float32, softmax + cross-entropy, Adam η = 1e-3, BLAS pinned to one thread):

* digits: 64-256-128-10 ReLU on scikit-learn's 8×8 digits, batch 64 and batch 256, 20 epochs;
* large: 784-512-256-10 ReLU on 20,000 synthetic 784-pixel samples, batch 128, 3 epochs;
* cnn: conv 16@3×3 ("same") → ReLU → max pool 2 → dense 10 on the 8×8 digits, batch 64,
  20 epochs (``Network.from_specs``; torch: Conv2d, ReLU, MaxPool2d, Flatten, Linear).

Every run happens in its own subprocess (numpy and torch never share a process), and the
numpy and torch runs alternate, so machine noise hits both alike.  Both sides start from the
same initial weights and visit the minibatches in the same order.  Printed: median seconds
per epoch over all epochs of all repetitions, test accuracy after the last epoch, and the
ratio ours/torch (targets: ≤ 0.5 on digits at batch 64, ≤ 1.0 on the large network and on
the CNN).

Run:  .venv/bin/python bench/bench_train.py [--reps 5] [--large-epochs 3] [--quick]
"""

from __future__ import annotations

import os

# Pin every BLAS/OpenMP pool to one thread before numpy (or torch) is imported.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):  # fmt: skip
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MODELS = {
    # name: (sizes, batch, epochs key)
    "digits-b64": ([64, 256, 128, 10], 64),
    "digits-b256": ([64, 256, 128, 10], 256),
    "large-b128": ([784, 512, 256, 10], 128),
    "cnn-b64": (None, 64),
}
#: the CNN of issue 13, in Network.from_specs form
CNN_SPECS = [
    ("conv", {"I_shape": (1, 8, 8), "F_shape": (16, 3, 3), "pad": "same"}),
    ("pool", {"pool": 2}),
    ("flatten", {}),
    ("output", {"n": 10, "act": "softmax", "loss": "cross"}),
]
ETA = 1e-3
SHUFFLE_SEED = 0


def _limit_threads() -> None:
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # the env vars above already pin OpenBLAS
        return
    threadpool_limits(1)


# -- data and initial weights (orchestrator) --------------------------------------------------


def _synthetic(n_train: int, n_test: int, seed: int = 0) -> tuple[np.ndarray, ...]:
    """784-pixel inputs in [0, 1] labelled by a random two-layer teacher (learnable, not
    trivially linear)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 1.0, (n_train + n_test, 784)).astype(np.float32)
    w1 = rng.standard_normal((784, 64)) / 28.0
    w2 = rng.standard_normal((64, 10))
    h = np.tanh((x - 0.5) @ w1 * 3.0)
    labels = (h @ w2).argmax(axis=1)
    t = np.eye(10, dtype=np.float32)[labels]
    return x[:n_train], t[:n_train], x[n_train:], t[n_train:]


def _prepare(folder: Path, models: list[str]) -> dict[str, Path]:
    from gradscape.core.datasets import digits

    d = digits(0.2, seed=1, dtype=np.float32)
    large = _synthetic(20_000, 2_000)
    paths = {}
    for name in models:
        sizes, _batch = MODELS[name]
        data = large if name.startswith("large") else (d.x_train, d.t_train, d.x_test, d.t_test)
        net = _numpy_net(name)
        arrays = {"x_train": data[0], "t_train": data[1], "x_test": data[2], "t_test": data[3]}
        for i, layer in enumerate(net.trainable):
            arrays[f"w{i}"], arrays[f"b{i}"] = layer.w, layer.b
        paths[name] = folder / f"{name}.npz"
        np.savez(paths[name], **arrays)
    return paths


def _numpy_net(name: str, opt_dic: dict | None = None):
    from gradscape.core.network import Network

    sizes, _batch = MODELS[name]
    if sizes is None:
        return Network.from_specs(CNN_SPECS, opt="Adam", opt_dic=opt_dic, dtype=np.float32,
                                  seed=0)  # fmt: skip
    return Network.from_sizes(sizes, act="ReLU", opt="Adam", opt_dic=opt_dic,
                              dtype=np.float32, seed=0)  # fmt: skip


# -- workers (one training run per process) ---------------------------------------------------


def _cpu_per_call(fn, seconds: float = 0.3) -> float:
    """Smallest CPU time of one call of ``fn`` over a few timed blocks (microseconds)."""
    fn()
    start = time.process_time()
    calls = 0
    while time.process_time() - start < 0.05:
        fn()
        calls += 1
    block = max(1, int(calls * seconds / 0.05 / 5))
    best = float("inf")
    for _ in range(5):
        t0 = time.process_time()
        for _ in range(block):
            fn()
        best = min(best, (time.process_time() - t0) / block)
    return best * 1e6


def _worker_numpy(path: str, name: str, epochs: int) -> dict:
    _limit_threads()
    _sizes, batch = MODELS[name]
    z = np.load(path)
    net = _numpy_net(name, {"eta": ETA})
    for i, layer in enumerate(net.trainable):
        layer.set_params(z[f"w{i}"], z[f"b{i}"])
    cpu: list[float] = []
    last = [time.process_time()]

    def tick(epoch: int, logs: dict) -> None:
        now = time.process_time()
        cpu.append(now - last[0])
        last[0] = now

    h = net.fit(z["x_train"], z["t_train"], epochs=epochs, batch_size=batch, seed=SHUFFLE_SEED,
                callback=tick)  # fmt: skip
    _, acc = net.evaluate(z["x_test"], z["t_test"])
    # Where one training step goes: forward + loss + backward, then the optimizer updates.
    # Fresh optimizer state: after hundreds of steps the moments of entries whose gradient
    # stays 0 decay into float32 subnormals, which the CPU handles ~100× slower, and the
    # timing would measure that rather than the code.
    for layer in net.trainable:
        layer.opt.reset()
    xb = net._inputs(z["x_train"][:batch])  # (the CNN's images as (batch, 1, 8, 8))
    tb = np.ascontiguousarray(z["t_train"][:batch])
    step = [0]

    def update() -> None:
        step[0] += 1
        for layer in net.layers:
            layer.update(t=step[0], f=1.0)

    parts = {
        "fb": _cpu_per_call(lambda: net._forward_backward(xb, tb)),
        "opt": _cpu_per_call(update),
    }
    return {"times": h["time"], "cpu": cpu, "accuracy": acc, "parts": parts}


def _worker_torch(path: str, name: str, epochs: int) -> dict:
    import torch

    torch.set_num_threads(1)
    _limit_threads()
    sizes, batch = MODELS[name]
    z = np.load(path)
    layers: list = []
    if sizes is None:  # the CNN: torch's conv weights are (M, C, fh, fw) as ours
        conv = torch.nn.Conv2d(1, 16, 3, padding=1)
        lin = torch.nn.Linear(256, 10)
        with torch.no_grad():
            conv.weight.copy_(torch.from_numpy(z["w0"]))
            conv.bias.copy_(torch.from_numpy(z["b0"]))
            lin.weight.copy_(torch.from_numpy(z["w1"].T.copy()))
            lin.bias.copy_(torch.from_numpy(z["b1"]))
        layers = [conv, torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(), lin]
    else:
        for i, (p, n) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
            lin = torch.nn.Linear(p, n)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(z[f"w{i}"].T.copy()))
                lin.bias.copy_(torch.from_numpy(z[f"b{i}"]))
            layers.append(lin)
            if i < len(sizes) - 2:
                layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=ETA)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.from_numpy(z["x_train"])
    if sizes is None:
        x = x.reshape(-1, 1, 8, 8)
    labels = torch.from_numpy(z["t_train"].argmax(axis=1))
    rng = np.random.default_rng(SHUFFLE_SEED)  # the same batches as the numpy run
    n = len(x)
    times, cpu = [], []
    for _ in range(epochs):
        start, start_cpu = time.perf_counter(), time.process_time()
        perm = torch.from_numpy(rng.permutation(n))
        xs, ls = x[perm], labels[perm]
        for lo in range(0, n, batch):
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xs[lo : lo + batch]), ls[lo : lo + batch])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    with torch.no_grad():
        x_test = torch.from_numpy(z["x_test"])
        pred = model(x_test.reshape(-1, 1, 8, 8) if sizes is None else x_test)
        pred = pred.argmax(dim=1).numpy()
    acc = float(np.mean(pred == z["t_test"].argmax(axis=1)))
    xb, lb = x[:batch], labels[:batch]
    opt = torch.optim.Adam(model.parameters(), lr=ETA)  # fresh state, as for ours

    def fb() -> None:
        opt.zero_grad(set_to_none=True)
        loss_fn(model(xb), lb).backward()

    parts = {"fb": _cpu_per_call(fb)}
    parts["opt"] = _cpu_per_call(opt.step)
    return {"times": times, "cpu": cpu, "accuracy": acc, "parts": parts}


# -- orchestrator -----------------------------------------------------------------------------


def _run(kind: str, path: Path, name: str, epochs: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", kind, str(path), name, str(epochs)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    if out.returncode != 0:
        raise RuntimeError(f"{kind} worker for {name} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _torch_available() -> bool:
    probe = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True)
    return probe.returncode == 0


def _environment() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"numpy {np.__version__}, Python {sys.version.split()[0]}, {cpu}, {os.cpu_count()} CPUs"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="runs per side and model (default 5)")
    ap.add_argument("--large-reps", type=int, default=3, help="runs of the large model")
    ap.add_argument("--epochs", type=int, default=20, help="digits epochs (default 20)")
    ap.add_argument("--large-epochs", type=int, default=3, help="large-model epochs")
    ap.add_argument("--models", nargs="*", default=list(MODELS), choices=list(MODELS))
    ap.add_argument("--no-torch", action="store_true", help="time the numpy core only")
    args = ap.parse_args()

    with_torch = not args.no_torch and _torch_available()
    print(f"gradscape training benchmark — {_environment()}")
    print("float32, Adam η = 1e-3, BLAS and torch pinned to 1 thread; one process per run,")
    print("numpy and torch runs interleaved; median seconds per epoch over all epochs and runs")
    print(
        "(wall clock, and CPU time of the process, which other load on the machine disturbs less)"
    )
    if not with_torch:
        print("(torch not installed or --no-torch: no ratios)")
    print()
    header = f"{'model':<12} {'epochs':>6} {'ours s/ep':>10} {'cpu s/ep':>9} {'ours acc':>9}"
    if with_torch:
        header += (f" {'torch s/ep':>11} {'cpu s/ep':>9} {'torch acc':>10} {'ratio':>6}"
                   f" {'cpu ratio':>9}")  # fmt: skip
    print(header)
    parts: list[tuple] = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = _prepare(Path(tmp), args.models)
        for name in args.models:
            large = name.startswith("large")
            epochs = args.large_epochs if large else args.epochs
            reps = args.large_reps if large else args.reps
            ours: list[dict] = []
            theirs: list[dict] = []
            for r in range(reps):
                # alternate who goes first, so a slow spell is shared
                order = ("numpy", "torch") if r % 2 == 0 else ("torch", "numpy")
                for kind in order:
                    if kind == "torch" and not with_torch:
                        continue
                    res = _run(kind, paths[name], name, epochs)
                    (ours if kind == "numpy" else theirs).append(res)
            t_ours = statistics.median(t for res in ours for t in res["times"])
            c_ours = statistics.median(t for res in ours for t in res["cpu"])
            a_ours = statistics.mean(res["accuracy"] for res in ours)
            line = f"{name:<12} {epochs:>6} {t_ours:>10.4f} {c_ours:>9.4f} {a_ours:>9.4f}"
            if with_torch:
                t_torch = statistics.median(t for res in theirs for t in res["times"])
                c_torch = statistics.median(t for res in theirs for t in res["cpu"])
                a_torch = statistics.mean(res["accuracy"] for res in theirs)
                line += (f" {t_torch:>11.4f} {c_torch:>9.4f} {a_torch:>10.4f}"
                         f" {t_ours / t_torch:>6.2f} {c_ours / c_torch:>9.2f}")  # fmt: skip
            print(line, flush=True)
            parts.append((name, ours[0]["parts"], theirs[0]["parts"] if theirs else None))
    print()
    print("one training step, CPU µs (best of 5 blocks): forward+loss+backward | optimizer")
    for name, p_ours, p_torch in parts:
        line = f"  {name:<12} ours {p_ours['fb']:8.0f} | {p_ours['opt']:7.0f}"
        if p_torch is not None:
            line += f"    torch {p_torch['fb']:8.0f} | {p_torch['opt']:7.0f}"
        print(line)
    print()
    print("targets: digits-b64 ours/torch <= 0.5 at equal accuracy; large-b128 and cnn-b64 <= 1.0")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        kind, path, name, epochs = sys.argv[2:6]
        fn = _worker_numpy if kind == "numpy" else _worker_torch
        print(json.dumps(fn(path, name, int(epochs))))
    else:
        main()
