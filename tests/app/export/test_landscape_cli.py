"""``gradscape landscape`` end to end on a tiny network: the .npz recomputes its grid, the
pictures are drawn and animated over the path, the scene they carry reopens; bad arguments
and Ctrl-C end with their exit codes and nothing half-written."""

from __future__ import annotations

import io
import os
import re
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from gradscape.app.export import landscape_cli
from gradscape.app.export.files import ExportCancelled, read_embedded_scene
from gradscape.app.export.scene_source import load_scene_file
from gradscape.core.landscape import Landscape
from gradscape.core.landscape._params import set_theta
from gradscape.core.scene import Scene, landscape_scene

TINY = ["--data", "xor", "--hidden", "8", "--epochs", "2", "--grid", "11", "--workers", "1",
        "--directions", "pca", "--size", "400x300", "--view", "3d"]  # fmt: skip


@pytest.fixture(autouse=True)
def _keep_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # The renderer chooses the Qt platform through os.environ: restore it after each test.
    for key in ("QT_QPA_PLATFORM", "DISPLAY"):
        if key in os.environ:
            monkeypatch.setenv(key, os.environ[key])
        else:
            monkeypatch.delenv(key, raising=False)


def run_cli(capsys, *args: str) -> tuple[int, str]:
    rc = landscape_cli.main(list(args))
    return rc, capsys.readouterr().err


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("land")
    files = {ext: out / f"land.{ext}" for ext in ("npz", "png", "gif", "csv")}
    args = [*TINY, "--cache", str(out / "cache")]
    for f in files.values():
        args += ["-o", str(f)]
    err = io.StringIO()
    rc = landscape_cli.run(landscape_cli.build_parser().parse_args(args), err)
    assert rc == 0, err.getvalue()
    return files, err.getvalue()


@pytest.mark.gl
def test_the_npz_holds_every_field_and_recomputes_a_grid_point(gl, outputs):
    files, err = outputs
    land = Landscape.load(files["npz"])
    assert land.sizes.tolist()[:2] == [2, 8]  # xor's two inputs, --hidden 8
    assert land.loss_grid.shape == land.acc_grid.shape == (11, 11)
    assert land.theta.shape == land.d1.shape == land.d2.shape
    assert land.directions == "pca" and land.path.shape[1] == 2
    assert len(land.path_loss) == len(land.plane_path_loss) == len(land.path)
    # any grid point, independently: the network at θ + α d1 + β d2 on x_eval
    net = land.network()
    j, i = 3, 8
    set_theta(net, land.theta + land.alpha[i] * land.d1 + land.beta[j] * land.d2)
    loss, acc = net.evaluate(land.x_eval, land.t_eval)
    assert land.loss_grid[j, i] == pytest.approx(float(loss), rel=1e-5)
    assert land.acc_grid[j, i] == pytest.approx(float(acc), abs=1e-9)
    # progress went to stderr, chunk by chunk
    assert "gradscape landscape: grid" in err and "gradscape landscape: train" in err


@pytest.mark.gl
def test_the_csv_is_the_grid_row_by_row(gl, outputs):
    files, _ = outputs
    land = Landscape.load(files["npz"])
    rows = files["csv"].read_text().splitlines()
    assert rows[0] == "alpha,beta,loss,accuracy" and len(rows) == 1 + 11 * 11
    a, b, loss, acc = (float(v) for v in rows[1 + 2 * 11 + 5].split(","))
    assert (a, b, loss, acc) == (land.alpha[5], land.beta[2], land.loss_grid[2, 5],
                                 land.acc_grid[2, 5])  # fmt: skip


@pytest.mark.gl
def test_the_png_shows_the_landscape_and_the_gif_one_frame_per_checkpoint(gl, outputs):
    files, _ = outputs
    land = Landscape.load(files["npz"])
    with Image.open(files["png"]) as im:
        png = np.asarray(im.convert("RGB"), dtype=np.float64)
    assert png.shape == (300, 400, 3)
    assert png.std() > 20.0  # a drawn surface, not a blank frame
    # the viridis surface: many distinct colours, with green and blue ones
    colours = {tuple(int(c) // 16 for c in p) for p in png.reshape(-1, 3)[::7]}
    assert len(colours) > 40
    # the projection badge is painted in the frame: its pale box at the bottom left
    corner = png[200:, :200].reshape(-1, 3)
    badge = np.all(np.abs(corner - (255, 248, 225)) <= 2, axis=1)
    assert badge.sum() > 1000
    assert not np.all(np.abs(png[:100, 200:].reshape(-1, 3) - (255, 248, 225)) <= 2, axis=1).any()
    with Image.open(files["gif"]) as gif:
        assert gif.n_frames == len(land.path)  # the path's steps 0 … n−1


@pytest.mark.gl
def test_the_pictures_carry_the_scene_of_the_npz(gl, outputs, tmp_path):
    files, _ = outputs
    want = landscape_scene(files["npz"])
    assert Scene.from_json(read_embedded_scene(files["png"])) == want
    assert load_scene_file(str(files["gif"])) == want
    assert load_scene_file(str(files["npz"])) == want  # File → Open takes the .npz itself
    saved = tmp_path / "scene.json"
    want.save(saved)
    assert Scene.load(saved) == want


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([*TINY, "-o", "x.txt"], r"-o 'x\.txt': the extension must be one of \.npz"),
        ([*TINY, "-o", "a.png", "-o", "b.png"], r"-o: two \.png outputs"),
        (["--grid", "2", "-o", "x.npz"], r"argument --grid: must be in 3\.\.401, got 2"),
        (["--directions", "up", "-o", "x.npz"], r"argument --directions: invalid choice: 'up'"),
        (["--optimizer", "nope", "-o", "x.npz"], r"unknown optimizer 'nope'"),
        (["--compare", "nope", "-o", "x.npz"], r"unknown optimizer 'nope'"),
        (["--compare", "sgd:eta=-1", "-o", "x.npz"], r"eta"),
        (["--data", "nope", "-o", "x.npz"], r"data"),
        (["--hidden", "8,x", "-o", "x.npz"], r"--hidden must be widths like 256,128"),
        (["--span", "-1", "-o", "x.npz"], r"argument --span: must be in \(0, 1e6\)"),
        ([], r"the following arguments are required: -o/--output"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    rc, err = run_cli(capsys, *args)
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("gradscape landscape: error: ")
    assert re.search(message, err), err
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_output_exits_3_before_any_training(capsys, tmp_path):
    rc, err = run_cli(capsys, *TINY, "-o", str(tmp_path / "no" / "land.npz"))
    assert rc == 3 and "the folder" in err and "does not exist" in err
    assert "train" not in err


def test_ctrl_c_cancels_the_computation_and_writes_nothing(tmp_path):
    cancel = threading.Event()
    seen: list[str] = []

    class Stderr(io.StringIO):
        def write(self, text: str) -> int:
            seen.append(text)
            if "train" in text:
                cancel.set()  # Ctrl-C while training
            return super().write(text)

    args = landscape_cli.build_parser().parse_args(
        [*TINY, "--cache", str(tmp_path / "cache"), "-o", str(tmp_path / "land.npz")]
    )
    with pytest.raises(ExportCancelled):
        landscape_cli.run(args, Stderr(), cancel)
    assert any("train" in s for s in seen)
    assert not (tmp_path / "land.npz").exists()
    assert not list(Path(tmp_path / "cache").glob("*.npz"))


def test_the_main_command_lists_and_runs_the_subcommand(capsys):
    from gradscape.app.__main__ import SUBCOMMANDS, build_parser, main

    assert "landscape" in SUBCOMMANDS
    assert "landscape" in build_parser().format_help()
    assert main(["landscape", "--grid", "1", "-o", "x.npz"]) == 2
    assert "gradscape landscape: error: argument --grid" in capsys.readouterr().err


def test_compared_optimizers_share_the_pca_plane(capsys, tmp_path):
    out = tmp_path / "land.npz"
    rc, err = run_cli(capsys, *TINY, "--cache", str(tmp_path / "c"), "--optimizer",
                      "adam:eta=0.05", "--compare", "sgd:eta=0.5", "--compare",
                      "momentum:eta=0.1,mu=0.5", "-o", str(out))  # fmt: skip
    assert rc == 0, err
    land = Landscape.load(out)
    assert land.other_names.tolist() == ["sgd", "msgd"]
    for name, barrier in land.barriers():  # reported on stderr
        assert f"from adam's solution to {name}'s: {barrier:.4g}" in err
    want = [["sgd", {"eta": 0.5}], ["msgd", {"eta": 0.1, "mu": 0.5}]]
    assert land.meta["spec"]["compare"] == want
    scene = landscape_scene(out)
    assert [p["name"] for p in scene.paths] == [
        "training (Adam η=0.05)", "training (SGD η=0.5)", "training (Momentum SGD η=0.1)"]
    # the three paths start from the same weights: one point on the plane
    np.testing.assert_allclose(land.other_paths[0], land.path[0], atol=1e-9)


def test_a_diverging_training_exits_4_with_one_line_and_writes_nothing(capsys, tmp_path):
    out = tmp_path / "d.npz"
    rc, err = run_cli(capsys, "--data", "sine", "--hidden", "8", "--epochs", "3", "--optimizer",
                      "sgd:eta=50", "--grid", "5", "--cache", str(tmp_path / "c"),
                      "-o", str(out))  # fmt: skip
    assert rc == 4, err
    last = err.strip().splitlines()[-1]
    assert "diverged at epoch" in last and "nothing was written" in last
    assert "Traceback" not in err and not out.exists()


@pytest.mark.parametrize("address", ["foo", "127.0.0.1:8786", "tcp://host:0"])
def test_a_malformed_scheduler_is_refused_before_training(capsys, tmp_path, address):
    rc, err = run_cli(capsys, *TINY, "--scheduler", address, "-o", str(tmp_path / "x.npz"))
    assert rc == 2 and "--scheduler" in err and "train" not in err


def test_an_unreachable_scheduler_is_a_usage_error_not_a_write_error(capsys, tmp_path):
    rc, err = run_cli(capsys, *TINY, "--cache", str(tmp_path / "c"), "--scheduler",
                      "tcp://127.0.0.1:9", "-o", str(tmp_path / "x.npz"))  # fmt: skip
    assert rc == 2, err
    assert "--scheduler: no dask scheduler answered at tcp://127.0.0.1:9" in err
    assert not (tmp_path / "x.npz").exists()


def test_the_cache_folder_problems(capsys, tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    rc, err = run_cli(capsys, *TINY, "--cache", str(afile), "-o", str(tmp_path / "x.npz"))
    assert rc == 2 and "is not a folder" in err and "train" not in err
    # a cache that cannot be written is skipped with a warning: the result is still written
    rc, err = run_cli(capsys, *TINY, "--cache", str(afile / "sub"), "-o", str(tmp_path / "y.npz"))
    assert rc == 0, err
    assert "warning: not cached" in err and (tmp_path / "y.npz").is_file()


def test_ctrl_c_after_the_npz_names_what_was_kept(tmp_path, monkeypatch):
    from gradscape.app.export import cli

    cancel = threading.Event()

    def interrupted(*args, **kwargs):
        cancel.set()
        raise ExportCancelled("export to land.png cancelled; nothing was written")

    monkeypatch.setattr(cli, "render_outputs", interrupted)
    args = landscape_cli.build_parser().parse_args(
        [*TINY, "--cache", str(tmp_path / "c"), "-o", str(tmp_path / "land.npz"),
         "-o", str(tmp_path / "land.png")]  # fmt: skip
    )
    with pytest.raises(ExportCancelled) as info:
        landscape_cli.run(args, io.StringIO(), cancel)
    assert info.value.kept == f"kept, complete: {tmp_path / 'land.npz'}"
    assert Landscape.load(tmp_path / "land.npz").loss_grid.shape == (11, 11)
    assert not (tmp_path / "land.png").exists()
