"""Test-session setup shared by tests/core and tests/app.

The Qt platform is chosen before any QApplication exists: an explicit QT_QPA_PLATFORM
wins; otherwise ``xcb`` when a DISPLAY is set, else ``offscreen`` (2D only).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")
# BLAS threads fight with llvmpipe and make timings noisy; tests never need them.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
