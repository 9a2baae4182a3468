"""Render a state's scene frame by frame for export, off screen of the user's window.

:class:`FrameRenderer` builds its own views (the window's classes: :class:`SurfaceView3D`,
:class:`ContourView`, :class:`LossCurveView`, or a whole :class:`MainWindow`) for a state at
a fixed pixel size, hidden (``WA_DontShowOnScreen``), and returns RGB arrays for any step.
The CLI and the window's export dialog both render through it, so the same scene gives the
same pixels from either.

It needs a QApplication on a platform that can draw what is asked: ``xcb`` (a display or
Xvfb) for anything 3D, ``offscreen`` is enough for the 2D views (see :mod:`app.export.display`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PyQt6.QtCore import QCoreApplication, QEventLoop, QPointF, Qt
from PyQt6.QtGui import QGuiApplication, QImage, QVector3D
from PyQt6.QtWidgets import QApplication, QWidget

from gradscape.app.export.capture import grab, image_to_array
from gradscape.app.model.compute import ComputeController
from gradscape.app.model.state import AppState
from gradscape.app.views.factory import make_view

#: Views an export can show: "both" is the 3D view and the contour map side by side.
VIEWS = ("3d", "contour", "both", "loss", "window")
#: Views that need OpenGL (a real X server).
#: Makes the whole window drawing a state (the "window" view).
WindowFactory = Callable[[AppState], QWidget]

GL_VIEWS = ("3d", "both", "window")
MIN_SIZE, MAX_SIZE = 64, 8192


def needs_gl(view: str) -> bool:
    """True when ``view`` draws the 3D view (needs xcb + an X server, not ``offscreen``)."""
    check_view(view)
    return view in GL_VIEWS


def check_view(view: str) -> str:
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, got {view!r}")
    return view


def check_size(size: Any) -> tuple[int, int]:
    """(w, h) as ints in [64, 8192], or ValueError naming the value."""
    try:
        w, h = (int(v) for v in size)
    except (TypeError, ValueError):
        raise ValueError(f"size must be a (width, height) pair, got {size!r}") from None
    if not (MIN_SIZE <= w <= MAX_SIZE and MIN_SIZE <= h <= MAX_SIZE):
        raise ValueError(
            f"size must be between {MIN_SIZE}x{MIN_SIZE} and {MAX_SIZE}x{MAX_SIZE}, got {w}x{h}"
        )
    return w, h


def _process_events() -> None:
    for _ in range(2):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


class FrameRenderer:
    """Hidden views of ``state`` at ``size`` pixels that render any step as an RGB array.

    Parameters
    ----------
    state : AppState
        The scene and view settings.  The renderer sets its ``step``; pass a copy
        (:meth:`AppState.copy`) to leave a window's state alone.  Its result is computed
        here when missing or stale.
    view : str
        One of :data:`VIEWS`.
    size : (int, int)
        Width and height of every frame in pixels (any size, not the screen's).
    camera : dict, optional
        The 3D camera (``SurfaceView3D.camera()``); default: the one the scene records
        (``view.camera``), else the view's reset camera.
    legend : bool
        Add a legend to the contour map (the 3D view always draws its own).
    layout : dict, optional
        "window" view only: splitter name -> ``QSplitter.saveState()`` of the user's window,
        so the exported window is arranged like the one on screen.
    window_factory : callable, optional
        "window" view only: makes the whole window for a state
        (:meth:`app.windows.main_window.MainWindow.offscreen`).  Export never imports the
        windows; the app's entry points hand the factory down.

    Raises
    ------
    ValueError
        Bad view or size, or a scene the engine rejects (the engine's message).
    RuntimeError
        No QApplication, or 3D asked on a platform that cannot draw OpenGL widgets.
    """

    def __init__(
        self,
        state: AppState,
        view: str = "3d",
        size: tuple[int, int] = (800, 600),
        *,
        camera: dict[str, float] | None = None,
        legend: bool = True,
        layout: dict[str, Any] | None = None,
        window_factory: WindowFactory | None = None,
    ) -> None:
        self.view = check_view(view)
        self.window_factory = window_factory
        self.size = check_size(size)
        if QApplication.instance() is None:
            raise RuntimeError("FrameRenderer needs a QApplication")
        platform = QGuiApplication.platformName()
        if needs_gl(view) and platform in ("offscreen", "minimal"):
            raise RuntimeError(
                f"the {view} view needs OpenGL, which Qt's {platform!r} platform cannot draw: "
                "run under a display or Xvfb with QT_QPA_PLATFORM=xcb"
            )
        self.state = state
        self.window: Any = None
        self.compute: ComputeController | None = None
        self.parts: list[tuple[str, QWidget, int]] = []  # (kind, widget, x offset)
        try:
            self._build(state, view, camera, legend, layout)
        except BaseException:
            self.close()  # no hidden window left behind (its display may go away next)
            raise

    def _build(
        self,
        state: AppState,
        view: str,
        camera: dict[str, float] | None,
        legend: bool,
        layout: dict[str, Any] | None,
    ) -> None:
        w, h = self.size
        if view == "window":
            if self.window_factory is None:
                raise ValueError(
                    "the whole-window view needs the app's window (gradscape export and the "
                    "window's export dialog provide it)"
                )
            self.window = self.window_factory(state)
            self.compute = self.window.compute
            self.parts.append(("window", self.window, 0))
            self._widths = [w]
        else:
            self.compute = ComputeController(state, synchronous=True)
            kinds = {"both": ["3d", "contour"]}.get(view, [view])
            # "both": the 3D view gets the odd pixel, so both halves fill the frame exactly.
            self._widths = [w - w // 2, w // 2] if len(kinds) == 2 else [w]
            x = 0
            for kind, width in zip(kinds, self._widths, strict=True):
                self.parts.append((kind, make_view(kind, state), x))
                x += width
        if not state.result_is_current():
            self.compute.request()
        if self.compute.error:
            raise ValueError(self.compute.error)
        if state.result is None:
            raise ValueError("the scene could not be computed")
        if camera is None:  # the camera the scene records, if any
            from gradscape.app.model.camera import view_camera

            camera = view_camera(state.scene)
        if camera is not None:
            for kind, widget, _ in self.parts:
                if kind == "3d":
                    widget.set_camera(camera)
                elif kind == "window":
                    widget.view3d.set_camera(camera)
        if self.window is not None and layout:
            for name, data in layout.items():
                splitter = getattr(self.window, name, None)
                if splitter is not None and hasattr(splitter, "restoreState"):
                    splitter.restoreState(data)
        if legend:
            self._add_contour_legend()
        for (_kind, widget, _x), width in zip(self.parts, self._widths, strict=True):
            widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            dpr = widget.devicePixelRatioF() or 1.0
            want = (max(1, round(width / dpr)), max(1, round(h / dpr)))
            widget.resize(*want)
            widget.show()
            if dpr > 1.0 and (widget.width(), widget.height()) != want:
                # drawn larger than asked, then squeezed into the frame: refuse instead
                least = widget.minimumSizeHint().expandedTo(widget.minimumSize())
                raise ValueError(
                    f"the {_kind} view cannot be drawn at {want[0]}x{want[1]} (the frame "
                    f"divided by the scale {dpr:g}); it needs at least "
                    f"{least.width()}x{least.height()}: a larger size or a smaller scale"
                )
        _process_events()

    def _add_contour_legend(self) -> None:
        """Name every run on the contour map too: a race or a sweep must say which is which."""
        for kind, widget, _ in self.parts:
            if kind == "contour" and self.state.result is not None:
                # placed where it covers no path, start, end or minimum
                widget.show_legend(True)

    # -- rendering ----------------------------------------------------------------------
    def render(self, step: int) -> np.ndarray:
        """The frame at ``step`` (clamped to the scene's steps) as (h, w, 3) uint8 RGB."""
        self.state.step = int(step)
        # The views update their items synchronously on the step signal and a grab renders
        # synchronously: running the event loop here would only paint every frame twice
        # (3x slower).  The whole window is the exception: its labels may re-layout.
        if self.window is not None:
            _process_events()
        w, h = self.size
        out = []
        for (_kind, widget, _x), width in zip(self.parts, self._widths, strict=True):
            img = grab(widget)
            if (img.width(), img.height()) != (width, h):
                # A HiDPI screen's rounding: scale to exactly the asked size.
                img = img.scaled(
                    width, h, Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                ).convertToFormat(QImage.Format.Format_RGB888)  # fmt: skip
            out.append(image_to_array(img))
        return out[0] if len(out) == 1 else np.concatenate(out, axis=1)

    __call__ = render

    def project(self, w: float, b: float, part: str | None = None) -> tuple[float, float]:
        """Frame pixel (x, y) where the point (w, b) of the plane is drawn.

        For the contour map, through its plot's view box; for the 3D view, (w, b) at the
        surface's loss, through the camera's projection.  ``part`` picks "3d" or "contour"
        in the "both" view.
        """
        for (kind, widget, x0), width in zip(self.parts, self._widths, strict=True):
            if part is not None and kind != part:
                continue
            # widget (logical) pixels -> frame pixels
            sx, sy = width / widget.width(), self.size[1] / widget.height()
            if kind == "contour":
                vb = widget.getPlotItem().getViewBox()
                p = widget.mapFromScene(vb.mapViewToScene(QPointF(w, b)))
                return (x0 + p.x() * sx, p.y() * sy)
            if kind == "3d":
                surf = self.state.result.surface
                with np.errstate(all="ignore"):
                    loss = float(np.asarray(surf.loss(np.array([w]), np.array([b])))[0])
                pos = widget.data_to_display(w, b, loss)
                rect = widget.rect()
                from pyqtgraph.Qt import QtGui

                ndc = QtGui.QMatrix4x4()
                ndc.viewport(0, rect.height(), rect.width(), -rect.height())
                mvp = (
                    widget.projectionMatrix(
                        (0, 0, rect.width(), rect.height()), (0, 0, rect.width(), rect.height())
                    )
                    * widget.viewMatrix()
                )
                p = (ndc * mvp).map(QVector3D(float(pos[0]), float(pos[1]), float(pos[2])))
                return (x0 + p.x() * sx, p.y() * sy)
        raise ValueError(f"the {self.view} view has no {part or 'projectable'} part")

    def close(self) -> None:
        """Delete the hidden views (the state stays as it is)."""
        for _kind, widget, _x in self.parts:
            widget.close()
            widget.deleteLater()
        if self.window is not None:
            self.window.compute.shutdown()
        elif self.compute is not None:
            self.compute.shutdown()
            self.compute.deleteLater()
        self.parts = []
        _process_events()

    def __enter__(self) -> FrameRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
