"""The assets are a package: found by the app in a checkout and after ``pip install .``."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from setuptools import find_namespace_packages

import resources

REPO = Path(__file__).resolve().parents[2]


def test_resources_folder_holds_the_style_sheet():
    assert resources.RESOURCES_DIR == REPO / "resources"
    qss = resources.style_sheet()
    assert qss == (REPO / "resources" / "style.qss").read_text(encoding="utf-8")
    assert "QLabel#divergenceBanner" in qss


def test_windows_load_the_style_through_the_package(qapp):
    from app.windows import network_window as network_panel
    from app.windows.main_window import load_style

    assert load_style() == resources.style_sheet() != ""
    assert network_panel.STYLE_PATH == resources.resource_path("style.qss")


def test_a_non_editable_install_ships_resources_but_not_the_screenshots():
    cfg = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    find = cfg["setuptools"]["packages"]["find"]
    pkgs = find_namespace_packages(
        where=str(REPO), include=find["include"], exclude=find.get("exclude", ())
    )
    assert "resources" in pkgs and "app" in pkgs and "core" in pkgs
    assert not [p for p in pkgs if p.startswith("resources.screenshots")]
    data = cfg["setuptools"]["package-data"]
    patterns = [*data.get("resources", ()), *data.get("*", ())]
    shipped = [
        p.name
        for p in (REPO / "resources").iterdir()
        if p.is_file() and any(fnmatch.fnmatch(p.name, pat) for pat in patterns)
    ]
    assert "style.qss" in shipped
