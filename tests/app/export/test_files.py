"""Export targets (app.export.files): formats by extension, and failures that name what
failed and where (missing, unwritable, read-only folders) with nothing left behind.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from synthetic import frames, square_frame

from gradscape.app.export import writers as ex
from gradscape.core import atomic


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
    # the way a read-only folder does for a normal user (core.atomic creates every one).
    def denied(*a: object, **k: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic, "make_temp", denied)
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


def test_describe_oserror_codes(tmp_path: Path) -> None:
    p = tmp_path / "x.gif"
    assert "read-only file system" in ex.describe_oserror(OSError(errno.EROFS, "ro"), p)
    assert "disk quota" in ex.describe_oserror(OSError(errno.EDQUOT, "q"), p)
    assert ex.describe_oserror(OSError(errno.EIO, "I/O error"), p).endswith("I/O error")


@pytest.mark.parametrize("name", ["a.gif", "a.mp4", "seq", "a.png"])
def test_real_read_only_folder(readonly_fs: Path, name: str) -> None:
    with pytest.raises(ex.ExportError, match=f"the folder {readonly_fs} is on a read-only file"):
        ex.export_animation(square_frame, range(3) if name != "a.png" else [0],
                            readonly_fs / name, fps=10)  # fmt: skip
    assert list(readonly_fs.iterdir()) == []
