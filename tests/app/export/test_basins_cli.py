"""``gradscape basins`` end to end: the .npz, .csv and .png read back against the core's map,
the picture's colours and minima markers, bad arguments and Ctrl-C with their exit codes."""

from __future__ import annotations

import csv
import io
import re
import threading

import numpy as np
import pytest
from PIL import Image

from gradscape.app.__main__ import main as gradscape_main
from gradscape.app.export import basins_cli
from gradscape.app.export.files import ExportCancelled
from gradscape.app.model.basins_colors import (
    DIVERGED_RGB,
    NOT_CONVERGED_RGB,
    label_rgb,
    minimum_colors,
)
from gradscape.core.basins import basins
from gradscape.core.surfaces import get_surface

ARGS = ["--surface", "himmelblau", "--optimizer", "adam:eta=0.25", "--grid", "40",
        "--steps", "300"]  # fmt: skip


def run_cli(capsys, *args: str) -> tuple[int, str]:
    rc = basins_cli.main(list(args))
    return rc, capsys.readouterr().err


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("basins")
    files = {ext: out / f"map.{ext}" for ext in ("npz", "csv", "png")}
    args = list(ARGS)
    for f in files.values():
        args += ["-o", str(f)]
    err = io.StringIO()
    rc = basins_cli.run(basins_cli.build_parser().parse_args(args), err)
    assert rc == 0, err.getvalue()
    expected = basins(get_surface("himmelblau"), "adam", {"eta": 0.25}, grid=40, steps=300)
    return files, err.getvalue(), expected


def test_npz_holds_the_documented_keys_and_the_core_map(written):
    files, err, m = written
    with np.load(files["npz"], allow_pickle=False) as z:
        assert {"w", "b", "label", "minima"} <= set(z.files)
        assert z["w"].shape == (40,) and z["b"].shape == (40,)
        assert z["label"].shape == (40, 40) and z["label"].dtype.kind == "i"
        assert z["minima"].shape == (4, 2)
        np.testing.assert_array_equal(z["w"], np.linspace(-5, 5, 40))
        np.testing.assert_array_equal(z["label"], m.label)
        np.testing.assert_array_equal(z["minima"], m.minima)
        np.testing.assert_array_equal(z["final"], m.final)
        assert int(z["n_known"]) == 4
        assert '"optimizer": "adam"' in str(z["meta"])
    # every minimum has a basin on Himmelblau with Adam
    assert set(np.unique(m.label).tolist()) >= {0, 1, 2, 3}
    assert "wrote" in err and "step 300/300" in err


def test_csv_rows_are_w_b_label(written):
    files, _, m = written
    with open(files["csv"], newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["w", "b", "label"]
    assert len(rows) == 1 + 40 * 40
    # row r is start (w[r % 40], b[r // 40])
    for r in (0, 1, 39, 40, 817, 1599):
        w, b, lab = rows[1 + r]
        i, j = divmod(r, 40)
        assert float(w) == m.w[j] and float(b) == m.b[i] and int(lab) == m.label[i, j]


def test_png_shows_every_basin_colour_and_marks_the_minima(written):
    files, _, m = written
    img = np.asarray(Image.open(files["png"]).convert("RGB"))
    colours = minimum_colors(4)
    # the map's square (the grid scaled by a whole factor) sits at (pad, top)
    f = -(-basins_cli.MAP_PIXELS // 40)
    side = 40 * f
    area = img[40 : 40 + side, 12 : 12 + side]
    present = [int((area == c).all(axis=2).sum()) for c in colours]
    assert all(n > 50 * f * f for n in present), present  # ≥ 4 distinct basin colours
    # each cell's colour is its label's, b upwards: the cell of start (w[j], b[i])
    for i, j in ((0, 0), (5, 30), (39, 39), (20, 3)):
        y = 40 + (39 - i) * f + f // 2
        x = 12 + j * f + f // 2
        if np.hypot(*(np.array([m.w[j], m.b[i]]) - m.minima).T).min() > 0.6:  # not a marker
            assert tuple(img[y, x]) == tuple(label_rgb(m.label, 4)[i, j])
    # the markers: white discs at the minima
    for x_m, y_m in m.minima:
        px = round(12 + (x_m + 5) / 10 * (side - f) + f / 2)
        py = round(40 + (5 - y_m) / 10 * (side - f) + f / 2)
        assert tuple(img[py, px]) == (255, 255, 255)
    # the legend's swatches: the four colours again, right of the map
    legend = img[:, 12 + side + 12 :]
    for c in colours:
        assert (legend == c).all(axis=2).sum() > 100


def test_label_colours_of_diverged_and_not_converged():
    label = np.array([[0, 1, -1], [-2, 3, 2]])
    rgb = label_rgb(label, 4)
    assert tuple(rgb[0, 2]) == DIVERGED_RGB and tuple(rgb[1, 0]) == NOT_CONVERGED_RGB
    assert tuple(rgb[1, 1]) == tuple(minimum_colors(4)[3])
    many = minimum_colors(121)
    assert len({tuple(c) for c in many.tolist()}) == 121  # Rastrigin's grid: all distinct


def test_a_diverging_optimizer_draws_its_map_in_the_diverged_colour(tmp_path, capsys):
    out = tmp_path / "d.png"
    rc, err = run_cli(capsys, "--optimizer", "sgd:eta=10", "--grid", "8", "--steps", "50",
                      "-o", str(out), "-o", str(tmp_path / "d.npz"))  # fmt: skip
    assert rc == 0, err
    assert "64 diverged" in err
    with np.load(tmp_path / "d.npz") as z:
        assert (z["label"] == -1).all()
    img = np.asarray(Image.open(out).convert("RGB"))
    assert (img == DIVERGED_RGB).all(axis=2).sum() > 0.8 * (8 * 64) ** 2


def test_gradscape_basins_subcommand_runs_through_the_main_entry(tmp_path, capsys):
    out = tmp_path / "m.csv"
    rc = gradscape_main(["basins", "--grid", "3", "--steps", "2", "-q", "-o", str(out)])
    assert rc == 0 and capsys.readouterr().err == ""
    assert out.read_text().count("\n") == 10


@pytest.mark.parametrize(
    "args, message",
    [
        (["--grid", "1"], r"--grid: must be in 2\.\.2048, got 1"),
        (["--surface", "nope"], r"unknown surface 'nope'"),
        (["--optimizer", "adamm"], r"adamm"),
        (["--optimizer", "adam:eta=-1"], r"eta"),
        (["--tol", "0"], r"--tol: must be > 0"),
        (["-o", "x.gif"], r"extension must be one of \.npz, \.csv, \.png"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(tmp_path, capsys, args, message):
    full = ["--grid", "3", "--steps", "1", *args]
    if "-o" not in args:
        full += ["-o", str(tmp_path / "m.npz")]
    rc, err = run_cli(capsys, *full)
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("gradscape basins: error: ")
    assert re.search(message, err), err
    assert not (tmp_path / "m.npz").exists()


def test_unwritable_output_exits_3(tmp_path, capsys):
    rc, err = run_cli(capsys, "--grid", "3", "--steps", "1", "-o", str(tmp_path / "no" / "m.npz"))
    assert rc == 3 and err.count("\n") == 1


def test_cancel_leaves_nothing_behind(tmp_path):
    cancel = threading.Event()
    cancel.set()
    args = basins_cli.build_parser().parse_args(
        [*ARGS, "-o", str(tmp_path / "m.npz"), "-o", str(tmp_path / "m.png")]
    )
    with pytest.raises(ExportCancelled):
        basins_cli.run(args, io.StringIO(), cancel)
    assert list(tmp_path.iterdir()) == []


def test_help_lists_the_outputs_and_the_definition(capsys):
    assert basins_cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "label (len(b) x len(w)" in out and "within --tol" in out
