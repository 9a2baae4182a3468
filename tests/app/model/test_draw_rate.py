"""η_t in the draw data: prepared with the loss curves (in the compute worker), one array per
scheduled run, None for a run of a plain η, and the second axis's range.  No Qt."""

from __future__ import annotations

import numpy as np
import pytest

from gradscape.app.model.draw import loss_curves
from gradscape.core.scene import Scene


def test_the_curves_carry_eta_t_of_scheduled_runs_only() -> None:
    step = {"schedule": "step", "base": 0.4, "step_size": 5, "gamma": 0.5}
    trajs = Scene(optimizers=[("sgd", {"eta": step}), ("adam", {"eta": 0.1})], steps=12).run()
    curves = loss_curves(trajs, log_loss=False)
    # StepLR: halved every 5 steps, from 0.4 at step 1
    want = np.array([0.4] * 5 + [0.2] * 5 + [0.1] * 2)
    np.testing.assert_array_equal(curves.rate[0], want)
    assert curves.rate[1] is None
    assert curves.rate_range == pytest.approx((0.0, 0.4 * 1.06))


def test_no_schedule_no_second_axis() -> None:
    trajs = Scene(optimizers=[("sgd", {"eta": 0.1})], steps=5).run()
    curves = loss_curves(trajs, log_loss=True)
    assert curves.rate == [None] and curves.rate_range is None
