"""The export pipeline (app.export.frameloop): step selection, the frame loop shared by the
CLI and File → Export, the background encoder, cancels and failures that leave nothing.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from readers import read_gif
from synthetic import frames, leftovers, square_frame

from gradscape.app.export import writers as ex


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


# ----------------------------------------------------------------------------- FrameLoop


def noise_frames(n: int, seed: int = 0) -> list[np.ndarray]:
    """Known frames a fake renderer returns: a few flat colours in random blocks (a GIF's
    256-colour palette holds them all, so the decoded frames must equal them exactly)."""
    rng = np.random.default_rng(seed)
    colours = rng.integers(0, 256, (12, 3), dtype=np.uint8)
    blocks = rng.integers(0, len(colours), (n, 6, 8))
    # each 8x8 block of a 48x64 frame takes one of the colours
    return [colours[np.repeat(np.repeat(b, 8, axis=0), 8, axis=1)] for b in blocks]


class FakeRenderer:
    """``render(step)`` of known frames; remembers the steps it drew, in order."""

    def __init__(self, frames: list[np.ndarray]) -> None:
        self.frames, self.calls = frames, []

    def render(self, step: int) -> np.ndarray:
        self.calls.append(step)
        return self.frames[step]


@pytest.mark.parametrize("threaded", [True, False])
def test_frame_loop_writes_exactly_the_rendered_frames_to_a_gif(
    tmp_path: Path, threaded: bool
) -> None:
    fs = noise_frames(9)
    fake = FakeRenderer(fs)
    steps = [0, 3, 6, 8]
    seen = []
    loop = ex.FrameLoop(fake.render, steps, ex.open_writer(tmp_path / "a.gif", fps=10),
                        progress=lambda d, t: seen.append((d, t)), threaded=threaded)  # fmt: skip
    loop.prime()  # a GIF asks for the last frame first (its palette)
    assert fake.calls == [8] and loop.done == 0 and not loop.finished
    more = [loop.step() for _ in steps]
    assert more == [True, True, True, False] and loop.finished and loop.done == 4
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert fake.calls == [8, 0, 3, 6, 8]
    assert not (tmp_path / "a.gif").exists()  # nothing in place before close
    out = loop.close()
    assert out == tmp_path / "a.gif" and leftovers(tmp_path) == []
    np.testing.assert_array_equal(read_gif(out), np.stack([fs[s] for s in steps]))
    with pytest.raises(RuntimeError, match="all 4 frames"):
        loop.step()


def test_frame_loop_png_sequence_decodes_to_the_rendered_frames(tmp_path: Path) -> None:
    from PIL import Image

    fs = noise_frames(5, seed=3)
    fake = FakeRenderer(fs)
    loop = ex.FrameLoop(fake.render, range(5), ex.open_writer(tmp_path / "seq", scene="{}"))
    out = loop.run()
    assert fake.calls == [0, 1, 2, 3, 4]  # no hint: only a GIF asks for one
    for k in range(5):
        with Image.open(out / f"frame_{k:05d}.png") as im:
            np.testing.assert_array_equal(np.asarray(im), fs[k])
    assert (out / "scene.json").read_text() == "{}"


def test_frame_loop_stepped_equals_export_animation(tmp_path: Path) -> None:
    """The window's way (one step per GUI tick) and the CLI's (export_animation) write the
    same bytes."""
    fs = noise_frames(6, seed=5)
    writer = ex.open_writer(tmp_path / "ticks.gif", fps=10, scene='{"a": 1}')
    loop = ex.FrameLoop(FakeRenderer(fs).render, range(6), writer)
    loop.prime()
    while loop.step():
        pass
    ticks = loop.close()
    whole = ex.export_animation(FakeRenderer(fs).render, range(6), tmp_path / "loop.gif",
                                fps=10, scene='{"a": 1}')  # fmt: skip
    assert ticks.read_bytes() == whole.read_bytes()


@pytest.mark.parametrize("name", ["a.gif", "a.mp4", "seq"])
def test_frame_loop_cancel_between_steps_leaves_nothing(tmp_path: Path, name: str) -> None:
    cancel = threading.Event()
    fake = FakeRenderer(noise_frames(8))
    loop = ex.FrameLoop(fake.render, range(8), ex.open_writer(tmp_path / name, fps=10),
                        cancel=cancel)  # fmt: skip
    loop.prime()
    assert loop.step() and loop.step() and loop.step()
    assert len(list(tmp_path.iterdir())) == 1  # the temporary file (or folder), growing
    cancel.set()
    drawn = len(fake.calls)
    with pytest.raises(ex.ExportCancelled, match=f"export to {tmp_path / name} cancelled; "
                       "nothing was written"):  # fmt: skip
        loop.step()
    assert len(fake.calls) == drawn  # checked before rendering: no frame is drawn for nothing
    assert list(tmp_path.iterdir()) == []
    loop.abort()  # idempotent: the runner may abort again
    assert list(tmp_path.iterdir()) == []


def test_frame_loop_a_failing_renderer_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "a.gif"
    target.write_bytes(b"old")
    fs = noise_frames(4)

    def render(step: int) -> np.ndarray:
        if step == 2:
            raise RuntimeError("renderer broke")
        return fs[step]

    loop = ex.FrameLoop(render, range(4), ex.open_writer(target, fps=10))
    loop.prime()
    assert loop.step() and loop.step()
    with pytest.raises(RuntimeError, match="renderer broke"):
        loop.step()
    assert loop.done == 2 and target.read_bytes() == b"old" and leftovers(tmp_path) == []


def test_frame_loop_rejects_no_steps_and_too_many_for_a_png(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one step"):
        ex.FrameLoop(square_frame, [], ex.open_writer(tmp_path / "a.gif"))
    with pytest.raises(ValueError, match="a PNG holds 1 frame; got 2 steps"):
        ex.FrameLoop(square_frame, [0, 1], ex.open_writer(tmp_path / "a.png"))
    assert list(tmp_path.iterdir()) == []  # the opened writers were aborted
