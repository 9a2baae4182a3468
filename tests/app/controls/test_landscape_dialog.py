"""The Landscape dialog: fields validated as typed, Compute refused with the reason, progress,
Cancel, and a failure that leaves every field as it was."""

from __future__ import annotations

import pytest
from network_reference import choose
from PyQt6.QtCore import Qt

from gradscape.app.controls.landscape_dialog import LandscapeDialog
from gradscape.app.model.landscape_job import LandscapeController
from gradscape.app.model.training import NetworkState

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def dialog(qtbot, tmp_path):
    st = NetworkState()
    choose(st, "moons", "adam", 0.01, (4,), epochs=1, batch=32, seed=0)
    ctl = LandscapeController(st, cache_dir=tmp_path)
    d = LandscapeDialog(ctl)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    yield d
    ctl.shutdown()


def type_into(qtbot, field, text: str) -> None:
    field.edit.selectAll()
    field.edit.clear()
    qtbot.keyClicks(field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)


def test_bad_scheduler_address_is_explained_and_blocks_compute(qtbot, dialog):
    type_into(qtbot, dialog.scheduler_field, "localhost:8786")
    assert dialog.scheduler_field.invalid
    assert "tcp://HOST:PORT" in dialog.scheduler_field.error_text
    qtbot.mouseClick(dialog.compute_btn, Qt.MouseButton.LeftButton)
    assert not dialog.controller.running
    assert dialog.status.text().startswith("Not started") and "scheduler" in dialog.status.text()
    assert dialog.controller.options.scheduler is None
    type_into(qtbot, dialog.scheduler_field, "tcp://10.1.2.3:8786")
    assert not dialog.scheduler_field.invalid
    assert dialog.controller.options.scheduler == "tcp://10.1.2.3:8786"


@pytest.mark.parametrize(
    ("field", "text", "words"),
    [("grid_field", "50", "odd"), ("grid_field", "7", "[11, 201]"), ("span_field", "0", "span"),
     ("workers_field", "0", "workers")],
)  # fmt: skip
def test_fields_refuse_bad_values(qtbot, dialog, field, text, words):
    before = dialog.controller.options
    type_into(qtbot, getattr(dialog, field), text)
    assert words in getattr(dialog, field).error_text
    assert dialog.controller.options == before
    assert not dialog.compute()


def test_choices_reach_the_controller(qtbot, dialog):
    type_into(qtbot, dialog.grid_field, "21")
    type_into(qtbot, dialog.span_field, "0.25")
    type_into(qtbot, dialog.workers_field, "1")
    i = dialog.directions_combo.findData("pca")
    dialog.directions_combo.setCurrentIndex(i)
    dialog.directions_combo.activated.emit(i)
    dialog.bias_check.setChecked(True)
    o = dialog.controller.options
    assert (o.grid, o.span, o.workers, o.directions, o.include_bias) == (21, 0.25, 1, "pca", True)
    assert "Adam η=0.01" in dialog.summary.text() and "2 → 4 → 2" in dialog.summary.text()


def test_compute_shows_progress_and_the_result(qtbot, dialog):
    type_into(qtbot, dialog.grid_field, "11")
    with qtbot.waitSignal(dialog.controller.finished, timeout=60000) as done:
        qtbot.mouseClick(dialog.compute_btn, Qt.MouseButton.LeftButton)
        assert not dialog.compute_btn.isEnabled() and dialog.cancel_btn.isEnabled()
        assert not dialog.grid_field.isEnabled()
    assert done.args[0] in dialog.status.text()
    assert dialog.progress.value() == dialog.progress.maximum() == 1
    assert dialog.compute_btn.isEnabled() and not dialog.cancel_btn.isEnabled()


def test_cancel_button_stops_it(qtbot, dialog):
    choose(dialog.controller.state, "moons", "sgd", 0.01, (64, 64), epochs=5000, batch=32, seed=0)
    with qtbot.waitSignal(dialog.controller.progress, timeout=60000):
        qtbot.mouseClick(dialog.compute_btn, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.controller.cancelled, timeout=1000):
        qtbot.mouseClick(dialog.cancel_btn, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Cancelled" and dialog.compute_btn.isEnabled()
    with qtbot.assertNotEmitted(dialog.controller.finished, wait=1000):
        pass


def test_a_failure_is_one_message_and_keeps_the_fields(qtbot, dialog):
    choose(dialog.controller.state, "sine", "sgd", 50.0, (4,), epochs=50, batch=32, seed=0)
    type_into(qtbot, dialog.grid_field, "13")
    type_into(qtbot, dialog.span_field, "0.5")
    with qtbot.waitSignal(dialog.controller.failed, timeout=60000):
        qtbot.mouseClick(dialog.compute_btn, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("Failed — ") and "diverged" in dialog.status.text()
    assert dialog.grid_field.edit.text() == "13" and dialog.span_field.edit.text() == "0.5"
    assert (dialog.controller.options.grid, dialog.controller.options.span) == (13, 0.5)
    assert dialog.compute_btn.isEnabled()
