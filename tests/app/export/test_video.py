"""The MP4 writer (app.export.video): H.264 frames decoded back by ffmpeg, the scene comment,
and encoder failures reported with nothing left behind.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from readers import read_mp4, video_info
from synthetic import H, W, frames, leftovers, red_columns, square_frame

from gradscape.app.export import writers as ex


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
    assert video_info(out) == ("h264", W, H, 10.0, 'gradscape-scene:{"surface": "neuron"}')
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
