"""The state model alone: typed properties, validation, signals only on real change."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from gradscape.app.model.choices import RUN_COLORS, Run
from gradscape.app.model.settings import LEGACY_KEY, load_state, open_settings, save_state
from gradscape.app.model.state import VIEW_SETTINGS, AppState
from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.surfaces import SURFACES, get_surface


@pytest.fixture(autouse=True)
def _private_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADSCAPE_SETTINGS", str(tmp_path / "settings.ini"))


@pytest.fixture
def state(qapp):
    return AppState()


def snapshot(state: AppState) -> tuple:
    """Everything of a state that is kept between launches: its scene and view settings."""
    return state.scene.to_dict(), {name: getattr(state, name) for name in VIEW_SETTINGS}


def legacy_dict(state: AppState) -> dict:
    """The state as earlier versions stored it (one object of every field, LEGACY_KEY)."""
    return {
        "surface": state.surface,
        "surface_params": state.surface_params,
        "samples": [list(s) for s in state.samples] if state.samples is not None else None,
        "runs": [
            {"optimizer": r.optimizer, "hyper": dict(r.hyper), "color": r.color} for r in state.runs
        ],
        "current_run": state.current_run,
        "start": list(state.start),
        "steps": state.steps,
        "seed": state.seed,
        "batch_size": state.batch_size,
        "speed": state.speed,
        "height_mode": state.height_mode,
        "log_loss": state.log_loss,
        "colormap": state.colormap,
        "grid": state.grid,
    }


def load_legacy(state: AppState, data: object) -> list[str]:
    """Load ``data`` as an earlier version's stored settings."""
    s = open_settings()
    s.setValue(LEGACY_KEY, json.dumps(data))
    return load_state(s, state)


class Recorder:
    def __init__(self, *signals):
        self.calls: list = []
        for s in signals:
            s.connect(lambda *a, s=s: self.calls.append(a))


def test_default_scene_is_the_seed_neuron_with_adam_at_the_demo_eta(state):
    assert state.surface == "neuron"
    assert state.samples == ((1.0, 0.5),)
    assert state.surface_params["act"] == "sigmoid"
    assert state.surface_params["loss"] == "square"
    surf = get_surface("neuron")
    assert state.start == tuple(surf.start)
    (run,) = state.runs
    assert run.optimizer == "adam"
    assert run.hyper_dict["eta"] == surf.demo_hyper("adam")["eta"]
    # every hyperparameter of the registry is present, at its default
    for p in OPTIMIZERS["adam"].params:
        if p.name != "eta":
            assert run.hyper_dict[p.name] == p.default


def test_setters_emit_only_on_real_change(state):
    rec = Recorder(state.stepsChanged, state.sceneChanged)
    state.steps = state.steps
    assert rec.calls == []
    state.steps = 123
    assert rec.calls == [(123,), ()]
    state.steps = 123
    assert len(rec.calls) == 2


def test_step_is_clamped_to_the_timeline(state):
    state.steps = 50
    state.step = 80
    assert state.step == 50
    state.step = -3
    assert state.step == 0
    state.steps = 20  # shrinking the timeline pulls the step in
    state.step = 20
    state.steps = 10
    assert state.step == 10


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("steps", 0, "steps must be an integer in [1, 100000]"),
        ("steps", 2.5, "steps must be an integer"),
        ("seed", -1, "seed must be an integer"),
        ("start", (float("nan"), 0.0), "start must be finite"),
        ("start", "ab", "start must be"),
        ("speed", 0.0, "speed must be in"),
        ("height_mode", "cubic", "height_mode must be one of"),
        ("colormap", "rainbow9", "colormap must be one of"),
        ("grid", 5, "grid must be an integer in [10, 400]"),
        ("samples", [], "samples must hold at least one"),
        ("samples", [(1.0, float("inf"))], "samples must be finite"),
    ],
)
def test_bad_values_raise_naming_the_field_and_leave_state_unchanged(state, field, value, message):
    before = snapshot(state)
    with pytest.raises(ValueError) as err:
        setattr(state, field, value)
    assert message in str(err.value)
    assert snapshot(state) == before


def test_hyperparameters_are_checked_by_the_registry_spec(state):
    before = state.runs
    with pytest.raises(ValueError, match="beta1"):
        state.set_hyper("beta1", 1.0)
    with pytest.raises(ValueError, match="eta"):
        state.set_hyper("eta", -0.1)
    with pytest.raises(ValueError, match="no hyperparameter 'mu'"):
        state.set_hyper("mu", 0.9)
    assert state.runs == before
    state.set_hyper("eta", 0.05)
    assert state.run.hyper_dict["eta"] == 0.05


def test_switching_optimizer_takes_its_defaults_and_the_surfaces_demo_eta(state):
    state.set_optimizer("SGD")
    run = state.run
    assert run.optimizer == "sgd"
    assert set(run.hyper_dict) == {p.name for p in OPTIMIZERS["sgd"].params}
    assert run.hyper_dict["eta"] == get_surface("neuron").demo_hyper("sgd")["eta"]
    assert run.color == RUN_COLORS[0]


def test_switching_surface_resets_start_and_eta_to_the_surfaces_own(state):
    rec = Recorder(state.sceneChanged)
    state.surface = "rosenbrock"
    surf = get_surface("rosenbrock")
    assert state.start == tuple(surf.start)
    assert state.samples is None
    assert state.run.hyper_dict["eta"] == surf.demo_hyper("adam")["eta"]
    assert len(rec.calls) == 1  # one recomputation for the whole switch
    with pytest.raises(ValueError, match="takes no data samples"):
        state.samples = [(1.0, 0.5)]


def test_every_registered_surface_can_be_chosen(state):
    for key in SURFACES.names():
        if SURFACES[key].from_file:
            # a landscape is opened from its file, a formula typed: never chosen blank
            refusal = "file: must be the path of a landscape|expression: missing"
            with pytest.raises(ValueError, match=refusal):
                state.surface = key
            assert state.surface != key
            continue
        state.surface = key
        assert state.surface == key
        state.surface_object()  # builds without error


def test_race_adds_and_removes_runs_with_distinct_colours(state):
    state.add_run("sgd")
    state.add_run()  # the next optimizer of the registry not yet racing
    assert [r.optimizer for r in state.runs] == ["adam", "sgd", "msgd"]
    assert len({r.color for r in state.runs}) == 3
    assert state.current_run == 2
    state.remove_run(0)
    assert [r.optimizer for r in state.runs] == ["sgd", "msgd"]
    assert state.current_run == 1
    state.remove_run()
    with pytest.raises(ValueError, match="at least one optimizer"):
        state.remove_run()


def test_batch_groups_changes_into_one_scene_change(state):
    rec = Recorder(state.sceneChanged)
    with state.batch():
        state.steps = 77
        state.seed = 5
        state.start = (0.5, 0.25)
    assert len(rec.calls) == 1


def test_settings_round_trip_through_a_private_ini(state, tmp_path):
    state.surface = "neuron"
    state.samples = [(1.0, 0.25), (-2.0, 0.75)]
    state.set_surface_param("act", "tanh")
    state.add_run("rmsprop")
    state.set_hyper("eta", 0.02)
    state.start = (0.5, -1.0)
    state.steps = 321
    state.seed = 9
    state.height_mode = "log"
    state.log_loss = True
    state.colormap = "plasma"
    s = open_settings()
    assert s.fileName() == str(tmp_path / "settings.ini")
    save_state(s, state)
    s.sync()
    other = AppState()
    assert load_state(open_settings(), other) == []
    assert snapshot(other) == snapshot(state)


def test_bad_stored_values_are_skipped_not_fatal(state):
    data = legacy_dict(state)
    data["steps"] = -5
    data["runs"] = [{"optimizer": "nosuchopt", "hyper": {}, "color": "#000000"}]
    data["colormap"] = 42
    problems = load_legacy(state, data)
    assert len(problems) == 3
    assert any("steps" in p for p in problems)
    assert any("nosuchopt" in p for p in problems)
    assert state.steps == 200 and state.runs[0].optimizer == "adam"
    s = open_settings()
    s.setValue("scene/json", "{not json")
    assert "not JSON" in load_state(s, state)[0]
    s.setValue("scene/json", json.dumps([1, 2]))
    assert load_state(s, state) == ["stored scene is not a JSON object"]
    s.setValue("scene/json", "[" * 100_000)
    assert "not JSON" in load_state(s, state)[0]
    for bad in ([1, 2], "act=tanh", 3):
        data = legacy_dict(state)
        data["surface_params"], data["steps"] = bad, 77
        assert load_legacy(state, data) == [f"surface_params: must be an object, got {bad!r}"]
        assert state.steps == 77  # the rest still applies


def test_runs_setter_validates_hyperparameters(state):
    with pytest.raises(ValueError, match="beta2"):
        state.runs = (Run("adam", (("beta2", 2.0),), "#000000"),)
    with pytest.raises(ValueError, match="1 to 8"):
        state.runs = ()
    assert np.isclose(state.run.hyper_dict["eta"], get_surface("neuron").demo_hyper("adam")["eta"])


def test_batch_size_is_checked_against_the_samples(state):
    with pytest.raises(ValueError, match=r"batch_size must be an integer in \[1, 1\]"):
        state.batch_size = 2
    state.samples = [(1.0, 0.5), (-1.0, 0.2), (0.5, 0.9)]
    state.batch_size = 2
    assert state.batch_size == 2
    state.samples = [(1.0, 0.5)]  # fewer samples than the minibatch: back to full batch
    assert state.batch_size is None
    state.surface = "booth"
    with pytest.raises(ValueError, match="batch_size applies to surfaces with data samples"):
        state.batch_size = 1


def test_a_long_run_is_cancelled_mid_run_with_progress_inside_it(state):
    from gradscape.app.model.compute import Cancelled, compute_result
    from gradscape.core.trajectory import descend

    class Clock:  # a fake clock: each reading is `tick` seconds after the last
        def __init__(self, tick: float) -> None:
            self.now, self.tick = 0.0, tick

        def __call__(self) -> float:
            self.now += self.tick
            return self.now

    state.steps = 100_000
    state.set_optimizer("sam")
    state.add_run("adam")
    scene = state.scene
    fractions: list[float] = []
    with pytest.raises(Cancelled):
        # cancelled as soon as the first run has reported any progress of its own
        compute_result(scene, lambda: len(fractions) > 1, fractions.append, clock=Clock(1.0))
    # grids done (1/3), then 250 of the race's 100 000 steps (both runs): stopped right there
    assert fractions == pytest.approx([1 / 3, (1 + 2 * 250 / 100_000) / 3])

    state.steps = 600
    fractions.clear()
    result = compute_result(state.scene, progress=fractions.append, clock=Clock(1))
    assert [len(t.loss) for t in result.trajectories] == [601, 601]
    expected = [1, 1 + 2 * 250 / 600, 1 + 2 * 500 / 600, 3]
    assert fractions == pytest.approx([f / 3 for f in expected])
    # reports inside the race come at most every PROGRESS_INTERVAL (0.1 s) of the clock:
    # with 0.06 s between readings, every other one; with a stopped clock, none
    fractions.clear()
    compute_result(state.scene, progress=fractions.append, clock=Clock(0.06))
    assert fractions == pytest.approx([1 / 3, (1 + 2 * 500 / 600) / 3, 1])
    fractions.clear()
    compute_result(state.scene, progress=fractions.append, clock=Clock(0.0))
    assert fractions == pytest.approx([1 / 3, 1])
    # and each trajectory is the engine's single run
    for run, traj in zip(state.runs, result.trajectories, strict=True):
        alone = descend(result.surface, (run.optimizer, run.hyper_dict), state.start, 600)
        np.testing.assert_array_equal(traj.params, alone.params)


def test_sam_runs_keep_their_base_optimizers_hyperparameters(state):
    from gradscape.core.scene import Scene

    state.runs = (Run("sam", (("base", "AdaDelta"), ("rho", 0.1), ("base_rho", 0.8)), "#000"),)
    assert state.run.hyper_dict["base_rho"] == 0.8 and state.run.hyper_dict["rho"] == 0.1
    with pytest.raises(ValueError, match="SAM with base='Adam' got an unknown keyword 'foo'"):
        state.runs = (Run("sam", (("foo", 1.0),), "#000"),)
    with pytest.raises(ValueError, match="Adam got an unknown keyword 'foo'"):
        state.runs = (Run("adam", (("foo", 1.0),), "#000"),)
    # a scene (which records the base's hyperparameters) goes into the window and back out
    scene = Scene(optimizers=[("sam", {"base": "MSGD", "mu": 0.5, "eta": 0.1})], steps=30)
    back = AppState(scene=scene).scene
    assert back.optimizers == scene.optimizers
    np.testing.assert_array_equal(back.run()[0].params, scene.run()[0].params)


def test_the_divergence_hint_speaks_of_the_start_point(state):
    from gradscape.app.model.compute import compute_result
    from gradscape.core.trajectory import stability

    state.surface = "rosenbrock"
    state.set_optimizer("sgd")
    state.set_hyper("eta", 0.1)
    result = compute_result(state.scene)
    traj, text = result.trajectories[0], result.divergence[0]
    assert traj.diverged_at == 2  # step 1 went far out, step 2 left the bounds
    start, last = (
        stability(result.surface, *state.start, 0.1),
        stability(result.surface, *traj.params[-1], 0.1),
    )
    assert start["limit"] > 10 * last["limit"]  # far out the curvature is much larger
    w0, b0 = state.start
    assert f"At the start ({w0:.4g}, {b0:.4g}): {start['text']}" in text
    assert f"η must stay below {start['limit']:.3g}" in text


def test_the_scene_seed_seeds_santa_as_the_cli_does(state):
    from gradscape.app.model.compute import compute_result
    from gradscape.core.trajectory import descend

    state.surface = "booth"
    state.set_optimizer("santae")
    assert "seed" not in state.run.hyper_dict  # one seed: the start panel's
    state.steps = 30
    runs = {}
    for seed in (0, 7):
        state.seed = seed
        traj = compute_result(state.scene).trajectories[0]
        engine = descend(get_surface("booth"), ("santae", state.run.hyper_dict), state.start,
                         30, seed=seed)  # fmt: skip
        np.testing.assert_array_equal(traj.params, engine.params)
        assert traj.hyper["seed"] == seed
        runs[seed] = traj.params
    assert not np.array_equal(runs[0], runs[7])
    # a run's own seed (a scene made with --optimizer santae:seed=3) is kept and wins
    state.runs = (Run("santae", (*state.run.hyper, ("seed", 3)), "#000"),)
    assert compute_result(state.scene).trajectories[0].hyper["seed"] == 3


def test_binary_loss_and_targets_outside_0_1_are_refused_together(state):
    state.samples = [(1.0, 2.0)]  # squared error: any target
    with pytest.raises(ValueError, match=r"binary cross-entropy needs targets y\* in \[0, 1\]"):
        state.set_surface_param("loss", "binary")
    assert state.surface_params["loss"] == "square"
    state.samples = [(1.0, 0.5)]
    state.set_surface_param("loss", "binary")
    with pytest.raises(ValueError, match=r"got y\* = 2, -1$"):
        state.samples = [(1.0, 2.0), (0.0, 0.3), (2.0, -1.0)]
    assert state.samples == ((1.0, 0.5),)


def test_a_scene_the_window_cannot_show_is_refused_not_trimmed(qapp):
    from gradscape.core.scene import Scene

    cases = [
        (Scene(surface="booth", surface_params={"domain": [[-5, 5], [-5, 5]]}),
         r"changes the surface's domain to \(\(-5.0, 5.0\), \(-5.0, 5.0\)\); the window shows"),
        (Scene(bound=5.0), "sets the divergence bound"),
        (Scene(start=[[0.0, 0.0], [1.0, 1.0]]), "several start points"),
    ]  # fmt: skip
    for scene, message in cases:
        with pytest.raises(ValueError, match=message) as info:
            AppState(scene=scene)
        assert "gradscape export writes such scenes as .csv or .json" in str(info.value)
    # what it can show, it shows whole: minibatches, samples, seed
    scene = Scene(
        surface_params={"samples": [[1.0, 0.5], [-1.0, 0.2], [2.0, 0.1]]},
        batch_size=1, seed=3, steps=20,
    )  # fmt: skip
    st = AppState(scene=scene)
    assert (st.batch_size, st.seed, len(st.samples), st.steps) == (1, 3, 3, 20)


def test_a_reopened_sam_run_can_change_its_base(state):
    state.set_optimizer("sam")
    back = AppState(scene=state.scene)
    assert back.run.hyper_dict["beta1"] == 0.9  # Adam's, recorded by the scene
    back.set_hyper("base", "MSGD")  # Adam's keywords no longer apply: dropped
    hyper = back.run.hyper_dict
    assert hyper["base"] == "MSGD" and "beta1" not in hyper
    back.set_hyper("rho", 0.1)
    assert back.run.hyper_dict["rho"] == 0.1


def test_the_seed_panel_still_seeds_santa_after_a_scene_round_trip(state):
    from gradscape.app.model.compute import compute_result

    state.surface = "booth"
    state.set_optimizer("santae")
    state.steps, state.seed = 20, 1
    scene = state.scene
    assert scene.optimizers[0][1]["seed"] == 1  # the scene records it
    back = AppState(scene=scene)
    assert "seed" not in back.run.hyper_dict  # ... and hands it back to the start panel
    paths = []
    for seed in (1, 2):
        back.seed = seed
        paths.append(compute_result(back.scene).trajectories[0].params)
    assert not np.array_equal(*paths)


def test_opening_a_binary_loss_scene_over_targets_outside_0_1(state):
    from gradscape.core.scene import Scene

    state.samples = [(1.0, 2.0)]  # squared error: fine
    old = AppState()  # the same, from the settings of an earlier version (field by field)
    old.samples = [(1.0, 2.0)]
    for scene in (
        Scene(surface_params={"loss": "binary", "samples": [[1.0, 0.5]]}, steps=77),
        Scene(surface_params={"loss": "square", "samples": [[1.0, 3.0]]}, steps=78),
    ):
        state.scene = scene  # the loss and the samples change together
        assert load_legacy(old, legacy_dict(AppState(scene=scene))) == []
        assert (old.surface_params, old.samples) == (state.surface_params, state.samples)
        assert state.surface_params["loss"] == scene.surface_params["loss"]
        assert state.samples == tuple(map(tuple, scene.surface_params["samples"]))
        assert state.steps == scene.steps


def test_a_reopened_sam_santa_run_with_its_own_seed_can_change_base(state):
    from gradscape.core.scene import Scene

    scene = Scene(surface="booth", optimizers=[("sam", {"base": "SantaE", "seed": 8})], seed=4)
    back = AppState(scene=scene)
    assert back.run.hyper_dict["seed"] == 8  # its own, not the scene's: kept
    back.set_hyper("base", "SantaSSS")  # still a Santa base: the seed stays
    assert back.run.hyper_dict["seed"] == 8
    back.set_hyper("base", "Adam")  # Adam takes no seed: dropped, not an error
    assert "seed" not in back.run.hyper_dict and back.run.hyper_dict["base"] == "Adam"


# -- the scene value ----------------------------------------------------------------------


def test_a_whole_scene_is_applied_in_one_change(state):
    from dataclasses import replace

    from gradscape.core.scene import Scene

    state.add_run("sgd")  # current run 1
    state.step = 150
    names = "scene surface runs currentRun steps step seed grid start".split()
    names = [n + "Changed" for n in names]
    seen = {n: [] for n in names}
    for n in names:
        getattr(state, n).connect(lambda *a, n=n: seen[n].append(a))
    scene = Scene(
        surface="booth",
        surface_params={"resolution": 60},
        optimizers=[("nag", {"eta": 0.01})],
        start=[1.5, -2.0],
        steps=40,
        seed=None,
    )
    state.scene = scene
    assert state.scene == replace(scene, seed=0)  # the window always seeds: 0 for none
    assert seen["sceneChanged"] == [()]
    assert seen["surfaceChanged"] == [("booth",)] and seen["gridChanged"] == [(60,)]
    assert seen["stepsChanged"] == [(40,)] and seen["startChanged"] == [((1.5, -2.0),)]
    assert seen["seedChanged"] == []  # 0 before, 0 after
    # the current run and the step moved inside the new scene, and said so once
    assert (state.current_run, state.step) == (0, 40)
    assert seen["currentRunChanged"] == [(0,)] and seen["stepChanged"] == [(40,)]
    (run,) = state.runs
    assert (run.optimizer, run.hyper_dict["eta"], run.color) == ("nag", 0.01, RUN_COLORS[0])
    assert (state.surface, state.grid, state.samples, state.steps) == ("booth", 60, None, 40)
    # the same scene again: nothing happens
    before = {n: len(v) for n, v in seen.items()}
    state.scene = Scene.from_json(state.scene.to_json())
    assert {n: len(v) for n, v in seen.items()} == before
    # a scene the window cannot show changes nothing
    held = state.scene
    for bad, message in (
        (Scene(steps=0), "the window shows 1 to 100000 steps"),
        (Scene(seed=2**32), r"seed must be an integer in \[0, 2\*\*32 - 1\]"),
        (Scene(surface_params={"resolution": 500}), r"resolution must be in \[10, 400\]"),
        (Scene(optimizers=["sgd"] * 9), "at most 8 optimizers"),
    ):
        with pytest.raises(ValueError, match=message):
            state.scene = bad
        assert state.scene is held
    assert {n: len(v) for n, v in seen.items()} == before


def test_every_change_makes_a_new_scene_and_leaves_the_old_one_alone(state):
    s0 = state.scene
    state.steps = 30
    state.grid = 60
    state.samples = [(1.0, 0.5), (-1.0, 0.25)]
    state.batch_size = 1
    state.surface = "booth"
    state.set_optimizer("santae")
    state.seed = 5
    assert (s0.surface, s0.steps, s0.surface_params["resolution"], s0.seed) == (
        "neuron",
        200,
        100,
        0,
    )
    assert s0.surface_params["samples"] == [[1.0, 0.5]] and s0.batch_size is None
    s = state.scene
    assert (s.surface, s.steps, s.surface_params["resolution"], s.seed) == ("booth", 30, 60, 5)
    assert s.batch_size is None  # a surface without samples: full batch
    # the scene hands its seed to the stochastic rule; the run, as the window shows it,
    # leaves it to the start panel
    assert s.optimizers[0][0] == "santae" and s.optimizers[0][1]["seed"] == 5
    assert "seed" not in state.run.hyper_dict
    state.seed = 6
    assert state.scene.optimizers[0][1]["seed"] == 6
    # the scene runs exactly the trajectory the app computes
    from gradscape.app.model.compute import compute_result

    np.testing.assert_array_equal(
        compute_result(state.scene).trajectories[0].params, state.scene.run()[0].params
    )


def test_new_colours_alone_recolour_the_result_and_compute_nothing(state, monkeypatch):
    from gradscape.app.model import compute

    ctl = compute.ComputeController(state, synchronous=True)
    ctl.request()
    first = state.result
    assert first.runs == state.runs and first.colors == (RUN_COLORS[0],)
    calls, scenes = [], []
    real = compute.compute_result
    monkeypatch.setattr(compute, "compute_result", lambda *a, **k: calls.append(a) or real(*a, **k))
    state.sceneChanged.connect(lambda: scenes.append(1))
    state.run_colors = ("#123456",)
    assert calls == [] and scenes == []
    assert state.result is not first and state.result.trajectories is first.trajectories
    assert state.result.runs[0].color == "#123456" and state.result_is_current()
    for bad, message in (
        (("#000", "#111"), r"one colour per run \(1\), got 2"),
        ("#000", "a list of colour names"),
        ((3,), "a list of colour names"),
    ):
        with pytest.raises(ValueError, match=message):
            state.run_colors = bad
    assert state.run_colors == ("#123456",)
    # a real change of the scene is computed, with the colours it is drawn in
    state.add_run("sgd")
    assert len(calls) == 1 and state.result.colors == ("#123456", RUN_COLORS[0])
    ctl.shutdown()


def test_a_copy_holds_the_same_scene_and_view_settings(state):
    from gradscape.app.model.compute import compute_result

    state.surface = "booth"
    state.add_run("nag")
    state.colormap, state.speed, state.log_loss = "plasma", 120.0, True
    state.set_result(compute_result(state.scene, colors=state.run_colors))
    twin = state.copy()
    assert snapshot(twin) == snapshot(state) and twin.current_run == 1
    assert twin.result is state.result  # current: shared, not computed again
    twin.steps = 20
    assert state.steps == 200 and not twin.result_is_current() and state.result_is_current()
    assert twin.copy().result is None  # a result of another scene is not handed on


# -- settings: the scene's JSON, and an earlier version's form, read once -------------------


def test_settings_keep_the_scenes_own_json_and_the_view_settings(state):
    from gradscape.app.model.settings import SCENE_KEY, VIEW_KEY
    from gradscape.core.scene import Scene

    state.surface = "rosenbrock"
    state.add_run("sam")
    state.set_hyper("base", "SantaE")
    state.seed, state.grid = 11, 150
    state.run_colors = ("#101010", "#202020")
    state.current_run, state.height_mode = 0, "clip"
    s = open_settings()
    save_state(s, state)
    s.sync()
    stored = open_settings()
    assert Scene.from_json(stored.value(SCENE_KEY, "", type=str)) == state.scene
    view = json.loads(stored.value(VIEW_KEY, "", type=str))
    assert view["run_colors"] == ["#101010", "#202020"] and view["height_mode"] == "clip"
    other = AppState()
    assert load_state(stored, other) == []
    assert snapshot(other) == snapshot(state)
    assert other.runs[1].hyper_dict["base"] == "SantaE" and other.seed == 11


def test_a_bad_stored_scene_keeps_the_default_scene_not_the_view_settings(state):
    from gradscape.app.model.settings import SCENE_KEY, VIEW_KEY

    default = AppState().scene
    s = open_settings()
    view = {"colormap": "plasma", "height_mode": "cubic", "speed": 5.0}
    for text, message in (
        ('{"surface": "nosuch", "optimizers": ["adam"], "steps": 5}', "unknown surface"),
        ('{"surface": "neuron", "optimizers": ["adam"], "steps": 0}', "1 to 100000 steps"),
        ("{not json", "not valid JSON"),
    ):
        s.setValue(SCENE_KEY, text)
        s.setValue(VIEW_KEY, json.dumps(view))
        problems = load_state(s, state)
        assert len(problems) == 2, problems
        assert problems[0].startswith("stored scene: ") and message in problems[0]
        assert problems[1].startswith("height_mode: height_mode must be one of")
        assert state.scene == default
        assert (state.colormap, state.speed, state.height_mode) == ("plasma", 5.0, "linear")
    s.setValue(SCENE_KEY, default.to_json())
    s.setValue(VIEW_KEY, "[1")
    assert "stored view settings are not JSON" in load_state(s, state)[0]


def test_an_earlier_versions_settings_load_once(state):
    from gradscape.app.model.settings import SCENE_KEY

    # what the previous version of gradscape wrote, word for word
    stored = {
        "surface": "neuron",
        "surface_params": {"act": "tanh", "loss": "square"},
        "samples": [[1.0, 0.25], [-2.0, 0.75]],
        "runs": [
            {"optimizer": "adam", "hyper": {"eta": 0.05, "beta1": 0.8, "beta2": 0.999,
                                            "eps": 1e-08}, "color": "#e6194b"},
            {"optimizer": "santae", "hyper": {"eta": 0.02}, "color": "#0891b2"},
        ],
        "current_run": 1,
        "start": [0.5, -1.0],
        "steps": 321,
        "seed": 9,
        "batch_size": 1,
        "speed": 120.0,
        "height_mode": "log",
        "log_loss": True,
        "colormap": "plasma",
        "grid": 60,
    }  # fmt: skip
    assert load_legacy(state, stored) == []
    assert (state.surface, state.surface_params) == ("neuron", {"act": "tanh", "loss": "square"})
    assert state.samples == ((1.0, 0.25), (-2.0, 0.75)) and state.batch_size == 1
    assert [(r.optimizer, r.color) for r in state.runs] == [("adam", "#e6194b"),
                                                            ("santae", "#0891b2")]  # fmt: skip
    assert state.runs[0].hyper_dict["beta1"] == 0.8 and state.runs[1].hyper_dict["eta"] == 0.02
    assert (state.start, state.steps, state.seed, state.grid) == ((0.5, -1.0), 321, 9, 60)
    assert (state.current_run, state.speed, state.height_mode) == (1, 120.0, "log")
    assert state.log_loss and state.colormap == "plasma"
    assert state.scene.optimizers[1][1]["seed"] == 9  # handed down to SantaE
    # the next save writes the present form and drops the old one: read once
    s = open_settings()
    save_state(s, state)
    s.sync()
    assert not open_settings().contains(LEGACY_KEY) and open_settings().contains(SCENE_KEY)
    again = AppState()
    assert load_state(open_settings(), again) == []
    assert snapshot(again) == snapshot(state)


def test_a_run_lists_its_forms_hyperparameters_first_then_what_the_scene_records(state):
    from gradscape.app.model.choices import run_params
    from gradscape.core.scene import Scene

    state.scene = Scene(optimizers=[("sam", {"base": "SantaE", "eta": 0.1})], seed=2)
    names = [k for k, _ in state.run.hyper]
    form = [p.name for p in run_params(OPTIMIZERS["sam"])]
    assert names[: len(form)] == form
    assert set(names[len(form) :]) == set(state.scene.optimizers[0][1]) - set(form) - {"seed"}
    assert names[len(form) :] and "seed" not in names  # SantaE's own, not the handed-down seed


def test_settings_saved_under_the_old_name_are_adopted_once(qapp, tmp_path, monkeypatch):
    """The first launch after the rename starts from losscape's saved settings."""
    from PyQt6.QtCore import QSettings

    monkeypatch.delenv("GRADSCAPE_SETTINGS")
    fmt, scope = QSettings.Format.IniFormat, QSettings.Scope.UserScope
    QSettings.setPath(fmt, scope, str(tmp_path / "config"))
    default = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")  # Qt's
    try:
        _adopt_old(open_settings, tmp_path)
    finally:
        QSettings.setPath(fmt, scope, default)


def _adopt_old(open_settings, tmp_path):
    from PyQt6.QtCore import QSettings

    old = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "losscape", "losscape")
    old.setValue("state/view", '{"height_mode": "log"}')
    old.sync()
    settings = open_settings()
    assert settings.fileName().startswith(str(tmp_path / "config"))
    assert "gradscape" in settings.fileName()
    assert settings.value("state/view", "", type=str) == '{"height_mode": "log"}'
    settings.setValue("state/view", "{}")
    settings.sync()
    assert open_settings().value("state/view", "", type=str) == "{}"  # adopted once only
