"""core/'s messages with values in them, in the Japanese interface (issue 14): the formula
checker's refusals, the surface's caveat and refusals, a schedule's refusal, the landscape
badge — read off the widgets that show them.  Every template core registers is in the .ts
file, translated with the same placeholders; the command line stays English.

The Japanese expected here is written out by hand (the glossary's terms), not read from the
.ts file: a wrong or missing translation fails.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PyQt6.QtCore import Qt

from gradscape.app.controls.expression_dialog import ExpressionDialog
from gradscape.app.controls.optimizer_panel import OptimizerPanel
from gradscape.app.controls.scene_panels import SurfacePanel
from gradscape.app.model.state import AppState
from gradscape.app.model.words import core_message
from gradscape.core._message import TEMPLATES, Message, template
from gradscape.core.surfaces import FUNCTIONS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ROOT = Path(__file__).resolve().parents[3]
TS = ROOT / "resources" / "i18n" / "gradscape_ja.ts"
_spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
assert _spec is not None and _spec.loader is not None
TOOL = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(TOOL)

#: The whitelist's functions as the messages list them.
ALL = ", ".join(FUNCTIONS)


@pytest.fixture
def state():
    st = AppState()
    st.grid = 30
    st.steps = 20
    return st


def _typed(qtbot, dialog: ExpressionDialog, text: str) -> str:
    """Type ``text`` as the formula (as the user does) and return the message under it."""
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, text)
    return dialog.error.text() if not dialog.error.isHidden() else ""


# ------------------------------------------------------------------ the formula dialog


def test_a_refused_formula_is_explained_in_japanese_with_its_values(qtbot, japanese, state):
    dlg = ExpressionDialog(state)
    qtbot.addWidget(dlg)
    assert _typed(qtbot, dlg, '__import__("os")') == (
        f"式: '__import__' という関数はありません。使える関数: {ALL}（1 文字目）"
    )
    assert not dlg.ok_button.isEnabled()
    for typed, said in [
        ("w + os", "式: 'os' という名前は使えません。変数は w と b です（5 文字目）"),
        ("w^2", "式: ^ はべき乗ではありません: ** と書いてください（例: w**2）（1 文字目）"),
        ("w.real", "式: 属性（.）は使えません（2 文字目）"),
        ("sin(w, b)", "式: sin() の引数は 1 つです（入力: 2 個）（1 文字目）"),
        ("w**2 / 0", "式: 0 で割っています（8 文字目）"),
        ("w**1000", "式: 指数 1000 が大きすぎます（絶対値 100 まで）（4 文字目）"),
        ("w +", "式: 式として読めません: 途中で終わっています"),
    ]:
        assert _typed(qtbot, dlg, typed) == said
    # a long refused name is shortened as in English: its first 60 characters and its length
    assert _typed(qtbot, dlg, "x" * 100) == (
        f"式: '{'x' * 60}…（100 文字）' という名前は使えません。変数は w と b です（1 文字目）"
    )
    assert _typed(qtbot, dlg, "w**2 + b**2") == ""
    assert dlg.ok_button.isEnabled()


def test_a_formula_refused_at_ok_is_explained_in_japanese_and_the_dialog_stays(
    qtbot, japanese, state
):
    dlg = ExpressionDialog(state)
    qtbot.addWidget(dlg)
    before = state.scene
    _typed(qtbot, dlg, "sqrt(-1 - w**2)")  # passes the whitelist, is real nowhere
    dlg.apply()
    assert dlg.error.text() == (
        "式: sqrt(-1 - w**2) は w ∈ [-3, 3], b ∈ [-3, 3] で有限の値をとりません"
    )  # (the scene's field, "surface_params: ", is not shown: the dialog is that field)
    assert state.scene is before and dlg.result() == 0


def test_a_chosen_formula_is_described_in_japanese(qtbot, japanese, state):
    panel = SurfacePanel(state)
    qtbot.addWidget(panel)
    dlg = ExpressionDialog(state)
    qtbot.addWidget(dlg)
    _typed(qtbot, dlg, "w**2 + 3*b**2")
    dlg.apply()
    assert state.surface == "expr" and dlg.result() == 1
    assert panel.doc.text() == "z = w**2 + 3*b**2   範囲: w ∈ [-3, 3], b ∈ [-3, 3]"


def test_the_same_refusal_reads_as_before_in_english(qtbot, state):
    dlg = ExpressionDialog(state)
    qtbot.addWidget(dlg)
    assert _typed(qtbot, dlg, "w + os") == (
        "expression: unknown name 'os'; the variables are w and b at column 5"
    )
    _typed(qtbot, dlg, "sqrt(-1 - w**2)")
    dlg.apply()
    assert dlg.error.text() == (
        "expression: sqrt(-1 - w**2) has no finite value on w ∈ [-3, 3], b ∈ [-3, 3]"
    )


# ------------------------------------------------------------------ the surface panel


def test_the_binary_cross_entropy_caveat_is_japanese(qtbot, japanese):
    st = AppState()
    st.surface = "neuron"
    st.set_surface_param("act", "identity")
    st.set_surface_param("loss", "binary")
    panel = SurfacePanel(st)
    qtbot.addWidget(panel)
    panel.show()
    assert not panel.caveat.isHidden()
    # the activation's name is one of core's words: said in Japanese inside the sentence
    assert panel.caveat.text() == (
        "二値交差エントロピーには (0, 1) の範囲の出力が必要ですが、恒等関数 の出力はこの範囲の"
        "外に出ることがあります。外に出たところでは損失が切り詰められて平らになり（勾配 0）、"
        "最適化手法はそこで止まります。シグモイドなら出力はいつも範囲の中です。"
    )


def test_a_refused_loss_choice_is_explained_in_japanese_with_the_targets(qtbot, japanese):
    st = AppState()
    st.surface = "neuron"
    st.set_surface_param("loss", "square")
    st.samples = [(0.0, 1000.0), (1.0, 0.0), (2.0, -2.5)]
    panel = SurfacePanel(st)
    qtbot.addWidget(panel)
    panel.show()
    combo = panel.params.fields["loss"]
    i = combo.findData("binary")
    combo.setCurrentIndex(i)
    combo.activated.emit(i)
    assert st.surface_params["loss"] == "square"
    assert panel.caveat.text() == (
        "二値交差エントロピーでは目標値 y* を [0, 1] の範囲にしてください（入力: y* = 1000, -2.5）"
    )


# ------------------------------------------------------------------ a schedule's refusal


def _confirm(qtbot, field, text: str) -> str:
    field.edit.clear()
    qtbot.keyClicks(field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    return field.error_text


def test_a_schedule_the_optimizer_refuses_is_explained_in_japanese(qtbot, japanese, state):
    opt = OptimizerPanel(state)
    qtbot.addWidget(opt)
    state.set_schedule("eta", "oneCycle")
    fields = opt.schedule_form.fields
    # 0.3 × 2 steps: the warm-up has no length (core's check, said in Japanese)
    assert _confirm(qtbot, fields["total_steps"], "2") == (
        "pct_start·total_steps = 0.6 では one-cycle スケジュールの段階の長さが 0 になります。"
        "total_steps を大きくするか pct_start を変えてください"
    )
    assert state.run.hyper_dict["eta"]["total_steps"] == 20  # (the scene's steps) unchanged
    # the refusal is the field's until a valid value is confirmed
    assert _confirm(qtbot, fields["total_steps"], "10") == ""
    assert state.run.hyper_dict["eta"]["total_steps"] == 10


# ------------------------------------------------------------------ the landscape badge


@pytest.mark.gl
def test_the_landscape_badge_is_japanese(gl, qtbot, japanese, tmp_path):
    from gradscape.app.model.compute import ComputeController
    from gradscape.app.views.factory import make_view
    from gradscape.core.landscape import Landscape, LandscapeSpec, compute_landscape
    from gradscape.core.scene import landscape_scene

    spec = LandscapeSpec(data="xor", hidden=(4,), epochs=2, batch_size=16, directions="pca",
                         grid=9, span=1.0)  # fmt: skip
    compute_landscape(spec, workers=1).save(tmp_path / "land.npz")
    land = Landscape.load(tmp_path / "land.npz")
    st = AppState(scene=landscape_scene(tmp_path / "land.npz"))
    st.grid = 30
    ctl = ComputeController(st)
    view = make_view("3d", st)
    qtbot.addWidget(view)
    view.resize(320, 240)
    ctl.request()
    qtbot.waitUntil(ctl.is_current, timeout=30000)
    try:
        share = 100 * float(land.path_explained)
        gap = float(np.max(np.abs(land.plane_path_loss - land.path_loss)))
        assert view.overlay.badge == (
            f"射影 — {land.theta.size:,} 次元のうち 2 次元、軌跡の分散の {share:.1f} %。"
            f"軌跡上の平面の損失と本当の損失の差: 最大 {gap:.3g}"
        )
    finally:
        ctl.shutdown()


# ------------------------------------------------------------------ File → Open scene


@pytest.mark.gl
def test_open_scene_explains_a_refused_file_in_japanese(
    gl, qtbot, japanese, tmp_path, monkeypatch
):
    import json

    from gradscape.app.export.controller import install_export_menu
    from gradscape.app.windows.main_window import MainWindow

    win = MainWindow(persist=False, synchronous=True)
    qtbot.addWidget(win)
    win.state.steps = 12
    ctl = install_export_menu(win, window_factory=MainWindow.offscreen)
    before = win.state.scene
    formula = tmp_path / "formula.json"
    formula.write_text(json.dumps({"surface": "expr", "surface_params": {"expression": "w + os"},
                                   "optimizers": ["adam"], "steps": 10}))  # fmt: skip
    assert not ctl.open_scene(str(formula))
    assert ctl.last_error == (
        f"{formula}: surface_params: 式: 'os' という名前は使えません。変数は w と b です"
        "（5 文字目）"
    )  # (the scene file's field names are names: they stay)
    ctl.message_box.close()
    eta = tmp_path / "eta.json"
    adam = {"name": "adam", "hyper": {"eta": -1}}
    eta.write_text(json.dumps({"surface": "rosenbrock", "steps": 10, "optimizers": [adam]}))
    assert not ctl.open_scene(str(eta))
    assert ctl.last_error == (
        f"{eta}: optimizers[0].hyper: eta は 0 より大きい値にしてください（入力: -1.0）"
    )
    ctl.message_box.close()
    # a file that is no scene: the file's problem in Japanese (the JSON parser's own words
    # and the file's name as they are)
    broken = tmp_path / "broken.json"
    broken.write_text("{surface: 1}")
    assert not ctl.open_scene(str(broken))
    assert ctl.last_error == (
        f"{broken}: scene: 正しい JSON ではありません（1 行 2 文字目: Expecting property name "
        "enclosed in double quotes）"
    )
    ctl.message_box.close()
    (tmp_path / "folder").mkdir()
    monkeypatch.chdir(tmp_path)  # (a short name: a long one is shortened, as below)
    assert not ctl.open_scene("folder")
    assert ctl.last_error == "folder: 'folder' はフォルダで、シーンファイルではありません"
    ctl.message_box.close()
    long = "f" * 70
    (tmp_path / long).mkdir()
    assert not ctl.open_scene(long)
    assert ctl.last_error == (
        # (reprlib at 40 characters: the quoted text's first 18 and last 19, quotes included)
        f"{long}: '{'f' * 17}...{'f' * 18}'（70 文字） はフォルダで、シーンファイルではありません"
    )
    ctl.message_box.close()
    assert win.state.scene is before


# ------------------------------------------------------------------ one function, every template


def test_core_message_says_a_message_and_its_nested_values_and_leaves_plain_text():
    inner = Message("{name} is not allowed", name="w")
    outer = Message("{where}: {problem}", where="there", problem=inner)
    said = {"{where}: {problem}": "[{where}] {problem}", "{name} is not allowed": "no {name}"}

    def tr(context, text):
        assert context == "core"
        return said.get(text, text)

    assert core_message(outer, tr) == "[there] no w"
    assert core_message(ValueError(outer), tr) == "[there] no w"
    assert core_message(ValueError("plain words"), tr) == "plain words"
    assert core_message(ValueError("a", "b"), tr) == "('a', 'b')"  # str() of the exception
    # a translation whose fields do not match falls back to English, never raises
    assert core_message(inner, lambda c, t: "kein {nom}") == "w is not allowed"


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{(\w*)\}", text))


def test_every_template_core_registers_is_translated_with_its_placeholders():
    templates = TOOL.core_templates()  # (imports every core module)
    assert len(templates) > 80
    messages = TOOL.messages(TS)
    for text in templates:
        msg = messages.get(("core", text))
        assert msg is not None, f"not in {TS.name} (run tools/i18n.py update): {text!r}"
        assert TOOL.is_finished(msg), f"untranslated: {text!r}"
        said = msg.findtext("translation", "")
        assert _placeholders(said) == _placeholders(text), (text, said)
    # a template registered anywhere is found the same way: the registry is the source
    extra = template("a message registered by a test, {value}")
    try:
        assert extra in TOOL.core_templates()
    finally:
        del TEMPLATES[extra]


def test_the_generated_core_strings_hold_every_template():
    from gradscape.app.model.core_strings import CORE_STRINGS

    assert set(TOOL.core_templates()) <= set(CORE_STRINGS)


# ------------------------------------------------------------------ the command line: English


def test_the_cli_says_a_refused_formula_in_english_under_a_japanese_locale(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANGUAGE"}
    env.update(LANG="ja_JP.UTF-8", PYTHONPATH=str(ROOT))
    r = subprocess.run(
        [sys.executable, "-m", "gradscape", "export", "--surface", 'expr:__import__("os")',
         "-o", str(tmp_path / "o.csv")],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 2
    assert r.stderr.strip() == (
        "gradscape export: error: --surface expr: expression: unknown function "
        f"'__import__'; the functions are {ALL} at column 1"
    )
    assert not (tmp_path / "o.csv").exists()


def test_the_cli_in_the_gui_s_process_stays_english_while_japanese_is_installed(
    japanese, capsys, tmp_path, monkeypatch
):
    from gradscape.app.export import cli as cli_export

    for key in ("QT_QPA_PLATFORM", "DISPLAY"):  # (the CLI may set them: restored after)
        if key in os.environ:
            monkeypatch.setenv(key, os.environ[key])
    rc = cli_export.main(["--surface", "expr:w + os", "-o", str(tmp_path / "o.csv")])
    assert rc == 2
    assert capsys.readouterr().err.strip() == (
        "gradscape export: error: --surface expr: expression: unknown name 'os'; "
        "the variables are w and b at column 5"
    )
