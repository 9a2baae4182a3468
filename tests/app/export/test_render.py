"""Rendered exports with real OpenGL: GIF/MP4 contents, the marker where the engine says,
the CLI's PNG equal to the window's, and File → Export (progress, cancel, errors, scenes).

Run under Xvfb + xcb (see HEADLESS_QT.md); the ``gl`` fixture fails these when
REQUIRE_GL=1 and OpenGL is missing.  Renders stay small (320×240, ≤ 21 frames).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from export_window import export_window, finish
from readers import read_gif, read_mp4, video_info

from gradscape.app.export import cli as cli_export
from gradscape.app.export.writers import read_embedded_scene, select_steps
from gradscape.app.model.state import AppState
from gradscape.app.windows.main_window import MainWindow
from gradscape.core.scene import Scene
from gradscape.core.surfaces import get_surface
from gradscape.core.trajectory import descend

SIZE = (320, 240)
RUN0 = np.array([0xE6, 0x19, 0x4B])  # the first run's colour (app.model.state.RUN_COLORS[0])


@pytest.fixture(autouse=True)
def _keep_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("QT_QPA_PLATFORM", "DISPLAY"):
        if key in os.environ:
            monkeypatch.setenv(key, os.environ[key])


def engine_final(steps: int) -> tuple[float, float]:
    """Where the default scene's Adam (eta 0.25 on the neuron) ends, from the engine."""
    t = descend(get_surface("neuron"), ("adam", {"eta": 0.25}), (-1.8, -1.2), steps, seed=0)
    return float(t.params[-1, 0]), float(t.params[-1, 1])


def patch_near(frame: np.ndarray, x: float, y: float, r: int = 2) -> np.ndarray:
    xi, yi = int(round(x)), int(round(y))
    return frame[yi - r : yi + r + 1, xi - r : xi + r + 1].reshape(-1, 3).astype(int)


def is_marker_colour(frame: np.ndarray, x: float, y: float, tol: int = 45) -> bool:
    """True when most pixels around (x, y) have the run's colour."""
    p = patch_near(frame, x, y)
    close = np.abs(p - RUN0).max(axis=1) < tol
    return bool(close.mean() > 0.5)


def project(view: str, steps: int, part: str, w: float, b: float) -> tuple[float, float]:
    """Frame pixel of (w, b) in ``view`` (the renderer's own camera / view box)."""
    from gradscape.app.export.render import FrameRenderer

    r = FrameRenderer(AppState(scene=Scene(steps=steps)), view, SIZE)
    try:
        return r.project(w, b, part=part)
    finally:
        r.close()


def cli(capsys, *args: str) -> int:
    rc = cli_export.main(list(args))
    err = capsys.readouterr().err
    assert rc == 0, err
    return rc


def test_gif_from_cli_frames_motion_and_marker(gl, qapp, tmp_path: Path, capsys) -> None:
    out = tmp_path / "a.gif"
    cli(capsys, "--steps", "20", "--size", "320x240", "--fps", "10", "-o", str(out))
    g = read_gif(out)
    assert g.shape == (21, 240, 320, 3)
    assert all(f.std() > 10 for f in g)  # drawn, not blank
    # The path moved: first and last frames differ clearly.
    assert np.abs(g[0].astype(int) - g[-1]).mean() > 0.5
    # The last frame's marker sits where the engine's trajectory ends, seen through the
    # 3D view's own camera; at the first frame that pixel was no marker.
    w, b = engine_final(20)
    x, y = project("3d", 20, "3d", w, b)
    assert is_marker_colour(g[-1], x, y)
    assert not is_marker_colour(g[0], x, y)
    scene = Scene.from_json(read_embedded_scene(out))
    assert scene.steps == 20 and scene.optimizers[0][0] == "adam"


def test_mp4_both_views_frames_and_marker(gl, qapp, tmp_path: Path, capsys) -> None:
    out = tmp_path / "b.mp4"
    cli(capsys, "--steps", "20", "--view", "both", "--size", "320x240", "--fps", "12",
        "-o", str(out))  # fmt: skip
    codec, w_px, h_px, fps, comment = video_info(out)
    assert (codec, w_px, h_px, fps) == ("h264", 320, 240, 12.0)
    assert comment.startswith("gradscape-scene:")
    v = read_mp4(out)
    assert v.shape == (21, 240, 320, 3)
    assert all(f.std() > 10 for f in v)
    assert np.abs(v[0].astype(int) - v[-1]).mean() > 0.5
    w, b = engine_final(20)
    x, y = project("both", 20, "contour", w, b)
    assert x >= 160  # the contour map is the right half
    assert is_marker_colour(v[-1], x, y, tol=60)  # H.264 shifts colours a little
    assert not is_marker_colour(v[0], x, y, tol=60)
    # the video carries its scene: re-rendering it as CSV gives the engine's numbers
    csv = tmp_path / "b.csv"
    cli(capsys, "--scene", str(out), "-o", str(csv))
    assert csv.read_text().splitlines()[-1].split(",")[1:3] == [repr(w), repr(b)]


def test_stride_and_range(gl, qapp, tmp_path: Path, capsys) -> None:
    out = tmp_path / "frames"
    cli(capsys, "--steps", "30", "--view", "contour", "--size", "160x120", "--stride", "7",
        "--range", "5:30", "-o", str(out))  # fmt: skip
    names = sorted(p.name for p in out.iterdir())
    n = len(select_steps(30, stride=7, start=5, stop=30))  # 5, 12, 19, 26, 30
    assert n == 5
    assert names == [f"frame_{k:05d}.png" for k in range(n)] + ["scene.json"]


def test_view_options_change_the_picture(gl, qapp, tmp_path: Path, capsys) -> None:
    from PIL import Image

    def png(*extra: str) -> np.ndarray:
        out = tmp_path / f"v{len(list(tmp_path.iterdir()))}.png"
        cli(capsys, "--steps", "20", "--size", "240x180", *extra, "-o", str(out))
        with Image.open(out) as im:
            return np.asarray(im.convert("RGB")).astype(int)

    base = png("--view", "contour")
    for extra in (["--colormap", "plasma"], ["--height", "log"]):
        other = png("--view", "contour", *extra)
        assert np.abs(base - other).mean() > 2, extra
    loss = png("--view", "loss")
    loss_log = png("--view", "loss", "--log-loss")
    assert loss.std() > 5 and np.abs(loss - loss_log).mean() > 0.5
    # the loss curve is drawn in the first run's colour
    assert (np.abs(loss - RUN0).max(axis=2) < 40).sum() > 50


def test_bad_range_and_step_exit_2(gl, qapp, tmp_path: Path, capsys) -> None:
    nines = "9" * 60 + "… (400 characters)"
    for args, msg in ((["--range", "5:999", "-o", str(tmp_path / "x.gif")],
                       "range end must be in [5, 20], got 999"),
                      (["--at", "21", "-o", str(tmp_path / "x.png")],
                       "--at must be in [0, 20], got 21"),
                      # an integer beyond every range is quoted short (it made a 301-character line)
                      (["--range", "0:" + "9" * 400, "-o", str(tmp_path / "x.gif")],
                       "range end must be in [0, 20], got " + nines),
                      (["--range", "9" * 400 + ":", "-o", str(tmp_path / "x.gif")],
                       "range start must be in [0, 20], got " + nines),
                      (["--at", "9" * 400, "-o", str(tmp_path / "x.png")],
                       "--at must be in [0, 20], got " + nines)):  # fmt: skip
        rc = cli_export.main(["--steps", "20", "--size", "160x120", "--view", "contour", *args])
        err = capsys.readouterr().err
        assert rc == 2 and msg in err
        assert len(err.splitlines()) == 1 and len(err) < 300
    assert list(tmp_path.iterdir()) == []


def test_race_png_has_every_run(gl, qapp, tmp_path: Path, capsys) -> None:
    out = tmp_path / "race.png"
    cli(capsys, "--optimizer", "adam", "--optimizer", "sgd:eta=2", "--steps", "30",
        "--view", "contour", "--size", "320x240", "-o", str(out))  # fmt: skip
    from PIL import Image

    with Image.open(out) as im:
        a = np.asarray(im.convert("RGB")).astype(int)
    colours = {"#e6194b": RUN0, "#15803d": np.array([0x15, 0x80, 0x3D])}
    for c in colours.values():  # both runs' colours are drawn (paths, markers, legend)
        assert (np.abs(a - c).max(axis=2) < 30).sum() > 20


def test_cli_png_equals_window_png(gl, qapp, qtbot, tmp_path: Path, capsys) -> None:
    from gradscape.app.export.controller import install_export_menu
    from gradscape.app.export.runner import ExportRequest
    from gradscape.app.windows.main_window import MainWindow

    win = MainWindow(persist=False, synchronous=True)
    qtbot.addWidget(win)
    ctl = install_export_menu(win, window_factory=MainWindow.offscreen)
    # contour: the CLI in this process; 3d and both: the CLI as a separate program with no
    # display, so it renders on its own Xvfb — what a user's headless run does.
    for view, separate in (("contour", False), ("3d", True), ("both", True)):
        mine = tmp_path / f"window-{view}.png"
        req = ExportRequest("image", str(mine), view=view, size=SIZE, step=win.state.steps)
        runner = ctl.start(req)
        assert runner is not None
        finish(qtbot, runner, timeout=20000)
        theirs = tmp_path / f"cli-{view}.png"
        args = ["--view", view, "--size", "320x240", "-o", str(theirs)]
        if separate:
            env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
            r = subprocess.run([sys.executable, "-m", "gradscape", "export", *args], env=env,
                               capture_output=True, text=True, timeout=120)  # fmt: skip
            assert r.returncode == 0, r.stderr
        else:
            cli(capsys, *args)
        from PIL import Image

        with Image.open(mine) as a, Image.open(theirs) as b:
            x = np.asarray(a.convert("RGB")).astype(int)
            y = np.asarray(b.convert("RGB")).astype(int)
        assert x.shape == y.shape == (240, 320, 3)
        assert x.std() > 10
        diff = np.abs(x - y)
        assert diff.mean() < 0.5 and np.percentile(diff, 99) <= 8, (view, diff.mean())
        assert read_embedded_scene(mine) == read_embedded_scene(theirs)


def test_whole_window_export_keeps_the_users_layout(gl, qapp, qtbot) -> None:
    from gradscape.app.export.render import FrameRenderer

    win, _ = export_window(qtbot)
    win.resize(1000, 640)
    win.show()
    qtbot.waitExposed(win)
    win.view_split.setSizes([200, 400])  # the user gave the 2D views most of the height
    wanted = win.view_split.sizes()
    layout = {"view_split": win.view_split.saveState()}
    r = FrameRenderer(
        win.state.copy(), "window", (1000, 640), layout=layout,
        window_factory=MainWindow.offscreen,
    )  # fmt: skip
    try:
        got = r.window.view_split.sizes()
    finally:
        r.close()
    assert abs(got[0] - wanted[0]) <= 5 and abs(got[1] - wanted[1]) <= 5, (got, wanted)


def test_minibatch_scene_survives_the_window_state(qapp) -> None:
    """A stochastic (minibatch) scene must replay as the same noisy run, not full batch."""
    scene = Scene(
        surface="neuron",
        surface_params={"samples": [[1.0, 0.5], [-1.0, 0.2], [0.5, 0.9], [2.0, 0.1]]},
        optimizers=[("sgd", {"eta": 0.5})],
        start=[0.5, -0.5],
        steps=30,
        seed=7,
        batch_size=2,
    )
    state = AppState(scene=scene)
    assert state.batch_size == 2
    again = state.scene
    assert again.batch_size == 2
    a, b = scene.run()[0], again.run()[0]
    np.testing.assert_array_equal(a.params, b.params)
    full = Scene.from_dict({**again.to_dict(), "batch_size": None}).run()[0]
    assert not np.array_equal(a.params, full.params)  # the minibatch path really differs


@pytest.mark.parametrize("size", [(300, 300), (360, 480), (640, 240)])
def test_the_3d_scene_keeps_clear_of_the_colour_bar(gl, qapp, size) -> None:
    """At any size the surface is fitted left of the colour bar's strip: between the strip's
    left edge and the bar, at the bar's height, every pixel is background."""
    from gradscape.app.export.render import FrameRenderer

    r = FrameRenderer(AppState(scene=Scene(steps=20, surface="rosenbrock")), "3d", size)
    try:
        frame = r.render(20).astype(int)
        ((_, view, _),) = r.parts
        reserved = view.overlay.reserved_width()
        bar_left = view.width() - view.overlay._tick_width() - 34
        bar_h = min(view.height() * 0.5, 260.0)
        top, bottom = (view.height() - bar_h) / 2, (view.height() + bar_h) / 2
    finally:
        r.close()
    sx, sy = size[0] / view.width(), size[1] / view.height()
    x0, x1 = int((view.width() - reserved) * sx) + 1, int(bar_left * sx) - 2
    y0, y1 = int(top * sy), int(bottom * sy)
    assert x1 - x0 >= 4
    band = frame[y0:y1, x0:x1]
    background = np.array([0xF7, 0xF8, 0xFA])
    assert np.abs(band - background).max() < 8
    # and the scene is there, left of the strip (the surface's colours, not background)
    scene = frame[:, : x0 - 1]
    assert (np.abs(scene - background).max(axis=2) > 40).mean() > 0.1


@pytest.mark.parametrize("size", [(1440, 900), (1100, 760)])
def test_status_bar_keeps_every_number_of_a_diverged_run(gl, qapp, size) -> None:
    """The step / loss / gradient / move values and the "stopped at step k" note are shown
    whole; only the divergence message (whole in the banner and the tooltip) is shortened,
    between words, with "…"."""
    from gradscape.app.export.render import FrameRenderer

    scene = Scene(surface="rosenbrock", optimizers=[("sgd", {"eta": 0.1})], steps=50)
    r = FrameRenderer(AppState(scene=scene), "window", size, window_factory=MainWindow.offscreen)
    try:
        r.render(50)
        win = r.window
        st = win.state
        t = descend(get_surface("rosenbrock"), ("sgd", {"eta": 0.1}), st.start, 50, seed=st.seed)
        assert t.diverged_at is not None
        values, msg = win.status_values, win.status_message
        text = values.text()
        assert text.startswith("step 50 / 50   loss ")
        assert text.endswith(f"   [SGD η=0.1 stopped at step {len(t.params) - 1}]")
        # the label got all the width its text needs, left of the message
        assert values.isVisible() and values.width() >= values.sizeHint().width(), text
        assert values.geometry().right() < msg.geometry().left()
        assert msg.geometry().right() <= win.statusBar().contentsRect().right()
        # the message: the engine's whole text, drawn as much of it as fits
        full = msg.text()
        assert full.startswith(f"SGD η=0.1 diverged at step {t.diverged_at}: {t.reason}")
        assert msg.toolTip() == full and full in win.divergence_banner.text()
        shown = msg.displayed_text()
        assert msg.fontMetrics().horizontalAdvance(shown) <= msg.contentsRect().width()
        assert shown != full  # too long for either width
        assert shown.endswith("…") and full.startswith(shown[:-1])
        assert full[len(shown) - 1] == " "  # cut between words, never inside a number
    finally:
        r.close()


def test_the_3d_legend_moves_off_the_paths_start(gl, qapp) -> None:
    from gradscape.app.export.render import FrameRenderer

    names = ["sgd", "msgd", "nag", "adagrad", "rmsprop", "adadelta", "adam", "nadam"]
    for runs, expect_right in ((names, True), (names[:1], False)):
        scene = Scene(optimizers=[(n, {}) for n in runs], steps=200)
        r = FrameRenderer(AppState(scene=scene), "3d", (640, 480))
        try:
            frame = r.render(200).astype(int)
            ((_, view, _),) = r.parts
            x0, y0 = view.overlay.legend_origin
            lw, lh = view.overlay.legend_size()
            sx, sy = r.project(*scene.start)
        finally:
            r.close()
        assert (x0 > 320) == expect_right, (runs, x0)
        # the start point is not under the legend, and the legend is drawn where it says
        assert not (x0 <= sx <= x0 + lw and y0 <= sy <= y0 + lh)
        inside = frame[int(y0) + 3 : int(y0 + lh) - 3, int(x0) + 2 : int(x0) + 7]  # left margin
        assert (inside == 255).all(axis=2).mean() > 0.9  # the box's white background
