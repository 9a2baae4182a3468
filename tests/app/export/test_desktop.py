"""``gradscape --install-desktop`` / ``--uninstall-desktop``: a launcher entry that the
freedesktop validator accepts, the icon beside it, no display and no Qt needed, one-line
errors (exit 3) for folders that cannot take them."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gradscape.app.export import desktop

REPO = Path(__file__).resolve().parents[3]
ICON_SOURCE = REPO / "resources" / "gradscape.svg"
VALIDATOR = shutil.which("desktop-file-validate")


def run_gradscape(args, env_extra, drop=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
    """``python -m gradscape ARGS`` as a user runs it, with no display."""
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "gradscape", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def validate(path: Path) -> str:
    """desktop-file-validate's findings other than hints (it exits 0 on warnings too)."""
    assert VALIDATOR is not None, "desktop-file-validate is missing (apt: desktop-file-utils)"
    proc = subprocess.run([VALIDATOR, str(path)], capture_output=True, text=True, check=False)
    findings = [line for line in (proc.stdout + proc.stderr).splitlines() if ": hint:" not in line]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return "\n".join(findings)


def test_install_writes_a_valid_entry_and_the_icon_without_a_display(tmp_path):
    data = tmp_path / "data"
    proc = run_gradscape(["--install-desktop"], {"XDG_DATA_HOME": str(data)})
    assert proc.returncode == 0, proc.stderr
    entry = data / "applications" / "gradscape.desktop"
    icon = data / "icons" / "hicolor" / "scalable" / "apps" / "gradscape.svg"
    lines = proc.stdout.splitlines()
    assert len(lines) == 2 and str(entry) in lines[0] and str(icon) in lines[1], proc.stdout
    assert proc.stderr == ""
    assert icon.read_bytes() == ICON_SOURCE.read_bytes()
    assert validate(entry) == ""
    keys = read_entry(entry)
    assert keys["Type"] == "Application"
    assert keys["Name"] == "gradscape"
    assert keys["Icon"] == "gradscape"  # the theme name of the icon just written
    assert keys["Categories"] == "Education;Science;"
    assert keys["Terminal"] == "false"
    assert "gradient descent" in keys["Keywords"].split(";")
    assert keys["GenericName"] and keys["Comment"].isascii()
    # Japanese beside the English
    for key in ("Name[ja]", "GenericName[ja]", "Comment[ja]", "Keywords[ja]"):
        assert key in keys
    assert "最適化手法" in keys["Comment[ja]"] and "損失曲面" in keys["Comment[ja]"]
    assert "勾配降下法" in keys["Keywords[ja]"].split(";")
    # Exec: this interpreter's gradscape script (a virtual environment's bin/), else
    # the interpreter itself with -m gradscape
    script = Path(sys.executable).parent / "gradscape"
    expected = str(script) if script.is_file() else f"{sys.executable} -m gradscape"
    assert keys["Exec"] == expected


def test_the_flags_load_no_qt(tmp_path):
    code = (
        "import sys, io, contextlib\n"
        "from gradscape.app.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['--install-desktop']) == 0\n"
        "    assert main(['--uninstall-desktop']) == 0\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'PyQt6', 'pyqtgraph', 'OpenGL'}))"
    )
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
    assert not (tmp_path / "applications" / "gradscape.desktop").exists()  # uninstalled


def test_uninstall_removes_both_files_and_is_quiet_when_there_is_nothing(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path)}
    assert run_gradscape(["--install-desktop"], env).returncode == 0
    entry = tmp_path / "applications" / "gradscape.desktop"
    icon = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "gradscape.svg"
    assert entry.is_file() and icon.is_file()
    proc = run_gradscape(["--uninstall-desktop"], env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("gradscape: removed ") and str(entry) in proc.stdout
    assert not entry.exists() and not icon.exists()
    again = run_gradscape(["--uninstall-desktop"], env)
    assert again.returncode == 0
    assert again.stdout == f"gradscape: nothing to remove: no launcher entry at {entry}\n"


def test_the_data_folder_defaults_to_home_local_share(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    for value in (None, "", "relative/data"):  # unset, empty, relative: all ignored
        env = {"HOME": str(home)}
        drop = ("DISPLAY", "WAYLAND_DISPLAY", "XDG_DATA_HOME")
        if value is not None:
            env["XDG_DATA_HOME"] = value
        proc = subprocess.run(
            [sys.executable, "-m", "gradscape", "--install-desktop"],
            cwd=tmp_path,
            env={**{k: v for k, v in os.environ.items() if k not in drop}, **env},
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stderr
        assert (home / ".local/share/applications/gradscape.desktop").is_file()
        assert not (tmp_path / "relative").exists()
        (home / ".local/share/applications/gradscape.desktop").unlink()


def test_a_folder_that_is_a_file_is_one_line_and_exit_3(tmp_path):
    blocker = tmp_path / "notafolder"
    blocker.write_text("x")
    proc = run_gradscape(["--install-desktop"], {"XDG_DATA_HOME": str(blocker / "data")})
    assert proc.returncode == 3
    assert proc.stderr == f"gradscape: error: {blocker} is not a folder\n"
    assert proc.stdout == ""


def test_a_failed_install_keeps_the_previous_files(tmp_path):
    """The icon's folder cannot be made: the entry written before stays as it was, and no
    temporary file is left in either folder."""
    env = {"XDG_DATA_HOME": str(tmp_path)}
    apps = tmp_path / "applications"
    apps.mkdir()
    entry = apps / "gradscape.desktop"
    entry.write_text("[Desktop Entry]\nType=Application\nName=old\nExec=old\n")
    (tmp_path / "icons").write_text("a file where the icon theme's folder should be")
    proc = run_gradscape(["--install-desktop"], env)
    assert proc.returncode == 3
    assert proc.stderr == f"gradscape: error: {tmp_path / 'icons'} is not a folder\n"
    assert entry.read_text() == "[Desktop Entry]\nType=Application\nName=old\nExec=old\n"
    assert sorted(p.name for p in apps.iterdir()) == ["gradscape.desktop"]
    # and an entry path that is a folder is named as such
    (tmp_path / "icons").unlink()
    entry.unlink()
    entry.mkdir()
    proc = run_gradscape(["--install-desktop"], env)
    assert proc.returncode == 3
    assert proc.stderr == f"gradscape: error: {entry} is a folder, not a file\n"
    assert not (tmp_path / "icons/hicolor/scalable/apps/gradscape.svg").exists()


def test_a_read_only_folder_is_one_line_and_exit_3(readonly_fs):
    proc = run_gradscape(["--install-desktop"], {"XDG_DATA_HOME": str(readonly_fs)})
    assert proc.returncode == 3
    assert proc.stderr.count("\n") == 1
    assert "read-only file system" in proc.stderr and str(readonly_fs) in proc.stderr


def test_the_flags_take_no_other_option(tmp_path):
    proc = run_gradscape(["--install-desktop", "--screenshot", "x.png"], {})
    assert proc.returncode == 2 and "take no other option" in proc.stderr
    both = run_gradscape(["--install-desktop", "--uninstall-desktop"], {})
    assert both.returncode == 2 and "not allowed with" in both.stderr


def test_launch_command_prefers_the_running_script(tmp_path):
    script = tmp_path / "bin" / "gradscape"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert desktop.launch_command(str(script), "/usr/bin/python3") == [str(script)]
    # run as python -m gradscape from an interpreter with no script beside it
    python = tmp_path / "py" / "python3"
    python.parent.mkdir()
    python.write_text("")
    main = str(REPO / "gradscape" / "__main__.py")
    assert desktop.launch_command(main, str(python)) == [str(python), "-m", "gradscape"]
    # ... or with one (a virtual environment's bin/)
    assert desktop.launch_command(main, str(script.parent / "python")) == [str(script)]


@pytest.mark.parametrize(
    ("command", "value"),
    [
        (["/opt/gradscape/bin/gradscape"], "/opt/gradscape/bin/gradscape"),
        (["/home/a b/venv/bin/python", "-m", "gradscape"],
         '"/home/a b/venv/bin/python" -m gradscape'),
        (["/srv/100%/gradscape"], "/srv/100%%/gradscape"),
        (["/srv/$HOME/gradscape"], '"/srv/\\\\$HOME/gradscape"'),
    ],
)  # fmt: skip
def test_exec_quotes_what_the_spec_reserves(tmp_path, command, value):
    assert desktop.exec_value(command) == value
    entry = tmp_path / "gradscape.desktop"
    entry.write_text(desktop.entry_text(command), encoding="utf-8")
    assert validate(entry) == ""
    assert read_entry(entry)["Exec"] == value
