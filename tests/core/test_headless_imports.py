"""core/ must never import Qt, pyqtgraph or OpenGL (checked in a fresh interpreter)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import gradscape.core as core

ROOT = Path(__file__).resolve().parents[2]


def _core_modules() -> list[str]:
    names = ["gradscape.core"]
    for info in pkgutil.walk_packages(core.__path__, prefix="gradscape.core."):
        names.append(info.name)
    return names


def test_every_core_module_loads_without_gui_libraries():
    modules = _core_modules()
    assert len(modules) > 5, modules
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PyQt6', 'PyQt5', 'PySide6', 'PySide2', 'pyqtgraph', 'OpenGL'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "", f"core pulled in GUI modules: {out.stdout.strip()}"
