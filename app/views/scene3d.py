"""The 3D scene: the loss surface coloured by height, axes with ticks, trajectories, markers.

Items are created once (a pool sized for the largest race) and updated with ``setData`` from
the draw data the compute worker prepared (:mod:`app.model.draw`); the animation only moves
an index into those arrays.  :class:`Scene3D` is mixed into the two GL surfaces of
:mod:`app.views.surface3d`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from PyQt6.QtCore import QSize, Qt
from PyQt6.QtGui import QColor, QImage, QMatrix4x4, QVector3D
from PyQt6.QtOpenGL import QOpenGLFramebufferObject, QOpenGLPaintDevice

from gradscape.app.model.arrays import HEIGHT, Box, PathLOD, fading_colors
from gradscape.app.model.camera import CAMERA_CENTER, DEFAULT_CAMERA
from gradscape.app.model.choices import MAX_RUNS
from gradscape.app.model.compute import live_drag
from gradscape.app.model.draw import LIFT
from gradscape.app.model.state import AppState
from gradscape.app.model.words import core_message
from gradscape.app.runtime import translate
from gradscape.app.views.gl_items import (
    ALIGN,
    AXIS_COLOR,
    BACKGROUND,
    LIT,
    ON_TOP,
    CaptionItem,
    LineBatch,
    LineSet,
    OverlayItem,
    PathBatch,
    PathItem,
    rgba,
)
from gradscape.app.views.opengl import GL, gl
from gradscape.app.views.overlays import SceneOverlays

TAIL = 12  # points in the fading tail
GHOST_ALPHA = 0.4  # opacity of the path where the surface hides it
#: pyqtgraph's field of view is horizontal: a wide, short view would crop the surface's
#: top and bottom, so the horizontal angle widens until the vertical one reaches this.
MIN_FOV = {"horizontal": 45.0, "vertical": 36.0}
FIT_MARGIN = 12.0  # logical pixels kept free at the left edge and before the colour bar
#: A press this close to the start point's marker (in pixels) grabs it for a drag.
GRAB_RADIUS = 12.0


@dataclass
class _RunArrays:
    pos: np.ndarray  # (n+1, 3) display coordinates of the path
    color: tuple[float, float, float, float]
    label: str
    diverged: bool
    fade: np.ndarray  # (TAIL + 1, 4) tail colours, transparent to opaque
    lod: PathLOD  # the drawn line, decimated for very long runs


class Scene3D:
    """Everything the 3D view draws and how it reacts to the state.

    Mixed into two GL surfaces: :class:`SurfaceView3D` (a QOpenGLWidget: renders into
    its own framebuffer object, so it captures at any size, even hidden — exports use
    it) and :class:`SurfaceWindow3D` (a QOpenGLWindow embedded in the main window: it
    swaps its own buffer, so a frame does not make Qt recompose the whole window through
    OpenGL — under a software renderer that doubles the playback frame rate).
    """

    def _init_scene(self, state: AppState) -> None:
        self.state = state
        self.setBackgroundColor(BACKGROUND)
        self.box: Box | None = None
        self._runs: list[_RunArrays] = []
        self._legend_key: tuple | None = None  # what the legend's place was chosen for
        self._grid_xy: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._mesh = None  # the surface mesh shown
        self._static_shown: tuple | None = None  # what the cached layer was drawn with
        self._press = None
        self._grabbed = False  # the start point is being dragged
        #: frames drawn, and when the first one that showed a surface was (perf_counter)
        self.frames = 0
        self.first_frame_at: float | None = None

        # GL line widths and point sizes are device pixels: scaled like the text (a hi-dpi
        # screen, or an export rendered with QT_SCALE_FACTOR)
        k = max(1.0, float(self.devicePixelRatioF()))
        self.surface = gl.GLSurfacePlotItem(shader=LIT, smooth=True, glOptions="opaque")
        self.surface.setVisible(False)  # an empty mesh cannot compute its normals
        self.addItem(self.surface)
        self.axes = gl.GLLinePlotItem(
            mode="lines", color=AXIS_COLOR, width=1.0 * k, glOptions="translucent", antialias=True
        )
        self.addItem(self.axes)
        self.start_marker = gl.GLScatterPlotItem(size=9 * k, pxMode=True, glOptions=ON_TOP)
        self.addItem(self.start_marker)
        self.lines, self.ghosts = [], []
        for _ in range(MAX_RUNS):
            # A faint copy of the path drawn over everything, under the depth-tested line:
            # where the mesh hides the path (behind a ridge, or in a valley narrower than
            # the grid, as log height shows the neuron's), it still shows through.
            ghost = PathItem(width=1.5 * k)
            line = PathItem(width=2.0 * k)
            for item in (ghost, line):
                item.setVisible(False)
            self.ghosts.append(ghost)
            self.lines.append(line)
        # Every run's ghost, line, tail and marker: one item of the view each (a race's
        # frame then sets the GL state four times, not 4 × 8 times).
        self.ghost_batch = PathBatch(self.ghosts, glOptions=ON_TOP)
        self.line_batch = PathBatch(self.lines, glOptions="translucent")
        # the last TAIL moves of every shown run, as segments fading towards the past
        self.tail_item = LineSet(5.0 * k)
        # the arrows and step ellipses at the current step (hidden while off)
        self.step_overlays = SceneOverlays(k)
        self.step_overlays.set_shown(state.overlays)
        # the tails, then every overlay kind over them: one item of the view
        self.tail_batch = LineBatch(
            [self.tail_item, *self.step_overlays.items.values()], glOptions=ON_TOP
        )
        self.marker_item = gl.GLScatterPlotItem(size=13 * k, pxMode=True, glOptions=ON_TOP)
        for item in (self.ghost_batch, self.line_batch, self.tail_batch, self.marker_item):
            self.addItem(item)
        #: each run's current point, and whether its marker is drawn
        self._markers: list[np.ndarray] = []
        self._marked: list[bool] = [False] * MAX_RUNS
        self.overlay = OverlayItem()
        self.addItem(self.overlay)
        self.caption = CaptionItem(self.overlay)
        self.addItem(self.caption)
        # Static layer cache: see _paint_cached.
        # (the start point is dynamic: a drag moves it at every frame over a cached surface)
        self._static = [self.surface, self.axes, self.overlay]
        self._dynamic = [
            self.start_marker,
            self.ghost_batch,
            self.line_batch,
            self.tail_batch,
            self.marker_item,
            self.caption,
        ]
        self._cache_fbo = None
        self._depth_texture = 0  # the static layer's depth, for the paths' own test
        self._cache_key = None
        self._last_key = None
        self._key_changes = 0
        self._static_version = 0
        self.static_fills = 0  # times the static layer was drawn into its cache
        self._paint_device = None
        self.reset_camera()

        state.resultChanged.connect(self._on_result)
        # the legend's place, kept during a drag, is chosen again for where the hand stopped
        state.draggingChanged.connect(lambda on: None if on else self.update())
        # methods, not lambdas: PyQt drops them with the view (a lambda would be called on
        # a deleted view)
        state.drawChanged.connect(self._on_draw)
        state.hiddenRunsChanged.connect(self._on_draw)
        state.stepChanged.connect(self._on_step)
        state.startChanged.connect(self._on_start)
        state.currentRunChanged.connect(self._show_current_step)
        state.overlaysChanged.connect(self._on_overlays)
        state.walk.changed.connect(self._on_walk)
        if state.result is not None:
            self._on_result(state.result)

    def _on_walk(self) -> None:
        """The step-by-step mode's sub-step: its one arrow (or the overlays again)."""
        self.step_overlays.set_focus(self.state.walk.focus())
        self.step_overlays.show_step(self.state.step)  # (hides the arrow turned off)
        self._on_step(self.state.step)

    def _on_overlays(self, shown: tuple) -> None:
        self.step_overlays.set_shown(shown)
        self.step_overlays.show_step(self.state.step)  # (hides what was turned off)
        self._on_step(self.state.step)

    #: Draw the static layer (surface, axes, labels, colour bar, legend, start) once per
    #: camera/result into a framebuffer object and per frame only blit it and draw the
    #: moving things: playback then costs a copy plus a few lines, not the whole mesh.
    cache_static = True

    def paint_target(self):
        """The paint device QPainter must use now (the cache's while filling it)."""
        return self._paint_device if self._paint_device is not None else self

    def invalidate_static(self) -> None:
        self._static_version += 1
        self.update()

    def _camera_key(self) -> tuple:
        c = self.opts["center"]
        o = self.opts
        return (
            c.x(),
            c.y(),
            c.z(),
            o["distance"],
            o["elevation"],
            o["azimuth"],
            o["fov"],
            tuple(o["bgcolor"]) if hasattr(o["bgcolor"], "__iter__") else o["bgcolor"],
        )

    def _draw(self, items: list, clear: bool) -> None:
        region = self.getViewport()
        saved, self.items = self.items, items
        try:
            if clear:
                self.paint(region=region, viewport=region)
            else:
                self.setProjection(region, region)
                self.setModelview()
                self.drawItemTree()
        finally:
            self.items = saved

    def _paint_cached(self) -> bool:
        """Draw through the static cache; False if this context cannot (then draw all)."""
        dpr = self.devicePixelRatioF()
        size = QSize(int(self.width() * dpr), int(self.height() * dpr))
        if size.width() < 1 or size.height() < 1 or self.context().format().samples() > 1:
            return False
        target = self.defaultFramebufferObject()
        key = (size.width(), size.height(), self._camera_key(), self._static_version)
        self._key_changes = self._key_changes + 1 if key != self._last_key else 0
        self._last_key = key
        if self._key_changes >= 2:
            # The camera (or size) changed in consecutive frames: it is being dragged.
            # Refilling the cache every frame would cost more than drawing directly, so
            # draw directly until it rests.
            self._cache_key = None
            return False
        if self._cache_fbo is None or self._cache_fbo.size() != size:
            self._cache_fbo = QOpenGLFramebufferObject(
                size, QOpenGLFramebufferObject.Attachment.CombinedDepthStencil
            )
            self._cache_key = None
        fbo = self._cache_fbo
        if key != self._cache_key:
            fbo.bind()
            GL.glViewport(0, 0, size.width(), size.height())
            self._paint_device = QOpenGLPaintDevice(size)
            self._paint_device.setDevicePixelRatio(dpr)
            try:
                self._draw(self._static, clear=True)
            finally:
                self._paint_device = None
            self._copy_depth(fbo, size)
            self._cache_key = key
            self.static_fills += 1
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, fbo.handle())
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, target)
        w, h = size.width(), size.height()
        # Colour only: the one depth-tested moving thing, the paths, read the static
        # layer's depth from a texture (a depth blit costs as much as the colour's).
        GL.glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL.GL_COLOR_BUFFER_BIT, GL.GL_NEAREST)
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, target)
        GL.glViewport(0, 0, w, h)
        for line in self.lines:
            line.depth = (self._depth_texture, w, h)
        try:
            self._draw(self._dynamic, clear=False)
        finally:
            for line in self.lines:
                line.depth = None
        return True

    def _copy_depth(self, fbo, size: QSize) -> None:
        """Copy the static layer's depth (in ``fbo``) into the paths' depth texture."""
        if not self._depth_texture:
            self._depth_texture = int(GL.glGenTextures(1))
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, fbo.handle())
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glBindTexture(GL.GL_TEXTURE_2D, self._depth_texture)
        for param in (GL.GL_TEXTURE_MIN_FILTER, GL.GL_TEXTURE_MAG_FILTER):
            GL.glTexParameteri(GL.GL_TEXTURE_2D, param, GL.GL_NEAREST)
        for param in (GL.GL_TEXTURE_WRAP_S, GL.GL_TEXTURE_WRAP_T):
            GL.glTexParameteri(GL.GL_TEXTURE_2D, param, GL.GL_CLAMP_TO_EDGE)
        GL.glCopyTexImage2D(
            GL.GL_TEXTURE_2D, 0, GL.GL_DEPTH_COMPONENT24, 0, 0, size.width(), size.height(), 0
        )
        GL.glBindTexture(GL.GL_TEXTURE_2D, 0)

    def _place_legend(self) -> None:
        """Put the legend top left, or top right (left of the colour bar) when fewer of the
        drawn paths' points fall under it there: a race's start points sit on the left in
        the default camera, where a long legend would hide them."""
        overlay = self.overlay
        lw, lh = overlay.legend_size()
        key = (self._camera_key(), id(self.state.result), self.width(), self.height(), lw, lh)
        if key == self._legend_key:
            return
        old = self._legend_key
        if self.state.dragging and old is not None and old[:1] + old[2:] == key[:1] + key[2:]:
            return  # a drag's new race: the legend stays put until the hand stops
        self._legend_key = key
        left = (10.0, 10.0)
        right = (self.width() - overlay.reserved_width() - lw - 10.0, 10.0)
        overlay.legend_origin = left
        if not self._runs or right[0] < lw + 20.0:  # no room for a second place
            return
        # the paths, ≤ 1000 points each, and each start point counted as 20
        pts = [ra.pos[:: max(1, len(ra.pos) // 1000)] for ra in self._runs]
        pts += [np.repeat(ra.pos[:1], 20, axis=0) for ra in self._runs]
        xyz = np.concatenate(pts).astype(np.float64)
        m = np.array(self._mvp().data(), dtype=np.float64).reshape(4, 4).T  # column-major
        clip = np.c_[xyz, np.ones(len(xyz))] @ m.T
        with np.errstate(all="ignore"):
            px = (clip[:, 0] / clip[:, 3] + 1.0) * 0.5 * self.width()
            py = (1.0 - clip[:, 1] / clip[:, 3]) * 0.5 * self.height()

        def under(x0: float, y0: float) -> int:
            return int(
                np.count_nonzero((px >= x0) & (px <= x0 + lw) & (py >= y0) & (py <= y0 + lh))
            )

        if under(*right) < under(*left):
            overlay.legend_origin = right

    def paintGL(self) -> None:
        self._place_legend()
        if not (self.cache_static and self._paint_cached()):
            super().paintGL()
        self.frames += 1
        self.frameDrawn.emit()
        if self.first_frame_at is None and self.box is not None:
            self.first_frame_at = time.perf_counter()
            self.firstFrame.emit(self.first_frame_at)

    # -- camera -------------------------------------------------------------------------
    def reset_camera(self) -> None:
        self.setCameraPosition(
            pos=QVector3D(*CAMERA_CENTER),
            distance=DEFAULT_CAMERA["distance"],
            elevation=DEFAULT_CAMERA["elevation"],
            azimuth=DEFAULT_CAMERA["azimuth"],
        )
        self._fit_fov()
        self.update()

    def _fit_fov(self) -> None:
        w, h = max(self.width(), 1), max(self.height(), 1)
        v = np.radians(MIN_FOV["vertical"])
        need = np.degrees(2 * np.arctan(np.tan(v / 2) * w / h))
        self.opts["fov"] = float(max(MIN_FOV["horizontal"], need))

    def projectionMatrix(self, region, viewport):
        """The camera's projection, fitted into the part of the view left of the colour bar.

        The perspective projection of the whole viewport is scaled by s = 1 − (colour bar
        strip + two margins)/(view width) in x and y (the aspect ratio stays) and moved so
        that it spans the view from one margin to the strip less the other: the picture
        keeps clear of the bar and of the left edge at any size.  A ``region`` smaller
        than the viewport (tiled rendering) gets the matching part of that picture.
        """
        full = super().projectionMatrix(viewport, viewport)
        x0, y0, w, h = viewport
        overlay = getattr(self, "overlay", None)  # (None while the scene is being built)
        strip = overlay.reserved_width() if overlay is not None else 0.0
        width = max(self.width(), 1)
        s = max(1.0 - (strip + 2 * FIT_MARGIN) / width, 0.5)
        fit = QMatrix4x4()
        # x = −1 (the left edge) lands FIT_MARGIN pixels in, x = 1 as far left of the strip
        fit.translate(s - 1.0 + 2 * FIT_MARGIN / width, 0.0, 0.0)
        fit.scale(s, s, 1.0)
        m = fit * full
        if tuple(region) != tuple(viewport):
            rx, ry, rw, rh = region
            sub = QMatrix4x4()  # normalised coordinates of the viewport -> of the region
            sub.translate((2.0 * (x0 - rx) + w) / rw - 1.0, (2.0 * (y0 - ry) + h) / rh - 1.0, 0.0)
            sub.scale(w / rw, h / rh, 1.0)
            m = sub * m
        return m

    def resizeGL(self, w: int, h: int) -> None:
        self._fit_fov()
        super().resizeGL(w, h)
        # A native GL window is repainted on resize only when the platform sends it an
        # expose event, which X11 (and compositors) may not do for a window that shrinks
        # or is maximised: ask for the frame at the new size ourselves.
        self.update()

    def render_image(self) -> QImage:
        """A fresh frame at the view's present size, rendered into a framebuffer object.

        What the swap chain holds after a swap is undefined (a resized window's back
        buffer is black or the last frame at the old size), so a capture must never read
        it: it draws the scene again here, the same items in the same order as a frame."""
        dpr = self.devicePixelRatioF()
        size = QSize(max(1, int(self.width() * dpr)), max(1, int(self.height() * dpr)))
        self.makeCurrent()
        fbo = QOpenGLFramebufferObject(
            size, QOpenGLFramebufferObject.Attachment.CombinedDepthStencil
        )
        fbo.bind()
        GL.glViewport(0, 0, size.width(), size.height())
        self._paint_device = QOpenGLPaintDevice(size)
        self._paint_device.setDevicePixelRatio(dpr)
        try:
            self._place_legend()
            self._draw(list(self.items), clear=True)
            image = fbo.toImage()
        finally:
            self._paint_device = None
            fbo.release()
            self.doneCurrent()
        image.setDevicePixelRatio(dpr)
        return image

    def camera(self) -> dict[str, float]:
        c = self.opts["center"]
        return {
            "distance": float(self.opts["distance"]),
            "elevation": float(self.opts["elevation"]),
            "azimuth": float(self.opts["azimuth"]),
            "cx": c.x(),
            "cy": c.y(),
            "cz": c.z(),
        }

    def set_camera(self, cam: dict[str, float]) -> None:
        self.setCameraPosition(
            pos=QVector3D(cam["cx"], cam["cy"], cam["cz"]),
            distance=cam["distance"],
            elevation=cam["elevation"],
            azimuth=cam["azimuth"],
        )
        self.update()

    # -- result -------------------------------------------------------------------------
    def _on_result(self, result) -> None:
        """Show the draw data the result carries (prepared in the compute worker)."""
        draw = None if result is None else result.draw
        if draw is None:
            return  # the controller prepares it and hands it over with drawChanged
        self.box = draw.box
        mesh = draw.mesh
        if mesh is not self._mesh:  # (a drag of the start keeps the surface: not sent again)
            self._mesh = mesh
            self.surface.setData(x=mesh.x, y=mesh.y, z=mesh.z, colors=mesh.colors)
            # Hand the mesh its normals (pinned pyqtgraph 0.14 keeps them in _vertexNormals
            # and would otherwise compute them in a slow per-vertex loop at the next paint).
            self.surface._meshdata._vertexNormals = mesh.normals
        self.surface.setVisible(True)
        self._grid_xy = (mesh.x, mesh.y, mesh.z)
        axes = draw.axes
        self.axes.setData(pos=axes.segments, color=AXIS_COLOR)
        # the bold labels are words (the draw data's, context "DrawData"), the others numbers
        self.overlay.labels = [
            (lb.pos, translate("DrawData", lb.text) if lb.bold else lb.text, ALIGN[lb.align],
             lb.bold)
            for lb in axes.labels
        ]  # fmt: skip
        title = translate("DrawData", axes.colorbar_title)
        self.overlay.colorbar = (axes.colorbar, axes.colorbar_ticks, title)
        badge = getattr(result, "badge", None) or ""
        self.overlay.badge = core_message(badge) if badge else ""
        self._runs = []
        runs = zip(result.runs, result.trajectories, draw.paths3d, strict=True)
        for i, (run, traj, path) in enumerate(runs):
            color = rgba(run.color)
            ra = _RunArrays(
                path.points,
                color,
                traj.label,
                traj.diverged_at is not None,
                fading_colors(color, TAIL + 1),
                path.lod,
            )
            self._runs.append(ra)
            self.lines[i].set_path(ra.lod, ra.color)
            self.ghosts[i].set_path(ra.lod, (*ra.color[:3], GHOST_ALPHA))
        for i in range(MAX_RUNS):
            on = i < len(self._runs) and self.state.run_shown(i)
            for item in (self.ghosts[i], self.lines[i]):
                item.setVisible(on)
        self.overlay.legend = [
            (
                translate("Scene3D", "{label}  (diverged)").format(label=t.label)
                if t.diverged_at is not None
                else t.label,
                QColor(r.color),
            )
            for i, (r, t) in enumerate(zip(result.runs, result.trajectories, strict=True))
            if self.state.run_shown(i)
        ]
        self.step_overlays.set_data(draw.overlays, [ra.color for ra in self._runs])
        self._update_start()
        self._on_step(self.state.step)
        # The cached layer holds the mesh, axes, labels, colour bar and legend: refilled
        # only when one of them changed (not for a new start's paths, at every drag frame).
        static = (id(mesh), id(axes), tuple(self.overlay.legend), self.overlay.badge)
        if static != self._static_shown:
            self._static_shown = static
            self.invalidate_static()

    # -- per frame ----------------------------------------------------------------------
    def _on_step(self, step: int) -> None:
        tails, fades, points, faces = [], [], [], []
        self._markers, self._marked = [], [False] * MAX_RUNS
        for i, ra in enumerate(self._runs):
            k = min(step, len(ra.pos) - 1)
            self.ghosts[i].show_upto(k)
            self.lines[i].show_upto(k)
            self._markers.append(ra.pos[k])
            if not self.lines[i].visible():
                continue
            self._marked[i] = True
            lo = max(0, k - TAIL)
            seg, fade = ra.pos[lo : k + 1], ra.fade[len(ra.fade) - (k + 1 - lo) :]
            if len(seg) > 1:  # the strip as pairs of points: segment j is (j, j + 1)
                tails.append(np.repeat(seg, 2, axis=0)[1:-1])
                fades.append(np.repeat(fade, 2, axis=0)[1:-1])
            face = ra.color if not (ra.diverged and k == len(ra.pos) - 1) else (0.1, 0.1, 0.1, 1)
            points.append(ra.pos[k : k + 1])
            faces.append(face)
        if tails:
            self.tail_item.setData(pos=np.concatenate(tails), color=np.concatenate(fades))
        self.tail_item.setVisible(bool(tails))
        if points:
            self.marker_item.setData(pos=np.concatenate(points), color=np.array(faces, np.float32))
        self.marker_item.setVisible(bool(points))
        self.caption.text = translate("Scene3D", "step {step} / {steps}").format(
            step=step, steps=self.state.steps
        )
        if self.step_overlays.active():
            self.step_overlays.show_step(step)
            self.caption.text = f"{self.step_overlays.caption()}     {self.caption.text}"
        self.update()

    def _on_draw(self, *_: Any) -> None:
        self._on_result(self.state.result)

    def _show_current_step(self, *_: Any) -> None:
        self._on_step(self.state.step)

    def _on_start(self, *_: Any) -> None:
        if self.state.dragging and live_drag(self.state.scene):
            # the race of this start follows within a frame or two and moves the marker
            # with its paths: one 3D frame per race, not one more per mouse move
            return
        self._update_start()

    def _update_start(self, *_: Any) -> None:
        res, box = self.state.result, self.box
        if res is None or box is None:
            return
        w, b = self.state.start
        with np.errstate(all="ignore"):
            loss = np.asarray(res.surface.loss(np.array([w]), np.array([b])), dtype=np.float64)
        pos = box.points(np.array([w]), np.array([b]), loss.reshape(1), lift=LIFT)
        self.start_marker.setData(pos=pos, color=np.array([[1, 1, 1, 0.95]], np.float32))
        self.update()

    # -- data queried by tests and exporters --------------------------------------------
    def marker_positions(self) -> list[np.ndarray]:
        """Display coordinates of each run's current-point marker."""
        return [np.asarray(p) for p in self._markers]

    def marker_shown(self, i: int) -> bool:
        """True when run ``i``'s current-point marker is drawn."""
        return self._marked[i]

    def data_to_display(self, w: float, b: float, loss: float) -> np.ndarray:
        assert self.box is not None
        return self.box.points(np.array([w]), np.array([b]), np.array([loss]), lift=LIFT)[0]

    # -- a click on the surface asks for a start point (pointClicked; the window sets it) --
    # -- a press on the start point drags it over the surface (dragStarted, startDragged,
    #    dragFinished); anywhere else a drag rotates the camera --
    def start_pixel(self) -> tuple[float, float] | None:
        """Widget pixel of the start point's marker, or None before a surface is shown."""
        if self.box is None or self.start_marker.pos is None or not len(self.start_marker.pos):
            return None
        return self.project(self.start_marker.pos[0])

    def mousePressEvent(self, ev) -> None:
        at = self.start_pixel()
        if ev.button() == Qt.MouseButton.LeftButton and at is not None:
            x, y = ev.position().x(), ev.position().y()
            if np.hypot(x - at[0], y - at[1]) <= GRAB_RADIUS:
                self._grabbed = True
                self.dragStarted.emit()
                ev.accept()
                return
        self._press = ev.position()
        super().mousePressEvent(ev)

    def mouseMoveEvent(self, ev) -> None:
        if self._grabbed:
            hit = self.pick(ev.position().x(), ev.position().y())
            if hit is not None:  # (off the surface: the start waits at its last point)
                self.startDragged.emit(*hit)
            ev.accept()
            return
        super().mouseMoveEvent(ev)

    def mouseReleaseEvent(self, ev) -> None:
        if self._grabbed:
            self._grabbed = False
            hit = self.pick(ev.position().x(), ev.position().y())
            if hit is not None:
                self.startDragged.emit(*hit)
            self.dragFinished.emit()
            ev.accept()
            return
        press, self._press = self._press, None
        if (
            press is not None
            and ev.button() == Qt.MouseButton.LeftButton
            and (ev.position() - press).manhattanLength() < 4
        ):
            hit = self.pick(ev.position().x(), ev.position().y())
            if hit is not None:
                self.pointClicked.emit(*hit)
        super().mouseReleaseEvent(ev)

    def _mvp(self):
        region = (0, 0, self.deviceWidth(), self.deviceHeight())
        return self.projectionMatrix(region, region) * self.viewMatrix()

    def project(self, point) -> tuple[float, float]:
        """Widget pixel (x, y) where the display-space ``point`` (3,) is drawn."""
        p = self._mvp().map(QVector3D(float(point[0]), float(point[1]), float(point[2])))
        return ((p.x() + 1.0) / 2.0 * self.width(), (1.0 - p.y()) / 2.0 * self.height())

    def pick(self, px: float, py: float) -> tuple[float, float] | None:
        """(w, b) of the surface point under widget pixel (px, py), or None.

        Casts the ray through the pixel and marches it against the displayed height field.
        """
        if self._grid_xy is None or self.box is None:
            return None
        x, y, zd = self._grid_xy
        rect = self.rect()
        inv, ok = self._mvp().inverted()
        if not ok:
            return None
        nx = 2.0 * px / rect.width() - 1.0
        ny = 1.0 - 2.0 * py / rect.height()
        near = inv.map(QVector3D(nx, ny, -1.0))
        far = inv.map(QVector3D(nx, ny, 1.0))
        a = np.array([near.x(), near.y(), near.z()])
        d = np.array([far.x(), far.y(), far.z()]) - a
        # Clip the ray to the display box (slab test), then march it finely inside.
        lo = np.array([-1.0, -1.0, 0.0])
        hi = np.array([1.0, 1.0, HEIGHT])
        with np.errstate(divide="ignore", invalid="ignore"):
            t1 = (lo - a) / d
            t2 = (hi - a) / d
        t_in = np.nanmax(np.where(d != 0, np.minimum(t1, t2), -np.inf))
        t_out = np.nanmin(np.where(d != 0, np.maximum(t1, t2), np.inf))
        if not (np.isfinite(t_in) and np.isfinite(t_out)) or t_out <= max(t_in, 0.0):
            return None
        ts = np.linspace(max(t_in, 0.0), t_out, 2000)
        pts = a[None, :] + ts[:, None] * d[None, :]
        i = np.clip(np.searchsorted(x, pts[:, 0]), 0, len(x) - 1)
        j = np.clip(np.searchsorted(y, pts[:, 1]), 0, len(y) - 1)
        below = pts[:, 2] <= zd[i, j]
        if not below.any():
            return None
        hit = pts[int(np.argmax(below))]
        (w0, w1), (b0, b1) = self.box.wlim, self.box.blim
        return (w0 + (hit[0] + 1) / 2 * (w1 - w0), b0 + (hit[1] + 1) / 2 * (b1 - b0))
