"""PyOpenGL and pyqtgraph's OpenGL items, for every 3D view: import them from here.

PyOpenGL checks for an error after every GL call it wraps (``glGetError``, a round trip
through Python each time).  The 3D view makes ~900 GL calls a frame, so the checks cost
a third of a race's frame while the start point is dragged (bench/bench_drag.py: 29 → 19 ms
of GUI work per race).  They are switched off here, before ``OpenGL.GL`` is first imported
(PyOpenGL reads the flag when it builds its wrappers); a broken GL shows as wrong pixels,
which the 3D tests look at.  Setting ``PYOPENGL_ERROR_CHECKING=1`` in the environment keeps
them on, for debugging.
"""

from __future__ import annotations

import os

import OpenGL

_CHECKS = os.environ.get("PYOPENGL_ERROR_CHECKING", "0")
OpenGL.ERROR_CHECKING = _CHECKS not in ("0", "", "false", "False")

import pyqtgraph.opengl as gl  # noqa: E402  (after the flag)
from OpenGL import GL  # noqa: E402
from pyqtgraph.opengl import shaders  # noqa: E402
from pyqtgraph.opengl.GLViewWidget import GLViewMixin  # noqa: E402

__all__ = ["GL", "GLViewMixin", "gl", "shaders"]
