"""The "Sweep η…" dialog: the button beside the race's and View → Sweep η… open it; it
checks the values as they are typed, says when the race's room cuts a list, and OK makes
the race of one optimizer over the η (equal to single engine runs) in the η ramp."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QKeySequence

from gradscape.app.controls.optimizer_panel import OptimizerPanel
from gradscape.app.controls.sweep_dialog import SweepDialog, add_sweep_button
from gradscape.app.model.choices import MAX_RUNS
from gradscape.app.model.results import compute_result
from gradscape.app.model.state import AppState
from gradscape.app.model.sweep import ramp_colors
from gradscape.core.scene import Scene
from gradscape.core.trajectory import descend

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def state():
    st = AppState()
    st.scene = Scene(surface="rosenbrock", optimizers=[("nag", {"eta": 0.001, "mu": 0.8})],
                     start=[-1.5, 2.0], steps=40, seed=0)  # fmt: skip
    return st


@pytest.fixture
def dialog(qtbot, state):
    dlg = SweepDialog(state)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def type_into(qtbot, edit, text):
    edit.selectAll()
    edit.del_()
    qtbot.keyClicks(edit, text)


def test_log_spaced_sweep_makes_the_race_of_single_runs(qtbot, dialog, state):
    # the selected run's optimizer, and ends around its η
    assert dialog.key == "nag" and dialog.log_radio.isChecked()
    assert (dialog.start.text(), dialog.stop.text()) == ("1e-05", "0.001")
    type_into(qtbot, dialog.start, "0.00001")
    type_into(qtbot, dialog.stop, "0.01")
    dialog.count.setValue(4)
    assert dialog.etas == (1e-05, 1e-04, 1e-03, 1e-02)
    assert dialog.preview.text() == "4 runs of NAG (Nesterov): η = 1e-05, 0.0001, 0.001, 0.01"
    assert dialog.ok_button.isEnabled() and dialog.error.isHidden()
    with qtbot.waitSignal(state.sceneChanged):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SweepDialog.DialogCode.Accepted
    runs = state.runs
    assert [r.optimizer for r in runs] == ["nag"] * 4
    assert [r.hyper_dict["eta"] for r in runs] == [1e-05, 1e-04, 1e-03, 1e-02]
    assert all(r.hyper_dict["mu"] == 0.8 for r in runs)  # the run's other values kept
    assert state.run_colors == ramp_colors((1e-05, 1e-04, 1e-03, 1e-02))
    res = compute_result(state.scene, colors=state.run_colors)
    for run, traj in zip(runs, res.trajectories, strict=True):
        alone = descend(state.surface_object(), ("nag", run.hyper_dict), (-1.5, 2.0), 40, seed=0)
        np.testing.assert_array_equal(traj.params, alone.params)


def test_bad_values_are_explained_and_ok_disabled(qtbot, dialog, state):
    before = state.scene
    for edit, text, message in (
        (dialog.start, "abc", "“abc” is not a number."),
        (dialog.start, "-1", "Both ends must be positive numbers."),
        (dialog.start, "0.001", "The two ends must differ."),
        (dialog.start, "1 2", "Type one number in each end's field."),
        (dialog.values, "0.1, 0.2, 0.1", "η = 0.1 appears twice."),
        (dialog.values, "0.1 -2", "η = -2 is outside NAG (Nesterov)'s range"),
        (dialog.values, "0.1, 1+1", "“1+1” is not a number."),
    ):
        type_into(qtbot, edit, text)
        assert dialog.error.text().startswith(message), dialog.error.text()
        assert not dialog.error.isHidden() and not dialog.ok_button.isEnabled()
        assert dialog.preview.text() == ""
    # typing into the list chose the list; Cancel changes nothing
    assert dialog.list_radio.isChecked()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert state.scene is before


def test_a_long_list_is_cut_to_the_races_room_and_says_so(qtbot, dialog, state):
    assert dialog.count.maximum() == MAX_RUNS  # the count cannot ask for more
    values = [f"{v:g}" for v in np.linspace(0.0001, 0.001, MAX_RUNS + 3)]
    type_into(qtbot, dialog.values, ", ".join(values[::-1]))  # largest first
    assert dialog.list_radio.isChecked()
    assert dialog.note.text() == (
        f"The race holds at most {MAX_RUNS} runs: the first {MAX_RUNS} values are kept, 3 left out."
    )
    kept = sorted(float(v) for v in values[::-1][:MAX_RUNS])
    assert list(dialog.etas) == kept
    assert dialog.apply()
    assert [r.hyper_dict["eta"] for r in state.runs] == kept


def test_another_optimizer_takes_its_demo_values(qtbot, dialog, state):
    dialog.optimizer.setCurrentIndex(dialog.optimizer.findData("adam"))
    type_into(qtbot, dialog.values, "0.01 0.1")
    assert dialog.apply()
    assert [r.optimizer for r in state.runs] == ["adam", "adam"]
    assert state.runs[0].hyper_dict["beta1"] == 0.9


def test_the_button_beside_the_race_and_the_menu_open_it(qtbot, gl):
    from PyQt6.QtWidgets import QApplication

    from gradscape.app.windows.main_window import MainWindow

    win = MainWindow(persist=False, synchronous=True)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    panel = win.optimizer_panel
    button = win.sweep_button
    assert button.text() == "Sweep η…"
    # in the row of the race's buttons
    assert button.parentWidget() is panel.add_btn.parentWidget()
    assert abs(button.geometry().center().y() - panel.add_btn.geometry().center().y()) <= 2
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dlg = QApplication.activeModalWidget()
    assert isinstance(dlg, SweepDialog) and dlg.parent() is win
    dlg.reject()
    act = win.sweep_action
    assert act in win.view_menu.actions() and act.shortcut() == QKeySequence("Ctrl+Shift+W")
    act.trigger()
    dlg = QApplication.activeModalWidget()
    assert isinstance(dlg, SweepDialog)
    dlg.reject()


def test_button_goes_into_any_panel_with_an_add_button(qtbot):
    st = AppState()
    panel = OptimizerPanel(st)
    qtbot.addWidget(panel)
    button = add_sweep_button(panel, st)
    row = next(
        panel.layout().itemAt(i).layout()
        for i in range(panel.layout().count())
        if panel.layout().itemAt(i).layout() is not None
        and panel.layout().itemAt(i).layout().indexOf(panel.add_btn) >= 0
    )
    assert row.indexOf(button) == row.indexOf(panel.add_btn) + 2


def test_the_dialog_and_the_table_speak_japanese(qtbot, qapp, state):
    from gradscape.app.controls.summary_panel import SummaryPanel
    from gradscape.app.runtime import install_language

    assert install_language(qapp, "ja") == "ja"
    try:
        dlg = SweepDialog(state)
        qtbot.addWidget(dlg)
        assert dlg.windowTitle() == "η のスイープ"
        dlg.values.setText("0.1 0.1")
        dlg.list_radio.setChecked(True)
        assert dlg.error.text() == "η = 0.1 が 2 回あります。"
        panel = SummaryPanel(state)
        qtbot.addWidget(panel)
        head = panel.model.headerData(3, Qt.Orientation.Horizontal)
        assert head == "損失 ≤ 0.01 のステップ"
    finally:
        install_language(qapp, "en")
