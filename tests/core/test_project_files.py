"""The project's own files agree with each other: licence, changelog, dev.sh's help."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_license_file_is_the_licence_pyproject_declares():
    lines = (ROOT / "LICENSE").read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"{PROJECT['license']} License"
    assert "Copyright (c) 2026 the gradscape developers" in lines


def test_changelog_has_a_section_for_the_current_version():
    headings = re.findall(
        r"^## \[([^\]]+)\]", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M
    )
    assert headings[0] == "Unreleased"
    assert PROJECT["version"] in headings[1:]


def test_dev_sh_without_a_command_prints_its_whole_usage():
    # The usage is a line range of dev.sh's header comment: it must follow the header's edits.
    header = []
    for line in (ROOT / "dev.sh").read_text(encoding="utf-8").splitlines()[1:]:
        if not line.startswith("#"):
            break
        header.append(re.sub(r"^# ?", "", line))
    out = subprocess.run(
        ["bash", str(ROOT / "dev.sh")], capture_output=True, text=True, timeout=30, check=False
    )
    assert out.returncode == 2
    assert out.stdout.splitlines() == header
