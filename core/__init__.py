"""gradscape's numpy core: the learning library and the engine the app drives.

Never imports Qt, pyqtgraph or OpenGL (a test checks this).
"""
