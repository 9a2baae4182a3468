"""The window's export actions (app.export.controller): the File menu entries and Open scene."""

from __future__ import annotations

import json
from pathlib import Path

from export_window import export_window

from gradscape.core.scene import Scene


def test_open_scene_round_trip_and_bad_file(gl, qapp, qtbot, tmp_path: Path) -> None:
    win, ctl = export_window(qtbot)
    s = tmp_path / "s.json"
    Scene(surface="rosenbrock", optimizers=[("adam", {"eta": 0.02}), ("sgd", {"eta": 1e-3})],
          start=[-1.0, 1.5], steps=40, seed=5).save(s)  # fmt: skip
    assert ctl.open_scene(str(s))
    st = win.state
    assert st.surface == "rosenbrock" and st.steps == 40 and st.seed == 5
    assert st.start == (-1.0, 1.5)
    assert [r.optimizer for r in st.runs] == ["adam", "sgd"]
    assert st.runs[0].hyper_dict["eta"] == 0.02
    # A broken file: a message naming the field, and the window keeps its scene.
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"surface": "rosenbrock", "steps": -4, "optimizers": ["adam"]}))
    assert not ctl.open_scene(str(bad))
    assert "steps: must be an integer" in ctl.last_error
    assert st.steps == 40 and [r.optimizer for r in st.runs] == ["adam", "sgd"]
    ctl.message_box.close()
    # A missing file: the message speaks to a window user (no CLI option in it).
    assert not ctl.open_scene(str(tmp_path / "none.json"))
    assert "none.json" in ctl.last_error and "--scene" not in ctl.last_error
    ctl.message_box.close()
    # A minibatch scene opens as the same noisy run, not full-batch descent.
    mb = tmp_path / "minibatch.json"
    Scene(surface="neuron", surface_params={"samples": [[1.0, 0.5], [-1.0, 0.2], [2.0, 0.9]]},
          optimizers=[("sgd", {"eta": 0.5})], start=[0.5, -0.5], steps=20, seed=3,
          batch_size=2).save(mb)  # fmt: skip
    assert ctl.open_scene(str(mb))
    assert st.batch_size == 2 and st.samples == ((1.0, 0.5), (-1.0, 0.2), (2.0, 0.9))


def test_menu_actions_installed(gl, qapp, qtbot) -> None:
    win, ctl = export_window(qtbot)
    texts = [a.text() for a in win.file_menu.actions() if not a.isSeparator()]
    for t in ("&Open scene…", "Save scene &as…", "Export &image…", "Export &animation…",
              "Export trajectory &data…"):  # fmt: skip
        assert t in texts
    assert texts[-1] == "&Quit"  # exports go above Quit
    assert ctl.actions["export_image"].shortcut().toString() == "Ctrl+E"
