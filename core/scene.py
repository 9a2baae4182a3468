"""Scenes: everything that defines a run, saved as JSON and loaded back into the same run.

A scene holds the surface and every one of its parameters (the neuron's data samples
included), each optimizer with every hyperparameter, the start point(s), the number of
steps, the seed and the stochastic-mode options.  ``Scene.run()`` gives the trajectories;
a scene saved and loaded again gives identical arrays.

Loading validates every field.  A malformed or hand-edited file raises :class:`SceneError`
(a ValueError) whose message names the field and the problem — never another exception,
and never a half-built scene.  Saving is atomic (a temporary file in the target folder,
then ``os.replace``).
"""

from __future__ import annotations

import copy
import json
import math
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from gradscape.core._message import TEMPLATES, Message, located, message_of, template
from gradscape.core._text import BODY_LIMIT, one_line, shorten, show
from gradscape.core.atomic import write_text
from gradscape.core.optimizers import OPTIMIZERS, get_opt
from gradscape.core.scene_paths import (
    MISSING,
    MUST_BE_FINITE_NUMBER,
    MUST_BE_OBJECT,
    UNKNOWN_FIELD_NAMED,
    check_paths,
    recorded_trajectory,
)
from gradscape.core.schedules import FunctionSchedule, Schedule, as_schedule, is_schedule
from gradscape.core.surfaces import SURFACES, Surface, get_surface
from gradscape.core.trajectory import MAX_RECORDS, Trajectory, race

__all__ = ["FORMAT", "VERSION", "Scene", "SceneError", "landscape_scene", "load"]

FORMAT = "gradscape-scene"
#: What scene files were marked with before the rename (still read).
OLD_FORMATS = ("losscape-scene",)
VERSION = 1

_FIELDS = (
    "format",
    "version",
    "title",
    "surface",
    "surface_params",
    "optimizers",
    "start",
    "steps",
    "seed",
    "batch_size",
    "bound",
    "paths",
    "view",
)

#: The keys of a scene's camera (``view.camera``): the 3D view's spherical coordinates
#: around its centre, in degrees and scene units.
CAMERA_KEYS = ("azimuth", "elevation", "distance", "center")

# What is wrong with a field, said after the field's name ("steps: …"; registered templates:
# a window says them in its language, the field's name and the values as they are).
# The file's own problems are at the end of this module, the recorded paths' in
# core.scene_paths (MUST_BE_OBJECT, MUST_BE_FINITE_NUMBER, UNKNOWN_FIELD_NAMED, MISSING).
MUST_BE = template("must be {expected}, got {value}")
MUST_BE_STRING = template("must be a string, got {value}")
AT_MOST = template("at most {most}, got {count}")
HUGE_INT = template("the integer of {bits} bits is too large for a number")
NOT_SCHEDULABLE = template("{name} is {kind}-valued and cannot follow a schedule")
START_PAIR = template("must be a pair [w, b], got {value}")
START_NUMBERS = template("must hold two finite numbers, got {value}")
START_POINTS = template("must be [w, b] or a list of [w, b] points, got {value}")
START_AT_MOST = template("at most {most} start points, got {count}")
ELEVATION = template("must be in [-90, 90] degrees, got {value}")
DISTANCE = template("must be in (0, 1e6], got {value}")
SURFACE_NAME = template("must be a surface name, got {value}")
SURFACE_PARAMS = template("must be an object of parameters, got {value}")
STEPS = template("must be an integer in [{low}, {high}], got {value}")
SEED = template("must be an integer >= 0 or null, got {value}")
NO_SAMPLES = template("{surface} has no data samples; use null")
BATCH_SIZE = template("must be an integer in [1, {count}] or null, got {value}")
BOUND = template("must be a finite number > 0 or null, got {value}")
OPTIMIZER_LIST = template("must be a non-empty list of optimizers, got {value}")
TOO_MANY_RECORDS = template(
    "{steps} steps × {runs} trajectories = {records} records, more than the {most} a run "
    "can hold; use fewer steps, start points or optimizers"
)
OPTIMIZER_NAME = template("must be an optimizer name, got {value}")
FUNCTION_UNSAVED = template(
    "{function} is a Python function of t, which a scene cannot save; use a schedule "
    "(core.schedules.SCHEDULES), e.g. {example}"
)
READS_VERSION = template("gradscape reads version {version}, got {value}")

#: Most start points and optimizers in a scene, and its most steps.
MAX_STARTS = 10_000
MAX_OPTIMIZERS = 100
MAX_STEPS = 1_000_000


class SceneError(ValueError):
    """A scene field is missing, malformed or out of range; the message names the field.

    The message is one line of at most :data:`core._text.BODY_LIMIT` characters,
    whatever it joins (a command line prints it after its own prefix, a window in a box).
    """

    def __init__(self, message: str) -> None:
        # (a Message keeps its template and values, for the window to say it in its language)
        if isinstance(message, Message):
            super().__init__(message.bounded(BODY_LIMIT))
        else:
            super().__init__(one_line(str(message), BODY_LIMIT))


def _is_int(v: Any) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def _plain(v: Any) -> Any:
    """numpy scalars and tuples as JSON-ready Python values."""
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    return v


def _reject_huge_ints(value: Any, where: str) -> None:
    """SceneError for an integer too large for a float anywhere inside ``value``.

    JSON allows integer literals of any length and ``json.loads`` makes them Python ints,
    which every numeric check converts with ``float()`` -- an OverflowError, not a message
    naming the field.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            float(value)
        except OverflowError:
            raise _error(where, HUGE_INT, bits=value.bit_length()) from None
    elif isinstance(value, dict):
        for k, v in value.items():
            _reject_huge_ints(v, f"{where}.{k}")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _reject_huge_ints(v, f"{where}[{i}]")


def _schedule_field(where: str, cls: Any, key: str, value: Any) -> Any:
    """A scheduled hyperparameter checked on its own, so the message names its field:
    the plain form ``{"schedule": name, **parameters}`` (a schedule of
    :data:`core.schedules.SCHEDULES`), a Schedule, or a Python function of t (kept for
    running, refused when saved).  Any other value passes through unchanged."""
    if isinstance(value, (bool, int, float, str, np.generic)) or not is_schedule(value):
        return value
    specs = {p.name: p for p in cls.params}
    spec = specs.get(cls.aliases.get(key, key))
    if spec is None:
        return value  # an unknown keyword: the optimizer names it with the valid ones
    if spec.kind is not float:
        raise _error(where, NOT_SCHEDULABLE, name=spec.name, kind=spec.kind.__name__)
    try:
        return as_schedule(value)
    except (ValueError, TypeError) as e:
        raise SceneError(located(where, e)) from None


def _scheduled_form(value: Any) -> Any:
    """What the scene holds for a hyperparameter: a schedule as its plain form
    ``{"schedule": name, **parameters}`` (JSON as it is), a Python function as its
    :class:`core.schedules.FunctionSchedule`, a number as itself."""
    if isinstance(value, FunctionSchedule):
        return value
    if isinstance(value, Schedule):
        return _plain(value.to_dict())
    return value


def _check_start(start: Any) -> list[float] | list[list[float]]:
    def point(p: Any, where: str) -> list[float]:
        if not isinstance(p, (list, tuple, np.ndarray)) or len(p) != 2:
            raise _error(where, START_PAIR, value=show(p))
        out = []
        for v in p:
            if not _is_num(v) or not math.isfinite(float(v)):
                raise _error(where, START_NUMBERS, value=show(p))
            out.append(float(v))
        return out

    if isinstance(start, np.ndarray):
        start = start.tolist()
    if not isinstance(start, (list, tuple)) or len(start) == 0:
        raise _error("start", START_POINTS, value=show(start))
    if all(_is_num(v) for v in start):
        return point(start, "start")
    if len(start) > MAX_STARTS:
        raise _error("start", START_AT_MOST, most=MAX_STARTS, count=len(start))
    return [point(p, f"start[{i}]") for i, p in enumerate(start)]


def _finite(v: Any, where: str) -> float:
    if not _is_num(v) or not math.isfinite(float(v)):
        raise _error(where, MUST_BE_FINITE_NUMBER, value=show(v))
    return float(v)


def _check_view(view: Any) -> dict[str, Any]:
    """The view settings a scene carries for pictures of it: ``{"camera": {"azimuth",
    "elevation", "distance", "center": [x, y, z]}}`` (the 3D view's camera; all optional
    as a whole, complete when given).  They change no computation."""
    if view is None:
        return {}
    if not isinstance(view, dict):
        raise _error("view", MUST_BE_OBJECT, value=show(view))
    unknown = [k for k in view if k != "camera"]
    if unknown:
        raise _error(f"view.{shorten(str(unknown[0]))}", UNKNOWN_FIELD, valid="camera")
    if "camera" not in view:
        return {}
    cam = view["camera"]
    if not isinstance(cam, dict):
        raise _error("view.camera", MUST_BE_OBJECT, value=show(cam))
    unknown = [k for k in cam if k not in CAMERA_KEYS]
    if unknown:
        valid = ", ".join(CAMERA_KEYS)
        raise _error(f"view.camera.{shorten(str(unknown[0]))}", UNKNOWN_FIELD, valid=valid)
    for key in CAMERA_KEYS:
        if key not in cam:
            raise _error(f"view.camera.{key}", MISSING)
    azimuth = _finite(cam["azimuth"], "view.camera.azimuth")
    elevation = _finite(cam["elevation"], "view.camera.elevation")
    if not -90.0 <= elevation <= 90.0:
        raise _error("view.camera.elevation", ELEVATION, value=f"{elevation:g}")
    distance = _finite(cam["distance"], "view.camera.distance")
    if not 0.0 < distance <= 1e6:
        raise _error("view.camera.distance", DISTANCE, value=f"{distance:g}")
    center = cam["center"]
    if not isinstance(center, (list, tuple)) or len(center) != 3:
        raise _error("view.camera.center", MUST_BE, expected="[x, y, z]", value=show(center))
    point = [_finite(v, f"view.camera.center[{i}]") for i, v in enumerate(center)]
    camera = {"azimuth": azimuth, "elevation": elevation, "distance": distance, "center": point}
    return {"camera": camera}


@dataclass
class Scene:
    """A complete, reproducible run.

    Parameters
    ----------
    surface : str
        Surface name (any spelling :func:`core.surfaces.get_surface` accepts).
    surface_params : dict
        The surface's parameters (``samples``, ``act``, ``loss``, ``domain``,
        ``resolution``, ...); missing ones take their defaults.
    optimizers : list of (name, hyper)
        One or more optimizers; missing hyperparameters take the surface's demo values and
        then the optimizer's defaults.  (``{"name": ..., "hyper": ...}`` dicts work too.)
        A real-valued hyperparameter may follow a schedule (:mod:`core.schedules`), given
        as its plain form ``{"schedule": "cosine", "base": 0.5, "T_max": 200}`` or as a
        Schedule; the scene holds the plain form with every parameter.  A Python function
        of t runs but cannot be saved (:meth:`to_dict` refuses it).
    start : [w, b] or list of [w, b]
        Start point(s).
    steps : int
        Steps per trajectory.
    seed : int or None
        Seeds minibatches and stochastic optimizers.
    batch_size : int or None
        Stochastic mode on surfaces with data samples (None: full batch).
    bound : float or None
        Divergence bound in domain spans (None: the engine's default).
    title : str
        Free text shown in exports.
    paths : list of dict
        Recorded paths played back beside the runs (a network's training path projected
        onto a landscape plane): ``{"name", "points", "loss", "true_loss"}`` each, see
        :mod:`core.scene_paths`.  Saved only when there are some.
    view : dict
        How pictures of the scene look, not what is computed: ``{"camera": {"azimuth",
        "elevation", "distance", "center"}}``, the 3D view's camera an export used, so that
        the scene opened or exported again shows the same picture.  Saved only when set.

    After construction every field is validated and completed: names become registry
    keys, and ``surface_params`` and each optimizer's hyperparameters list every value the
    run uses, so the saved file documents the whole run.
    """

    surface: str = "neuron"
    surface_params: dict[str, Any] = field(default_factory=dict)
    optimizers: list[tuple[str, dict[str, Any]]] = field(default_factory=lambda: [("adam", {})])
    start: Any = None
    steps: int = 200
    seed: int | None = 0
    batch_size: int | None = None
    bound: float | None = None
    title: str = ""
    paths: list[dict[str, Any]] = field(default_factory=list)
    view: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Validate into locals first, assign at the end: a failing scene changes nothing.
        for name in (
            "surface_params",
            "optimizers",
            "start",
            "steps",
            "seed",
            "batch_size",
            "bound",
            "paths",
            "view",
        ):
            _reject_huge_ints(getattr(self, name), name)
        if not isinstance(self.surface, str):
            raise _error("surface", SURFACE_NAME, value=show(self.surface))
        if self.surface not in SURFACES:
            raise SceneError(located("surface", SURFACES.unknown(self.surface)))
        key = SURFACES.key(self.surface)
        if not isinstance(self.surface_params, dict):
            raise _error("surface_params", SURFACE_PARAMS, value=show(self.surface_params))
        try:
            surf = get_surface(key, **self.surface_params)
        except (ValueError, TypeError) as e:
            raise SceneError(located("surface_params", e)) from None
        params = _plain(surf.to_dict()["params"])

        if not _is_int(self.steps) or not 0 <= self.steps <= MAX_STEPS:
            raise _error("steps", STEPS, low=0, high=MAX_STEPS, value=show(self.steps))
        if self.seed is not None and (not _is_int(self.seed) or self.seed < 0):
            raise _error("seed", SEED, value=show(self.seed))
        if self.batch_size is not None:
            samples = getattr(surf, "samples", None)
            if samples is None:
                # (the surface's name is one of core's words, said in the reader's language)
                raise _error("batch_size", NO_SAMPLES, surface=Message(surf.display_name))
            if not _is_int(self.batch_size) or not 1 <= self.batch_size <= len(samples):
                raise _error(
                    "batch_size", BATCH_SIZE, count=len(samples), value=show(self.batch_size)
                )
        if self.bound is not None and (
            not _is_num(self.bound) or not (math.isfinite(float(self.bound)) and self.bound > 0)
        ):
            raise _error("bound", BOUND, value=show(self.bound))
        if not isinstance(self.title, str):
            raise _error("title", MUST_BE_STRING, value=show(self.title))
        start = surf.start if self.start is None else self.start
        start = _check_start(start)
        try:
            paths = check_paths(self.paths)
        except ValueError as e:
            raise SceneError(message_of(e)) from None
        view = _check_view(self.view)

        if not isinstance(self.optimizers, (list, tuple)) or not self.optimizers:
            raise _error("optimizers", OPTIMIZER_LIST, value=show(self.optimizers))
        if len(self.optimizers) > MAX_OPTIMIZERS:
            raise _error("optimizers", AT_MOST, most=MAX_OPTIMIZERS, count=len(self.optimizers))
        opts = [self._optimizer(i, spec, surf) for i, spec in enumerate(self.optimizers)]
        # the engine records every step of every trajectory and refuses more than
        # MAX_RECORDS: a scene it could never run is refused here, naming the field
        n_traj = len(opts) * (len(start) if isinstance(start[0], list) else 1)
        if self.steps * n_traj > MAX_RECORDS:
            raise _error(
                "steps", TOO_MANY_RECORDS, steps=self.steps, runs=n_traj,
                records=self.steps * n_traj, most=MAX_RECORDS,
            )  # fmt: skip

        self.surface = key
        self.surface_params = params
        self.start = start
        self.optimizers = opts
        self.steps = int(self.steps)
        self.seed = None if self.seed is None else int(self.seed)
        self.batch_size = None if self.batch_size is None else int(self.batch_size)
        self.bound = None if self.bound is None else float(self.bound)
        self.paths = paths
        self.view = view

    def moved(self, start: Any) -> Scene:
        """This scene from another single start point, ``[w, b]``: equal to
        ``dataclasses.replace(self, start=start)``, but only the start is checked (the rest
        was, when this scene was made), so that a dragged start point costs no validation
        of the optimizers and the surface at every move.  A scene of several start points
        goes through ``replace``."""
        if start is None:  # (the surface's own start)
            return replace(self, start=start)
        _reject_huge_ints(start, "start")
        checked = _check_start(start)
        if isinstance(checked[0], list) or isinstance(self.start[0], list):
            return replace(self, start=start)
        scene = copy.copy(self)
        scene.start = checked
        return scene

    def _optimizer(self, i: int, spec: Any, surf: Surface) -> tuple[str, dict[str, Any]]:
        where = f"optimizers[{i}]"
        if isinstance(spec, dict):
            unknown = set(spec) - {"name", "hyper"}
            if unknown:
                first = show(sorted(unknown)[0])
                raise _error(where, UNKNOWN_FIELD_NAMED, name=first, valid="name, hyper")
            name, hyper = spec.get("name"), spec.get("hyper", {})
        elif isinstance(spec, (list, tuple)) and len(spec) == 2:
            name, hyper = spec
        elif isinstance(spec, str):
            name, hyper = spec, {}
        else:
            shape = '{"name": ..., "hyper": {...}}'
            raise _error(where, MUST_BE, expected=shape, value=show(spec))
        if not isinstance(name, str):
            raise _error(f"{where}.name", OPTIMIZER_NAME, value=show(name))
        if name not in OPTIMIZERS:
            raise SceneError(located(f"{where}.name", OPTIMIZERS.unknown(name)))
        if not isinstance(hyper, dict):
            raise _error(f"{where}.hyper", MUST_BE_OBJECT, value=show(hyper))
        key = OPTIMIZERS.key(name)
        cls = OPTIMIZERS[key]
        hyper = {k: _schedule_field(f"{where}.hyper.{k}", cls, k, v) for k, v in hyper.items()}
        full = surf.demo_hyper(key)
        full.update(hyper)
        if self.seed is not None and "seed" not in hyper and cls.takes_seed(full):
            full["seed"] = int(self.seed)
        try:
            opt = get_opt(key, **full)
        except (ValueError, TypeError) as e:
            raise SceneError(located(f"{where}.hyper", e)) from None
        return key, {k: _scheduled_form(v) for k, v in _plain(dict(opt.hyper)).items()}

    # -- running ------------------------------------------------------------------------
    def surface_object(self) -> Surface:
        """The scene's surface."""
        return get_surface(self.surface, **self.surface_params)

    def run(self, progress: Callable[[int, int], object] | None = None) -> list[Trajectory]:
        """All trajectories: for each optimizer in order, one per start point.

        ``progress`` as in :func:`core.trajectory.race` (an exception it raises stops).
        """
        surf = self.surface_object()
        return race(
            surf,
            [(k, dict(h)) for k, h in self.optimizers],
            self.start,
            self.steps,
            seed=self.seed,
            batch_size=self.batch_size,
            bound=self.bound,
            progress=progress,
        )

    def recorded(self, surface: Surface | None = None) -> list[Trajectory]:
        """The recorded paths as trajectories on the scene's surface (``surface``: that
        surface when the caller has it already), see
        :func:`core.scene_paths.recorded_trajectory`."""
        if not self.paths:
            return []
        surf = self.surface_object() if surface is None else surface
        return [recorded_trajectory(surf, p) for p in self.paths]

    # -- JSON ---------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The scene as JSON-ready data; SceneError when a hyperparameter is a Python
        function of t (a function cannot be saved: use a schedule of core.schedules)."""
        for i, (_, hyper) in enumerate(self.optimizers):
            for k, v in hyper.items():
                if isinstance(v, FunctionSchedule):
                    example = '{"schedule": "cosine", "base": 0.5, "T_max": 200}'
                    raise _error(
                        f"optimizers[{i}].hyper.{k}", FUNCTION_UNSAVED, function=repr(v),
                        example=example,
                    )  # fmt: skip
        return {
            "format": FORMAT,
            "version": VERSION,
            "title": self.title,
            "surface": self.surface,
            "surface_params": self.surface_params,
            "optimizers": [{"name": k, "hyper": h} for k, h in self.optimizers],
            "start": self.start,
            "steps": self.steps,
            "seed": self.seed,
            "batch_size": self.batch_size,
            "bound": self.bound,
            **({"paths": self.paths} if self.paths else {}),
            **({"view": self.view} if self.view else {}),
        }

    def to_json(self) -> str:
        """The scene as JSON text (floats written exactly)."""
        return json.dumps(self.to_dict(), indent=1, allow_nan=False, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, data: Any, base: str | os.PathLike | None = None) -> Scene:
        """Validate a parsed scene; raise :class:`SceneError` naming the bad field.

        ``base``: the folder of the file the scene was read from.  A landscape surface whose
        file is no longer at its recorded path is looked for there under the same name (a
        scene and its landscape moved together still open; the sha256 still has to match).
        """
        if not isinstance(data, dict):
            raise _error("scene", NOT_OBJECT, kind=type(data).__name__)
        if base is not None:
            data = _relocated(data, base)
        unknown = [k for k in data if k not in _FIELDS]
        if unknown:
            raise _error(shorten(str(unknown[0])), UNKNOWN_FIELD, valid=", ".join(_FIELDS))
        if data.get("format", FORMAT) not in (FORMAT, *OLD_FORMATS):
            raise _error("format", MUST_BE, expected=show(FORMAT), value=show(data.get("format")))
        version = data.get("version", VERSION)
        if not _is_int(version) or version != VERSION:
            raise _error("version", READS_VERSION, version=VERSION, value=show(version))
        for required in ("surface", "optimizers", "steps"):
            if required not in data:
                raise _error(required, MISSING)
        kw = {k: data[k] for k in _FIELDS[2:] if k in data}
        if "surface_params" in kw and kw["surface_params"] is None:
            kw["surface_params"] = {}
        return cls(**kw)

    @classmethod
    def from_json(cls, text: str | bytes, base: str | os.PathLike | None = None) -> Scene:
        """Parse and validate JSON text; raise :class:`SceneError` on any problem
        (``base`` as in :meth:`from_dict`)."""
        return cls.from_dict(parse_json(text), base)

    def save(self, path: str | os.PathLike) -> None:
        """Write the scene as JSON, atomically (temp file in the folder + os.replace)."""
        write_text(path, self.to_json())

    @classmethod
    def load(cls, path: str | os.PathLike) -> Scene:
        """Read and validate a scene file; SceneError names the field or the I/O problem."""
        return load(path)


def landscape_scene(source: Any, **fields: Any) -> Scene:
    """A scene showing a network's loss landscape: the "landscape" surface of the file
    ``source`` (a path of a saved :class:`core.landscape.Landscape`, or a Landscape with
    its ``path`` where it was saved) with its projected training path as a recorded path.
    See :func:`core.scene_landscape.landscape_scene` for the details and ``fields``."""
    from gradscape.core.scene_landscape import landscape_scene as make

    return make(source, **fields)


#: Largest scene file read: a scene is a few kilobytes; ten megabytes is not a scene.
MAX_SCENE_BYTES = 10_000_000

# A file that cannot be a scene, and text that is no scene (registered templates: a window
# says them in its language; the reader's name for the file, "scene" or "--scene", in front)
CANNOT_READ = template("cannot read {name}: {reason}")
TOO_LARGE = template("{name} is larger than {limit} MB")
NOT_A_FILE = template("{name} is {kind}, not a scene file")
_FOLDER = template("a folder")
_FIFO = template("a FIFO")
_DEVICE = template("a device")
_IRREGULAR = template("not a regular file")
NOT_UTF8 = template("not UTF-8 text ({reason} at byte {byte})")
NOT_TEXT = template("expected JSON text, got {kind}")
NOT_JSON_AT = template("not valid JSON (line {line}, column {column}: {error})")
NOT_JSON = template("not valid JSON ({error})")
TOO_DEEP = template("JSON nested too deeply")
NOT_OBJECT = template("must be a JSON object, got {kind}")
UNKNOWN_FIELD = template("unknown field; valid: {valid}")
NO_SUCH_FILE = template("no such file {name}")
HOLDS_NO_SCENE = template("{name} holds no gradscape scene")


def _not_regular(mode: int) -> str | None:
    """What a file of ``mode`` is when it is not a regular file, else None."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return Message(_FOLDER)
    if stat.S_ISFIFO(mode):
        return Message(_FIFO)
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Message(_DEVICE)
    return Message(_IRREGULAR)


def _error(where: str, problem: str, **values: Any) -> SceneError:
    """``"<where>: <problem>"``, a field's or the file's problem: ``problem`` a registered
    template (a TypeError otherwise: every refusal is translatable), ``values`` its fields,
    the words kept for translation."""
    if problem not in TEMPLATES:
        raise TypeError(f"not a registered template: {problem!r}")
    return SceneError(located(where, Message(problem, **values)))


def file_error(what: str, problem: str, **values: Any) -> SceneError:
    """The SceneError ``"<what>: <problem>"`` of a reader of scene files (``what``: its name
    for the file, "scene" or "--scene"), ``problem`` one of this module's templates."""
    return _error(what, problem, **values)


def check_regular(path: str | os.PathLike, what: str = "scene") -> None:
    """SceneError unless ``path`` is a regular file (a FIFO, device or folder is refused at
    once: reading one would wait for a writer, or never end)."""
    name = show(os.fspath(path))
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        raise _error(what, CANNOT_READ, name=name, reason=e.strerror) from None
    kind = _not_regular(mode)
    if kind is not None:
        raise _error(what, NOT_A_FILE, name=name, kind=kind)


def read_scene_bytes(
    path: str | os.PathLike, what: str = "scene", limit: int = MAX_SCENE_BYTES
) -> bytes:
    """The bytes of the scene file at ``path``: a regular file of at most ``limit`` bytes.

    The one reader of scene files (:func:`load`, ``gradscape export --scene``, File → Open):
    SceneError names the file (shortened) and the problem, at once for a FIFO, a device or
    a folder, before reading anything of a file over the limit.
    """
    name = show(os.fspath(path))
    try:
        # non-blocking: opening a FIFO for reading would otherwise wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise _error(what, CANNOT_READ, name=name, reason=e.strerror) from None
    st = os.fstat(fd)
    kind = _not_regular(st.st_mode)
    if kind is None and st.st_size > limit:
        os.close(fd)
        raise _error(what, TOO_LARGE, name=name, limit=limit // 1_000_000)
    if kind is not None:
        os.close(fd)
        raise _error(what, NOT_A_FILE, name=name, kind=kind)
    os.set_blocking(fd, True)
    with os.fdopen(fd, "rb") as fh:
        try:
            raw = fh.read(limit + 1)
        except OSError as e:
            raise _error(what, CANNOT_READ, name=name, reason=e.strerror) from None
    if len(raw) > limit:  # grew while being read
        raise _error(what, TOO_LARGE, name=name, limit=limit // 1_000_000)
    return raw


def load(path: str | os.PathLike) -> Scene:
    """Read and validate the scene file at ``path`` (see :meth:`Scene.from_json`)."""
    return Scene.from_json(read_scene_bytes(path), os.path.dirname(os.path.abspath(path)))


def _relocated(data: dict[str, Any], base: str | os.PathLike) -> dict[str, Any]:
    """``data`` with a missing landscape file replaced by the same name in ``base``."""
    params = data.get("surface_params")
    if data.get("surface") != "landscape" or not isinstance(params, dict):
        return data
    file = params.get("file")
    if not isinstance(file, str) or not file or os.path.exists(file):
        return data
    beside = os.path.join(os.fspath(base), os.path.basename(file))
    if not os.path.isfile(beside):
        return data
    return {**data, "surface_params": {**params, "file": beside}}


def parse_json(text: str | bytes) -> Any:
    """JSON text (or UTF-8 bytes) as Python data; :class:`SceneError` says what is wrong."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise _error("scene", NOT_UTF8, reason=e.reason, byte=e.start) from None
    if not isinstance(text, str):
        raise _error("scene", NOT_TEXT, kind=type(text).__name__)
    # NaN and Infinity parse (Python's json accepts them) and are then rejected by the
    # field that holds them, so the message can name the field.
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise _error("scene", NOT_JSON_AT, line=e.lineno, column=e.colno, error=e.msg) from None
    except RecursionError:
        raise _error("scene", TOO_DEEP) from None
    except ValueError as e:
        # an integer literal beyond Python's digit limit for int() (4300 by default)
        raise _error("scene", NOT_JSON, error=e) from None
