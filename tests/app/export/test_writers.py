"""Encoders and atomic writes of app.export.writers, on synthetic frames (no Qt, no views).

Each frame is a flat background with a red 8x8 square at a known place, so a frame read back
from any format can be checked pixel by pixel: where the square is, and that it moved.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import numpy as np
import pytest
from readers import read_gif, read_mp4, video_info

from app.export import writers as ex

BG = (30, 60, 90)
RED = (255, 0, 0)
W, H = 64, 48


def square_frame(k: int, w: int = W, h: int = H) -> np.ndarray:
    f = np.empty((h, w, 3), np.uint8)
    f[:] = BG
    x = 4 * k
    f[10:18, x : x + 8] = RED
    return f


def frames(n: int = 12) -> list[np.ndarray]:
    return [square_frame(k) for k in range(n)]


def red_columns(frame: np.ndarray) -> np.ndarray:
    """Columns of row 14 whose colour is close to the square's red (lossy codecs allowed)."""
    row = frame[14].astype(int)
    close = np.abs(row - np.array(RED)).max(axis=1) < 60
    return np.flatnonzero(close)


def leftovers(folder: Path) -> list[str]:
    """Hidden temporary files an export may have left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ----------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("path", "kind"),
    [("a.png", "png"), ("A.GIF", "gif"), ("x/y.mp4", "mp4"), ("t.csv", "csv"),
     ("t.json", "json"), ("frames", "frames"), ("frames/", "frames")],
)  # fmt: skip
def test_format_for_path(path: str, kind: str) -> None:
    assert ex.format_for_path(path) == kind


def test_format_for_existing_folder_with_dot(tmp_path: Path) -> None:
    d = tmp_path / "run.v2"
    d.mkdir()
    assert ex.format_for_path(d) == "frames"


def test_format_unknown_extension_names_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"'\.webm'.*\.png \.gif \.mp4 \.csv \.json"):
        ex.format_for_path("clip.webm")


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


# ----------------------------------------------------------------------------- encoders


def test_png_round_trip_exact_with_scene(tmp_path: Path) -> None:
    f = square_frame(3)
    out = ex.export_frame(f, tmp_path / "one.png", scene='{"steps": 7}')
    from PIL import Image

    with Image.open(out) as im:
        back = np.asarray(im.convert("RGB"))
    np.testing.assert_array_equal(back, f)
    assert ex.read_embedded_scene(out) == '{"steps": 7}'
    assert leftovers(tmp_path) == []
    # a normal file's permissions, not mkstemp's 0600
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~ex._umask()


def test_png_drops_alpha(tmp_path: Path) -> None:
    rgba = np.dstack([square_frame(1), np.full((H, W), 255, np.uint8)])
    out = ex.export_frame(rgba, tmp_path / "a.png")
    from PIL import Image

    with Image.open(out) as im:
        assert im.mode == "RGB"
        np.testing.assert_array_equal(np.asarray(im), rgba[:, :, :3])


def test_gif_frames_size_and_motion(tmp_path: Path) -> None:
    out = ex.write_all(frames(12), tmp_path / "a.gif", fps=10, scene='{"k": 1}')
    g = read_gif(out)
    assert g.shape == (12, H, W, 3)
    for k in range(12):
        np.testing.assert_array_equal(red_columns(g[k]), np.arange(4 * k, 4 * k + 8))
        # the background keeps its colour exactly: global palette, no dithering
        np.testing.assert_array_equal(g[k][40, 60], BG)
    assert ex.read_embedded_scene(out) == '{"k": 1}'
    from PIL import Image

    with Image.open(out) as im:
        assert im.info["duration"] == 100  # 10 fps -> 100 ms per frame
        assert im.info["loop"] == 0
    assert leftovers(tmp_path) == []


def test_gif_palette_includes_hinted_late_colour(tmp_path: Path) -> None:
    # A green that appears only in the last frame keeps its colour because the last frame
    # was hinted before the palette was made.
    fs = frames(4)
    fs[-1][30:40, 30:40] = (0, 200, 0)
    out = ex.export_animation(lambda i: fs[i], range(4), tmp_path / "h.gif", fps=10)
    g = read_gif(out)
    np.testing.assert_array_equal(g[-1][35, 35], (0, 200, 0))


def test_gif_rejects_too_fast_and_too_slow(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"fps for a GIF must be <= 50.*got 60"):
        ex.write_all(frames(2), tmp_path / "fast.gif", fps=60)
    # a GIF delay is 16-bit centiseconds: 655.35 s a frame at most
    with pytest.raises(ValueError, match=r"fps for a GIF must be >= 0.00153.*got 0.001"):
        ex.write_all(frames(2), tmp_path / "slow.gif", fps=0.001)
    assert list(tmp_path.iterdir()) == []
    from PIL import Image

    out = ex.write_all(frames(2), tmp_path / "slowest.gif", fps=100 / 65535)
    with Image.open(out) as im:
        assert im.info["duration"] == 655350


def test_mp4_frames_size_and_motion(tmp_path: Path) -> None:
    out = ex.write_all(frames(12), tmp_path / "a.mp4", fps=12, scene='{"k": 2}')
    vid = read_mp4(out)
    assert len(vid) == 12
    assert vid[0].shape == (H, W, 3)
    for k in (0, 5, 11):
        cols = red_columns(vid[k])
        # lossy: the square's core is there, a column or so of blur allowed at the edges
        assert cols.min() in range(4 * k - 1, 4 * k + 2)
        assert cols.max() in range(4 * k + 6, 4 * k + 9)
    assert leftovers(tmp_path) == []


def test_mp4_carries_scene_comment(tmp_path: Path) -> None:
    out = ex.write_all(frames(3), tmp_path / "c.mp4", fps=10, scene='{"surface": "neuron"}')
    assert video_info(out) == ("h264", W, H, 10.0, 'losscape-scene:{"surface": "neuron"}')
    assert ex.read_embedded_scene(out) == '{"surface": "neuron"}'
    # multi-line JSON with the characters ffmetadata escapes (= ; # \\) comes back intact
    tricky = '{\n "a": "x=1;#y\\\\z",\n "b": [1,\n 2]\n}'
    out2 = ex.write_all(frames(2), tmp_path / "d.mp4", fps=10, scene=tricky)
    assert ex.read_embedded_scene(out2) == tricky
    assert ex.read_embedded_scene(ex.write_all(frames(2), tmp_path / "e.mp4")) is None


def test_mp4_rejects_odd_size(tmp_path: Path) -> None:
    odd = [square_frame(0, w=63)]
    with pytest.raises(ValueError, match="even width and height, got 63x48"):
        ex.write_all(odd, tmp_path / "odd.mp4")
    assert list(tmp_path.iterdir()) == []


def test_png_sequence_and_stale_frames(tmp_path: Path) -> None:
    target = tmp_path / "seq"
    ex.write_all(frames(5), target, scene="{}")
    names = sorted(p.name for p in target.iterdir())
    assert names == [f"frame_{k:05d}.png" for k in range(5)] + ["scene.json"]
    from PIL import Image

    with Image.open(target / "frame_00003.png") as im:
        np.testing.assert_array_equal(np.asarray(im), square_frame(3))
    # A shorter re-export replaces the sequence: no frame of the old one survives.
    (target / "notes.txt").write_text("mine")
    ex.write_all(frames(2), target)
    names = sorted(p.name for p in target.iterdir())
    assert names == ["frame_00000.png", "frame_00001.png", "notes.txt", "scene.json"]
    assert leftovers(target) == [] and leftovers(tmp_path) == []


def test_png_takes_one_frame(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="holds 1 frame; got 3 steps"):
        ex.export_animation(lambda s: square_frame(s), [0, 1, 2], tmp_path / "x.png")
    assert list(tmp_path.iterdir()) == []


def test_frame_size_change_rejected(tmp_path: Path) -> None:
    fs = [square_frame(0), square_frame(1, w=32)]
    with pytest.raises(ValueError, match="frame 1 is 32x48, but the first frame was 64x48"):
        ex.write_all(fs, tmp_path / "m.gif", threaded=False)
    assert list(tmp_path.iterdir()) == []


def test_bad_frame_rejected() -> None:
    with pytest.raises(ValueError, match=r"uint8 array of shape \(h, w, 3\).*float64 \(4, 4\)"):
        ex.as_rgb(np.zeros((4, 4)))


def test_csv_is_not_a_frame_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'csv' is not an image format"):
        ex.open_writer(tmp_path / "t.csv")


# ----------------------------------------------------------------------------- atomicity


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


@pytest.mark.parametrize("name", ["a.gif", "a.mp4", "a.png", "seq"])
def test_missing_folder_is_named(tmp_path: Path, name: str) -> None:
    target = tmp_path / "nope" / name
    with pytest.raises(ex.ExportError, match=f"the folder {tmp_path / 'nope'} does not exist"):
        ex.export_animation(square_frame, [0], target)
    assert list(tmp_path.iterdir()) == []


def test_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(ex.ExportError, match=f"{tmp_path / 'f'} is not a folder"):
        ex.export_frame(square_frame(0), tmp_path / "f" / "a.png")


def test_permission_denied_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, where chmod does not stop writes: make the temp file creation fail
    # the way a read-only folder does for a normal user.
    def denied(*a: object, **k: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(ex.tempfile, "mkstemp", denied)
    with pytest.raises(
        ex.ExportError,
        match=f"cannot write .*a.gif: permission denied: cannot write in folder {tmp_path}",
    ):
        ex.write_all(frames(2), tmp_path / "a.gif")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_read_only_folder(tmp_path: Path) -> None:  # pragma: no cover - non-root machines
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(ex.ExportError, match="permission denied"):
            ex.export_frame(square_frame(0), ro / "a.png")
    finally:
        ro.chmod(0o755)


def test_disk_full_simulated_gif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import GifImagePlugin

    real = GifImagePlugin.getdata
    calls = {"n": 0}

    def getdata(*a: object, **k: object) -> list[bytes]:
        calls["n"] += 1
        if calls["n"] == 2:  # the header and the first frame are in the file by now
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*a, **k)

    monkeypatch.setattr(GifImagePlugin, "getdata", getdata)
    with pytest.raises(ex.ExportError, match=f"the disk is full: no space left in {tmp_path}"):
        ex.write_all(frames(3), tmp_path / "full.gif")
    assert calls["n"] == 2 and list(tmp_path.iterdir()) == []


def _fake_ffmpeg(tmp_path: Path, message: str, code: int) -> str:
    exe = tmp_path / "fake-ffmpeg"
    exe.write_text(f"#!/bin/sh\ncat > /dev/null\necho '{message}' >&2\nexit {code}\n")
    exe.chmod(0o755)
    return str(exe)


def test_mp4_encoder_failure_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    fake = _fake_ffmpeg(tmp_path, "[libx264 @ 0x1] Error initializing output stream", 1)
    import imageio_ffmpeg

    monkeypatch.setattr(imageio_ffmpeg, "get_ffmpeg_exe", lambda: fake)
    with pytest.raises(
        ex.ExportError,
        match=r"MP4 encoder \(ffmpeg\) failed \(exit status 1\) while writing .*a\.mp4: "
        r"Error initializing output stream",
    ):
        ex.write_all(frames(3), out_dir / "a.mp4")
    assert list(out_dir.iterdir()) == []


def test_mp4_disk_full_from_ffmpeg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    fake = _fake_ffmpeg(
        tmp_path, "[out#0/mp4 @ 0x2] Error closing file: No space left on device", 1
    )
    import imageio_ffmpeg

    monkeypatch.setattr(imageio_ffmpeg, "get_ffmpeg_exe", lambda: fake)
    with pytest.raises(ex.ExportError, match=f"the disk is full: no space left in {out_dir}"):
        ex.write_all(frames(3), out_dir / "a.mp4")
    assert list(out_dir.iterdir()) == []


def test_encoder_that_dies_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # ffmpeg exiting before reading its input: the next write gets a broken pipe.
    exe = tmp_path / "dead-ffmpeg"
    exe.write_text("#!/bin/sh\necho 'Unknown encoder libx264' >&2\nexit 8\n")
    exe.chmod(0o755)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    import imageio_ffmpeg

    monkeypatch.setattr(imageio_ffmpeg, "get_ffmpeg_exe", lambda: str(exe))
    big = [np.zeros((480, 640, 3), np.uint8)] * 6  # more than a pipe buffer
    with pytest.raises(ex.ExportError, match="MP4 encoder .*Unknown encoder libx264"):
        ex.write_all(big, out_dir / "a.mp4")
    assert list(out_dir.iterdir()) == []


@pytest.mark.parametrize("name", ["a.gif", "a.mp4", "seq", "a.png"])
def test_real_read_only_folder(readonly_fs: Path, name: str) -> None:
    with pytest.raises(ex.ExportError, match=f"the folder {readonly_fs} is on a read-only file"):
        ex.export_animation(square_frame, range(3) if name != "a.png" else [0],
                            readonly_fs / name, fps=10)  # fmt: skip
    assert list(readonly_fs.iterdir()) == []


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


def test_describe_oserror_codes(tmp_path: Path) -> None:
    p = tmp_path / "x.gif"
    assert "read-only file system" in ex.describe_oserror(OSError(errno.EROFS, "ro"), p)
    assert "disk quota" in ex.describe_oserror(OSError(errno.EDQUOT, "q"), p)
    assert ex.describe_oserror(OSError(errno.EIO, "I/O error"), p).endswith("I/O error")


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


def test_gif_cancel_at_close_leaves_nothing(tmp_path: Path) -> None:
    # Frames go to a temporary file as they come; a cancel at the end removes it.
    writer = ex.open_writer(tmp_path / "a.gif", fps=10)
    for f in frames(10):
        writer.append(f)
    assert len(list(tmp_path.iterdir())) == 1  # the temporary file, growing
    with pytest.raises(ex.ExportCancelled):
        writer.close(cancel=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_gif_frames_are_written_as_they_come(tmp_path: Path) -> None:
    # memory stays flat however long the animation: each frame is in the file when
    # append returns, none is held back for the end
    writer = ex.open_writer(tmp_path / "long.gif", fps=10)
    sizes = []
    for f in frames(12):
        writer.append(f)
        (tmp,) = tmp_path.iterdir()
        sizes.append(tmp.stat().st_size)
    assert all(b > a for a, b in zip(sizes, sizes[1:], strict=False)), sizes
    writer.close()
    g = read_gif(tmp_path / "long.gif")
    assert g.shape == (12, H, W, 3)
    np.testing.assert_array_equal(g, read_gif(ex.write_all(frames(12), tmp_path / "b.gif", fps=10)))


def test_gif_keeps_repeated_frames(tmp_path: Path) -> None:
    # A converged run repeats its last frame: the GIF still has one frame per step, and
    # the repeats look exactly like the frame they repeat.
    fs = frames(4) + [square_frame(3)] * 3
    out = ex.write_all(fs, tmp_path / "still.gif", fps=10)
    g = read_gif(out)
    assert g.shape == (7, H, W, 3)
    for k in range(3, 7):
        np.testing.assert_array_equal(g[k], g[3])
    from PIL import Image

    with Image.open(out) as im:
        assert im.n_frames == 7
        durations = []
        for k in range(7):
            im.seek(k)
            durations.append(im.info["duration"])
    assert durations == [100] * 7


def test_gif_frames_store_only_what_changed_and_decode_exactly(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    base = rng.integers(0, 4, (60, 80, 3), dtype=np.uint8) * 64  # a busy, still background
    fs = []
    for k in range(20):  # a small square walking across it, then three repeats
        f = base.copy()
        f[10 + k : 14 + k, 5 + 2 * k : 9 + 2 * k] = (255, 0, 0)
        fs.append(f)
    fs += [fs[-1]] * 3
    out = ex.write_all(fs, tmp_path / "walk.gif", fps=10)
    np.testing.assert_array_equal(read_gif(out), np.stack(fs))
    one = ex.write_all(fs[:1], tmp_path / "one.gif", fps=10)
    # 22 more frames cost far less than 22 more backgrounds
    assert out.stat().st_size < 2 * one.stat().st_size
