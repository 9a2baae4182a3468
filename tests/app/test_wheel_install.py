"""The wheel a user installs: one top-level package (``gradscape``) holding every module and
resource, and a plain (non-editable) install of it that runs the window's screenshot, the
exporter and the launcher entry away from the checkout.

The wheel is built from a copy of the sources (setuptools writes build/ and *.egg-info
beside what it builds, which must not land in the checkout).  The fresh virtual
environment gets its dependencies without any download: a ``.pth`` file appends this
interpreter's site-packages *after* the environment's own, so ``import gradscape`` finds
the installed wheel, while numpy, PyQt6 and the rest come from the test's environment
(whose editable ``gradscape`` stays inactive: a ``.pth`` path entry is not processed as a
site directory).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "gradscape", "core", "app", "resources")


def _checkout_files(folder: str, pattern: str) -> set[str]:
    """Files of the checkout's ``folder`` matching ``pattern``, as paths in the wheel."""
    root = REPO / folder
    return {
        "gradscape/" + folder + "/" + p.relative_to(root).as_posix()
        for p in root.rglob(pattern)
        if "__pycache__" not in p.parts and "screenshots" not in p.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        item = REPO / name
        if item.is_dir():
            shutil.copytree(
                item, src / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(item, src / name)
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(out), str(src)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    wheels = list(out.glob("gradscape-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_the_wheel_holds_one_package_and_every_resource(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/", 1)[0] for n in names}
    dist_info = [t for t in tops if t.endswith(".dist-info")]
    assert len(dist_info) == 1 and dist_info[0].startswith("gradscape-")
    assert tops == {"gradscape", dist_info[0]}  # no top-level core/, app/ or resources/
    files = set(names)
    # every module of the source tree, under gradscape
    for folder in ("core", "app", "resources"):
        missing = _checkout_files(folder, "*.py") - files
        assert not missing, sorted(missing)[:5]
    assert {"gradscape/__init__.py", "gradscape/__main__.py"} <= files
    # the resources the app loads
    for resource in ("gradscape.svg", "style.qss", "i18n/gradscape_ja.qm", "i18n/gradscape_ja.ts"):
        assert f"gradscape/resources/{resource}" in files, resource
    assert _checkout_files("resources", "*.qm") <= files
    assert _checkout_files("resources", "*.ts") <= files
    # nothing of the source tree only
    assert not [n for n in names if "screenshots" in n or n.endswith((".png", ".pyc"))]
    assert not [n for n in names if n.startswith("gradscape/tests/") or "/bench/" in n]
    entry_points = zipfile.ZipFile(wheel).read(f"{dist_info[0]}/entry_points.txt").decode()
    assert "gradscape = gradscape.app.__main__:main" in entry_points
    print(f"wheel {wheel.name}: {wheel.stat().st_size / 1024:.0f} KB, {len(names)} files")


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed (not editable); its bin/."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
         "--no-deps", "--no-index", "-q", str(wheel)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = subprocess.run(
        [str(venv / "bin" / "python"), "-c", where], capture_output=True, text=True, check=True
    ).stdout.strip()
    # the dependencies: this environment's site-packages, after the wheel's own
    Path(purelib, "zz_gradscape_test_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    return venv / "bin"


def run_installed(bin_dir: Path, args, cwd: Path, **env_extra) -> subprocess.CompletedProcess:
    """A command of the installed environment, from a folder away from the checkout, with no
    PYTHONPATH (so nothing of the checkout can be imported)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["GRADSCAPE_SETTINGS"] = str(cwd / "settings.ini")
    env.update(env_extra)
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )


def test_the_installed_package_is_the_wheel_not_the_checkout(installed, tmp_path):
    code = (
        "import gradscape, gradscape.core, gradscape.app.runtime as r\n"
        "from gradscape.resources import icon_path, style_sheet\n"
        "from PyQt6.QtCore import QTranslator\n"
        "print(gradscape.__file__); print(gradscape.core.__file__); print(icon_path())\n"
        "print(gradscape.__version__); print(len(style_sheet()))\n"
        "print(QTranslator().load(str(r.translations_dir() / 'gradscape_ja.qm')))\n"
    )
    proc = run_installed(installed, [installed / "python", "-c", code], tmp_path)
    assert proc.returncode == 0, proc.stderr
    init, core, icon, version, qss, qm = proc.stdout.split("\n")[:6]
    venv = installed.parent
    for path in (init, core, icon):
        assert Path(path).is_relative_to(venv), path  # not the checkout's
        assert not Path(path).is_relative_to(REPO)
    assert version == "0.1.0" and int(qss) > 100 and qm == "True"
    assert Path(icon).read_bytes() == (REPO / "resources" / "gradscape.svg").read_bytes()


def test_the_installed_command_exports_a_table(installed, tmp_path):
    proc = run_installed(
        installed, [installed / "gradscape", "export", "--steps", "20", "-o", "out.csv"], tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    with open(tmp_path / "out.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [int(r["step"]) for r in rows] == list(range(21))
    assert float(rows[-1]["loss"]) < float(rows[0]["loss"])


@pytest.mark.gl
def test_the_installed_command_takes_a_screenshot(installed, tmp_path, gl):
    proc = run_installed(
        installed, [installed / "gradscape", "--screenshot", "out.png", "--size", "960x640"],
        tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    img = np.asarray(Image.open(tmp_path / "out.png").convert("RGB")).astype(np.int16)
    assert img.shape == (640, 960, 3)
    # the 3D view draws the surface in viridis (its yellow-green slopes are in no chrome)
    region = img[40:360, 300:900].reshape(-1, 3)
    yellow = (region[:, 0] > 150) & (region[:, 1] > 180) & (region[:, 2] < 110)
    assert yellow.sum() > 200


def test_the_installed_command_installs_the_launcher_entry(installed, tmp_path):
    data = tmp_path / "data"
    proc = run_installed(
        installed, [installed / "gradscape", "--install-desktop"], tmp_path,
        XDG_DATA_HOME=str(data),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    entry = (data / "applications" / "gradscape.desktop").read_text(encoding="utf-8")
    assert f"Exec={installed / 'gradscape'}\n" in entry  # the installed command
    svg = data / "icons" / "hicolor" / "scalable" / "apps" / "gradscape.svg"
    assert svg.read_bytes() == (REPO / "resources" / "gradscape.svg").read_bytes()
