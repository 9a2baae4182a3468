"""The window's choices and their rules, without Qt: the run colours and limits, a run as the
window shows it, the registries' parameters and defaults, and which scenes the window can show.

:class:`app.model.state.AppState` holds the user's choice; this module says what a valid
choice is, so that controls, views and exporters can ask without a state.  Everything comes
from the core registries (``OPTIMIZERS``, ``SURFACES``): no optimizer or surface is named here.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gradscape.app.model.words import QT_TRANSLATE_NOOP, interface_translator
from gradscape.core._message import Message, message_of
from gradscape.core._text import show
from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.optimizers._base import SCHEDULE_GIVES
from gradscape.core.scene import Scene
from gradscape.core.schedules import SCHEDULES, as_schedule, get_schedule
from gradscape.core.surfaces import SURFACES, get_surface

#: Colours given to the runs of a race, in order (readable on the light theme and on the
#: surface colormaps).
RUN_COLORS = (
    "#e6194b",
    "#15803d",
    "#c026d3",
    "#111111",
    "#0891b2",
    "#8b4513",
    "#ec4899",
    "#2563eb",
)

HEIGHT_MODES = ("linear", "log", "clip")
#: The height modes' words (context "HeightMode": translate them where shown).
HEIGHT_MODE_TEXT = {
    "linear": QT_TRANSLATE_NOOP("HeightMode", "Linear height"),
    "log": QT_TRANSLATE_NOOP("HeightMode", "Log height"),
    "clip": QT_TRANSLATE_NOOP("HeightMode", "Clipped height"),
}
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
    """One optimizer of the race as the window shows it: registry key, every
    hyperparameter (see :func:`scene_runs`), and its colour."""

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
        if is_scheduled(eta):
            return f"{name} η: {SCHEDULES[eta['schedule']].display_name}"
        return f"{name} η={eta:g}" if isinstance(eta, float | int) else name


#: The schedule the window holds as a plain number: a constant schedule gives the
#: identical trajectory, so choosing it writes the number (the scene stays a number's).
PLAIN_SCHEDULE = "constant"


def is_scheduled(value: Any) -> bool:
    """True for a hyperparameter held as a schedule's plain form ``{"schedule": ...}``."""
    return isinstance(value, dict) and "schedule" in value


def schedule_keys() -> tuple[str, ...]:
    """The schedules the window offers, in the registry's order, the plain number first."""
    plain = SCHEDULES.key(PLAIN_SCHEDULE)
    return (plain, *(k for k in SCHEDULES.names() if k != plain))


def schedule_scale(key: str) -> Any:
    """The Param of schedule ``key`` that sets its size (its first: base, peak or value):
    the η field edits it, the schedule form the others."""
    return SCHEDULES[key].params[0]


def schedule_form(key: str, value: float, steps: int) -> dict[str, Any]:
    """The plain form of schedule ``key`` as the window first offers it: its size the
    present ``value`` of the hyperparameter, its length parameters (torch's T_max and
    total_steps: the steps of one cycle) the scene's ``steps`` or, when a cycle that short
    has an empty phase (a one-cycle over 3 steps), the fewest steps that have none; the
    others their defaults."""
    cls = SCHEDULES[key]
    form: dict[str, Any] = {p.name: p.default for p in cls.params}
    form[schedule_scale(key).name] = float(value)
    length = next((name for name in ("T_max", "total_steps") if name in form), None)
    if length is None:
        return get_schedule(key, **form).to_dict()
    form[length] = max(int(steps), 1 if length == "T_max" else 2)
    for _ in range(_LONGEST_WIDENING):
        try:
            return get_schedule(key, **form).to_dict()
        except ValueError:
            form[length] += 1
    return get_schedule(key, **form).to_dict()  # (says why no length does)


#: how many steps :func:`schedule_form` lengthens a cycle too short for its phases, at most
#: (the defaults need at most 4 steps: a one-cycle rising over 30 %)
_LONGEST_WIDENING = 100


def check_hyper(spec: Any, value: Any) -> Any:
    """``value`` for the hyperparameter ``spec``: a number validated by the spec, or a
    schedule's plain form (real-valued hyperparameters only), completed and validated,
    its value at the first step within the spec's range.  ValueError names what is wrong."""
    if not is_scheduled(value):
        return spec.validate(value)
    if spec.kind is not float:
        raise ValueError(f"{spec.name} is {spec.kind.__name__}-valued and cannot follow a schedule")
    schedule = as_schedule(value)
    first = schedule(1)
    if not (spec.name == "eta" and first == 0):
        try:
            spec.validate(first)
        except ValueError as e:
            # (core's own sentence for it: the window says it in its language)
            shown = Message(SCHEDULE_GIVES, schedule=repr(schedule), t=1, error=message_of(e))
            raise ValueError(shown) from None
    return schedule.to_dict()


#: Surface parameters that only set drawing detail: the app's own grid (level of detail)
#: decides those, so the surface form does not show them.
DRAWING_PARAMS = ("resolution",)


def surface_param_specs(key: str) -> tuple:
    """The Param specs of surface ``key`` that the user sets (drawing detail excluded)."""
    return tuple(p for p in getattr(SURFACES[key], "params", ()) if p.name not in DRAWING_PARAMS)


def surface_menu_order(current: str | None = None) -> tuple[str, ...]:
    """Surface keys in the order the dropdown lists them: the default scene's surface first
    (the neuron, the app's subject), then the registry's order.  A surface built from a
    file (a network's landscape) is no blank choice: it is listed only when it is
    ``current`` (the one shown), last."""
    keys = tuple(k for k in SURFACES.names() if not SURFACES[k].from_file)
    first = SURFACES.key(DEFAULT_SURFACE) if DEFAULT_SURFACE in SURFACES else None
    order = ((first,) if first else ()) + tuple(k for k in keys if k != first)
    if current is not None and SURFACES.key(current) not in order:
        order += (SURFACES.key(current),)
    return order


@dataclass(frozen=True)
class RecordedRun:
    """A recorded path as the window shows it beside the runs: its name and colour (it
    ran no optimizer, so it has no hyperparameters)."""

    name: str
    color: str

    @property
    def label(self) -> str:
        return self.name


def recorded_colors(run_colors: Sequence[str], k: int) -> tuple[str, ...]:
    """Colours of ``k`` recorded paths: the run colours no run uses, in order (then
    round again)."""
    free = [c for c in RUN_COLORS if c not in run_colors] or list(RUN_COLORS)
    return tuple(free[i % len(free)] for i in range(k))


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
            f"samples must be a list of (x, y*) number pairs, got {show(samples)}"
        ) from None
    if not rows:
        raise ValueError("samples must hold at least one (x, y*) pair, got none")
    for x, y in rows:
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValueError(f"samples must be finite numbers, got ({show(x)}, {show(y)})")
    return rows


def run_params(cls: type) -> tuple[Any, ...]:
    """The hyperparameters a run of the window holds and its form shows: all but ``seed``.

    The seed of a stochastic rule (SantaE, SantaSSS) is the scene's seed, set in the
    start panel, as ``gradscape export --seed`` sets it.
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


def _run_hyper(key: str, hyper: dict[str, Any], seed: int | None) -> tuple[tuple[str, Any], ...]:
    """A run's hyperparameters as the window holds them: those its form edits, in the
    form's order, then the others the scene records.  A ``seed`` equal to the scene's is
    the one the scene handed down (the start panel sets it); only another one is the run's
    own and kept."""
    own = dict(hyper)
    if seed is not None and own.get("seed") == seed:
        del own["seed"]
    first = [p.name for p in run_params(OPTIMIZERS[key]) if p.name in own]
    return tuple((k, own[k]) for k in [*first, *(k for k in own if k not in first)])


def scene_runs(scene: Scene, colors: Sequence[str]) -> tuple[Run, ...]:
    """The runs of ``scene`` as the window shows them, the i-th drawn in ``colors[i]``.

    Each run holds what its form edits and what the scene recorded beyond it (SAM's base
    optimizer's hyperparameters, a run's own seed), but not the seed the scene hands down.
    """
    return tuple(
        Run(key, _run_hyper(key, hyper, scene.seed), color)
        for (key, hyper), color in zip(scene.optimizers, colors, strict=True)
    )


#: Why the window cannot show a scene (context "SceneCheck": the window's messages are
#: translated, the command line's stay English).
_ONLY_DATA = QT_TRANSLATE_NOOP("SceneCheck", "gradscape export writes such scenes as .csv or .json")
_BOUND = QT_TRANSLATE_NOOP(
    "SceneCheck", "this scene sets the divergence bound, which the window does not; {only_data}"
)
_STARTS = QT_TRANSLATE_NOOP(
    "SceneCheck", "this scene has several start points and the window shows one; {only_data}"
)
_DOMAIN = QT_TRANSLATE_NOOP(
    "SceneCheck",
    "this scene changes the surface's domain to {domain}; the window shows the default "
    "{default}; {only_data}",
)
_STEPS = QT_TRANSLATE_NOOP(
    "SceneCheck", "the window shows 1 to {most} steps, this scene has {steps}; {only_data}"
)
_RESOLUTION = QT_TRANSLATE_NOOP(
    "SceneCheck", "the surface mesh resolution must be in [10, 400] to be shown, got {value}"
)
_RUNS = QT_TRANSLATE_NOOP("SceneCheck", "the window shows at most {most} optimizers, got {count}")
_PATHS = QT_TRANSLATE_NOOP(
    "SceneCheck",
    "the window shows at most {most} paths, optimizers and recorded paths together; this scene "
    "has {optimizers} + {paths}",
)


def check_showable(scene: Scene) -> None:
    """Raise ValueError naming what of ``scene`` the window cannot show (and so neither
    the image exports): it shows one start point, the surface's default domain, full-batch
    or minibatch runs with the default divergence bound, at most MAX_RUNS optimizers.
    In the interface's language in the window, in English on the command line."""
    say = interface_translator()
    only_data = say("SceneCheck", _ONLY_DATA)
    if scene.bound is not None:
        raise ValueError(say("SceneCheck", _BOUND).format(only_data=only_data))
    if not (
        isinstance(scene.start, list)
        and len(scene.start) == 2
        and not isinstance(scene.start[0], list)
    ):
        raise ValueError(say("SceneCheck", _STARTS).format(only_data=only_data))
    fixed = {k: v for k, v in scene.surface_params.items() if k != "domain"}
    default = get_surface(scene.surface, **fixed).domain
    domain = tuple(tuple(r) for r in scene.surface_params.get("domain", default))
    # (a typed formula's domain is the user's own choice, made in its dialog)
    if not SURFACES[scene.surface].user_domain and domain != tuple(tuple(r) for r in default):
        raise ValueError(
            say("SceneCheck", _DOMAIN).format(domain=domain, default=default, only_data=only_data)
        )
    if not 1 <= scene.steps <= MAX_STEPS:
        raise ValueError(
            say("SceneCheck", _STEPS).format(most=MAX_STEPS, steps=scene.steps, only_data=only_data)
        )
    res = scene.surface_params.get("resolution", 100)
    if not 10 <= res <= 400:
        raise ValueError(say("SceneCheck", _RESOLUTION).format(value=res))
    if len(scene.optimizers) > MAX_RUNS:
        raise ValueError(
            say("SceneCheck", _RUNS).format(most=MAX_RUNS, count=len(scene.optimizers))
        )
    shown = len(scene.optimizers) + len(scene.paths)
    if shown > MAX_RUNS:
        raise ValueError(
            say("SceneCheck", _PATHS).format(
                most=MAX_RUNS, optimizers=len(scene.optimizers), paths=len(scene.paths)
            )
        )


_SEED = QT_TRANSLATE_NOOP("SceneCheck", "seed must be an integer in [0, 2**32 - 1], got {value}")


def check_seed(s: Any) -> int:
    """``s`` as a scene seed: an integer in [0, 2**32 - 1], else ValueError (in the
    interface's language in the window, as :func:`check_showable`)."""
    if isinstance(s, bool) or int(s) != s or not 0 <= s < 2**32:
        raise ValueError(interface_translator()("SceneCheck", _SEED).format(value=show(s)))
    return int(s)


def expression_surface() -> str | None:
    """The key of the surface the user types as a formula (the one whose parameters hold
    an ``expression``), or None."""
    return next(
        (k for k in SURFACES.names() if "expression" in SURFACES[k].structured_params), None
    )


def surface_scene(
    key: str,
    optimizers: Sequence[str],
    grid: int,
    params: dict[str, Any] | None = None,
    **fields: Any,
) -> Scene:
    """A scene of surface ``key`` as the window first shows it: default parameters and
    samples (``params`` given override them: a typed formula and its domain), each
    optimizer at the surface's demo hyperparameters, the recommended start; the mesh at
    ``grid`` points per axis."""
    given = dict(params or {})
    params = {p.name: p.default for p in surface_param_specs(key)}
    samples = surface_default_samples(key)
    if samples is not None:
        params["samples"] = [list(s) for s in samples]
    params.update(given)
    surf = get_surface(key, **params)
    return Scene(
        surface=key,
        surface_params={**params, "resolution": grid},
        # Surfaces differ in scale by orders of magnitude: each run starts from the
        # surface's demo hyperparameters, and the start from its recommended point.
        optimizers=[(o, optimizer_defaults(o, surf)) for o in optimizers],
        start=[float(v) for v in surf.start],
        **fields,
    )
