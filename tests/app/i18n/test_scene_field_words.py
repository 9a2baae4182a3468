"""A scene file's field refusals in the Japanese interface (issue 14): File → Open of a scene
whose steps, optimizer, camera or file is wrong explains it in Japanese with the offending
values, the file's field names left as they are (they are the file's keys); the same
refusal reads as before in English, and the command line prints it in English under a
Japanese locale.

The Japanese expected here is written out by hand (the glossary's terms), not read from the
.ts file: a wrong or missing translation fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gradscape.core.optimizers import OPTIMIZERS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ROOT = Path(__file__).resolve().parents[3]

#: The valid optimizer names as a refusal lists them (a value of the message: names).
VALID = ", ".join(OPTIMIZERS.names())

BAD_STEPS = {"surface": "rosenbrock", "optimizers": ["adam"], "steps": 2_000_000}
#: "adamm" is one slip from adam and two from adamw: both are suggested, adam first
TYPO = {"surface": "rosenbrock", "optimizers": [{"name": "adamm"}], "steps": 10}
ONE_TYPO = {"surface": "rosenbrock", "optimizers": ["rmsprp"], "steps": 10}
CAMERA = {"azimuth": 30, "elevation": 120, "distance": 8, "center": [0, 0, 0]}
BAD_CAMERA = {"surface": "rosenbrock", "optimizers": ["adam"], "steps": 10,
              "view": {"camera": CAMERA}}  # fmt: skip
ZOOM = {"surface": "rosenbrock", "optimizers": ["adam"], "steps": 10,
        "view": {"camera": {**CAMERA, "elevation": 20, "zoom": 2}}}  # fmt: skip


@pytest.fixture
def opener(gl, qtbot, tmp_path, monkeypatch):
    """(open, window): ``open(name, data)`` writes ``data`` as JSON to ``name`` in a folder
    that is the working directory (short names: a long path is shortened in a message) and
    opens it as File → Open does; returns the message the window showed ("" when opened)."""
    from gradscape.app.export.controller import install_export_menu
    from gradscape.app.windows.main_window import MainWindow

    win = MainWindow(persist=False, synchronous=True)
    qtbot.addWidget(win)
    win.state.steps = 12
    ctl = install_export_menu(win, window_factory=MainWindow.offscreen)
    monkeypatch.chdir(tmp_path)

    def open_file(name: str, data: object | None) -> str:
        if data is not None:
            (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
        ctl.last_error = ""
        if ctl.open_scene(name):
            return ""
        box = ctl.message_box
        assert box is not None and box.isVisible()
        text = box.text()
        box.close()
        assert text == ctl.last_error  # (what the box shows is what the controller said)
        return text

    return open_file, win


@pytest.mark.gl
def test_open_scene_explains_a_field_s_problem_in_japanese_with_its_values(japanese, opener):
    open_file, win = opener
    before = win.state.scene
    # (a) steps out of range: the field's name stays, its range and the value are said
    assert open_file("steps.json", BAD_STEPS) == (
        "steps.json: steps: 0 から 1000000 までの整数にしてください（入力: 2000000）"
    )
    # (b) an unknown optimizer: the kind in Japanese, the names suggested and valid as names
    assert open_file("typo.json", TYPO) == (
        "typo.json: optimizers[0].name: 'adamm' という最適化手法はありません。"
        f"adam または adamw のことですか？ 使える名前: {VALID}"
    )
    assert open_file("one.json", ONE_TYPO) == (
        "one.json: optimizers[0].name: 'rmsprp' という最適化手法はありません。"
        f"rmsprop のことですか？ 使える名前: {VALID}"
    )
    # (c) the camera: a value out of range, and a key the camera does not have
    assert open_file("camera.json", BAD_CAMERA) == (
        "camera.json: view.camera.elevation: -90 度から 90 度までにしてください（入力: 120）"
    )
    assert open_file("zoom.json", ZOOM) == (
        "zoom.json: view.camera.zoom: 知らない項目です。使える項目: "
        "azimuth, elevation, distance, center"
    )
    # (d) no such file
    assert open_file("nothing.json", None) == (
        "nothing.json: 'nothing.json' というファイルはありません"
    )
    assert win.state.scene is before  # nothing half-opened


@pytest.mark.gl
def test_more_field_refusals_are_japanese(japanese, opener):
    open_file, _ = opener
    base = {"surface": "rosenbrock", "optimizers": ["adam"], "steps": 10}
    cases = [
        ({**base, "start": [1, float("inf")]},
         "start: 有限の数を 2 つにしてください（入力: [1, inf]）"),
        ({**base, "seed": -3}, "seed: 0 以上の整数か null にしてください（入力: -3）"),
        ({**base, "batch_size": 4},
         "batch_size: Rosenbrock にはデータのサンプルがありません。null にしてください"),
        ({**base, "optimizers": [{"name": "adam", "hyper": 5}]},
         "optimizers[0].hyper: オブジェクトにしてください（入力: 5）"),
        ({**base, "optimizers": [{"name": "adam", "hyper": {"eta": {"base": 1}}}]},
         "optimizers[0].hyper.eta: スケジュールには 'schedule' の名前が必要です"
         "（入力: {'base': 1}）"),
        ({**base, "version": 7}, "version: gradscape が読めるのはバージョン 1 です（入力: 7）"),
        ({**base, "paths": [{"name": "p", "points": [[0, 0], [1]], "loss": [1, 2]}]},
         "paths[0].points[1]: [a, b] の組にしてください（入力: [1]）"),
    ]  # fmt: skip
    for i, (data, said) in enumerate(cases):
        assert open_file(f"s{i}.json", data) == f"s{i}.json: {said}"


@pytest.mark.gl
def test_the_same_refusals_read_as_before_in_english(opener):
    open_file, _ = opener
    assert open_file("steps.json", BAD_STEPS) == (
        "steps.json: steps: must be an integer in [0, 1000000], got 2000000"
    )
    assert open_file("typo.json", TYPO) == (
        "typo.json: optimizers[0].name: unknown optimizer 'adamm'; did you mean adam or "
        f"adamw? valid names: {VALID}"
    )
    assert open_file("camera.json", BAD_CAMERA) == (
        "camera.json: view.camera.elevation: must be in [-90, 90] degrees, got 120"
    )
    assert open_file("nothing.json", None) == "nothing.json: no such file 'nothing.json'"


# ------------------------------------------------------------------ the command line: English


@pytest.mark.parametrize(
    "data, line",
    [
        (BAD_STEPS, "steps: must be an integer in [0, 1000000], got 2000000"),
        (TYPO, "optimizers[0].name: unknown optimizer 'adamm'; did you mean adam or adamw? "
               f"valid names: {VALID}"),
        (BAD_CAMERA, "view.camera.elevation: must be in [-90, 90] degrees, got 120"),
        (None, "--scene: no such file 'bad.json'"),
    ],
    ids=["steps", "optimizer", "camera", "missing"],
)  # fmt: skip
def test_the_cli_prints_the_same_english_line_under_a_japanese_locale(tmp_path, data, line):
    if data is not None:
        (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANGUAGE"}
    env.update(LANG="ja_JP.UTF-8", PYTHONPATH=str(ROOT))
    r = subprocess.run(
        [sys.executable, "-m", "gradscape", "export", "--scene", "bad.json", "-o", "o.csv"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 2
    said = f"gradscape export: error: {line}"
    if len(said) > 299:  # (a program's line stays under 300 characters: cut, ending in "…")
        said = said[:298] + "…"
    assert r.stderr.strip() == said
    assert not (tmp_path / "o.csv").exists()
