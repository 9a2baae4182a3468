"""`gradscape export` runs the rules added with issue 11 by name, as the engine does."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from gradscape.app.export import cli as cli_export
from gradscape.core.surfaces import get_surface
from gradscape.core.trajectory import race


def test_the_new_rules_race_from_the_command_line(tmp_path: Path, capsys) -> None:
    out = tmp_path / "race.csv"
    names = ["lbfgs", "newton", "qhm", "qhadam"]
    args = ["--surface", "rosenbrock", "--steps", "40", "-o", str(out)]
    for n in names:
        args += ["--optimizer", n]
    rc = cli_export.main(args)
    assert rc == 0, capsys.readouterr().err
    with out.open() as fh:
        rows = list(csv.DictReader(fh))
    s = get_surface("rosenbrock")
    want = race(s, [(n, s.demo_hyper(n)) for n in names], s.start, 40, seed=0)
    for run, traj in enumerate(want):
        mine = [r for r in rows if r["run"] == str(run)]
        assert mine[0]["label"] == traj.label
        got = np.array([[float(r["w"]), float(r["b"])] for r in mine])
        np.testing.assert_allclose(got, traj.params, rtol=1e-12, atol=1e-12)
    # L-BFGS and Newton reach Rosenbrock's minimum (1, 1) within the 40 steps
    for traj in want[:2]:
        np.testing.assert_allclose(traj.params[-1], [1.0, 1.0], atol=1e-6)


@pytest.mark.parametrize(("typed", "meant"), [("lbgfs", "lbfgs"), ("newtn", "newton")])
def test_a_typo_of_a_new_rule_is_answered_with_its_name(tmp_path: Path, capsys, typed, meant):
    rc = cli_export.main(["--optimizer", typed, "-o", str(tmp_path / "x.csv")])
    assert rc == 2
    assert f"did you mean {meant}?" in capsys.readouterr().err
