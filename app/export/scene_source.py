"""Where an exported scene comes from: ``gradscape export``'s options or a file.

:func:`scene_from_args` turns the parsed options into a :class:`core.scene.Scene` (names in
the registries' spelling, hyperparameters typed by their specs, error messages in the
options' own terms); :func:`load_scene_file` reads a scene .json, a trajectory .json written
by the exporter, or the scene embedded in an exported PNG, GIF or MP4 (File → Open scene
uses it too).  No Qt.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gradscape.app.export.files import read_embedded_scene
from gradscape.app.model.choices import (
    MAX_RUNS,  # a picture holds as many runs as the window's race
)
from gradscape.app.model.sweep import sweep_runs
from gradscape.core._message import located
from gradscape.core._text import shorten, show


def _parse_value(text: str, spec: Any) -> Any:
    """A command-line string as the kind of value ``spec`` (a registry Param) wants."""
    kind = getattr(spec, "kind", float)
    if kind is bool:
        low = text.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"{spec.name} must be true or false, got {show(text)}")
    if kind is str:
        return text
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{spec.name} must be a number, got {show(text)}") from None
    if kind is int and math.isfinite(value) and value == int(value):
        return int(value)
    return value  # (a non-finite or fractional value is refused by the spec, naming it)


def _items(text: str) -> list[str]:
    """``text`` split at the commas outside parentheses: a schedule's arguments,
    ``eta=cosine(0.5,200)``, stay with their key."""
    items, depth, begin = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0:
            items.append(text[begin:i])
            begin = i + 1
    items.append(text[begin:])
    return items


def _schedule_value(text: str, spec: Any, owner: str) -> dict[str, Any]:
    """A schedule written ``name(arguments)`` (``cosine(0.5,200)``,
    ``step(base=0.5,step_size=50,gamma=0.5)``) as its plain form, for a real-valued
    hyperparameter; the text is read by :func:`core.schedules.parse_schedule`."""
    from gradscape.core.schedules import parse_schedule

    if getattr(spec, "kind", float) is not float:
        raise ValueError(
            f"{owner}: {spec.name} cannot follow a schedule, it takes a single value"
        )
    try:
        return parse_schedule(text).to_dict()
    except ValueError as e:
        raise ValueError(f"{owner}: {spec.name}: {e}") from None


def split_spec(text: str, what: str) -> tuple[str, dict[str, str]]:
    """``NAME[:K=V,...]`` -> (name, {k: v}); ValueError naming ``what`` otherwise."""
    name, _, rest = text.partition(":")
    name = name.strip()
    if not name:
        raise ValueError(f"{what} needs a name before ':', got {show(text)}")
    values: dict[str, str] = {}
    if rest.strip():
        for item in _items(rest):
            key, eq, val = item.partition("=")
            if not eq or not key.strip() or not val.strip():
                raise ValueError(
                    f"{what} {show(name)}: parameters are KEY=VALUE separated by commas, "
                    f"got {show(item)}"
                )
            if key.strip() in values:
                raise ValueError(f"{what} {show(name)}: {show(key.strip())} given twice")
            values[key.strip()] = val.strip()
    return name, values


def _typed(
    values: dict[str, str], specs: Sequence[Any], owner: str, schedules: bool = False
) -> dict[str, Any]:
    """The values typed by their specs; with ``schedules``, a value written
    ``name(arguments)`` is a schedule (errors name ``owner``)."""
    by_name = {s.name: s for s in specs}
    out: dict[str, Any] = {}
    for key, text in values.items():
        spec = by_name.get(key)
        if spec is None:
            # Leave the value as a number if it looks like one: the engine names the bad key.
            try:
                out[key] = float(text)
            except ValueError:
                out[key] = text
            continue
        if schedules and "(" in text:
            out[key] = _schedule_value(text, spec, owner)
        else:
            out[key] = _parse_value(text, spec)
    return out


def scene_from_args(args: argparse.Namespace) -> Any:
    """The :class:`core.scene.Scene` the options describe (validated by the engine)."""
    from gradscape.core.optimizers import OPTIMIZERS
    from gradscape.core.scene import Scene, SceneError
    from gradscape.core.surfaces import SURFACES

    surface_text = args.surface or "neuron"
    sname, _, formula = surface_text.partition(":")
    skey = SURFACES.key(sname.strip() or surface_text)  # ValueError listing the surfaces
    if "expression" in SURFACES[skey].structured_params:
        # NAME:FORMULA -- the whole rest is the formula (its commas and '=' are its own)
        if not formula.strip():
            raise ValueError(
                f"--surface {skey}: give the formula after the colon, e.g. "
                f"'{skey}:(1-w)**2+100*(b-w**2)**2'"
            )
        sparams: dict[str, Any] = {"expression": formula}
    else:
        sname, sraw = split_spec(surface_text, "--surface")
        sparams = _typed(sraw, SURFACES[skey].params, skey)
    if getattr(args, "domain", None) is not None:
        wmin, wmax, bmin, bmax = args.domain
        sparams["domain"] = [[wmin, wmax], [bmin, bmax]]
    if args.samples is not None:
        sparams["samples"] = [list(s) for s in args.samples]
    if args.grid is not None:
        sparams["resolution"] = args.grid

    specs = args.optimizer or ["adam"]
    runs: list[tuple[str, dict[str, Any]]] = []
    for text in specs:
        oname, oraw = split_spec(text, "--optimizer")
        okey = OPTIMIZERS.key(oname)  # ValueError listing the valid optimizers
        runs.append((okey, _typed(oraw, OPTIMIZERS[okey].params, f"--optimizer {okey}", True)))
    etas = args.eta or []
    if len(etas) > 1:
        if len(runs) > 1:
            raise ValueError(
                f"--eta with several values sweeps one optimizer, but {len(runs)} optimizers "
                "were given; repeat --optimizer NAME:eta=VALUE for a race instead"
            )
        key, hyper = runs[0]
        if "eta" in hyper:
            raise ValueError("--eta sweeps the learning rate: drop eta= from --optimizer")
        runs = sweep_runs(key, hyper, etas)  # the window's sweep dialog makes the same race
    elif len(etas) == 1:
        runs = [(k, {**h, "eta": h.get("eta", etas[0])}) for k, h in runs]
    if len(runs) > MAX_RUNS:
        raise ValueError(
            f"at most {MAX_RUNS} optimizers or eta values in one export, got {len(runs)}"
        )
    for key, hyper in runs:
        if "eta" in hyper and not any(p.name == "eta" for p in OPTIMIZERS[key].params):
            raise ValueError(f"{OPTIMIZERS[key].display_name} has no learning rate eta")

    kw: dict[str, Any] = {
        "surface": skey,
        "surface_params": sparams,
        "optimizers": runs,
        "steps": 200 if args.steps is None else args.steps,
        "seed": 0 if args.seed is None else args.seed,
    }
    if args.start is not None:
        kw["start"] = list(args.start)
    try:
        return Scene(**kw)
    except SceneError as exc:
        raise ValueError(_option_terms(str(exc), skey, [k for k, _ in runs])) from None


def _option_terms(message: str, surface: str, optimizers: list[str]) -> str:
    """The scene's field names in a message as the options that set them: a user of the
    command line typed --optimizer, not optimizers[1].hyper."""
    m = re.match(r"optimizers\[(\d+)\](?:\.hyper)?(?:\.(\w+))?: (.*)", message, re.S)
    if m and int(m[1]) < len(optimizers):
        field = f"{m[2]}: " if m[2] else ""
        return f"--optimizer {optimizers[int(m[1])]}: {field}{m[3]}"
    m = re.match(r"surface_params: (domain.*)", message, re.S)
    if m:
        return f"--domain: {m[1]}"
    m = re.match(r"surface_params: (.*)", message, re.S)
    if m:
        return f"--surface {surface}: {m[1]}"
    m = re.match(r"(start|steps|seed)(\[\d+\])?: (.*)", message, re.S)
    if m:
        return f"--{m[1]}: {m[3]}"
    return message


def load_scene_file(path: str) -> Any:
    """A Scene from a scene .json, a trajectory .json written by this tool, an image
    with an embedded scene (PNG, GIF), or a network's landscape .npz (``gradscape
    landscape``; :func:`core.scene.landscape_scene`).  SceneError/ValueError name the
    problem."""
    from gradscape.core.scene import (
        CANNOT_READ,
        HOLDS_NO_SCENE,
        NO_SUCH_FILE,
        Scene,
        SceneError,
        check_regular,
        file_error,
        landscape_scene,
        parse_json,
        read_scene_bytes,
    )

    p = Path(path)
    name = show(path)
    if not p.exists():
        raise file_error("--scene", NO_SUCH_FILE, name=name)  # (core's words: translatable)
    suffix = p.suffix.lower()
    if suffix == ".npz":
        check_regular(p, "--scene")
        try:
            return landscape_scene(p)
        except SceneError as exc:
            raise SceneError(located("--scene", exc)) from None  # (core's words kept)
    if suffix in (".png", ".gif", ".mp4"):
        check_regular(p, "--scene")  # (an exported video may be larger than a scene file)
        try:
            text = read_embedded_scene(p)
        except (OSError, ValueError) as exc:
            reason = shorten(str(exc))  # (the image library's own words)
            raise file_error("--scene", CANNOT_READ, name=name, reason=reason) from None
        if text is None:
            raise file_error("--scene", HOLDS_NO_SCENE, name=name)
        return Scene.from_json(text, p.resolve().parent)
    raw = read_scene_bytes(p, "--scene")  # the one reader: size limit, regular files only
    data = parse_json(raw)  # SceneError says where the JSON breaks
    if isinstance(data, dict) and "trajectories" in data and "scene" in data:
        return Scene.from_dict(data["scene"], p.resolve().parent)
    return Scene.from_dict(data, p.resolve().parent)
