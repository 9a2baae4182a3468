"""The layout of app/ is its architecture: these tests keep the import rules true.

Parts, lowest first: ``model`` (state, compute, arrays for drawing, training; no widgets),
``views`` (draw the model), ``controls`` (write the model), ``export`` (writers, renderer,
dialog, CLI), ``windows`` (assemble views and controls), and the shell (``app.__main__``).
Every import points down that list or into core/ (``app.runtime``, the process set-up that
imports nothing of the app, is usable from anywhere).  Imports inside functions count too:
a lazy import is still an arrow.  Modules are read with ``ast``, not imported, so a rule
holds whatever a test happens to load.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"

RANK = {"runtime": -1, "model": 0, "views": 1, "controls": 2, "export": 3, "windows": 4,
        "__main__": 5}  # fmt: skip
PARTS = ("model", "views", "controls", "export", "windows")


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = ["gradscape", *rel.parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(APP.rglob("*.py"))}


def part_of(module: str) -> str:
    """``gradscape.app.views.plots`` -> ``views``; ``gradscape.app`` itself -> ``app``."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else "app"


def imports_of(path: Path, module: str) -> set[str]:
    """Every app module that ``path`` imports, at any depth of the code."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_pkg = path.name == "__init__.py"
    found: set[str] = set()
    known = app_modules()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + is_pkg]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            # "from gradscape.app.export import cli" imports gradscape.app.export.cli
            names = [f"{stem}.{a.name}" if f"{stem}.{a.name}" in known else stem
                     for a in node.names]  # fmt: skip
        else:
            continue
        for name in names:
            if name == "gradscape.app" or name.startswith("gradscape.app."):
                while name not in known and "." in name:
                    name = name.rsplit(".", 1)[0]
                if name in known and name != module:
                    found.add(name)
    return found


GRAPH = {m: imports_of(p, m) for m, p in app_modules().items()}


def test_every_module_lives_in_a_part() -> None:
    stray = [m for m in GRAPH if part_of(m) not in (*PARTS, "runtime", "__main__", "app")]
    assert stray == [], f"modules outside the parts: {stray}"
    assert {part_of(m) for m in GRAPH} >= set(PARTS)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_down(module: str) -> None:
    own = part_of(module)
    if own == "app":  # the package init imports nothing
        assert GRAPH[module] == set()
        return
    up = sorted(m for m in GRAPH[module] if part_of(m) != own and RANK[part_of(m)] > RANK[own])
    assert up == [], f"{module} ({own}) imports upwards: {up}"


def test_runtime_imports_nothing_of_the_app() -> None:
    assert GRAPH["gradscape.app.runtime"] == set()


def test_no_import_cycles() -> None:
    """No module reaches itself through imports (lazy ones included)."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    cycles: list[list[str]] = []

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        stack.append(m)
        for n in sorted(GRAPH[m]):
            if state.get(n) == 1:
                cycles.append(stack[stack.index(n) :] + [n])
            elif n not in state:
                visit(n, stack)
        stack.pop()
        state[m] = 2

    for m in sorted(GRAPH):
        if m not in state:
            visit(m, [])
    assert cycles == []


def test_the_rules_catch_an_upward_import(tmp_path: Path) -> None:
    """The walker sees a lazy import of a window from a view (so the rules can fail)."""
    src = tmp_path / "bad.py"
    src.write_text("def f():\n    from gradscape.app.windows.main_window import MainWindow\n")
    assert imports_of(src, "gradscape.app.views.bad") == {"gradscape.app.windows.main_window"}
    src.write_text("from gradscape.app.export import cli\n")
    assert imports_of(src, "gradscape.app.model.bad") == {"gradscape.app.export.cli"}


QT = ("PyQt6", "pyqtgraph", "OpenGL")


@pytest.mark.parametrize(
    "module",
    [
        "app",  # package inits have no side effects
        "app.model",
        "app.views",
        "app.controls",
        "app.windows",
        "app.export",
        "app.model.draw",  # the draw data: numpy, prepared in worker threads
        "app.model.results",  # what the engine process imports and runs
        "app.model.engine_process",  # (its worker process never loads Qt)
        "app.model.landscape_run",  # (nor does a landscape's child process)
        "app.export.writers",  # the file writers: numpy, Pillow, ffmpeg
        "app.export.files",
        "app.export.images",
        "app.export.video",
        "app.export.frameloop",  # the one frame loop, shared by the CLI and the window
        "app.export.data_text",
        "app.export.scene_source",
        "app.export.cli_parser",
        "app.export.cli",  # its parser and --help
        "app.model.basins_colors",  # the basin maps' colours, shared with gradscape basins
        "app.export.basins_cli",  # gradscape basins draws with numpy and Pillow
        "app.export.desktop",  # gradscape --install-desktop runs anywhere
        "app.model.camera",  # the camera a scene records (gradscape export --camera)
    ],
)
def test_qt_free_modules_load_no_qt(module: str) -> None:
    code = (
        f"import sys, gradscape.{module}\n"
        f"print(','.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({QT!r}))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "", f"importing {module} loaded {out.stdout.strip()}"


def test_the_export_cli_help_needs_no_qt() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from gradscape.app.export import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert cli.main(['--help']) == 0\n"
        f"print(','.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({QT!r}))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == ""


def test_nothing_imports_the_old_top_level_names() -> None:
    """Every import goes through gradscape.*: a stray ``import core`` would load a second copy
    of a module (two registries, two classes) and fail in an installed wheel."""
    folders = ("app", "core", "tests", "bench")
    files = [p for folder in folders for p in (ROOT / folder).rglob("*.py")]
    files += (ROOT / "gradscape").glob("*.py")  # (its links core, app… are the folders above)
    bad = []
    for path in sorted(files):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            old = ("app", "core", "resources")
            bad += [f"{where} {n}" for n in names if n.split(".")[0] in old]
    assert len(files) > 200
    assert bad == []
