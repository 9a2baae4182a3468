"""Sharpness-Aware Minimization: a step of any base optimizer, taken with the gradient at the
worst point of a small neighbourhood."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from gradscape.core._registry import Param

# Every other rule must be registered before BASES is computed, whatever order the
# package's __init__ imports its modules in.
from gradscape.core.optimizers import _adam, _adaptive, _fast, _kernels, _qh, _santa, _sgd  # noqa: F401
from gradscape.core.optimizers._base import OPTIMIZERS, SERIES_ORDER, Optimizer, eta_param, register

#: Registered optimizers a SAM step can delegate to (every one but SAM itself and the rules
#: that need the loss or Hessian at other points), in the series' order.
BASES: tuple[str, ...] = tuple(
    sorted(
        (cls.__name__ for _, cls in OPTIMIZERS.items() if not cls.surface_only),
        key=lambda n: SERIES_ORDER.index(n) if n in SERIES_ORDER else len(SERIES_ORDER),
    )
)


@register
class SAM(Optimizer):
    """SAM (Foret et al. 2021): descend with the gradient taken at the sharpest nearby point.

    Equations (norms over all slots of one model; 1/p + 1/q = 1)::

        ε̂ = ρ·sign(g)·|g|^(q−1) / (‖g‖_q^q)^(1/p)      (q = 2:  ε̂ = ρ·g / ‖g‖₂)
        g' = ∇L(θ + ε̂)                                   (from ``grad_fn(*ε̂)``)
        Δ = base.update(g')

    ε̂ is the first-order solution of max_{‖ε‖_p ≤ ρ} L(θ + ε): it lies on the p-norm sphere of
    radius ρ.  The paper uses p = q = 2.  The seed series (2021 code) divides by
    ‖g‖_q^(1 − 1/q); the paper's (‖g‖_q^q)^(1/p) = ‖g‖_q^(q−1) is used here, so that the
    perturbation really has length ρ.  A zero gradient gives ε̂ = 0.

    The base optimizer is chosen by name (``base``, default "Adam") and gets ``eta`` (its own
    default when not given) and every other keyword not listed here, e.g.
    ``SAM(rho=0.05, base="MSGD", eta=0.1, mu=0.9)``; a base parameter named like one of
    SAM's is spelled ``base_<name>``: ``SAM(rho=0.05, base="AdaDelta", base_rho=0.9)``.
    ``update`` needs ``grad_fn`` (the gradients at the current parameters plus one offset per
    slot) and accepts ``batch_ndim``: the number of leading axes that index independent
    models (1 for K start points of shape (K,)); the norm is taken over the remaining axes
    and across slots, per model, so K models at once move exactly as K separate runs.
    ``state[i]["e"]`` is the last ε̂, followed by the base optimizer's state arrays.

    Reference: P. Foret, A. Kleiner, H. Mobahi, B. Neyshabur, "Sharpness-Aware Minimization for
    Efficiently Improving Generalization", ICLR 2021, arXiv:2010.01412.
    """

    display_name = "SAM"
    params = (
        eta_param(1e-3, "learning rate η of the base optimizer (default: the base's own)"),
        Param("rho", 0.05, "radius ρ of the neighbourhood", 0.0, None, True, log=True),
        Param("base", "Adam", "the optimizer that takes the step", kind=str, choices=BASES),
        Param(
            "q", 2.0, "dual exponent q: the ball is ‖ε‖_p ≤ ρ with 1/p + 1/q = 1", 1.0, None, True
        ),
    )
    aliases = {"alpha": "eta"}
    equations = (
        "ε̂ = ρ·sign(g)·|g|^(q−1) / (‖g‖_q^q)^(1/p)   (q = 2: ε̂ = ρ·g/‖g‖₂)\n"
        "g' = ∇L(θ + ε̂)\n"
        "Δ = base optimizer's step with g'"
    )
    paper = (
        'P. Foret, A. Kleiner, H. Mobahi, B. Neyshabur, "Sharpness-Aware Minimization for '
        'Efficiently Improving Generalization", ICLR 2021, arXiv:2010.01412'
    )
    state_names: tuple[str, ...] = ("e",)
    needs_grad_fn = True
    eta: float
    rho: float
    base: str
    q: float

    @classmethod
    def takes_seed(cls, hyper: dict[str, Any]) -> bool:
        """True when the base optimizer draws random numbers (SantaE, SantaSSS)."""
        base = hyper.get("base", "Adam")
        if not isinstance(base, str) or base not in OPTIMIZERS:
            return False
        base_cls = OPTIMIZERS[base]
        return base_cls is not cls and base_cls.takes_seed(_base_keywords(hyper, cls))

    def __init__(self, **hyper: Any) -> None:
        if "base_eta" in hyper or "base_alpha" in hyper:
            raise ValueError("SAM hands its own eta to the base optimizer: give eta, not base_eta")
        own_names = {p.name for p in self.params} | set(self.aliases)
        own = {k: v for k, v in hyper.items() if k in own_names}
        rest = _base_keywords(hyper, type(self))
        base = own.get("base", "Adam")
        if isinstance(base, str) and base in OPTIMIZERS:
            own["base"] = OPTIMIZERS[base].__name__  # "adam", "ADAM" -> "Adam"
        eta_given = "eta" in own or "alpha" in own
        super().__init__(**own)
        base_cls = OPTIMIZERS[self.base]
        base_params = {p.name: p for p in base_cls.params}
        if "eta" in base_params:
            if not eta_given:
                self.eta = base_params["eta"].default
            rest["eta"] = self.schedules.get("eta", self.eta)  # the base follows η's schedule
        elif eta_given:
            raise ValueError(f"SAM: base optimizer {self.base} has no learning rate eta")
        base_names = set(base_params) | set(base_cls.aliases)
        unknown = sorted(set(rest) - base_names)
        if unknown:
            valid = [*(p.name for p in self.params), *self.aliases]
            # the base's parameters and aliases but η (SAM's eta is the base's)
            valid += [
                _base_key(n, own_names)
                for n in [*base_params, *base_cls.aliases]
                if n != "eta" and base_cls.aliases.get(n) != "eta"
            ]
            valid = list(dict.fromkeys(valid))
            raise ValueError(
                f"SAM with base={self.base!r} got an unknown keyword "
                f"{_base_key(unknown[0], own_names)!r}; valid: {', '.join(valid)}"
            )
        try:
            self.base_opt = base_cls(**rest)
        except ValueError as err:
            raise ValueError(f"SAM with base={self.base!r}: {err}") from None
        if self.base_opt.needs_grad_fn:
            raise ValueError(
                f"SAM cannot take its steps with {self.base_opt!r}: that rule needs grad_fn "
                "for a look-ahead of its own, and SAM's grad_fn serves the ascent step"
                + (" (use form='torch')" if "form" in self.base_opt.hyper else "")
            )
        self.hyper["eta"] = self.schedules.get("eta", self.eta)
        # the base's hyperparameters, those named like SAM's own (RMSprop's and AdaDelta's
        # rho) as base_<name>: SAM(**opt.hyper) rebuilds the same pair
        for name, value in self.base_opt.hyper.items():
            if name != "eta":
                self.hyper.setdefault(_base_key(name, own_names), value)
        # The overlay names of this instance: the ascent step, then the base's state.
        self.state_names = ("e", *(n for n in base_cls.state_names if n != "e"))

    @property
    def seed_per_model(self) -> bool:  # type: ignore[override]
        """The base optimizer's (SAM itself draws nothing)."""
        base_opt = self.__dict__.get("base_opt")
        return bool(base_opt is not None and base_opt.seed_per_model)

    def reset(self) -> None:
        super().reset()
        #: the slots' ε̂ stacked, shape (n_slots, *shape), when the slots share shape and
        #: dtype (``state[i]["e"]`` are then its rows): a recorder copies one array
        self._e: np.ndarray | None = None
        base_opt = getattr(self, "base_opt", None)
        if base_opt is not None:
            base_opt.reset()

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        return {"e": np.zeros_like(g)}

    def __setstate__(self, d: dict[str, Any]) -> None:
        super().__setstate__(d)
        if self._e is not None and self.state is not None:  # rows of the copy's own stack
            for i, s in enumerate(self.state):
                s["e"] = self._e[i, ...]
        # a copy's overlay shows its own base optimizer's arrays
        if self.state is not None and self.base_opt.state is not None:
            for s, base_state in zip(self.state, self.base_opt.state, strict=True):
                s.update((k, v) for k, v in base_state.items() if k != "e")

    def stacked_state(self, name: str) -> np.ndarray | None:
        """ε̂ of all slots stacked (when they share shape and dtype), or the base
        optimizer's stacked state."""
        return self._e if name == "e" else self.base_opt.stacked_state(name)

    def ascent(self, grads: tuple[np.ndarray, ...], batch_ndim: int = 0) -> list[np.ndarray]:
        """ε̂ for each slot: the worst-case offset of length ρ, one norm per model.

        Parameters
        ----------
        grads
            Gradients, one per slot; their first ``batch_ndim`` axes index independent models.
        batch_ndim
            Number of leading axes excluded from the norm.

        Returns
        -------
        list of ndarray
            One offset per slot, same shapes and dtypes as ``grads``.
        """
        q = self.q
        b = _check_batch_ndim(batch_ndim, grads)
        lead = grads[0].shape[:b]
        total = None
        for g in grads:
            # Reduce each model's elements as one contiguous row: the same summation order
            # whether the model is alone (b = 0) or one of K stacked models.  (add.reduce is
            # what .sum() runs, without its Python wrapper.)
            # (np.power, not **: a 0-d operand would take numpy's scalar power, which
            # rounds differently from the array loop that stacked models take)
            power = g * g if q == 2.0 else np.power(np.abs(g), q)
            if power.ndim == b:  # one element per model (K start points): nothing to add
                part = power
            else:
                part = np.add.reduce(power.reshape(lead + (-1,)), axis=-1)
            total = part if total is None else total + part
        assert total is not None
        denom = np.sqrt(total) if q == 2.0 else np.power(total, (q - 1.0) / q)  # (‖g‖_q^q)^(1/p)
        # a zero gradient gives ε̂ = 0
        scale = np.divide(self.rho, denom, out=np.zeros_like(total), where=total > 0)
        out = []
        for g in grads:
            sc = scale if g.ndim == b else scale.reshape(lead + (1,) * (g.ndim - b))
            if q == 2.0:
                e = g * sc
            else:
                e = np.sign(g) * np.power(np.abs(g), q - 1.0) * sc
            out.append(e if e.dtype == g.dtype else e.astype(g.dtype))
        return out

    def step(
        self,
        grads: tuple[np.ndarray, ...],
        *,
        f: Any = None,
        grad_fn: Callable[..., tuple] | None = None,
        **kwds: Any,
    ) -> tuple[np.ndarray, ...]:
        if grad_fn is None:
            raise self._grad_fn_missing()
        offsets = self.ascent(grads, kwds.get("batch_ndim", 0))  # ε̂
        shifted = self._check_shifted(grad_fn(*offsets), grads)  # g' = ∇L(θ + ε̂)
        moves = self.base_opt.update(*shifted, t=self.t, f=f, **kwds)
        self._keep_offsets(offsets)
        return moves

    @staticmethod
    def _grad_fn_missing() -> ValueError:
        return ValueError(
            "SAM needs grad_fn: call update(*grads, grad_fn=fn) where fn(*offsets) returns "
            "the gradients at the current parameters plus the offsets"
        )

    @staticmethod
    def _check_shifted(shifted: Any, grads: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
        """grad_fn's gradients as arrays, one per slot, of the slots' shapes."""
        shifted = tuple([np.asarray(g) for g in shifted])
        if len(shifted) != len(grads) or any(
            a.shape != g.shape for a, g in zip(shifted, grads, strict=True)
        ):
            raise ValueError(
                f"SAM: grad_fn returned shapes {[a.shape for a in shifted]}, expected "
                f"{[g.shape for g in grads]}"
            )
        return shifted

    def _keep_offsets(self, offsets: list[np.ndarray]) -> None:
        """ε̂ into the state; after the first step, show the base's state arrays too and
        stack ε̂ when possible."""
        assert self.state is not None
        for s, e in zip(self.state, offsets, strict=True):
            s["e"][...] = e
        if self.updates == 1:
            self._first_step_state()

    def _first_step_state(self) -> None:
        base_states = self.base_opt.state
        assert self.state is not None and base_states is not None
        for s, base_state in zip(self.state, base_states, strict=True):
            # the base optimizer's arrays are updated in place from now on: showing them
            # once keeps them shown
            s.update((k, v) for k, v in base_state.items() if k != "e")
        es = [s["e"] for s in self.state]
        if len(es) > 1 and all(e.shape == es[0].shape and e.dtype == es[0].dtype for e in es):
            self._e = np.stack(es)
            for i, s in enumerate(self.state):
                s["e"] = self._e[i, ...]


def _base_keywords(hyper: dict[str, Any], cls: type[SAM]) -> dict[str, Any]:
    """The keywords of ``hyper`` meant for the base optimizer: those that are not SAM's
    own, and ``base_<name>`` as ``<name>`` (a base parameter named like one of SAM's)."""
    own_names = {p.name for p in cls.params} | set(cls.aliases)
    rest = {k: v for k, v in hyper.items() if k not in own_names and not k.startswith("base_")}
    rest.update((k[5:], v) for k, v in hyper.items() if k.startswith("base_"))
    return rest


def _base_key(name: str, own_names: set[str]) -> str:
    """How the base's parameter ``name`` is spelled in SAM's keywords."""
    return f"base_{name}" if name in own_names else name


def _check_batch_ndim(batch_ndim: Any, grads: tuple[np.ndarray, ...]) -> int:
    if isinstance(batch_ndim, bool) or not isinstance(batch_ndim, (int, np.integer)):
        raise ValueError(f"batch_ndim must be an integer >= 0, got {batch_ndim!r}")
    b = int(batch_ndim)
    lead = grads[0].shape[:b]
    if b < 0 or any(g.ndim < b or g.shape[:b] != lead for g in grads):
        raise ValueError(
            f"batch_ndim must be in [0, {min(g.ndim for g in grads)}] and the gradients must "
            f"share their first batch_ndim axes, got batch_ndim={batch_ndim!r} for shapes "
            f"{[g.shape for g in grads]}"
        )
    return b


# -- the fast path (see _fast) ----------------------------------------------------------------
_fast.KERNELS[SAM] = _kernels.SAMFast
