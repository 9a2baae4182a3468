"""The image writers (app.export.images): PNG, PNG sequences and GIF, on synthetic frames
(no Qt, no views), decoded back pixel by pixel.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path

import numpy as np
import pytest
from readers import read_gif
from synthetic import BG, H, W, frames, leftovers, red_columns, square_frame

from gradscape.app.export import writers as ex
from gradscape.core.atomic import UMASK


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
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~UMASK


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


def test_frame_size_change_rejected(tmp_path: Path) -> None:
    fs = [square_frame(0), square_frame(1, w=32)]
    with pytest.raises(ValueError, match="frame 1 is 32x48, but the first frame was 64x48"):
        ex.write_all(fs, tmp_path / "m.gif", threaded=False)
    assert list(tmp_path.iterdir()) == []


def test_bad_frame_rejected() -> None:
    with pytest.raises(ValueError, match=r"uint8 array of shape \(h, w, 3\).*float64 \(4, 4\)"):
        ex.as_rgb(np.zeros((4, 4)))


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


def test_images_exported_before_the_rename_still_give_their_scene(tmp_path: Path) -> None:
    """PNG text chunks and GIF comments keyed "losscape-scene" (the old name) are read."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("losscape-scene", '{"steps": 9}', zip=True)
    Image.fromarray(square_frame(2)).save(tmp_path / "old.png", pnginfo=info)
    assert ex.read_embedded_scene(tmp_path / "old.png") == '{"steps": 9}'
    Image.fromarray(square_frame(2)).save(tmp_path / "old.gif", comment=b'losscape-scene:{"k": 2}')
    assert ex.read_embedded_scene(tmp_path / "old.gif") == '{"k": 2}'
    Image.fromarray(square_frame(2)).save(tmp_path / "other.gif", comment=b'other:{"k": 2}')
    assert ex.read_embedded_scene(tmp_path / "other.gif") is None
