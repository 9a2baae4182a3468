"""A feed-forward network: a sequence of the series' layers with a loss, and its training loop.

``Network.from_sizes([64, 256, 128, 10])`` builds ReLU middle layers and a softmax output
with cross-entropy; ``fit`` trains with shuffled minibatches, passing the global step ``t``
and the batch loss ``f`` to every layer's ``update`` (the series' keyword channel), and calls
``callback(epoch, logs)`` after every epoch (progress bars, live plots, a Cancel button:
returning False stops).  A non-finite loss raises :class:`DivergenceError` naming the epoch
and the step.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from gradscape.core._registry import normalise
from gradscape.core.layers import BaseLayer, MiddleLayer, OutputLayer
from gradscape.core.network_specs import Layer, build_layers

__all__ = ["DivergenceError", "Network"]

#: rows per forward pass in predict/evaluate (bounds the memory of the activations)
_CHUNK = 8192


class DivergenceError(RuntimeError):
    """Training produced a non-finite loss.

    Attributes ``epoch`` and ``step`` (1-based, ``step`` counts every update since the
    network was built) and ``loss`` say where.
    """

    def __init__(self, message: str, *, epoch: int, step: int, loss: float) -> None:
        super().__init__(message)
        self.epoch, self.step, self.loss = epoch, step, loss


def _check_finite(a: np.ndarray, what: str) -> None:
    """ValueError naming the first row of ``a`` holding nan or inf."""
    ok = np.isfinite(a)
    if not ok.all():
        row = int(np.flatnonzero(~ok.all(axis=1))[0])
        value = a[row][~ok[row]][0]
        raise ValueError(f"{what} must be finite, got {value} in row {row}")


def _is_sam(layer: Any) -> bool:
    # SAM needs the gradient at shifted parameters, i.e. a second forward/backward pass
    return layer.opt is not None and normalise(type(layer.opt).__name__) == "sam"


def _label(layer: Any) -> str:
    return str(layer.name or type(layer).__name__)


class Network:
    """Layers applied in order; the last one is an :class:`~core.layers.OutputLayer`.

    Parameters
    ----------
    layers : sequence of layers
        Dense, convolution, pooling, dropout and flatten layers (:mod:`core.layers`)
        followed by one output layer; each layer's ``in_shape`` must equal the previous
        layer's ``out_shape`` (for dense layers: ``prev`` equals the previous ``n``).
    loss : str, optional
        Replaces the output layer's loss ("square", "binary", "cross").

    Inputs are batches of samples of the first layer's ``in_shape``: (samples, prev) for a
    dense first layer; (samples, C, H, W) for a convolution, or (samples, C·H·W), reshaped.
    Dropout layers draw masks in :meth:`fit` only: :meth:`forward`, :meth:`predict` and
    :meth:`evaluate` run them in evaluation mode (the identity).
    """

    def __init__(self, layers: Sequence[Layer], loss: str | None = None) -> None:
        layers = list(layers)
        if not layers:
            raise ValueError("layers must hold at least one layer, got none")
        if not isinstance(layers[-1], OutputLayer):
            raise ValueError(
                f"the last layer must be an OutputLayer, got {type(layers[-1]).__name__}"
            )
        for i, (a, b) in enumerate(zip(layers, layers[1:], strict=False)):
            if b.in_shape == a.out_shape:
                continue
            if isinstance(a, BaseLayer) and isinstance(b, BaseLayer):
                raise ValueError(
                    f"layer {i + 1} ({_label(b)}) has prev={b.prev} inputs "
                    f"but layer {i} ({_label(a)}) has n={a.n} outputs"
                )
            raise ValueError(
                f"layer {i + 1} ({_label(b)}) takes samples of shape {b.in_shape} but layer "
                f"{i} ({_label(a)}) gives samples of shape {a.out_shape}"
                + ("; put a Flatten between them" if len(b.in_shape) < len(a.out_shape) else "")
            )
        dtypes = {layer.dtype for layer in layers}
        if len(dtypes) > 1:
            raise ValueError(f"all layers must share one dtype, got {sorted(map(str, dtypes))}")
        self.layers: list[Any] = layers
        self.out: OutputLayer = layers[-1]
        #: the layers with parameters and a learning rule, in order
        self.trainable: list[Any] = [layer for layer in layers if layer.trainable]
        #: the layers with a training and an evaluation mode (dropout)
        self._modal = [layer for layer in layers if hasattr(layer, "training")]
        if loss is not None:
            self.out.set_loss(loss)
        self.dtype = self.out.dtype
        self.steps = 0  # updates so far; t of the next update is steps + 1

    @classmethod
    def from_specs(
        cls,
        specs: Sequence[Any],
        opt: str = "Adam",
        opt_dic: dict[str, Any] | None = None,
        dtype: Any = np.float32,
        seed: int | None = 0,
        *,
        input_shape: Any = None,
        init: str = "he",
        wb_width: float = 5e-2,
    ) -> Network:
        """Build a network from a list of layer specs (the series' layer manager).

        Each spec is a kind, or a pair (kind, keywords)::

            Network.from_specs([
                ("conv", {"I_shape": (1, 8, 8), "F_shape": (16, 3, 3)}),
                ("pool", {"pool": 2}),
                "flatten",
                ("output", {"n": 10}),
            ])

        Kinds, with the series' short names: middle (m, mid, dense), output (o, out),
        conv (c, convolution), pool (p, pooling), dropout (d, drop), flatten (f).  Each
        layer's input shape is the previous layer's output shape; the first spec gives its
        own (``prev`` for a dense layer, ``I_shape`` for the others) unless ``input_shape``
        does.  A later spec may repeat it, and must then agree.  The keywords are those of
        the layer classes (:mod:`core.layers`): middle ``n, act, act_dic``; output
        ``n, act, act_dic, loss`` (default softmax + cross); conv ``F_shape, stride, pad,
        act, act_dic``; pool ``pool, stride, pad``; dropout ``ratio``; every layer
        ``name`` (default "Conv1", "Pool1", "Middle1", ... as the series numbers them);
        layers with parameters also ``opt, opt_dic, init, wb_width``, which default to
        this method's arguments.  Dropout layers draw their masks from generators
        spawned from ``seed``.  Errors name the spec (its index and kind).
        """
        rng = np.random.default_rng(seed)
        defaults = {"opt": opt, "opt_dic": opt_dic, "init": init, "wb_width": wb_width}
        return cls(build_layers(specs, defaults, np.dtype(dtype), rng, input_shape))

    @classmethod
    def from_sizes(
        cls,
        sizes: Sequence[int],
        act: str = "ReLU",
        out_act: str = "softmax",
        loss: str = "cross",
        opt: str = "Adam",
        opt_dic: dict[str, Any] | None = None,
        dtype: Any = np.float32,
        seed: int | None = 0,
        *,
        act_dic: dict[str, Any] | None = None,
        init: str = "he",
        wb_width: float = 5e-2,
    ) -> Network:
        """Build a dense network with layer widths ``sizes`` (inputs first, outputs last).

        Parameters
        ----------
        sizes
            E.g. ``[64, 256, 128, 10]``: 64 inputs, two middle layers, 10 outputs.
        act, act_dic
            Activation of the middle layers and its parameters.
        out_act, loss
            Output activation and loss (softmax + cross and sigmoid + binary are fused).
        opt, opt_dic
            Optimizer name and hyperparameters; every layer gets its own instance.
        dtype
            float32 (default, fast) or float64.
        seed
            Seed of the initial weights (None: unseeded).
        init, wb_width
            Weight initialisation (see :class:`core.layers.BaseLayer`); "he" by default
            because it trains ReLU networks much faster than the series' 0.05·randn.
        """
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes must list at least inputs and outputs, got {sizes!r}")
        rng = np.random.default_rng(seed)
        common = dict(opt=opt, opt_dic=opt_dic, dtype=dtype, rng=rng, init=init,
                      wb_width=wb_width)  # fmt: skip
        layers: list[BaseLayer] = []
        for i, (p, n) in enumerate(zip(sizes[:-2], sizes[1:-1], strict=True)):
            layers.append(
                MiddleLayer(
                    prev=p, n=n, name=f"Middle{i + 1}", act=act, act_dic=act_dic, **common
                )  # fmt: skip
            )
        layers.append(
            OutputLayer(
                prev=sizes[-2], n=sizes[-1], name="Output", act=out_act, loss=loss, **common
            )  # fmt: skip
        )
        return cls(layers)

    # -- inference ----------------------------------------------------------------------
    @property
    def kind(self) -> str:
        """ "softmax" (classes), "sigmoid" (binary labels) or "regression"."""
        a = normalise(type(self.out.act).__name__)
        if a == "softmax" and self.out.n > 1:
            return "softmax"
        if a == "sigmoid":
            return "sigmoid"
        return "regression"

    def _inputs(self, x: Any, what: str = "x") -> np.ndarray:
        x = np.asarray(x)
        first = self.layers[0]
        shape = first.in_shape
        if len(shape) == 1:
            if x.ndim != 2 or x.shape[1] != first.prev:
                raise ValueError(f"{what} must have shape (samples, {first.prev}), got {x.shape}")
        elif x.ndim == 2 and x.shape[1] == first.prev:
            x = x.reshape(len(x), *shape)  # flat images, e.g. the digits' 64 pixels
        elif x.shape[1:] != shape:
            raise ValueError(
                f"{what} must have shape (samples, {', '.join(map(str, shape))}) or "
                f"(samples, {first.prev}), got {x.shape}"
            )
        return np.ascontiguousarray(x, dtype=self.dtype)

    def _set_training(self, training: bool) -> None:
        """Dropout draws masks (True) or passes its input through (False)."""
        for layer in self._modal:
            layer.training = training

    def _targets(self, t: Any, rows: int, what: str = "t") -> np.ndarray:
        t = np.asarray(t)
        n = self.out.n
        if t.ndim == 1 and self.kind == "softmax":
            if t.dtype.kind not in "iu" or t.size and (t.min() < 0 or t.max() >= n):
                raise ValueError(f"{what} as class labels must be integers in [0, {n}), got {t}")
            t = np.eye(n, dtype=self.dtype)[t]
        elif t.ndim == 1 and n == 1:
            t = t[:, None]
        if t.shape != (rows, n):
            raise ValueError(f"{what} must have shape ({rows}, {n}), got {t.shape}")
        return np.ascontiguousarray(t, dtype=self.dtype)

    def forward(self, x: Any) -> np.ndarray:
        """Output of the network for x (samples, inputs), in one pass (evaluation mode)."""
        y = self._inputs(x)
        if self._modal:
            self._set_training(False)
        for layer in self.layers:
            y = layer.forward(y)
        return y

    def _outputs(self, x: np.ndarray) -> np.ndarray:
        if len(x) <= _CHUNK:
            return self.forward(x)
        return np.concatenate([self.forward(x[i : i + _CHUNK]) for i in range(0, len(x), _CHUNK)])

    def predict(self, x: Any) -> np.ndarray:
        """Class indices (softmax output), 0/1 labels (sigmoid) or the raw output."""
        x = self._inputs(x)
        with np.errstate(all="ignore"):
            y = self._outputs(x)
        kind = self.kind
        if kind == "softmax":
            return y.argmax(axis=1)
        if kind == "sigmoid":
            return (y > 0.5).astype(np.int64)
        return y

    def _accuracy_count(self, y: np.ndarray, t: np.ndarray) -> float | None:
        kind = self.kind
        if kind == "softmax":
            return float(np.count_nonzero(y.argmax(axis=1) == t.argmax(axis=1)))
        if kind == "sigmoid":
            return float(np.count_nonzero((y > 0.5) == (t > 0.5))) / y.shape[1]
        return None

    def evaluate(self, x: Any, t: Any) -> tuple[float, float | None]:
        """(loss, accuracy) on x, t; accuracy is None for a regression output.

        Accuracy: argmax agreement for softmax outputs, agreement of the 0.5-thresholded
        output with the 0.5-thresholded target for sigmoid outputs.
        """
        x = self._inputs(x)
        t = self._targets(t, len(x))
        if len(x) == 0:
            raise ValueError("x must hold at least one sample, got 0")
        total, correct = 0.0, 0.0
        with np.errstate(all="ignore"):
            for i in range(0, len(x), _CHUNK):
                xb, tb = x[i : i + _CHUNK], t[i : i + _CHUNK]
                y = self.forward(xb)
                total += float(self.out._loss_of(tb)) * len(xb)
                c = self._accuracy_count(y, tb)
                correct = correct + c if c is not None else correct
        acc = correct / len(x) if self.kind != "regression" else None
        return total / len(x), acc

    # -- training -----------------------------------------------------------------------
    def _forward_backward(self, xb: np.ndarray, tb: np.ndarray) -> float:
        y = xb
        for layer in self.layers:
            y = layer._forward(y)
        f = float(self.out._loss_of(tb))
        layers = self.layers
        grad = layers[-1]._backward_delta(self.out._delta_of(tb), len(layers) > 1)
        for i in range(len(layers) - 2, -1, -1):
            grad = layers[i].backward(grad, input_grad=i > 0)
        return f

    def _sam_step(self, xb: np.ndarray, tb: np.ndarray, t: int, f: float) -> None:
        """Update with SAM layers: every shifted gradient is taken with all parameters at
        their values before this step, then all moves are applied."""
        saved = [(layer.grad_w, layer.grad_b) for layer in self.trainable]

        def restore() -> None:
            for layer, (gw, gb) in zip(self.trainable, saved, strict=True):
                layer.grad_w, layer.grad_b = gw, gb

        def grad_fn_for(layer: Any) -> Callable[..., tuple[np.ndarray, np.ndarray]]:
            def grad_fn(ew: np.ndarray, eb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
                w0, b0 = layer.w, layer.b
                # new arrays rather than in-place +=/-=: restoring is then exact
                layer.w, layer.b = w0 + ew, b0 + eb
                try:
                    self._forward_backward(xb, tb)
                    gw, gb = layer.grad_w, layer.grad_b
                    assert gw is not None and gb is not None  # set by that backward pass
                    return gw, gb
                finally:
                    layer.w, layer.b = w0, b0

            return grad_fn

        sam_moves = {}
        for i, layer in enumerate(self.layers):
            if _is_sam(layer):
                restore()
                sam_moves[i] = layer.moves(t=t, f=f, grad_fn=grad_fn_for(layer))
        restore()
        for i, layer in enumerate(self.layers):
            if i in sam_moves:
                dw, db = sam_moves[i]
                layer.w += dw
                layer.b += db
            else:
                layer.update(t=t, f=f)

    def fit(
        self,
        x: Any,
        t: Any,
        epochs: int = 10,
        batch_size: int = 32,
        seed: int | None = 0,
        callback: Callable[[int, dict[str, Any]], Any] | None = None,
        x_val: Any = None,
        t_val: Any = None,
        stop: Callable[[], bool] | None = None,
        on_step: Callable[[int, float], Any] | None = None,
    ) -> dict[str, list]:
        """Train with shuffled minibatches.

        Parameters
        ----------
        x, t
            Inputs (samples, inputs) and targets (samples, outputs); class labels
            (samples,) are accepted for a softmax output.
        epochs, batch_size
            Passes over the data and samples per update (the last batch may be smaller).
        seed
            Seed of the shuffling: ``rng = np.random.default_rng(seed)``, and epoch e visits
            the samples in the order ``rng.permutation(len(x))`` (its e-th call), in
            consecutive slices of ``batch_size``.  Every update gets ``t`` (the global step,
            1-based, continuing across fit calls) and ``f`` (the batch loss); a layer whose
            optimizer is SAM also gets ``grad_fn``, which re-runs forward and backward on the
            same batch with that layer's parameters offset.
        callback
            ``callback(epoch, logs)`` after every epoch, ``logs`` = {"loss", "accuracy",
            "val_loss", "val_accuracy", "step"} (None where not applicable); returning
            False stops training (an exception raised by it propagates).
        x_val, t_val
            Optional validation data evaluated after every epoch.
        stop
            ``stop()`` before every batch; True ends training there, within one batch
            (the epoch under way is then not recorded in the history, nor called back).
        on_step
            ``on_step(step, f)`` after every update, with the global step and the batch
            loss: checkpoints for a landscape's path, the sharpness every k steps.

        Returns
        -------
        dict
            Lists per epoch: "epoch", "loss", "accuracy", "val_loss", "val_accuracy",
            "step" and "time" (seconds spent training in that epoch, without validation).

        Raises
        ------
        DivergenceError
            When a batch loss is not finite; the message names the epoch and the step.
            The parameters are then the last finite ones: the current ones if finite,
            otherwise those at the start of the diverging epoch.
        """
        for name, v in (("epochs", epochs), ("batch_size", batch_size)):
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
                raise ValueError(f"{name} must be an integer >= 1, got {v!r}")
        x = self._inputs(x)
        t = self._targets(t, len(x))
        if len(x) == 0:
            raise ValueError("x must hold at least one sample, got 0")
        # bad data would otherwise surface as a "divergence" at the first step
        _check_finite(x.reshape(len(x), -1), "x")
        _check_finite(t, "t")
        val = None
        if (x_val is None) != (t_val is None):
            raise ValueError("x_val and t_val must be given together")
        if x_val is not None:
            xv = self._inputs(x_val, "x_val")
            val = (xv, self._targets(t_val, len(xv), "t_val"))
            _check_finite(val[0].reshape(len(val[0]), -1), "x_val")
            _check_finite(val[1], "t_val")
        rng = np.random.default_rng(seed)
        history: dict[str, list] = {k: [] for k in
                                    ("epoch", "loss", "accuracy", "val_loss", "val_accuracy",
                                     "step", "time")}  # fmt: skip
        try:
            self._epochs(x, t, int(epochs), batch_size, rng, callback, val, stop, on_step,
                         history)  # fmt: skip
        finally:
            self._set_training(False)
        return history

    def _epochs(
        self,
        x: np.ndarray,
        t: np.ndarray,
        epochs: int,
        batch_size: int,
        rng: np.random.Generator,
        callback: Callable[[int, dict[str, Any]], Any] | None,
        val: tuple[np.ndarray, np.ndarray] | None,
        stop: Callable[[], bool] | None,
        on_step: Callable[[int, float], Any] | None,
        history: dict[str, list],
    ) -> None:
        """The epochs of :meth:`fit` (arguments checked), appending to ``history``."""
        n = len(x)
        sam = any(_is_sam(layer) for layer in self.layers)
        layers = self.layers
        kind = self.kind
        regression = kind == "regression"
        labels = t.argmax(axis=1) if kind == "softmax" else None
        modal = bool(self._modal)
        for epoch in range(1, epochs + 1):
            start = time.perf_counter()
            snapshot = [(layer.w.copy(), layer.b.copy()) for layer in self.trainable]
            perm = rng.permutation(n)
            xs, ts = x[perm], t[perm]  # one gather per epoch: the batches are then views
            pred = np.empty(n, np.intp) if labels is not None else None
            total, correct = 0.0, 0.0
            stopped = False
            with np.errstate(all="ignore"):  # divergence is reported by the loss check
                for lo in range(0, n, batch_size):
                    if stop is not None and stop():
                        stopped = True
                        break
                    xb, tb = xs[lo : lo + batch_size], ts[lo : lo + batch_size]
                    if modal:  # (validation, a callback or on_step may have run inference)
                        self._set_training(True)
                    f = self._forward_backward(xb, tb)
                    k = self.steps + 1
                    if not math.isfinite(f):
                        self._diverged(epoch, k, f, snapshot)
                    y = self.out.y
                    assert y is not None  # set by _forward_backward
                    if pred is not None:
                        # predicted classes only; compared once per epoch
                        np.argmax(y, axis=1, out=pred[lo : lo + batch_size])
                    elif not regression:
                        c = self._accuracy_count(y, tb)
                        correct = correct + c if c is not None else correct
                    total += f * len(xb)
                    if sam:
                        self._sam_step(xb, tb, k, f)
                    else:
                        for layer in layers:
                            layer.update(t=k, f=f)
                    self.steps = k
                    if on_step is not None:
                        on_step(k, f)
            if stopped:
                break
            if pred is not None and labels is not None:  # (pred exists exactly when labels do)
                correct = float(np.count_nonzero(pred == labels[perm]))
            elapsed = time.perf_counter() - start
            logs: dict[str, Any] = {
                "loss": total / n,
                "accuracy": None if regression else correct / n,
                "val_loss": None,
                "val_accuracy": None,
                "step": self.steps,
            }
            if val is not None:
                logs["val_loss"], logs["val_accuracy"] = self.evaluate(*val)
            history["epoch"].append(epoch)
            for key in ("loss", "accuracy", "val_loss", "val_accuracy", "step"):
                history[key].append(logs[key])
            history["time"].append(elapsed)
            if callback is not None and callback(epoch, dict(logs)) is False:
                break

    def _diverged(self, epoch: int, step: int, f: float, snapshot: list) -> None:
        finite = all(np.isfinite(ly.w).all() and np.isfinite(ly.b).all() for ly in self.trainable)
        if finite:
            kept = "the parameters are the last finite ones"
        else:
            for layer, (w, b) in zip(self.trainable, snapshot, strict=True):
                layer.w, layer.b = w, b
            kept = f"the parameters were restored to the start of epoch {epoch}"
        raise DivergenceError(
            f"diverged at epoch {epoch}, step {step}: loss is {f} ({kept}); "
            "try a smaller learning rate",
            epoch=epoch,
            step=step,
            loss=f,
        )

    def __repr__(self) -> str:
        if not all(isinstance(layer, BaseLayer) for layer in self.layers):
            inner = ", ".join(_label(layer) for layer in self.layers)
            return (
                f"Network(layers=[{inner}], input={self.layers[0].in_shape}, "
                f"loss={type(self.out.loss).__name__}, dtype={self.dtype.name})"
            )
        sizes = [self.layers[0].prev] + [layer.n for layer in self.layers]
        return (
            f"Network(sizes={sizes}, act={type(self.layers[0].act).__name__}, "
            f"out={type(self.out.act).__name__}, loss={type(self.out.loss).__name__}, "
            f"dtype={self.dtype.name})"
        )
