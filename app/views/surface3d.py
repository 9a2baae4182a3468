"""The 3D view: the loss surface coloured by height, axes with ticks, trajectories, markers.

Items are created once (a pool sized for the largest race) and updated with ``setData``;
the animation only moves an index into arrays precomputed per result.  Tick labels, the
colour bar and the legend are painted by one overlay item, so a framebuffer grab of this
widget alone is a complete figure (export reuses it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
import pyqtgraph.opengl as gl
from OpenGL import GL
from PyQt6.QtCore import QPointF, QRect, QRectF, QSize, Qt, pyqtSignal
from PyQt6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QLinearGradient,
    QMatrix4x4,
    QPainter,
    QPen,
    QSurfaceFormat,
    QVector3D,
)
from PyQt6.QtOpenGL import QOpenGLFramebufferObject, QOpenGLPaintDevice, QOpenGLWindow
from PyQt6.QtWidgets import QWidget
from pyqtgraph.opengl import shaders
from pyqtgraph.opengl.GLViewWidget import GLViewMixin

from app.model.arrays import (
    HEIGHT,
    Box,
    HeightScale,
    PathLOD,
    fading_colors,
    fmt,
    height_normals,
    nice_ticks,
)
from app.model.state import MAX_RUNS, AppState

BACKGROUND = "#f7f8fa"
AXIS_COLOR = (0.35, 0.38, 0.42, 1.0)
TEXT_COLOR = QColor("#2b2f36")
TAIL = 12  # points in the fading tail
GHOST_ALPHA = 0.4  # opacity of the path where the surface hides it
LIFT = 0.012  # the path floats this far above the surface so the mesh never hides it
DEFAULT_CAMERA = {"distance": 4.0, "elevation": 28.0, "azimuth": -58.0}
#: pyqtgraph's field of view is horizontal: a wide, short view would crop the surface's
#: top and bottom, so the horizontal angle widens until the vertical one reaches this.
MIN_FOV = {"horizontal": 45.0, "vertical": 36.0}
FIT_MARGIN = 12.0  # logical pixels kept free at the left edge and before the colour bar
CAMERA_CENTER = (0.0, 0.0, HEIGHT * 0.22)

# Ambient + two-sided diffuse light from the viewer's upper right: the colormap stays
# readable (pyqtgraph's "shaded" program darkens faces turned away to 20 %).
_LIT = shaders.ShaderProgram(
    "losscape_lit",
    [
        shaders.VertexShader(
            """
            uniform mat4 u_mvp;
            uniform mat3 u_normal;
            attribute vec4 a_position;
            attribute vec3 a_normal;
            attribute vec4 a_color;
            varying vec4 v_color;
            varying vec3 v_normal;
            void main() {
                v_normal = normalize(u_normal * a_normal);
                v_color = a_color;
                gl_Position = u_mvp * a_position;
            }
            """
        ),
        shaders.FragmentShader(
            """
            #ifdef GL_ES
            precision mediump float;
            #endif
            varying vec4 v_color;
            varying vec3 v_normal;
            void main() {
                float p = abs(dot(normalize(v_normal), normalize(vec3(0.35, 0.55, 1.0))));
                gl_FragColor = vec4(v_color.rgb * (0.62 + 0.45 * p), v_color.a);
            }
            """
        ),
    ],
)

# Markers and the tail draw over everything: a current point hidden behind a ridge is
# worse than one drawn slightly in front of it.
_ON_TOP = {
    GL.GL_DEPTH_TEST: False,
    GL.GL_BLEND: True,
    GL.GL_CULL_FACE: False,
    "glBlendFunc": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA),
}


def rgba(color: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    c = QColor(color)
    return (c.redF(), c.greenF(), c.blueF(), alpha)


@dataclass
class _RunArrays:
    pos: np.ndarray  # (n+1, 3) display coordinates of the path
    color: tuple[float, float, float, float]
    label: str
    diverged: bool
    fade: np.ndarray  # (TAIL + 1, 4) tail colours, transparent to opaque
    lod: PathLOD  # the drawn line, decimated for very long runs


def _begin_painter(view) -> QPainter:
    """A QPainter over the GL scene drawn so far (in the bound framebuffer)."""
    # The GL items left their state (no blending for the opaque surface, depth test,
    # programs, buffers); QPainter's engine trusts its cached state, so hand it the
    # defaults it expects.  It fills paths through the stencil buffer: clear that too.
    GL.glUseProgram(0)
    GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)
    GL.glDisable(GL.GL_DEPTH_TEST)
    GL.glEnable(GL.GL_BLEND)
    GL.glBlendFunc(GL.GL_ONE, GL.GL_ONE_MINUS_SRC_ALPHA)
    GL.glClearStencil(0)
    GL.glClear(GL.GL_STENCIL_BUFFER_BIT)
    painter = QPainter(view.paint_target())
    painter.beginNativePainting()
    painter.endNativePainting()
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    return painter


class CaptionItem(gl.GLGraphicsItem.GLGraphicsItem):
    """ "step k / n" in the bottom-right corner (changes every frame), and the overlay's
    legend: drawn after the moving paths and markers, so none of them covers it."""

    def __init__(self, overlay: OverlayItem) -> None:
        super().__init__()
        self.text = ""
        self.overlay = overlay
        self.font = QFont()
        self.font.setPointSizeF(9.0)
        self.setDepthValue(1001)

    def paint(self) -> None:
        view = self.view()
        if view is None or not (self.text or self.overlay.legend):
            return
        rect = QRectF(view.rect())
        painter = _begin_painter(view)
        try:
            self.overlay._paint_legend(painter)
            painter.setFont(self.font)
            painter.setPen(TEXT_COLOR)
            painter.drawText(
                QRectF(0, rect.height() - 22, rect.width() - 10, 20),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.text,
            )
        finally:
            painter.end()


class OverlayItem(gl.GLGraphicsItem.GLGraphicsItem):
    """Text and 2D decorations painted with one QPainter after the 3D scene.

    Labels are anchored at 3D points (projected each frame); the colour bar and the
    legend are anchored to the widget's corners.
    """

    def __init__(self) -> None:
        super().__init__()
        self.labels: list[tuple[np.ndarray, str, Qt.AlignmentFlag, bool]] = []
        self.legend: list[tuple[str, QColor]] = []
        self.colorbar: tuple[np.ndarray, list[tuple[float, str]], str] | None = None
        #: top-left corner of the legend's box (the view chooses it, see _place_legend)
        self.legend_origin: tuple[float, float] = (10.0, 10.0)
        self.font = QFont()
        self.font.setPointSizeF(9.0)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.bold.setPointSizeF(11.0)
        self.setDepthValue(1000)

    def paint(self) -> None:
        view = self.view()
        if view is None:
            return
        rect = QRectF(view.rect())
        ndc = pg.QtGui.QMatrix4x4()
        ndc.viewport(rect.left(), rect.bottom(), rect.width(), -rect.height())
        project = ndc * self.mvpMatrix()
        painter = _begin_painter(view)
        try:
            self._paint_labels(painter, project)
            self._paint_colorbar(painter, rect)  # (the legend: CaptionItem, on top)
        finally:
            painter.end()

    def _paint_labels(self, painter: QPainter, project) -> None:
        for pos, text, align, bold in self.labels:
            painter.setFont(self.bold if bold else self.font)
            fm = QFontMetricsF(painter.font())
            p = project.map(QVector3D(float(pos[0]), float(pos[1]), float(pos[2]))).toPointF()
            w, h = fm.horizontalAdvance(text), fm.height()
            x = p.x() - (w if align & Qt.AlignmentFlag.AlignRight else 0)
            if align & Qt.AlignmentFlag.AlignHCenter:
                x = p.x() - w / 2
            y = p.y() - h / 2
            painter.setPen(TEXT_COLOR)
            painter.drawText(QRectF(x, y, w + 2, h), Qt.AlignmentFlag.AlignLeft, text)

    def legend_size(self) -> tuple[float, float]:
        """Width and height of the legend's box (0, 0 without one)."""
        if not self.legend:
            return 0.0, 0.0
        fm = QFontMetricsF(self.font)
        width = max(fm.horizontalAdvance(t) for t, _ in self.legend) + 36
        return width, (fm.height() + 4) * len(self.legend) + 8

    def _paint_legend(self, painter: QPainter) -> None:
        if not self.legend:
            return
        painter.setFont(self.font)
        fm = QFontMetricsF(self.font)
        h = fm.height() + 4
        x, y = self.legend_origin
        box = QRectF(x, y, *self.legend_size())
        # Opaque colours only: QPainter on a QOpenGLWindow blends translucent fills over
        # black, not over the scene.
        painter.setPen(QPen(QColor("#d0d4da")))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(box, 5, 5)
        for i, (text, color) in enumerate(self.legend):
            y = box.top() + 4 + i * h + h / 2
            painter.setPen(QPen(color, 3))
            painter.drawLine(QPointF(box.left() + 8, y), QPointF(box.left() + 26, y))
            painter.setPen(TEXT_COLOR)
            painter.drawText(QPointF(box.left() + 32, y + fm.ascent() / 2 - 1), text)

    def _tick_width(self) -> float:
        assert self.colorbar is not None
        fm = QFontMetricsF(self.font)
        return max((fm.horizontalAdvance(t) for _, t in self.colorbar[1]), default=0.0)

    def reserved_width(self) -> float:
        """Logical pixels at the right edge that the colour bar (and its ticks and title)
        occupies; the scene is fitted into the rest."""
        if self.colorbar is None:
            return 0.0
        title_w = QFontMetricsF(self.bold).horizontalAdvance(self.colorbar[2])
        # bar 14 + tick 4 + gap 3 + tick text, from 34 + tick text to the edge, plus a margin
        return max(self._tick_width() + 34.0, 27.0 + title_w / 2) + 12.0

    def _paint_colorbar(self, painter: QPainter, rect: QRectF) -> None:
        if self.colorbar is None:
            return
        lut, ticks, title = self.colorbar
        painter.setFont(self.font)
        fm = QFontMetricsF(self.font)
        tick_w = self._tick_width()
        bar_h = min(rect.height() * 0.5, 260.0)
        bar = QRectF(rect.width() - tick_w - 34, (rect.height() - bar_h) / 2, 14, bar_h)
        grad = QLinearGradient(bar.bottomLeft(), bar.topLeft())
        for i, c in enumerate(lut):
            grad.setColorAt(i / (len(lut) - 1), QColor(int(c[0]), int(c[1]), int(c[2])))
        painter.setPen(QPen(QColor("#8a8f98")))
        painter.setBrush(grad)
        painter.drawRect(bar)
        painter.setPen(TEXT_COLOR)
        for u, text in ticks:
            y = bar.bottom() - u * bar.height()
            painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4, y))
            painter.drawText(QPointF(bar.right() + 7, y + fm.ascent() / 2 - 1), text)
        painter.setFont(self.bold)
        tw = QFontMetricsF(self.bold).horizontalAdvance(title)
        painter.drawText(QPointF(bar.center().x() - tw / 2, bar.top() - 8), title)


class _Scene3D:
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
        self._press = None
        #: frames drawn, and when the first one that showed a surface was (perf_counter)
        self.frames = 0
        self.first_frame_at: float | None = None

        # GL line widths and point sizes are device pixels: scaled like the text (a hi-dpi
        # screen, or an export rendered with QT_SCALE_FACTOR)
        k = max(1.0, float(self.devicePixelRatioF()))
        self.surface = gl.GLSurfacePlotItem(shader=_LIT, smooth=True, glOptions="opaque")
        self.surface.setVisible(False)  # an empty mesh cannot compute its normals
        self.addItem(self.surface)
        self.axes = gl.GLLinePlotItem(
            mode="lines", color=AXIS_COLOR, width=1.0 * k, glOptions="translucent", antialias=True
        )
        self.addItem(self.axes)
        self.start_marker = gl.GLScatterPlotItem(size=9 * k, pxMode=True, glOptions=_ON_TOP)
        self.addItem(self.start_marker)
        self.lines, self.tails, self.markers, self.ghosts = [], [], [], []
        for _ in range(MAX_RUNS):
            # A faint copy of the path drawn over everything, under the depth-tested line:
            # where the mesh hides the path (behind a ridge, or in a valley narrower than
            # the grid, as log height shows the neuron's), it still shows through.
            ghost = gl.GLLinePlotItem(
                mode="line_strip", width=1.5 * k, antialias=True, glOptions=_ON_TOP
            )
            ghost.setVisible(False)
            self.addItem(ghost)
            self.ghosts.append(ghost)
            line = gl.GLLinePlotItem(
                mode="line_strip", width=2.0 * k, antialias=True, glOptions="translucent"
            )
            tail = gl.GLLinePlotItem(
                mode="line_strip", width=5.0 * k, antialias=True, glOptions=_ON_TOP
            )
            marker = gl.GLScatterPlotItem(size=13 * k, pxMode=True, glOptions=_ON_TOP)
            for item in (line, tail, marker):
                item.setVisible(False)
                self.addItem(item)
            self.lines.append(line)
            self.tails.append(tail)
            self.markers.append(marker)
        self.overlay = OverlayItem()
        self.addItem(self.overlay)
        self.caption = CaptionItem(self.overlay)
        self.addItem(self.caption)
        # Static layer cache: see _paint_cached.
        self._static = [self.surface, self.axes, self.start_marker, self.overlay]
        self._dynamic = [*self.ghosts, *self.lines, *self.tails, *self.markers, self.caption]
        self._cache_fbo = None
        self._cache_key = None
        self._last_key = None
        self._key_changes = 0
        self._static_version = 0
        self._paint_device = None
        self.reset_camera()

        state.resultChanged.connect(self._on_result)
        # methods, not lambdas: PyQt drops them with the view (a lambda would be called on
        # a deleted view)
        state.heightModeChanged.connect(self._redraw)
        state.colormapChanged.connect(self._redraw)
        state.stepChanged.connect(self._on_step)
        state.startChanged.connect(self._update_start)
        state.currentRunChanged.connect(self._show_current_step)
        if state.result is not None:
            self._on_result(state.result)

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
            self._cache_key = key
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, fbo.handle())
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, target)
        w, h = size.width(), size.height()
        GL.glBlitFramebuffer(
            0, 0, w, h, 0, 0, w, h, GL.GL_COLOR_BUFFER_BIT | GL.GL_DEPTH_BUFFER_BIT, GL.GL_NEAREST
        )
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, target)
        GL.glViewport(0, 0, w, h)
        self._draw(self._dynamic, clear=False)
        return True

    def _place_legend(self) -> None:
        """Put the legend top left, or top right (left of the colour bar) when fewer of the
        drawn paths' points fall under it there: a race's start points sit on the left in
        the default camera, where a long legend would hide them."""
        overlay = self.overlay
        lw, lh = overlay.legend_size()
        key = (self._camera_key(), id(self.state.result), self.width(), self.height(), lw, lh)
        if key == self._legend_key:
            return
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

    def paintGL(self) -> None:  # noqa: N802 (Qt override)
        self._place_legend()
        if not (self.cache_static and self._paint_cached()):
            super().paintGL()
        self.frames += 1
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

    def projectionMatrix(self, region, viewport):  # noqa: N802 (pyqtgraph override)
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

    def resizeGL(self, w: int, h: int) -> None:  # noqa: N802 (Qt override)
        self._fit_fov()
        super().resizeGL(w, h)

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
        if result is None:
            return
        st = self.state
        g = result.grid3d
        scale = HeightScale.fit(g.z, st.height_mode)
        box = Box((float(g.ws[0]), float(g.ws[-1])), (float(g.bs[0]), float(g.bs[-1])), scale)
        self.box = box
        cmap = pg.colormap.get(st.colormap)
        x, y = box.x(g.ws).astype(np.float32), box.y(g.bs).astype(np.float32)
        u = scale.unit(g.z)
        zd = (u * HEIGHT).astype(np.float32)
        colors = cmap.map(u.ravel(), mode="float").astype(np.float32)
        self.surface.setData(x=x, y=y, z=zd, colors=colors)
        # Hand the mesh its normals (pinned pyqtgraph 0.14 keeps them in _vertexNormals
        # and would otherwise compute them in a slow per-vertex loop at the next paint).
        self.surface._meshdata._vertexNormals = height_normals(x, y, zd)
        self.surface.setVisible(True)
        self._grid_xy = (x, y, zd)
        self._build_axes(result, box, cmap)
        self._runs = []
        for i, (run, traj) in enumerate(zip(result.runs, result.trajectories, strict=True)):
            p = np.asarray(traj.params, dtype=np.float64)
            pos = box.points(p[:, 0], p[:, 1], np.asarray(traj.loss), lift=LIFT)
            color = rgba(run.color)
            ra = _RunArrays(
                pos,
                color,
                traj.label,
                traj.diverged_at is not None,
                fading_colors(color, TAIL + 1),
                PathLOD(pos),
            )
            self._runs.append(ra)
            self.lines[i].setData(pos=pos, color=ra.color)
            self.ghosts[i].setData(pos=pos, color=(*ra.color[:3], GHOST_ALPHA))
        for i in range(MAX_RUNS):
            on = i < len(self._runs)
            for item in (self.ghosts[i], self.lines[i], self.tails[i], self.markers[i]):
                item.setVisible(on)
        self.overlay.legend = [
            (t.label + ("  (diverged)" if t.diverged_at is not None else ""), QColor(r.color))
            for r, t in zip(result.runs, result.trajectories, strict=True)
        ]
        self._update_start()
        self._on_step(st.step)
        self.invalidate_static()

    def _build_axes(self, result, box: Box, cmap) -> None:
        names = tuple(getattr(result.surface, "axis_names", ("w", "b")))
        (w0, w1), (b0, b1) = box.wlim, box.blim
        segs = []
        # Floor frame.
        corners = ((-1, -1), (1, -1), (1, 1), (-1, 1))
        for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
            segs += [(a[0], a[1], 0.0), (b[0], b[1], 0.0)]
        # Vertical height axis at the back-left corner.
        segs += [(-1, 1, 0.0), (-1, 1, HEIGHT)]
        labels = []
        t = 0.05
        for v in nice_ticks(w0, w1, 4):
            x = float(box.x(v))
            segs += [(x, -1, 0.0), (x, -1 - t, 0.0)]
            labels.append(
                (np.array([x, -1 - 2.6 * t, 0.0]), fmt(v, 3), Qt.AlignmentFlag.AlignHCenter, False)
            )
        for v in nice_ticks(b0, b1, 4):
            y = float(box.y(v))
            segs += [(1, y, 0.0), (1 + t, y, 0.0)]
            labels.append(
                (np.array([1 + 2.2 * t, y, 0.0]), fmt(v, 3), Qt.AlignmentFlag.AlignLeft, False)
            )
        zt = box.scale.ticks(4)
        for v in zt:
            z = float(box.z(np.array([v]))[0])
            segs += [(-1, 1, z), (-1 - t, 1, z)]
            labels.append(
                (np.array([-1 - 1.6 * t, 1.0, z]), fmt(v, 3), Qt.AlignmentFlag.AlignRight, False)
            )
        labels.append((np.array([0.0, -1.38, 0.0]), names[0], Qt.AlignmentFlag.AlignHCenter, True))
        labels.append((np.array([1.36, 0.0, 0.0]), names[1], Qt.AlignmentFlag.AlignHCenter, True))
        labels.append(
            (np.array([-1.0, 1.0, HEIGHT + 0.1]), "loss", Qt.AlignmentFlag.AlignHCenter, True)
        )
        self.axes.setData(pos=np.array(segs, dtype=np.float32), color=AXIS_COLOR)
        self.overlay.labels = labels
        lut = cmap.getLookupTable(0.0, 1.0, 64, alpha=False)
        ticks = [(float(box.scale.unit(np.array([v]))[0]), fmt(v, 3)) for v in zt]
        title = {"log": "loss (log)", "clip": "loss (clipped)"}.get(box.scale.mode, "loss")
        self.overlay.colorbar = (lut, ticks, title)

    # -- per frame ----------------------------------------------------------------------
    def _on_step(self, step: int) -> None:
        for i, ra in enumerate(self._runs):
            k = min(step, len(ra.pos) - 1)
            drawn = ra.lod.upto(k)
            self.ghosts[i].setData(pos=drawn)
            self.lines[i].setData(pos=drawn)
            lo = max(0, k - TAIL)
            seg = ra.pos[lo : k + 1]
            self.tails[i].setData(pos=seg, color=ra.fade[len(ra.fade) - len(seg) :])
            face = ra.color if not (ra.diverged and k == len(ra.pos) - 1) else (0.1, 0.1, 0.1, 1)
            self.markers[i].setData(pos=ra.pos[k : k + 1], color=np.array([face], np.float32))
        self.caption.text = f"step {step} / {self.state.steps}"
        self.update()

    def _redraw(self, *_: Any) -> None:
        self._on_result(self.state.result)

    def _show_current_step(self, *_: Any) -> None:
        self._on_step(self.state.step)

    def _update_start(self, *_: Any) -> None:
        res, box = self.state.result, self.box
        if res is None or box is None:
            return
        w, b = self.state.start
        with np.errstate(all="ignore"):
            loss = np.asarray(res.surface.loss(np.array([w]), np.array([b])), dtype=np.float64)
        pos = box.points(np.array([w]), np.array([b]), loss.reshape(1), lift=LIFT)
        self.start_marker.setData(pos=pos, color=np.array([[1, 1, 1, 0.95]], np.float32))
        self.invalidate_static()

    # -- data queried by tests and exporters --------------------------------------------
    def marker_positions(self) -> list[np.ndarray]:
        """Display coordinates of each run's current-point marker."""
        return [np.asarray(m.pos[0]) for m in self.markers[: len(self._runs)]]

    def data_to_display(self, w: float, b: float, loss: float) -> np.ndarray:
        assert self.box is not None
        return self.box.points(np.array([w]), np.array([b]), np.array([loss]), lift=LIFT)[0]

    # -- clicking the surface sets the start point ----------------------------------------
    def mousePressEvent(self, ev) -> None:
        self._press = ev.position()
        super().mousePressEvent(ev)

    def mouseReleaseEvent(self, ev) -> None:
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


class SurfaceView3D(_Scene3D, gl.GLViewWidget):
    """The 3D view as a widget (framebuffer object): for captures and exports."""

    #: emitted with (w, b) when the user clicks the surface (no drag)
    pointClicked = pyqtSignal(float, float)
    #: emitted once, at the first frame that shows a surface
    firstFrame = pyqtSignal(float)

    def __init__(self, state: AppState, parent=None) -> None:
        super().__init__(parent)
        self.setMinimumSize(200, 160)
        self._init_scene(state)


class SurfaceWindow3D(_Scene3D, GLViewMixin, QOpenGLWindow):
    """The 3D view as a native GL window, for embedding with :meth:`container`."""

    pointClicked = pyqtSignal(float, float)
    firstFrame = pyqtSignal(float)

    def __init__(self, state: AppState) -> None:
        super().__init__()
        # A window's default framebuffer has no depth or stencil buffer unless asked
        # for: without them the mesh would not hide what is behind it, and QPainter
        # (which fills paths through the stencil) would draw wrongly.
        fmt = QSurfaceFormat.defaultFormat()
        fmt.setDepthBufferSize(24)
        fmt.setStencilBufferSize(8)
        self.setFormat(fmt)
        self._init_scene(state)
        self._container: QWidget | None = None

    # What pyqtgraph's mixin and the items expect from a widget.
    def devicePixelRatioF(self) -> float:  # noqa: N802 (Qt naming)
        return float(self.devicePixelRatio())

    def rect(self) -> QRect:
        return QRect(0, 0, self.width(), self.height())

    def container(self) -> QWidget:
        """The widget that holds this window in a layout (created once)."""
        if self._container is None:
            self._container = QWidget.createWindowContainer(self)
            self._container.setMinimumSize(200, 160)
            self._container.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            self._container.gl_view = self  # capture.grab pastes our framebuffer here
        return self._container
