"""Scene files and their messages: one reader (core.scene.read_scene_bytes) with a size
limit, a FIFO, device or folder refused at once, and errors that never echo a huge value."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from gradscape.core.scene import MAX_SCENE_BYTES, Scene, SceneError, load, read_scene_bytes


def test_a_scene_error_never_echoes_a_huge_value() -> None:
    data = {"format": "gradscape-scene", "version": 1, "surface": "neuron",
            "optimizers": ["adam"], "steps": 10, "title": ["t" * 50_000_000]}  # fmt: skip
    with pytest.raises(SceneError) as exc:
        Scene.from_json(json.dumps(data))
    msg = str(exc.value)
    assert msg.startswith("title: must be a string, got ['tttt")
    assert len(msg) < 300 and "\n" not in msg


def _refused_at_once(fn, *args) -> str:
    """fn(*args) must raise SceneError; run in a thread so that a hang fails the test
    (after a generous 20 s) instead of hanging the suite."""
    out: dict[str, object] = {}

    def call() -> None:
        try:
            fn(*args)
        except SceneError as e:
            out["error"] = str(e)
        except BaseException as e:
            out["other"] = e

    t = threading.Thread(target=call, daemon=True)
    t.start()
    t.join(20)
    assert not t.is_alive(), "blocked reading a non-regular file"
    assert "other" not in out, out.get("other")
    return str(out["error"])


def test_a_fifo_a_device_and_a_folder_are_refused_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo("pipe.json")
    os.mkdir("folder.json")
    assert _refused_at_once(load, "pipe.json") == "scene: 'pipe.json' is a FIFO, not a scene file"
    assert _refused_at_once(load, "/dev/zero") == "scene: '/dev/zero' is a device, not a scene file"
    want = "scene: 'folder.json' is a folder, not a scene file"
    assert _refused_at_once(load, "folder.json") == want


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(MAX_SCENE_BYTES + 1)  # sparse: nothing is written, nothing must be read
    with pytest.raises(SceneError, match=r"is larger than 10 MB$"):
        read_scene_bytes(big)
    ok = tmp_path / "ok.json"
    ok.write_text(Scene(steps=3).to_json())
    assert load(ok) == Scene(steps=3)


def test_a_long_path_is_shortened_in_the_message(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 200) / ("e" * 200) / "missing.json"
    with pytest.raises(SceneError) as exc:
        load(deep)
    msg = str(exc.value)
    assert "characters)" in msg and len(msg) < 300
