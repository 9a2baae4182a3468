"""Fixtures shared by the export tests: real full and read-only file systems."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _mount_tmpfs(mnt: Path, options: str):
    """Mount a tmpfs at ``mnt`` (needs root and mount rights, else the test is skipped)."""
    if os.geteuid() != 0 or not sys.platform.startswith("linux"):
        pytest.skip("mounting a tmpfs needs root on Linux")
    mnt.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mnt)],
        capture_output=True, check=False,
    )  # fmt: skip
    if r.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + r.stderr.decode(errors="replace").strip())
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


@pytest.fixture
def tiny_fs(tmp_path: Path):
    """A 64 KiB tmpfs: a real full disk."""
    yield from _mount_tmpfs(tmp_path / "tiny", "size=64k")


@pytest.fixture
def readonly_fs(tmp_path: Path):
    """A read-only tmpfs: a folder nobody can write, root included."""
    yield from _mount_tmpfs(tmp_path / "ro", "ro,size=64k")
