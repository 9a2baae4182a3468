"""The one state model of the window: what the user chose, and what the engine computed.

Controls write to :class:`AppState`; views subscribe to its change signals.  Every setter
validates (ValueError naming the field, the value and the valid range) and emits only when
the value really changes, so a view never redraws for nothing and signal loops end.

Everything the user can pick comes from the core registries (``OPTIMIZERS``,
``SURFACES``); this module names no optimizer or surface.
"""

from __future__ import annotations

import contextlib
import inspect
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from core.optimizers import OPTIMIZERS
from core.surfaces import SURFACES, get_surface

#: Colours given to the runs of a race, in order (readable on the light theme and on the
#: surface colormaps).
RUN_COLORS = (
    "#e6194b",
    "#ff8c00",
    "#c026d3",
    "#111111",
    "#0891b2",
    "#8b4513",
    "#ec4899",
    "#2563eb",
)

HEIGHT_MODES = ("linear", "log", "clip")
HEIGHT_MODE_TEXT = {"linear": "Linear height", "log": "Log height", "clip": "Clipped height"}
COLORMAPS = ("viridis", "plasma", "inferno", "cividis", "CET-L17")
MAX_STEPS = 100_000
MAX_RUNS = len(RUN_COLORS)
GRID_CHOICES = (60, 100, 150, 200)
DEFAULT_GRID = 100
DEFAULT_STEPS = 200
DEFAULT_SPEED = 60.0
DEFAULT_SURFACE = "neuron"
DEFAULT_OPTIMIZER = "adam"


@dataclass(frozen=True)
class Run:
    """One optimizer of the race: registry key, every hyperparameter, and its colour."""

    optimizer: str
    hyper: tuple[tuple[str, Any], ...]
    color: str

    @property
    def hyper_dict(self) -> dict[str, Any]:
        return dict(self.hyper)

    @property
    def cls(self) -> type:
        return OPTIMIZERS[self.optimizer]

    @property
    def label(self) -> str:
        eta = self.hyper_dict.get("eta")
        name = self.cls.display_name
        return f"{name} η={eta:g}" if isinstance(eta, float | int) else name


#: Surface parameters that only set drawing detail: the app's own grid (level of detail)
#: decides those, so the surface form does not show them.
DRAWING_PARAMS = ("resolution",)


def surface_param_specs(key: str) -> tuple:
    """The Param specs of surface ``key`` that the user sets (drawing detail excluded)."""
    return tuple(p for p in getattr(SURFACES[key], "params", ()) if p.name not in DRAWING_PARAMS)


def surface_menu_order() -> tuple[str, ...]:
    """Surface keys in the order the dropdown lists them: the default scene's surface first
    (the neuron, the app's subject), then the registry's order."""
    keys = tuple(SURFACES.names())
    first = SURFACES.key(DEFAULT_SURFACE) if DEFAULT_SURFACE in SURFACES else None
    return ((first,) if first else ()) + tuple(k for k in keys if k != first)


def surface_takes_samples(key: str) -> bool:
    """True when the surface class is built from data samples (the neuron)."""
    return "samples" in tuple(getattr(SURFACES[key], "structured_params", ()))


def surface_default_samples(key: str) -> tuple[tuple[float, float], ...] | None:
    """The default samples of a sample-based surface (from its constructor signature)."""
    if not surface_takes_samples(key):
        return None
    default = inspect.signature(SURFACES[key]).parameters["samples"].default
    if default is inspect.Parameter.empty or default is None:
        return ((1.0, 0.5),)
    return tuple((float(x), float(y)) for x, y in default)


def validate_samples(samples: Any) -> tuple[tuple[float, float], ...]:
    """Return ``samples`` as a tuple of finite (x, y*) pairs, or raise ValueError."""
    try:
        rows = tuple((float(x), float(y)) for x, y in samples)
    except (TypeError, ValueError):
        raise ValueError(
            f"samples must be a list of (x, y*) number pairs, got {samples!r}"
        ) from None
    if not rows:
        raise ValueError("samples must hold at least one (x, y*) pair, got none")
    for x, y in rows:
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValueError(f"samples must be finite numbers, got ({x!r}, {y!r})")
    return rows


def run_params(cls: type) -> tuple[Any, ...]:
    """The hyperparameters a run of the window holds and its form shows: all but ``seed``.

    The seed of a stochastic rule (SantaE, SantaSSS) is the scene's seed, set in the
    start panel, as ``losscape export --seed`` sets it.
    """
    return tuple(p for p in cls.params if p.name != "seed")


def optimizer_defaults(key: str, surface: Any | None = None) -> dict[str, Any]:
    """Every hyperparameter of optimizer ``key`` at its default, η from the surface's demo."""
    specs = run_params(OPTIMIZERS[key])
    hyper = {p.name: p.default for p in specs}
    if surface is not None:
        demo = surface.demo_hyper(OPTIMIZERS.key(key)) or {}
        hyper.update({k: v for k, v in demo.items() if k in hyper})
    return {p.name: p.validate(hyper[p.name]) for p in specs}


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


class AppState(QObject):
    """What the user chose (inputs), the current step, view settings and the last result.

    Inputs that change the computation (surface, its parameters and samples, runs, start,
    steps, seed, grid) also emit :attr:`sceneChanged` once per change (once per
    :meth:`batch`), which the compute controller listens to.
    """

    surfaceChanged = pyqtSignal(str)
    surfaceParamsChanged = pyqtSignal(dict)
    samplesChanged = pyqtSignal(object)
    runsChanged = pyqtSignal(tuple)
    currentRunChanged = pyqtSignal(int)
    startChanged = pyqtSignal(tuple)
    stepsChanged = pyqtSignal(int)
    seedChanged = pyqtSignal(int)
    batchSizeChanged = pyqtSignal(object)
    gridChanged = pyqtSignal(int)
    stepChanged = pyqtSignal(int)
    playingChanged = pyqtSignal(bool)
    speedChanged = pyqtSignal(float)
    heightModeChanged = pyqtSignal(str)
    logLossChanged = pyqtSignal(bool)
    colormapChanged = pyqtSignal(str)
    resultChanged = pyqtSignal(object)
    #: the result's draw data was prepared again for new view settings (same computation)
    drawChanged = pyqtSignal(object)
    sceneChanged = pyqtSignal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._batch_depth = 0
        self._scene_dirty = False
        self._surface = DEFAULT_SURFACE if DEFAULT_SURFACE in SURFACES else SURFACES.names()[0]
        self._surface = SURFACES.key(self._surface)
        self._surface_params = self._default_surface_params(self._surface)
        self._samples = surface_default_samples(self._surface)
        surf = self.surface_object()
        opt = DEFAULT_OPTIMIZER if DEFAULT_OPTIMIZER in OPTIMIZERS else OPTIMIZERS.names()[0]
        key = OPTIMIZERS.key(opt)
        self._runs: tuple[Run, ...] = (
            Run(key, tuple(optimizer_defaults(key, surf).items()), RUN_COLORS[0]),
        )
        self._current_run = 0
        self._start = tuple(float(v) for v in surf.start)
        self._steps = DEFAULT_STEPS
        self._seed = 0
        self._batch_size: int | None = None
        self._grid = DEFAULT_GRID
        self._step = 0
        self._playing = False
        self._speed = DEFAULT_SPEED
        self._height_mode = "linear"
        self._log_loss = False
        self._colormap = COLORMAPS[0]
        self._result: Any = None

    # -- helpers ------------------------------------------------------------------------
    @staticmethod
    def _default_surface_params(key: str) -> dict[str, Any]:
        return {p.name: p.default for p in surface_param_specs(key)}

    def _set(self, name: str, value: Any, scene: bool = False) -> bool:
        if _same(getattr(self, "_" + name), value):
            return False
        setattr(self, "_" + name, value)
        signal = "".join(w.capitalize() if i else w for i, w in enumerate(name.split("_")))
        getattr(self, signal + "Changed").emit(value)
        if scene:
            self._scene_changed()
        return True

    def _scene_changed(self) -> None:
        if self._batch_depth:
            self._scene_dirty = True
        else:
            self.sceneChanged.emit()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group several input changes into one :attr:`sceneChanged` (one recomputation)."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if not self._batch_depth and self._scene_dirty:
                self._scene_dirty = False
                self.sceneChanged.emit()

    def surface_object(self) -> Any:
        """A surface built from the current choice (cheap; the grid is not computed)."""
        kw = dict(self._surface_params)
        if self._samples is not None:
            kw["samples"] = list(self._samples)
        return get_surface(self._surface, **kw)

    # -- surface ------------------------------------------------------------------------
    @property
    def surface(self) -> str:
        return self._surface

    @surface.setter
    def surface(self, name: str) -> None:
        key = SURFACES.key(name)
        if key == self._surface:
            return
        with self.batch():
            self._surface_params = self._default_surface_params(key)
            self._samples = surface_default_samples(key)
            self.batch_size = None
            self._set("surface", key, scene=True)
            self.surfaceParamsChanged.emit(dict(self._surface_params))
            self.samplesChanged.emit(self._samples)
            surf = self.surface_object()
            # Surfaces differ in scale by orders of magnitude: each run restarts from the
            # surface's demo hyperparameters, and the start from its recommended point.
            self.runs = tuple(
                replace(r, hyper=tuple(optimizer_defaults(r.optimizer, surf).items()))
                for r in self._runs
            )
            self.start = tuple(float(v) for v in surf.start)

    @property
    def surface_params(self) -> dict[str, Any]:
        return dict(self._surface_params)

    def set_surface_param(self, name: str, value: Any) -> None:
        specs = {p.name: p for p in surface_param_specs(self._surface)}
        if name not in specs:
            raise ValueError(
                f"surface {self._surface!r} has no parameter {name!r}; valid: {', '.join(specs)}"
            )
        params = dict(self._surface_params)
        params[name] = specs[name].validate(value)
        self._check_combination(params, self._samples)
        self._set("surface_params", params, scene=True)

    def _check_combination(self, params: dict[str, Any], samples: Any) -> None:
        """Raise ValueError when the surface cannot be built from these values together
        (binary cross-entropy with a target y* outside [0, 1])."""
        kw = dict(params)
        if samples is not None:
            kw["samples"] = list(samples)
        get_surface(self._surface, **kw)

    @property
    def samples(self) -> tuple[tuple[float, float], ...] | None:
        return self._samples

    @samples.setter
    def samples(self, rows: Any) -> None:
        if self._samples is None:
            raise ValueError(f"surface {self._surface!r} takes no data samples")
        rows = validate_samples(rows)
        self._check_combination(self._surface_params, rows)
        with self.batch():
            if self._batch_size is not None and self._batch_size > len(rows):
                self.batch_size = None  # fewer samples than the minibatch: full batch
            self._set("samples", rows, scene=True)

    # -- runs (the race) ----------------------------------------------------------------
    @property
    def runs(self) -> tuple[Run, ...]:
        return self._runs

    @runs.setter
    def runs(self, runs: tuple[Run, ...]) -> None:
        runs = tuple(runs)
        if not 1 <= len(runs) <= MAX_RUNS:
            raise ValueError(f"runs must hold 1 to {MAX_RUNS} optimizers, got {len(runs)}")
        checked = []
        for r in runs:
            cls = OPTIMIZERS[r.optimizer]
            specs = {p.name: p for p in run_params(cls)}
            given = dict(r.hyper)
            hyper = {n: p.validate(given.get(n, p.default)) for n, p in specs.items()}
            extra = {k: v for k, v in given.items() if k not in specs}
            if extra:
                # A rule that passes keywords on (SAM to its base optimizer, whose
                # hyperparameters a scene records) decides which it accepts; a seed of
                # the run's own (from a scene) is kept and wins over the scene's.
                try:
                    cls(**hyper, **extra)
                except (TypeError, ValueError) as e:
                    raise ValueError(str(e)) from None
                hyper.update(extra)
            checked.append(Run(OPTIMIZERS.key(r.optimizer), tuple(hyper.items()), r.color))
        if self._set("runs", tuple(checked), scene=True):
            if self._current_run >= len(checked):
                self.current_run = len(checked) - 1

    @property
    def current_run(self) -> int:
        return self._current_run

    @current_run.setter
    def current_run(self, index: int) -> None:
        if not 0 <= index < len(self._runs):
            raise ValueError(f"current_run must be in [0, {len(self._runs) - 1}], got {index}")
        self._set("current_run", int(index))

    @property
    def run(self) -> Run:
        """The run the optimizer controls edit."""
        return self._runs[self._current_run]

    def set_optimizer(self, name: str, index: int | None = None) -> None:
        """Switch a run to another optimizer, with its defaults and the surface's demo η."""
        i = self._current_run if index is None else index
        key = OPTIMIZERS.key(name)
        if key == self._runs[i].optimizer:
            return
        hyper = optimizer_defaults(key, self.surface_object())
        runs = list(self._runs)
        runs[i] = Run(key, tuple(hyper.items()), runs[i].color)
        self.runs = tuple(runs)

    def set_hyper(self, name: str, value: Any, index: int | None = None) -> None:
        """Set one hyperparameter of a run (validated against the registry's spec).

        Keywords the run carries beyond its form (SAM's base optimizer's, from a scene) are
        dropped when the new value no longer accepts them (another base for SAM).
        """
        i = self._current_run if index is None else index
        run = self._runs[i]
        specs = {p.name: p for p in run_params(run.cls)}
        if name not in specs:
            raise ValueError(
                f"{run.cls.display_name} has no hyperparameter {name!r}; valid: {', '.join(specs)}"
            )
        hyper = run.hyper_dict
        hyper[name] = specs[name].validate(value)
        extra = {k: v for k, v in hyper.items() if k not in specs}
        if extra:
            own = {k: v for k, v in hyper.items() if k in specs}
            # all of them if the new value takes them, else the run's own seed if it still
            # applies (a Santa base), else none
            for keep in (extra, {k: v for k, v in extra.items() if k == "seed"}, {}):
                try:
                    run.cls(**own, **keep)
                except (TypeError, ValueError):
                    continue
                hyper = {**own, **keep}
                break
        runs = list(self._runs)
        runs[i] = replace(run, hyper=tuple(hyper.items()))
        self.runs = tuple(runs)

    def reset_hyper(self, index: int | None = None) -> None:
        """Every hyperparameter of a run back to its default (η to the surface's demo)."""
        i = self._current_run if index is None else index
        run = self._runs[i]
        hyper = optimizer_defaults(run.optimizer, self.surface_object())
        runs = list(self._runs)
        runs[i] = replace(run, hyper=tuple(hyper.items()))
        self.runs = tuple(runs)

    def add_run(self, name: str | None = None) -> None:
        """Add an optimizer to the race (a copy of the current one when ``name`` is None)."""
        if len(self._runs) >= MAX_RUNS:
            raise ValueError(f"a race holds at most {MAX_RUNS} optimizers")
        used = {r.color for r in self._runs}
        color = next(c for c in RUN_COLORS if c not in used)
        if name is None:
            run = replace(self.run, color=color)
        else:
            key = OPTIMIZERS.key(name)
            run = Run(key, tuple(optimizer_defaults(key, self.surface_object()).items()), color)
        self.runs = (*self._runs, run)
        self.current_run = len(self._runs) - 1

    def remove_run(self, index: int | None = None) -> None:
        i = self._current_run if index is None else index
        if len(self._runs) <= 1:
            raise ValueError("the race needs at least one optimizer")
        if not 0 <= i < len(self._runs):
            raise ValueError(f"run index must be in [0, {len(self._runs) - 1}], got {i}")
        runs = self._runs[:i] + self._runs[i + 1 :]
        with self.batch():
            if self._current_run >= len(runs):
                self._current_run = len(runs) - 1
                self.runs = runs
                self.currentRunChanged.emit(self._current_run)
            else:
                self.runs = runs

    # -- start, steps, seed, grid -------------------------------------------------------
    @property
    def start(self) -> tuple[float, float]:
        return self._start

    @start.setter
    def start(self, point: Any) -> None:
        try:
            w, b = (float(v) for v in point)
        except (TypeError, ValueError):
            raise ValueError(f"start must be a (w, b) pair of numbers, got {point!r}") from None
        if not (math.isfinite(w) and math.isfinite(b)):
            raise ValueError(f"start must be finite, got ({w!r}, {b!r})")
        self._set("start", (w, b), scene=True)

    @property
    def steps(self) -> int:
        return self._steps

    @steps.setter
    def steps(self, n: int) -> None:
        if isinstance(n, bool) or int(n) != n or not 1 <= n <= MAX_STEPS:
            raise ValueError(f"steps must be an integer in [1, {MAX_STEPS}], got {n!r}")
        if self._set("steps", int(n), scene=True) and self._step > n:
            self.step = int(n)

    @property
    def seed(self) -> int:
        return self._seed

    @seed.setter
    def seed(self, s: int) -> None:
        if isinstance(s, bool) or int(s) != s or not 0 <= s < 2**32:
            raise ValueError(f"seed must be an integer in [0, 2**32 - 1], got {s!r}")
        self._set("seed", int(s), scene=True)

    @property
    def batch_size(self) -> int | None:
        """Minibatch size of stochastic descent on a data surface; None = full batch."""
        return self._batch_size

    @batch_size.setter
    def batch_size(self, n: int | None) -> None:
        if n is not None:
            if self._samples is None:
                raise ValueError(
                    f"batch_size applies to surfaces with data samples, not to {self._surface!r}"
                )
            count = len(self._samples)
            if isinstance(n, bool) or int(n) != n or not 1 <= n <= count:
                raise ValueError(
                    f"batch_size must be an integer in [1, {count}] (the number of samples) "
                    f"or None for the full batch, got {n!r}"
                )
            n = int(n)
        self._set("batch_size", n, scene=True)

    @property
    def grid(self) -> int:
        return self._grid

    @grid.setter
    def grid(self, n: int) -> None:
        if isinstance(n, bool) or int(n) != n or not 10 <= n <= 400:
            raise ValueError(f"grid must be an integer in [10, 400], got {n!r}")
        self._set("grid", int(n), scene=True)

    # -- animation ----------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self._step

    @step.setter
    def step(self, k: int) -> None:
        # Clamped, not rejected: the timeline, keys and the timer all push past the ends.
        self._set("step", max(0, min(int(k), self._steps)))

    @property
    def playing(self) -> bool:
        return self._playing

    @playing.setter
    def playing(self, on: bool) -> None:
        self._set("playing", bool(on))

    @property
    def speed(self) -> float:
        return self._speed

    @speed.setter
    def speed(self, steps_per_second: float) -> None:
        v = float(steps_per_second)
        if not (math.isfinite(v) and 0.5 <= v <= 2000):
            raise ValueError(f"speed must be in [0.5, 2000] steps per second, got {v!r}")
        self._set("speed", v)

    # -- view settings ------------------------------------------------------------------
    @property
    def height_mode(self) -> str:
        return self._height_mode

    @height_mode.setter
    def height_mode(self, mode: str) -> None:
        if mode not in HEIGHT_MODES:
            raise ValueError(f"height_mode must be one of {', '.join(HEIGHT_MODES)}, got {mode!r}")
        self._set("height_mode", mode)

    @property
    def log_loss(self) -> bool:
        return self._log_loss

    @log_loss.setter
    def log_loss(self, on: bool) -> None:
        self._set("log_loss", bool(on))

    @property
    def colormap(self) -> str:
        return self._colormap

    @colormap.setter
    def colormap(self, name: str) -> None:
        if name not in COLORMAPS:
            raise ValueError(f"colormap must be one of {', '.join(COLORMAPS)}, got {name!r}")
        self._set("colormap", name)

    # -- result -------------------------------------------------------------------------
    @property
    def result(self) -> Any:
        """The last :class:`app.model.compute.Result` (None before the first computation)."""
        return self._result

    def set_result(self, result: Any) -> None:
        if result is self._result:
            return
        self._result = result
        self.resultChanged.emit(result)

    def set_draw(self, draw: Any) -> None:
        """Hand the views the result's draw data for new view settings
        (:class:`app.model.draw.DrawData`, prepared by the compute controller off the GUI
        thread); the result is replaced by a copy that carries it."""
        if self._result is None or draw is self._result.draw:
            return
        self._result = replace(self._result, draw=draw)
        self.drawChanged.emit(draw)
