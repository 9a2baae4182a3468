"""``gradscape export --surface 'expr:FORMULA'``: a typed formula in exports, its domain,
scenes that carry it, and refusals (exit 2, one line, nothing run, nothing written)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pytest

from gradscape.app.export import cli as cli_export
from gradscape.core.scene import Scene

ROSENBROCK = "(1-w)**2+100*(b-w**2)**2"


@pytest.fixture(autouse=True)
def _keep_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI chooses the Qt platform through os.environ: restore it after each test.
    for key in ("QT_QPA_PLATFORM", "DISPLAY"):
        if key in os.environ:
            monkeypatch.setenv(key, os.environ[key])
        else:
            monkeypatch.delenv(key, raising=False)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    rc = cli_export.main(list(args))
    return rc, capsys.readouterr().err


def table(path: Path) -> dict[str, np.ndarray]:
    with path.open() as fh:
        rows = list(csv.DictReader(fh))
    return {k: np.array([float(r[k]) for r in rows]) for k in ("w", "b", "loss")}


def test_typed_rosenbrock_exports_the_builtin_trajectory(tmp_path: Path, capsys) -> None:
    common = ["--start", "-1.2", "1", "--optimizer", "nag:eta=0.001", "--steps", "80"]
    typed, builtin = tmp_path / "typed.csv", tmp_path / "builtin.csv"
    rc, err = cli(capsys, "--surface", f"expr:{ROSENBROCK}", "--domain", "-2", "2", "-1", "3",
                  *common, "-o", str(typed))  # fmt: skip
    assert rc == 0, err
    rc, err = cli(capsys, "--surface", "rosenbrock", *common, "-o", str(builtin))
    assert rc == 0, err
    a, r = table(typed), table(builtin)
    assert len(a["w"]) == 81
    for key in a:
        np.testing.assert_allclose(a[key], r[key], rtol=1e-12, atol=1e-12)


def test_the_scene_carries_the_formula_and_renders_again(tmp_path: Path, capsys) -> None:
    a, b, s = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "scene.json"
    rc, err = cli(capsys, "--surface", "expr:log(1 + exp(-3*w*b))", "--domain", "-2", "2",
                  "-1", "3", "--optimizer", "adam:eta=0.1", "--steps", "30",
                  "--save-scene", str(s), "-o", str(a))  # fmt: skip
    assert rc == 0, err
    scene = Scene.load(s)
    assert scene.surface == "expr"
    assert scene.surface_params["expression"] == "log(1 + exp(-3*w*b))"
    assert scene.surface_params["domain"] == [[-2.0, 2.0], [-1.0, 3.0]]
    assert scene.start == [-1.2, 2.2]  # a fifth in from the left and from the top
    rc, err = cli(capsys, "--scene", str(s), "-o", str(b))
    assert rc == 0, err
    assert a.read_bytes() == b.read_bytes()
    t = table(a)
    np.testing.assert_allclose(t["loss"], np.log1p(np.exp(-3 * t["w"] * t["b"])), rtol=1e-13)


def test_a_picture_of_a_formula_on_its_own_domain(tmp_path: Path, capsys) -> None:
    out = tmp_path / "custom.png"
    rc, err = cli(capsys, "--surface", "expr:w**2 + 3*b**2", "--domain", "-1", "1", "-2", "2",
                  "--view", "contour", "--size", "320x240", "--steps", "20", "-q",
                  "-o", str(out))  # fmt: skip
    assert rc == 0, err
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("surface", "extra", "msg"),
    [
        ("expr:__import__('os').system('touch {marker}')", [],
         r"--surface expr: expression: only the named functions may be called"),
        ("expr:open('{marker}', 'w')", [], r"unknown function 'open'"),
        ("expr:w.__class__", [], r"attributes \(\.\) are not allowed at column 2"),
        ("expr:9**9**9", [], r"exponent 3.8742e\+08 is too large"),
        ("expr:" + "(" * 200 + "w" + ")" * 200, [], r"nested deeper than 50 parentheses"),
        ("expr:" + "w+" * 5000 + "w", [], r"at most 500 characters, got 10001"),
        ("expr", [], r"--surface expr: give the formula after the colon"),
        ("expr:", [], r"give the formula after the colon"),
        ("expr:w**2", ["--domain", "1", "-1", "0", "1"], r"--domain: domain needs min < max"),
        ("expr:w**2", ["--domain", "0", "1", "nan", "1"], r"--domain: must be finite"),
    ],
)  # fmt: skip
def test_refused_formulas_exit_2_in_one_line_and_run_nothing(
    tmp_path: Path, capsys, surface: str, extra: list[str], msg: str
) -> None:
    import re

    marker = tmp_path / "ran"
    out = tmp_path / "out" / "o.csv"
    out.parent.mkdir()
    args = ["--surface", surface.replace("{marker}", str(marker)), *extra, "-o", str(out)]
    rc, err = cli(capsys, *args)
    assert rc == cli_export.EXIT_USAGE == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("gradscape export: error: ")
    assert re.search(msg, lines[0]), lines[0]
    assert len(lines[0]) < 320
    assert not marker.exists() and list(out.parent.iterdir()) == []


def test_help_documents_the_formula_and_the_domain(capsys) -> None:
    assert cli_export.main(["--help"]) == 0
    text = capsys.readouterr().out
    assert "--domain WMIN WMAX BMIN BMAX" in text
    assert "expr:FORMULA" in text and "'expr:(1-w)**2+100*(b-w**2)**2'" in text
    functions = "exp log sqrt abs sin cos tan atan sinh cosh tanh sigmoid softplus"
    assert f"+ - * / ** and {functions}" in text
