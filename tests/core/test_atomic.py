"""The one atomic writer (core.atomic): whole files or none, a plain file's mode, no
temporary file left behind (nor one of a killed process), names within the file system's
limits, several files committed together, and the reason of a failure in words."""

from __future__ import annotations

import errno
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from gradscape.core import atomic
from gradscape.core.atomic import (
    UMASK,
    AtomicFile,
    commit_together,
    describe_oserror,
    write_bytes,
    write_text,
)


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


# ------------------------------------------------------------ temporary names, stale ones


def _dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


TEMP_NAME = re.compile(r"\.(.*)\.gradscape-(\d+)-[0-9a-f]{8}\.part(\.[a-z]+)?")


def test_temporary_names_are_gradscapes_and_carry_the_pid(tmp_path: Path) -> None:
    f = AtomicFile(tmp_path / "scene.json")
    m = TEMP_NAME.fullmatch(f.tmp.name)
    assert m is not None, f.tmp.name
    assert m.groups() == ("scene", str(os.getpid()), ".json")
    f.discard()


@pytest.mark.parametrize("name", ["a" * 246 + ".csv", "é" * 125 + ".json", "b" * 255])
def test_a_legal_long_name_gets_a_temporary_name_within_name_max(tmp_path: Path, name: str) -> None:
    # 250 and 254 bytes (é is two), 255 without extension: the temporary's is longer unless
    # its visible part is cut
    target = tmp_path / name
    f = AtomicFile(target)
    assert len(os.fsencode(f.tmp.name)) <= 255
    m = TEMP_NAME.fullmatch(f.tmp.name)
    assert m is not None and name.startswith(m.group(1)) and len(os.fsencode(m.group(1))) > 200
    assert m.group(3) == (target.suffix or None)
    f.discard()
    assert write_text(target, "long") == target and target.read_text() == "long"
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize(
    "path", ["n" * 256 + ".json", "/".join(["d" * 200] * 25) + ".json"]
)  # fmt: skip
def test_a_name_over_the_limit_fails_before_any_work_with_enametoolong(
    tmp_path: Path, path: str
) -> None:
    target = tmp_path / path
    with pytest.raises(OSError) as info:
        write_text(target, "x")
    assert info.value.errno == errno.ENAMETOOLONG
    reason = describe_oserror(info.value, target)
    assert len(reason) < 300
    if "/" in path:  # the whole path is too long
        assert reason.endswith("bytes; the limit is 4095")
    else:  # one name, quoted shortened
        assert reason.endswith(f"… ({len(path)} characters) is {len(path)} bytes; the limit is 255")
    assert list(tmp_path.iterdir()) == []


def test_stale_temporaries_of_dead_processes_go_live_ones_stay(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    live = subprocess.Popen(["sleep", "30"])
    try:
        dead = _dead_pid()
        stale = tmp_path / f".table.gradscape-{dead}-0123abcd.part.csv"
        running = tmp_path / f".table.gradscape-{live.pid}-89abcdef.part.csv"
        ours = tmp_path / f".table.gradscape-{os.getpid()}-00000000.part.csv"
        other = tmp_path / f".other.gradscape-{dead}-0123abcd.part.csv"
        foreign = tmp_path / ".table.4f2a.part.csv"  # not gradscape's pattern
        before_rename = tmp_path / f".table.losscape-{dead}-0123abcd.part.csv"  # the old name's
        for p in (stale, running, ours, other, foreign, before_rename):
            p.write_bytes(b"x" * 1000)
        write_text(target, "new")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            ["table.csv", running.name, ours.name, other.name, foreign.name]
        )
    finally:
        live.kill()
        live.wait()


# ------------------------------------------------------------ several files together


def test_commit_together_commits_all(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.csv"
    a.write_text("old a")
    fa, fb = AtomicFile(a), AtomicFile(b)
    fa.tmp.write_text("new a")
    fb.tmp.write_text("new b")
    commit_together([fa, fb])
    assert a.read_text() == "new a" and b.read_text() == "new b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.csv"]


@pytest.mark.parametrize("had_previous", [True, False])
def test_a_failed_second_commit_puts_the_first_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, had_previous: bool
) -> None:
    scene, out = tmp_path / "scene.json", tmp_path / "out.csv"
    if had_previous:
        scene.write_text("previous scene")
        os.chmod(scene, 0o640)
    out.write_text("previous table")
    fs, fo = AtomicFile(scene), AtomicFile(out)
    fs.tmp.write_text("new scene")
    fo.tmp.write_text("new table")
    real = os.replace

    def replace(src: object, dst: object) -> None:
        if Path(dst) == out:  # type: ignore[arg-type]
            raise OSError(errno.ENOSPC, "No space left on device")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(OSError, match="No space left"):
        commit_together([fs], fo.commit)
    assert out.read_text() == "previous table"
    if had_previous:
        assert scene.read_text() == "previous scene"
        assert stat.S_IMODE(scene.stat().st_mode) == 0o640
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "scene.json"]
    else:
        assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
