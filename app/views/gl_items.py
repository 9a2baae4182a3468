"""The 3D view's own GL pieces: its lit-surface shader, and the text and 2D decorations
(tick labels, colour bar, legend, step caption) painted with QPainter over the GL scene, so a
framebuffer grab of the view alone is a complete figure (export reuses it).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pyqtgraph.opengl as gl
from OpenGL import GL
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QFontMetricsF, QLinearGradient, QPainter, QPen, QVector3D
from pyqtgraph.opengl import shaders

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


def rgba(color: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    c = QColor(color)
    return (c.redF(), c.greenF(), c.blueF(), alpha)



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
        painter = begin_painter(view)
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
