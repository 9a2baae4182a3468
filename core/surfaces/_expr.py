"""A surface typed as a formula in w and b, with its exact gradient and Hessian.

``get_surface("expr", expression="(1 - w)**2 + 100*(b - w**2)**2")``.  The text goes
through the whitelist of :mod:`core.surfaces._expr_parse` (never evaluated as Python);
this module turns the checked tree into a sympy expression node by node, differentiates it
symbolically (first and second derivatives, exact), and compiles loss, gradient and
Hessian with :func:`sympy.lambdify` into numpy functions.  lambdify writes code from the
sympy tree, whose every node came from the whitelist.

sympy is imported at the first custom surface (it takes about a second), and a compiled
expression is kept per text (:func:`compile_expression`): a scene is validated again at
every change of the window's choice.
"""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from gradscape.core._message import Message, template
from gradscape.core._text import shorten, show
from gradscape.core.surfaces._base import RESOLUTION, Surface, register
from gradscape.core.surfaces._expr_parse import Node, parse_expression

#: What the window's dialog and the messages offer as an example.
EXAMPLE = "(1 - w)**2 + 100*(b - w**2)**2"

#: What the window says about a typed formula (a registered template, as the refusals below).
DESCRIPTION = template("z = {formula}   on w ∈ [{w0}, {w1}], b ∈ [{b0}, {b1}]")

# the refusals' words (registered templates: the app says them in its language)
UNDEFINED_EVERYWHERE = template(
    "expression: is undefined (infinite or 0/0) everywhere: it reduces to {formula}"
)
NOT_REAL_EVERYWHERE = template(
    "expression: is not a real number everywhere: it reduces to {formula}"
)
TOO_COMPLEX = template(
    "expression: too complex: its gradient has {nodes} terms and symbols (at most {limit})"
)
NO_CLOSED_FORM = template("expression: has no closed-form derivative here")
NO_SECOND_DERIVATIVE = template("expression: no second derivative ({error})")
NOT_DIFFERENTIABLE = template("expression: cannot be differentiated ({error})")
MISSING = template("expression: missing; type a formula in w and b, e.g. {example}")
NOT_TEXT = template("expression: must be text in w and b, got {value}")
NO_FINITE_VALUE = template(
    "expression: {formula} has no finite value on w ∈ [{w0}, {w1}], b ∈ [{b0}, {b1}]"
)

#: Grid points per axis where a new surface must have a finite value somewhere.
GRID_CHECK = 33

#: A first step from the start longer than this share of the domain's diagonal (at the
#: series' demo η) has its η lowered (see :meth:`ExprSurface.demo_hyper`).
FIRST_STEP_SHARE = 0.25


#: Largest gradient accepted, in sympy tree nodes (both partial derivatives together).
#: A textbook surface's gradient has tens to a few hundred; a tower such as w**w**…**w
#: grows so fast that its Hessian alone would take seconds to differentiate and compile.
MAX_GRADIENT_NODES = 1200


def _softplus(x: Any) -> Any:
    return np.logaddexp(0.0, x)


#: The names lambdify prints for the whitelist's own functions, and their numpy forms.
_NUMPY = {"softplus": _softplus, "absolute": np.abs, "signum": np.sign}


@functools.lru_cache(maxsize=1)
def _sympy_kit() -> tuple[Any, dict[str, Callable[[Any], Any]], Callable[[Any], Any]]:
    """sympy, the whitelist's functions as sympy builders, and the rewrite that puts the
    functions sympy makes of its own (|x| from sqrt(x²), sign from |x|') in their real
    forms (built once)."""
    import sympy as sp

    def sigmoid(x: Any) -> Any:
        # 1/(1 + exp(−x)) written with tanh: no overflow for either sign of x
        return (1 + sp.tanh(x / 2)) / 2

    # |x| and sign x of a real variable.  sympy's Abs differentiates a formula it cannot
    # prove real (|log w|) through re() and im(), which numpy cannot print; these two
    # follow the real rules: |x|' = sign x, and sign x' = 0 wherever it exists.
    class signum(sp.Function):
        is_real = True

        def fdiff(self, argindex: int = 1) -> Any:
            return sp.S.Zero

    class absolute(sp.Function):
        is_real = True

        def fdiff(self, argindex: int = 1) -> Any:
            return signum(self.args[0])

    class softplus(sp.Function):
        """log(1 + exp(x)), computed by numpy's logaddexp (no overflow)."""

        is_real = True

        def fdiff(self, argindex: int = 1) -> Any:
            return sigmoid(self.args[0])

    funcs: dict[str, Callable[[Any], Any]] = {
        "exp": sp.exp,
        "log": sp.log,
        "sqrt": sp.sqrt,
        "abs": absolute,
        "sin": sp.sin,
        "cos": sp.cos,
        "tan": sp.tan,
        "atan": sp.atan,
        "sinh": sp.sinh,
        "cosh": sp.cosh,
        "tanh": sp.tanh,
        "sigmoid": sigmoid,
        "softplus": softplus,
    }

    def real(e: Any) -> Any:
        e = e.replace(sp.Abs, absolute).replace(sp.sign, signum)
        return e.replace(sp.DiracDelta, lambda *_: sp.S.Zero)

    return sp, funcs, real


def _to_sympy(node: Node, sp: Any, names: dict[str, Any], funcs: dict[str, Any]) -> Any:
    """The sympy expression of a checked tree (the only input this stage reads)."""
    kind = node[0]
    if kind == "num":
        v = node[1]
        # 17 digits: lambdify prints a float as its digits, and 17 give it back exactly
        return sp.Integer(v) if isinstance(v, int) else sp.Float(repr(float(v)), 17)
    if kind == "var":
        return names[node[1]]
    if kind == "neg":
        return -_to_sympy(node[1], sp, names, funcs)
    if kind == "call":
        return funcs[node[1]](_to_sympy(node[2], sp, names, funcs))
    left = _to_sympy(node[1], sp, names, funcs)
    right = _to_sympy(node[2], sp, names, funcs)
    if kind == "+":
        return left + right
    if kind == "-":
        return left - right
    if kind == "*":
        return left * right
    if kind == "/":
        return left / right
    return left**right


class Compiled:
    """A checked formula, differentiated and compiled (see :func:`compile_expression`).

    ``loss(w, b)``, ``loss_grad(w, b) -> (z, ∂z/∂w, ∂z/∂b)`` and
    ``hessian(w, b) -> (∂²z/∂w², ∂²z/∂w∂b, ∂²z/∂b²)`` take float arrays of one shape; a
    part that does not depend on the point comes back as a number.  ``formula`` and
    ``gradient`` are sympy's text of the formula and of its two partial derivatives.
    """

    def __init__(self, text: str) -> None:
        tree = parse_expression(text)  # ValueError before sympy sees anything
        sp, funcs, real = _sympy_kit()
        from sympy.core.parameters import distribute

        w, b = sp.symbols("w b", real=True)
        names = {"w": w, "b": b, "pi": sp.pi, "e": sp.E}
        # factors stay where the user put them (200*(b − w²), not 200b − 200w²): fewer
        # operations, less cancellation, and the roundings of the formula written by hand
        with distribute(False):
            z = real(_to_sympy(tree, sp, names, funcs))
            bad = z.has(sp.zoo, sp.oo, -sp.oo, sp.nan)
            if bad or z.has(sp.I):
                what = UNDEFINED_EVERYWHERE if bad else NOT_REAL_EVERYWHERE
                raise ValueError(Message(what, formula=shorten(str(z))))
            gw, gb = real(sp.diff(z, w)), real(sp.diff(z, b))
        nodes = sum(1 for g in (gw, gb) for _ in sp.preorder_traversal(g))
        if nodes > MAX_GRADIENT_NODES:
            raise ValueError(Message(TOO_COMPLEX, nodes=nodes, limit=MAX_GRADIENT_NODES))
        self.text = text
        self.formula = str(z)
        self.gradient = (str(gw), str(gb))
        self._sym = (sp, real, w, b, gw, gb)
        self.loss = self._compile((z,))
        self._grad = self._compile((gw, gb))
        self._hessian: Callable[..., Any] | None = None
        self._lock = threading.Lock()

    def _compile(self, exprs: tuple[Any, ...]) -> Callable[..., Any]:
        sp, _, w, b = self._sym[:4]
        unprintable = (sp.Derivative, sp.Subs, sp.re, sp.im)
        if any(e.has(*unprintable) for e in exprs):
            raise ValueError(Message(NO_CLOSED_FORM))
        body = exprs[0] if len(exprs) == 1 else exprs
        return sp.lambdify((w, b), body, modules=[_NUMPY, "numpy"], cse=len(exprs) > 1)

    def loss_grad(self, w: Any, b: Any) -> tuple[Any, Any, Any]:
        """The loss (by :attr:`loss` itself: the same bits as a loss alone) and the
        gradient."""
        gw, gb = self._grad(w, b)
        return self.loss(w, b), gw, gb

    def hessian(self, w: Any, b: Any) -> Any:
        """The second derivatives, differentiated and compiled at the first call."""
        with self._lock:
            if self._hessian is None:
                sp, real, ws, bs, gw, gb = self._sym
                from sympy.core.parameters import distribute

                try:
                    with distribute(False):
                        parts = (sp.diff(gw, ws), sp.diff(gw, bs), sp.diff(gb, bs))
                    self._hessian = self._compile(tuple(real(h) for h in parts))
                except ValueError:
                    raise
                except Exception as e:  # (as compile_expression: one line, never sympy's)
                    raise ValueError(Message(NO_SECOND_DERIVATIVE, error=shorten(str(e)))) from None
        return self._hessian(w, b)


def prepare_expressions() -> None:
    """Import sympy and build the whitelist's functions now (~0.4 s, once per process), so
    that the first formula compiles in ~0.1 s: an app calls it in a background thread when
    a formula is about to be typed.  A formula is compiled too (not kept): lambdify's
    printers and the numpy namespace it copies are imported at its first use (~0.2 s more),
    which must not wait for the user's Apply either."""
    _sympy_kit()
    Compiled("exp(w)*sin(b) + log(1 + w*w)")


@functools.lru_cache(maxsize=32)
def compile_expression(text: str) -> Compiled:
    """Check, differentiate and compile ``text`` (a formula in w and b), kept per text.

    Raises ValueError ``"expression: ..."`` (one line) when the text is outside the
    whitelist (:func:`core.surfaces._expr_parse.parse_expression`), when the formula is
    undefined everywhere or not real (``log(w - w)``), or too complex to differentiate in
    reasonable time.
    """
    try:
        return Compiled(text)
    except ValueError:
        raise
    except Exception as e:  # sympy's own refusal of something the whitelist let through
        raise ValueError(Message(NOT_DIFFERENTIABLE, error=shorten(str(e)))) from None


def _array(value: Any, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``value`` as a float array of the points' shape, never one of the inputs."""
    out = np.asarray(value, dtype=np.float64)
    if out.shape != w.shape:
        return np.array(np.broadcast_to(out, w.shape))
    if out is w or out is b:  # z = w: the caller may move its points in place
        return out.copy()
    return out


@register
class ExprSurface(Surface):
    """A loss typed as a formula in w and b (see the module's documentation).

    Parameters
    ----------
    expression : str
        The formula, e.g. ``"log(1 + exp(-3*w*b))"``: numbers, w, b, pi, e,
        ``+ - * / **`` and the functions of :data:`core.surfaces._expr_parse.FUNCTIONS`.
    domain : ((wmin, wmax), (bmin, bmax)), optional
        The drawn region (default ±3 on both axes); part of what the user chooses, so the
        window shows any domain of this surface.
    resolution : int
        Grid points per axis for drawing.
    """

    name = "expr"
    display_name = "Custom expression"
    params = (RESOLUTION,)
    structured_params = ("expression", "domain")
    axis_names = ("w", "b")
    doc = (
        "z = a formula in w and b that you type, e.g. (1 - w)**2 + 100*(b - w**2)**2, "
        "with an exact gradient and Hessian (symbolic differentiation)."
    )
    default_domain = ((-3.0, 3.0), (-3.0, 3.0))
    min_value = None
    from_file = True  # no blank instance: the user types the formula
    user_domain = True

    def __init__(self, *, expression: Any = None, domain: Any = None, **params: Any) -> None:
        if expression is None:
            raise ValueError(Message(MISSING, example=EXAMPLE))
        if not isinstance(expression, str):
            raise ValueError(Message(NOT_TEXT, value=show(expression)))
        self.expression: str = expression.strip()
        self.compiled = compile_expression(self.expression)
        super().__init__(domain=domain, **params)
        ws, bs, z = self.grid(GRID_CHECK)
        if not np.isfinite(z).any():
            (w0, w1), (b0, b1) = self.domain
            raise ValueError(
                Message(NO_FINITE_VALUE, formula=shorten(self.expression), w0=f"{w0:g}",
                        w1=f"{w1:g}", b0=f"{b0:g}", b1=f"{b1:g}")
            )  # fmt: skip

    # pickled (the app's engine process sends results back) as its text: the compiled
    # functions are rebuilt on the other side
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["compiled"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.compiled = compile_expression(self.expression)

    # -- evaluation ---------------------------------------------------------------------
    def _loss(self, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return _array(self.compiled.loss(w, b), w, b)

    def _loss_grad(self, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        with np.errstate(all="ignore"):
            z, gw, gb = self.compiled.loss_grad(w, b)
        return _array(z, w, b), _array(gw, w, b), _array(gb, w, b)

    def hessian(self, w: Any, b: Any) -> np.ndarray:
        """The exact 2×2 Hessian at (w, b), shape (..., 2, 2)."""
        w, b = np.broadcast_arrays(np.asarray(w, np.float64), np.asarray(b, np.float64))
        with np.errstate(all="ignore"):
            hww, hwb, hbb = (_array(h, w, b) for h in self.compiled.hessian(w, b))
        return np.stack([np.stack([hww, hwb], -1), np.stack([hwb, hbb], -1)], -2)

    # -- geometry and words -------------------------------------------------------------
    @property
    def start(self) -> tuple[float, float]:
        """A fifth of the way in from the left edge and from the top: the minimum of a
        typed formula is not known, and a start off-centre shows the descent."""
        (w0, w1), (b0, b1) = self.domain
        return (4.0 * w0 + w1) / 5.0, (b0 + 4.0 * b1) / 5.0

    @property
    def minimum_text(self) -> str:
        return "minimum not known (a formula you typed)"

    @property
    def description(self) -> str:
        (w0, w1), (b0, b1) = self.domain
        return Message(DESCRIPTION, formula=self.expression, w0=f"{w0:g}", w1=f"{w1:g}",
                       b0=f"{b0:g}", b1=f"{b1:g}")  # fmt: skip

    def demo_hyper(self, opt_name: str) -> dict[str, Any]:
        """The series' demo hyperparameters, η lowered (to 3 digits) where the first step
        from the start would move more than a quarter of the domain's diagonal: a typed
        formula can be of any scale (Rosenbrock's gradient at its start is 233)."""
        out = super().demo_hyper(opt_name)
        if "eta" not in out:
            return out
        from gradscape.core.optimizers import get_opt

        w, b = (np.array([v]) for v in self.start)
        z, gw, gb = self.loss_and_grad(w, b)
        if not np.isfinite([z[0], gw[0], gb[0]]).all():
            return out
        try:
            opt = get_opt(opt_name, **out)
            with np.errstate(all="ignore"):
                dw, db = opt.update(
                    gw, gb, t=1, f=z, grad_fn=lambda ow, ob: self.grad(w + ow, b + ob)
                )
        except ValueError:
            return out
        moved = math.hypot(float(dw[0]), float(db[0]))
        (w0, w1), (b0, b1) = self.domain
        limit = FIRST_STEP_SHARE * math.hypot(w1 - w0, b1 - b0)
        if math.isfinite(moved) and moved > limit:
            out["eta"] = float(f"{out['eta'] * limit / moved:.3g}")
        return out

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["params"] = {"expression": self.expression, **d["params"]}
        return d
