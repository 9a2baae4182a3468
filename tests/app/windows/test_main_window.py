"""The window with real OpenGL (Xvfb + xcb): controls -> state -> views, pixels, user flows."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PyQt6.QtCore import QPoint, QPointF, Qt
from PyQt6.QtWidgets import QApplication

from gradscape.app.controls.scene_panels import CUSTOM_ITEM
from gradscape.app.export.capture import grab, image_to_array
from gradscape.app.model.arrays import HeightScale, fmt
from gradscape.app.model.state import VIEW_SETTINGS, AppState
from gradscape.app.windows.main_window import MainWindow
from gradscape.core.surfaces import SURFACES, get_surface
from gradscape.core.trajectory import descend, stability

pytestmark = pytest.mark.gl

BACKGROUND = np.array([0xF7, 0xF8, 0xFA])


@pytest.fixture(autouse=True)
def _private_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADSCAPE_SETTINGS", str(tmp_path / "settings.ini"))


def settle(qtbot, win: MainWindow) -> None:
    qtbot.waitUntil(win.compute.is_current, timeout=15000)
    QApplication.processEvents()


@pytest.fixture
def win(gl, qtbot):
    st = AppState()
    st.grid = 40  # small GL scenes keep llvmpipe fast
    st.steps = 60
    w = MainWindow(st)
    w.resize(1100, 760)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    settle(qtbot, w)
    return w


def engine_run(state: AppState, i: int = 0):
    """The engine's own trajectory for run i of the state (no app code involved)."""
    kw = dict(state.surface_params)
    if state.samples is not None:
        kw["samples"] = [list(s) for s in state.samples]
    surf = get_surface(state.surface, **kw)
    run = state.runs[i]
    traj = descend(
        surf,
        (run.optimizer, run.hyper_dict),
        state.start,
        state.steps,
        seed=state.seed,
        batch_size=state.batch_size,
    )
    return surf, traj


def pixels(widget) -> np.ndarray:
    QApplication.processEvents()
    return image_to_array(grab(widget)).astype(np.int16)


def drawn(qtbot, view3d) -> np.ndarray:
    """Pixels of a frame of the 3D view drawn after now (not the one shown before)."""
    n = view3d.frames
    view3d.update()
    qtbot.waitUntil(lambda: view3d.frames > n, timeout=10000)
    return pixels(view3d)


def type_into(qtbot, edit, text: str, confirm: bool = True) -> None:
    """Replace the text like a user, then press Enter (which confirms a valid value)."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)
    if confirm:
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def choose(qtbot, combo, data) -> None:
    """Pick an entry of a combo box the way a user does with the keyboard."""
    target = combo.findData(data)
    assert target >= 0, data
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentIndex() == target:
            break
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)
    assert combo.currentIndex() == target


# -- drawing ------------------------------------------------------------------------------


def test_3d_view_draws_the_surface_coloured_by_height(win):
    v = win.view3d
    img = pixels(v)
    assert img.reshape(-1, 3).std(axis=0).max() > 10
    res = win.state.result
    g = res.grid3d
    # the arrays handed to the surface item are the engine's grid, scaled into the box
    scale = HeightScale.fit(g.z, "linear")
    assert np.allclose(v.surface._z, scale.unit(g.z) * 0.9, atol=1e-6)
    zmin = get_surface("neuron").loss(g.ws[:, None], g.bs[None, :])
    assert np.allclose(g.z, zmin, rtol=1e-12, atol=1e-15)
    # where the surface is drawn the pixel is not background (centre of the domain, lifted)
    i, j = len(g.ws) // 2, len(g.bs) // 4
    px, py = v.project(v.data_to_display(g.ws[i], g.bs[j], g.z[i, j]))
    c = img[int(py), int(px)]
    assert np.abs(c - BACKGROUND).max() > 40


def test_static_layer_cache_draws_the_same_picture(win, qtbot):
    v = win.view3d
    win.state.step = 23
    cls = type(v)
    assert cls.cache_static
    cached = pixels(v)
    try:
        cls.cache_static = False
        v.update()
        direct = pixels(v)
    finally:
        cls.cache_static = True
    diff = np.abs(cached - direct).max(axis=2)
    # identical but for antialiased line edges drawn in another order
    assert (diff > 40).mean() < 0.002
    assert diff.mean() < 0.5
    # and the cache follows the step: the marker moved, the picture changed
    win.state.step = 50
    moved = pixels(v)
    assert (np.abs(moved - cached).max(axis=2) > 40).sum() > 20


def test_colormap_changes_the_rendered_colours(win, qtbot):
    v = win.view3d
    before = pixels(v)
    win.colormap_actions["inferno"].trigger()
    assert win.state.colormap == "inferno"
    settle(qtbot, win)  # the new colours are prepared in a worker
    after = pixels(v)
    changed = np.abs(after - before).max(axis=2) > 30
    assert changed.mean() > 0.05  # a large part of the picture changed colour


def test_overlay_has_colour_bar_and_labels(win):
    v = win.view3d
    ov = v.overlay
    texts = [t for _, t, _, _ in ov.labels]
    assert {"w", "b", "loss"} <= set(texts)
    assert ov.colorbar is not None
    lut, ticks, title = ov.colorbar
    assert title == "loss" and ticks[0][0] == pytest.approx(0.0)
    img = pixels(v)
    # the colour bar's column on the right holds the colormap's extremes
    right = img[:, int(v.width() * 0.85) :, :].reshape(-1, 3)
    top = np.asarray(lut[-1], dtype=np.int16)
    assert (np.abs(right - top).max(axis=1) < 12).sum() > 20


def test_views_follow_the_step(win, qtbot):
    st = win.state
    _, traj = engine_run(st)
    for k in (0, 7, st.steps):
        st.step = k
        kk = min(k, traj.n)
        w, b = traj.params[kk]
        assert win.contour.marker_positions()[0] == pytest.approx((w, b), abs=1e-12)
        expect = win.view3d.data_to_display(w, b, traj.loss[kk])
        assert np.allclose(win.view3d.marker_positions()[0], expect, atol=1e-6)
        assert win.losscurve.cursor.value() == k
        assert win.playback.slider.value() == k
        assert len(win.view3d.lines[0].pos) == kk + 1


def test_dragging_the_loss_cursor_moves_every_view(win, qtbot):
    st = win.state
    _, traj = engine_run(st)
    c = win.losscurve
    vb = c.getPlotItem().getViewBox()
    start = c.mapFromScene(vb.mapViewToScene(QPointF(st.steps, 0.5 * traj.loss.max())))
    end = c.mapFromScene(vb.mapViewToScene(QPointF(17, 0.5 * traj.loss.max())))
    vp = c.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for t in np.linspace(0, 1, 6)[1:]:
        p = QPoint(round(start.x() + t * (end.x() - start.x())), start.y())
        qtbot.mouseMove(vp, p)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    assert abs(st.step - 17) <= 1
    k = st.step
    assert win.playback.slider.value() == k
    assert win.contour.marker_positions()[0] == pytest.approx(tuple(traj.params[k]))


def assert_thinned(x: np.ndarray, y: np.ndarray, points: np.ndarray, cell) -> None:
    """The contour map's line (x, y) is the engine's ``points`` without those that stay in
    the cell (a third of the map's pixel) of the point before them: the same points in the
    same order, from the first to the last, and no cell of the path left out."""
    drawn = np.column_stack([x, y])
    assert np.array_equal(drawn[0], points[0]) and np.array_equal(drawn[-1], points[-1])
    at = [int(np.flatnonzero((points == q).all(axis=1))[0]) for q in drawn]
    assert at == sorted(at)
    cells = np.floor(points / np.asarray(cell))
    assert {tuple(c) for c in cells} == {tuple(c) for c in np.floor(drawn / np.asarray(cell))}


def test_line_and_curves_hold_the_engine_arrays(win):
    st = win.state
    _, traj = engine_run(st)
    st.step = st.steps
    x, y = win.contour.lines[0].getData()
    assert_thinned(x, y, traj.params, win.contour._cell)
    cx, cy = win.losscurve.curves[0].getData()
    assert np.array_equal(cx, np.arange(traj.n + 1)) and np.allclose(cy, traj.loss)


# -- the whole user flow ------------------------------------------------------------------


def test_user_flow_choose_play_pause_step_back_scrub(win, qtbot):
    st = win.state
    op = win.optimizer_panel
    choose(qtbot, op.combo, "rmsprop")
    assert st.run.optimizer == "rmsprop"
    type_into(qtbot, op.eta.edit, "0.03")
    assert st.run.hyper_dict["eta"] == 0.03
    settle(qtbot, win)
    _, traj = engine_run(st)
    assert traj.label == win.state.result.trajectories[0].label

    st.step = 0
    qtbot.mouseClick(win.playback.play, Qt.MouseButton.LeftButton)
    assert st.playing
    qtbot.waitUntil(lambda: st.step >= 5, timeout=10000)
    qtbot.mouseClick(win.playback.play, Qt.MouseButton.LeftButton)
    assert not st.playing
    paused = st.step
    qtbot.wait(60)
    assert st.step == paused  # paused means paused
    qtbot.mouseClick(win.playback.back, Qt.MouseButton.LeftButton)
    assert st.step == paused - 1
    win.playback.slider.setValue(23)  # scrubbing the timeline
    assert st.step == 23
    for k in (paused - 1, 23):
        st.step = k
        w, b = traj.params[min(k, traj.n)]
        assert win.contour.marker_positions()[0] == pytest.approx((w, b), abs=1e-12)
        expect = win.view3d.data_to_display(w, b, traj.loss[min(k, traj.n)])
        assert np.allclose(win.view3d.marker_positions()[0], expect, atol=1e-6)


def test_playing_reaches_the_end_and_stops(win, qtbot):
    st = win.state
    st.speed = 600.0
    win.playback.toggle()  # at the end: play restarts from 0
    assert st.playing and st.step < st.steps
    qtbot.waitUntil(lambda: not st.playing, timeout=10000)
    assert st.step == st.steps


def test_keyboard_shortcuts(win, qtbot):
    st = win.state
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    win.view3d.requestActivate()  # the 3D view (a GL window) has the keyboard
    qtbot.waitUntil(lambda: QApplication.focusWindow() is win.view3d, timeout=5000)
    st.step = 10
    qtbot.keyClick(win.view3d, Qt.Key.Key_Right)
    assert st.step == 11
    qtbot.keyClick(win.view3d, Qt.Key.Key_Left)
    qtbot.keyClick(win.view3d, Qt.Key.Key_Left)
    assert st.step == 9
    qtbot.keyClick(win.view3d, Qt.Key.Key_End)
    assert st.step == st.steps
    qtbot.keyClick(win.view3d, Qt.Key.Key_Home)
    assert st.step == 0
    qtbot.keyClick(win.view3d, Qt.Key.Key_Space)
    assert st.playing
    qtbot.keyClick(win.view3d, Qt.Key.Key_Space)
    assert not st.playing


def test_divergence_is_shown_not_thrown(win, qtbot):
    st = win.state
    choose(qtbot, win.optimizer_panel.combo, "sgd")
    type_into(qtbot, win.optimizer_panel.eta.edit, "1e6")
    settle(qtbot, win)
    traj = st.result.trajectories[0]
    assert traj.diverged_at == 1
    msg = win.status_message.text()
    assert "diverged at step 1" in msg
    assert traj.reason in msg
    surf, _ = engine_run(st)
    hint = stability(surf, *st.start, 1e6)["text"]
    assert f"At the start ({st.start[0]:.4g}, {st.start[1]:.4g}): {hint}" in msg
    assert win.status_message.isVisible()
    # the status bar cuts a long message at the window's edge: the banner above the views
    # shows all of it, wrapped, and tall enough for every line
    banner = win.divergence_banner
    QApplication.processEvents()
    assert banner.isVisible() and hint in banner.text() and traj.reason in banner.text()
    assert banner.height() >= banner.heightForWidth(banner.width())
    # the marker stops at the last good point (the start)
    st.step = st.steps
    assert win.contour.marker_positions()[0] == pytest.approx(st.start)
    assert "(diverged)" in win.view3d.overlay.legend[0][0]
    # back to a sane η clears the message
    type_into(qtbot, win.optimizer_panel.eta.edit, "0.1")
    settle(qtbot, win)
    assert win.status_message.text() == ""
    assert not win.divergence_banner.isVisible()


# -- every field rejects bad input with a visible explanation -----------------------------


def _fields(win):
    op, sp, stp = win.optimizer_panel, win.surface_panel, win.start_panel
    return {
        "eta": (op.eta, ["abc", "-1", "0", "inf"]),
        "beta1": (op.hyper.fields["beta1"], ["1.5", "x", "-0.1"]),
        "eps": (op.hyper.fields["eps"], ["-1e-8", "nan"]),
        "x": (sp.x, ["", "one", "nan"]),
        "y*": (sp.y, ["1e999", "?"]),
        "start w": (stp.w, ["w", "inf"]),
        "start b": (stp.b, ["1,5"]),
        "steps": (stp.steps, ["0", "2.5", "1000000", "-3"]),
        "seed": (stp.seed, ["-1", "1.5", "seed"]),
    }


def snapshot(state: AppState) -> tuple:
    """The state's scene and view settings."""
    return state.scene.to_dict(), {name: getattr(state, name) for name in VIEW_SETTINGS}


def test_invalid_input_in_every_field_is_rejected_and_explained(win, qtbot):
    st = win.state
    before = snapshot(st)
    result_before = st.result
    for name, (field, bad_values) in _fields(win).items():
        for text in bad_values:
            type_into(qtbot, field.edit, text)
            assert field.error.isVisible(), (name, text)
            msg = field.error_text
            assert msg and (name in msg or name.split()[-1] in msg), (name, text, msg)
            assert field.edit.property("invalid") is True
            assert snapshot(st) == before, (name, text)
            # while typing, the mark appears before any confirmation
            type_into(qtbot, field.edit, text, confirm=False)
            assert field.error.isVisible(), (name, text)
        # a good value clears the mark again
        field.set_value(field.value())
        assert not field.error.isVisible()
    settle(qtbot, win)
    assert st.result is result_before  # nothing was recomputed


def test_invalid_sample_cell_is_rejected_and_explained(win, qtbot):
    st = win.state
    before = st.samples
    table = win.surface_panel.table
    table.item(0, 1).setText("half")
    assert win.surface_panel.table_error.isVisible()
    assert "y* in row 1" in win.surface_panel.table_error.text()
    assert st.samples == before
    table.item(0, 1).setText("0.25")
    assert st.samples == ((1.0, 0.25),)
    assert not win.surface_panel.table_error.isVisible()


# -- every control changes the state and the views -----------------------------------------


def test_surface_dropdown_switches_the_surface_everywhere(win, qtbot):
    st = win.state
    z_before = win.view3d.surface._z.copy()
    choose(qtbot, win.surface_panel.combo, "himmelblau")
    assert st.surface == "himmelblau"
    settle(qtbot, win)
    surf = get_surface("himmelblau")
    assert st.start == tuple(surf.start)
    g = st.result.grid3d
    assert np.allclose(g.z, surf.loss(g.ws[:, None], g.bs[None, :]))
    assert not np.allclose(win.view3d.surface._z, z_before)
    assert win.surface_panel.samples_box.isHidden()
    assert win.start_panel.w_label.text() == f"start {surf.axis_names[0]}"
    assert {"x", "y"} <= {t for _, t, _, _ in win.view3d.overlay.labels}


def test_surface_dropdown_lists_the_neuron_first_then_every_surface_once(win):
    combo = win.surface_panel.combo
    keys = [combo.itemData(i) for i in range(combo.count())]
    # the window opens on the neuron; it heads the list the user drops down
    assert keys[0] == "neuron" == win.state.surface
    assert combo.currentIndex() == 0
    # (a network's landscape is opened from its file, a formula typed in the dialog of
    # the last item, "Custom…": no blank choice of either in the list)
    assert keys[-1] == CUSTOM_ITEM and combo.itemText(combo.count() - 1) == "Custom…"
    assert sorted(keys[:-1]) == sorted(k for k in SURFACES.names() if not SURFACES[k].from_file)


def test_activation_loss_and_samples_recompute_the_surface(win, qtbot):
    st = win.state
    sp = win.surface_panel
    z0 = st.result.grid3d.z.copy()
    choose(qtbot, sp.params.fields["act"], "tanh")
    assert st.surface_params["act"] == "tanh"
    settle(qtbot, win)
    g = st.result.grid3d
    W, B = np.meshgrid(g.ws, g.bs, indexing="ij")
    assert np.allclose(g.z, 0.5 * (np.tanh(W + B) - 0.5) ** 2, atol=1e-12)
    assert sp.caveat.isHidden()  # squared error: any activation is fine
    choose(qtbot, sp.params.fields["loss"], "binary")
    # tanh leaves (0, 1): the panel warns, with the surface's own words
    assert sp.caveat.isVisible() and "tanh" in sp.caveat.text()
    assert sp.caveat.text() == st.surface_object().caveat
    choose(qtbot, sp.params.fields["act"], "sigmoid")
    assert sp.caveat.isHidden()
    settle(qtbot, win)
    s = 1 / (1 + np.exp(-(W + B)))
    bce = -(0.5 * np.log(s) + 0.5 * np.log(1 - s))
    assert np.allclose(st.result.grid3d.z, bce, atol=1e-9)
    choose(qtbot, sp.params.fields["loss"], "square")
    type_into(qtbot, sp.x.edit, "2")
    type_into(qtbot, sp.y.edit, "0.25")
    assert st.samples == ((2.0, 0.25),)
    settle(qtbot, win)
    s = 1 / (1 + np.exp(-(2 * W + B)))
    assert np.allclose(st.result.grid3d.z, 0.5 * (s - 0.25) ** 2, atol=1e-12)
    qtbot.mouseClick(sp.add_row, Qt.MouseButton.LeftButton)
    assert sp.table.rowCount() == 2 and len(st.samples) == 2
    sp.table.item(1, 0).setText("-1")
    settle(qtbot, win)
    s2 = 1 / (1 + np.exp(-(-W + B)))
    expect = 0.5 * (0.5 * (s - 0.25) ** 2 + 0.5 * (s2 - 0.25) ** 2)
    assert np.allclose(st.result.grid3d.z, expect, atol=1e-12)
    assert not np.allclose(st.result.grid3d.z, z0)


def test_start_steps_seed_fields(win, qtbot):
    st = win.state
    stp = win.start_panel
    type_into(qtbot, stp.w.edit, "0.5")
    type_into(qtbot, stp.b.edit, "-1.25")
    assert st.start == (0.5, -1.25)
    type_into(qtbot, stp.steps.edit, "35")
    assert st.steps == 35
    type_into(qtbot, stp.seed.edit, "7")
    assert st.seed == 7
    settle(qtbot, win)
    x, y = win.contour.start_item.getData()
    assert (x[0], y[0]) == (0.5, -1.25)
    assert win.playback.slider.maximum() == 35
    st.step = 0
    assert np.allclose(win.view3d.lines[0].pos[0][:2], [0.25, -0.625])  # w/2, b/2 in the box
    qtbot.mouseClick(stp.reset_start, Qt.MouseButton.LeftButton)
    assert st.start == tuple(get_surface("neuron").start)


def test_minibatch_field_runs_stochastic_descent(win, qtbot):
    st = win.state
    stp = win.start_panel
    sp = win.surface_panel
    for _ in range(3):
        qtbot.mouseClick(sp.add_row, Qt.MouseButton.LeftButton)
    for r, (x, y) in enumerate([(1.0, 0.5), (-1.0, 0.2), (0.5, 0.9), (2.0, 0.1)]):
        sp.table.item(r, 0).setText(repr(x))
        sp.table.item(r, 1).setText(repr(y))
    assert len(st.samples) == 4
    assert stp.batch.isVisible() and stp.batch.edit.placeholderText() == "full batch"
    settle(qtbot, win)
    _, full = engine_run(st)
    for bad in ("0", "5", "two"):
        type_into(qtbot, stp.batch.edit, bad)
        assert stp.batch.error.isVisible() and "minibatch" in stp.batch.error_text
        assert st.batch_size is None
    type_into(qtbot, stp.batch.edit, "1")
    assert st.batch_size == 1
    type_into(qtbot, stp.seed.edit, "3")
    assert st.batch_size == 1, stp.batch.edit.text()
    settle(qtbot, win)
    assert st.batch_size == 1
    _, noisy = engine_run(st)
    assert noisy.batch_size == 1
    st.step = st.steps
    x, y = win.contour.lines[0].getData()
    assert np.allclose(x, noisy.params[:, 0]) and np.allclose(y, noisy.params[:, 1])
    assert not np.allclose(noisy.params, full.params)
    type_into(qtbot, stp.batch.edit, "")
    assert st.batch_size is None
    choose(qtbot, sp.combo, "booth")
    assert not stp.batch.isVisible()


def test_hyperparameter_form_and_reset(win, qtbot):
    st = win.state
    op = win.optimizer_panel
    type_into(qtbot, op.hyper.fields["beta1"].edit, "0.5")
    assert st.run.hyper_dict["beta1"] == 0.5
    type_into(qtbot, op.eta.edit, "0.01")
    qtbot.mouseClick(op.reset_btn, Qt.MouseButton.LeftButton)
    assert st.run.hyper_dict["beta1"] == 0.9
    assert st.run.hyper_dict["eta"] == get_surface("neuron").demo_hyper("adam")["eta"]
    assert op.hyper.fields["beta1"].edit.text() == "0.9"
    # the η presets are log-spaced from 1e-4 to 10 and pick like typing
    texts = [op.eta.combo.itemText(i) for i in range(op.eta.combo.count())]
    assert float(texts[0]) == 1e-4 and float(texts[-1]) == 10.0
    op.eta.combo.setCurrentIndex(2)
    op.eta.combo.activated.emit(2)
    assert st.run.hyper_dict["eta"] == float(texts[2])


def test_race_adds_a_coloured_run_drawn_in_every_view(win, qtbot):
    st = win.state
    op = win.optimizer_panel
    qtbot.mouseClick(op.add_btn, Qt.MouseButton.LeftButton)
    assert len(st.runs) == 2 and st.current_run == 1
    choose(qtbot, op.combo, "sgd")
    settle(qtbot, win)
    assert [r.optimizer for r in st.runs] == ["adam", "sgd"]
    _, traj = engine_run(st, 1)
    st.step = st.steps
    assert win.view3d.lines[1].visible()
    x, y = win.contour.lines[1].getData()
    assert_thinned(x, y, traj.params, win.contour._cell)
    assert len(win.view3d.overlay.legend) == 2
    assert win.losscurve.legend.items[1][1].text == traj.label
    assert op.runs.count() == 2
    qtbot.mouseClick(op.remove_btn, Qt.MouseButton.LeftButton)
    settle(qtbot, win)
    assert len(st.runs) == 1 and not win.view3d.lines[1].visible()


def test_view_menu_height_mode_log_loss_and_detail(win, qtbot):
    st = win.state
    z_lin = win.view3d.surface._z.copy()
    win.height_actions["log"].trigger()
    assert st.height_mode == "log"
    settle(qtbot, win)  # the new heights are prepared in a worker
    z_log = win.view3d.surface._z
    g = st.result.grid3d
    assert np.allclose(z_log, HeightScale.fit(g.z, "log").unit(g.z) * 0.9, atol=1e-6)
    assert not np.allclose(z_log, z_lin)
    win.log_loss_action.trigger()
    assert st.log_loss
    settle(qtbot, win)
    _, traj = engine_run(st)
    _, y = win.losscurve.curves[0].getData()
    pos = traj.loss[traj.loss > 0]
    assert np.allclose(y, np.log10(np.maximum(traj.loss, pos.min() * 1e-3)))
    win.grid_actions[60].trigger()
    assert st.grid == 60
    settle(qtbot, win)
    assert win.view3d.surface._z.shape == (60, 60)


def test_path_hidden_by_the_surface_still_shows_through(win, qtbot):
    # Log height turns the neuron's valley of minima into a cleft narrower than the grid:
    # the mesh between grid points covers the path's last part.  A faint copy drawn over
    # everything keeps it visible.
    st, v = win.state, win.view3d
    st.steps = 200  # Adam reaches the cleft after ~60 steps
    settle(qtbot, win)
    st.height_mode = "log"
    settle(qtbot, win)
    st.step = st.steps
    _, traj = engine_run(st)
    expect = v.data_to_display(*traj.params[-1], traj.loss[-1])
    assert np.allclose(v.ghosts[0].pos[-1], expect, atol=1e-6)
    assert np.array_equal(v.ghosts[0].pos, v.lines[0].pos)
    assert v.ghosts[0].visible() and not v.ghosts[1].visible()
    with_ghost = drawn(qtbot, v)
    v.ghosts[0].setVisible(False)
    without = drawn(qtbot, v)
    v.ghosts[0].setVisible(True)
    # the ghost adds pixels of the run's colour that the depth-tested line does not draw
    red = np.array([0xE6, 0x19, 0x4B])
    near_red = lambda img: np.abs(img - red).max(axis=2) < 90  # noqa: E731
    assert near_red(with_ghost).sum() > near_red(without).sum() + 40


def test_loss_axis_prints_the_values_without_an_si_scale(win):
    # the default loss is ~0.1: pyqtgraph would print 0…100 with "(x0.001)" in the label
    axis = win.losscurve.getPlotItem().getAxis("left")
    assert win.state.result.trajectories[0].loss.max() < 0.2
    assert "x0.0" not in axis.labelString() and "(m" not in axis.labelString()
    assert axis.autoSIPrefixScale == 1.0


def test_long_runs_are_drawn_through_a_decimated_path(win, qtbot):
    st = win.state
    st.steps = 9000
    settle(qtbot, win)
    _, traj = engine_run(st)
    st.step = 7777
    line = win.view3d.lines[0].pos
    assert len(line) <= 2001
    assert np.allclose(line[-1], win.view3d.marker_positions()[0])
    x, y = win.contour.lines[0].getData()
    assert len(x) <= 2001
    assert (x[-1], y[-1]) == pytest.approx(tuple(traj.params[min(7777, traj.n)]))
    assert (x[0], y[0]) == pytest.approx(st.start)


def test_toolbar_height_mode(win, qtbot):
    st = win.state
    choose(qtbot, win.height_combo, "clip")
    assert st.height_mode == "clip"
    settle(qtbot, win)
    assert win.height_actions["clip"].isChecked()
    g = st.result.grid3d
    assert np.allclose(win.view3d.surface._z, HeightScale.fit(g.z, "clip").unit(g.z) * 0.9)
    st.height_mode = "linear"  # the toolbar follows the state
    assert win.height_combo.currentData() == "linear"


def test_equations_follow_single_steps_at_once(win):
    st = win.state
    _, traj = engine_run(st)
    st.step = 9
    text = win.equations.toPlainText()
    assert "Step t = 9" in text
    # the gradient of step 9 (the engine's row 8), as the panel formats numbers
    assert f"\n{fmt(float(traj.grads[8, 0]))}\n" in text
    assert f"\n{fmt(float(traj.moves[8, 1]))}\n" in text


def test_equations_never_show_another_scenes_values(win, qtbot):
    st = win.state
    st.step = 9
    assert "Step t = 9" in win.equations.toPlainText() and "m\n" in win.equations.toPlainText()
    st.set_optimizer("sgd")  # Adam's m and v must not be shown as SGD's
    text = win.equations.toPlainText()
    assert "waiting for the computation" in text and "Step t =" not in text
    settle(qtbot, win)
    st.step = 9
    _, traj = engine_run(st)
    text = win.equations.toPlainText()
    assert "Step t = 9" in text and "waiting" not in text
    assert f"\n{fmt(float(traj.grads[8, 0]))}\n" in text


def test_reset_camera_and_speed(win, qtbot):
    v = win.view3d
    cam = v.camera()
    v.orbit(40, 10)
    assert v.camera() != cam
    v.reset_camera()
    assert v.camera() == pytest.approx(cam)
    speed = win.playback.speed
    i = speed.findData(120.0)
    speed.setCurrentIndex(i)
    speed.activated.emit(i)
    assert win.state.speed == 120.0


def test_clicking_the_contour_sets_the_start(win, qtbot):
    st = win.state
    c = win.contour
    vb = c.getPlotItem().getViewBox()
    scene_pt = vb.mapViewToScene(QPointF(0.5, 0.75))
    px = c.mapFromScene(scene_pt)
    qtbot.mouseClick(c.viewport(), Qt.MouseButton.LeftButton, pos=px)
    assert st.start[0] == pytest.approx(0.5, abs=0.03)
    assert st.start[1] == pytest.approx(0.75, abs=0.03)


def test_clicking_the_3d_surface_sets_the_start(win, qtbot):
    st = win.state
    v = win.view3d
    g = st.result.grid3d
    i, j = 28, 12
    px, py = v.project(v.data_to_display(g.ws[i], g.bs[j], g.z[i, j]))
    qtbot.mouseClick(v, Qt.MouseButton.LeftButton, pos=QPoint(round(px), round(py)))
    cell = (g.ws[1] - g.ws[0]) * 2
    assert st.start[0] == pytest.approx(g.ws[i], abs=cell)
    assert st.start[1] == pytest.approx(g.bs[j], abs=cell)


def test_status_bar_and_equations_show_the_current_step(win, qtbot):
    st = win.state
    _, traj = engine_run(st)
    st.step = 5
    text = win.status_text()
    assert "step 5 / 60" in text
    assert f"{traj.loss[5]:.5g}"[:5] in text
    vals = win.equations.values()
    assert np.allclose(vals["g"], traj.grads[4])
    assert np.allclose(vals["Δ"], traj.moves[4])
    assert np.allclose(vals["m"], traj.state["m"][4])
    html = win.equations.toHtml()
    assert "Adam" in html and "m" in html
    st.step = 0
    assert win.equations.values() is None
    assert "g =" not in win.status_text()


def test_stale_requests_are_dropped(win, qtbot):
    st = win.state
    seen = []
    st.resultChanged.connect(lambda r: seen.append(r.scene.steps))
    for n in (11, 12, 13, 14):
        st.steps = n
        win.compute.request()
    settle(qtbot, win)
    assert seen[-1] == 14
    assert set(seen) == {14}


def test_heavy_work_runs_off_the_gui_thread_with_progress(win, qtbot):
    st = win.state
    for name in ("sgd", "rmsprop", "nadam", "adagrad"):
        st.add_run(name)
    st.steps = 20000  # about a second of engine work
    qtbot.waitUntil(lambda: win.compute.busy, timeout=5000)
    # the window keeps handling input while the worker computes
    before = st.step
    qtbot.mouseClick(win.playback.back, Qt.MouseButton.LeftButton)
    assert st.step == max(before - 1, 0)
    qtbot.waitUntil(lambda: win.progress.isVisible(), timeout=5000)
    assert win.compute.busy
    # a new request replaces the stale one: the result is the last scene asked for
    st.steps = 30
    settle(qtbot, win)
    assert st.result.scene.steps == 30
    assert len(st.result.trajectories) == 5
    assert not win.progress.isVisible()


def test_settings_persist_between_launches(gl, qtbot):
    st = AppState()
    st.grid = 40
    w = MainWindow(st)
    qtbot.addWidget(w)
    settle(qtbot, w)
    st.surface = "booth"
    st.add_run("nag")
    st.steps = 42
    st.height_mode = "clip"
    w.view3d.orbit(30, 5)
    cam = w.view3d.camera()
    w.close()
    w2 = MainWindow()
    qtbot.addWidget(w2)
    assert w2.state.surface == "booth"
    assert [r.optimizer for r in w2.state.runs] == ["adam", "nag"]
    assert w2.state.steps == 42 and w2.state.height_mode == "clip"
    assert w2.view3d.camera()["azimuth"] == pytest.approx(cam["azimuth"])
    settle(qtbot, w2)
    w2.close()


def test_no_settings_mode_leaves_the_file_alone(gl, qtbot, tmp_path):
    w = MainWindow(persist=False)
    qtbot.addWidget(w)
    settle(qtbot, w)
    w.state.steps = 33
    w.close()
    assert not (tmp_path / "settings.ini").exists()
    assert math.isfinite(w.state.start[0])


def test_file_save_screenshot_is_atomic_and_carries_the_scene(win, qtbot, tmp_path):
    from PIL import Image

    from gradscape.app.export.writers import read_embedded_scene
    from gradscape.core.scene import Scene

    out = tmp_path / "shot.png"
    assert win.save_screenshot(str(out))
    with Image.open(out) as im:
        a = np.asarray(im.convert("RGB"))
    assert a.shape == (win.height(), win.width(), 3) and a.std() > 10
    scene = Scene.from_json(read_embedded_scene(out))
    assert scene.surface == "neuron" and scene.steps == win.state.steps
    assert [o[0] for o in scene.optimizers] == [r.optimizer for r in win.state.runs]
    # a folder that does not exist: a message naming it, and no file anywhere
    bad = tmp_path / "missing" / "shot.png"
    assert not win.save_screenshot(str(bad))
    assert "missing" in win.screenshot_error.text()
    assert win.screenshot_error.isVisible()
    win.screenshot_error.close()
    left = sorted(p.name for p in tmp_path.rglob("*") if p.name != "settings.ini")
    assert left == ["shot.png"]


def test_a_target_outside_0_1_with_binary_loss_is_marked_at_the_field(win, qtbot):
    st, sp = win.state, win.surface_panel
    choose(qtbot, sp.params.fields["loss"], "binary")
    type_into(qtbot, sp.y.edit, "2")
    assert sp.y.error.isVisible() and "needs targets y* in [0, 1]" in sp.y.error_text
    assert st.samples == ((1.0, 0.5),)  # nothing reached the scene
    type_into(qtbot, sp.y.edit, "0.75")
    assert not sp.y.error.isVisible() and st.samples == ((1.0, 0.75),)


def test_the_loss_legend_shows_only_where_it_fits(win, qtbot):
    from gradscape.app.views.plots import LossCurveView

    st = win.state
    st.add_run("sgd")
    settle(qtbot, win)
    view = LossCurveView(st)
    qtbot.addWidget(view)
    view.resize(800, 300)
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()
    assert view.legend.isVisible()
    labels = [label.text for _, label in view.legend.items]
    assert labels == [t.label for t in st.result.trajectories]
    view.resize(170, 300)  # narrower than the labels: hidden, not cut at the left edge
    QApplication.processEvents()
    assert not view.legend.isVisible()
    vb = view.getPlotItem().getViewBox()
    assert view.legend.boundingRect().width() + 20 > vb.width()


def test_an_exception_escaping_a_slot_is_reported_not_fatal(win, monkeypatch, capsys):
    import sys

    from gradscape.app.__main__ import install_error_report

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_error_report(win)
    try:
        raise ValueError("boom in a slot")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert win.statusBar().currentMessage() == "Internal error: ValueError: boom in a slot"
    assert "ValueError: boom in a slot" in capsys.readouterr().err
    assert win.isVisible()


def test_the_left_panel_is_never_cut_at_its_right_edge(win, qtbot):
    """Every panel row fits the scroll area's viewport (no horizontal clipping), at the
    window's size and after a panel grows (a schedule's form beside η)."""
    scroll = win.controls_scroll

    def fits() -> bool:
        return scroll.viewport().width() >= scroll.widget().minimumSizeHint().width()

    qtbot.waitUntil(fits, timeout=3000)
    win.state.set_schedule("eta", "cosine")
    settle(qtbot, win)
    qtbot.waitUntil(fits, timeout=3000)
