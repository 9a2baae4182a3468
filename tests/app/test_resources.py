"""The assets are a package: found by the app in a checkout and after ``pip install .``."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import gradscape.resources as resources

REPO = Path(__file__).resolve().parents[2]


def test_resources_folder_holds_the_style_sheet():
    assert resources.RESOURCES_DIR == REPO / "resources"
    qss = resources.style_sheet()
    assert qss == (REPO / "resources" / "style.qss").read_text(encoding="utf-8")
    assert "QLabel#divergenceBanner" in qss


def test_windows_load_the_style_through_the_package(qapp):
    from gradscape.app.windows import network_window as network_panel
    from gradscape.app.windows.main_window import load_style

    assert load_style() == resources.style_sheet() != ""
    assert network_panel.STYLE_PATH == resources.resource_path("style.qss")


def test_the_package_list_maps_every_folder_under_gradscape():
    """pyproject.toml lists every package folder of core/, app/ and resources/ (mapped under
    gradscape) and nothing else: a new sub-package left out would be missing from the wheel."""
    cfg = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(cfg["setuptools"]["packages"])
    mapping = cfg["setuptools"]["package-dir"]
    assert mapping == {
        "gradscape": "gradscape",
        "gradscape.core": "core",
        "gradscape.app": "app",
        "gradscape.resources": "resources",
    }
    found = {"gradscape"}
    for folder in ("core", "app", "resources"):
        for init in (REPO / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(REPO).parts
            found.add(".".join(("gradscape", *rel)))
    assert listed == found
    assert not [p for p in listed if "screenshots" in p]
    data = cfg["setuptools"]["package-data"]["gradscape.resources"]
    shipped = [
        p.name
        for p in (REPO / "resources").iterdir()
        if p.is_file() and any(fnmatch.fnmatch(p.name, pat) for pat in data)
    ]
    assert "style.qss" in shipped
