"""losscape's desktop app (PyQt6 + pyqtgraph): one state model, controls, linked views."""

from PyQt6.QtCore import QCoreApplication, Qt

# Every GL view (the window's, exporters', tests' windows) shares one context group, so
# GL programs and buffers cached by pyqtgraph at class level stay valid in all of them.
# Qt only accepts this before the application object exists.
if QCoreApplication.instance() is None:
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
