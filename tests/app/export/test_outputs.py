"""Issue 9, "the CLI never aborts, and writes all or nothing": long names, an empty output,
several outputs committed together, a full disk named right, and the temporaries of a killed
export removed by the next one."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from synthetic import frames, leftovers

from gradscape.app.export import cli as cli_export
from gradscape.app.export import writers as ex
from gradscape.app.export.files import prepare_file
from gradscape.core import atomic

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    rc = cli_export.main(list(args))
    return rc, capsys.readouterr().err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) < 300, err
    return lines[0]


@pytest.fixture
def no_compute(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the scene is computed: what is checked must be checked before."""
    import gradscape.core.scene

    def computed(*a: object, **k: object) -> None:
        raise AssertionError("the scene was computed before the outputs were checked")

    monkeypatch.setattr(gradscape.core.scene.Scene, "run", computed)
    import gradscape.app.model.compute

    monkeypatch.setattr(gradscape.app.model.compute, "compute_result", computed)


# ------------------------------------------------------------------ long names


def test_a_legal_250_character_name_is_written(tmp_path: Path, capsys) -> None:
    out = tmp_path / ("r" * 246 + ".csv")
    rc, err = cli(capsys, "-q", "--steps", "3", "-o", str(out))
    assert rc == 0, err
    assert len(out.read_text().splitlines()) == 1 + 4
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


@pytest.mark.parametrize(
    ("name", "reason"),
    [("n" * 300 + ".csv", r"the name n{60}… \(304 characters\) is 304 bytes; the limit is 255$"),
     ("n" * 300 + ".gif", r"the name n{60}… \(304 characters\) is 304 bytes; the limit is 255$"),
     ("/".join(["d" * 250] * 20) + ".json", r"the path is \d+ bytes; the limit is 4095$")],
)  # fmt: skip
def test_an_over_long_name_exits_3_in_one_line_before_any_work(
    tmp_path: Path, capsys, no_compute: None, name: str, reason: str
) -> None:
    rc, err = cli(capsys, "--steps", "3", "-o", str(tmp_path / name))
    assert rc == cli_export.EXIT_WRITE == 3
    line = one_line(err)
    assert line.startswith(f"gradscape export: error: cannot write {tmp_path}/")
    assert re.search(reason, line), line
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ an empty output


@pytest.mark.parametrize("option", ["-o", "--save-scene"])
def test_an_empty_output_exits_2_and_writes_nothing_here(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch, option: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scene.json").write_text("my own scene")
    args = ["--steps", "2", "--view", "loss", "--size", "64x64"]
    args += ["-o", ""] if option == "-o" else ["-o", str(tmp_path / "x.csv"), "--save-scene", ""]
    rc, err = cli(capsys, *args)
    assert rc == cli_export.EXIT_USAGE == 2
    line = one_line(err)
    assert f"{option}" in line and "must not be empty" in line
    assert [p.name for p in tmp_path.iterdir()] == ["scene.json"]
    assert (tmp_path / "scene.json").read_text() == "my own scene"


# ------------------------------------------------------------------ outputs together


@pytest.mark.parametrize("out", ["a.csv", "a.gif", "frames"])
def test_every_output_is_checked_before_any_work(
    tmp_path: Path, capsys, no_compute: None, out: str
) -> None:
    rc, err = cli(capsys, "--steps", "3", "-o", str(tmp_path / out),
                  "--save-scene", str(tmp_path / "missing" / "s.json"))  # fmt: skip
    assert rc == 3
    assert one_line(err).endswith(f"the folder {tmp_path / 'missing'} does not exist")
    assert list(tmp_path.iterdir()) == []


def test_save_scene_onto_the_output_is_a_usage_error(tmp_path: Path, capsys) -> None:
    rc, err = cli(capsys, "--steps", "3", "-o", str(tmp_path / "a.json"),
                  "--save-scene", str(tmp_path / "a.json"))  # fmt: skip
    assert rc == 2 and "would overwrite the output" in one_line(err)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("failing", ["scene.json", "out.csv"])
def test_when_one_output_cannot_be_committed_neither_changes(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    out, scene = tmp_path / "out.csv", tmp_path / "scene.json"
    out.write_text("previous table")
    scene.write_text("previous scene")
    real = os.replace

    def replace(src: object, dst: object) -> None:
        if Path(dst).name == failing:  # type: ignore[arg-type]
            raise OSError(errno.EDQUOT, "Disk quota exceeded", str(src))
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "replace", replace)
    rc, err = cli(capsys, "--steps", "3", "-o", str(out), "--save-scene", str(scene))
    assert rc == 3
    assert one_line(err) == (
        f"gradscape export: error: cannot write {tmp_path / failing}: disk quota exceeded in "
        f"{tmp_path} while writing {failing}"
    )
    assert out.read_text() == "previous table" and scene.read_text() == "previous scene"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "scene.json"]


@pytest.mark.parametrize("name", ["a.gif", "a.png", "seq"])
def test_a_failed_image_commit_puts_the_scene_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    scene = tmp_path / "scene.json"
    scene.write_text("previous scene")
    (tmp_path / "new.json").write_text("")  # a second scene file that did not exist before
    (tmp_path / "new.json").unlink()
    files = [prepare_file(scene, b"new scene"), prepare_file(tmp_path / "new.json", b"{}")]
    writer = ex.open_writer(tmp_path / name, fps=10)

    def full() -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer, "_commit", full)
    n = 1 if name == "a.png" else 4
    loop = ex.FrameLoop(lambda i: frames(4)[i], range(n), writer)
    with pytest.raises(ex.ExportError, match=f"no space left in {tmp_path} while writing {name}"):
        loop.run(files)
    assert scene.read_text() == "previous scene"
    assert [p.name for p in tmp_path.iterdir()] == ["scene.json"]


def test_an_image_and_its_scene_file_are_committed_together(tmp_path: Path) -> None:
    scene = tmp_path / "s.json"
    files = [prepare_file(scene, b"{}")]
    assert not scene.exists()  # waits for the image
    ex.export_animation(lambda i: frames(3)[i], range(3), tmp_path / "a.gif", also=files)
    assert scene.read_text() == "{}" and (tmp_path / "a.gif").stat().st_size > 0
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------------ a full disk, named right


def _nearly_full(fs: Path, free: int) -> None:
    """Fill ``fs`` up, then give ``free`` bytes back."""
    fd = os.open(fs / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"x" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    size = (fs / "filler").stat().st_size
    os.truncate(fs / "filler", size - free)


def test_a_gif_on_a_nearly_full_disk_names_its_folder(tiny_fs: Path) -> None:
    # The buffered tail of the file fails again when the clean-up closes it; that second
    # error must not replace the first (which names the folder).
    _nearly_full(tiny_fs, 1000)
    rng = np.random.default_rng(0)
    noise = [rng.integers(0, 256, (48, 64, 3), dtype=np.uint8) for _ in range(10)]
    with pytest.raises(
        ex.ExportError, match=f"the disk is full: no space left in {tiny_fs} while writing a.gif"
    ):
        ex.write_all(noise, tiny_fs / "a.gif", fps=10)
    assert [p.name for p in tiny_fs.iterdir()] == ["filler"]


def test_the_cli_on_a_full_disk_names_the_outputs_folder(tiny_fs: Path) -> None:
    _nearly_full(tiny_fs, 8000)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    r = subprocess.run(
        [sys.executable, "-m", "gradscape", "export", "-q", "--view", "loss", "--size", "320x240",
         "--steps", "30", "-o", str(tiny_fs / "a.gif")],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 3, r.stderr
    assert one_line(r.stderr) == (
        f"gradscape export: error: cannot write {tiny_fs / 'a.gif'}: the disk is full: no "
        f"space left in {tiny_fs} while writing a.gif"
    )
    assert [p.name for p in tiny_fs.iterdir()] == ["filler"]


# ------------------------------------------------------------------ a killed export


KILLED = """
import sys, time
sys.path.insert(0, {here!r})
from synthetic import square_frame
from gradscape.app.export import writers as ex

def render(k):
    if k == 3:
        print("rendering", flush=True)
        time.sleep(120)
    return square_frame(k)

ex.export_animation(render, range(8), sys.argv[1], fps=10, threaded=False)
"""


@pytest.mark.parametrize("name", ["a.gif", "a.mp4", "seq"])
def test_the_next_export_removes_what_a_killed_one_left(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen(
        [sys.executable, "-c", KILLED.format(here=str(HERE)), str(target)],
        env=env, stdout=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert p.stdout is not None and p.stdout.readline() == "rendering\n"
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait()
        if p.stdout is not None:
            p.stdout.close()
    # The MP4 encoder outlives the export it belonged to (it sees the end of its input and
    # closes the file): wait until nothing of that process group runs.
    for _ in range(600):
        try:
            os.killpg(p.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    (stale,) = leftovers(tmp_path)
    stem = "a" if name != "seq" else "seq"
    ext = target.suffix
    assert re.fullmatch(rf"\.{stem}\.gradscape-{p.pid}-[0-9a-f]{{8}}\.part{re.escape(ext)}", stale)
    # a concurrent export's temporary (its process runs) is not touched
    live = subprocess.Popen(["sleep", "60"])
    try:
        running = tmp_path / f".{stem}.gradscape-{live.pid}-0badcafe.part{ext}"
        running.write_bytes(b"in progress")
        ex.write_all(frames(4), target, fps=10)
        assert leftovers(tmp_path) == [running.name]
    finally:
        live.kill()
        live.wait()
    assert target.exists()


# ------------------------------------------------------------------ messages stay one line


@pytest.mark.parametrize(
    ("args", "shown"),
    [(["--size", "9" * 500], True), (["--view", "v" * 500], True),
     (["--fps", "x" * 500], True), (["--range", "r" * 500], True),
     (["--samples", "s" * 500], True), (["--bogus" + "b" * 500], True),
     (["--optimizer", "q" * 500], False), (["--surface", "a\nb" * 200], False)],
)  # fmt: skip
def test_a_long_value_is_quoted_shortened_in_one_line(
    tmp_path: Path, capsys, args: list[str], shown: bool
) -> None:
    rc, err = cli(capsys, *args, "-o", str(tmp_path / "x.csv"))
    assert rc == 2
    line = one_line(err)
    assert line.startswith("gradscape export: error: ")
    if shown:  # our own messages show the value's start and its length
        assert re.search(r"… \(50\d characters\)", line), line
    assert list(tmp_path.iterdir()) == []
