"""Every optimizer that torch.optim also has moves exactly as torch.optim moves.

The problem is a tiny non-quadratic regression, y = tanh(x·W + b) with a squared loss, two
parameter slots (W of shape (3, 2), b of shape (2,)).  Both sides get the same numpy gradient
at every step, so only the optimizers differ; after 200 steps in float64 the parameter
trajectories must agree to 1e-9.

``test_matches_live_torch`` runs torch itself (skipped when torch is not installed);
``test_matches_stored_torch_reference`` always runs and compares with
``tests/data/torch_reference.json``, written by ``tests/data/make_torch_reference.py`` from the
very same :data:`CASES` and :func:`problem`, so CI without torch still checks torch's numbers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from gradscape.core.optimizers import get_opt

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "torch_reference.json"
STEPS = 200
EVERY = 10  # the stored reference keeps every 10th point of the trajectory
TOL = 1e-9

#: case id -> (our optimizer, our hyperparameters, torch.optim class, its keyword arguments).
#: Learning rates are kept small enough that no run reaches the minimum within 200 steps:
#: there, normalised rules with short memory (β2 = 0.9, centred RMSprop with tiny ε) turn
#: tiny gradients of alternating sign into full-size steps, and round-off differences of
#: 1e-16 grow chaotically for *any* two correct implementations.
CASES: dict[str, tuple[str, dict[str, Any], str, dict[str, Any]]] = {
    "SGD": ("SGD", {"eta": 0.1}, "SGD", {"lr": 0.1}),
    "MSGD": ("MSGD", {"eta": 0.05, "mu": 0.9}, "SGD", {"lr": 0.05, "momentum": 0.9}),
    "MSGD-dampening": (
        "MSGD",
        {"eta": 0.05, "mu": 0.8, "dampening": 0.3},
        "SGD",
        {"lr": 0.05, "momentum": 0.8, "dampening": 0.3},
    ),
    "NAG": (
        "NAG",
        {"eta": 0.05, "mu": 0.9},
        "SGD",
        {"lr": 0.05, "momentum": 0.9, "nesterov": True},
    ),
    "AdaGrad": ("AdaGrad", {"eta": 0.1, "eps": 1e-10}, "Adagrad", {"lr": 0.1, "eps": 1e-10}),
    "AdaGrad-decay": (
        "AdaGrad",
        {"eta": 0.1, "eps": 1e-10, "lr_decay": 0.01, "initial_accumulator_value": 0.1},
        "Adagrad",
        {"lr": 0.1, "eps": 1e-10, "lr_decay": 0.01, "initial_accumulator_value": 0.1},
    ),
    "RMSprop": (
        "RMSprop",
        {"eta": 1e-3, "rho": 0.99, "eps": 1e-8},
        "RMSprop",
        {"lr": 1e-3, "alpha": 0.99, "eps": 1e-8},
    ),
    "RMSprop-centered-momentum": (
        "RMSprop",
        {"eta": 5e-4, "rho": 0.9, "eps": 1e-3, "centered": True, "mu": 0.5},
        "RMSprop",
        {"lr": 5e-4, "alpha": 0.9, "eps": 1e-3, "centered": True, "momentum": 0.5},
    ),
    "AdaDelta": (
        "AdaDelta",
        {"eta": 1.0, "rho": 0.9, "eps": 1e-6},
        "Adadelta",
        {"lr": 1.0, "rho": 0.9, "eps": 1e-6},
    ),
    "Adam": (
        "Adam",
        {"eta": 2e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
        "Adam",
        {"lr": 2e-3, "betas": (0.9, 0.999), "eps": 1e-8},
    ),
    "Adam-betas": (
        "Adam",
        {"eta": 2e-3, "beta1": 0.5, "beta2": 0.99, "eps": 1e-6},
        "Adam",
        {"lr": 2e-3, "betas": (0.5, 0.99), "eps": 1e-6},
    ),
    "AdamW": (
        "AdamW",
        {"eta": 2e-3, "weight_decay": 0.5},
        "AdamW",
        {"lr": 2e-3, "weight_decay": 0.5},
    ),
    "AdaMax": ("AdaMax", {"eta": 2e-3}, "Adamax", {"lr": 2e-3}),
    "Nadam": (
        "Nadam",
        {"eta": 2e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "momentum_decay": 4e-3},
        "NAdam",
        {"lr": 2e-3, "betas": (0.9, 0.999), "eps": 1e-8, "momentum_decay": 4e-3},
    ),
    "Nadam-defaults": (
        "Nadam",
        {},
        "NAdam",
        {"lr": 2e-3, "betas": (0.975, 0.999), "eps": 1e-8, "momentum_decay": 4e-3},
    ),
    "RAdam": ("RAdam", {"eta": 3e-3}, "RAdam", {"lr": 3e-3}),
    "AMSGrad": ("AMSGrad", {"eta": 2e-3}, "Adam", {"lr": 2e-3, "amsgrad": True}),
}


def problem() -> dict[str, np.ndarray]:
    """The regression data and start point: deterministic, no random generator involved."""
    i = np.arange(8.0)[:, None]
    j = np.arange(3.0)[None, :]
    x = np.sin(1.3 * i + 0.7 * j + 0.2) * (1.0 + 0.25 * j)
    k = np.arange(2.0)[None, :]
    t = 0.8 * np.cos(0.9 * i - 1.1 * k)
    w0 = np.array([[0.3, -0.2], [-0.5, 0.4], [0.1, 0.25]])
    b0 = np.array([0.05, -0.1])
    return {"x": x, "t": t, "w0": w0, "b0": b0}


def gradient(w: np.ndarray, b: np.ndarray, x: np.ndarray, t: np.ndarray) -> tuple:
    """∂L/∂W, ∂L/∂b of L = mean over samples of ½‖tanh(xW + b) − t‖²."""
    y = np.tanh(x @ w + b)
    delta = (y - t) * (1.0 - y * y) / x.shape[0]
    return x.T @ delta, delta.sum(axis=0)


def loss(w: np.ndarray, b: np.ndarray, x: np.ndarray, t: np.ndarray) -> float:
    y = np.tanh(x @ w + b)
    return float(0.5 * ((y - t) ** 2).sum(axis=1).mean())


def run_ours(case: str, steps: int = STEPS) -> np.ndarray:
    """Our trajectory: (steps + 1, 8) rows of [W.ravel(), b]."""
    name, hyper, _, _ = CASES[case]
    p = problem()
    w, b = p["w0"].copy(), p["b0"].copy()
    opt = get_opt(name, **hyper)
    rows = [np.concatenate([w.ravel(), b])]
    for _ in range(steps):
        gw, gb = gradient(w, b, p["x"], p["t"])
        dw, db = opt.update(gw, gb, params=(w, b), f=loss(w, b, p["x"], p["t"]))
        w += dw
        b += db
        rows.append(np.concatenate([w.ravel(), b]))
    return np.array(rows)


def run_torch(case: str, steps: int = STEPS) -> np.ndarray:
    """torch.optim's trajectory on the same problem with the same numpy gradients."""
    import torch

    _, _, torch_name, kwargs = CASES[case]
    p = problem()
    old_dtype = torch.get_default_dtype()
    # torch keeps scalar state (NAdam's μ product, step counts) in the default dtype
    torch.set_default_dtype(torch.float64)
    try:
        w = torch.tensor(p["w0"], dtype=torch.float64)
        b = torch.tensor(p["b0"], dtype=torch.float64)
        opt = getattr(torch.optim, torch_name)([w, b], foreach=False, **kwargs)
        rows = [np.concatenate([p["w0"].ravel(), p["b0"]])]
        for _ in range(steps):
            gw, gb = gradient(w.numpy(), b.numpy(), p["x"], p["t"])
            w.grad = torch.from_numpy(gw)
            b.grad = torch.from_numpy(gb)
            opt.step()
            rows.append(np.concatenate([w.numpy().ravel(), b.numpy()]))
    finally:
        torch.set_default_dtype(old_dtype)
    return np.array(rows)


def test_the_problem_is_not_trivial():
    # The trajectories must travel: a test on a problem where nothing moves proves nothing.
    for case in CASES:
        traj = run_ours(case)
        assert np.all(np.isfinite(traj)), case
        assert np.abs(traj[-1] - traj[0]).max() > 0.05, case
    p = problem()
    # and the gradient is right (central differences), so both sides follow the true loss
    w, b = p["w0"], p["b0"]
    gw, gb = gradient(w, b, p["x"], p["t"])
    h = 1e-6
    for idx in np.ndindex(w.shape):
        e = np.zeros_like(w)
        e[idx] = h
        fd = (loss(w + e, b, p["x"], p["t"]) - loss(w - e, b, p["x"], p["t"])) / (2 * h)
        assert fd == pytest.approx(gw[idx], rel=1e-6, abs=1e-10)
    for i in range(b.size):
        e = np.zeros_like(b)
        e[i] = h
        fd = (loss(w, b + e, p["x"], p["t"]) - loss(w, b - e, p["x"], p["t"])) / (2 * h)
        assert fd == pytest.approx(gb[i], rel=1e-6, abs=1e-10)


@pytest.mark.parametrize("case", list(CASES))
def test_matches_live_torch(case):
    pytest.importorskip("torch")
    ours, theirs = run_ours(case), run_torch(case)
    assert ours.shape == theirs.shape == (STEPS + 1, 8)
    assert np.abs(ours - theirs).max() <= TOL


def _reference() -> dict[str, Any]:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


def test_stored_reference_matches_the_cases():
    ref = _reference()
    assert ref["steps"] == STEPS and ref["every"] == EVERY
    assert set(ref["cases"]) == set(CASES)
    for case, (name, hyper, torch_name, kwargs) in CASES.items():
        stored = ref["cases"][case]
        assert stored["optimizer"] == name and stored["hyper"] == hyper
        assert stored["torch"] == torch_name
        assert stored["torch_kwargs"] == json.loads(json.dumps(kwargs))
    p = problem()
    for key in ("x", "t", "w0", "b0"):
        np.testing.assert_array_equal(np.array(ref["problem"][key]), p[key])


@pytest.mark.parametrize("case", list(CASES))
def test_matches_stored_torch_reference(case):
    stored = _reference()["cases"][case]
    steps = np.array(stored["steps"])
    traj = np.array(stored["params"])
    assert steps[0] == 0 and steps[-1] == STEPS and len(steps) == STEPS // EVERY + 1
    ours = run_ours(case)[steps]
    assert np.abs(ours - traj).max() <= TOL
