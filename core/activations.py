"""The series' 26 activation functions.

Each activation object has, as in the series,

``forward(x) -> y``
    the function, elementwise (softmax, softmin and logSoftmax work row-wise over the
    last axis);
``backward(x, y) -> f'(x)``
    the elementwise derivative, series style (for the row-wise functions: the diagonal
    of the Jacobian);
``vjp(x, y, grad) -> dL/dx``
    the exact vector-Jacobian product, ``grad * f'(x)`` for elementwise functions and the
    full Jacobian product for softmax, softmin and logSoftmax.

Second-order methods, for exact Hessian-vector products (Pearlmutter's R-operator, see
:mod:`core.landscape._hessian`):

``jvp(x, y, v) -> J·v``
    the forward-mode product: ``f'(x)·v`` elementwise, the full Jacobian product for the
    row-wise functions;
``second(x, y) -> f''(x)``
    the elementwise second derivative (elementwise functions only; piecewise-linear ones
    have f'' = 0 almost everywhere);
``vjp_rop(x, y, grad, v)``
    d/dε vjp(x + εv, f(x + εv), grad) at ε = 0 with ``grad`` held fixed: ``grad·f''(x)·v``
    elementwise, the derivative of the Jacobian product for the row-wise functions.

Everything keeps the input's floating dtype (float32 in, float32 out) and is written so
that no overflow or invalid-value warning is raised for any finite input.

Build one by name with :func:`get_act` ("ReLU", "relu", "leaky-ReLU", "lrelu", ...);
:data:`ACTIVATIONS` is the registry the GUI reads (display name, parameter specs, formula).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np

from gradscape.core._registry import Param, Registry, bind_params

__all__ = ["ACTIVATIONS", "Activation", "get_act", "sigmoid", "softplus"]


def _arr(x: Any) -> np.ndarray:
    """``x`` as a floating array (integers become float64); floating arrays pass as is."""
    a = np.asarray(x)
    if a.dtype.kind != "f":
        a = a.astype(np.float64)
    return a


#: 1 as a 0-d array per float dtype: a ufunc takes it ~0.3 µs faster than the Python float
#: 1.0, with the same result (the engine's one-element arrays pay per operation)
_ONES: dict[Any, np.ndarray] = {
    np.dtype(t): np.ones((), t) for t in (np.float16, np.float32, np.float64)
}


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function 1/(1 + e^{-x}) without overflow warnings.

    For x below about -709 (float64) e^{-x} overflows to inf and 1/(1 + inf) = 0 is the
    correct limit, so only the warning is silenced; the formula keeps full relative
    precision for every x (unlike 0.5·(1 + tanh(x/2)) for very negative x).
    """
    # One output buffer reused in place: fresh large temporaries cost page faults that
    # dominate the arithmetic on a 500×500 grid.  A one-element array goes out of place:
    # numpy checks in-place operands of one element for overlap, which costs as much as
    # the arithmetic (the same operations, so the same values).
    e = np.negative(x)
    if e.size == 1:
        # e^{−x} cannot overflow below −x = 80 (float32's limit is 88.7, float64's 709.8):
        # then the errstate context, which costs more than the arithmetic, is not needed
        if e.item() < 80.0:
            one = _ONES.get(e.dtype, 1.0)
            return np.reciprocal(np.exp(e) + one)
        with np.errstate(over="ignore"):
            e = np.exp(e)
        return np.reciprocal(e + 1.0)
    with np.errstate(over="ignore"):
        np.exp(e, out=e)
    e += 1.0
    return np.reciprocal(e, out=e)


def softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + eˣ) = max(x, 0) + log1p(e^{−|x|}): exact for every x, never overflows.

    Same values as ``np.logaddexp(0, x)`` to one ulp, about 2.5× faster.
    """
    a = np.abs(x)
    if type(a) is not np.ndarray:  # a scalar or 0-d input: numpy scalars, out of place
        return np.log1p(np.exp(np.negative(a))) + np.maximum(x, 0.0)
    np.negative(a, out=a)
    np.exp(a, out=a)
    np.log1p(a, out=a)
    a += np.maximum(x, 0.0)
    return a


class Activation:
    """Base class of the activation functions.

    Class attributes read by the registry (and so the GUI): ``display_name``, ``params``
    (tuple of :class:`core._registry.Param`), ``aliases`` (keyword aliases, e.g.
    ``{"lambda": "lam"}``), ``lookup_aliases`` (extra names for :func:`get_act`),
    ``formula`` (forward and derivative as text), ``elementwise`` and ``output_range``.
    Each bound hyperparameter becomes an attribute of the same name, declared on its class.
    """

    display_name: ClassVar[str] = ""
    params: ClassVar[tuple[Param, ...]] = ()
    aliases: ClassVar[dict[str, str]] = {}
    lookup_aliases: ClassVar[tuple[str, ...]] = ()
    formula: ClassVar[str] = ""
    elementwise: ClassVar[bool] = True
    #: An interval (lo, hi) holding every output, whatever the parameters (±inf where
    #: unbounded or set by a parameter).  Binary cross-entropy needs outputs in [0, 1].
    output_range: ClassVar[tuple[float, float]] = (-math.inf, math.inf)

    def __init__(self, **kw: Any) -> None:
        self.hyper: dict[str, Any] = bind_params(
            self.display_name or type(self).__name__, self.params, kw, self.aliases
        )
        for name, value in self.hyper.items():
            setattr(self, name, value)
        self.check()

    def check(self) -> None:
        """Cross-parameter validation hook (raise ValueError)."""

    def forward(self, x: Any) -> np.ndarray:
        """Return f(x)."""
        raise NotImplementedError

    def backward(self, x: Any, y: Any) -> np.ndarray:
        """Return the elementwise derivative f'(x); ``y`` is ``forward(x)``."""
        raise NotImplementedError

    def vjp(self, x: Any, y: Any, grad: Any) -> np.ndarray:
        """Return dL/dx given ``grad`` = dL/dy (exact vector-Jacobian product)."""
        return grad * self.backward(x, y)

    # -- second-order methods (the R-operator) -------------------------------------------
    def second(self, x: Any, y: Any) -> np.ndarray:
        """Return the elementwise second derivative f''(x); ``y`` is ``forward(x)``."""
        raise NotImplementedError(
            f"{self.display_name} is not elementwise: its second derivative is a tensor "
            "(use jvp and vjp_rop)"
        )

    def jvp(self, x: Any, y: Any, v: Any) -> np.ndarray:
        """Return the Jacobian-vector product J(x)·v (forward mode), same shape as ``x``."""
        return v * self.backward(x, y)

    def vjp_rop(self, x: Any, y: Any, grad: Any, v: Any) -> np.ndarray:
        """Return d/dε vjp(x + εv, f(x + εv), grad) at ε = 0, ``grad`` held fixed.

        Elementwise: ``grad·f''(x)·v``.  This is the R-operator of the backward pass
        through the activation (Pearlmutter 1994).
        """
        return grad * (self.second(x, y) * v)

    def __call__(self, x: Any) -> np.ndarray:
        return self.forward(x)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyper.items())
        return f"{type(self).__name__}({args})"


def _flat_second(self: Activation, x: Any, y: Any) -> np.ndarray:
    """f'' = 0 (almost everywhere): the second derivative of a piecewise-linear function."""
    return np.zeros_like(_arr(x))


ACTIVATIONS: Registry[type[Activation]] = Registry("activation")


def _register(key: str):
    def deco(cls: type[Activation]) -> type[Activation]:
        if not cls.display_name:
            cls.display_name = key
        ACTIVATIONS.register(key, cls, cls.lookup_aliases)
        return cls

    return deco


def get_act(name: str, **kw: Any) -> Activation:
    """Build an activation by name, ignoring case and punctuation.

    ``get_act("leaky-ReLU", alpha=0.1)``; unknown names raise ValueError listing the valid
    ones, bad parameters raise ValueError naming the parameter, value and valid range.
    """
    return ACTIVATIONS[name](**kw)


# Parameter specs shared by several functions.
_LAM_ALIASES = {"lambda": "lam", "lambda_": "lam"}


def _lam(default: float, doc: str) -> Param:
    return Param("lam", default, doc, 0.0, None)


def _alpha_pos(default: float, doc: str) -> Param:
    return Param("alpha", default, doc, 0.0, None, low_open=True)


# -- piecewise and simple functions ------------------------------------------------------


@_register("step")
class Step(Activation):
    display_name = "step"
    output_range = (0.0, 1.0)
    formula = "f = 1 if x > 0 else 0;  f' = 0"

    def forward(self, x):
        x = _arr(x)
        return (x > 0).astype(x.dtype)

    def backward(self, x, y):
        return np.zeros_like(_arr(x))

    def vjp(self, x, y, grad):
        return np.zeros_like(_arr(grad))

    second = _flat_second


@_register("identity")
class Identity(Activation):
    display_name = "identity"
    formula = "f = x;  f' = 1"

    def forward(self, x):
        return _arr(x)

    def backward(self, x, y):
        return np.ones_like(_arr(x))

    def vjp(self, x, y, grad):
        return grad

    second = _flat_second


@_register("bentIdentity")
class BentIdentity(Activation):
    display_name = "bent identity"
    formula = "f = (√(x²+1) − 1)/2 + x;  f' = x/(2√(x²+1)) + 1"

    def forward(self, x):
        x = _arr(x)
        # hypot avoids the overflow of x² for |x| > 1e154
        return (np.hypot(x, 1.0) - 1.0) * 0.5 + x

    def backward(self, x, y):
        x = _arr(x)
        return x / (2.0 * np.hypot(x, 1.0)) + 1.0

    def jvp(self, x, y, v):
        # backward's 2·hypot overflows for |x| near the dtype's maximum; x/hypot cannot
        x = _arr(x)
        return v * (0.5 * (x / np.hypot(x, 1.0)) + 1.0)

    def second(self, x, y):
        r = 1.0 / np.hypot(_arr(x), 1.0)  # 1/(2(x²+1)^{3/2}) without overflow
        return 0.5 * (r * r * r)


@_register("hardShrink")
class HardShrink(Activation):
    display_name = "hard shrink"
    lam: float
    params = (_lam(0.5, "λ: half-width of the zeroed band [−λ, λ]"),)
    aliases = _LAM_ALIASES
    formula = "f = 0 on [−λ, λ], x outside;  f' = 0 inside, 1 outside"

    def forward(self, x):
        x = _arr(x)
        return np.where(np.abs(x) > self.lam, x, 0.0).astype(x.dtype, copy=False)

    def backward(self, x, y):
        x = _arr(x)
        return (np.abs(x) > self.lam).astype(x.dtype)

    second = _flat_second


@_register("softShrink")
class SoftShrink(Activation):
    display_name = "soft shrink"
    lam: float
    params = (_lam(0.5, "λ: half-width of the zeroed band; x is moved λ towards 0"),)
    aliases = _LAM_ALIASES
    formula = "f = x − λ (x > λ), x + λ (x < −λ), 0 otherwise;  f' = 0 inside, 1 outside"

    def forward(self, x):
        x = _arr(x)
        return np.sign(x) * np.maximum(np.abs(x) - self.lam, 0.0)

    def backward(self, x, y):
        x = _arr(x)
        return (np.abs(x) > self.lam).astype(x.dtype)

    second = _flat_second


@_register("threshold")
class Threshold(Activation):
    display_name = "threshold"
    th: float
    value: float
    params = (
        Param("th", 0.0, "threshold: x passes where x > th"),
        Param("value", -1.0, "value taken where x ≤ th"),
    )
    formula = "f = x if x > th else value;  f' = 1 if x > th else 0"

    def forward(self, x):
        x = _arr(x)
        return np.where(x > self.th, x, self.value).astype(x.dtype, copy=False)

    def backward(self, x, y):
        x = _arr(x)
        return (x > self.th).astype(x.dtype)

    second = _flat_second


@_register("sigmoid")
class Sigmoid(Activation):
    display_name = "sigmoid"
    output_range = (0.0, 1.0)
    lookup_aliases = ("logistic",)
    formula = "f = 1/(1 + e^{−x});  f' = y(1 − y)"

    def forward(self, x):
        return sigmoid(_arr(x))

    def backward(self, x, y):
        return y * (1.0 - y)

    def vjp(self, x, y, grad):
        # grad · backward(x, y) written out (the same operations, one call fewer)
        return grad * (y * (_ONES.get(getattr(y, "dtype", None), 1.0) - y))

    def second(self, x, y):
        return y * (1.0 - y) * (1.0 - 2.0 * y)


@_register("hardSigmoid")
class HardSigmoid(Activation):
    display_name = "hard sigmoid"
    output_range = (0.0, 1.0)
    formula = "f = clip(0.2x + 0.5, 0, 1);  f' = 0.2 for |x| ≤ 2.5, else 0"

    def forward(self, x):
        x = _arr(x)
        return np.clip(0.2 * x + 0.5, 0.0, 1.0)

    def backward(self, x, y):
        x = _arr(x)
        return np.where(np.abs(x) <= 2.5, 0.2, 0.0).astype(x.dtype, copy=False)

    second = _flat_second


@_register("logSigmoid")
class LogSigmoid(Activation):
    display_name = "log sigmoid"
    output_range = (-math.inf, 0.0)
    formula = "f = −log(1 + e^{−x});  f' = 1/(1 + e^{x})"

    def forward(self, x):
        x = _arr(x)
        return -softplus(-x)

    def backward(self, x, y):
        return sigmoid(-_arr(x))

    def second(self, x, y):
        s = sigmoid(-_arr(x))
        return -s * (1.0 - s)


@_register("tanh")
class Tanh(Activation):
    display_name = "tanh"
    output_range = (-1.0, 1.0)
    formula = "f = tanh x;  f' = 1 − y²"

    def forward(self, x):
        return np.tanh(_arr(x))

    def backward(self, x, y):
        return 1.0 - y * y

    def second(self, x, y):
        return -2.0 * y * (1.0 - y * y)


@_register("tanhShrink")
class TanhShrink(Activation):
    display_name = "tanh shrink"
    formula = "f = x − tanh x;  f' = tanh² x"

    def forward(self, x):
        x = _arr(x)
        return x - np.tanh(x)

    def backward(self, x, y):
        t = np.tanh(_arr(x))
        return t * t

    def second(self, x, y):
        t = np.tanh(_arr(x))
        return 2.0 * t * (1.0 - t * t)


@_register("hardtanh")
class Hardtanh(Activation):
    display_name = "hardtanh"
    output_range = (-1.0, 1.0)
    formula = "f = clip(x, −1, 1);  f' = 1 on [−1, 1], else 0"

    def forward(self, x):
        return np.clip(_arr(x), -1.0, 1.0)

    def backward(self, x, y):
        x = _arr(x)
        return (np.abs(x) <= 1.0).astype(x.dtype)

    second = _flat_second


@_register("ReLU")
class ReLU(Activation):
    display_name = "ReLU"
    output_range = (0.0, math.inf)
    formula = "f = max(0, x);  f' = 1 if x > 0 else 0"

    def forward(self, x):
        return np.maximum(_arr(x), 0.0)

    def backward(self, x, y):
        x = _arr(x)
        return (x > 0).astype(x.dtype)

    def vjp(self, x, y, grad):
        # grad times the boolean mask: one multiply, ~7× faster than np.where with a scalar
        return grad * (_arr(x) > 0)

    second = _flat_second


@_register("ReLU6")
class ReLU6(Activation):
    display_name = "ReLU6"
    output_range = (0.0, 6.0)
    formula = "f = clip(x, 0, 6);  f' = 1 on (0, 6), else 0"

    def forward(self, x):
        return np.clip(_arr(x), 0.0, 6.0)

    def backward(self, x, y):
        x = _arr(x)
        return ((x > 0) & (x < 6)).astype(x.dtype)

    second = _flat_second


@_register("leakyReLU")
class LeakyReLU(Activation):
    display_name = "leaky ReLU"
    alpha: float
    lookup_aliases = ("lrelu",)
    params = (Param("alpha", 0.01, "α: slope for x < 0", 0.0, 1.0),)
    formula = "f = x (x > 0), αx (x ≤ 0);  f' = 1, α"

    def forward(self, x):
        x = _arr(x)
        return np.where(x > 0, x, self.alpha * x)

    def backward(self, x, y):
        x = _arr(x)
        return np.where(x > 0, 1.0, self.alpha).astype(x.dtype, copy=False)

    second = _flat_second


@_register("ELU")
class ELU(Activation):
    display_name = "ELU"
    alpha: float
    params = (_alpha_pos(1.0, "α: value approached for x → −∞ is −α"),)
    formula = "f = x (x ≥ 0), α(eˣ − 1) (x < 0);  f' = 1, αeˣ"

    def forward(self, x):
        x = _arr(x)
        # the exponential only ever sees x ≤ 0: no overflow for large positive x
        return np.where(x >= 0, x, self.alpha * np.expm1(np.minimum(x, 0.0)))

    def backward(self, x, y):
        x = _arr(x)
        return np.where(x >= 0, 1.0, self.alpha * np.exp(np.minimum(x, 0.0)))

    def second(self, x, y):
        x = _arr(x)
        return np.where(x >= 0, 0.0, self.alpha * np.exp(np.minimum(x, 0.0)))


@_register("SELU")
class SELU(Activation):
    display_name = "SELU"
    lam: float
    alpha: float
    # The series rounds these to 1.0507 and 1.67326; the exact self-normalising
    # constants of Klambauer et al. (2017) are used, as torch does.
    params = (
        Param("lam", 1.0507009873554805, "λ: scale", 0.0, None, low_open=True),
        _alpha_pos(1.6732632423543772, "α: negative saturation −λα"),
    )
    aliases = _LAM_ALIASES
    formula = "f = λx (x ≥ 0), λα(eˣ − 1) (x < 0);  f' = λ, λαeˣ"

    def forward(self, x):
        x = _arr(x)
        return self.lam * np.where(x >= 0, x, self.alpha * np.expm1(np.minimum(x, 0.0)))

    def backward(self, x, y):
        x = _arr(x)
        return self.lam * np.where(x >= 0, 1.0, self.alpha * np.exp(np.minimum(x, 0.0)))

    def second(self, x, y):
        x = _arr(x)
        return self.lam * np.where(x >= 0, 0.0, self.alpha * np.exp(np.minimum(x, 0.0)))


@_register("CELU")
class CELU(Activation):
    display_name = "CELU"
    alpha: float
    params = (_alpha_pos(1.0, "α: scale of the negative branch"),)
    formula = "f = x (x ≥ 0), α(e^{x/α} − 1) (x < 0);  f' = 1, e^{x/α}"

    def forward(self, x):
        x = _arr(x)
        return np.where(x >= 0, x, self.alpha * np.expm1(np.minimum(x, 0.0) / self.alpha))

    def backward(self, x, y):
        x = _arr(x)
        return np.where(x >= 0, 1.0, np.exp(np.minimum(x, 0.0) / self.alpha))

    def second(self, x, y):
        x = _arr(x)
        return np.where(x >= 0, 0.0, np.exp(np.minimum(x, 0.0) / self.alpha) / self.alpha)


# -- row-wise functions (last axis) ------------------------------------------------------


def _units(x: Any, name: str) -> np.ndarray:
    """``x`` as a floating array with a last axis of units (softmax and its kin)."""
    a = _arr(x)
    if a.ndim == 0:
        raise ValueError(f"{name} needs an array whose last axis holds the units, got a scalar")
    return a


def _softmax(x: np.ndarray) -> np.ndarray:
    e = x - np.maximum.reduce(x, axis=-1, keepdims=True)  # max subtraction: no overflow
    np.exp(e, out=e)
    e /= np.add.reduce(e, axis=-1, keepdims=True)
    return e


@_register("softmax")
class Softmax(Activation):
    display_name = "softmax"
    output_range = (0.0, 1.0)
    elementwise = False
    formula = "f_i = e^{x_i} / Σ_j e^{x_j} (last axis);  ∂f_i/∂x_j = y_i(δ_ij − y_j)"

    def forward(self, x):
        return _softmax(_units(x, "softmax"))

    def backward(self, x, y):
        return y * (1.0 - y)

    def vjp(self, x, y, grad):
        return y * (grad - (grad * y).sum(axis=-1, keepdims=True))

    def jvp(self, x, y, v):
        return y * (v - (v * y).sum(axis=-1, keepdims=True))

    def vjp_rop(self, x, y, grad, v):
        # d/dε of y ⊙ (g − ⟨g, y⟩) along ẏ = J·v
        dy = self.jvp(x, y, v)
        return dy * (grad - (grad * y).sum(axis=-1, keepdims=True)) - y * (grad * dy).sum(
            axis=-1, keepdims=True
        )


@_register("softmin")
class Softmin(Activation):
    display_name = "softmin"
    output_range = (0.0, 1.0)
    elementwise = False
    formula = "f = softmax(−x);  ∂f_i/∂x_j = −y_i(δ_ij − y_j)"

    def forward(self, x):
        return _softmax(-_units(x, "softmin"))

    def backward(self, x, y):
        return -y * (1.0 - y)

    def vjp(self, x, y, grad):
        return -y * (grad - (grad * y).sum(axis=-1, keepdims=True))

    def jvp(self, x, y, v):
        return -y * (v - (v * y).sum(axis=-1, keepdims=True))

    def vjp_rop(self, x, y, grad, v):
        # d/dε of −y ⊙ (g − ⟨g, y⟩) along ẏ = J·v
        dy = self.jvp(x, y, v)
        return y * (grad * dy).sum(axis=-1, keepdims=True) - dy * (
            grad - (grad * y).sum(axis=-1, keepdims=True)
        )


@_register("logSoftmax")
class LogSoftmax(Activation):
    display_name = "log softmax"
    output_range = (-math.inf, 0.0)
    elementwise = False
    formula = "f_i = x_i − log Σ_j e^{x_j};  ∂f_i/∂x_j = δ_ij − e^{y_j}"

    def forward(self, x):
        x = _units(x, "logSoftmax")
        s = x - x.max(axis=-1, keepdims=True)
        s -= np.log(np.exp(s).sum(axis=-1, keepdims=True))
        return s

    def backward(self, x, y):
        return -np.expm1(y)

    def vjp(self, x, y, grad):
        return grad - np.exp(y) * grad.sum(axis=-1, keepdims=True)

    def jvp(self, x, y, v):
        return v - (np.exp(y) * v).sum(axis=-1, keepdims=True)

    def vjp_rop(self, x, y, grad, v):
        # d/dε of g − p·Σg with p = e^y, ṗ = p ⊙ (v − ⟨p, v⟩)
        p = np.exp(y)
        dp = p * (v - (p * v).sum(axis=-1, keepdims=True))
        return -dp * grad.sum(axis=-1, keepdims=True)


# -- smooth elementwise functions ---------------------------------------------------------


@_register("softplus")
class Softplus(Activation):
    display_name = "softplus"
    output_range = (0.0, math.inf)
    formula = "f = log(1 + eˣ);  f' = σ(x)"

    def forward(self, x):
        return softplus(_arr(x))

    def backward(self, x, y):
        return sigmoid(_arr(x))

    def second(self, x, y):
        s = sigmoid(_arr(x))
        return s * (1.0 - s)


@_register("softsign")
class Softsign(Activation):
    display_name = "softsign"
    output_range = (-1.0, 1.0)
    formula = "f = x/(1 + |x|);  f' = 1/(1 + |x|)²"

    def forward(self, x):
        x = _arr(x)
        return x / (1.0 + np.abs(x))

    def backward(self, x, y):
        r = 1.0 / (1.0 + np.abs(_arr(x)))  # square the reciprocal: (1 + |x|)² may overflow
        return r * r

    def second(self, x, y):
        x = _arr(x)
        r = 1.0 / (1.0 + np.abs(x))
        return -2.0 * np.sign(x) * (r * r * r)


@_register("Swish")
class Swish(Activation):
    display_name = "Swish"
    beta: float
    lookup_aliases = ("SiLU",)
    params = (Param("beta", 1.0, "β: sharpness of the gate σ(βx)", 0.0, None),)
    formula = "f = x·σ(βx);  f' = βy + σ(βx)(1 − βy)"

    def forward(self, x):
        x = _arr(x)
        return x * sigmoid(self.beta * x)

    def backward(self, x, y):
        s = sigmoid(self.beta * _arr(x))
        by = self.beta * y
        return by + s * (1.0 - by)

    def second(self, x, y):
        # β s(1 − s)(2 + βx(1 − 2s)), s = σ(βx); x times the bounded factor first, so
        # that a huge x meets s(1 − s) = 0 instead of overflowing
        x = _arr(x)
        s = sigmoid(self.beta * x)
        q = self.beta * s * (1.0 - s)
        return 2.0 * q + (q * x) * self.beta * (1.0 - 2.0 * s)


@_register("Mish")
class Mish(Activation):
    display_name = "Mish"
    formula = "f = x·tanh(softplus x);  f' = tanh(sp) + x·sech²(sp)·σ(x)"

    def forward(self, x):
        x = _arr(x)
        return x * np.tanh(softplus(x))

    def backward(self, x, y):
        # The series' form eˣω/δ² overflows for x > ~236 (e^{3x}); this is the same
        # derivative written with bounded factors.
        x = _arr(x)
        t = np.tanh(softplus(x))
        return t + x * (1.0 - t * t) * sigmoid(x)

    def second(self, x, y):
        # q = sech²(sp)·σ(x):  f'' = q(2 − 2x·tanh(sp)·σ(x) + x(1 − σ(x)))
        x = _arr(x)
        t = np.tanh(softplus(x))
        s = sigmoid(x)
        q = (1.0 - t * t) * s
        qx = q * x
        return 2.0 * q - 2.0 * qx * t * s + qx * (1.0 - s)


@_register("tanhExp")
class TanhExp(Activation):
    display_name = "tanhExp"
    formula = "f = x·tanh(eˣ);  f' = tanh(eˣ) − x·eˣ(tanh²(eˣ) − 1)"

    # tanh(e^20) is exactly 1 in float32 and float64: clamping the exponent there changes
    # nothing but keeps eˣ finite (no overflow, no inf·0).
    _CLAMP = 20.0

    def forward(self, x):
        x = _arr(x)
        return x * np.tanh(np.exp(np.minimum(x, self._CLAMP)))

    def backward(self, x, y):
        x = _arr(x)
        e = np.exp(np.minimum(x, self._CLAMP))
        t = np.tanh(e)
        # eˣ(1 − tanh²eˣ) first: it is 0 wherever x is large, so x times it cannot overflow
        return t + x * (e * (1.0 - t * t))

    def second(self, x, y):
        # q = eˣ(1 − tanh²eˣ):  f'' = q(2 + x(1 − 2eˣ tanh eˣ)); q·x first (0 for large x)
        x = _arr(x)
        e = np.exp(np.minimum(x, self._CLAMP))
        t = np.tanh(e)
        q = e * (1.0 - t * t)
        return 2.0 * q + (q * x) * (1.0 - 2.0 * t * e)
