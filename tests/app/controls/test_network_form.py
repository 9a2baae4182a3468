"""The network window's form, alone: it follows the NetworkState, writes it, and drives and
reports a training controller."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication

from gradscape.app.controls.network_form import LogScaleCheck, NetworkForm
from gradscape.app.model.training import MAX_COMPARE, NetworkState
from gradscape.app.model.training_job import TrainingController

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def form(qtbot):
    st = NetworkState()
    training = TrainingController(st)
    f = NetworkForm(st, training)
    qtbot.addWidget(f)
    f.show()
    qtbot.waitExposed(f)
    yield f
    training.shutdown()


def test_the_form_follows_the_state(form):
    st = form.state
    assert form.dataset_combo.currentData() == "moons"
    assert form.sizes_label.text() == "layers 2 → 16 → 16 → 2"
    st.set_dataset("spirals")
    st.set_hidden((8,))
    assert form.dataset_combo.currentData() == "spirals"
    assert form.dataset_doc.text().startswith("300 points on three spiral arms")
    assert form.hidden_field.edit.text() == "8"
    assert form.sizes_label.text() == "layers 2 → 8 → 3"
    st.set_optimizer("sgd")
    st.set_hyper("eta", 0.25)
    assert form.opt_combo.currentData() == "sgd" and form.eta_field.edit.text() == "0.25"
    assert form.compare_hint.text() == "Empty: Train trains the optimizer above alone"
    assert not form.remove_btn.isEnabled()
    st.add_compare()
    st.set_epochs(12)
    assert [form.compare_list.item(i).text() for i in range(form.compare_list.count())] == [
        "SGD η=0.25"
    ]
    assert form.compare_hint.text() == "Train compares these 1 runs from the same initial weights"
    assert form.remove_btn.isEnabled() and form.progress.text() == "0 / 12 epochs"


def test_the_form_writes_the_state_and_shows_refusals(qtbot, form):
    st = form.state
    qtbot.mouseClick(form.add_btn, Qt.MouseButton.LeftButton)
    assert len(st.compare) == 1
    qtbot.mouseClick(form.remove_btn, Qt.MouseButton.LeftButton)
    assert st.compare == ()
    for eta in range(1, MAX_COMPARE + 1):
        st.set_hyper("eta", eta / 100)
        qtbot.mouseClick(form.add_btn, Qt.MouseButton.LeftButton)
    st.set_hyper("eta", 0.5)
    qtbot.mouseClick(form.add_btn, Qt.MouseButton.LeftButton)  # one too many: refused
    assert len(st.compare) == MAX_COMPARE
    assert form.status.text() == f"compare at most {MAX_COMPARE} optimizers"
    assert form.status.objectName() == "fieldError"


def test_the_log_scale_check_writes_and_follows_the_state(qtbot):
    st = NetworkState()
    check = LogScaleCheck(st)
    qtbot.addWidget(check)
    assert check.isChecked() and st.log_loss
    check.setChecked(False)
    assert st.log_loss is False
    st.set_log_loss(True)
    assert check.isChecked()


def test_train_and_cancel_drive_the_controller(qtbot, form):
    st, training = form.state, form.training
    st.set_dataset("xor")
    st.set_hidden((4,))
    st.set_epochs(100000)
    with qtbot.waitSignal(training.finished, timeout=30000):
        qtbot.mouseClick(form.train_btn, Qt.MouseButton.LeftButton)
        assert training.running and form.status.text() == "Training Adam η=0.01 …"
        assert not form.train_btn.isEnabled() and form.cancel_btn.isEnabled()
        assert not form.train()  # already running
        qtbot.waitUntil(lambda: form.progress.value() >= 2, timeout=15000)
        qtbot.mouseClick(form.cancel_btn, Qt.MouseButton.LeftButton)
        assert form.status.text() == "Cancelling …"
    QApplication.processEvents()
    done = len(training.histories[0]["epoch"])
    assert form.progress.value() == done and form.progress.maximum() == 100000
    assert form.status.text() == f"Adam η=0.01: cancelled after epoch {done} of 100000"
    assert form.status.objectName() == "hint"
    assert form.train_btn.isEnabled() and not form.cancel_btn.isEnabled()


def test_sharpness_tracking_check_and_steps(qtbot, form):
    st = form.state
    assert not form.sharpness_check.isChecked() and st.sharpness_every == 0
    assert not form.sharpness_field.isEnabled() and form.sharpness_field.edit.text() == "20"
    form.sharpness_check.setChecked(True)
    assert st.sharpness_every == 20 and form.sharpness_field.isEnabled()
    form.sharpness_field.edit.setText("35")
    form.sharpness_field.confirm()
    assert st.sharpness_every == 35
    form.sharpness_field.edit.setText("0")
    form.sharpness_field.confirm()
    assert "sharpness every" in form.sharpness_field.error_text and st.sharpness_every == 35
    form.sharpness_field.edit.setText("10")
    form.sharpness_field.confirm()
    form.sharpness_check.setChecked(False)
    assert st.sharpness_every == 0 and not form.sharpness_field.isEnabled()
    form.sharpness_check.setChecked(True)  # back on: the k typed before
    assert st.sharpness_every == 10
    st.set_sharpness_every(0)
    assert not form.sharpness_check.isChecked()
