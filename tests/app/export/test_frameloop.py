"""The export pipeline (app.export.frameloop): step selection, the frame loop shared by the
CLI and File → Export, the background encoder, cancels and failures that leave nothing.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from synthetic import frames, leftovers, square_frame

from app.export import writers as ex


def test_select_steps() -> None:
    assert ex.select_steps(10) == list(range(11))
    assert ex.select_steps(10, stride=3) == [0, 3, 6, 9, 10]  # always ends on the last step
    assert ex.select_steps(10, stride=4, start=2, stop=8) == [2, 6, 8]
    assert ex.select_steps(0) == [0]
    assert ex.select_steps(5, start=5) == [5]


@pytest.mark.parametrize(
    ("kw", "msg"),
    [({"stride": 0}, "stride must be an integer >= 1, got 0"),
     ({"start": -1}, r"range start must be in \[0, 10\], got -1"),
     ({"start": 6, "stop": 4}, r"range end must be in \[6, 10\], got 4"),
     ({"stop": 11}, r"range end must be in \[0, 10\], got 11")],
)  # fmt: skip
def test_select_steps_rejects(kw: dict, msg: str) -> None:
    with pytest.raises(ValueError, match=msg):
        ex.select_steps(10, **kw)


def test_png_takes_one_frame(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="holds 1 frame; got 3 steps"):
        ex.export_animation(lambda s: square_frame(s), [0, 1, 2], tmp_path / "x.png")
    assert list(tmp_path.iterdir()) == []


def test_csv_is_not_a_frame_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'csv' is not an image format"):
        ex.open_writer(tmp_path / "t.csv")


@pytest.mark.parametrize("name", ["a.gif", "a.mp4", "seq", "a.png"])
@pytest.mark.parametrize("threaded", [True, False])
def test_cancel_mid_export_leaves_nothing(tmp_path: Path, name: str, threaded: bool) -> None:
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 3:
            cancel.set()

    n = 1 if name.endswith(".png") else 10
    if n == 1:  # a single frame: cancel before it renders
        cancel.set()
    with pytest.raises(ex.ExportCancelled, match="cancelled; nothing was written"):
        ex.export_animation(
            square_frame, range(n), tmp_path / name, fps=10, progress=progress,
            cancel=cancel, threaded=threaded,
        )  # fmt: skip
    assert list(tmp_path.iterdir()) == []
    if n > 1:
        assert seen == [(1, 10), (2, 10), (3, 10)]


def test_cancel_callable(tmp_path: Path) -> None:
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    with pytest.raises(ex.ExportCancelled):
        ex.export_animation(square_frame, range(8), tmp_path / "c.gif", cancel=cancel)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["a.gif", "a.mp4", "seq", "a.png"])
def test_failed_render_keeps_existing_file(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    if name == "seq":
        target.mkdir()
        (target / "frame_00000.png").write_bytes(b"old")
    else:
        target.write_bytes(b"old")

    def render(step: int) -> np.ndarray:
        if step == 2 or name.endswith(".png"):
            raise RuntimeError("renderer broke")
        return square_frame(step)

    with pytest.raises(RuntimeError, match="renderer broke"):
        ex.export_animation(render, [0] if name.endswith(".png") else range(5), target)
    old = target / "frame_00000.png" if name == "seq" else target
    assert old.read_bytes() == b"old"
    assert leftovers(tmp_path) == [] and (name != "seq" or leftovers(target) == [])


@pytest.mark.parametrize("name", ["a.gif", "a.mp4", "seq", "a.png"])
def test_real_disk_full(tiny_fs: Path, name: str) -> None:
    rng = np.random.default_rng(0)
    # incompressible noise: 10 frames of 56 KiB, or one of 225 KiB for the PNG
    n = 1 if name.endswith(".png") else 10
    shape = (240, 320, 3) if n == 1 else (120, 160, 3)
    noise = [rng.integers(0, 256, shape, dtype=np.uint8) for _ in range(n)]
    with pytest.raises(ex.ExportError, match=f"the disk is full: no space left in {tiny_fs}"):
        ex.export_animation(lambda i: noise[i], range(n), tiny_fs / name, fps=10)
    assert list(tiny_fs.iterdir()) == []


def test_background_writer_reports_encoder_error(tmp_path: Path) -> None:
    class Boom(ex.GifWriter):
        def _append(self, rgb: np.ndarray) -> None:
            if self.count == 2:
                raise ex.ExportError("encoder exploded", self.path)
            super()._append(rgb)

    w = ex.BackgroundWriter(Boom(tmp_path / "b.gif"))
    with pytest.raises(ex.ExportError, match="encoder exploded"):
        for f in frames(12):
            w.append(f)
        w.close()
    w.abort()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["a.gif", "a.mp4", "seq"])
def test_cancel_during_final_encoding(tmp_path: Path, name: str) -> None:
    # Every frame is in; the cancel arrives while the file is being finished: still nothing.
    target = tmp_path / name
    writer = ex.open_writer(target, fps=10)
    for f in frames(6):
        writer.append(f)
    with pytest.raises(ex.ExportCancelled):
        writer.close(cancel=lambda: True)
    assert list(tmp_path.iterdir()) == []
