"""A learning-rate sweep: one optimizer raced against itself over several η.

A sweep is an ordinary race whose runs share an optimizer and every hyperparameter but η
(:func:`sweep_runs`, which ``gradscape export --eta A B C`` uses too), so the window and the
exports compute and draw it by the same path.  What marks it is its colours: a sequential
ramp ordered by η (:data:`SWEEP_RAMP`, :func:`ramp_colors`) instead of the race's
categorical palette, so that "smaller η, darker blue; larger η, warmer" reads at a glance.
Every colour of the ramp keeps the WCAG contrast of 3:1 against the white ring a path is
drawn in (:mod:`app.model.legibility`), so a sweep stays visible on every colormap as a race
does.

The values come from the sweep dialog: log-spaced between two ends (:func:`log_spaced`,
exact at the ends and at the powers of ten) or typed as a list (:func:`parse_values`:
parsed as numbers, never evaluated), then checked against the optimizer's η
(:func:`check_etas`) and cut to the race's room (:func:`fit`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from gradscape.app.model.choices import MAX_RUNS, RUN_COLORS, is_scheduled, optimizer_defaults
from gradscape.app.model.words import core_message
from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.scene import Scene

#: The sweep's colour ramp, smallest η first: a sequential ramp from navy through purple
#: and crimson to orange, its lightness rising monotonically, every colour dark enough to
#: stand out on the path's white ring (contrast ≥ 4.3 > 3) and neighbours of eight runs
#: still apart (CIE76 ΔE ≥ 15), checked in ``tests/app/model/test_sweep.py``.
SWEEP_RAMP = ("#08306b", "#6a1b9a", "#c2185b", "#d9480f")

#: Significant digits a log-spaced value keeps: 0.001 → 1 in 4 gives 0.001, 0.01, 0.1, 1
#: exactly (10 ** -2 computed in floating point is not the float 0.01).
DIGITS = 12

_SEPARATORS = re.compile(r"[\s,;]+")


def _eta_spec(key: str) -> Any:
    return next((p for p in OPTIMIZERS[key].params if p.name == "eta"), None)


def sweep_optimizers() -> tuple[str, ...]:
    """The optimizers a sweep can vary (those with a learning rate η), registry order."""
    return tuple(k for k in OPTIMIZERS.names() if _eta_spec(k) is not None)


def log_spaced(start: float, stop: float, count: int) -> tuple[float, ...]:
    """``count`` values from ``start`` to ``stop`` (both included) evenly spaced on a log
    scale, each rounded to :data:`DIGITS` significant digits; the ends are the numbers
    given.  ValueError says what is wrong."""
    from gradscape.app.runtime import translate  # (the dialog's words; no Qt at import)

    if not (math.isfinite(start) and math.isfinite(stop)) or start <= 0 or stop <= 0:
        raise ValueError(translate("Sweep", "Both ends must be positive numbers."))
    if isinstance(count, bool) or int(count) != count or count < 2:
        raise ValueError(translate("Sweep", "The count must be a whole number of at least 2."))
    if start == stop:
        raise ValueError(translate("Sweep", "The two ends must differ."))
    count = int(count)
    exps = np.linspace(math.log10(start), math.log10(stop), count)
    values = [float(f"{10.0**e:.{DIGITS}g}") for e in exps]
    values[0], values[-1] = float(start), float(stop)
    return tuple(values)


def parse_values(text: str) -> tuple[float, ...]:
    """The numbers of ``text``, separated by commas, semicolons or spaces ("0.01, 0.1 1").
    Each is read by ``float`` (nothing is evaluated); ValueError names the first that is
    not a finite number."""
    from gradscape.app.runtime import translate  # (the dialog's words; no Qt at import)

    words = [w for w in _SEPARATORS.split(text.strip()) if w]
    if not words:
        raise ValueError(translate("Sweep", "Type one or more values of η, e.g. 0.01, 0.1, 1."))
    values = []
    for word in words:
        try:
            v = float(word)
        except ValueError:
            v = math.nan
        if not math.isfinite(v):
            raise ValueError(translate("Sweep", "“{word}” is not a number.").format(word=word[:20]))
        values.append(v)
    return tuple(values)


def check_etas(key: str, values: Sequence[float]) -> tuple[float, ...]:
    """``values`` as the η of optimizer ``key``'s runs, smallest first: each validated by
    the optimizer's η, no value twice.  ValueError names the first problem."""
    from gradscape.app.runtime import translate  # (the dialog's words; no Qt at import)

    spec = _eta_spec(key)
    if spec is None:
        raise ValueError(
            translate("Sweep", "{name} has no learning rate η.").format(
                name=OPTIMIZERS[key].display_name
            )
        )
    seen: set[float] = set()
    for v in values:
        if v in seen:
            raise ValueError(translate("Sweep", "η = {v} appears twice.").format(v=f"{v:g}"))
        seen.add(v)
        try:
            spec.validate(float(v))
        except ValueError:
            raise ValueError(
                translate("Sweep", "η = {v} is outside {name}'s range {range}.").format(
                    v=f"{v:g}", name=OPTIMIZERS[key].display_name,
                    range=core_message(spec.range_text()),
                )
            ) from None
    return tuple(sorted(float(v) for v in values))


def sweep_limit(scene: Scene) -> int:
    """How many runs a sweep of ``scene`` may hold: the race's maximum less the scene's
    recorded paths (they are drawn beside the runs)."""
    return max(1, MAX_RUNS - len(scene.paths))


def fit(values: Sequence[float], limit: int) -> tuple[tuple[float, ...], int]:
    """The first ``limit`` of ``values`` and how many were cut."""
    kept = tuple(values[:limit])
    return kept, len(values) - len(kept)


def sweep_runs(
    key: str, hyper: dict[str, Any], etas: Sequence[float]
) -> list[tuple[str, dict[str, Any]]]:
    """The race of a sweep: optimizer ``key`` with ``hyper`` once per η of ``etas``."""
    return [(key, {**hyper, "eta": eta}) for eta in etas]


def sweep_hyper(scene: Scene, key: str, current: tuple[str, dict[str, Any]] | None) -> dict:
    """The hyperparameters (η aside) a sweep of ``key`` runs with: those of ``current``
    (the run the user has selected, as (key, hyper)) when it is that optimizer, else the
    optimizer's demo values on the scene's surface."""
    if current is not None and current[0] == key:
        hyper = dict(current[1])
    else:
        hyper = optimizer_defaults(key, scene.surface_object())
    hyper.pop("eta", None)
    return hyper


def sweep_scene(scene: Scene, key: str, hyper: dict[str, Any], etas: Sequence[float]) -> Scene:
    """``scene`` with its race replaced by the sweep of ``key`` over ``etas`` (validated)."""
    return replace(scene, optimizers=sweep_runs(key, hyper, etas))


def sweep_etas(optimizers: Sequence[tuple[str, dict[str, Any]]]) -> tuple[float, ...] | None:
    """The η of each run when ``optimizers`` is a sweep — two or more runs of one optimizer,
    each η a different plain number, every other hyperparameter equal — else None."""
    if len(optimizers) < 2:
        return None
    key0, hyper0 = optimizers[0]
    rest0 = {k: v for k, v in hyper0.items() if k != "eta"}
    etas = []
    for key, hyper in optimizers:
        eta = hyper.get("eta")
        if key != key0 or eta is None or is_scheduled(eta) or isinstance(eta, bool):
            return None
        if {k: v for k, v in hyper.items() if k != "eta"} != rest0:
            return None
        etas.append(float(eta))
    return tuple(etas) if len(set(etas)) == len(etas) else None


def ramp_colors(etas: Sequence[float]) -> tuple[str, ...]:
    """A colour per η from :data:`SWEEP_RAMP` by rank: the smallest η the ramp's first
    colour, the largest its last, the others evenly between (interpolated in linear light,
    so the luminance keeps rising)."""
    n = len(etas)
    anchors = np.array([[int(c[i : i + 2], 16) / 255.0 for i in (1, 3, 5)] for c in SWEEP_RAMP])
    linear = np.where(anchors <= 0.04045, anchors / 12.92, ((anchors + 0.055) / 1.055) ** 2.4)
    xs = np.linspace(0.0, 1.0, len(SWEEP_RAMP))
    ranks = np.argsort(np.argsort(np.asarray(etas, dtype=float), kind="stable"), kind="stable")
    out = []
    for r in ranks:
        t = r / (n - 1) if n > 1 else 0.0
        lin = np.array([np.interp(t, xs, linear[:, j]) for j in range(3)])
        srgb = np.where(lin <= 0.0031308, lin * 12.92, 1.055 * lin ** (1 / 2.4) - 0.055)
        out.append("#" + "".join(f"{round(float(c) * 255):02x}" for c in np.clip(srgb, 0, 1)))
    return tuple(out)


def sweep_colors(scene: Scene) -> tuple[str, ...] | None:
    """The ramp's colours for ``scene``'s runs when its race is a sweep, else None."""
    etas = sweep_etas(scene.optimizers)
    return None if etas is None else ramp_colors(etas)


def scene_colors(scene: Scene, before: Scene, colors: Sequence[str]) -> tuple[str, ...] | None:
    """The colours a new ``scene`` shown in place of ``before`` (drawn in ``colors``)
    takes: the ramp for a sweep; the race's first colours for a race after a sweep that
    was drawn in the ramp; else None (the runs keep their colours by position)."""
    ramp = sweep_colors(scene)
    if ramp is not None:
        return ramp
    if sweep_colors(before) == tuple(colors):
        return tuple(RUN_COLORS[: len(scene.optimizers)])
    return None
