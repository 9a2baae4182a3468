"""gradscape's desktop app (PyQt6 + pyqtgraph): one state model, controls, linked views.

The package init has no side effects (the writers and the CLI's parser load without Qt);
see ARCHITECTURE.md for the parts.
"""
