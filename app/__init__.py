"""losscape desktop app (PyQt6 + pyqtgraph)."""
