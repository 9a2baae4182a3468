"""``gradscape export`` without rendering: CSV/JSON, scenes, arguments, exit codes, and the
headless start-up (its own Xvfb when there is no display) in a subprocess."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from gradscape.app.export import cli as cli_export
from gradscape.core.scene import Scene
from gradscape.core.surfaces import get_surface
from gradscape.core.trajectory import descend, to_csv

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _keep_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI chooses the Qt platform through os.environ: restore it after each test.
    for key in ("QT_QPA_PLATFORM", "DISPLAY"):
        if key in os.environ:
            monkeypatch.setenv(key, os.environ[key])
        else:
            monkeypatch.delenv(key, raising=False)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    rc = cli_export.main(list(args))
    return rc, capsys.readouterr().err


def test_csv_equals_the_engines_own_writer(tmp_path: Path, capsys) -> None:
    rc, err = cli(capsys, "--steps", "30", "-o", str(tmp_path / "cli.csv"))
    assert rc == 0, err
    # Independently: the engine's descend and to_csv with the documented defaults
    # (neuron, Adam with the series' demo eta = 0.25, start (-1.8, -1.2), seed 0).
    traj = descend(get_surface("neuron"), ("adam", {"eta": 0.25}), (-1.8, -1.2), 30, seed=0)
    to_csv(traj, tmp_path / "engine.csv")
    cli_text = (tmp_path / "cli.csv").read_text()
    assert cli_text == (tmp_path / "engine.csv").read_text()
    lines = cli_text.splitlines()
    assert len(lines) == 1 + 31  # header + steps + 1 rows
    assert lines[0].startswith("step,w,b,loss,grad_w,grad_b,move_w,move_b")
    assert "wrote" in err and "cli.csv" in err


def test_race_csv_has_run_and_label(tmp_path: Path, capsys) -> None:
    out = tmp_path / "race.csv"
    rc, err = cli(capsys, "--optimizer", "adam:eta=0.1", "--optimizer", "sgd:eta=2",
                  "--steps", "10", "-o", str(out))  # fmt: skip
    assert rc == 0, err
    lines = out.read_text().splitlines()
    assert lines[0].startswith("run,label,step,w,b,loss")
    assert len(lines) == 1 + 2 * 11
    assert lines[1].startswith('0,"Adam η=0.1",0,-1.8,-1.2,')
    assert lines[12].startswith('1,"SGD η=2",0,-1.8,-1.2,')
    # SGD's own table equals the engine's single-run CSV in the shared columns
    sgd = descend(get_surface("neuron"), ("sgd", {"eta": 2.0}), (-1.8, -1.2), 10, seed=0)
    header = lines[0].split(",")
    row = dict(zip(header, lines[22].split(","), strict=True))
    assert float(row["w"]) == sgd.params[10, 0]
    assert float(row["loss"]) == sgd.loss[10]
    assert row["m_w"] == ""  # SGD has no Adam moment: empty cell


def test_eta_sweep(tmp_path: Path, capsys) -> None:
    out = tmp_path / "sweep.json"
    rc, err = cli(capsys, "--optimizer", "rmsprop", "--eta", "0.01", "0.1",
                  "--steps", "5", "-o", str(out))  # fmt: skip
    assert rc == 0, err
    doc = json.loads(out.read_text())
    assert [t["label"] for t in doc["trajectories"]] == ["RMSprop η=0.01", "RMSprop η=0.1"]
    assert [o["hyper"]["eta"] for o in doc["scene"]["optimizers"]] == [0.01, 0.1]


def test_json_holds_scene_and_trajectories(tmp_path: Path, capsys) -> None:
    out = tmp_path / "t.json"
    rc, _ = cli(capsys, "--surface", "rosenbrock", "--optimizer", "nag:eta=0.0005,mu=0.9",
                "--start", "-1.5", "2", "--steps", "40", "-o", str(out))  # fmt: skip
    assert rc == 0
    doc = json.loads(out.read_text())
    scene = Scene.from_dict(doc["scene"])
    assert scene.surface == "rosenbrock" and scene.start == [-1.5, 2.0]
    (traj,) = scene.run()
    (got,) = doc["trajectories"]
    assert len(got["params"]) == 41
    np.testing.assert_array_equal(np.array(got["params"]), traj.params)
    assert got["hyper"]["mu"] == 0.9


def test_scene_saved_and_rerendered_gives_identical_csv(tmp_path: Path, capsys) -> None:
    a, b, s = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "scene.json"
    rc, err = cli(capsys, "--surface", "neuron:act=tanh", "--samples", "1,0.5", "-1,0.2",
                  "--optimizer", "adabelief:eta=0.05", "--optimizer", "msgd",
                  "--start", "1.5", "-1", "--steps", "60", "--seed", "3",
                  "--save-scene", str(s), "-o", str(a))  # fmt: skip
    assert rc == 0, err
    rc, err = cli(capsys, "--scene", str(s), "-o", str(b))
    assert rc == 0, err
    assert a.read_bytes() == b.read_bytes()
    assert Scene.load(s).surface_params["samples"] == [[1.0, 0.5], [-1.0, 0.2]]
    # and from the JSON export, which embeds the scene
    j, c = tmp_path / "t.json", tmp_path / "c.csv"
    assert cli(capsys, "--scene", str(s), "-o", str(j))[0] == 0
    assert cli(capsys, "--scene", str(j), "-o", str(c))[0] == 0
    assert c.read_bytes() == a.read_bytes()


def test_quiet_prints_nothing(tmp_path: Path, capsys) -> None:
    rc, err = cli(capsys, "-q", "--steps", "3", "-o", str(tmp_path / "q.csv"))
    assert rc == 0 and err == ""


def test_binary_loss_with_tanh_gets_the_surfaces_note(tmp_path: Path, capsys) -> None:
    args = ["--surface", "neuron:act=tanh,loss=binary", "--steps", "3"]
    rc, err = cli(capsys, *args, "-o", str(tmp_path / "t.csv"))
    note = get_surface("neuron", act="tanh", loss="binary").caveat
    assert rc == 0 and note and f"gradscape export: note: {note}" in err
    rc, err = cli(
        capsys, "--surface", "neuron:loss=binary", "--steps", "3", "-o", str(tmp_path / "s.csv")
    )
    assert rc == 0 and "note:" not in err  # sigmoid stays in (0, 1)
    rc, err = cli(capsys, "-q", *args, "-o", str(tmp_path / "q.csv"))
    assert rc == 0 and err == ""


def test_help_documents_every_option_and_exit_codes(capsys) -> None:
    rc = cli_export.main(["--help"])
    text = capsys.readouterr().out
    assert rc == 0
    for opt in ("--scene", "--surface", "--samples", "--optimizer", "--eta", "--start",
                "--steps", "--seed", "--grid", "--view", "--size", "--height", "--colormap",
                "--log-loss", "--fps", "--stride", "--range", "--at", "--output",
                "--save-scene", "--quiet"):  # fmt: skip
        assert opt in text, opt
    for line in ("0  success", "2  bad arguments", "3  the output could not be written",
                 "4  a trajectory diverged", "5  cannot render here"):  # fmt: skip
        assert line in text
    assert text.count("gradscape export ") >= 6  # the examples


def test_diverged_run_is_written_with_a_warning(tmp_path: Path, capsys) -> None:
    out = tmp_path / "d.csv"
    rc, err = cli(capsys, "--surface", "rosenbrock", "--optimizer", "sgd:eta=50",
                  "--steps", "20", "-o", str(out))  # fmt: skip
    assert rc == cli_export.EXIT_DIVERGED == 4
    traj = descend(get_surface("rosenbrock"), ("sgd", {"eta": 50.0}), get_surface(
        "rosenbrock").start, 20, seed=0)  # fmt: skip
    assert traj.diverged_at is not None
    assert f"warning: SGD η=50 diverged at step {traj.diverged_at}" in err
    assert len(out.read_text().splitlines()) == 1 + traj.n + 1


BAD = [
    (["--optimizer", "adm"],
     r"unknown optimizer 'adm'; did you mean adam\b.*\? valid names: (?=.*\badam\b)(?=.*\bsgd)"),
    (["--optimizer", "adma"], r"unknown optimizer 'adma'; did you mean adam\? valid names: "),
    (["--surface", "rosenbrok"], r"unknown surface 'rosenbrok'; did you mean rosenbrock\? valid"),
    (["--surface", "nope"], r"unknown surface 'nope'; valid names: (?=.*rosenbrock)(?=.*neuron)"),
    (["--optimizer", "adam:eta=-1"], r"error: --optimizer adam: eta must be > 0, got -1"),
    (["--optimizer", "sgd", "--optimizer", "rmsprop:rho=2"], r"--optimizer rmsprop: rho must"),
    (["--surface", "neuron:loss=binary", "--samples", "1,2"],
     r"--surface neuron: binary cross-entropy needs targets y\* in \[0, 1\], got y\* = 2$"),
    (["--optimizer", "adam:eta"], r"KEY=VALUE"),
    (["--optimizer", "adam:speed=3"], r"unknown keyword 'speed'"),
    (["--surface", "neuron:act=banana"], r"act"),
    (["--size", "10x10"], r"--size: must be between 64x64 and 8192x8192"),
    (["--size", "big"], r"--size: must look like 800x600"),
    (["--steps", "-3"], r"--steps: must be >= 0"),
    (["--stride", "0"], r"--stride: must be >= 1"),
    (["--eta", "0.1", "0.2", "--optimizer", "adam", "--optimizer", "sgd"], r"sweeps one optimizer"),
    (["--range", "0:5"], r"--range and --stride apply to animations"),
    (["--start", "1"], r"--start: expected 2 arguments"),
    (["--samples", "1;2"], r"a sample is X,Y"),
    (["--fps", "nan"], r"--fps: must be finite"),
    (["--colormap", "jet"], r"--colormap: invalid choice: 'jet'"),
    (["--view", "top"], r"--view: invalid choice: 'top'"),
    (["--optimizer", "adam", "--eta", "1", "2", "3", "4", "5", "6", "7", "8", "9"], r"at most 8"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "msg"), BAD)
def test_bad_arguments_exit_2_and_write_nothing(tmp_path: Path, capsys, args, msg) -> None:
    rc, err = cli(capsys, *args, "-o", str(tmp_path / "out.csv"))
    assert rc == cli_export.EXIT_USAGE == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err  # one line, no traceback, no usage dump
    assert lines[0].startswith("gradscape export: error: ")
    import re

    assert re.search(msg, lines[0]), lines[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("out", "extra", "msg"),
    [("x.webm", [], r"unknown extension '\.webm'"),
     ("x.mp4", ["--size", "801x600"], r"even width and height, got 801x600"),
     ("x.gif", ["--fps", "60"], r"GIF must be <= 50"),
     ("x.png", ["--stride", "2"], r"apply to animations"),
     ("x.gif", ["--at", "3"], r"--at picks the step of a \.png")],
)  # fmt: skip
def test_bad_output_options(tmp_path: Path, capsys, out, extra, msg) -> None:
    import re

    rc, err = cli(capsys, *extra, "-o", str(tmp_path / out))
    assert rc == 2 and re.search(msg, err), err
    assert list(tmp_path.iterdir()) == []


def test_missing_output_is_a_usage_error(capsys) -> None:
    rc, err = cli(capsys, "--steps", "3")
    assert rc == 2 and "required: -o/--output" in err


def test_scene_excludes_scene_options(tmp_path: Path, capsys) -> None:
    s = tmp_path / "s.json"
    Scene().save(s)
    rc, err = cli(capsys, "--scene", str(s), "--optimizer", "sgd", "--steps", "5",
                  "-o", str(tmp_path / "x.csv"))  # fmt: skip
    assert rc == 2
    assert "--scene renders the saved scene exactly; drop --optimizer, --steps" in err


def test_malformed_scene_names_the_field(tmp_path: Path, capsys) -> None:
    s = tmp_path / "s.json"
    s.write_text(
        json.dumps(
            {
                "surface": "neuron",
                "steps": 10,
                "optimizers": [{"name": "adam", "hyper": {"eta": "fast"}}],
            }
        )
    )
    rc, err = cli(capsys, "--scene", str(s), "-o", str(tmp_path / "x.csv"))
    assert rc == 2
    assert "optimizers[0].hyper: eta must be a number" in err
    s.write_text("{not json")
    rc, err = cli(capsys, "--scene", str(s), "-o", str(tmp_path / "x.csv"))
    assert rc == 2 and "not valid JSON (line 1" in err
    rc, err = cli(capsys, "--scene", str(tmp_path / "none.json"), "-o", str(tmp_path / "x.csv"))
    assert rc == 2 and "no such file" in err
    s.write_text("[" * 100_000)  # deeper than the parser's recursion limit
    rc, err = cli(capsys, "--scene", str(s), "-o", str(tmp_path / "x.csv"))
    assert rc == 2 and "scene: JSON nested too deeply" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


def test_missing_folder_exits_3(tmp_path: Path, capsys) -> None:
    rc, err = cli(capsys, "-o", str(tmp_path / "nope" / "a.csv"))
    assert rc == cli_export.EXIT_WRITE == 3
    assert f"the folder {tmp_path / 'nope'} does not exist" in err
    assert list(tmp_path.iterdir()) == []


def test_read_only_folder_exits_3(readonly_fs: Path, capsys) -> None:
    rc, err = cli(capsys, "--steps", "3", "-o", str(readonly_fs / "a.json"))
    assert rc == 3
    assert err.strip() == (
        f"gradscape export: error: cannot write {readonly_fs / 'a.json'}: the folder "
        f"{readonly_fs} is on a read-only file system"
    )


def test_full_disk_exits_3(tiny_fs: Path, capsys) -> None:
    rc, err = cli(capsys, "--steps", "3000", "-o", str(tiny_fs / "big.csv"))
    assert rc == 3
    assert f"the disk is full: no space left in {tiny_fs}" in err
    assert list(tiny_fs.iterdir()) == []


# ------------------------------------------------------------------ subprocess, no display


def _env_without_display(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


@pytest.fixture
def xvfb() -> str:
    exe = shutil.which("Xvfb")
    if exe is None:
        if os.environ.get("REQUIRE_GL") == "1":
            pytest.fail("REQUIRE_GL=1 but Xvfb is not installed (Debian package xvfb)")
        pytest.skip("Xvfb is not installed")
    return exe


def _run_cli(args: list[str], env: dict[str, str], timeout: float = 120):
    return subprocess.run(
        [sys.executable, "-m", "gradscape", "export", *args], env=env, cwd=ROOT,
        capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def test_3d_without_display_starts_and_stops_its_own_xvfb(xvfb: str, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    r = _run_cli(["--steps", "10", "--size", "160x120", "-o", str(out)], _env_without_display())
    assert r.returncode == 0, r.stderr
    from PIL import Image

    with Image.open(out) as im:
        a = np.asarray(im.convert("RGB"))
    assert a.shape == (120, 160, 3)
    assert a.std() > 10  # a drawn surface, not a blank frame
    m = re.search(r"rendering on a virtual X server :(\d+) \(Xvfb\)", r.stderr)
    assert m is not None, r.stderr
    # The server it started is gone: Xvfb removes its lock file and socket when it ends.
    assert not Path(f"/tmp/.X{m[1]}-lock").exists()
    assert not Path(f"/tmp/.X11-unix/X{m[1]}").exists()


def test_no_display_and_no_xvfb_exits_5_naming_the_package(tmp_path: Path) -> None:
    env = _env_without_display(PATH=str(tmp_path))  # no Xvfb on this PATH
    r = _run_cli(["--steps", "5", "--size", "160x120", "-o", str(tmp_path / "a.png")], env)
    assert r.returncode == cli_export.EXIT_DISPLAY == 5
    assert "install the Debian package 'xvfb'" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert list(tmp_path.glob("*.png")) == []


def test_2d_without_display_uses_offscreen(tmp_path: Path) -> None:
    env = _env_without_display(PATH=str(tmp_path))  # no Xvfb needed for the contour map
    out = tmp_path / "c.png"
    r = _run_cli(["--view", "contour", "--steps", "5", "--size", "200x150", "-o", str(out)], env)
    assert r.returncode == 0, r.stderr
    from PIL import Image

    with Image.open(out) as im:
        assert im.size == (200, 150)
        assert np.asarray(im.convert("RGB")).std() > 10


def test_interrupt_mid_export_leaves_nothing(xvfb: str, tmp_path: Path) -> None:
    out = tmp_path / "long.gif"
    proc = subprocess.Popen(
        [sys.executable, "-m", "gradscape", "export", "--steps", "3000", "--size", "160x120",
         "--fps", "25", "-o", str(out)],
        env=_env_without_display(), cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    display = None
    while time.monotonic() < deadline:  # wait until frames are being written
        line = proc.stderr.readline()
        m = re.search(r"virtual X server :(\d+)", line)
        display = m[1] if m else display
        if "frame" in line:
            break
    proc.send_signal(signal.SIGTERM)
    rest = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == cli_export.EXIT_INTERRUPTED
    assert "interrupted; nothing was written" in rest
    assert list(tmp_path.iterdir()) == []
    assert display is not None and not Path(f"/tmp/.X{display}-lock").exists()


@pytest.mark.parametrize("name", ["long.csv", "long.png"])
def test_ctrl_c_during_the_compute_stops_at_once_and_writes_nothing(
    tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    steps = "400000" if name.endswith(".csv") else "100000"  # (the window's most)
    proc = subprocess.Popen(
        [sys.executable, "-m", "gradscape", "export", "--steps", steps, "--optimizer", "adam",
         "--optimizer", "sgd", "--optimizer", "rmsprop", "--view", "contour", "-o", str(out)],
        env=_env_without_display(), cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr is not None
    seen = ""
    while "computing step" not in seen:  # past the first second: it reports its steps
        line = proc.stderr.readline()
        assert line, f"the export ended before reporting its compute: {seen}"
        seen += line
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == cli_export.EXIT_INTERRUPTED, seen + rest
    assert "interrupted; nothing was written" in rest
    assert "frame" not in seen + rest  # stopped in the one computation, before any frame
    assert f"{steps}/{steps}" not in seen + rest  # ... within 250 steps, not at its end
    assert list(tmp_path.iterdir()) == []


def test_a_cancel_while_the_csv_is_formatted_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import threading

    from gradscape.app.export import data_text
    from gradscape.app.export.writers import ExportCancelled

    class CancelAfter(threading.Event):  # "set" from its n-th look on
        def __init__(self, n: int) -> None:
            super().__init__()
            self.looks, self.n = 0, n

        def is_set(self) -> bool:
            self.looks += 1
            return self.looks >= self.n

    monkeypatch.setattr(data_text, "CHECK_ROWS", 2)
    args = cli_export.build_parser().parse_args(["--steps", "9", "-o", str(tmp_path / "a.csv")])
    cancel = CancelAfter(3)  # 1: the compute's last report; 2, 3: rows 0 and 2 of the CSV
    with pytest.raises(ExportCancelled, match="cancelled; nothing was written"):
        cli_export.run(args, io.StringIO(), cancel)
    assert cancel.looks == 3 and list(tmp_path.iterdir()) == []
    # not cancelled: the same export writes the whole table
    assert cli_export.run(args, io.StringIO(), CancelAfter(10**9)) == 0
    assert len((tmp_path / "a.csv").read_text().splitlines()) == 1 + 10


def test_a_large_frame_is_the_small_picture_enlarged_not_shrunk_text(
    xvfb: str, tmp_path: Path
) -> None:
    from PIL import Image

    def render(size: str, *extra: str) -> np.ndarray:
        out = tmp_path / f"{size}{''.join(extra)}.png"
        subprocess.run(
            [sys.executable, "-m", "gradscape", "export", "-q", "--view", "contour", "--size", size,
             *extra, "-o", str(out)],
            env=_env_without_display(), cwd=ROOT, check=True, timeout=120,
        )  # fmt: skip
        with Image.open(out) as im:
            return np.asarray(im.convert("L"), dtype=np.float64)

    small = render("600x450")
    auto = render("1200x900", "--scale", "2")  # (auto would choose 1 at this size)
    plain = render("1200x900", "--scale", "1")
    assert auto.shape == plain.shape == (900, 1200)
    for edge in (auto[0], auto[-1], auto[:, 0], auto[:, -1]):  # drawn to the last pixel
        assert edge.mean() > 200

    def halved(a: np.ndarray) -> np.ndarray:
        return a.reshape(450, 2, 600, 2).mean(axis=(1, 3))

    # at scale 2 the text, ticks and lines are twice as large: halved, it is the small frame
    near, far = np.abs(halved(auto) - small).mean(), np.abs(halved(plain) - small).mean()
    assert near < 0.5 * far, (near, far)
