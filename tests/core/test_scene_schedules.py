"""Scenes with scheduled hyperparameters: validation naming the field, save and load, the
schedule applied in the run, and the CSV/JSON record of the value each step used."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from gradscape.core.scene import Scene, SceneError
from gradscape.core.trajectory import csv_columns, to_csv, trajectory_dict

COSINE = {"schedule": "cosine", "base": 0.5, "T_max": 40}


def _cosine(t: int, base: float = 0.5, t_max: int = 40, low: float = 0.0) -> float:
    # CosineAnnealingLR's closed form after t - 1 scheduler steps, written out here
    return low + (base - low) * (1.0 + math.cos(math.pi * (t - 1) / t_max)) / 2.0


def test_a_schedule_is_completed_saved_and_loaded(tmp_path: Path) -> None:
    scene = Scene(optimizers=[("sgd", {"eta": COSINE}), ("adam", {"eta": 0.1})], steps=30)
    # the scene lists every parameter of the schedule, as it does for the optimizers
    assert scene.optimizers[0][1]["eta"] == {**COSINE, "low": 0.0}
    path = tmp_path / "s.json"
    scene.save(path)
    data = json.loads(path.read_text())
    assert data["optimizers"][0]["hyper"]["eta"] == {**COSINE, "low": 0.0}
    again = Scene.load(path)
    assert again == scene
    a, b = scene.run()[0], again.run()[0]
    assert np.array_equal(a.params, b.params)


def test_any_real_hyperparameter_takes_a_schedule_and_it_is_applied() -> None:
    mu = {"schedule": "linear", "base": 0.9, "start_factor": 0.5, "total_iters": 10}
    scene = Scene(surface="quadratic", optimizers=[("msgd", {"eta": 0.05, "mu": mu})], steps=25)
    (traj,) = scene.run()
    mu_t = traj.schedule_values()["mu"]
    k = np.arange(25)
    np.testing.assert_allclose(mu_t, 0.9 * (0.5 + 0.5 * np.minimum(k, 10) / 10), rtol=1e-15)
    # momentum SGD: v_t = mu_t v_{t-1} - eta g_t, the move is v_t
    v = np.zeros(2)
    for t in range(25):
        v = mu_t[t] * v - 0.05 * traj.grads[t]
        np.testing.assert_allclose(traj.moves[t], v, rtol=1e-12, atol=1e-15)


def test_sgd_moves_by_the_scheduled_eta_each_step() -> None:
    (traj,) = Scene(optimizers=[("sgd", {"eta": COSINE})], steps=40).run()
    eta = np.array([_cosine(t) for t in range(1, 41)])
    np.testing.assert_allclose(traj.moves, -eta[:, None] * traj.grads, rtol=1e-14, atol=0)


@pytest.mark.parametrize("name", ["sgd", "msgd", "adam", "rmsprop", "adabelief"])
def test_a_constant_schedule_gives_the_identical_trajectory(name: str) -> None:
    plain = Scene(optimizers=[(name, {"eta": 0.07})], steps=60).run()[0]
    const = {"schedule": "constant", "value": 0.07}
    sched = Scene(optimizers=[(name, {"eta": const})], steps=60).run()[0]
    assert sched.params.tobytes() == plain.params.tobytes()
    assert sched.moves.tobytes() == plain.moves.tobytes()


def test_csv_and_json_record_the_value_each_step_used(tmp_path: Path) -> None:
    (traj,) = Scene(optimizers=[("sgd", {"eta": COSINE})], steps=40).run()
    names, table = csv_columns(traj)
    assert names[-1] == "eta_t"
    assert math.isnan(table[0, -1])  # row 0 is the start: no step used a value there
    for k in range(1, 41):
        assert table[k, -1] == pytest.approx(_cosine(k), rel=1e-15)
    path = tmp_path / "t.csv"
    to_csv(traj, path)
    rows = path.read_text().splitlines()
    assert rows[0].split(",")[-1] == "eta_t"
    assert float(rows[1 + 5].split(",")[-1]) == pytest.approx(_cosine(5), rel=1e-15)
    data = json.loads(json.dumps(trajectory_dict(traj)))
    assert data["hyper"]["eta"] == {**COSINE, "low": 0.0}
    assert data["schedules"]["eta"][39] == pytest.approx(_cosine(40), rel=1e-15)
    # a run of plain numbers has no such column
    (plain,) = Scene(optimizers=[("sgd", {"eta": 0.5})], steps=3).run()
    assert not any(n.endswith("_t") for n in csv_columns(plain)[0])
    assert trajectory_dict(plain)["schedules"] == {}


@pytest.mark.parametrize(
    ("eta", "needle"),
    [
        ({"schedule": "warp"}, "optimizers[0].hyper.eta: unknown schedule 'warp'"),
        ({"schedule": 3}, "optimizers[0].hyper.eta: a schedule's plain form needs a 'schedule'"),
        ({"base": 0.5}, "optimizers[0].hyper.eta: a schedule's plain form needs a 'schedule'"),
        ({**COSINE, "T_max": 0}, "optimizers[0].hyper.eta: T_max must be >= 1, got 0"),
        ({**COSINE, "T_max": 2.5}, "optimizers[0].hyper.eta: T_max"),
        ({**COSINE, "base": "x"}, "optimizers[0].hyper.eta: base must be a number"),
        ({**COSINE, "speed": 1}, "optimizers[0].hyper.eta: schedule cosine got an unknown"),
        ({**COSINE, "base": -1.0}, "optimizers[0].hyper: "),
    ],
)
def test_malformed_schedules_are_refused_naming_the_field(eta: dict, needle: str) -> None:
    data = {"surface": "neuron", "optimizers": [{"name": "sgd", "hyper": {"eta": eta}}],
            "steps": 10}  # fmt: skip
    with pytest.raises(SceneError) as exc:
        Scene.from_json(json.dumps(data))
    assert needle in str(exc.value)
    assert "\n" not in str(exc.value)


def test_a_schedule_on_a_whole_number_hyperparameter_is_refused() -> None:
    with pytest.raises(SceneError, match=r"optimizers\[0\]\.hyper\.burnin: burnin is int-valued"):
        Scene(optimizers=[("santae", {"burnin": COSINE})])


def test_a_python_function_runs_but_cannot_be_saved(tmp_path: Path) -> None:
    scene = Scene(optimizers=[("sgd", {"eta": lambda t: 0.5 / t})], steps=5)
    (traj,) = scene.run()
    np.testing.assert_array_equal(traj.schedule_values()["eta"], 0.5 / np.arange(1, 6))
    path = tmp_path / "f.json"
    with pytest.raises(SceneError, match=r"optimizers\[0\]\.hyper\.eta: .* Python function"):
        scene.save(path)
    assert not path.exists()
    # its trajectory's JSON names the function instead of failing
    assert trajectory_dict(traj)["hyper"]["eta"].startswith("function(")


def test_a_schedule_of_eta_that_starts_at_zero_builds_an_optimizer_and_a_network():
    # a one-cycle whose peak / div_factor underflows starts at η = 0 exactly: the first step
    # moves nothing, the later ones follow the schedule (the window's Network trainer used to
    # fail with "eta must be > 0, got 0.0" building its layers)
    import numpy as np

    from gradscape.core.network import Network
    from gradscape.core.optimizers import get_opt
    from gradscape.core.schedules import SCHEDULES

    sched = SCHEDULES["onecycle"](peak=1e-5, div_factor=9e307, total_steps=20)
    assert sched(1) == 0.0 and sched(5) > 0.0
    opt = get_opt("nag", eta=sched)
    assert opt.eta == 0.0 and opt.hyper["eta"] is sched
    g = np.array([0.5, -2.0])
    (d1,) = opt.update(g)
    assert np.all(d1 == 0.0)
    opt.update(g)
    (d3,) = opt.update(g)
    assert opt.eta == sched(3) > 0.0 and np.all(d3 != 0.0)
    net = Network.from_specs(
        [("middle", {"n": 3}), ("output", {"n": 1, "act": "sigmoid", "loss": "binary"})],
        opt="nag", opt_dic={"eta": sched}, input_shape=(2,), dtype=np.float64, seed=0,
    )  # fmt: skip
    assert len(net.layers) == 2
