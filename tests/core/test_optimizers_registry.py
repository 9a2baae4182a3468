"""Contract tests run over the whole optimizer registry.

Every registered optimizer is driven the way the engine and the layers drive it:
``update(grad_w, grad_b, t=, f=, grad_fn=, params=, batch_ndim=)`` on the convex
quadratic L(w, b) = ½(a w² + c b²).  New optimizers are picked up automatically.
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
import re

import numpy as np
import pytest

import gradscape.core.optimizers as core_optimizers
from gradscape.core._registry import Param
from gradscape.core.optimizers import OPTIMIZERS, Optimizer, get_opt

NAMES = OPTIMIZERS.names()

#: the series' 19 optimizers plus AdamW and RAdam (issue 2)
EXPECTED = {
    "sgd", "msgd", "nag", "adagrad", "rmsprop", "adadelta", "adam", "rmspropgraves",
    "smorms3", "adamax", "nadam", "eve", "santae", "santasss", "amsgrad", "adabound",
    "amsbound", "adabelief", "sam", "adamw", "radam",
}  # fmt: skip

A, C = 1.0, 4.0  # curvatures of the quadratic bowl
START = (1.5, -1.0)

#: hyperparameters that make each rule move visibly within a few hundred steps
#: (anything not listed: η = 0.05 when the rule has an η, else its defaults)
DEMO: dict[str, dict] = {
    "adadelta": {},  # η = 1 is Zeiler's rule; AdaDelta picks its own scale
    "adagrad": {"eta": 0.3},
    # Santa's exploration divides by the momentum u; a short burn-in at a small η keeps
    # the noise phase tame, the refinement phase then descends deterministically.
    "santae": {"eta": 1e-3, "burnin": 20, "seed": 1},
    "santasss": {"eta": 1e-3, "burnin": 20, "seed": 1},
}

#: non-default settings of the same classes that take other code paths
VARIANTS: list[tuple[str, dict]] = [
    ("msgd", {"dampening": 0.3}),
    ("msgd", {"form": "series"}),
    ("nag", {"form": "series"}),
    ("adagrad", {"lr_decay": 0.1, "initial_accumulator_value": 0.1}),
    ("rmsprop", {"centered": True, "mu": 0.5}),
    ("rmspropgraves", {"mu": 0.9}),
]


def demo_hyper(name: str) -> dict:
    if name in DEMO:
        return dict(DEMO[name])
    has_eta = any(p.name == "eta" for p in OPTIMIZERS[name].params)
    return {"eta": 0.05} if has_eta else {}


def quad_loss(w, b):
    return 0.5 * (A * w * w + C * b * b)


def quad_grad(w, b):
    return A * w, C * b


def quad_hessian(w, b, batch_ndim):
    """The quadratic's Hessian: diag(A, C) per model (batch_ndim = 1), or over all of w's
    and b's elements as one model (batch_ndim = 0)."""
    if batch_ndim:
        return np.broadcast_to(np.diag([A, C]), (*w.shape, 2, 2)).copy()
    return np.diag([A] * np.size(w) + [C] * np.size(b))


def identity_hessian(scale: float, grads) -> np.ndarray:
    """``scale``·I over all the slots' elements (one model): the Hessian of Σ scale·p²/2."""
    return scale * np.eye(sum(np.size(g) for g in grads))


def run(opt: Optimizer, w0, b0, steps: int, batch_ndim: int = 0):
    """Drive ``opt`` on the quadratic; return (moves per step, final w, final b)."""
    w, b = w0.copy(), b0.copy()
    moves = []
    for _ in range(steps):

        def grad_fn(ow, ob, w=w, b=b):
            gw, gb = quad_grad(w + ow, b + ob)
            return gw.astype(w.dtype), gb.astype(b.dtype)

        def loss_fn(ow, ob, w=w, b=b):  # one loss per model
            loss = quad_loss(w + ow, b + ob)
            return loss if batch_ndim else np.sum(loss)

        gw, gb = quad_grad(w, b)
        dw, db = opt.update(
            gw,
            gb,
            f=quad_loss(w, b) if batch_ndim or w.ndim == 0 else np.sum(quad_loss(w, b)),
            grad_fn=grad_fn,
            params=(w, b),
            batch_ndim=batch_ndim,
            loss_fn=loss_fn,
            hess_fn=lambda ow, ob, w=w, b=b: quad_hessian(w, b, batch_ndim),
        )
        moves.append((dw, db))
        w = w + dw
        b = b + db
    return moves, w, b


def cases(include_variants: bool = True) -> list:
    out = [pytest.param(n, demo_hyper(n), id=n) for n in NAMES]
    if include_variants:
        for n, h in VARIANTS:
            hyper = {**demo_hyper(n), **h}
            out.append(pytest.param(n, hyper, id=f"{n}-{'-'.join(map(str, h.values()))}"))
    return out


# -- registry ---------------------------------------------------------------------------


def _optimizer_classes() -> list[type]:
    found = []
    for info in pkgutil.iter_modules(core_optimizers.__path__):
        module = importlib.import_module(f"gradscape.core.optimizers.{info.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, Optimizer)
                and obj is not Optimizer
                and obj.__module__ == module.__name__
                and not obj.__name__.startswith("_")
            ):
                found.append(obj)
    return found


def test_every_optimizer_class_is_registered():
    classes = _optimizer_classes()
    for cls in classes:
        assert cls.__name__.lower() in OPTIMIZERS, f"{cls.__module__}.{cls.__name__}"
        assert OPTIMIZERS[cls.__name__] is cls


def test_registry_holds_the_series_optimizers_plus_adamw_and_radam():
    assert EXPECTED <= set(NAMES), sorted(EXPECTED - set(NAMES))


def test_registry_lists_them_in_the_series_order_then_adamw_and_radam():
    # what users see in the dropdown: the series' presentation order, not import order
    series = ["SGD", "Momentum SGD", "NAG (Nesterov)", "AdaGrad", "RMSprop", "AdaDelta", "Adam",
              "RMSpropGraves", "SMORMS3", "AdaMax", "Nadam", "Eve", "SantaE", "SantaSSS",
              "AMSGrad", "AdaBound", "AMSBound", "AdaBelief", "SAM", "AdamW", "RAdam",
              "QHM", "QHAdam", "Newton", "L-BFGS"]  # fmt: skip
    assert [cls.display_name for _, cls in OPTIMIZERS.items()] == series
    assert OPTIMIZERS.names()[:3] == ["sgd", "msgd", "nag"]
    # SAM's base choices follow the same order, without SAM itself and the rules that need
    # the loss or the Hessian at other points
    from gradscape.core.optimizers._sam import BASES

    assert [OPTIMIZERS[b].display_name for b in BASES] == [
        n for n in series if n not in ("SAM", "Newton", "L-BFGS")
    ]


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("Adam", "adam"),
        ("adam", "adam"),
        ("ADAM", "adam"),
        ("Santa-E", "santae"),
        ("santa_sss", "santasss"),
        ("rms_prop", "rmsprop"),
        ("RMSprop-Graves", "rmspropgraves"),
        ("Ada Delta", "adadelta"),
        ("momentum", "msgd"),
        ("SMORMS3", "smorms3"),
    ],
)
def test_lookup_ignores_case_and_punctuation(spelling, key):
    opt = get_opt(spelling)
    assert type(opt) is OPTIMIZERS[key]
    assert OPTIMIZERS.key(spelling) == key


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="unknown optimizer") as err:
        get_opt("Adamm")
    for name in NAMES:
        assert name in str(err.value)


# -- metadata the GUI builds its forms from ----------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_metadata_is_complete(name):
    cls = OPTIMIZERS[name]
    assert isinstance(cls.display_name, str) and cls.display_name.strip()
    assert isinstance(cls.equations, str) and "=" in cls.equations
    assert all(line.strip() for line in cls.equations.splitlines())
    assert isinstance(cls.paper, str) and len(cls.paper) > 10
    assert isinstance(cls.state_names, tuple)
    assert all(isinstance(s, str) for s in cls.state_names)
    names = [p.name for p in cls.params]
    assert len(names) == len(set(names)), names
    for p in cls.params:
        assert isinstance(p, Param)
        assert p.doc.strip(), p.name
        assert p.validate(p.default) == p.default, p.name
    if cls.stochastic:
        assert "seed" in names


@pytest.mark.parametrize("name", NAMES)
def test_docstring_holds_equations_and_paper(name):
    cls = OPTIMIZERS[name]
    doc = inspect.getdoc(cls) or ""
    assert sum("=" in line for line in doc.splitlines()) >= 1, doc
    years = re.findall(r"(?:19|20)\d\d", cls.paper)
    assert years, cls.paper
    assert any(y in doc for y in years), (cls.paper, doc)


# -- behaviour ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "hyper"), cases())
def test_descends_on_a_convex_quadratic(name, hyper):
    opt = get_opt(name, **hyper)
    w0, b0 = np.array(START[0]), np.array(START[1])
    _, w, b = run(opt, w0, b0, steps=300)
    initial, final = quad_loss(*START), float(quad_loss(w, b))
    assert math.isfinite(final)
    assert final < 0.1 * initial, (initial, final)


# Stochastic rules included: with batch_ndim = 1, model k draws its noise from its own
# generator seeded seed + k, so K at once equals K separate runs seeded s, s + 1, ...
@pytest.mark.parametrize(("name", "hyper"), cases())
def test_k_starts_at_once_equal_k_separate_runs(name, hyper):
    rng = np.random.default_rng(7)
    w0 = rng.uniform(-2, 2, size=5)
    b0 = rng.uniform(-2, 2, size=5)
    stochastic = OPTIMIZERS[name].stochastic
    if stochastic:
        hyper = {**hyper, "seed": 3}
    together, _, _ = run(get_opt(name, **hyper), w0, b0, steps=40, batch_ndim=1)
    for k in range(5):
        own = {**hyper, "seed": 3 + k} if stochastic else hyper
        alone, _, _ = run(get_opt(name, **own), w0[k], b0[k], steps=40)
        for step, ((dw, db), (sw, sb)) in enumerate(zip(together, alone, strict=True)):
            assert np.array_equal(dw[k], sw), (k, step, dw[k], sw)
            assert np.array_equal(db[k], sb), (k, step, db[k], sb)


@pytest.mark.parametrize("name", [n for n in NAMES if OPTIMIZERS[n].stochastic])
def test_stochastic_rules_are_reproducible_from_their_seed(name):
    # K at once cannot equal K separate runs for a noisy rule (one generator serves all
    # elements in turn), so what must hold instead is: same seed, same run; other seed,
    # other run.
    w0, b0 = np.array([1.5, -0.5]), np.array([-1.0, 0.5])
    hyper = demo_hyper(name)
    first, _, _ = run(get_opt(name, **{**hyper, "seed": 3}), w0, b0, steps=30)
    again, _, _ = run(get_opt(name, **{**hyper, "seed": 3}), w0, b0, steps=30)
    other, _, _ = run(get_opt(name, **{**hyper, "seed": 4}), w0, b0, steps=30)
    assert all(
        np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
        for a, b in zip(first, again, strict=True)
    )
    assert not np.array_equal(first[0][0], other[0][0])


@pytest.mark.parametrize(("name", "hyper"), cases())
def test_reset_makes_the_next_run_identical_to_a_fresh_object(name, hyper):
    w0, b0 = np.array([0.3, -1.2]), np.array([1.1, 0.4])
    opt = get_opt(name, **hyper)
    run(opt, w0 + 0.7, b0 - 0.2, steps=15)  # some unrelated history
    opt.reset()
    assert opt.t == 0
    after_reset, _, _ = run(opt, w0, b0, steps=15)
    fresh, _, _ = run(get_opt(name, **hyper), w0, b0, steps=15)
    for (dw, db), (fw, fb) in zip(after_reset, fresh, strict=True):
        assert np.array_equal(dw, fw) and np.array_equal(db, fb)


@pytest.mark.parametrize(("name", "hyper"), cases())
def test_float32_gradients_give_float32_moves_and_state(name, hyper):
    opt = get_opt(name, **hyper)
    w0 = np.array([1.5, -0.5], dtype=np.float32)
    b0 = np.array([-1.0, 0.25], dtype=np.float32)
    moves, w, b = run(opt, w0, b0, steps=5, batch_ndim=1)
    for dw, db in moves:
        assert dw.dtype == np.float32 and db.dtype == np.float32
    assert w.dtype == np.float32 and b.dtype == np.float32
    for slot in opt.state:
        for key, arr in slot.items():
            if isinstance(arr, np.ndarray) and arr.shape == (2,):
                assert arr.dtype == np.float32, key


@pytest.mark.parametrize(("name", "hyper"), cases())
def test_moves_have_the_gradient_shapes_and_state_is_named(name, hyper):
    opt = get_opt(name, **hyper)
    rng = np.random.default_rng(0)
    shapes = [(3, 2), (2,), ()]
    params = [rng.normal(size=s) for s in shapes]
    for _ in range(3):
        grads = [0.5 * p + 0.1 for p in params]

        def grad_fn(*offsets, params=params):
            return tuple(0.5 * (p + o) + 0.1 for p, o in zip(params, offsets, strict=True))

        moves = opt.update(
            *grads, f=float(sum(np.sum(p * p) for p in params)), grad_fn=grad_fn,
            params=tuple(params), hess_fn=lambda *o, g=grads: identity_hessian(0.5, g),
            loss_fn=lambda *o, params=params: float(
                sum(np.sum((p + d) ** 2) for p, d in zip(params, o, strict=True))
            ),
        )  # fmt: skip
        assert len(moves) == len(shapes)
        for m, s in zip(moves, shapes, strict=True):
            assert np.shape(m) == s
            assert np.all(np.isfinite(m))
        params = [p + m for p, m in zip(params, moves, strict=True)]
    # the engine overlays opt.state[i][name] for every name in state_names
    for slot, s in zip(opt.state, shapes, strict=True):
        for key in opt.state_names:
            assert key in slot, key
            assert np.shape(slot[key]) == s


# -- bad hyperparameters --------------------------------------------------------------------


def bad_values(p: Param) -> list:
    """Values outside the spec of ``p``: wrong type, non-finite, beyond each bound."""
    if p.kind is bool:
        return ["yes", 2, None]
    if p.kind is str:
        return ["not-a-choice", 3, None]
    bad: list = ["0.1", None, [1.0]]
    if p.kind is int:
        bad += [1.5, math.nan, math.inf]
    else:
        bad += [math.nan, math.inf, -math.inf]
    if p.low is not None:
        bad.append(p.low if p.low_open else p.low - 1)
    if p.high is not None:
        bad.append(p.high if p.high_open else p.high + 1)
    return bad


def _param_cases():
    out = []
    for n in NAMES:
        for p in OPTIMIZERS[n].params:
            for v in bad_values(p):
                out.append(pytest.param(n, p.name, v, id=f"{n}-{p.name}={v!r}"))
    return out


@pytest.mark.parametrize(("name", "param", "value"), _param_cases())
def test_bad_hyperparameter_raises_naming_it(name, param, value):
    with pytest.raises(ValueError) as err:
        get_opt(name, **{param: value})
    msg = str(err.value)
    assert param in msg
    assert repr(value) in msg or str(value) in msg


#: hyperparameters that are decay rates (β, ρ, μ, σ): valid range [0, 1)
DECAYS = {"beta1", "beta2", "beta3", "rho", "mu", "sigma"}
#: ... except where the name means something else (SAM's ρ is a radius)
NOT_DECAYS = {("sam", "rho")}


@pytest.mark.parametrize("name", NAMES)
def test_learning_rate_and_decay_rates_are_checked(name):
    specs = {p.name: p for p in OPTIMIZERS[name].params}
    if "eta" in specs:
        for eta in (0.0, -0.1):
            with pytest.raises(ValueError, match="eta"):
                get_opt(name, eta=eta)
    for beta in sorted(DECAYS & set(specs)):
        if (name, beta) in NOT_DECAYS:
            continue
        assert specs[beta].high == 1.0 and specs[beta].high_open, beta
        for value in (1.0, -0.1, 1.5):
            with pytest.raises(ValueError, match=beta):
                get_opt(name, **{beta: value})


@pytest.mark.parametrize("name", NAMES)
def test_unknown_keyword_raises_listing_the_valid_ones(name):
    with pytest.raises(ValueError, match="not_a_parameter") as err:
        get_opt(name, not_a_parameter=1.0)
    for p in OPTIMIZERS[name].params:
        assert p.name in str(err.value)


# -- inherited methods are the base's own (no per-class copies) ------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_patching_the_base_update_reaches_every_rule(name):
    from unittest import mock

    from gradscape.core.optimizers._base import Optimizer

    g = (np.array([0.3, -2.0]), np.array([1.5, 0.25]))
    opt = get_opt(name)
    assert "update" not in type(opt).__dict__  # every rule inherits the contract's method
    more = {"hess_fn": lambda *o: identity_hessian(1.0, g), "loss_fn": lambda *o: 1.0}
    with mock.patch.object(Optimizer, "update", autospec=True, return_value="patched") as up:
        assert opt.update(*g, f=1.0, grad_fn=lambda *o: g, params=g, **more) == "patched"
    up.assert_called_once()
    assert up.call_args.args[0] is opt
    moves = opt.update(*g, f=1.0, grad_fn=lambda *o: g, params=g, **more)  # unpatched again
    assert [m.shape for m in moves] == [(2,), (2,)]


def test_inherited_methods_are_the_base_classes_own_functions():
    # what a rule does not define is looked up in its bases, so a patch there reaches it
    import types
    from unittest import mock

    def where(fn):
        return (fn.__code__.co_filename, fn.__code__.co_firstlineno)

    classes = {cls for _, cls in OPTIMIZERS.items() for cls in cls.__mro__[:-1]}
    defined: dict[tuple, type] = {}
    for klass in classes:
        for attr, fn in vars(klass).items():
            if type(fn) is types.FunctionType:
                # one function per place in the source: no class holds a copy of another's
                assert defined.setdefault(where(fn), klass) is klass, (klass, attr)
    g = (np.array([0.3, -2.0]), np.array([1.5, 0.25]))
    opt = get_opt("sgd", eta=0.5)
    assert "init_slot" not in vars(type(opt))
    with mock.patch.object(Optimizer, "init_slot", autospec=True, return_value={}) as init:
        moves = opt.update(*g)
    init.assert_called()
    np.testing.assert_array_equal(moves[0], -0.5 * g[0])


def test_a_subclass_keeps_its_own_overrides_and_step_style():
    # a subclass runs its own methods: the reference path (kernels in _fast serve only the
    # exact class they are checked against)
    from gradscape.core.optimizers._adam import Adam

    class HalfAdam(Adam):  # overrides the keyword-style step only
        def step(self, grads, **kwds):
            return tuple(0.5 * m for m in super().step(grads, **kwds))

    class LouderAdam(Adam):  # overrides the rule itself
        def step_slot(self, g, s):
            return 2.0 * super().step_slot(g, s)

    g = (np.array([0.3, -2.0]), np.array([1.5, 0.25]))
    plain, half, louder = Adam(eta=0.1), HalfAdam(eta=0.1), LouderAdam(eta=0.1)
    plain.fast = False  # the reference both subclasses build on
    for _ in range(3):
        p = plain.update(*g)
        h = half.update(*g)
        lo = louder.update(*g)
        for a, b, c in zip(p, h, lo, strict=True):
            np.testing.assert_array_equal(b, 0.5 * a)
            np.testing.assert_array_equal(c, 2.0 * a)
    assert half._kernel is None and louder._kernel is None


def test_bound_updates_pickle():
    import pickle

    from gradscape.core.optimizers._sgd import SGD

    fn = pickle.loads(pickle.dumps(SGD.update))
    assert fn is SGD.update
    opt = get_opt("sgd", eta=0.5)
    bound = pickle.loads(pickle.dumps(opt.update))
    np.testing.assert_array_equal(bound(np.array([2.0]))[0], [-1.0])


@pytest.mark.parametrize("name", OPTIMIZERS.names())
def test_a_changed_gradient_shape_is_refused_on_every_path(name):
    kw = {
        "grad_fn": lambda *offsets: tuple(np.ones_like(o) for o in offsets),
        "hess_fn": lambda *offsets: identity_hessian(1.0, offsets),
        "loss_fn": lambda *offsets: 1.0,
    }
    for first, later in (
        ((np.ones(3),), (np.ones(1),)),  # one slot
        ((np.ones(3), np.ones(2)), (np.ones(3), np.ones(4))),  # slots of different shapes
        ((np.ones(2), np.ones(2)), (np.ones(2), np.ones(3))),  # two stacked slots
        ((np.ones(2),) * 3, (np.ones(2), np.ones(2), np.ones(5))),  # three
    ):
        opt = get_opt(name)
        opt.update(*first, f=1.0, params=first, **kw)
        with pytest.raises(ValueError, match="call reset"):
            opt.update(*later, f=1.0, params=later, **kw)
        opt.reset()  # and after a reset the new shapes are welcome
        assert [m.shape for m in opt.update(*later, f=1.0, params=later, **kw)] == [
            g.shape for g in later
        ]
