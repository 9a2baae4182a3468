"""η's schedule in the main window: the optimizer panel's schedule combo and form write the
scene, the run follows the schedule, the loss curve's right axis draws η_t and the
equations panel shows its live value."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradscape.app.controls.optimizer_panel import OptimizerPanel
from gradscape.app.model.compute import ComputeController
from gradscape.app.model.state import AppState
from gradscape.app.views.equations import EquationsPanel
from gradscape.app.views.plots import LossCurveView
from gradscape.core.scene import Scene

STEPS = 60


def _cosine(t: int, base: float, t_max: int) -> float:
    # torch's CosineAnnealingLR after t - 1 scheduler steps, η_min = 0
    return base * (1.0 + math.cos(math.pi * (t - 1) / t_max)) / 2.0


@pytest.fixture
def window(qtbot):
    st = AppState()
    st.grid = 30
    st.steps = STEPS
    ctl = ComputeController(st, synchronous=True)
    panel, curve, eqs = OptimizerPanel(st), LossCurveView(st), EquationsPanel(st)
    for w in (panel, curve, eqs):
        qtbot.addWidget(w)
    curve.resize(400, 260)
    panel.combo.activated.emit(panel.combo.findData("sgd"))
    ctl.request()
    yield st, ctl, panel, curve, eqs
    ctl.shutdown()


def _choose(combo, key: str) -> None:
    i = combo.findData(key)
    assert i >= 0, key
    combo.setCurrentIndex(i)
    combo.activated.emit(i)


def test_the_schedule_combo_lists_the_registry_with_the_plain_number_first(window) -> None:
    from gradscape.core.schedules import SCHEDULES

    panel = window[2]
    keys = [panel.schedule.itemData(i) for i in range(panel.schedule.count())]
    assert keys[0] == "constant" and sorted(keys) == sorted(SCHEDULES.names())
    assert not panel.schedule_form.isVisibleTo(panel)


def test_choosing_cosine_changes_the_trajectory_and_draws_eta_t(window) -> None:
    st, ctl, panel, curve, eqs = window
    eta = st.run.hyper_dict["eta"]
    assert isinstance(eta, float)
    plain = st.result.trajectories[0]
    assert not curve.getPlotItem().getAxis("right").isVisible()
    assert curve.rate_curves[0].isVisible() is False

    _choose(panel.schedule, "cosine")
    form = st.scene.optimizers[0][1]["eta"]
    assert form == {"schedule": "cosine", "base": eta, "T_max": STEPS, "low": 0.0}
    assert panel.schedule_form.isVisibleTo(panel)
    assert set(panel.schedule_form.fields) == {"T_max", "low"}  # base is η's own field
    # shorten the cycle through the form, as a user types it
    field = panel.schedule_form.fields["T_max"]
    field.edit.setText("40")
    field.confirm()
    assert st.scene.optimizers[0][1]["eta"]["T_max"] == 40
    ctl.request()
    assert st.result_is_current()

    traj = st.result.trajectories[0]
    want = np.array([_cosine(t, eta, 40) for t in range(1, STEPS + 1)])
    # SGD moves by −η_t·g: the schedule reached the run
    np.testing.assert_allclose(traj.moves, -want[:, None] * traj.grads, rtol=1e-13)
    assert not np.array_equal(traj.params, plain.params)
    same = Scene(optimizers=[("sgd", {"eta": {"schedule": "cosine", "base": eta, "T_max": 40}})],
                 steps=STEPS, start=st.scene.start)  # fmt: skip
    np.testing.assert_array_equal(traj.params, same.run()[0].params)

    # the loss curve's right axis shows η_t at steps 1..n
    assert curve.getPlotItem().getAxis("right").isVisible()
    x, y = curve.rate_curves[0].getData()
    np.testing.assert_array_equal(x, np.arange(1, STEPS + 1))
    np.testing.assert_allclose(y, want, rtol=1e-15)
    lo, hi = curve.rate_box.viewRange()[1]
    assert lo == 0.0 and hi == pytest.approx(eta * 1.06)

    # the equations panel: η_t of the step shown
    st.step = 30
    assert eqs.rate_value() == pytest.approx(_cosine(30, eta, 40), rel=1e-15)
    from gradscape.app.model.arrays import fmt

    assert f"η_t = {fmt(_cosine(30, eta, 40))}" in eqs.toPlainText()
    assert "η = cosine(base=" in eqs.toPlainText()

    # η's field now sets the schedule's size
    panel.eta.edit.setText("0.5")
    panel.eta.confirm()
    assert st.scene.optimizers[0][1]["eta"]["base"] == 0.5

    # back to a number: the schedule's first value, the axis gone
    _choose(panel.schedule, "constant")
    assert st.scene.optimizers[0][1]["eta"] == 0.5
    ctl.request()
    assert not curve.getPlotItem().getAxis("right").isVisible()
    assert eqs.rate_value() is None and "η_t" not in eqs.toPlainText()


def test_a_bad_schedule_parameter_is_refused_and_changes_nothing(window) -> None:
    st, ctl, panel, curve, eqs = window
    _choose(panel.schedule, "step")
    before = st.scene
    field = panel.schedule_form.fields["gamma"]
    field.edit.setText("-2")
    field.confirm()
    assert field.invalid and "gamma" in field.error_text
    assert st.scene == before
    with pytest.raises(ValueError, match="follows no schedule"):
        st.set_hyper("eta", 0.1)
        st.set_schedule_param("eta", "gamma", 0.5)


def test_a_one_cycle_lasts_the_scene_and_is_saved(window, tmp_path) -> None:
    st, ctl, panel, curve, eqs = window
    _choose(panel.schedule, "onecycle")
    form = st.scene.optimizers[0][1]["eta"]
    assert form["schedule"] == "oneCycle" and form["total_steps"] == STEPS
    path = tmp_path / "s.json"
    st.scene.save(path)
    again = AppState()
    again.scene = Scene.load(path)
    assert again.run.hyper_dict["eta"] == form
    assert again.run.label.endswith("η: one-cycle")


@pytest.mark.parametrize("steps", [1, 2, 3])
def test_a_one_cycle_over_too_few_steps_gets_the_shortest_cycle_with_both_phases(
    window, steps
) -> None:
    # (found by the GUI monkey: 3 steps and a one-cycle rising over 30 % of them left the
    # rise with no step, and the combo's choice raised)
    st, ctl, panel = window[:3]
    st.steps = steps
    _choose(panel.schedule, "onecycle")
    form = st.scene.optimizers[0][1]["eta"]
    assert form["schedule"] == "oneCycle"
    # pct_start·total_steps − 1 > 0 with pct_start 0.3: 4 steps at least
    assert form["total_steps"] == 4 and form["pct_start"] == 0.3
    ctl.request()
    assert st.result_is_current()
    traj = st.result.trajectories[0]
    assert traj.params.shape == (steps + 1, 2)
    # SGD moves by −η_t·g, η_t the schedule's first steps of its 4-step cycle
    from gradscape.core.schedules import get_schedule

    sched = get_schedule(**{k: v for k, v in form.items() if k != "schedule"}, name="oneCycle")
    want = np.array([sched(t) for t in range(1, steps + 1)])
    np.testing.assert_allclose(traj.moves, -want[:, None] * traj.grads, rtol=1e-13)


def test_a_schedule_that_would_leave_etas_range_is_refused_with_a_note(window) -> None:
    # (found by the GUI monkey: η = 1e308, then cosine: its first value (η − 0)·(1 + 1)/2
    # overflows, and the combo's choice raised out of the slot)
    st, ctl, panel = window[:3]
    st.set_hyper("eta", 1e308)
    before = st.scene
    _choose(panel.schedule, "cosine")
    assert st.scene == before  # (η stays the plain number)
    assert panel.schedule.currentData() == "constant"
    assert not panel.note.isHidden()
    assert "cosine" in panel.note.text() and "finite" in panel.note.text()
    _choose(panel.schedule, "step")  # (a schedule that starts at η itself is fine)
    assert st.run.hyper_dict["eta"]["schedule"] == "step"


def test_a_schedule_choice_that_empties_a_phase_is_refused_under_the_form(window) -> None:
    # (found by the GUI monkey: a one-cycle rising over 60 % of its steps, then "three
    # phases": the fall would have no step, and the check box's toggle raised out of the slot)
    st, ctl, panel = window[:3]
    _choose(panel.schedule, "onecycle")
    form = panel.schedule_form
    pct = form.fields["pct_start"]
    pct.edit.setText("0.6")
    pct.confirm()
    assert st.run.hyper_dict["eta"]["pct_start"] == 0.6
    before = st.scene
    box = form.fields["three_phase"]
    box.click()  # (a user's click: toggled → the state refuses)
    assert st.scene == before and not box.isChecked()
    assert not form.error.isHidden()
    assert "leaves a phase of the one-cycle schedule empty" in form.error.text()
    # a choice the schedule takes clears the message and is written
    pct.edit.setText("0.3")
    pct.confirm()
    box.click()
    assert box.isChecked() and form.error.isHidden()
    assert st.run.hyper_dict["eta"]["three_phase"] is True
    anneal = form.fields["anneal"]
    _choose(anneal, "linear")
    assert st.run.hyper_dict["eta"]["anneal"] == "linear"
