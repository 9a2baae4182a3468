"""Layers from a list of specs: the series' layer manager, for :meth:`Network.from_specs`.

A spec is a kind (``"flatten"``) or a pair ``(kind, keywords)``.  Kinds are looked up by
normalised name with the series' short names (m/mid/middle, o/out/output, d/drop/dropout,
c/conv, p/pool) plus f/flatten and dense.  Each layer's input shape is inferred from the
previous layer's output shape; layers are named as the series' manager names them
("Conv1", "Pool1", "Middle1", "Output1", ...).  Every error is a ValueError naming the spec
by its index and kind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from gradscape.core._registry import normalise
from gradscape.core.conv import Convolution
from gradscape.core.dropout import Dropout
from gradscape.core.layers import BaseLayer, MiddleLayer, OutputLayer
from gradscape.core.pooling import Flatten, Pooling

__all__ = ["KINDS", "Layer", "build_layers"]

#: any layer a Network holds
Layer = BaseLayer | Convolution | Pooling | Dropout | Flatten

#: kind -> its short names (normalised lookups)
KINDS: dict[str, tuple[str, ...]] = {
    "middle": ("m", "mid", "middle", "dense"),
    "output": ("o", "out", "output"),
    "conv": ("c", "conv", "convolution"),
    "pool": ("p", "pool", "pooling"),
    "dropout": ("d", "drop", "dropout"),
    "flatten": ("f", "flatten"),
}
_LOOKUP = {alias: kind for kind, aliases in KINDS.items() for alias in aliases}

#: the keywords each kind accepts (beyond its input shape)
_LEARNING = ("opt", "opt_dic", "init", "wb_width")
_KEYWORDS: dict[str, tuple[str, ...]] = {
    "middle": ("n", "act", "act_dic", "name", *_LEARNING),
    "output": ("n", "act", "act_dic", "loss", "name", *_LEARNING),
    "conv": ("F_shape", "stride", "pad", "act", "act_dic", "name", *_LEARNING),
    "pool": ("pool", "stride", "pad", "name"),
    "dropout": ("ratio", "name"),
    "flatten": ("name",),
}
_NAMES = {"middle": "Middle", "output": "Output", "conv": "Conv", "pool": "Pool",
          "dropout": "Dropout", "flatten": "Flatten"}  # fmt: skip


def _kind_of(i: int, spec: Any) -> tuple[str, str, dict[str, Any]]:
    """(kind, the name as given, keywords) of spec ``i``."""
    if isinstance(spec, str):
        given, kw = spec, {}
    elif isinstance(spec, (tuple, list)) and len(spec) == 2 and isinstance(spec[0], str):
        given, kw = spec
        if not isinstance(kw, dict):
            raise ValueError(f"spec {i} ({given!r}): keywords must be a dict, got {kw!r}")
    else:
        raise ValueError(f"spec {i} must be a kind or a pair (kind, keywords), got {spec!r}")
    kind = _LOOKUP.get(normalise(given))
    if kind is None:
        valid = ", ".join(a for aliases in KINDS.values() for a in aliases)
        raise ValueError(f"spec {i} ({given!r}): unknown kind; valid: {valid}")
    return kind, given, dict(kw)


def _input_shape(
    i: int, given: str, kind: str, kw: dict[str, Any], prev_shape: tuple[int, ...] | None
) -> tuple[int, ...]:
    """The input shape of spec ``i``: the previous output, checked against an explicit one."""
    explicit: tuple[int, ...] | None = None
    key = "prev" if kind in ("middle", "output") else "I_shape"
    if key in kw:
        v = kw.pop(key)
        if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
            explicit = (int(v),)
        elif isinstance(v, (tuple, list)) and all(isinstance(k, (int, np.integer)) for k in v):
            explicit = tuple(int(k) for k in v)
        else:
            raise ValueError(f"spec {i} ({given!r}): {key} must be a shape, got {v!r}")
    if prev_shape is None:
        if explicit is None:
            raise ValueError(
                f"spec {i} ({given!r}): the first layer needs its input shape "
                f"({key}=..., or input_shape= of from_specs)"
            )
        return explicit
    if explicit is not None and explicit != prev_shape:
        raise ValueError(
            f"spec {i} ({given!r}): {key}={explicit} does not match the previous layer's "
            f"output shape {prev_shape}"
        )
    return prev_shape


def build_layers(
    specs: Sequence[Any],
    defaults: dict[str, Any],
    dtype: np.dtype,
    rng: np.random.Generator,
    input_shape: Any = None,
) -> list[Layer]:
    """The layers of ``specs`` (see :meth:`core.network.Network.from_specs`).

    ``defaults`` holds the learning keywords (opt, opt_dic, init, wb_width) of layers whose
    spec does not give them; weights are drawn from ``rng`` in order, and every dropout
    layer gets a generator spawned from it.
    """
    if isinstance(specs, (str, bytes)) or not isinstance(specs, Sequence) or not specs:
        raise ValueError(f"specs must be a non-empty list of layer specs, got {specs!r}")
    shape: tuple[int, ...] | None = None
    if input_shape is not None:
        if isinstance(input_shape, (int, np.integer)):
            input_shape = (input_shape,)
        shape = tuple(int(k) for k in input_shape)
    layers: list[Layer] = []
    counts: dict[str, int] = {}
    for i, spec in enumerate(specs):
        kind, given, kw = _kind_of(i, spec)
        in_shape = _input_shape(i, given, kind, kw, shape)
        unknown = sorted(set(kw) - set(_KEYWORDS[kind]))
        if unknown:
            raise ValueError(
                f"spec {i} ({given!r}): unknown keyword {unknown[0]!r}; valid: "
                + ", ".join(_KEYWORDS[kind])
            )
        counts[kind] = counts.get(kind, 0) + 1
        kw.setdefault("name", f"{_NAMES[kind]}{counts[kind]}")
        try:
            layer = _BUILDERS[kind](in_shape, kw, defaults, dtype, rng)
        except ValueError as err:
            raise ValueError(f"spec {i} ({given!r}): {err}") from None
        except TypeError as err:  # a missing keyword such as n
            raise ValueError(f"spec {i} ({given!r}): {err}") from None
        layers.append(layer)
        shape = layer.out_shape
    if not isinstance(layers[-1], OutputLayer):
        raise ValueError(f"spec {len(specs) - 1} must be the output layer ('output', {{'n': ...}})")
    return layers


def _dense(
    cls: type[MiddleLayer] | type[OutputLayer],
) -> Callable[..., MiddleLayer | OutputLayer]:
    def build(
        in_shape: tuple[int, ...],
        kw: dict[str, Any],
        defaults: dict[str, Any],
        dtype: np.dtype,
        rng: np.random.Generator,
    ) -> MiddleLayer | OutputLayer:
        if len(in_shape) != 1:
            raise ValueError(
                f"a dense layer takes flat samples, but its input has shape {in_shape}; "
                "put 'flatten' before it"
            )
        if "n" not in kw:
            raise ValueError("a dense layer needs n, its number of units")
        if cls is OutputLayer:
            kw.setdefault("act", "softmax")
            kw.setdefault("loss", "cross")
        return cls(prev=in_shape[0], **{**defaults, **kw}, dtype=dtype, rng=rng)

    return build


def _conv(
    in_shape: tuple[int, ...],
    kw: dict[str, Any],
    defaults: dict[str, Any],
    dtype: np.dtype,
    rng: np.random.Generator,
) -> Convolution:
    if len(in_shape) not in (2, 3):
        raise ValueError(
            f"a convolution takes images (C, H, W), but its input has shape {in_shape}"
        )
    if "F_shape" not in kw:
        raise ValueError("a convolution needs F_shape=(M, fh, fw)")
    return Convolution(I_shape=in_shape, **{**defaults, **kw}, dtype=dtype, rng=rng)


def _pool(
    in_shape: tuple[int, ...],
    kw: dict[str, Any],
    defaults: dict[str, Any],
    dtype: np.dtype,
    rng: np.random.Generator,
) -> Pooling:
    if len(in_shape) not in (2, 3):
        raise ValueError(f"pooling takes images (C, H, W), but its input has shape {in_shape}")
    return Pooling(I_shape=in_shape, **kw, dtype=dtype)


def _dropout(
    in_shape: tuple[int, ...],
    kw: dict[str, Any],
    defaults: dict[str, Any],
    dtype: np.dtype,
    rng: np.random.Generator,
) -> Dropout:
    return Dropout(I_shape=in_shape, **kw, dtype=dtype, seed=rng.spawn(1)[0])


def _flatten(
    in_shape: tuple[int, ...],
    kw: dict[str, Any],
    defaults: dict[str, Any],
    dtype: np.dtype,
    rng: np.random.Generator,
) -> Flatten:
    return Flatten(I_shape=in_shape, **kw, dtype=dtype)


_BUILDERS: dict[str, Callable[..., Any]] = {
    "middle": _dense(MiddleLayer),
    "output": _dense(OutputLayer),
    "conv": _conv,
    "pool": _pool,
    "dropout": _dropout,
    "flatten": _flatten,
}
