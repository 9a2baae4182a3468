"""The scene of a network's loss landscape: the "landscape" surface of a saved
:class:`core.landscape.Landscape` file, its projected training path played back as a
recorded path, and the optimizer that trained it running on the plane beside it."""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np

from gradscape.core._message import located
from gradscape.core._text import show
from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.scene import Scene, SceneError
from gradscape.core.surfaces import get_surface

#: The mesh resolution a landscape scene opens with (the window's default detail).
RESOLUTION = 100


def _spec(land: Any) -> dict[str, Any]:
    """What the landscape was computed from (its meta's ``spec``), or {} when unknown."""
    meta = getattr(land, "meta", None)
    if isinstance(meta, str):
        try:
            meta = json.loads(meta)
        except ValueError:
            return {}
    spec = meta.get("spec") if isinstance(meta, dict) else None
    return spec if isinstance(spec, dict) else {}


def _trained_with(meta: dict[str, Any]) -> str:
    """The registry key of the optimizer that trained the network, else Adam's."""
    name = meta.get("optimizer")
    if isinstance(name, str):
        name = name.partition(":")[0]
        if name in OPTIMIZERS:
            return OPTIMIZERS.key(name)
    return OPTIMIZERS.key("adam")


def _path_name(name: Any, params: Any) -> str:
    """ "training (Adam η=0.001)": the rule that made a path, as the legend names it."""
    key = _trained_with({"optimizer": name})
    label = OPTIMIZERS[key].display_name
    eta = params.get("eta") if isinstance(params, dict) else None
    if isinstance(eta, (int, float)) and not isinstance(eta, bool):
        label += f" η={eta:g}"
    return f"training ({label})"


def landscape_scene(source: Any, *, file: str | os.PathLike | None = None, **fields: Any) -> Scene:
    """A scene opening a landscape file.

    Parameters
    ----------
    source : str, os.PathLike or core.landscape.Landscape
        The .npz of a saved landscape, or a Landscape, which is saved to ``file`` first
        (the scene refers to the file, by path and sha256).
    file : path, optional
        Where to save ``source`` when it is a Landscape (required then).
    **fields
        Scene fields that replace the defaults (``optimizers``, ``steps``, ``title``...).

    The scene: surface "landscape" (file and sha256), the mesh at 100 points per axis; the
    projected training path as a recorded path (its plane losses, and the true losses of
    the checkpoints for the honesty meter); the optimizer that trained the network (from
    the file's spec, else Adam) at the surface's demo η, from the path's start, for as many
    steps as the path has.  SceneError names what is wrong.
    """
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
    else:
        if not hasattr(source, "save") or not hasattr(source, "loss_grid"):
            raise SceneError(
                f"landscape: must be a landscape file or a Landscape, got {show(source)}"
            )
        if file is None:
            raise SceneError("landscape: a Landscape must be saved first: give file=")
        source.save(file)
        path = os.fspath(file)
    path = os.path.abspath(path)
    try:
        surf = get_surface("landscape", file=path)
    except ValueError as e:
        raise SceneError(located("surface_params", e)) from None
    from gradscape.core.landscape import Landscape

    land = Landscape.load(path)  # read and validated by the surface just now
    meta = _spec(land)
    points = np.asarray(land.path, dtype=np.float64).reshape(-1, 2)
    paths: list[dict[str, Any]] = []
    rules = [(meta.get("optimizer"), meta.get("opt_params"))]
    rules += [tuple(pair) for pair in meta.get("compare", []) if isinstance(pair, list)]
    if len(points):
        paths.append(
            {
                "name": _path_name(*rules[0]),
                "points": points.tolist(),
                "loss": np.asarray(land.plane_path_loss, dtype=np.float64).tolist(),
                "true_loss": np.asarray(land.path_loss, dtype=np.float64).tolist(),
            }
        )
    others = land.other_path_list()
    for i, other in enumerate(others):
        rule = rules[i + 1] if i + 1 < len(rules) else (other["name"], None)
        paths.append(
            {
                "name": _path_name(*rule),
                "points": np.asarray(other["points"], dtype=np.float64).tolist(),
                "loss": np.asarray(other["plane_loss"], dtype=np.float64).tolist(),
                "true_loss": np.asarray(other["loss"], dtype=np.float64).tolist(),
            }
        )
    longest = max([len(points)] + [len(o["points"]) for o in others])
    sizes = "-".join(str(int(v)) for v in np.asarray(land.sizes).reshape(-1))
    title = f"loss landscape of {meta.get('data', 'a network')} {sizes}, {land.directions} plane"
    kw: dict[str, Any] = {
        "surface": "landscape",
        "surface_params": {
            "file": path,
            "sha256": getattr(surf, "sha256", None),
            "resolution": RESOLUTION,
        },
        "optimizers": [(_trained_with(meta), {})],
        "start": list(surf.start),
        "steps": max(1, longest - 1),
        "seed": 0,
        "title": title,
        "paths": paths,
    }
    kw.update(fields)
    return Scene(**kw)
