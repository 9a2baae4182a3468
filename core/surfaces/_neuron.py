"""The neuron: L(w, b) of one dense unit, through the core's layer and loss."""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from gradscape.core._message import Message, template
from gradscape.core._registry import Param, normalise
from gradscape.core._text import show
from gradscape.core.surfaces._base import RESOLUTION, Surface, _as_pair, register

# ---------------------------------------------------------------------------------------
# The neuron: L(w, b) of one dense unit, through the core's layer and loss
# ---------------------------------------------------------------------------------------


#: Binary cross-entropy with targets outside [0, 1] (its values: the first five, "…" for more).
BINARY_TARGETS = template("binary cross-entropy needs targets y* in [0, 1], got y* = {values}")
#: Binary cross-entropy with an activation whose outputs leave [0, 1] (its display name).
BINARY_CAVEAT = template(
    "Binary cross-entropy needs outputs in (0, 1), but {activation} can leave that range: where "
    "it does, the loss is clipped and flat (gradient 0), so an optimizer stops there. Sigmoid "
    "keeps every output inside."
)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def _check_samples(samples: Any, loss: str) -> np.ndarray:
    """Validate the data samples: a non-empty list of finite (x, y*) pairs."""

    def bad() -> ValueError:
        return ValueError(f"samples must be a list of (x, y*) number pairs, got {show(samples)}")

    # np.array(..., float) would also take True/False and numeric strings such as "0.5"
    if isinstance(samples, np.ndarray):
        if samples.dtype.kind not in "iuf":
            raise bad()
    elif not isinstance(samples, (list, tuple)) or not all(
        isinstance(p, (list, tuple, np.ndarray)) and all(_is_number(v) for v in p) for p in samples
    ):
        raise bad()
    try:
        arr = np.array(samples, dtype=np.float64)
    except (TypeError, ValueError):
        raise bad() from None
    if arr.ndim != 2 or arr.shape[1] != 2 or arr.shape[0] < 1:
        raise ValueError(
            f"samples must be a non-empty list of (x, y*) pairs, got shape {arr.shape}"
        )
    if arr.shape[0] > 100_000:
        raise ValueError(f"samples must hold at most 100000 pairs, got {arr.shape[0]}")
    if not np.isfinite(arr).all():
        raise ValueError(f"samples must be finite numbers, got {show(samples)}")
    outside = (arr[:, 1] < 0) | (arr[:, 1] > 1)
    if loss == "binary" and outside.any():
        shown = ", ".join(f"{v:g}" for v in arr[outside, 1][:5])
        shown += " …" if outside.sum() > 5 else ""
        raise ValueError(Message(BINARY_TARGETS, values=shown))
    return arr


#: Points × samples the neuron pushes through its layer in one pass: larger requests (a fine
#: grid over many samples) go in chunks, so the (points, samples, 1) temporaries stay small.
NEURON_CHUNK = 1 << 21

#: The series' 26 activations by registry key (checked against core.activations in tests);
#: listed here so that the surface's parameter specs exist without importing the layer code.
ACTIVATION_KEYS = (
    "step", "identity", "bentidentity", "hardshrink", "softshrink", "threshold", "sigmoid",
    "hardsigmoid", "logsigmoid", "tanh", "tanhshrink", "hardtanh", "relu", "relu6",
    "leakyrelu", "elu", "selu", "celu", "softmax", "softmin", "logsoftmax", "softplus",
    "softsign", "swish", "mish", "tanhexp",
)  # fmt: skip


@register
class Neuron(Surface):
    """L(w, b) of one dense unit y = act(x·w + b) against targets y*, averaged over samples.

    Evaluated through :class:`core.layers.OutputLayer` with stacked parameters — w of shape
    (*P, 1, 1), b of shape (*P, 1) — and the loss of :mod:`core.losses`: the forward and
    backward passes that train networks, run for every point (w, b) at once.  With the
    seed's single sample (x, y*) = (1, 0.5), sigmoid and the squared error this is
    ½(σ(w + b) − ½)², whose minimum 0 is the whole line w + b = 0.

    Parameters
    ----------
    samples : sequence of (x, y*)
        The data; the loss is their mean.  Default: the seed's [(1.0, 0.5)].
    act : str
        Any of the 26 activations (:data:`core.activations.ACTIVATIONS`).
    loss : {"square", "binary"}
        Squared error or binary cross-entropy (fused with sigmoid, as in training).
    domain : ((wmin, wmax), (bmin, bmax))
        Plotting range, default [−2, 2]² as in the seed.
    resolution : int
        Grid points per axis.
    """

    name = "neuron"
    # Santa's exploration steps grow as the gradient shrinks (its preconditioner is
    # 1/√(λ + √v), v ≈ g²/N²); on the neuron's nearly flat flanks they
    # throws the walker onto the saturated plateaus (loss 0.125, zero gradient) for most
    # seeds, so the demo starts Santa in its refinement phase (burn-in 0).
    demo_table = {
        "sgd": {"eta": 0.175},
        "santae": {"burnin": 0},
        "santasss": {"burnin": 0},
    }
    display_name = "Neuron L(w, b)"
    params = (
        Param("act", "sigmoid", "activation of the neuron", kind=str, choices=ACTIVATION_KEYS),
        Param("loss", "square", "loss against the targets", kind=str,
              choices=("square", "binary")),
        RESOLUTION,
    )  # fmt: skip
    structured_params = ("samples", "domain")
    axis_names = ("w", "b")
    doc = (
        "L(w, b) = mean over samples of loss(act(x·w + b), y*), computed by the core's dense "
        "layer; the seed's case ½(σ(w + b) − ½)² has a valley of minima along w + b = 0."
    )
    default_domain = ((-2.0, 2.0), (-2.0, 2.0))
    default_start = (-1.8, -1.2)
    min_value = None

    def __init__(
        self,
        *,
        samples: Sequence[tuple[float, float]] = ((1.0, 0.5),),
        act: str = "sigmoid",
        loss: str = "square",
        domain: Any = None,
        resolution: int = 100,
        **unknown: Any,
    ) -> None:
        from gradscape.core.activations import ACTIVATIONS
        from gradscape.core.losses import LOSSES

        if unknown:
            valid = ", ".join(["samples", *(p.name for p in self.params), "domain"])
            raise ValueError(
                f"Neuron got an unknown keyword {show(next(iter(unknown)))}; valid: {valid}"
            )

        if not isinstance(act, str):
            raise ValueError(f"act must be an activation name, got {show(act)}")
        if not isinstance(loss, str):
            raise ValueError(f"loss must be 'square' or 'binary', got {show(loss)}")
        act = ACTIVATIONS.key(act)
        loss_key = normalise(loss)
        loss = LOSSES.key(loss) if loss_key in LOSSES else loss
        super().__init__(domain=domain, act=act, loss=loss, resolution=resolution)
        self.act: str = self.values["act"]
        self.loss_name: str = self.values["loss"]
        data = _check_samples(samples, self.loss_name)
        self.samples: list[tuple[float, float]] = [(float(x), float(y)) for x, y in data]
        self._x = np.ascontiguousarray(data[:, :1])  # (S, 1): the layer's input batch
        self._t = np.ascontiguousarray(data[:, 1:])  # (S, 1): the targets
        self._local = threading.local()

    # Pickled (the app's engine process sends results back) without the per-thread layers:
    # they are caches, made again on first use.
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_local"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._local = threading.local()

    # The layer keeps the last forward pass (x, u, y) for its backward pass, so each thread
    # (the GUI's worker, the exporter) gets its own layer object.
    def _layer(self) -> Any:
        layer = getattr(self._local, "layer", None)
        if layer is None:
            from gradscape.core.layers import OutputLayer

            layer = OutputLayer(
                prev=1, n=1, act=self.act, loss=self.loss_name, opt="SGD", dtype=np.float64
            )
            self._local.layer = layer
        return layer

    def _data(self, batch: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if batch is None:
            return self._x, self._t
        return self._x[batch], self._t[batch]

    # The layer is driven as Network.fit drives its layers: the data (x, t) were checked
    # once, when the surface was built, so the passes run through the layer's unchecked
    # entry points (_forward, _loss_of, _delta_of, _backward_delta) — the very code that
    # trains networks, without re-validating a (S, 1) input on every call.
    def _forward(self, w: np.ndarray, b: np.ndarray, batch: np.ndarray | None = None):
        # (_data and _layer inlined: this runs once or twice per step of every run)
        if batch is None:
            x, t = self._x, self._t
        else:
            x, t = self._x[batch], self._t[batch]
        layer = getattr(self._local, "layer", None) or self._layer()
        shape = w.shape
        # (float64 arrays of one shape: validated by every public entry point)
        layer._set_params(w.reshape(shape + (1, 1)), b.reshape(shape + (1,)))
        layer._forward(x)  # (*P, S, 1)
        return layer, t, shape

    @staticmethod
    def _as_loss(z: Any, shape: tuple[int, ...]) -> np.ndarray:
        # the layer gives a float for a single point, an array of shape P for stacked ones
        if type(z) is not np.ndarray:
            z = np.asarray(z, dtype=np.float64)
        return z if z.shape == shape else z.reshape(shape)

    def _loss_once(self, w, b):
        layer, t, shape = self._forward(w, b)
        return self._as_loss(layer._loss_of(t), shape)

    def _loss_grad_once(self, w, b, batch=None):
        layer, t, shape = self._forward(w, b, batch)
        z = self._as_loss(layer._loss_of(t), shape)
        layer._backward_delta(layer._delta_of(t), False)
        return z, layer.grad_w.reshape(shape), layer.grad_b.reshape(shape)

    def _grad(self, w, b, batch=None):
        # the backward pass needs the forward pass, not the loss
        if w.size * (len(self._x) if batch is None else len(batch)) > NEURON_CHUNK:
            return self._loss_grad(w, b, batch)[1:]
        layer, t, shape = self._forward(w, b, batch)
        layer._backward_delta(layer._delta_of(t), False)
        return layer.grad_w.reshape(shape), layer.grad_b.reshape(shape)

    def _chunks(self, w: np.ndarray, n_samples: int) -> int | None:
        """Points per layer pass when points × samples exceeds :data:`NEURON_CHUNK`."""
        if w.size * n_samples <= NEURON_CHUNK:
            return None
        return max(1, NEURON_CHUNK // n_samples)

    def _loss(self, w, b):
        step = self._chunks(w, len(self.samples))
        if step is None:
            return self._loss_once(w, b)
        wf, bf = w.reshape(-1), b.reshape(-1)
        out = np.empty(wf.size)
        for i in range(0, wf.size, step):
            out[i : i + step] = self._loss_once(wf[i : i + step], bf[i : i + step])
        return out.reshape(w.shape)

    def _loss_grad(self, w, b, batch=None):
        step = self._chunks(w, len(self.samples) if batch is None else len(batch))
        if step is None:
            return self._loss_grad_once(w, b, batch)
        wf, bf = w.reshape(-1), b.reshape(-1)
        out = np.empty((3, wf.size))
        for i in range(0, wf.size, step):
            z, gw, gb = self._loss_grad_once(wf[i : i + step], bf[i : i + step], batch)
            out[0, i : i + step], out[1, i : i + step], out[2, i : i + step] = z, gw, gb
        return out[0].reshape(w.shape), out[1].reshape(w.shape), out[2].reshape(w.shape)

    def loss_and_grad(self, w, b, batch=None):
        """Loss and gradient; ``batch`` (indices into ``samples``) selects a minibatch."""
        w, b = _as_pair(w, b)
        if batch is not None:
            batch = np.asarray(batch)
            if batch.ndim != 1 or batch.size == 0 or batch.dtype.kind not in "iu":
                raise ValueError(
                    f"batch must be a non-empty 1-D array of indices, got {show(batch)}"
                )
            if batch.min() < 0 or batch.max() >= len(self.samples):
                raise ValueError(
                    f"batch indices must be in [0, {len(self.samples) - 1}], got {show(batch)}"
                )
        return self._loss_grad(w, b, batch)

    def hessian(self, w: Any, b: Any) -> np.ndarray:
        """2×2 Hessian; closed form for sigmoid (square or binary loss), else finite
        differences of the analytic gradient.

        With u = x·w + b and h(u) = ∂²loss/∂u², H = mean over samples of h(u)·[[x², x], [x, 1]];
        for sigmoid + square h = σ'² + (σ − y*)σ'' (σ' = σ(1 − σ), σ'' = σ'(1 − 2σ)), for
        sigmoid + binary h = σ'.
        """
        if self.act != "sigmoid":
            return super().hessian(w, b)
        w, b = _as_pair(w, b)
        x = self._x[:, 0]
        t = self._t[:, 0]
        u = w[..., None] * x + b[..., None]  # (..., S)
        with np.errstate(over="ignore"):
            s = 1.0 / (1.0 + np.exp(-u))
        d1 = s * (1.0 - s)
        h = d1 * d1 + (s - t) * d1 * (1.0 - 2.0 * s) if self.loss_name == "square" else d1
        h_ww = (h * x * x).mean(-1)
        h_wb = (h * x).mean(-1)
        h_bb = h.mean(-1)
        return np.stack([np.stack([h_ww, h_wb], -1), np.stack([h_wb, h_bb], -1)], -2)

    @property
    def caveat(self) -> str | None:
        """Binary cross-entropy with an activation whose outputs leave [0, 1]: the loss is
        clipped there, flat, with gradient 0, and a trajectory that gets there stops."""
        from gradscape.core.activations import ACTIVATIONS

        if self.loss_name != "binary":
            return None
        cls = ACTIVATIONS[self.act]
        lo, hi = cls.output_range
        if lo >= 0.0 and hi <= 1.0:
            return None
        # (the activation's name is one of core's words: a Message of its own, said too)
        return Message(BINARY_CAVEAT, activation=Message(cls.display_name))

    @property
    def minimum_text(self) -> str:
        if len(self.samples) == 1 and self.act == "sigmoid":
            x, y = self.samples[0]
            if 0.0 < y < 1.0:
                c = math.log(y / (1.0 - y))
                if x == 0.0:
                    return f"minimum 0 wherever b = logit(y*) = {c:.6g}, for any w"
                if self.loss_name == "square":
                    return f"minimum 0 on the line {x:g}·w + b = logit(y*) = {c:.6g}"
                return f"minimum on the line {x:g}·w + b = logit(y*) = {c:.6g}"
        return "minimum: wherever the neuron fits the samples best (no closed form)"

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["params"]["samples"] = [list(s) for s in self.samples]
        return d
