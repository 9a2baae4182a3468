"""The 3D view's two GL surfaces: a widget (exports, captures) and a native window (the
main window).  What they draw and how they react to the state is :class:`Scene3D`."""

from __future__ import annotations

from PyQt6.QtCore import QRect, Qt, pyqtSignal
from PyQt6.QtGui import QImage, QSurfaceFormat
from PyQt6.QtOpenGL import QOpenGLWindow
from PyQt6.QtWidgets import QWidget

from gradscape.app.model.state import AppState
from gradscape.app.views.opengl import GLViewMixin, gl
from gradscape.app.views.scene3d import Scene3D


class SurfaceView3D(Scene3D, gl.GLViewWidget):
    """The 3D view as a widget (framebuffer object): for captures and exports."""

    #: emitted with (w, b) when the user clicks the surface (no drag)
    pointClicked = pyqtSignal(float, float)
    #: emitted once, at the first frame that shows a surface
    firstFrame = pyqtSignal(float)
    #: a frame is drawn (its composition and swap follow): a drag's next race may be
    #: handed over now, to be set while this frame is shown
    frameDrawn = pyqtSignal()
    #: the start point was grabbed; (w, b) under the mouse while it is dragged; released
    dragStarted = pyqtSignal()
    startDragged = pyqtSignal(float, float)
    dragFinished = pyqtSignal()

    def __init__(self, state: AppState, parent=None) -> None:
        super().__init__(parent)
        self.setMinimumSize(200, 160)
        self._init_scene(state)


class SurfaceWindow3D(Scene3D, GLViewMixin, QOpenGLWindow):
    """The 3D view as a native GL window, for embedding with :meth:`container`."""

    pointClicked = pyqtSignal(float, float)
    firstFrame = pyqtSignal(float)
    frameDrawn = pyqtSignal()
    dragStarted = pyqtSignal()
    startDragged = pyqtSignal(float, float)
    dragFinished = pyqtSignal()

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
    def devicePixelRatioF(self) -> float:
        return float(self.devicePixelRatio())

    def rect(self) -> QRect:
        return QRect(0, 0, self.width(), self.height())

    def grabFramebuffer(self) -> QImage:
        """The view as shown now, drawn afresh (:meth:`Scene3D.render_image`): Qt's own
        reads the window's back buffer, undefined after a swap (black, or stale and cropped
        after a resize)."""
        if not self.isValid():
            return QImage()
        return self.render_image()

    def container(self) -> QWidget:
        """The widget that holds this window in a layout (created once)."""
        if self._container is None:
            self._container = QWidget.createWindowContainer(self)
            self._container.setMinimumSize(200, 160)
            self._container.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            self._container.gl_view = self  # capture.grab pastes our framebuffer here
        return self._container
