"""File → Export runs (app.export.runner): animations, images and data from the window, its
progress, cancel and failures, each ending once and leaving nothing behind on a cancel or a
failure.  Run under Xvfb + xcb (see HEADLESS_QT.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from export_window import export_window, finish
from readers import read_gif

from gradscape.app.export import cli as cli_export
from gradscape.app.export.frameloop import select_steps

SIZE = (320, 240)


@pytest.fixture(autouse=True)
def _keep_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("QT_QPA_PLATFORM", "DISPLAY"):
        if key in os.environ:
            monkeypatch.setenv(key, os.environ[key])


def cli(capsys, *args: str) -> int:
    rc = cli_export.main(list(args))
    err = capsys.readouterr().err
    assert rc == 0, err
    return rc


def test_window_animation_export_leaves_state_alone(gl, qapp, qtbot, tmp_path: Path) -> None:
    from gradscape.app.export.runner import ExportRequest

    win, ctl = export_window(qtbot)
    step, result = win.state.step, win.state.result
    out = tmp_path / "w.gif"
    seen = []
    runner = ctl.start(ExportRequest("animation", str(out), view="3d", size=SIZE, stride=3,
                                     fps=10))  # fmt: skip
    runner.progress.connect(lambda d, t: seen.append((d, t)))
    finish(qtbot, runner, timeout=30000)
    n = len(select_steps(12, stride=3))  # 0 3 6 9 12
    assert read_gif(out).shape == (n, 240, 320, 3)
    assert seen == [(k, n) for k in range(1, n + 1)]
    assert win.state.step == step and win.state.result is result
    assert "Exported" in win.statusBar().currentMessage()


def test_shown_progress_dialog_does_not_reenter(gl, qapp, qtbot, tmp_path: Path) -> None:
    # A modal progress dialog runs the event loop inside setValue(): the frame timer must
    # not nest, every frame must come once and in order, and the export must end once.
    from gradscape.app.export.runner import ExportRequest

    win, ctl = export_window(qtbot)
    win.state.steps = 24
    ctl.progress_delay_ms = 0
    out = tmp_path / "p.gif"
    runner = ctl.start(ExportRequest("animation", str(out), view="contour", size=(160, 120)))
    seen, ends = [], []
    runner.progress.connect(lambda d, t: seen.append(d))
    for sig in (runner.finished, runner.failed, runner.cancelled):
        sig.connect(lambda *_: ends.append(1))
    finish(qtbot, runner, timeout=30000)
    qtbot.wait(50)
    assert seen == list(range(1, 26)) and ends == [1]
    assert read_gif(out).shape[0] == 25


def test_window_cancel_mid_export_leaves_nothing(gl, qapp, qtbot, tmp_path: Path) -> None:
    from gradscape.app.export.runner import ExportRequest

    win, ctl = export_window(qtbot)
    for name in ("c.gif", "c.mp4", "frames"):
        runner = ctl.start(ExportRequest("animation", str(tmp_path / name), view="contour",
                                         size=SIZE))  # fmt: skip
        runner.progress.connect(lambda d, t, r=runner: d == 3 and r.cancel())
        with qtbot.waitSignal(runner.cancelled, timeout=30000):
            pass
        assert runner.outcome == "cancelled"
        assert list(tmp_path.iterdir()) == []
    assert win.statusBar().currentMessage() == "Export cancelled; nothing was written."


def test_window_export_errors_are_explained(gl, qapp, qtbot, tmp_path: Path, monkeypatch) -> None:
    from gradscape.app.export.runner import ExportRequest

    win, ctl = export_window(qtbot)
    runner = ctl.start(ExportRequest("image", str(tmp_path / "no" / "a.png"), view="contour"))
    assert runner.outcome == "failed"  # before any rendering: the folder check
    assert ctl.last_error == f"cannot write {tmp_path / 'no' / 'a.png'}: the folder " \
        f"{tmp_path / 'no'} does not exist"  # fmt: skip
    assert ctl.message_box is not None and ctl.message_box.text() == ctl.last_error
    ctl.message_box.close()
    # An encoder that fails at the end (ffmpeg exits with an error): message, no file.
    fake = tmp_path / "ffmpeg"
    fake.write_text("#!/bin/sh\ncat > /dev/null\necho 'Conversion failed!' >&2\nexit 1\n")
    fake.chmod(0o755)
    import imageio_ffmpeg

    monkeypatch.setattr(imageio_ffmpeg, "get_ffmpeg_exe", lambda: str(fake))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    runner = ctl.start(ExportRequest("animation", str(out_dir / "x.mp4"), view="contour",
                                     size=SIZE, stride=4))  # fmt: skip
    with qtbot.waitSignal(runner.failed, timeout=30000):
        pass
    assert "MP4 encoder (ffmpeg) failed" in ctl.last_error and "Conversion failed!" in (
        ctl.last_error
    )
    assert list(out_dir.iterdir()) == []
    ctl.message_box.close()


def test_window_csv_equals_cli_csv_of_saved_scene(gl, qapp, qtbot, tmp_path: Path, capsys):
    from gradscape.app.export.runner import ExportRequest

    win, ctl = export_window(qtbot)
    win.state.set_optimizer("rmsprop")
    win.state.add_run("nag")
    win.state.start = (1.2, -0.4)
    data = tmp_path / "window.csv"
    runner = ctl.start(ExportRequest("data", str(data)))
    finish(qtbot, runner, timeout=20000)
    scene = tmp_path / "scene.json"
    assert ctl.save_scene(str(scene))
    cli_csv = tmp_path / "cli.csv"
    cli(capsys, "--scene", str(scene), "-o", str(cli_csv))
    assert data.read_bytes() == cli_csv.read_bytes()
    lines = data.read_text().splitlines()
    assert len(lines) == 1 + 2 * (12 + 1)
    assert '"RMSprop η=' in lines[1] and '"NAG (Nesterov) η=' in lines[-1]


def test_whole_window_export_at_any_size(gl, qapp, qtbot, tmp_path: Path, monkeypatch) -> None:
    from gradscape.app.export.render import FrameRenderer
    from gradscape.app.export.runner import ExportRequest

    win, ctl = export_window(qtbot)
    win.resize(1000, 640)
    win.main_split.setSizes([150, 850])  # the user narrowed the controls
    out = tmp_path / "window.png"
    seen: dict[str, list[int]] = {}
    render = FrameRenderer.render

    def spy(self, step: int):  # the exported window's layout when its frame is drawn
        frame = render(self, step)
        seen["sizes"] = self.window.main_split.sizes()
        seen["narrowest"] = [self.window.controls_scroll.minimumSizeHint().width()]
        return frame

    monkeypatch.setattr(FrameRenderer, "render", spy)
    runner = ctl.start(ExportRequest("image", str(out), view="window", size=(1000, 640), step=12))
    finish(qtbot, runner, timeout=30000)
    from PIL import Image

    with Image.open(out) as im:
        a = np.asarray(im.convert("RGB"))
    assert a.shape == (640, 1000, 3) and a.std() > 10
    # The exported window was laid out at the asked width (not its own 1440 or the user's
    # screen), with the user's narrowed controls: as narrow as they go (the width their
    # widest row needs, never less: no field is cut).
    sizes = seen["sizes"]
    assert sum(sizes) + win.main_split.handleWidth() == 1000, sizes
    assert sizes[0] == seen["narrowest"][0] > 150
