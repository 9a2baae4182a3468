"""Views by name: what the export renderer and the windows build for a kind of view."""

from __future__ import annotations

from PyQt6.QtWidgets import QWidget

from gradscape.app.model.state import AppState

#: The single views, by the names the export CLI and dialog use.
VIEW_KINDS = ("3d", "contour", "loss")


def make_view(kind: str, state: AppState) -> QWidget:
    """A new view of ``kind`` (one of :data:`VIEW_KINDS`) drawing ``state``."""
    if kind == "3d":
        from gradscape.app.views.surface3d import SurfaceView3D

        return SurfaceView3D(state)
    if kind == "contour":
        from gradscape.app.views.plots import ContourView

        return ContourView(state)
    if kind == "loss":
        from gradscape.app.views.plots import LossCurveView

        return LossCurveView(state)
    raise ValueError(f"view must be one of {', '.join(VIEW_KINDS)}, got {kind!r}")
