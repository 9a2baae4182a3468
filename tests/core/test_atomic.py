"""The one atomic writer (core.atomic): whole files or none, a plain file's mode, no
temporary file left behind, and the reason of a failure in words."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from core import atomic
from core.atomic import UMASK, AtomicFile, describe_oserror, write_bytes, write_text


def test_umask_is_the_process_umask() -> None:
    mask = os.umask(0o022)
    os.umask(mask)
    assert mask == UMASK


def test_write_text_is_utf8_with_newlines_as_given(tmp_path: Path) -> None:
    out = write_text(tmp_path / "t.json", "η = 0.1\r\nline\n")
    assert out == tmp_path / "t.json"
    assert out.read_bytes() == "η = 0.1\r\nline\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]


def test_new_files_get_a_plain_files_mode_and_replaced_files_keep_theirs(tmp_path: Path) -> None:
    new = write_bytes(tmp_path / "new.bin", b"x")
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~UMASK  # not mkstemp's 0600
    kept = tmp_path / "kept.bin"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    write_bytes(kept, b"new")
    assert kept.read_bytes() == b"new" and stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_the_file_appears_only_at_commit(tmp_path: Path) -> None:
    target = tmp_path / "clip.gif"
    target.write_bytes(b"old")
    f = AtomicFile(target)
    # hidden, in the target's folder, the real extension last
    assert f.tmp.parent == tmp_path and f.tmp.name.startswith(".clip.")
    assert f.tmp.name.endswith(".part.gif")
    f.tmp.write_bytes(b"new")
    assert target.read_bytes() == b"old"
    assert f.commit() == target and target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["clip.gif"]
    with pytest.raises(RuntimeError, match="already committed"):
        f.commit()
    g = AtomicFile(target)
    g.tmp.write_bytes(b"lost")
    g.discard()
    g.discard()  # idempotent
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["clip.gif"]


def test_a_failed_rename_keeps_the_old_file_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "s.json"
    target.write_text("old")

    def full(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(OSError, match="No space left") as info:
        write_text(target, "new")
    assert info.value.errno == errno.ENOSPC
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["s.json"]


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="Input/output error"):
        write_bytes(tmp_path / "a.bin", b"data")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("where", "code", "reason"),
    [("missing/a.json", errno.ENOENT, "the folder {tmp}/missing does not exist"),
     ("file/a.json", errno.ENOTDIR, "{tmp}/file is not a folder"),
     ("folder", errno.EISDIR, "{tmp}/folder is a folder, not a file")],
)  # fmt: skip
def test_a_target_that_cannot_be_written_fails_before_any_work(
    tmp_path: Path, where: str, code: int, reason: str
) -> None:
    (tmp_path / "file").write_text("x")
    (tmp_path / "folder").mkdir()
    target = tmp_path / where
    with pytest.raises(OSError) as info:
        AtomicFile(target)
    assert info.value.errno == code
    assert describe_oserror(info.value, target) == reason.format(tmp=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "folder"]


def test_describe_oserror_full_disk_and_permissions(tmp_path: Path) -> None:
    p = tmp_path / "x.gif"
    assert describe_oserror(OSError(errno.ENOSPC, "full"), p) == (
        f"the disk is full: no space left in {tmp_path} while writing x.gif"
    )
    assert describe_oserror(PermissionError(errno.EACCES, "denied"), p) == (
        f"permission denied: cannot write in folder {tmp_path}"
    )
