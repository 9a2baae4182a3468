"""Where an exported scene comes from (app.export.scene_source): a scene file given to
``gradscape export --scene`` or File → Open is read by the core's one reader, with its size
limit; a FIFO, device or folder is refused at once; no message echoes a huge value."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from export_window import export_window

from gradscape.app.export import cli


def _huge_title_scene(path: Path) -> Path:
    data = {"format": "gradscape-scene", "version": 1, "surface": "neuron",
            "optimizers": ["adam"], "steps": 10, "title": ["t" * 5_000_000]}  # fmt: skip
    path.write_text(json.dumps(data))
    return path


def test_cli_scene_with_a_huge_value_gets_one_short_line(tmp_path: Path, capsys) -> None:
    scene = _huge_title_scene(tmp_path / "huge.json")
    out = tmp_path / "out.csv"
    rc = cli.main(["--scene", str(scene), "-o", str(out)])
    err = capsys.readouterr().err
    assert rc == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) < 300, lines[0][:400]
    assert "title: must be a string, got ['tttt" in lines[0]
    assert not out.exists()


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_cli_scene_that_is_not_a_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    """In a subprocess with a timeout: today's code would block forever on the FIFO."""
    if kind == "fifo":
        target = "pipe.json"
        os.mkfifo(tmp_path / target)
    elif kind == "folder":
        target = "folder.json"
        (tmp_path / target).mkdir()
    else:
        target = "/dev/zero"
    r = subprocess.run(
        [sys.executable, "-m", "gradscape", "export", "--scene", str(target), "-o",
         str(tmp_path / "out.csv")],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 2
    what = {"fifo": "a FIFO", "folder": "a folder", "device": "a device"}[kind]
    assert r.stderr.strip().splitlines() == [
        f"gradscape export: error: --scene: '{target}' is {what}, not a scene file"
    ]
    assert not (tmp_path / "out.csv").exists()


def test_file_open_shows_a_short_message_and_keeps_the_scene(
    gl, qapp, qtbot, tmp_path: Path
) -> None:
    win, ctl = export_window(qtbot)
    before = win.state.scene
    assert not ctl.open_scene(str(_huge_title_scene(tmp_path / "huge.json")))
    assert len(ctl.last_error) < 300 and "title: must be a string" in ctl.last_error
    assert win.state.scene == before
    ctl.message_box.close()
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(10_000_001)
    assert not ctl.open_scene(str(big))
    assert ctl.last_error.endswith("is larger than 10 MB") and len(ctl.last_error) < 300
    assert win.state.scene == before
    ctl.message_box.close()
