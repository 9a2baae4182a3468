"""Sharpness along a training of the Network window: λmax every k steps, measured in the
training's thread, handed to the GUI in batches, with the optimizer's stability limit.

The reference λmax is the largest eigenvalue of the dense Hessian (numpy's ``eigvalsh`` of the
matrix whose columns are exact Hessian-vector products with the unit vectors), at the trained
network's parameters; the limits are the closed forms 2/η and (2 + 2β1)/((1 − β1)η).
"""

from __future__ import annotations

import numpy as np
import pytest
from network_reference import choose
from PyQt6.QtWidgets import QApplication

from gradscape.app.model.training import NetworkState, TrainRun, TrainSpec, optimizer_hyper
from gradscape.app.model.training_job import TrainingController
from gradscape.app.model.training_run import train_runs
from gradscape.core import datasets
from gradscape.core.landscape import get_theta, hvp


def dense_lambda_max(net, x, t) -> float:
    n = get_theta(net).size
    h = np.stack([hvp(net, x, t, e) for e in np.eye(n)], axis=1)
    assert np.allclose(h, h.T, atol=1e-8)  # a Hessian: symmetric
    return float(np.linalg.eigvalsh((h + h.T) / 2)[-1])


def spec(optimizer, eta, every, epochs=3, batch=24) -> TrainSpec:
    run = TrainRun(optimizer, tuple(optimizer_hyper(optimizer, eta=eta).items()))
    return TrainSpec("moons", (4,), "relu", (run,), epochs, batch, 0, every)


def test_lambda_max_every_k_steps_equals_the_dense_hessian():
    # moons: 240 training samples (all of them under the 256-sample subset), 10 steps an
    # epoch at batch 24: records at 0, 5, …, 30, the last at the trained parameters
    records = []
    (out,) = train_runs(spec("sgd", 0.5, 5), on_sharpness=lambda i, r: records.append((i, r)))
    sharp = out.sharpness
    assert sharp.steps == [0, 5, 10, 15, 20, 25, 30]
    assert sharp.every == 5 and len(sharp.values) == 7
    data = datasets.moons(300, 0.1, 0)
    truth = dense_lambda_max(out.network, data.x_train, data.t_train)
    assert sharp.values[-1] == pytest.approx(truth, rel=2e-3)
    assert sharp.limit == pytest.approx(2 / 0.5) and sharp.applies_to == "lambda_max"
    assert sharp.preconditioned is None
    # the hook saw every record as it was made, the run's whole record each time
    assert [r.steps[-1] for _, r in records] == sharp.steps
    assert records[-1][1].values == sharp.values and {i for i, _ in records} == {0}


def test_adam_records_the_preconditioned_sharpness_and_its_limit():
    (out,) = train_runs(spec("adam", 0.01, 10, epochs=2))
    sharp = out.sharpness
    assert sharp.steps == [0, 10, 20]
    assert sharp.limit == pytest.approx((2 + 2 * 0.9) / ((1 - 0.9) * 0.01))
    assert sharp.applies_to == "preconditioned"
    assert np.isnan(sharp.preconditioned[0])  # no step yet: no preconditioner
    assert all(np.isfinite(sharp.preconditioned[1:])) and all(np.isfinite(sharp.values))


def test_not_tracked_by_default():
    (out,) = train_runs(spec("sgd", 0.5, 0, epochs=1))
    assert out.sharpness is None


def test_the_state_sets_the_spec_and_refuses_bad_k():
    st = NetworkState()
    assert st.sharpness_every == 0 and st.spec().sharpness_every == 0
    seen = []
    st.changed.connect(seen.append)
    st.set_sharpness_every(20)
    st.set_sharpness_every(20)
    assert seen == ["sharpness_every"] and st.spec().sharpness_every == 20
    for bad in (-1, 1.5, True, 100_001):
        with pytest.raises(ValueError, match="sharpness every"):
            st.set_sharpness_every(bad)
    assert st.sharpness_every == 20


@pytest.fixture
def training(qtbot):
    t = TrainingController(NetworkState())
    yield t
    t.shutdown()


def test_the_controller_hands_the_records_to_the_gui(qtbot, training):
    choose(training.state, "moons", "sgd", 0.5, (4,), epochs=3, batch=24, seed=0)
    training.state.set_sharpness_every(5)
    batches = []
    training.sharpnessChanged.connect(batches.append)
    with qtbot.waitSignal(training.finished, timeout=30000):
        assert training.train()
    QApplication.processEvents()
    (out,) = training.outcomes
    assert batches and all(b == [0] for b in batches)
    assert training.sharpness[0] == out.sharpness
    assert training.sharpness[0].steps == [0, 5, 10, 15, 20, 25, 30]
