"""Scenes: JSON round trip into identical arrays, validation of every field, atomic saves."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from gradscape.core.scene import Scene, SceneError, load
from gradscape.core.trajectory import descend, to_csv


def arrays_equal(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert x.label == y.label and x.hyper == y.hyper and x.diverged_at == y.diverged_at
        for f in ("params", "loss", "grads", "moves"):
            np.testing.assert_array_equal(getattr(x, f), getattr(y, f))
        for k in x.state:
            np.testing.assert_array_equal(x.state[k], y.state[k])


def rich_scene() -> Scene:
    return Scene(
        surface="Neuron",
        surface_params={
            "samples": [[1.0, 0.5], [-2.0, 0.9], [0.3, 0.1], [1.7, 0.25]],
            "act": "tanh",
            "domain": [[-3, 3], [-2.5, 2.5]],
        },
        optimizers=[
            ("Adam", {"eta": 0.1}),
            {"name": "santa-e", "hyper": {"burnin": 10}},
            ("sam", {"rho": 0.1, "base": "MSGD"}),
            "eve",
        ],
        start=[[-1.8, -1.2], [0.1 + 0.2, 1 / 3]],
        steps=60,
        seed=7,
        batch_size=2,
        title="noisy race",
    )


def test_round_trip_gives_identical_arrays(tmp_path):
    scene = rich_scene()
    path = tmp_path / "scene.json"
    scene.save(path)
    again = load(path)
    assert again == scene
    assert again.to_json() == scene.to_json()
    first, second = scene.run(), again.run()
    assert len(first) == 4 * 2
    arrays_equal(first, second)
    # and the CSV of a trajectory is byte-identical
    to_csv(first[3], tmp_path / "a.csv")
    to_csv(second[3], tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert Scene.load(path) == scene


def test_saved_scene_lists_every_parameter():
    d = json.loads(rich_scene().to_json())
    assert d["format"] == "gradscape-scene" and d["version"] == 1
    assert d["surface"] == "neuron"
    p = d["surface_params"]
    assert p["act"] == "tanh" and p["loss"] == "square" and p["resolution"] == 100
    assert p["domain"] == [[-3.0, 3.0], [-2.5, 2.5]]
    assert p["samples"][1] == [-2.0, 0.9]
    names = [o["name"] for o in d["optimizers"]]
    assert names == ["adam", "santae", "sam", "eve"]
    adam = d["optimizers"][0]["hyper"]
    assert adam == {"eta": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    santa = d["optimizers"][1]["hyper"]
    assert santa["burnin"] == 10 and santa["seed"] == 7  # the scene's seed reaches Santa
    assert d["optimizers"][2]["hyper"]["base"] == "MSGD"
    assert d["start"][1] == [0.30000000000000004, 1 / 3]  # floats kept exactly
    assert (d["steps"], d["seed"], d["batch_size"], d["bound"]) == (60, 7, 2, None)


def test_scene_run_equals_the_engine_called_directly():
    scene = Scene(surface="rosenbrock", optimizers=[("sgd", {"eta": 1e-3})], steps=40)
    (t,) = scene.run()
    direct = descend(scene.surface_object(), ("sgd", {"eta": 1e-3}), (-1.2, 1.0), 40, seed=0)
    np.testing.assert_array_equal(t.params, direct.params)
    assert scene.start == [-1.2, 1.0]  # the surface's recommended start


def test_defaults_make_a_valid_scene():
    s = Scene()
    assert s.surface == "neuron" and s.optimizers[0][0] == "adam"
    assert s.optimizers[0][1]["eta"] == 0.25  # the demo learning rate
    (t,) = s.run()
    assert t.params.shape == (201, 2)


def base() -> dict:
    return json.loads(Scene(surface="booth", optimizers=[("adam", {})], steps=10).to_json())


@pytest.mark.parametrize(
    "edit, match",
    [
        (lambda d: d.pop("surface"), "^surface: missing"),
        (lambda d: d.update(surface="nope"), "^surface: unknown surface 'nope'; valid names: .*bo"),
        (lambda d: d.update(surface="himelblau"), "^surface: .*'himelblau'; did you mean himme"),
        (lambda d: d.update(surface=3), "^surface: must be a surface name"),
        (lambda d: d.update(surface_params=[1]), "^surface_params: must be an object"),
        (lambda d: d.update(surface_params={"resolution": 1}), "^surface_params: resolution"),
        (lambda d: d.update(surface_params={"domain": [[1, 0], [0, 1]]}), "^surface_params: dom"),
        (lambda d: d.update(surface_params={"samples": [[1, 0.5]]}), "^surface_params: .*'samp"),
        (lambda d: d.update(optimizers=[]), "^optimizers: must be a non-empty list"),
        (lambda d: d.update(optimizers="adam"), "^optimizers: must be a non-empty list"),
        (lambda d: d.update(optimizers=[{"name": "nope"}]), "^optimizers\\[0\\].name: unknown"),
        (lambda d: d.update(optimizers=[{"name": 1}]), "^optimizers\\[0\\].name: must be"),
        (lambda d: d.update(optimizers=[{"nam": "adam"}]), "^optimizers\\[0\\]: unknown field"),
        (lambda d: d.update(optimizers=[7]), "^optimizers\\[0\\]: must be"),
        (
            lambda d: d["optimizers"][0]["hyper"].update(eta=-1),
            "^optimizers\\[0\\].hyper: eta must be > 0, got -1",
        ),
        (
            lambda d: d["optimizers"][0]["hyper"].update(beta1=1.5),
            "^optimizers\\[0\\].hyper: beta1 must be in \\[0, 1\\)",
        ),
        (
            lambda d: d["optimizers"][0]["hyper"].update(lr=1),
            "^optimizers\\[0\\].hyper: .*unknown keyword 'lr'",
        ),
        (lambda d: d["optimizers"][0].update(hyper=[1]), "^optimizers\\[0\\].hyper: must be an"),
        (lambda d: d.update(start=[1]), "^start: must be"),
        (lambda d: d.update(start=[1, "x"]), "^start"),
        (lambda d: d.update(start=[[1, 2], [3]]), "^start\\[1\\]: must be a pair"),
        (lambda d: d.update(start=[float("nan"), 0]), "^start"),
        (lambda d: d.update(start="here"), "^start: must be"),
        (lambda d: d.update(steps=-1), "^steps: must be an integer in \\[0, 1000000\\], got -1"),
        (lambda d: d.update(steps=2.5), "^steps: must be an integer"),
        (lambda d: d.update(steps=True), "^steps: must be an integer"),
        (lambda d: d.pop("steps"), "^steps: missing"),
        (lambda d: d.update(seed=-3), "^seed: must be an integer >= 0 or null"),
        (lambda d: d.update(seed="x"), "^seed: must be"),
        (lambda d: d.update(batch_size=2), "^batch_size: Booth has no data samples"),
        (lambda d: d.update(bound=0), "^bound: must be a finite number > 0"),
        (lambda d: d.update(bound=float("inf")), "^bound: must be a finite number > 0"),
        (lambda d: d.update(title=5), "^title: must be a string"),
        (lambda d: d.update(colour="red"), "^colour: unknown field; valid: format, version"),
        (lambda d: d.update(format="other"), "^format: must be 'gradscape-scene'"),
        (lambda d: d.update(version=2), "^version: gradscape reads version 1, got 2"),
    ],
)
def test_malformed_scenes_name_the_field(edit, match):
    d = base()
    edit(d)
    with pytest.raises(SceneError, match=match):
        Scene.from_json(json.dumps(d))


#: An integer literal too large for a float (JSON allows any number of digits).
HUGE = "1" + "0" * 400


@pytest.mark.parametrize(
    "text, match",
    [
        ('"optimizers": [{"name": "adam", "hyper": {"eta": H}}]',
         "^optimizers\\[0\\].hyper.eta: the integer .* is too large"),
        ('"optimizers": [{"name": "santae", "hyper": {"seed": H}}]',
         "^optimizers\\[0\\].hyper.seed: the integer"),
        ('"optimizers": ["santae"], "seed": H', "^seed: the integer"),
        ('"optimizers": ["adam"], "start": [H, 0]', "^start\\[0\\]: the integer"),
        ('"optimizers": ["adam"], "bound": H', "^bound: the integer"),
        ('"optimizers": ["adam"], "surface_params": {"resolution": H}',
         "^surface_params.resolution: the integer"),
        ('"optimizers": ["adam"], "surface_params": {"samples": [[1, 0.5], [H, 0.5]]}',
         "^surface_params.samples\\[1\\]\\[0\\]: the integer"),
        ('"optimizers": ["adam"], "surface_params": {"domain": [[0, H], [0, 1]]}',
         "^surface_params.domain\\[0\\]\\[1\\]: the integer"),
        ('"optimizers": ["adam"], "title": "x", "bound": ' + "9" * 5000, "^scene: not valid JSON"),
    ],
)  # fmt: skip
def test_huge_integers_are_scene_errors(text, match):
    # json.loads turns these into Python ints that overflow float(); a 5000-digit literal
    # exceeds Python's int parsing limit: neither may escape as another exception
    body = '{"surface": "neuron", "steps": 3, ' + text.replace("H", HUGE) + "}"
    with pytest.raises(SceneError, match=match):
        Scene.from_json(body)


def test_a_scene_too_large_to_run_is_refused_when_loaded():
    # the engine records every step of every trajectory and refuses more than
    # MAX_RECORDS = 2e7 of them: such a scene must not load and then fail to run
    d = base()
    d["optimizers"] = [{"name": "sgd"}] * 5
    d["start"] = [[0.0, 0.0]] * 5
    d["steps"] = 1_000_000
    with pytest.raises(SceneError, match="^steps: 1000000 steps × 25 trajectories = 25000000"):
        Scene.from_json(json.dumps(d))
    d["steps"] = 800_000  # 2e7 records: the most the engine takes
    assert Scene.from_json(json.dumps(d)).steps == 800_000


def test_neuron_batch_size_is_checked_against_its_samples():
    d = json.loads(rich_scene().to_json())
    d["batch_size"] = 5
    with pytest.raises(SceneError, match="^batch_size: must be an integer in \\[1, 4\\]"):
        Scene.from_json(json.dumps(d))


@pytest.mark.parametrize(
    "text, match",
    [
        ("{", "^scene: not valid JSON \\(line 1, column 2"),
        ("[1, 2]", "^scene: must be a JSON object, got list"),
        ("", "^scene: not valid JSON"),
        (b"\xff\xfe", "^scene: not UTF-8"),
        ("[" * 100_000, "^scene: "),
    ],
)
def test_unparseable_text(text, match):
    with pytest.raises(SceneError, match=match):
        Scene.from_json(text)


def test_load_errors_are_scene_errors(tmp_path):
    with pytest.raises(SceneError, match="cannot read"):
        load(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text('{"surface": "neuron", "optimizers": ["adam"]}')
    with pytest.raises(SceneError, match="^steps: missing"):
        load(tmp_path / "bad.json")
    assert isinstance(SceneError("x"), ValueError)


def test_a_failed_validation_leaves_nothing_half_built():
    s = Scene(surface="booth", steps=5)
    params = dict(s.surface_params)
    # a valid surface change (which validation would normalise) with a bad optimizer list
    s.surface, s.optimizers = "Rosen-Brock", [("adam", {"eta": 0.1}), ("nope", {})]
    with pytest.raises(SceneError, match="optimizers\\[1\\].name"):
        s.__post_init__()
    assert s.surface == "Rosen-Brock" and s.surface_params == params  # nothing assigned
    assert s.optimizers == [("adam", {"eta": 0.1}), ("nope", {})]


def test_save_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "scene.json"
    path.write_text("old contents")
    scene = rich_scene()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        scene.save(path)
    assert path.read_text() == "old contents"  # the old file is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["scene.json"]  # no temp file left
    monkeypatch.undo()
    scene.save(path)
    assert load(path) == scene
    with pytest.raises(OSError):
        scene.save(tmp_path / "no" / "such" / "dir.json")


def test_saved_files_get_the_mode_a_plain_write_would(tmp_path):
    """mkstemp's private 0600 must not leak into the user's files."""
    new = tmp_path / "new.json"
    rich_scene().save(new)
    umask = os.umask(0o022)
    os.umask(umask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~umask
    kept = tmp_path / "kept.json"
    kept.write_text("{}")
    kept.chmod(0o640)
    rich_scene().save(kept)
    assert kept.stat().st_mode & 0o777 == 0o640  # replacing keeps the file's mode


def test_a_scene_written_before_the_rename_still_opens():
    """Scene files marked "losscape-scene" (the name before gradscape) load unchanged."""
    scene = Scene()
    data = json.loads(scene.to_json())
    assert data["format"] == "gradscape-scene"
    data["format"] = "losscape-scene"
    assert Scene.from_json(json.dumps(data)) == scene
    data["format"] = "another-scene"
    with pytest.raises(SceneError, match="^format: must be"):
        Scene.from_json(json.dumps(data))


def test_a_moved_scene_equals_the_scene_replaced_with_that_start():
    # moved() checks the start alone (a drag moves it many times a second): the result
    # must be what the full validation of replace() gives, errors included
    from dataclasses import replace

    import pytest

    from gradscape.core.scene import Scene, SceneError

    scenes = [
        Scene(),
        Scene(surface="himmelblau", optimizers=[("santae", {"eta": 1e-3}), ("sam", {})],
              start=[1.0, -2.0], steps=50, seed=7),  # fmt: skip
        Scene(optimizers=[("adam", {"eta": {"schedule": "cosine", "base": 0.1, "T_max": 20}})]),
    ]
    for sc in scenes:
        for start in ([0.25, -1.5], (3, 4), np.array([1e-300, -0.0])):
            moved, full = sc.moved(start), replace(sc, start=start)
            assert moved == full and moved.start == full.start and moved is not sc
            assert sc.start != moved.start or list(start) == sc.start  # (sc unchanged)
        assert sc.moved(None) == replace(sc, start=None)  # (the surface's own start)
        for bad in ([1.0], ["a", 2.0], [float("nan"), 0.0], [10**400, 0.0], "1, 2"):
            with pytest.raises((SceneError, ValueError)) as a:
                sc.moved(bad)
            with pytest.raises((SceneError, ValueError)) as b:
                replace(sc, start=bad)
            assert str(a.value) == str(b.value)
    several = Scene(start=[[0.0, 1.0], [1.0, 0.0]])
    assert several.moved([0.5, 0.5]) == replace(several, start=[0.5, 0.5])
