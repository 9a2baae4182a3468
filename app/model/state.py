"""The one state model of the window: the scene the user chose, the view settings, and
what the engine computed.

The scene is one :class:`core.scene.Scene` value, the same description of a run that
scene files, exports and ``gradscape export`` use; the window adds its view settings (run
colours, current run, step, playing, speed, height mode, log loss, colormap).  Controls
write to :class:`AppState`; views subscribe to its change signals.  Every setter validates
(ValueError naming the field, the value and the valid range) and emits only when the value
really changes, so a view never redraws for nothing and signal loops end.

Everything the user can pick comes from the core registries (``OPTIMIZERS``,
``SURFACES``); this module names no optimizer or surface.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from gradscape.app.model.choices import (
    COLORMAPS,
    DEFAULT_GRID,
    DEFAULT_OPTIMIZER,
    DEFAULT_SPEED,
    DEFAULT_STEPS,
    DEFAULT_SURFACE,
    HEIGHT_MODES,
    MAX_RUNS,
    MAX_STEPS,
    PLAIN_SCHEDULE,
    RUN_COLORS,
    Run,
    check_hyper,
    check_seed,
    check_showable,
    is_scheduled,
    optimizer_defaults,
    run_params,
    scene_runs,
    schedule_form,
    surface_param_specs,
    surface_scene,
    surface_takes_samples,
    validate_samples,
)
from gradscape.app.model.overlays import OVERLAYS, parse_overlays
from gradscape.app.model.step_walk import StepWalk
from gradscape.app.model.sweep import scene_colors
from gradscape.app.runtime import translate
from gradscape.core._message import message_of
from gradscape.core._text import show
from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.scene import Scene
from gradscape.core.schedules import SCHEDULES, as_schedule
from gradscape.core.surfaces import SURFACES, get_surface


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


#: The state's properties that read the scene, each with the signal its change emits.
_SCENE_PROPERTIES = (
    ("surface", "surfaceChanged"),
    ("surface_params", "surfaceParamsChanged"),
    ("samples", "samplesChanged"),
    ("batch_size", "batchSizeChanged"),
    ("runs", "runsChanged"),
    ("start", "startChanged"),
    ("steps", "stepsChanged"),
    ("seed", "seedChanged"),
    ("grid", "gridChanged"),
)

#: The view settings kept between launches (and copied with a state), in the order they
#: can be applied: the colours first, as many as the scene has runs.
VIEW_SETTINGS = (
    "run_colors",
    "current_run",
    "speed",
    "height_mode",
    "log_loss",
    "colormap",
    "overlays",
    "hidden_runs",
)


class AppState(QObject):
    """What the user chose: one scene, the view settings, and the last result.

    The scene (:attr:`scene`, a :class:`core.scene.Scene`) is the one description of what
    is computed: surface, its parameters (data samples and mesh resolution included),
    optimizers, start, steps, seed, minibatch.  It is held as a value: every change makes
    a new, validated scene, and the properties that read it (:attr:`surface`,
    :attr:`runs`, :attr:`start`, ...) are views onto it.  A change of the scene emits the
    signals of the properties it changed, then :attr:`sceneChanged` once (once per
    :meth:`batch`), which the compute controller listens to.

    The view settings (run colours, current run, step, playing, speed, height mode, log
    loss, colormap) live next to the scene; changing them computes nothing.

    Parameters
    ----------
    parent : QObject, optional
    scene : Scene, optional
        The scene to show (:func:`check_showable` says why one cannot be); default: the
        neuron with Adam at its demo η.
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
    #: the user is dragging the start point (the race follows the mouse): views that are
    #: not where the eye is may refresh less often meanwhile (:class:`app.model.live.Deferred`)
    draggingChanged = pyqtSignal(bool)
    speedChanged = pyqtSignal(float)
    heightModeChanged = pyqtSignal(str)
    logLossChanged = pyqtSignal(bool)
    colormapChanged = pyqtSignal(str)
    #: the overlays shown (a tuple of :data:`app.model.overlays.OVERLAYS` names)
    overlaysChanged = pyqtSignal(tuple)
    #: the indices of the runs not drawn (a view setting: they stay in the race)
    hiddenRunsChanged = pyqtSignal(tuple)
    #: a one-line note for the user about a change the state made on its own (the
    #: optimizer panel shows it)
    notice = pyqtSignal(str)
    resultChanged = pyqtSignal(object)
    #: the result's draw data was prepared again for new view settings (same computation)
    drawChanged = pyqtSignal(object)
    sceneChanged = pyqtSignal()

    def __init__(self, parent: QObject | None = None, *, scene: Scene | None = None) -> None:
        super().__init__(parent)
        self._batch_depth = 0
        self._scene_dirty = False
        surface = DEFAULT_SURFACE if DEFAULT_SURFACE in SURFACES else SURFACES.names()[0]
        opt = DEFAULT_OPTIMIZER if DEFAULT_OPTIMIZER in OPTIMIZERS else OPTIMIZERS.names()[0]
        self._scene = surface_scene(
            SURFACES.key(surface), [OPTIMIZERS.key(opt)], DEFAULT_GRID, steps=DEFAULT_STEPS, seed=0
        )
        self._colors: tuple[str, ...] = (RUN_COLORS[0],)
        self._runs = scene_runs(self._scene, self._colors)
        self._current_run = 0
        self._step = 0
        self._playing = False
        self._dragging = False
        self._speed = DEFAULT_SPEED
        self._height_mode = "linear"
        self._log_loss = False
        self._colormap = COLORMAPS[0]
        self._overlays: tuple[str, ...] = ()
        self._hidden_runs: tuple[int, ...] = ()
        self._result: Any = None
        #: what the user last had on each surface left (see :meth:`_remembered`)
        self._left: dict[str, Scene] = {}
        if scene is not None:
            self.scene = scene
        #: the step-by-step mode (off: the playback keys move whole steps)
        self.walk = StepWalk(self)

    # -- helpers ------------------------------------------------------------------------
    def _set(self, name: str, value: Any) -> bool:
        """Set a view setting; emit its signal when it really changes."""
        if _same(getattr(self, "_" + name), value):
            return False
        setattr(self, "_" + name, value)
        signal = "".join(w.capitalize() if i else w for i, w in enumerate(name.split("_")))
        getattr(self, signal + "Changed").emit(value)
        return True

    def _with(self, **changes: Any) -> Scene:
        """The held scene with ``changes``, validated anew.

        The runs go in as the window holds them (without the seed the scene handed down),
        so that a new scene seed reaches them.
        """
        changes.setdefault("optimizers", [(r.optimizer, r.hyper_dict) for r in self._runs])
        return replace(self._scene, **changes)

    def _commit(self, scene: Scene, colors: Sequence[str] | None = None) -> None:
        """Hold ``scene`` (validated) and the run ``colors`` (default: the present ones
        for the runs that stay, unused ones for new runs); then emit the signal of every
        property that changed, and :attr:`sceneChanged` when the scene did."""
        if colors is None:
            colors = list(self._colors[: len(scene.optimizers)])
            free = [c for c in RUN_COLORS if c not in colors]
            colors += free[: len(scene.optimizers) - len(colors)]
        colors = tuple(colors)
        if scene == self._scene and colors == self._colors:
            return
        before = {name: getattr(self, name) for name, _ in _SCENE_PROPERTIES}
        scene_changed = scene != self._scene
        self._scene, self._colors = scene, colors
        self._runs = scene_runs(scene, colors)
        # Listeners read the state as a whole: the current run and the step are brought
        # inside the new scene before anyone hears of it.
        run_moved = self._current_run >= len(self._runs)
        if run_moved:
            self._current_run = len(self._runs) - 1
        step_moved = self._step > scene.steps
        if step_moved:
            self._step = scene.steps
        hidden = tuple(i for i in self._hidden_runs if i < len(self._runs))
        hidden_moved = hidden != self._hidden_runs
        self._hidden_runs = hidden
        with self.batch():
            for name, signal in _SCENE_PROPERTIES:
                value = getattr(self, name)
                if not _same(before[name], value):
                    getattr(self, signal).emit(value)
            if run_moved:
                self.currentRunChanged.emit(self._current_run)
            if step_moved:
                self.stepChanged.emit(self._step)
            if hidden_moved:
                self.hiddenRunsChanged.emit(hidden)
            if scene_changed:
                self._scene_changed()

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
        return self._scene.surface_object()

    # -- the scene ----------------------------------------------------------------------
    @property
    def scene(self) -> Scene:
        """What is computed, as one :class:`core.scene.Scene` value.

        Treat it as immutable (it is shared with the results computed from it): to change
        it, set a new one, e.g. ``dataclasses.replace(state.scene, steps=50)``.
        """
        return self._scene

    @scene.setter
    def scene(self, scene: Scene) -> None:
        """Show ``scene``: one change, one :attr:`sceneChanged`.  The runs keep their
        colours by position (a sweep's take the η ramp); the view settings stay.  Raises
        ValueError naming what the window cannot show (:func:`check_showable`), and then
        changes nothing."""
        if not isinstance(scene, Scene):
            raise ValueError(f"scene must be a core.scene.Scene, got {type(scene).__name__}")
        check_showable(scene)
        if scene.seed is None:
            # the window always seeds (its start panel shows the seed): 0 for "none given"
            scene = replace(scene, seed=0)
        check_seed(scene.seed)
        # a sweep (one optimizer over several η) is drawn in the η ramp, whoever made it
        self._commit(scene, scene_colors(scene, self._scene, self._colors))

    def result_is_current(self) -> bool:
        """True when the held result was computed from the present scene."""
        return self._result is not None and self._result.scene == self._scene

    def copy(self) -> AppState:
        """A new state with the same scene and view settings (an export's, which never
        moves the window's own state), sharing the result when it is current."""
        twin = AppState(scene=self._scene)
        for name in VIEW_SETTINGS:
            setattr(twin, name, getattr(self, name))
        if self.result_is_current():
            twin.set_result(self._result)
        return twin

    # -- surface ------------------------------------------------------------------------
    @property
    def surface(self) -> str:
        return self._scene.surface

    @surface.setter
    def surface(self, name: str) -> None:
        """Switch the surface: its default parameters and samples, full batch, each run
        at its defaults with the surface's demo η, the surface's recommended start."""
        key = SURFACES.key(name)
        if key == self.surface:
            return
        runs = [r.optimizer for r in self._runs]
        scene = surface_scene(
            key, runs, self.grid, steps=self.steps, seed=self.seed, title=self._scene.title
        )
        self._left[self.surface] = self._scene
        self._commit(self._remembered(scene))

    def _remembered(self, scene: Scene) -> Scene:
        """``scene`` (a surface just chosen, at its defaults) with what the user had set the
        last time they left that surface in this session: its parameters and samples, the
        start, and each racing optimizer's hyperparameters (η typed, say) where that
        optimizer raced there too.  The race itself (which optimizers, the steps) stays as
        it is now.  Anything of the old scene that no longer validates is left at default."""
        old = self._left.get(scene.surface)
        if old is None:
            return scene
        before = dict(old.optimizers)
        optimizers = [(n, before.get(n, h)) for n, h in scene.optimizers]
        for changes in (
            {"surface_params": old.surface_params, "start": old.start, "optimizers": optimizers,
             "batch_size": old.batch_size},
            {"start": old.start, "optimizers": optimizers},
        ):  # fmt: skip
            try:
                return replace(scene, **changes)  # (a Scene validates itself)
            except (TypeError, ValueError):
                continue
        return scene

    def choose_surface(self, name: str, **params: Any) -> None:
        """Switch to surface ``name`` built from ``params`` (a typed formula and its
        domain), as the surface setter does: each run at its defaults with the new
        surface's demo η, its recommended start.  ValueError (naming the parameter)
        changes nothing."""
        key = SURFACES.key(name)
        runs = [r.optimizer for r in self._runs]
        scene = surface_scene(
            key, runs, self.grid, params, steps=self.steps, seed=self.seed, title=self._scene.title
        )
        check_showable(scene)
        self._commit(scene)

    @property
    def surface_params(self) -> dict[str, Any]:
        """The surface's parameters the user sets (see :func:`surface_param_specs`)."""
        params = self._scene.surface_params
        return {p.name: params[p.name] for p in surface_param_specs(self.surface)}

    def set_surface_param(self, name: str, value: Any) -> None:
        specs = {p.name: p for p in surface_param_specs(self.surface)}
        if name not in specs:
            raise ValueError(
                f"surface {show(self.surface)} has no parameter {show(name)}; "
                f"valid: {', '.join(specs)}"
            )
        params = {**self._scene.surface_params, name: specs[name].validate(value)}
        self._check_combination(params)
        self._commit(self._with(surface_params=params))

    def _check_combination(self, params: dict[str, Any]) -> None:
        """Raise ValueError when the surface cannot be built from these values together
        (binary cross-entropy with a target y* outside [0, 1]), in the surface's words."""
        get_surface(self.surface, **params)

    @property
    def samples(self) -> tuple[tuple[float, float], ...] | None:
        """The data samples (x, y*) of a sample-based surface, else None."""
        if not surface_takes_samples(self.surface):
            return None
        return tuple((float(x), float(y)) for x, y in self._scene.surface_params["samples"])

    @samples.setter
    def samples(self, rows: Any) -> None:
        if self.samples is None:
            raise ValueError(f"surface {show(self.surface)} takes no data samples")
        rows = validate_samples(rows)
        params = {**self._scene.surface_params, "samples": [list(r) for r in rows]}
        self._check_combination(params)
        batch_size = self.batch_size
        if batch_size is not None and batch_size > len(rows):
            batch_size = None  # fewer samples than the minibatch: full batch
        self._commit(self._with(surface_params=params, batch_size=batch_size))

    # -- runs (the race) ----------------------------------------------------------------
    @property
    def runs(self) -> tuple[Run, ...]:
        """The scene's optimizers, each with its colour (see :func:`scene_runs`)."""
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
            hyper = {n: check_hyper(p, given.get(n, p.default)) for n, p in specs.items()}
            extra = {k: v for k, v in given.items() if k not in specs}
            if extra:
                # A rule that passes keywords on (SAM to its base optimizer, whose
                # hyperparameters a scene records) decides which it accepts; a seed of
                # the run's own (from a scene) is kept and wins over the scene's.
                try:
                    cls(**hyper, **extra)
                except (TypeError, ValueError) as e:
                    raise ValueError(message_of(e)) from None
                hyper.update(extra)
            checked.append((OPTIMIZERS.key(r.optimizer), hyper))
        self._commit(self._with(optimizers=checked), [str(r.color) for r in runs])

    @property
    def run_colors(self) -> tuple[str, ...]:
        """The colour of each run (a view setting: changing it computes nothing)."""
        return self._colors

    @run_colors.setter
    def run_colors(self, colors: Sequence[str]) -> None:
        if isinstance(colors, str) or not all(isinstance(c, str) and c for c in colors):
            raise ValueError(f"run_colors must be a list of colour names, got {show(colors)}")
        if len(colors) != len(self._runs):
            raise ValueError(
                f"run_colors must hold one colour per run ({len(self._runs)}), got {len(colors)}"
            )
        self._commit(self._scene, colors)

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
        """Switch a run to another optimizer, with its defaults and the surface's demo η.

        An η the user typed (one that differs from the old rule's demo η for this surface)
        is kept when the new rule's η accepts it; otherwise the new rule's demo η is taken
        and :attr:`notice` says so.  A scheduled η is typed too: kept when the new rule
        accepts its value at the first step.
        """
        i = self._current_run if index is None else index
        key = OPTIMIZERS.key(name)
        old = self._runs[i]
        if key == old.optimizer:
            return
        surface = self.surface_object()
        hyper = optimizer_defaults(key, surface)
        eta = old.hyper_dict.get("eta")
        typed = eta is not None and not _same(
            eta, optimizer_defaults(old.optimizer, surface).get("eta")
        )
        note = ""
        if typed and "eta" in hyper:
            spec = next(p for p in run_params(OPTIMIZERS[key]) if p.name == "eta")
            try:
                hyper["eta"] = check_hyper(spec, eta)
            except ValueError:
                shown = as_schedule(eta)(1) if is_scheduled(eta) else eta
                note = translate(
                    "AppState",
                    "η = {eta} is outside {optimizer}'s range; it takes its demo η = {demo}",
                ).format(
                    eta=f"{shown:g}",
                    optimizer=OPTIMIZERS[key].display_name,
                    demo=f"{hyper['eta']:g}",
                )
        runs = list(self._runs)
        runs[i] = Run(key, tuple(hyper.items()), old.color)
        self.runs = tuple(runs)
        self.notice.emit(note)  # (an empty note clears an earlier one)

    def set_hyper(self, name: str, value: Any, index: int | None = None) -> None:
        """Set one hyperparameter of a run (validated against the registry's spec).

        Keywords the run carries beyond its form (SAM's base optimizer's, which the scene
        records) are dropped when the new value no longer accepts them (another base for
        SAM).
        """
        i = self._current_run if index is None else index
        run = self._runs[i]
        specs = {p.name: p for p in run_params(run.cls)}
        if name not in specs:
            raise ValueError(
                f"{run.cls.display_name} has no hyperparameter {show(name)}; "
                f"valid: {', '.join(specs)}"
            )
        hyper = run.hyper_dict
        hyper[name] = check_hyper(specs[name], value)
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

    def set_schedule(self, name: str, key: str | None, index: int | None = None) -> None:
        """Let hyperparameter ``name`` of a run follow schedule ``key`` (a key of
        :data:`core.schedules.SCHEDULES`), starting from its present value and lasting the
        scene's steps (:func:`schedule_form`); ``None`` or the constant schedule makes it a
        plain number again, the schedule's value at the first step."""
        i = self._current_run if index is None else index
        value = self._runs[i].hyper_dict.get(name)
        first = as_schedule(value)(1) if is_scheduled(value) else value
        if key is None or SCHEDULES.key(key) == SCHEDULES.key(PLAIN_SCHEDULE):
            self.set_hyper(name, first, i)
        elif not (is_scheduled(value) and SCHEDULES.key(value["schedule"]) == SCHEDULES.key(key)):
            self.set_hyper(name, schedule_form(key, first, self.steps), i)

    def set_schedule_param(
        self, name: str, param: str, value: Any, index: int | None = None
    ) -> None:
        """Set parameter ``param`` of the schedule hyperparameter ``name`` follows
        (validated by the schedule's spec); ValueError when ``name`` follows none."""
        i = self._current_run if index is None else index
        form = self._runs[i].hyper_dict.get(name)
        if not is_scheduled(form):
            raise ValueError(f"{name} follows no schedule; choose one first")
        self.set_hyper(name, {**form, param: value}, i)

    def reset_hyper(self, index: int | None = None) -> None:
        """Every hyperparameter of a run back to its default (η to the surface's demo)."""
        i = self._current_run if index is None else index
        run = self._runs[i]
        hyper = optimizer_defaults(run.optimizer, self.surface_object())
        runs = list(self._runs)
        runs[i] = replace(run, hyper=tuple(hyper.items()))
        self.runs = tuple(runs)

    def add_run(self, name: str | None = None) -> None:
        """Add an optimizer to the race: ``name``, or (None) the first of the registry not
        yet in the race at the surface's demo η, or a copy of the current run when every
        optimizer already races."""
        if len(self._runs) >= MAX_RUNS:
            raise ValueError(f"a race holds at most {MAX_RUNS} optimizers")
        used = set(self._colors)
        color = next(c for c in RUN_COLORS if c not in used)
        if name is None:
            racing = {r.optimizer for r in self._runs}
            name = next((k for k in OPTIMIZERS.names() if k not in racing), None)
        if name is None:
            run = replace(self.run, color=color)
        else:
            key = OPTIMIZERS.key(name)
            run = Run(key, tuple(optimizer_defaults(key, self.surface_object()).items()), color)
        self.runs = (*self._runs, run)
        self.current_run = len(self._runs) - 1

    def remove_run(self, index: int | None = None) -> None:
        """Remove a run from the race (the current one when ``index`` is None); the
        current run stays where it is, or moves to the last one."""
        i = self._current_run if index is None else index
        if len(self._runs) <= 1:
            raise ValueError("the race needs at least one optimizer")
        if not 0 <= i < len(self._runs):
            raise ValueError(f"run index must be in [0, {len(self._runs) - 1}], got {i}")
        # the hidden runs after the removed one move up with their runs
        hidden = tuple(j - (j > i) for j in self._hidden_runs if j != i)
        with self.batch():
            self.runs = self._runs[:i] + self._runs[i + 1 :]
            self.hidden_runs = hidden

    # -- shown and hidden runs ----------------------------------------------------------
    @property
    def hidden_runs(self) -> tuple[int, ...]:
        """The indices of the runs the views do not draw (3D view, contour map, loss
        curve, and so the exported images); a hidden run stays in the race and in the
        scene (scene files, data exports)."""
        return self._hidden_runs

    @hidden_runs.setter
    def hidden_runs(self, indices: Any) -> None:
        try:
            chosen = sorted({int(i) for i in indices})
        except (TypeError, ValueError):
            raise ValueError(f"hidden_runs must be run indices, got {show(indices)}") from None
        if any(not 0 <= i < len(self._runs) for i in chosen):
            raise ValueError(
                f"hidden_runs must be run indices in [0, {len(self._runs) - 1}], got {chosen}"
            )
        self._set("hidden_runs", tuple(chosen))

    def set_run_shown(self, index: int, on: bool) -> None:
        """Show or hide run ``index`` in the views."""
        hidden = set(self._hidden_runs)
        self.hidden_runs = hidden - {index} if on else hidden | {index}

    def run_shown(self, index: int) -> bool:
        """True when the views draw run ``index``."""
        return index not in self._hidden_runs

    # -- start, steps, seed, grid -------------------------------------------------------
    @property
    def start(self) -> tuple[float, float]:
        w, b = self._scene.start
        return (w, b)

    @start.setter
    def start(self, point: Any) -> None:
        try:
            w, b = (float(v) for v in point)
        except (TypeError, ValueError):
            raise ValueError(f"start must be a (w, b) pair of numbers, got {show(point)}") from None
        if not (math.isfinite(w) and math.isfinite(b)):
            raise ValueError(f"start must be finite, got ({show(w)}, {show(b)})")
        # (only the start is checked anew: a drag moves it many times a second)
        self._commit(self._scene.moved([w, b]))

    @property
    def steps(self) -> int:
        return self._scene.steps

    @steps.setter
    def steps(self, n: int) -> None:
        """Steps per run; a step past the new end moves to it."""
        if isinstance(n, bool) or int(n) != n or not 1 <= n <= MAX_STEPS:
            raise ValueError(f"steps must be an integer in [1, {MAX_STEPS}], got {show(n)}")
        self._commit(self._with(steps=int(n)))

    @property
    def seed(self) -> int:
        """Seeds the minibatches and the stochastic rules (SantaE, SantaSSS)."""
        return self._scene.seed

    @seed.setter
    def seed(self, s: int) -> None:
        self._commit(self._with(seed=check_seed(s)))

    @property
    def batch_size(self) -> int | None:
        """Minibatch size of stochastic descent on a data surface; None = full batch."""
        return self._scene.batch_size

    @batch_size.setter
    def batch_size(self, n: int | None) -> None:
        if n is not None:
            samples = self.samples
            if samples is None:
                raise ValueError(
                    f"batch_size applies to surfaces with data samples, not to {show(self.surface)}"
                )
            count = len(samples)
            if isinstance(n, bool) or int(n) != n or not 1 <= n <= count:
                raise ValueError(
                    f"batch_size must be an integer in [1, {count}] (the number of samples) "
                    f"or None for the full batch, got {show(n)}"
                )
            n = int(n)
        self._commit(self._with(batch_size=n))

    @property
    def grid(self) -> int:
        """The surface mesh resolution (the scene's ``resolution`` surface parameter)."""
        return self._scene.surface_params["resolution"]

    @grid.setter
    def grid(self, n: int) -> None:
        if isinstance(n, bool) or int(n) != n or not 10 <= n <= 400:
            raise ValueError(f"grid must be an integer in [10, 400], got {show(n)}")
        params = {**self._scene.surface_params, "resolution": int(n)}
        self._commit(self._with(surface_params=params))

    # -- animation ----------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self._step

    @step.setter
    def step(self, k: int) -> None:
        # Clamped, not rejected: the timeline, keys and the timer all push past the ends.
        self._set("step", max(0, min(int(k), self.steps)))

    @property
    def playing(self) -> bool:
        return self._playing

    @playing.setter
    def playing(self, on: bool) -> None:
        self._set("playing", bool(on))

    @property
    def dragging(self) -> bool:
        """The start point is being dragged (set by the compute controller)."""
        return self._dragging

    @dragging.setter
    def dragging(self, on: bool) -> None:
        self._set("dragging", bool(on))

    @property
    def speed(self) -> float:
        return self._speed

    @speed.setter
    def speed(self, steps_per_second: float) -> None:
        v = float(steps_per_second)
        if not (math.isfinite(v) and 0.5 <= v <= 2000):
            raise ValueError(f"speed must be in [0.5, 2000] steps per second, got {show(v)}")
        self._set("speed", v)

    # -- view settings ------------------------------------------------------------------
    @property
    def height_mode(self) -> str:
        return self._height_mode

    @height_mode.setter
    def height_mode(self, mode: str) -> None:
        if mode not in HEIGHT_MODES:
            raise ValueError(
                f"height_mode must be one of {', '.join(HEIGHT_MODES)}, got {show(mode)}"
            )
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
            raise ValueError(f"colormap must be one of {', '.join(COLORMAPS)}, got {show(name)}")
        self._set("colormap", name)

    @property
    def overlays(self) -> tuple[str, ...]:
        """The overlays shown at the current step, in :data:`OVERLAYS` order (drawing
        them computes nothing: the draw data holds every step's arrows)."""
        return self._overlays

    @overlays.setter
    def overlays(self, names: Any) -> None:
        chosen = parse_overlays(names) if names else frozenset()
        self._set("overlays", tuple(n for n in OVERLAYS if n in chosen))

    def set_overlay(self, name: str, on: bool) -> None:
        """Show or hide one overlay."""
        chosen = set(self._overlays) | {name} if on else set(self._overlays) - {name}
        self.overlays = chosen

    # -- result -------------------------------------------------------------------------
    @property
    def result(self) -> Any:
        """The last :class:`app.model.compute.Result` (None before the first computation);
        it may be of an earlier scene (:meth:`result_is_current`)."""
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
