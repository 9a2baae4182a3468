"""The settings dialog of File → Export image / animation: :class:`ExportDialog`.

It checks what it can before anything runs (file name against format, MP4's even size, the
GIF frame-rate limit, the step range, the folder) and returns an
:class:`app.export.runner.ExportRequest`.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from gradscape.app.controls.fields import MessageLabel
from gradscape.app.export.files import format_for_path
from gradscape.app.export.images import GIF_MAX_FPS
from gradscape.app.export.runner import ExportRequest
from gradscape.app.runtime import QT_TRANSLATE_NOOP, translate

#: The views an export draws (context "ExportDialog": translated where shown).
VIEW_TEXT = {
    "3d": QT_TRANSLATE_NOOP("ExportDialog", "3D view"),
    "contour": QT_TRANSLATE_NOOP("ExportDialog", "Contour map"),
    "both": QT_TRANSLATE_NOOP("ExportDialog", "3D view + contour map"),
    "loss": QT_TRANSLATE_NOOP("ExportDialog", "Loss curve"),
    "window": QT_TRANSLATE_NOOP("ExportDialog", "Whole window"),
}
ANIMATION_TEXT = {
    "gif": "GIF",
    "mp4": "MP4 (H.264)",
    "frames": QT_TRANSLATE_NOOP("ExportDialog", "PNG sequence (folder)"),
}
EXTENSION = {"gif": ".gif", "mp4": ".mp4", "frames": ""}

class ExportDialog(QDialog):
    """Settings of an image or animation export; :meth:`request` returns them."""

    def __init__(
        self,
        kind: str,
        steps: int,
        step: int,
        parent: QWidget | None = None,
        last: ExportRequest | None = None,
    ) -> None:
        super().__init__(parent)
        if kind not in ("image", "animation"):
            raise ValueError(f"kind must be 'image' or 'animation', got {kind!r}")
        self.kind, self.steps_total, self.step = kind, steps, step
        self.setWindowTitle(
            translate("ExportDialog", "Export image")
            if kind == "image"
            else translate("ExportDialog", "Export animation")
        )
        form = QFormLayout(self)
        self.view = QComboBox()
        for key, text in VIEW_TEXT.items():
            self.view.addItem(translate("ExportDialog", text), key)
        form.addRow(translate("ExportDialog", "View"), self.view)
        size_row = QHBoxLayout()
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box in (self.width_box, self.height_box):
            box.setRange(64, 8192)
        default = (1600, 1200) if kind == "image" else (800, 600)
        self.width_box.setValue(default[0])
        self.height_box.setValue(default[1])
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_box)
        size_row.addWidget(QLabel(translate("ExportDialog", "pixels")))
        form.addRow(translate("ExportDialog", "Size"), size_row)
        self.format = QComboBox()
        self.start_box, self.stop_box, self.stride_box = QSpinBox(), QSpinBox(), QSpinBox()
        self.fps_box = QDoubleSpinBox()
        if kind == "animation":
            for key, text in ANIMATION_TEXT.items():
                self.format.addItem(translate("ExportDialog", text), key)
            form.addRow(translate("ExportDialog", "Format"), self.format)
            rng = QHBoxLayout()
            self.start_box.setRange(0, steps)
            self.stop_box.setRange(0, steps)
            self.stop_box.setValue(steps)
            rng.addWidget(self.start_box)
            rng.addWidget(QLabel(translate("ExportDialog", "to")))
            rng.addWidget(self.stop_box)
            form.addRow(translate("ExportDialog", "Steps"), rng)
            self.stride_box.setRange(1, max(1, steps))
            # "every {n} step(s)" around the number, in the language's word order
            before, _, after = translate("ExportDialog", "every {n} step(s)").partition("{n}")
            self.stride_box.setPrefix(before)
            self.stride_box.setSuffix(after)
            form.addRow(translate("ExportDialog", "Frames"), self.stride_box)
            self.fps_box.setRange(1.0, 120.0)
            self.fps_box.setDecimals(1)
            self.fps_box.setValue(30.0)
            self.fps_box.setSuffix(" fps")
            form.addRow(translate("ExportDialog", "Frame rate"), self.fps_box)
        path_row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText(translate("ExportDialog", "where to write"))
        self.path.setMinimumWidth(320)
        browse = QPushButton(translate("ExportDialog", "Browse…"))
        browse.clicked.connect(self._browse)
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form.addRow(translate("ExportDialog", "File"), path_row)
        self.problem = MessageLabel()
        self.problem.setObjectName("exportProblem")
        self.problem.setStyleSheet("color: #b91c1c;")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(translate("ExportDialog", "Export"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        if last is not None and last.kind == kind:
            self._restore(last)
        elif kind == "image":
            self.path.setText(str(Path.cwd() / "gradscape.png"))
        else:
            self.path.setText(str(Path.cwd() / "gradscape.gif"))
        for sig in (self.view.currentIndexChanged, self.format.currentIndexChanged,
                    self.width_box.valueChanged, self.height_box.valueChanged,
                    self.start_box.valueChanged, self.stop_box.valueChanged,
                    self.fps_box.valueChanged, self.path.textChanged):  # fmt: skip
            sig.connect(self._validate)
        self.format.currentIndexChanged.connect(self._retarget_extension)
        self._validate()

    def _restore(self, r: ExportRequest) -> None:
        self.view.setCurrentIndex(max(0, self.view.findData(r.view)))
        self.width_box.setValue(r.size[0])
        self.height_box.setValue(r.size[1])
        self.path.setText(r.path)
        if self.kind == "animation":
            fmt = format_for_path(r.path)
            self.format.setCurrentIndex(max(0, self.format.findData(fmt)))
            self.stride_box.setValue(r.stride)
            self.fps_box.setValue(r.fps)

    def _retarget_extension(self) -> None:
        """Switching GIF/MP4/folder changes the file name's extension to match."""
        text = self.path.text().strip()
        if not text:
            return
        p = Path(text)
        stem = p.with_suffix("") if p.suffix.lower() in (".gif", ".mp4", ".png") else p
        self.path.setText(str(stem) + EXTENSION[self.format.currentData()])

    def _browse(self) -> None:
        start = self.path.text() or str(Path.cwd())
        if self.kind == "animation" and self.format.currentData() == "frames":
            path = QFileDialog.getExistingDirectory(
                self, translate("ExportDialog", "Folder for the PNG frames"), start
            )
        else:
            filters = {
                "gif": translate("ExportDialog", "GIF animations (*.gif)"),
                "mp4": translate("ExportDialog", "MP4 videos (*.mp4)"),
            }
            png = translate("ExportDialog", "PNG images (*.png)")
            filt = filters.get(self.format.currentData(), png) if self.kind == "animation" else png
            path, _ = QFileDialog.getSaveFileName(self, self.windowTitle(), start, filt)
        if path:
            self.path.setText(path)

    def problems(self) -> list[str]:
        """Why the settings cannot be exported (empty when they can)."""
        out = []
        text = self.path.text().strip()
        w, h = self.width_box.value(), self.height_box.value()
        if not text:
            out.append(translate("ExportDialog", "Choose a file to write."))
        elif self.kind == "image":
            if Path(text).suffix.lower() != ".png":
                out.append(
                    translate(
                        "ExportDialog", "A frame is written as PNG: the file name must end in .png."
                    )
                )
        else:
            fmt = self.format.currentData()
            try:
                actual = format_for_path(text)
            except ValueError as exc:
                actual = None
                out.append(str(exc))
            if actual is not None and actual != fmt:
                out.append(
                    translate("ExportDialog", "The file name does not fit the format {format}.")
                    .format(format=translate("ExportDialog", ANIMATION_TEXT[fmt]))
                )  # fmt: skip
            if fmt == "mp4" and (w % 2 or h % 2):
                out.append(
                    translate(
                        "ExportDialog", "MP4 (H.264) needs an even width and height, got {w}×{h}."
                    ).format(w=w, h=h)
                )
            if fmt == "gif" and self.fps_box.value() > GIF_MAX_FPS:
                out.append(
                    translate("ExportDialog", "A GIF plays at most {fps:g} fps in browsers.")
                    .format(fps=GIF_MAX_FPS)
                )  # fmt: skip
            if self.start_box.value() > self.stop_box.value():
                out.append(
                    translate("ExportDialog", "The first step must not come after the last one.")
                )
        if text and not Path(text).expanduser().parent.is_dir():
            out.append(
                translate("ExportDialog", "The folder {folder} does not exist.")
                .format(folder=Path(text).parent)
            )  # fmt: skip
        return out

    def _validate(self) -> None:
        probs = self.problems()
        self.problem.setText(" ".join(probs))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not probs)

    def request(self) -> ExportRequest:
        return ExportRequest(
            kind=self.kind,
            path=str(Path(self.path.text().strip()).expanduser()),
            view=self.view.currentData(),
            size=(self.width_box.value(), self.height_box.value()),
            step=self.step,
            start=self.start_box.value(),
            stop=self.stop_box.value() if self.kind == "animation" else None,
            stride=self.stride_box.value(),
            fps=self.fps_box.value(),
        )
