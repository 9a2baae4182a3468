"""The 3D view's own GL pieces: its lit-surface shader, and the text and 2D decorations
(tick labels, colour bar, legend, step caption) painted with QPainter over the GL scene, so a
framebuffer grab of the view alone is a complete figure (export reuses it).
"""

from __future__ import annotations

import ctypes

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QOpenGLContext,
    QPainter,
    QPen,
    QVector3D,
)

from gradscape.app.model.arrays import PathLOD
from gradscape.app.views.opengl import GL, gl, shaders

BACKGROUND = "#f7f8fa"
AXIS_COLOR = (0.35, 0.38, 0.42, 1.0)
TEXT_COLOR = QColor("#2b2f36")
ALIGN = {
    "left": Qt.AlignmentFlag.AlignLeft,
    "center": Qt.AlignmentFlag.AlignHCenter,
    "right": Qt.AlignmentFlag.AlignRight,
}

# Ambient + two-sided diffuse light from the viewer's upper right: the colormap stays
# readable (pyqtgraph's "shaded" program darkens faces turned away to 20 %).
LIT = shaders.ShaderProgram(
    "gradscape_lit",
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
ON_TOP = {
    GL.GL_DEPTH_TEST: False,
    GL.GL_BLEND: True,
    GL.GL_CULL_FACE: False,
    "glBlendFunc": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA),
}


# A path in one colour, tested against the static layer's depth (a texture) instead of the
# depth buffer when the view draws through its cache: then a frame restores only the
# colour of the static layer, not its depth (u_size (0, 0): no such test).
PATH = shaders.ShaderProgram(
    "gradscape_path",
    [
        shaders.VertexShader(
            """
            uniform mat4 u_mvp;
            attribute vec4 a_position;
            void main() {
                gl_Position = u_mvp * a_position;
            }
            """
        ),
        shaders.FragmentShader(
            """
            #ifdef GL_ES
            precision mediump float;
            #endif
            uniform vec4 u_color;
            uniform sampler2D u_depth;
            uniform vec2 u_size;
            void main() {
                if (u_size.x > 0.0) {
                    float d = texture2D(u_depth, gl_FragCoord.xy / u_size).r;
                    if (gl_FragCoord.z >= d) discard;
                }
                gl_FragColor = u_color;
            }
            """
        ),
    ],
)

# Textured rectangles in pixels (the legend and the step caption, painted into images).
SPRITE = shaders.ShaderProgram(
    "gradscape_sprite",
    [
        shaders.VertexShader(
            """
            uniform vec4 u_rect;
            attribute vec4 a_position;
            varying vec2 v_uv;
            void main() {
                v_uv = vec2(a_position.x, 1.0 - a_position.y);
                gl_Position = vec4(u_rect.xy + a_position.xy * u_rect.zw, 0.0, 1.0);
            }
            """
        ),
        shaders.FragmentShader(
            """
            #ifdef GL_ES
            precision mediump float;
            #endif
            uniform sampler2D u_image;
            varying vec2 v_uv;
            void main() {
                gl_FragColor = texture2D(u_image, v_uv);
            }
            """
        ),
    ],
)


def rgba(color: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    c = QColor(color)
    return (c.redF(), c.greenF(), c.blueF(), alpha)



class PathItem(gl.GLGraphicsItem.GLGraphicsItem):
    """A run's path drawn from its start up to the current step, in one colour, by the
    :class:`PathBatch` that holds it (it is not an item of the view itself).

    The whole (decimated) path goes to the GPU once per result; a step only changes how
    many of its vertices are drawn — and, for a decimated path whose current point falls
    between kept points, rewrites one vertex.  ``uploads`` and ``vertex_writes`` count
    those transfers.  With :attr:`depth` set (the view's cached static layer: texture id,
    width, height) fragments behind the surface are dropped by reading that texture, and
    the depth buffer is neither tested nor written.
    """

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width = width
        self.color: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
        self.lod: PathLOD | None = None
        self.step = 0
        self.depth: tuple[int, int, int] | None = None
        self.uploads = 0
        self.vertex_writes = 0
        # (a plain GL buffer name: a QOpenGLBuffer outliving its context crashes at exit)
        self._buffer = 0
        self._vertices = np.zeros((0, 3), np.float32)  # what the buffer should hold
        self._stale = False  # the buffer must be filled again
        self._written: tuple[int, int] | None = None  # (slot, step) of a rewritten vertex
        #: the :class:`PathBatch` that draws this path, if any
        self.batch: PathBatch | None = None

    def set_path(self, lod: PathLOD, color: tuple[float, ...]) -> None:
        """The whole path (uploaded at the next paint) and its colour."""
        self.lod = lod
        self.color = tuple(float(c) for c in color)  # type: ignore[assignment]
        coarse = np.asarray(lod.coarse, dtype=np.float32)
        # one spare slot after the kept points, for a current point past the last of them
        self._vertices = np.ascontiguousarray(np.concatenate([coarse, coarse[-1:]]))
        self._stale = True
        self._written = None
        self.update()

    def show_upto(self, k: int) -> None:
        """Draw the path up to step ``k`` (no transfer until the next paint, if any)."""
        if self.lod is not None:
            self.step = min(max(k, 0), len(self.lod.points) - 1)
        self.update()

    def _extra(self) -> tuple[int, int] | None:
        """(slot, step) of the current point when it is not one of the kept points."""
        lod = self.lod
        if lod is None or lod.stride == 1 or self.step % lod.stride == 0:
            return None
        return self.step // lod.stride + 1, self.step

    def count(self) -> int:
        """Vertices drawn at the current step."""
        if self.lod is None:
            return 0
        return self.step // self.lod.stride + 1 + (self._extra() is not None)

    @property
    def pos(self) -> np.ndarray:
        """The drawn points (as a line item's ``pos``)."""
        if self.lod is None:
            return np.zeros((0, 3), np.float32)
        return self.lod.upto(self.step)

    def _sync(self) -> None:
        """Bring the buffer up to date (bound to GL_ARRAY_BUFFER on return)."""
        if not self._buffer:
            self._buffer = int(GL.glGenBuffers(1))
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self._buffer)
        want = self._extra()
        if self._stale:
            GL.glBufferData(
                GL.GL_ARRAY_BUFFER, self._vertices.nbytes, self._vertices, GL.GL_STATIC_DRAW
            )
            self._stale, self._written = False, None
            self.uploads += 1
        if want == self._written:
            return
        if self._written is not None and (want is None or want[0] != self._written[0]):
            slot = self._written[0]  # put the kept point back
            GL.glBufferSubData(GL.GL_ARRAY_BUFFER, slot * 12, 12, self._vertices[slot])
            self.vertex_writes += 1
        if want is not None:
            assert self.lod is not None
            point = np.ascontiguousarray(self.lod.points[want[1]], dtype=np.float32)
            GL.glBufferSubData(GL.GL_ARRAY_BUFFER, want[0] * 12, 12, point)
            self.vertex_writes += 1
        self._written = want

    def update(self) -> None:
        # drawn by its batch (not an item of the view): the batch asks for the frame
        batch = getattr(self, "batch", None)  # (None while being built)
        if batch is not None:
            batch.update()


def _draw_paths(paths: list[PathItem], mvp: np.ndarray) -> None:
    """Draw ``paths`` (each with at least two vertices) with the path program: the
    program, matrix, blending and line smoothing are set once for all of them."""
    prog = PATH.program()
    loc = _uniforms(prog)
    GL.glUseProgram(prog)
    GL.glUniformMatrix4fv(loc["u_mvp"], 1, False, mvp)
    depth = paths[0].depth
    if depth is not None:
        tex, w, h = depth
        GL.glDisable(GL.GL_DEPTH_TEST)
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glBindTexture(GL.GL_TEXTURE_2D, tex)
        GL.glUniform1i(loc["u_depth"], 0)
        GL.glUniform2f(loc["u_size"], float(w), float(h))
    else:
        GL.glUniform2f(loc["u_size"], 0.0, 0.0)
    smooth = _smooth_lines()
    GL.glEnableVertexAttribArray(0)
    try:
        for path in paths:
            path._sync()  # (leaves its buffer bound)
            GL.glVertexAttribPointer(0, 3, GL.GL_FLOAT, False, 0, None)
            GL.glUniform4f(loc["u_color"], *path.color)
            GL.glLineWidth(path.width)
            GL.glDrawArrays(GL.GL_LINE_STRIP, 0, path.count())
    finally:
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)
        GL.glDisableVertexAttribArray(0)
        GL.glUseProgram(0)
        if depth is not None:
            GL.glBindTexture(GL.GL_TEXTURE_2D, 0)
        _end_lines(smooth)


def _smooth_lines() -> bool:
    """Antialiased lines blended as pyqtgraph's line items blend them (not on OpenGL ES);
    True when turned on (:func:`_end_lines` turns them off)."""
    smooth = not QOpenGLContext.currentContext().isOpenGLES()
    if smooth:
        GL.glEnable(GL.GL_LINE_SMOOTH)
        GL.glEnable(GL.GL_BLEND)
        GL.glBlendFuncSeparate(
            GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA, GL.GL_ONE, GL.GL_ONE_MINUS_SRC_ALPHA
        )
        GL.glHint(GL.GL_LINE_SMOOTH_HINT, GL.GL_NICEST)
    return smooth


def _end_lines(smooth: bool) -> None:
    if smooth:
        GL.glDisable(GL.GL_LINE_SMOOTH)
        GL.glDisable(GL.GL_BLEND)
    GL.glLineWidth(1.0)


#: The path program's uniform locations, per linked program (asked once, not per frame).
_LOCATIONS: dict[int, dict[str, int]] = {}


def _uniforms(prog: int) -> dict[str, int]:
    loc = _LOCATIONS.get(prog)
    if loc is None:
        names = ("u_mvp", "u_color", "u_depth", "u_size")
        loc = _LOCATIONS[prog] = {n: GL.glGetUniformLocation(prog, n) for n in names}
    return loc


class PathBatch(gl.GLGraphicsItem.GLGraphicsItem):
    """Several :class:`PathItem` drawn as one item of the view, in their order: the GL
    state, program and matrix are set once per frame, not once per path (a race of eight
    runs draws sixteen paths a frame, and each item of the view costs its own set-up).

    The paths stay the objects the view and its tests address (``lines[i]``); each one's
    own :meth:`~PathItem.setVisible` says whether the batch draws it."""

    def __init__(self, paths: list[PathItem], glOptions: str | dict) -> None:
        super().__init__()
        self.setGLOptions(glOptions)
        self.paths = list(paths)
        for path in self.paths:
            path.batch = self

    def paint(self) -> None:
        drawn = [p for p in self.paths if p.visible() and p.count() >= 2]
        if not drawn:
            return
        self.setupGLState()
        _draw_paths(drawn, np.array(self.mvpMatrix().data(), dtype=np.float32))


class LineSet:
    """Line segments (``GL_LINES``: vertex pairs) of one width, each vertex in its own
    colour, drawn by the :class:`LineBatch` that holds it.  It answers as a
    ``GLLinePlotItem`` in lines mode would (``pos``, ``color``, ``setData``,
    ``visible``/``setVisible``), but is not an item of the view itself."""

    def __init__(self, width: float) -> None:
        self.width = float(width)
        self.pos = np.zeros((0, 3), np.float32)
        self.color = np.zeros((0, 4), np.float32)
        self._visible = True
        #: the :class:`LineBatch` that draws this set, if any
        self.batch: LineBatch | None = None

    def setData(self, pos: np.ndarray | None = None, color: np.ndarray | None = None) -> None:
        if pos is not None:
            self.pos = np.asarray(pos, np.float32).reshape(-1, 3)
        if color is not None:
            self.color = np.asarray(color, np.float32).reshape(-1, 4)
        self._changed()

    def visible(self) -> bool:
        return self._visible

    def setVisible(self, on: bool) -> None:
        if bool(on) != self._visible:
            self._visible = bool(on)
            self._changed()

    def drawn(self) -> bool:
        """True when the batch draws this set: shown, and a colour for each vertex."""
        return self._visible and len(self.pos) >= 2 and len(self.color) == len(self.pos)

    def _changed(self) -> None:
        if self.batch is not None:
            self.batch.stale = True
            self.batch.update()


class LineBatch(gl.GLGraphicsItem.GLGraphicsItem):
    """Several :class:`LineSet` drawn as one item of the view, in their order, with
    pyqtgraph's line program (the pixels a ``GLLinePlotItem`` draws): one upload of every
    shown set's vertices when one changed, one set-up of the program and state per frame,
    then a ``glLineWidth`` and a ``glDrawArrays`` per set.  The 3D view draws its fading
    tails and every overlay arrow kind so: with all overlays on, seven items of the view
    became one."""

    def __init__(self, sets: list[LineSet], glOptions: str | dict) -> None:
        super().__init__()
        self.setGLOptions(glOptions)
        self.sets = list(sets)
        for s in self.sets:
            s.batch = self
        self.stale = True
        self.uploads = 0
        self._buffer = 0  # (a plain GL buffer name, as PathItem's)
        self._ranges: list[tuple[LineSet, int, int]] = []

    def _sync(self) -> None:
        """Bring the buffer up to date (bound to GL_ARRAY_BUFFER on return)."""
        if not self._buffer:
            self._buffer = int(GL.glGenBuffers(1))
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self._buffer)
        if not self.stale:
            return
        drawn = [s for s in self.sets if s.drawn()]
        self._ranges, first = [], 0
        for s in drawn:
            self._ranges.append((s, first, len(s.pos)))
            first += len(s.pos)
        if drawn:  # interleaved: x y z r g b a
            data = np.concatenate([np.hstack([s.pos, s.color]) for s in drawn])
            data = np.ascontiguousarray(data, dtype=np.float32)
            GL.glBufferData(GL.GL_ARRAY_BUFFER, data.nbytes, data, GL.GL_DYNAMIC_DRAW)
            self.uploads += 1
        self.stale = False

    def paint(self) -> None:
        if not any(s.drawn() for s in self.sets):
            return
        self.setupGLState()
        mvp = np.array(self.mvpMatrix().data(), dtype=np.float32)
        prog = gl.GLLinePlotItem.getShaderProgram()  # (a_position 0, a_color 1)
        self._sync()
        GL.glUseProgram(prog)
        smooth = False
        try:
            GL.glUniformMatrix4fv(_line_mvp(prog), 1, False, mvp)
            GL.glVertexAttribPointer(0, 3, GL.GL_FLOAT, False, 28, None)
            GL.glVertexAttribPointer(1, 4, GL.GL_FLOAT, False, 28, ctypes.c_void_p(12))
            GL.glEnableVertexAttribArray(0)
            GL.glEnableVertexAttribArray(1)
            smooth = _smooth_lines()
            for s, first, count in self._ranges:
                GL.glLineWidth(s.width)
                GL.glDrawArrays(GL.GL_LINES, first, count)
        finally:
            GL.glDisableVertexAttribArray(0)
            GL.glDisableVertexAttribArray(1)
            GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)
            GL.glUseProgram(0)
            _end_lines(smooth)


#: pyqtgraph's line program's matrix location, per linked program.
_LINE_MVP: dict[int, int] = {}


def _line_mvp(prog: int) -> int:
    loc = _LINE_MVP.get(prog)
    if loc is None:
        loc = _LINE_MVP[prog] = GL.glGetUniformLocation(prog, "u_mvp")
    return loc


def begin_painter(view) -> QPainter:
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


class Sprite:
    """A picture painted with QPainter into an image once, and drawn as a textured
    rectangle at a fixed place in the view until its content changes.

    ``paints`` and ``uploads`` count the images painted and the textures filled."""

    def __init__(self) -> None:
        self.key: object = None
        self.rect = QRectF()  # logical pixels in the view
        self.image: QImage | None = None
        self.paints = 0
        self.uploads = 0
        self._texture = 0
        self._uploaded = False

    def set(self, key: object, rect: QRectF, dpr: float, draw) -> None:
        """Paint ``draw(painter)`` (in view coordinates) into ``rect``, unless ``key`` is
        what was painted last."""
        if key == self.key:
            return
        self.key, self.rect = key, QRectF(rect)
        if rect.width() < 1 or rect.height() < 1:
            self.image = None
            return
        img = QImage(
            max(1, round(rect.width() * dpr)),
            max(1, round(rect.height() * dpr)),
            QImage.Format.Format_RGBA8888_Premultiplied,
        )
        img.setDevicePixelRatio(dpr)
        img.fill(Qt.GlobalColor.transparent)
        painter = QPainter(img)
        try:
            painter.setRenderHints(
                QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
            )
            painter.translate(-rect.left(), -rect.top())
            draw(painter)
        finally:
            painter.end()
        self.image = img
        self._uploaded = False
        self.paints += 1

    def paint(self, view_size: tuple[int, int], dpr: float) -> None:
        """Draw the image where it belongs (the program, its unit quad and the blending
        are the caller's)."""
        img = self.image
        if img is None:
            return
        if not self._texture:
            self._texture = int(GL.glGenTextures(1))
        GL.glBindTexture(GL.GL_TEXTURE_2D, self._texture)
        if not self._uploaded:
            for param in (GL.GL_TEXTURE_MIN_FILTER, GL.GL_TEXTURE_MAG_FILTER):
                GL.glTexParameteri(GL.GL_TEXTURE_2D, param, GL.GL_NEAREST)
            for param in (GL.GL_TEXTURE_WRAP_S, GL.GL_TEXTURE_WRAP_T):
                GL.glTexParameteri(GL.GL_TEXTURE_2D, param, GL.GL_CLAMP_TO_EDGE)
            GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 4)
            GL.glPixelStorei(GL.GL_UNPACK_ROW_LENGTH, img.bytesPerLine() // 4)
            bits = img.constBits()
            bits.setsize(img.sizeInBytes())
            GL.glTexImage2D(
                GL.GL_TEXTURE_2D, 0, GL.GL_RGBA, img.width(), img.height(), 0,
                GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, bytes(bits),
            )  # fmt: skip
            GL.glPixelStorei(GL.GL_UNPACK_ROW_LENGTH, 0)
            self._uploaded = True
            self.uploads += 1
        # whole device pixels, so that the image's pixels land on the view's
        w, h = view_size
        x0 = round(self.rect.left() * dpr)
        y0 = round(self.rect.top() * dpr)
        iw, ih = img.width(), img.height()
        prog = SPRITE.program()
        GL.glUniform4f(
            GL.glGetUniformLocation(prog, "u_rect"),
            2.0 * x0 / w - 1.0,
            1.0 - 2.0 * (y0 + ih) / h,
            2.0 * iw / w,
            2.0 * ih / h,
        )
        GL.glDrawArrays(GL.GL_TRIANGLE_STRIP, 0, 4)


class CaptionItem(gl.GLGraphicsItem.GLGraphicsItem):
    """ "step k / n" in the bottom-right corner (changes every frame), and the overlay's
    legend: drawn after the moving paths and markers, so none of them covers it.

    Both are painted into images only when they change (the legend: with the result or
    its place; the caption: with its text) and drawn as two textured rectangles: a
    frame costs no QPainter."""

    def __init__(self, overlay: OverlayItem) -> None:
        super().__init__()
        self.text = ""
        self.overlay = overlay
        self.font = QFont()
        self.font.setPointSizeF(9.0)
        self.setDepthValue(1001)
        self.legend = Sprite()
        self.caption = Sprite()
        self._quad = 0  # GL buffer of the unit square (see PathItem._buffer)

    def _update_sprites(self, rect: QRectF, dpr: float) -> None:
        ov = self.overlay
        lw, lh = ov.legend_size()
        x, y = ov.legend_origin
        # (a 1-pixel margin: the box's antialiased border)
        box = QRectF(x, y, lw, lh).adjusted(-1, -1, 1, 1) if ov.legend else QRectF()
        key = (tuple((t, c.rgba()) for t, c in ov.legend), x, y, lw, lh, dpr)
        self.legend.set(key, box, dpr, ov._paint_legend)
        fm = QFontMetricsF(self.font)
        tw = fm.horizontalAdvance(self.text) + 4 if self.text else 0.0
        right = rect.width() - 10
        box = QRectF(right - tw, rect.height() - 22, tw + 1, 20)

        def caption(painter: QPainter) -> None:
            painter.setFont(self.font)
            painter.setPen(TEXT_COLOR)
            painter.drawText(
                QRectF(0, rect.height() - 22, right, 20),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.text,
            )

        self.caption.set((self.text, rect.width(), rect.height(), dpr), box, dpr, caption)

    def paint(self) -> None:
        view = self.view()
        if view is None or not (self.text or self.overlay.legend):
            return
        rect = QRectF(view.rect())
        dpr = float(view.devicePixelRatioF())
        self._update_sprites(rect, dpr)
        size = (max(1, round(rect.width() * dpr)), max(1, round(rect.height() * dpr)))
        if not self._quad:
            self._quad = int(GL.glGenBuffers(1))
            GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self._quad)
            corners = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], np.float32)
            GL.glBufferData(GL.GL_ARRAY_BUFFER, corners.nbytes, corners, GL.GL_STATIC_DRAW)
        prog = SPRITE.program()
        GL.glUseProgram(prog)
        GL.glDisable(GL.GL_DEPTH_TEST)
        GL.glEnable(GL.GL_BLEND)
        GL.glBlendFunc(GL.GL_ONE, GL.GL_ONE_MINUS_SRC_ALPHA)  # premultiplied images
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glUniform1i(GL.glGetUniformLocation(prog, "u_image"), 0)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self._quad)
        GL.glVertexAttribPointer(0, 2, GL.GL_FLOAT, False, 0, None)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)
        GL.glEnableVertexAttribArray(0)
        try:
            self.legend.paint(size, dpr)
            self.caption.paint(size, dpr)
        finally:
            GL.glDisableVertexAttribArray(0)
            GL.glBindTexture(GL.GL_TEXTURE_2D, 0)
            GL.glUseProgram(0)
            GL.glDisable(GL.GL_BLEND)


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
        #: a line always shown with the surface (a projection's honesty), bottom left
        self.badge: str = ""
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
        painter = begin_painter(view)
        try:
            self._paint_labels(painter, project)
            self._paint_colorbar(painter, rect)  # (the legend: CaptionItem, on top)
            self._paint_badge(painter, rect)
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

    def badge_rect(self, rect: QRectF) -> QRectF:
        """Where the badge's box goes in a view of ``rect``: the bottom-left corner, as
        wide as the text up to the room left of the step caption (the text wraps)."""
        fm = QFontMetricsF(self.font)
        room = max(80.0, rect.width() - 150.0)
        flags = int(Qt.TextFlag.TextWordWrap.value)
        text = fm.boundingRect(QRectF(0, 0, room, 1000.0), flags, self.badge)
        w, h = text.width() + 12, text.height() + 8
        return QRectF(8, rect.height() - h - 8, w, h)

    def _paint_badge(self, painter: QPainter, rect: QRectF) -> None:
        if not self.badge:
            return
        painter.setFont(self.font)
        box = self.badge_rect(rect)
        # opaque colours only (see _paint_legend)
        painter.setPen(QPen(QColor("#c9a227")))
        painter.setBrush(QColor("#fff8e1"))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(TEXT_COLOR)
        painter.drawText(
            box.adjusted(6, 4, -6, -4),
            int(Qt.AlignmentFlag.AlignLeft.value) | int(Qt.TextFlag.TextWordWrap.value),
            self.badge,
        )

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
