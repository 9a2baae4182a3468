"""The "Custom…" surface: the dropdown opens the formula dialog, which checks as you type
and applies a formula and its domain to the state; the panel describes the formula."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PyQt6.QtCore import Qt

from gradscape.app.controls.expression_dialog import ExpressionDialog
from gradscape.app.controls.scene_panels import CUSTOM_ITEM, SurfacePanel
from gradscape.app.model.state import AppState

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def panel(qtbot):
    st = AppState()
    p = SurfacePanel(st)
    qtbot.addWidget(p)
    p.show()
    return p


def choose_custom(panel):
    i = panel.combo.findData(CUSTOM_ITEM)
    assert i == panel.combo.count() - 1 and panel.combo.itemText(i) == "Custom…"
    panel.combo.setCurrentIndex(i)
    panel.combo.activated.emit(i)
    dlg = panel.expression_dialog
    assert isinstance(dlg, ExpressionDialog) and dlg.isVisible()
    return dlg


def type_into(qtbot, edit, text):
    edit.selectAll()
    edit.del_()
    qtbot.keyClicks(edit, text)


def test_custom_opens_the_dialog_which_checks_as_you_type(panel, qtbot):
    dlg = choose_custom(panel)
    assert dlg.edit.text() == "(1 - w)**2 + 100*(b - w**2)**2"  # an example to start from
    assert dlg.ok_button.isEnabled() and dlg.error.isHidden()
    type_into(qtbot, dlg.edit, "w**2 + x")
    assert not dlg.error.isHidden()
    assert dlg.error.text() == "expression: unknown name 'x'; the variables are w and b at column 8"
    assert not dlg.ok_button.isEnabled()
    type_into(qtbot, dlg.edit, "__import__('os').system('x')")
    assert "only the named functions may be called" in dlg.error.text()
    type_into(qtbot, dlg.edit, "w**2 + 3*b**2")
    assert dlg.error.isHidden() and dlg.ok_button.isEnabled()
    # a domain the wrong way round
    type_into(qtbot, dlg.bounds[1].edit, "-4")
    assert dlg.domain_error.text() == "w: from must be less than to, got -3 and -4"
    assert not dlg.ok_button.isEnabled()
    type_into(qtbot, dlg.bounds[1].edit, "abc")
    assert dlg.bounds[1].error_text == "w to must be a number, got 'abc'"
    assert dlg.domain_error.isHidden() and not dlg.ok_button.isEnabled()
    # Cancel: nothing changes, the dropdown shows the state's surface again
    dlg.buttons.button(dlg.buttons.StandardButton.Cancel).click()
    assert panel.state.surface == "neuron"
    assert panel.combo.currentData() == "neuron"


def test_ok_applies_the_formula_and_domain(panel, qtbot):
    st = panel.state
    dlg = choose_custom(panel)
    type_into(qtbot, dlg.edit, "log(1 + exp(-3*w*b))")
    for field, text in zip(dlg.bounds, ("-2", "2", "-1", "3"), strict=True):
        type_into(qtbot, field.edit, text)
    changed = []
    st.sceneChanged.connect(lambda: changed.append(1))
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    # (applied at once, or once sympy's import in the background has ended)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=30000)
    assert changed == [1]
    assert st.surface == "expr"
    params = st.scene.surface_params
    assert params["expression"] == "log(1 + exp(-3*w*b))"
    assert params["domain"] == [[-2.0, 2.0], [-1.0, 3.0]]
    assert st.start == pytest.approx((-2 + 0.2 * 4, 3 - 0.2 * 4))
    surf = st.surface_object()
    w, b = np.array([0.5, -1.0]), np.array([2.0, 0.25])
    np.testing.assert_allclose(surf.loss(w, b), np.log1p(np.exp(-3 * w * b)), rtol=1e-14)
    # the panel names the formula and its domain; the dropdown lists it, then Custom…
    assert panel.doc.text() == "z = log(1 + exp(-3*w*b))   on w ∈ [-2, 2], b ∈ [-1, 3]"
    assert panel.combo.currentData() == "expr"
    assert panel.combo.itemData(panel.combo.count() - 1) == CUSTOM_ITEM
    assert panel.edit_formula.isVisible()
    # opened again, the dialog holds the present formula and domain
    panel.edit_formula.click()
    again = panel.expression_dialog
    assert again.edit.text() == "log(1 + exp(-3*w*b))"
    assert [f.edit.text() for f in again.bounds] == ["-2.0", "2.0", "-1.0", "3.0"]
    again.reject()
    # another surface from the dropdown: the formula's entry leaves the list
    i = panel.combo.findData("rosenbrock")
    panel.combo.activated.emit(i)
    assert st.surface == "rosenbrock" and panel.combo.findData("expr") == -1
    assert not panel.edit_formula.isVisible()


def test_a_formula_the_symbolic_stage_refuses_keeps_the_dialog_open(panel, qtbot):
    st = panel.state
    dlg = choose_custom(panel)
    before = st.scene
    for text, part in (
        ("log(w - w)", "expression: is undefined (infinite or 0/0) everywhere"),
        ("sqrt(-1 - w**2)", "expression: sqrt(-1 - w**2) has no finite value on w ∈ [-3, 3]"),
    ):
        type_into(qtbot, dlg.edit, text)
        assert dlg.ok_button.isEnabled()  # (the whitelist alone cannot tell)
        dlg.ok_button.click()
        # (applied at once, or once sympy's import in the background has ended)
        qtbot.waitUntil(lambda part=part: dlg.error.text().startswith(part), timeout=30000)
        assert dlg.isVisible()
    assert st.scene is before and st.surface == "neuron"


def test_examples_fill_the_field(panel):
    dlg = choose_custom(panel)
    i = dlg.examples.findData("log(1 + exp(-3*w*b))")
    dlg.examples.activated.emit(i)
    assert dlg.edit.text() == "log(1 + exp(-3*w*b))" and dlg.ok_button.isEnabled()
    assert dlg.examples.currentIndex() == 0
    for k in range(1, dlg.examples.count()):
        dlg.examples.activated.emit(k)
        assert dlg.ok_button.isEnabled(), dlg.examples.itemData(k)
        dlg.apply()  # every example builds
        assert panel.state.scene.surface_params["expression"] == dlg.examples.itemData(k)


def test_ok_pressed_during_sympys_import_waits_for_it_with_the_event_loop_turning(
    panel, qtbot, monkeypatch
):
    """The GUI thread never waits on the import's lock (the monkey's 0.28 s gap): OK waits,
    disabled, and applies once the import has ended."""
    st = panel.state
    dlg = choose_custom(panel)
    release = threading.Event()
    importing = threading.Thread(target=release.wait, daemon=True)  # (an import not done)
    importing.start()
    monkeypatch.setattr(dlg, "_prep", importing)
    type_into(qtbot, dlg.edit, "w**2 + 3*b**2")
    dlg.ok_button.click()  # returns: the GUI thread does not wait
    qtbot.wait(100)  # turns of the event loop, OK looking every 20 ms
    assert st.surface == "neuron" and dlg.isVisible() and not dlg.ok_button.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: st.surface == "expr", timeout=10000)
    assert st.scene.surface_params["expression"] == "w**2 + 3*b**2"
    assert not dlg.isVisible()


def test_cancel_while_ok_waits_for_the_import_applies_nothing(panel, qtbot, monkeypatch):
    st = panel.state
    dlg = choose_custom(panel)
    release = threading.Event()
    importing = threading.Thread(target=release.wait, daemon=True)
    importing.start()
    monkeypatch.setattr(dlg, "_prep", importing)
    dlg.ok_button.click()
    dlg.reject()
    release.set()
    qtbot.wait(100)
    assert st.surface == "neuron" and not dlg.isVisible()
