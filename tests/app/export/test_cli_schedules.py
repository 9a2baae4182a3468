"""``gradscape export --optimizer NAME:KEY=SCHEDULE(ARGS)``: parsing, the scene it makes, the
eta_t column of the table, and one-line refusals with exit status 2.  No Qt."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

from gradscape.app.export import cli, cli_parser
from gradscape.app.export.scene_source import scene_from_args


def _scene(*argv: str):
    return scene_from_args(cli_parser.build_parser().parse_args([*argv, "-o", "x.csv"]))


def test_positional_and_keyword_arguments_give_the_same_schedule() -> None:
    a = _scene("--optimizer", "sgd:eta=cosine(0.5,200)")
    b = _scene("--optimizer", "sgd:eta=cosine(base=0.5, T_max=200)")
    want = {"schedule": "cosine", "base": 0.5, "T_max": 200, "low": 0.0}
    assert a.optimizers[0][1]["eta"] == want
    assert b.optimizers == a.optimizers


def test_a_schedule_beside_other_hyperparameters_and_in_a_race() -> None:
    scene = _scene(
        "--optimizer", "adam:eta=step(0.1,5,0.5),beta1=0.8",
        "--optimizer", "msgd:eta=0.01,mu=exponential(0.9,0.99)",
    )  # fmt: skip
    (k0, h0), (k1, h1) = scene.optimizers
    assert (k0, h0["beta1"]) == ("adam", 0.8)
    assert h0["eta"] == {"schedule": "step", "base": 0.1, "step_size": 5, "gamma": 0.5}
    assert (k1, h1["eta"]) == ("msgd", 0.01)
    assert h1["mu"] == {"schedule": "exponential", "base": 0.9, "gamma": 0.99}


def test_the_help_lists_every_schedule_of_the_registry() -> None:
    from gradscape.core.schedules import SCHEDULES

    text = cli_parser.build_parser().format_help()
    assert "sgd:eta=cosine(0.5,200)" in text
    for key, cls in SCHEDULES.items():
        assert f"{key}({', '.join(p.name for p in cls.params)})" in text


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("sgd:eta=cosine(0.5", "--optimizer sgd: eta: a schedule is written name(arguments)"),
        ("sgd:eta=warp(1)", "--optimizer sgd: eta: unknown schedule 'warp'"),
        ("sgd:eta=cosine(0.5,0)", "--optimizer sgd: eta: T_max must be >= 1, got 0"),
        ("sgd:eta=cosine(0.5,200,0,7)", "--optimizer sgd: eta: cosine takes at most 3"),
        ("sgd:eta=cosine(-1,20)", "at step t=1 gives eta must be > 0, got -1.0"),
        ("santae:burnin=cosine(1,2)", "--optimizer santae: burnin cannot follow a schedule"),
    ],
)
def test_bad_schedules_exit_2_with_one_line(
    spec: str, message: str, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "out.csv"
    rc = cli.main(["--optimizer", spec, "--steps", "5", "-o", str(out)])
    err = capsys.readouterr().err.strip()
    assert rc == 2
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert message in err, err
    assert not out.exists()


def test_the_table_has_the_value_each_step_used(tmp_path: Path) -> None:
    out = tmp_path / "cos.csv"
    rc = cli.main(["--optimizer", "sgd:eta=cosine(0.5,20)", "--steps", "20", "-o", str(out)])
    assert rc == 0
    with out.open() as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["eta_t"] == ""
    for k in range(1, 21):
        want = 0.5 * (1 + math.cos(math.pi * (k - 1) / 20)) / 2
        assert float(rows[k]["eta_t"]) == pytest.approx(want, rel=1e-15, abs=1e-300)
    # and the scene written beside it reopens as the same schedule
    out2 = tmp_path / "cos.json"
    argv = ["--optimizer", "sgd:eta=cosine(0.5,20)", "--steps", "20", "-o", str(out2)]
    assert cli.main(argv) == 0
    data = json.loads(out2.read_text())
    assert data["scene"]["optimizers"][0]["hyper"]["eta"]["schedule"] == "cosine"


def test_a_race_table_leaves_eta_t_empty_for_a_plain_run(tmp_path: Path) -> None:
    out = tmp_path / "race.csv"
    argv = ["--optimizer", "sgd:eta=exponential(0.5,0.9)", "--optimizer", "adam:eta=0.1",
            "--steps", "10", "-o", str(out)]  # fmt: skip
    assert cli.main(argv) == 0
    with out.open() as fh:
        rows = list(csv.DictReader(fh))
    sgd = [r for r in rows if r["run"] == "0"]
    adam = [r for r in rows if r["run"] == "1"]
    assert [float(r["eta_t"]) for r in sgd[1:]] == pytest.approx(
        [0.5 * 0.9**k for k in range(10)], rel=1e-15
    )
    assert all(r["eta_t"] == "" for r in adam)
    assert sgd[0]["label"] == "SGD η: exponential"
