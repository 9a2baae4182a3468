"""app.export.display: starting and stopping a virtual X server, choosing the Qt platform."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.export import display as headless


@pytest.fixture
def xvfb() -> str:
    """Path of Xvfb; skip without it on a developer box, fail in CI (REQUIRE_GL=1)."""
    exe = shutil.which("Xvfb")
    if exe is None:
        if os.environ.get("REQUIRE_GL") == "1":
            pytest.fail("REQUIRE_GL=1 but Xvfb is not installed (Debian package xvfb)")
        pytest.skip("Xvfb is not installed")
    return exe


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No display and no platform choice; monkeypatch restores both afterwards."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    return monkeypatch


def _qt_platform_in_subprocess(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "from PyQt6.QtGui import QGuiApplication\n"
        "app = QGuiApplication([])\n"
        "print(app.platformName(), app.primaryScreen().size().width())\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )


def test_virtual_display_start_and_stop(xvfb: str, clean_env: pytest.MonkeyPatch) -> None:
    vd = headless.VirtualDisplay(width=1000, height=700)
    display = vd.start()
    try:
        assert display.startswith(":") and display[1:].isdigit()
        assert os.environ["DISPLAY"] == display
        assert os.environ["QT_QPA_PLATFORM"] == "xcb"
        assert vd.running
        assert Path(f"/tmp/.X11-unix/X{display[1:]}").exists()
        # A real Qt client connects through xcb and sees the screen size we asked for.
        r = _qt_platform_in_subprocess(dict(os.environ))
        assert r.returncode == 0, r.stderr
        assert r.stdout.split() == ["xcb", "1000"]
        pid = vd.pid
    finally:
        vd.stop()
    assert not vd.running
    assert "DISPLAY" not in os.environ and "QT_QPA_PLATFORM" not in os.environ
    assert pid is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    vd.stop()  # idempotent


def test_two_displays_get_different_numbers(xvfb: str, clean_env: pytest.MonkeyPatch) -> None:
    with headless.VirtualDisplay() as a, headless.VirtualDisplay() as b:
        assert a.display != b.display
        assert os.environ["DISPLAY"] == b.display
    assert "DISPLAY" not in os.environ


def test_restores_previous_environment(xvfb: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":4242")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    with headless.VirtualDisplay():
        assert os.environ["DISPLAY"] != ":4242"
    assert os.environ["DISPLAY"] == ":4242"
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"


def test_missing_xvfb_names_the_package(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("PATH", str(tmp_path))  # an empty folder: no Xvfb anywhere
    with pytest.raises(headless.HeadlessError) as info:
        headless.prepare_display(need_gl=True)
    msg = str(info.value)
    assert "\n" not in msg
    assert "'xvfb'" in msg and "apt-get install xvfb" in msg
    assert "DISPLAY" not in os.environ


def test_xvfb_that_fails_to_start(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "Xvfb"
    fake.write_text("#!/bin/sh\necho '(EE) Fatal server error: no screens found' >&2\nexit 1\n")
    fake.chmod(0o755)
    clean_env.setenv("PATH", str(tmp_path))
    with pytest.raises(headless.HeadlessError, match="Xvfb failed to start: .*no screens found"):
        headless.VirtualDisplay().start()
    assert "DISPLAY" not in os.environ


def test_xvfb_that_hangs_times_out(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "Xvfb"
    fake.write_text(f"#!/bin/sh\nexec {shutil.which('sleep')} 30\n")
    fake.chmod(0o755)
    clean_env.setenv("PATH", str(tmp_path))
    vd = headless.VirtualDisplay(timeout=0.5)
    with pytest.raises(headless.HeadlessError, match=r"did not start within 0.5 s"):
        vd.start()
    assert not vd.running


def test_prepare_display_2d_uses_offscreen(clean_env: pytest.MonkeyPatch) -> None:
    d = headless.prepare_display(need_gl=False)
    assert not d.running
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    assert "DISPLAY" not in os.environ


def test_prepare_display_keeps_existing_display(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("DISPLAY", ":77")
    d = headless.prepare_display(need_gl=True)
    assert not d.running
    assert os.environ["DISPLAY"] == ":77"
    assert os.environ["QT_QPA_PLATFORM"] == "xcb"


def test_prepare_display_3d_starts_xvfb(xvfb: str, clean_env: pytest.MonkeyPatch) -> None:
    with headless.prepare_display(need_gl=True, width=1600, height=1200) as d:
        assert d.running
        assert os.environ["QT_QPA_PLATFORM"] == "xcb"
        # the screen holds the requested size
        assert d.width >= 1600 and d.height >= 1200
    assert "DISPLAY" not in os.environ


@pytest.mark.parametrize(("kw", "msg"), [({"width": 8}, "width must be"), ({"depth": 8}, "depth")])
def test_virtual_display_rejects_bad_sizes(kw: dict, msg: str) -> None:
    with pytest.raises(ValueError, match=msg):
        headless.VirtualDisplay(**kw)


def test_xvfb_dies_with_a_killed_parent(xvfb: str, clean_env: pytest.MonkeyPatch) -> None:
    # SIGKILL leaves no chance to clean up: the server must still not outlive its parent.
    code = (
        "import sys, time\n"
        "from app.export.display import VirtualDisplay\n"
        "vd = VirtualDisplay(); vd.start(); print(vd.pid, flush=True); time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    xvfb_pid = int(parent.stdout.readline())
    os.kill(xvfb_pid, 0)  # running
    parent.kill()
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 10
    while _alive(xvfb_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(xvfb_pid)


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a non-reaping init counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")
