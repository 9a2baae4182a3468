"""The 3D view's camera, and how a scene records it (no Qt).

The view (:class:`app.views.scene3d.Scene3D`) holds its camera as pyqtgraph does: distance,
elevation and azimuth around a centre ``(cx, cy, cz)``.  A scene records the camera an export
used in its view settings (:class:`core.scene.Scene`, ``view.camera``: azimuth, elevation,
distance and ``center`` as ``[x, y, z]``), so that the scene opened in the window, or exported
again, shows the same picture.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from gradscape.app.model.arrays import HEIGHT
from gradscape.core.scene import Scene

#: The camera the 3D view starts with (and View → Reset camera goes back to).
DEFAULT_CAMERA = {"distance": 4.0, "elevation": 28.0, "azimuth": -58.0}
#: The point the camera looks at: above the middle of the plane, a fifth of the box's height.
CAMERA_CENTER = (0.0, 0.0, HEIGHT * 0.22)


def _short(v: float) -> float:
    """``v`` to the 7 significant digits the view holds it with (Qt's vectors are float32:
    the centre's 0.198 comes back as 0.1979999989…, written as 0.198)."""
    return float(f"{float(v):.7g}")


def scene_camera(cam: Mapping[str, float]) -> dict[str, Any]:
    """The view's camera (``Scene3D.camera()``) as a scene records it."""
    return {
        "azimuth": _short(cam["azimuth"]),
        "elevation": _short(cam["elevation"]),
        "distance": _short(cam["distance"]),
        "center": [_short(cam["cx"]), _short(cam["cy"]), _short(cam["cz"])],
    }


def view_camera(scene: Scene) -> dict[str, float] | None:
    """The camera ``scene`` records, as the view takes it (``Scene3D.set_camera``); None
    when the scene records none."""
    cam = scene.view.get("camera")
    if not cam:
        return None
    cx, cy, cz = cam["center"]
    return {
        "azimuth": cam["azimuth"],
        "elevation": cam["elevation"],
        "distance": cam["distance"],
        "cx": cx,
        "cy": cy,
        "cz": cz,
    }


def with_camera(scene: Scene, cam: Mapping[str, float]) -> Scene:
    """``scene`` recording the view's camera ``cam`` (the rest of the scene unchanged)."""
    return replace(scene, view={**scene.view, "camera": scene_camera(cam)})


def camera_at(azimuth: float, elevation: float, distance: float) -> dict[str, float]:
    """A camera looking at the usual centre from the given angles (degrees) and distance."""
    cx, cy, cz = CAMERA_CENTER
    return {"azimuth": azimuth, "elevation": elevation, "distance": distance,
            "cx": cx, "cy": cy, "cz": cz}  # fmt: skip
