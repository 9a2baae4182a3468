"""The export settings dialog (app.export.dialog): what it refuses and the request it builds."""

from __future__ import annotations

from pathlib import Path


def test_dialog_validates_and_builds_the_request(gl, qapp, qtbot, tmp_path: Path) -> None:
    from gradscape.app.export.dialog import ExportDialog

    dlg = ExportDialog("animation", steps=50, step=7)
    qtbot.addWidget(dlg)
    dlg.path.setText(str(tmp_path / "movie.gif"))
    ok = dlg.buttons.button(dlg.buttons.StandardButton.Ok)
    assert ok.isEnabled() and dlg.problem.text() == ""
    dlg.format.setCurrentIndex(dlg.format.findData("mp4"))
    assert dlg.path.text().endswith("movie.mp4")  # the extension follows the format
    dlg.width_box.setValue(641)
    assert not ok.isEnabled() and "even width and height, got 641×600" in dlg.problem.text()
    dlg.width_box.setValue(640)
    dlg.start_box.setValue(30)
    dlg.stop_box.setValue(10)
    assert "first step must not come after the last" in dlg.problem.text()
    dlg.stop_box.setValue(50)
    dlg.path.setText(str(tmp_path / "missing" / "m.mp4"))
    assert "does not exist" in dlg.problem.text()
    dlg.path.setText(str(tmp_path / "m.mp4"))
    dlg.stride_box.setValue(5)
    dlg.view.setCurrentIndex(dlg.view.findData("both"))
    assert ok.isEnabled()
    r = dlg.request()
    assert (r.kind, r.view, r.size, r.start, r.stop, r.stride) == (
        "animation", "both", (640, 600), 30, 50, 5)  # fmt: skip
    img = ExportDialog("image", steps=50, step=7)
    qtbot.addWidget(img)
    img.path.setText(str(tmp_path / "x.gif"))
    assert "must end in .png" in img.problem.text()
    img.path.setText(str(tmp_path / "x.png"))
    assert img.request().step == 7 and img.request().size == (1600, 1200)
