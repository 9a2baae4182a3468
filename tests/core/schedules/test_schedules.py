"""Schedules: closed forms by hand, torch's schedulers live, and optimizers that follow them."""

from __future__ import annotations

import inspect
import math

import numpy as np
import pytest

from gradscape.core.network import Network
from gradscape.core.optimizers import OPTIMIZERS, _fast, get_opt
from gradscape.core.schedules import (
    SCHEDULES,
    FunctionSchedule,
    Schedule,
    _builtin,
    as_schedule,
    get_schedule,
    parse_schedule,
)

C4 = (1 + math.cos(math.pi / 4)) / 2  # 0.8535533905932737
S4 = (1 - math.cos(math.pi / 4)) / 2  # 0.1464466094067262

# Reference values written out from each scheduler's documented closed form, t = 1, 2, ...
REFERENCE = [
    ("step", {"base": 0.1, "step_size": 3, "gamma": 0.5},
     [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025]),
    ("exponential", {"base": 2.0, "gamma": 0.5}, [2.0, 1.0, 0.5, 0.25, 0.125]),
    ("cosine", {"base": 1.0, "T_max": 4}, [1.0, C4, 0.5, S4, 0.0]),
    ("cosine", {"base": 3.0, "T_max": 2, "low": 1.0}, [3.0, 2.0, 1.0]),
    # T_0 = 2, T_mult = 2: cycles of 2, 4, 8 steps, each restarting at base
    ("cosineRestarts", {"base": 1.0, "T_0": 2, "T_mult": 2},
     [1.0, 0.5, 1.0, C4, 0.5, S4, 1.0]),
    ("cosineRestarts", {"base": 1.0, "T_0": 2}, [1.0, 0.5, 1.0, 0.5, 1.0]),
    ("linear", {"base": 0.1, "start_factor": 0.5, "total_iters": 4},
     [0.05, 0.0625, 0.075, 0.0875, 0.1, 0.1]),
    # peak 1, 10 steps, rise over pct·10 − 1 = 2 steps from 1/25 = 0.04, fall to 0.04/1e4
    ("oneCycle", {"peak": 1.0, "total_steps": 10},
     [0.04, 0.52, 1.0,
      4e-6 + (1 - 4e-6) / 2 * (math.cos(math.pi / 7) + 1),
      4e-6 + (1 - 4e-6) / 2 * (math.cos(2 * math.pi / 7) + 1),
      4e-6 + (1 - 4e-6) / 2 * (math.cos(3 * math.pi / 7) + 1),
      4e-6 + (1 - 4e-6) / 2 * (math.cos(4 * math.pi / 7) + 1),
      4e-6 + (1 - 4e-6) / 2 * (math.cos(5 * math.pi / 7) + 1),
      4e-6 + (1 - 4e-6) / 2 * (math.cos(6 * math.pi / 7) + 1),
      4e-6, 4e-6, 4e-6]),
    ("oneCycle", {"peak": 1.0, "total_steps": 10, "anneal": "linear"},
     [0.04, 0.52, 1.0, 1 - (1 - 4e-6) / 7, 1 - 2 * (1 - 4e-6) / 7]),
    # three phases: up (2 steps), back down to 0.04 (2 steps), then to 4e-6 at t = 10
    ("oneCycle", {"peak": 1.0, "total_steps": 10, "three_phase": True, "anneal": "linear"},
     [0.04, 0.52, 1.0, 0.52, 0.04, 0.04 - (0.04 - 4e-6) / 5]),
    ("constant", {"value": 0.3}, [0.3, 0.3, 0.3]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "kw", "values"), REFERENCE)
def test_closed_forms_by_hand(name, kw, values):
    s = get_schedule(name, **kw)
    got = [s(t) for t in range(1, len(values) + 1)]
    np.testing.assert_allclose(got, values, rtol=1e-14, atol=1e-16)


def _torch_lrs(name: str, kw: dict, steps: int) -> list[float]:
    """torch's learning rate at each of ``steps`` optimizer steps (before the step)."""
    import torch

    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.SGD([p], lr=kw.get("base", kw.get("peak")))
    ls = torch.optim.lr_scheduler
    if name == "step":
        sched = ls.StepLR(opt, kw["step_size"], kw["gamma"])
    elif name == "exponential":
        sched = ls.ExponentialLR(opt, kw["gamma"])
    elif name == "cosine":
        sched = ls.CosineAnnealingLR(opt, kw["T_max"], kw.get("low", 0.0))
    elif name == "cosineRestarts":
        sched = ls.CosineAnnealingWarmRestarts(opt, kw["T_0"], kw.get("T_mult", 1),
                                               kw.get("low", 0.0))  # fmt: skip
    elif name == "linear":
        sched = ls.LinearLR(opt, kw["start_factor"], kw.get("end_factor", 1.0),
                            kw["total_iters"])  # fmt: skip
    else:
        sched = ls.OneCycleLR(
            opt, kw["peak"], total_steps=kw["total_steps"], pct_start=kw.get("pct_start", 0.3),
            anneal_strategy=kw.get("anneal", "cos"), cycle_momentum=False,
            three_phase=kw.get("three_phase", False),
        )  # fmt: skip
    out = []
    for k in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        if k < steps - 1:  # (OneCycleLR refuses a step past its cycle)
            sched.step()
    return out


TORCH_CASES = [
    ("step", {"base": 0.3, "step_size": 7, "gamma": 0.3}, 60),
    ("exponential", {"base": 0.5, "gamma": 0.97}, 60),
    ("cosine", {"base": 0.5, "T_max": 40, "low": 0.01}, 60),
    ("cosineRestarts", {"base": 0.5, "T_0": 5, "T_mult": 2, "low": 0.02}, 80),
    ("cosineRestarts", {"base": 0.5, "T_0": 7}, 40),
    ("linear", {"base": 0.2, "start_factor": 0.1, "end_factor": 0.9, "total_iters": 13}, 30),
    ("oneCycle", {"peak": 0.8, "total_steps": 50, "pct_start": 0.25}, 50),
    ("oneCycle", {"peak": 0.8, "total_steps": 61, "anneal": "linear", "three_phase": True}, 61),
]


@pytest.mark.parametrize(("name", "kw", "steps"), TORCH_CASES)
def test_equals_live_torch_schedulers(name, kw, steps):
    pytest.importorskip("torch")
    ours = [get_schedule(name, **kw)(t) for t in range(1, steps + 1)]
    # torch's chainable forms are recursive (each lr from the previous one): round-off
    np.testing.assert_allclose(ours, _torch_lrs(name, kw, steps), rtol=1e-12, atol=1e-15)


def test_the_registry_lists_every_schedule_with_its_description():
    classes = {
        cls for _, cls in inspect.getmembers(_builtin, inspect.isclass)
        if issubclass(cls, Schedule) and cls is not Schedule
    }  # fmt: skip
    assert {cls for _, cls in SCHEDULES.items()} == classes
    assert len(SCHEDULES) == 7
    for _, cls in SCHEDULES.items():
        assert cls.display_name and cls.equation and cls.reference and cls.params
        s = cls()  # every default is valid
        assert math.isfinite(s(1)) and math.isfinite(s(10_000))


def test_plain_and_text_forms_round_trip():
    s = get_schedule("cosineRestarts", base=0.5, T_0=10, T_mult=2)
    assert s.to_dict() == {"schedule": "cosineRestarts", "base": 0.5, "T_0": 10, "T_mult": 2,
                           "low": 0.0}  # fmt: skip
    assert as_schedule(s.to_dict()) == s
    assert parse_schedule("cosineRestarts(0.5, 10, T_mult=2)") == s
    assert parse_schedule("SGDR(base=0.5, T_0=10, T_mult=2)") == s
    assert parse_schedule("one-cycle(peak=1, total_steps=10, anneal=linear, three_phase=true)") == (
        get_schedule("oneCycle", peak=1.0, total_steps=10, anneal="linear", three_phase=True)
    )
    assert repr(s) == "cosineRestarts(base=0.5, T_0=10, T_mult=2, low=0.0)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cosine", r"a schedule is written name\(arguments\)"),
        ("warp(1)", "unknown schedule 'warp'; did you mean linear\\? valid names: constant, step"),
        ("cosine(0.5, T_max=0)", "T_max must be >= 1, got 0"),
        ("cosine(T_max=5, 0.5)", "a positional argument follows a keyword"),
        ("constant(1, 2)", "constant takes at most 1 arguments"),
        ("step(gamma=1, gamma=2)", "gamma given twice"),
        ("linear(start_factor=0)", r"start_factor must be in \(0, 1\], got 0"),
        (
            "oneCycle(total_steps=3, pct_start=0.3)",
            "leaves a phase of the one-cycle schedule empty",
        ),
        ("oneCycle(anneal=cubic)", "anneal must be one of 'cos', 'linear'"),
    ],
)
def test_bad_schedules_are_named(text, message):
    with pytest.raises(ValueError, match=message):
        parse_schedule(text)


def test_bad_steps_are_refused():
    s = get_schedule("exponential", base=1.0, gamma=0.5)
    for t in (0, -1, 1.5, "2"):
        with pytest.raises(ValueError, match="t must be an integer >= 1"):
            s(t)


# -- optimizers following schedules ----------------------------------------------------------


def _hessian(*offsets):
    """The Hessian of the loss of :func:`_drive` over (w row-major, b)."""
    h = np.diag([1.0] * 6 + [3.0] * 2)
    for i in range(3):
        for j in range(2):
            h[2 * i + j, 6 + j] = h[6 + j, 2 * i + j] = 0.25
    return h


def _drive(opt, steps=15, dtype=np.float64):
    """Moves of ``opt`` on L = ½(w·w + 3b·b) + w·b/4, w (3, 2) and b (2,)."""
    w = np.linspace(-1.0, 1.5, 6, dtype=dtype).reshape(3, 2)
    b = np.array([0.7, -0.4], dtype=dtype)
    out = []
    for _ in range(steps):

        def grad_fn(ow, ob, w=w, b=b):
            pw, pb = w + ow, b + ob
            return (pw + 0.25 * pb).astype(dtype), (3.0 * pb + 0.25 * pw.sum(0)).astype(dtype)

        def loss_fn(ow, ob, w=w, b=b):
            pw, pb = w + ow, b + ob
            return float(0.5 * (pw * pw).sum() + 1.5 * (pb * pb).sum() + 0.25 * (pw * pb).sum())

        gw, gb = grad_fn(0.0, 0.0)
        f = float(0.5 * (w * w).sum() + 1.5 * (b * b).sum())
        dw, db = opt.update(
            gw, gb, f=f, grad_fn=grad_fn, params=(w, b), loss_fn=loss_fn, hess_fn=_hessian
        )
        out.append((dw.copy(), db.copy()))
        w, b = w + dw, b + db
    return out


#: Santa diverges on this problem at η = 0.05 (as in tests/core/test_optimizers_fused.py)
HYPER = {n: {"eta": 1e-3, "burnin": 6, "seed": 3} for n in ("santae", "santasss")}


def _numbers(name):
    cls = OPTIMIZERS[name]
    hyper = {p.name: p.default for p in cls.params}
    if "eta" in hyper:
        hyper["eta"] = 0.05
    hyper.update(HYPER.get(name, {}))
    return hyper


@pytest.mark.parametrize("name", OPTIMIZERS.names())
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_constant_schedules_give_the_identical_trajectory(name, dtype):
    """Every real hyperparameter as a constant schedule, and as a callable: bit for bit."""
    cls = OPTIMIZERS[name]
    plain = _numbers(name)
    real = [p.name for p in cls.params if p.kind is float]
    as_const = {k: (get_schedule("constant", value=v) if k in real else v)
                for k, v in plain.items()}  # fmt: skip
    as_fn = {k: ((lambda t, v=v: v) if k in real else v) for k, v in plain.items()}
    a, b, c = cls(**plain), cls(**as_const), cls(**as_fn)
    ref = _drive(a, dtype=dtype)
    for other in (b, c):
        for (dw0, db0), (dw1, db1) in zip(ref, _drive(other, dtype=dtype), strict=True):
            np.testing.assert_array_equal(dw0, dw1)
            np.testing.assert_array_equal(db0, db1)
    # numbers keep the fast path's own runner; schedules wrap it
    assert not isinstance(a._run, _fast.Scheduled)
    assert a._run is None or isinstance(b._run, _fast.Scheduled)


def test_the_fast_path_sees_each_steps_value():
    eta = get_schedule("step", base=0.5, step_size=2, gamma=0.1)
    opt = get_opt("SGD", eta=eta)
    g = np.array([1.0, -2.0])
    moves = [opt.update(g, g)[0] for _ in range(5)]
    assert isinstance(opt._run, _fast.Scheduled)
    for t, m in enumerate(moves, start=1):
        np.testing.assert_array_equal(m, g * -eta(t))
    assert opt.eta == eta(5) and opt.hyper["eta"] is eta


@pytest.mark.parametrize("name", ["Adam", "MSGD", "RMSprop", "AdaBound", "AdamW", "NAG"])
def test_scheduled_fast_path_equals_the_reference(name):
    """Momentum-like factors and η on schedules: fast kernels and references agree."""
    kw = {"eta": get_schedule("cosine", base=0.05, T_max=10, low=0.001)}
    params = {p.name for p in OPTIMIZERS[name].params}
    if "beta1" in params:
        kw["beta1"] = get_schedule("linear", base=0.9, start_factor=0.9, total_iters=8)
    if "mu" in params:
        kw["mu"] = lambda t: 0.5 + 0.4 * (1 - 0.9**t)
    fast, ref = get_opt(name, **kw), get_opt(name, **kw)
    ref.fast = False
    for (a, b), (c, d) in zip(_drive(fast), _drive(ref), strict=True):
        np.testing.assert_allclose(a, c, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(b, d, rtol=1e-12, atol=1e-15)


def test_adam_with_cosine_equals_torch_adam_with_its_scheduler():
    torch = pytest.importorskip("torch")
    steps, base, t_max = 40, 0.1, 25
    target = np.array([1.0, -2.0, 0.5])
    w = np.zeros(3)
    opt = get_opt("Adam", eta=get_schedule("cosine", base=base, T_max=t_max, low=0.01))
    ours = []
    for _ in range(steps):
        (dw,) = opt.update(w - target)
        w = w + dw
        ours.append(w.copy())
    p = torch.nn.Parameter(torch.zeros(3, dtype=torch.float64))
    topt = torch.optim.Adam([p], lr=base)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(topt, t_max, 0.01)
    theirs = []
    for _ in range(steps):
        topt.zero_grad()
        p.grad = p.detach() - torch.from_numpy(target)
        topt.step()
        sched.step()
        theirs.append(p.detach().numpy().copy())
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_sam_hands_its_eta_schedule_to_the_base():
    eta = get_schedule("exponential", base=0.1, gamma=0.5)
    sam = get_opt("SAM", eta=eta, base="SGD", rho=0.01)
    assert sam.base_opt.schedules["eta"] is eta and sam.hyper["eta"] is eta
    g = np.array([1.0])
    moves = [sam.update(g, grad_fn=lambda e: (g,))[0] for _ in range(3)]
    np.testing.assert_allclose(np.concatenate(moves), [-0.1, -0.05, -0.025], rtol=1e-15)


def test_network_fit_passes_the_global_step_to_the_schedule():
    x = np.random.default_rng(0).standard_normal((30, 4))
    t = (x[:, 0] > 0).astype(np.int64)
    seen = []

    def eta(step):
        seen.append(step)
        return 0.01

    net = Network.from_sizes([4, 5, 2], opt="SGD", opt_dic={"eta": eta}, dtype=np.float64)
    net.fit(x, t, epochs=2, batch_size=10)
    # two layers, each evaluating t = 1 at construction, then every step's t once per layer
    assert seen == [1, 1] + [k for k in range(1, 7) for _ in range(2)]
    assert isinstance(net.layers[0].opt.schedules["eta"], FunctionSchedule)


@pytest.mark.parametrize(
    ("name", "kw", "message"),
    [
        ("SGD", {"eta": lambda t: -1.0}, r"function\(.*\) at step t=1 gives eta must be > 0"),
        ("SantaE", {"burnin": lambda t: 5}, "burnin cannot follow a schedule, it is int-valued"),
        ("SGD", {"eta": lambda t: "fast"}, "must return a number, got 'fast' at t=1"),
        ("Adam", {"beta1": get_schedule("constant", value=2.0)}, r"beta1 must be in \[0, 1\)"),
    ],
)
def test_bad_scheduled_values_are_named(name, kw, message):
    with pytest.raises(ValueError, match=message):
        get_opt(name, **kw)


def test_a_value_leaving_the_range_later_names_the_step():
    opt = get_opt("Adam", beta1=lambda t: 0.5 * t)  # 0.5 at t = 1, 1.0 at t = 2
    opt.update(np.ones(2))
    with pytest.raises(ValueError, match=r"at step t=2 gives beta1 must be in \[0, 1\), got 1"):
        opt.update(np.ones(2))


def test_eta_may_anneal_to_zero():
    opt = get_opt("SGD", eta=get_schedule("cosine", base=0.1, T_max=2))
    moves = [opt.update(np.ones(1))[0][0] for _ in range(3)]
    assert moves == [-0.1, pytest.approx(-0.05, rel=1e-15), 0.0]
