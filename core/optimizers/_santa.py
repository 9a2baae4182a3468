"""Santa: stochastic-gradient MCMC annealed into an optimizer (SantaE, SantaSSS).

Chen, Carlson, Gan, Li, Carin, "Bridging the Gap between Stochastic Gradient MCMC and
Stochastic Optimization", AISTATS 2016 (arXiv:1512.07962), Algorithm 1 (Euler scheme,
SantaE) and Algorithm 2 (symmetric splitting scheme, SantaSSS).

Both rules explore with injected Gaussian noise for ``t < burnin`` (inverse temperature
β_t = t^γ rising) and then refine deterministically (the zero-temperature limit), so
they take a ``seed`` and draw from ``np.random.default_rng(seed)``; ``reset()`` restarts
the generator, so a reset run repeats the first one exactly.

Shared choices, and where they depart from the series' code:

* g is the gradient passed to ``update`` (the series passes the mean loss's gradient);
  the preconditioner divides it by N as the paper's f̃ / N: v ← σ v + (1 − σ) g² / N².
* α₀ = √η · C and u₀ = √η · ξ₀ as in the paper (the 2020 series code used α₀ = η C).
* v starts at 0 (the series: 1e-8).  The paper leaves G₀ undefined; read literally,
  v₀ = 0 gives G₀ = 1/√λ = 10⁴, which makes the first exploration step 10⁴ times too
  large.  Here G₀ := G₁, so the first step's (1 − G_{t−1}/G_t) term is 0.
* SantaSSS returns Δ = ½ G_t u_{t−1} + ½ G_t u_t (both half steps of θ, as the paper and
  the series' 2022 code do; the 2020 copy dropped the first half).

Scale: G = 1/√(λ + √v) grows like |g|^(−1/2) where the surface is flat, and the move is
G·u with u carrying noise of size √(2ηG/β), so exploration jumps grow like G^(3/2)·√η.
On flat losses (the sigmoid neuron's gradients are ~1e-2) the default η = 1e-2 throws
the parameters far out and the Euler scheme (SantaE) can diverge once α > 2 (|1 − α| > 1
amplifies u); use a much smaller η.  This is the paper's algorithm, not a defect of this code.

The scale of N (decided, defaults kept).  In the paper f̃ is the stochastic gradient of the
full-data potential U = Σₙ loss(xₙ) (minibatch sum times data size / batch size), i.e. N
(the data size) times the gradient of the mean loss, so its f̃/N in v is the mean loss's
gradient.  Every caller here (a layer, the engine) passes the mean loss's gradient g, so
N = 1 gives exactly the paper's preconditioner; the series' default N = 16 ("number of
minibatches") divides that gradient once more, making v 256× smaller and G up to √16 = 4×
larger.  N = 16 stays the default because it is the series' (its demo sets N = 1 for
full-batch runs, as the engine's surfaces should with a single sample).  Measured on a
2-16-2 ReLU/softmax network (moons, batch 16): with the defaults both rules diverge within
~6 steps, but in the exploration phase: burnin = 0 trains well with N = 16, and with
burnin = 100 N = 1 rescues SantaSSS but not SantaE (η = 1e-2 and 1e-3 still diverge) —
the exploration noise √(2ηG/β)·ξ and the Euler term (η/β)(1 − G_{t−1}/G_t)/u_{t−1},
which blows up as u crosses 0, are the main causes, not N alone.  For training networks
use N = 1 with a short burn-in (or burnin = 0), or a smaller η.

Randomness.  A single model (``batch_ndim=0``, the default: a layer, one run) draws from
``np.random.default_rng(seed)``: u₀ for every slot, then each exploration step's ξ, slot
after slot.  With ``update(..., batch_ndim=k)`` (k > 0; the engine passes 1 for K start
points of shape (K,)) the first k axes of every gradient index independent models, and
model i (flat index over those axes, C order) draws the same sequence from its own
``default_rng(seed + i)``.  So K models at once with seed s equal K separate runs with
seeds s, s + 1, …, s + K − 1, bit for bit, and one model is the same whether it is run
alone or as a batch of one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from gradscape.core._registry import Param
from gradscape.core.optimizers import _fast, _kernels
from gradscape.core.optimizers._base import Optimizer, eta_param, register

SANTA_PARAMS = (
    eta_param(1e-2),
    Param("sigma", 0.95, "decay σ of the running average of g²/N²", 0.0, 1.0, high_open=True),
    Param("lambda_", 1e-8, "λ in G = 1/√(λ + √v)", 0.0, None, low_open=True, log=True),
    Param(
        "anne_rate", 0.5, "annealing exponent γ of β_t = t^γ", 0.0, None,
        label="annealing rate",
    ),
    Param("burnin", 100, "steps of exploration (t < burnin) before refinement", 0, None, kind=int),
    Param("C", 5.0, "initial friction α₀ = √η·C", 0.0, None),
    Param(
        "N",
        16,
        "the series' number of minibatches; v uses g²/N² (1: the paper's scale for a mean loss)",
        1,
        None,
        kind=int,
    ),
    Param("seed", 0, "seed of the random generator", 0, None, kind=int),
)


class _Santa(Optimizer):
    """Shared state and randomness of SantaE and SantaSSS (not registered)."""

    params = SANTA_PARAMS
    aliases = {"lam": "lambda_", "gamma": "anne_rate"}
    stochastic = True
    seed_per_model = True
    state_names = ("u", "alpha", "v", "G")
    # Stacked slots draw the same numbers in the same order as slot after slot (one
    # generator fills (n, *shape) exactly as n draws of shape), so fusing keeps the stream.
    fusable = True
    flat_fusable = False  # batch_ndim picks generators per model over each slot's axes
    eta: float
    sigma: float
    lambda_: float
    anne_rate: float
    burnin: int
    C: float
    N: int
    seed: int

    def reset(self) -> None:
        super().reset()
        #: the generator of the single model (of model 0 with batch_ndim > 0)
        self.rng = np.random.default_rng(self.seed)
        #: one generator per model, made at the first step (see the module docstring)
        self._gens: list[np.random.Generator] | None = None
        self._batch_ndim = 0
        self._batch_shape: tuple[int, ...] = ()

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        # u₀ is drawn at the first step, once batch_ndim says which generator serves which
        # element (_begin)
        root = float(np.sqrt(self.eta))
        return {
            "u": np.zeros_like(g),
            "alpha": np.full_like(g, root * self.C),
            "v": np.zeros_like(g),
            "G": np.zeros_like(g),
        }

    def _precondition(self, g: np.ndarray, s: dict[str, np.ndarray]) -> tuple[Any, Any]:
        """Update v and G; return (G_{t−1}, G_t)."""
        v, G = s["v"], s["G"]
        v[...] = self.sigma * v + (1 - self.sigma) / self.N**2 * g**2
        G_t = 1 / np.sqrt(self.lambda_ + np.sqrt(v))
        # G₀ := G₁ (see the module docstring)
        G_prev = G_t if self.updates == 1 else G.copy()
        G[...] = G_t
        return G_prev, G_t

    def step(
        self,
        grads: tuple[np.ndarray, ...],
        *,
        f: Any = None,
        grad_fn: Callable[..., tuple] | None = None,
        **kwds: Any,
    ) -> tuple[np.ndarray, ...]:
        self._models(grads, kwds.get("batch_ndim", 0))
        return super().step(grads, f=f, grad_fn=grad_fn, **kwds)

    def _models(self, grads: tuple[np.ndarray, ...], batch_ndim: Any) -> None:
        """Each step: the models' generators (made at the first), batch_ndim unchanged."""
        if self._gens is None:
            self._begin(grads, batch_ndim)
        elif batch_ndim != self._batch_ndim:
            raise ValueError(
                f"{self.display_name}: batch_ndim changed from {self._batch_ndim} to "
                f"{batch_ndim!r}; call reset() first"
            )

    def _begin(self, grads: tuple[np.ndarray, ...], batch_ndim: Any) -> None:
        """First step: one generator per model, then u₀ = √η·ξ₀ for every slot."""
        lead = 0 if self._fused is None else 1  # fused: the stack axis comes first
        if isinstance(batch_ndim, bool) or not isinstance(batch_ndim, (int, np.integer)):
            raise ValueError(f"batch_ndim must be an integer >= 0, got {batch_ndim!r}")
        b = int(batch_ndim)
        shape = grads[0].shape[lead : lead + b]
        if b < 0 or any(g.ndim - lead < b or g.shape[lead : lead + b] != shape for g in grads):
            raise ValueError(
                f"batch_ndim must be in [0, {min(g.ndim - lead for g in grads)}] and the "
                f"gradients must share their first batch_ndim axes, got batch_ndim="
                f"{batch_ndim!r} for shapes {[g.shape[lead:] for g in grads]}"
            )
        self._batch_ndim, self._batch_shape = b, shape
        if b == 0:
            self._gens = [self.rng]
        else:
            self._gens = [np.random.default_rng(self.seed + i) for i in range(int(np.prod(shape)))]
            self.rng = self._gens[0]
        root = float(np.sqrt(self.eta))
        assert self._slots is not None
        for slot in self._slots:  # slot after slot, as init_slot did
            u = slot["u"]
            u[...] = self._noise(u)
            u *= root

    def _noise(self, like: np.ndarray) -> np.ndarray:
        """Standard normal noise shaped like a slot (or the stacked slots) of this step."""
        gens = self._gens
        assert gens is not None
        if len(gens) == 1:
            # one model: C order over the whole array is its own order (stacked slots
            # first, which is slot after slot; batch axes of size 1 change nothing)
            return gens[0].standard_normal(size=like.shape, dtype=like.dtype)
        out = np.empty_like(like)
        b = self._batch_ndim
        # per model: its elements of every slot in order (fused: the stack axis moved
        # behind the model axes, so each model's draw covers its slots one after another)
        view = out if self._fused is None else np.moveaxis(out, 0, b)
        size = view.shape[b:]
        for gen, idx in zip(gens, np.ndindex(self._batch_shape), strict=True):
            view[idx] = gen.standard_normal(size=size, dtype=like.dtype)
        return out


@register
class SantaE(_Santa):
    """Santa with the Euler scheme (Chen et al. 2016, Algorithm 1).

    Equations (β_t = t^γ, ξ ~ N(0, 1) elementwise)::

        v_t = σ v_{t−1} + (1 − σ) g_t² / N²
        G_t = 1 / √(λ + √v_t)
        exploration (t < burnin):
            α_t = α_{t−1} + u_{t−1}² − η/β_t
            u_t = (η/β_t)(1 − G_{t−1}/G_t) / u_{t−1} + √(2 η G_{t−1}/β_t) ξ
                  + (1 − α_t) u_{t−1} − η G_t g_t
        refinement (t ≥ burnin):
            u_t = (1 − α_{t−1}) u_{t−1} − η G_t g_t
        Δ_t = G_t u_t

    Initial values: u₀ = √η ξ₀, α₀ = √η C, v₀ = 0, G₀ := G₁ (see the module docstring
    for the choices that differ from the series).

    Reference: C. Chen, D. Carlson, Z. Gan, C. Li, L. Carin, "Bridging the Gap between
    Stochastic Gradient MCMC and Stochastic Optimization", AISTATS 2016, Algorithm 1.
    """

    display_name = "SantaE"
    equations = (
        "v = σ·v + (1 − σ)·g²/N²;  G = 1/√(λ + √v);  β = t^γ\n"
        "t < burnin:  α = α + u² − η/β\n"
        "t < burnin:  u' = (η/β)(1 − G_prev/G)/u + √(2ηG_prev/β)·ξ + (1 − α)·u − η·G·g\n"
        "t ≥ burnin:  u' = (1 − α)·u − η·G·g\n"
        "Δ = G·u';  u = u'"
    )
    paper = (
        'C. Chen, D. Carlson, Z. Gan, C. Li, L. Carin, "Bridging the Gap between Stochastic '
        'Gradient MCMC and Stochastic Optimization", AISTATS 2016, Alg. 1'
    )

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        G_prev, G = self._precondition(g, s)
        u, alpha = s["u"], s["alpha"]
        eta, t = self.eta, self.t
        if t < self.burnin:  # exploration
            temp = eta / t**self.anne_rate  # η/β_t
            alpha[...] = alpha + u**2 - temp
            new = (
                temp * (1 - G_prev / G) / u
                + np.sqrt(2 * eta / t**self.anne_rate * G_prev) * self._noise(u)
                + (1 - alpha) * u
                - eta * G * g
            )
        else:  # refinement
            new = (1 - alpha) * u - eta * G * g
        u[...] = new
        return G * new


@register
class SantaSSS(_Santa):
    """Santa with the symmetric splitting scheme (Chen et al. 2016, Algorithm 2).

    Equations (β_t = t^γ, ξ ~ N(0, 1) elementwise; v and G as in SantaE)::

        exploration (t < burnin):
            α' = α_{t−1} + (u_{t−1}² − η/β_t) / 2
            u' = e^(−α'/2) u_{t−1}
            u'' = u' − η G_t g_t + √(2 η G_{t−1}/β_t) ξ + (η/β_t)(1 − G_{t−1}/G_t) / u_{t−1}
            u_t = e^(−α'/2) u''
            α_t = α' + (u_t² − η/β_t) / 2
        refinement (t ≥ burnin):
            u_t = e^(−α/2) (e^(−α/2) u_{t−1} − η G_t g_t)
        Δ_t = ½ G_t u_{t−1} + ½ G_t u_t

    Reference: C. Chen, D. Carlson, Z. Gan, C. Li, L. Carin, "Bridging the Gap between
    Stochastic Gradient MCMC and Stochastic Optimization", AISTATS 2016, Algorithm 2.
    """

    display_name = "SantaSSS"
    equations = (
        "v = σ·v + (1 − σ)·g²/N²;  G = 1/√(λ + √v);  β = t^γ\n"
        "t < burnin:  α = α + (u² − η/β)/2\n"
        "t < burnin:  u' = e^(−α/2)·[e^(−α/2)·u − η·G·g + √(2ηG_prev/β)·ξ"
        " + (η/β)(1 − G_prev/G)/u]\n"
        "t < burnin:  α = α + (u'² − η/β)/2\n"
        "t ≥ burnin:  u' = e^(−α/2)·(e^(−α/2)·u − η·G·g)\n"
        "Δ = G·(u + u')/2;  u = u'"
    )
    paper = (
        'C. Chen, D. Carlson, Z. Gan, C. Li, L. Carin, "Bridging the Gap between Stochastic '
        'Gradient MCMC and Stochastic Optimization", AISTATS 2016, Alg. 2 (SSS)'
    )

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        G_prev, G = self._precondition(g, s)
        u, alpha = s["u"], s["alpha"]
        eta, t = self.eta, self.t
        explore = t < self.burnin
        temp = eta / t**self.anne_rate  # η/β_t
        if explore:
            alpha[...] = alpha + (u**2 - temp) / 2
        decay = np.exp(-alpha / 2)
        new = decay * u - eta * G * g
        if explore:
            new = (
                new
                + np.sqrt(2 * eta / t**self.anne_rate * G_prev) * self._noise(u)
                + temp * (1 - G_prev / G) / u
            )
        new = decay * new
        if explore:
            alpha[...] = alpha + (new**2 - temp) / 2
        move = G * (u + new) / 2
        u[...] = new
        return move


# -- the fast path of each rule (see _fast) ---------------------------------------------------
_fast.KERNELS.update({SantaE: _kernels.SantaEFast, SantaSSS: _kernels.SantaSSSFast})
