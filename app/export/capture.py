"""Capturing views as images: one code path for screenshots, tests and exporters.

``grab(widget)`` captures any of the window's views — the 3D view through its own
framebuffer, the 2D views and the whole window through Qt's widget grab with the GL
views' framebuffers pasted in — as the screen shows them.  (:mod:`app.export.render`
builds views for a scene at a given size on top of this.)
"""

from __future__ import annotations

import numpy as np
from PyQt6.QtCore import QCoreApplication, QEventLoop, QPoint, QPointF
from PyQt6.QtGui import QImage, QPainter
from PyQt6.QtWidgets import QWidget


def process_events(rounds: int = 3) -> None:
    for _ in range(rounds):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def grab(widget: QWidget) -> QImage:
    """The widget's current picture as a QImage (GL views included)."""
    from PyQt6.QtOpenGL import QOpenGLWindow

    from gradscape.app.views.opengl import gl

    if isinstance(widget, gl.GLViewWidget | QOpenGLWindow):
        return opaque(widget.grabFramebuffer())
    img = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    # Qt's widget grab composes a GL child's texture but not what was painted over it with
    # QPainter (labels, colour bar, legend): paste each GL view's own framebuffer instead.
    gl_views = [(v, v) for v in widget.findChildren(gl.GLViewWidget) if v.isVisible()]
    # GL windows embedded through a container: the container marks its window.
    gl_views += [
        (c, c.gl_view) for c in widget.findChildren(QWidget) if getattr(c, "gl_view", None)
    ]
    if gl_views:
        painter = QPainter(img)
        dpr = img.devicePixelRatio() or 1.0
        for holder, v in gl_views:
            if not holder.isVisible():
                continue
            top_left = holder.mapTo(widget, QPoint(0, 0))
            fb = opaque(v.grabFramebuffer())
            fb.setDevicePixelRatio(dpr)
            painter.drawImage(QPointF(top_left), fb)
        painter.end()
    return img


def opaque(img: QImage) -> QImage:
    """A GL framebuffer image as the screen shows it (RGB888).

    Blending leaves alpha < 1 in the framebuffer where translucent things were drawn; the
    screen ignores that alpha, so the capture must too (converting would un-premultiply
    or blend over black, and brighten or darken those pixels).
    """
    fmt = img.format()
    if fmt in (QImage.Format.Format_ARGB32_Premultiplied, QImage.Format.Format_ARGB32):
        img = QImage(img)
        img.reinterpretAsFormat(QImage.Format.Format_RGB32)
    elif fmt in (QImage.Format.Format_RGBA8888_Premultiplied, QImage.Format.Format_RGBA8888):
        img = QImage(img)
        img.reinterpretAsFormat(QImage.Format.Format_RGBX8888)
    return img.convertToFormat(QImage.Format.Format_RGB888)


def image_to_array(img: QImage) -> np.ndarray:
    """(h, w, 3) uint8 RGB copy of a QImage."""
    img = img.convertToFormat(QImage.Format.Format_RGB888)
    w, h, bpl = img.width(), img.height(), img.bytesPerLine()
    buf = np.frombuffer(img.constBits().asstring(h * bpl), dtype=np.uint8)
    return buf.reshape(h, bpl)[:, : w * 3].reshape(h, w, 3).copy()


def parse_size(text: str) -> tuple[int, int]:
    """ "WxH" -> (w, h); ValueError naming the value otherwise."""
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"size must look like 1280x800, got {text!r}") from None
    if not (64 <= w <= 8192 and 64 <= h <= 8192):
        raise ValueError(f"size must be between 64x64 and 8192x8192, got {text!r}")
    return w, h
