"""The main window's panels and views in Japanese (issue 14): the texts the widgets really
show, read off the widgets, after ``install_language(qapp, "ja")``; and the same widgets
made again after switching back to English say exactly what they said before.

The Japanese expected here is written out by hand (the glossary's terms), not read from the
.ts file: a wrong or missing translation fails.
"""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QLabel, QMenu

from gradscape.app.controls.expression_dialog import ExpressionDialog
from gradscape.app.controls.optimizer_panel import OptimizerPanel
from gradscape.app.controls.overlay_menu import OverlayActions
from gradscape.app.controls.param_form import ParamForm
from gradscape.app.controls.playback_bar import PlaybackBar
from gradscape.app.controls.scene_panels import StartPanel, SurfacePanel
from gradscape.app.model.compute import ComputeController
from gradscape.app.model.state import AppState
from gradscape.app.runtime import install_language, translate
from gradscape.app.views.equations import EquationsPanel
from gradscape.app.views.plots import LossCurveView
from gradscape.app.views.step_plot import StepPlotView
from gradscape.core.optimizers import OPTIMIZERS


@pytest.fixture
def state():
    st = AppState()
    st.grid = 30
    st.steps = 20
    return st


def _type(qtbot, field, text: str) -> str:
    """Type ``text`` into a validated field (as the user does) and return its message."""
    field.edit.clear()
    if text:
        qtbot.keyClicks(field.edit, text)
    else:  # emptied by the user: a keystroke, then Backspace
        qtbot.keyClicks(field.edit, "1")
        qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)
    return field.error_text


def _label_of(form, field) -> str:
    label = form.labelForField(field)
    assert isinstance(label, QLabel)
    return label.text()


# ------------------------------------------------------------------ group titles, buttons


def test_the_panels_titles_and_buttons_are_japanese(qtbot, japanese, state):
    start, opt, surf = StartPanel(state), OptimizerPanel(state), SurfacePanel(state)
    for w in (start, opt, surf):
        qtbot.addWidget(w)
    assert start.title() == "開始点とステップ数"
    assert opt.title() == "最適化手法"
    assert surf.title() == "損失曲面"
    assert opt.add_btn.text() == "比較に追加"
    assert opt.remove_btn.text() == "削除"
    assert opt.reset_btn.text() == "既定値に戻す"
    assert start.reset_start.text() == "曲面の開始点"
    assert start.w_label.text() == "開始点 w" and start.b_label.text() == "開始点 b"
    assert start.batch.edit.placeholderText() == "フルバッチ"
    assert surf.add_row.text() == "サンプルを追加"
    # the η field's own tooltip, and the optimizer names, which stay names
    assert opt.eta.edit.toolTip() == "学習率 η（スケジュールを使うときは最初のステップの値）"
    assert opt.combo.itemText(opt.combo.findData("adam")) == "Adam"


def test_core_words_show_in_japanese_in_the_forms(qtbot, japanese):
    """Param.doc as tooltips and Param.display as labels, through translate("core", …)."""
    assert translate("core", "learning rate η") == "学習率 η"
    form = ParamForm(lambda n, v: None)
    qtbot.addWidget(form)
    form.build(OPTIMIZERS["momentum"].params, {"eta": 0.1, "mu": 0.9, "dampening": 0.0})
    eta, mu, damp = form.fields["eta"], form.fields["mu"], form.fields["dampening"]
    assert form.form.labelForField(eta).toolTip() == "学習率 η"
    # the field's tooltip: the meaning and the valid range, both in Japanese
    assert eta.edit.toolTip() == "学習率 η（0 より大きい値）"
    assert mu.edit.toolTip() == "モーメンタム係数 μ（[0, 1) の範囲）"
    assert _label_of(form.form, damp) == "ダンピング"
    assert _label_of(form.form, mu) == "μ"  # a symbol stays a symbol
    form.build(OPTIMIZERS["adam"].params, {"eta": 0.01, "beta1": 0.9})
    assert _label_of(form.form, form.fields["beta1"]) == "beta1"
    assert (
        form.fields["beta1"].edit.toolTip() == "一次モーメント（g の平均）の減衰率（[0, 1) の範囲）"
    )


def test_a_bad_eta_is_explained_in_japanese(qtbot, japanese, state):
    opt = OptimizerPanel(state)
    qtbot.addWidget(opt)
    assert _type(qtbot, opt.eta, "-1") == "eta は 0 より大きい値にしてください（入力: -1.0）"
    assert (
        _type(qtbot, opt.eta, "abc") == "eta は 0 より大きい値の数値にしてください（入力: 'abc'）"
    )
    start = StartPanel(state)
    qtbot.addWidget(start)
    assert (
        _type(qtbot, start.steps, "0")
        == "ステップ数 は [1, 100000] の範囲にしてください（入力: 0）"
    )
    assert _type(qtbot, start.w, "") == "開始点 w が空です: 数値を入力してください"
    assert state.steps == 20  # nothing invalid reached the state


def test_the_schedule_combo_and_its_form_speak_japanese(qtbot, japanese, state):
    opt = OptimizerPanel(state)
    qtbot.addWidget(opt)
    assert opt.schedule.toolTip() == (
        "η の学習率スケジュール: ステップ t とともに学習率がどう変わるか"
    )
    state.set_schedule("eta", "cosine")
    labels = [
        opt.schedule_form.form.itemAt(i, opt.schedule_form.form.ItemRole.LabelRole).widget().text()
        for i in range(opt.schedule_form.form.rowCount())
    ]
    assert "η T max" in labels and "η 最小値" in labels  # "T max" is a symbol; "low" a word


# ------------------------------------------------------------------ playback, overlays


def test_the_playback_bar_and_the_overlay_menu_are_japanese(qtbot, japanese, state):
    bar = PlaybackBar(state)
    qtbot.addWidget(bar)
    assert bar.play.toolTip() == "再生 / 一時停止 (Space)"
    assert bar.speed.itemText(bar.speed.findData(30.0)) == "30 ステップ/秒"
    menu = QMenu()
    actions = OverlayActions(menu, menu, state)
    assert actions.menu.title() == "現在のステップの重ね描き(&O)"
    assert actions.actions["grad"].text() == "勾配の矢印 (−η·g)"
    assert actions.actions["effective"].text() == "軸ごとの実効ステップ"
    menu.deleteLater()


def test_module_level_words_follow_a_language_switch(qtbot, qapp, state):
    """OVERLAY_TEXT is defined at import (English): the menu made after a switch shows
    the language installed then, both ways."""
    menus = []
    try:
        for lang, want in (("ja", "移動の矢印 (Δ)"), ("en", "Move arrows (Δ)")):
            install_language(qapp, lang)
            menu = QMenu()
            menus.append(menu)
            assert OverlayActions(menu, menu, state).actions["move"].text() == want
    finally:
        install_language(qapp, "en")
        for m in menus:
            m.deleteLater()


# ------------------------------------------------------------------ equations and views


@pytest.fixture
def computed(qtbot, state):
    ctl = ComputeController(state, synchronous=True)
    yield state, ctl
    ctl.shutdown()


def test_the_equations_panel_speaks_japanese(qtbot, japanese, computed):
    st, ctl = computed
    st.set_optimizer("santae")
    eqs = EquationsPanel(st)
    qtbot.addWidget(eqs)
    ctl.request()
    st.step = 3
    eqs.refresh()
    text = eqs.toPlainText()
    assert "ステップ t = 3:" in text
    assert "アニーリング率 = " in text  # core's display "annealing rate"
    assert "バーンイン = " in text
    assert "実効ステップ" in text  # the effective step's row
    for english in ("Step t", "annealing rate", "effective step", "burnin = "):
        assert english not in text
    # the optimizer's name and the symbols stay
    assert "Santa-E" in text or "SantaE" in text
    assert "λ = " in text


def test_the_views_axes_are_japanese(qtbot, japanese, computed):
    st, ctl = computed
    loss, steps = LossCurveView(st), StepPlotView(st)
    for w in (loss, steps):
        qtbot.addWidget(w)
    ctl.request()
    plot = loss.getPlotItem()
    assert plot.getAxis("bottom").labelText == "ステップ"
    assert plot.getAxis("left").labelText == "損失"
    sp = steps.getPlotItem()
    assert sp.getAxis("left").labelText == "log₁₀ ステップ"
    assert sp.titleLabel.text == "軸ごとの実効ステップ: w は実線、b は破線"


def test_the_expression_dialog_is_japanese(qtbot, japanese, state):
    dlg = ExpressionDialog(state)
    qtbot.addWidget(dlg)
    assert dlg.windowTitle() == "カスタム曲面"
    assert dlg.examples.itemText(0) == "例…"
    lo, hi = dlg.bounds[0], dlg.bounds[1]
    lo.edit.setText("2")
    hi.edit.setText("1")
    assert not dlg._check()
    assert dlg.domain_error.text() == "w: 下限は上限より小さくしてください（入力: 2 と 1）"
    assert _type(qtbot, lo, "x") == "w の下限 は数値にしてください（入力: 'x'）"


# ------------------------------------------------------------------ English unchanged


def test_english_is_unchanged_after_switching_back(qtbot, qapp, state):
    install_language(qapp, "ja")
    install_language(qapp, "en")
    start, opt = StartPanel(state), OptimizerPanel(state)
    for w in (start, opt):
        qtbot.addWidget(w)
    assert start.title() == "Start and steps" and opt.title() == "Optimizers"
    assert opt.add_btn.text() == "Add to race"
    # a bad η: the very message core's own check gives
    spec = next(p for p in OPTIMIZERS["sgd"].params if p.name == "eta")
    with pytest.raises(ValueError) as core_says:
        spec.validate(-1.0)
    assert _type(qtbot, opt.eta, "-1") == str(core_says.value) == "eta must be > 0, got -1.0"
    assert _type(qtbot, start.steps, "0") == "steps must be in [1, 100000], got 0"
    form = ParamForm(lambda n, v: None)
    qtbot.addWidget(form)
    form.build(OPTIMIZERS["momentum"].params, {"eta": 0.1, "mu": 0.9})
    mu = next(p for p in OPTIMIZERS["momentum"].params if p.name == "mu")
    assert form.fields["mu"].edit.toolTip() == f"{mu.doc} ({mu.range_text()})"


def test_the_speeds_read_as_before_in_english(qtbot, state):
    bar = PlaybackBar(state)
    qtbot.addWidget(bar)
    assert [bar.speed.itemText(i) for i in range(bar.speed.count())][:3] == [
        "5 steps/s",
        "15 steps/s",
        "30 steps/s",
    ]
    assert np.isclose(bar.speed.itemData(0), 5.0)


def test_the_choices_words_are_japanese_and_names_stay(qtbot, japanese, state):
    """Surfaces' names and descriptions, schedules, activations and losses: core's words."""
    surf, opt = SurfacePanel(state), OptimizerPanel(state)
    for w in (surf, opt):
        qtbot.addWidget(w)
    combo = surf.combo
    assert combo.itemText(combo.findData("saddle")) == "鞍点 y² − x²"
    assert combo.itemText(combo.findData("rosenbrock")) == "Rosenbrock"  # a name
    state.surface = "rosenbrock"
    assert (
        surf.doc.text() == "z = (1 − x)² + 100(y − x²)²: 曲がった細い谷です。最小値は (1, 1) で 0。"
    )
    assert opt.schedule.itemText(opt.schedule.findData("cosine")) == "コサイン"
    state.surface = "neuron"
    act, loss = surf.params.fields["act"], surf.params.fields["loss"]
    assert act.itemText(act.findData("sigmoid")) == "シグモイド"
    assert act.itemText(act.findData("relu")) == "ReLU"
    assert loss.itemText(loss.findData("square")) == "二乗誤差"
    label = surf.params.form.labelForField(act)
    assert label.text() == "活性化関数" and label.toolTip() == "ニューロンの活性化関数"
