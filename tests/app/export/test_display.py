"""app.export.display: starting and stopping a virtual X server, choosing the Qt platform."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from gradscape.app.export import display as headless


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
def live_display() -> str:
    """The display the suite runs on (the test command's Xvfb)."""
    display = os.environ.get("DISPLAY")
    if not display:
        if os.environ.get("REQUIRE_GL") == "1":
            pytest.fail("REQUIRE_GL=1 but DISPLAY is not set (run under xvfb-run)")
        pytest.skip("no DISPLAY")
    return display


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


def test_prepare_display_keeps_existing_display(
    live_display: str, clean_env: pytest.MonkeyPatch
) -> None:
    clean_env.setenv("DISPLAY", live_display)
    d = headless.prepare_display(need_gl=True)
    assert not d.running and d.ignored is None
    assert os.environ["DISPLAY"] == live_display
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


# -- a DISPLAY whose X server is dead or silent --------------------------------------------


@contextlib.contextmanager
def _fake_server(answer: bytes | None) -> Iterator[str]:
    """An X display name of a free display number whose socket accepts connections and
    answers ``answer`` to whatever comes, then closes (None: keeps them open, never
    answering: a hung server)."""
    folder = Path("/tmp/.X11-unix")
    folder.mkdir(exist_ok=True)
    number = next(n for n in range(300, 400) if not (folder / f"X{n}").exists())
    path = folder / f"X{number}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn = server.accept()[0]
            except TimeoutError:
                continue
            except OSError:
                return
            if answer is None:
                held.append(conn)  # kept open, never answered
            else:
                with conn:
                    conn.settimeout(2)
                    conn.recv(64)
                    conn.sendall(answer)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f":{number}"
    finally:
        stop.set()
        thread.join(2)
        for c in held:
            c.close()
        server.close()
        path.unlink(missing_ok=True)


@pytest.fixture
def silent_display() -> Iterator[str]:
    """A display whose server accepts connections and never answers (a hung server)."""
    with _fake_server(None) as name:
        yield name


#: What a web proxy that takes every connection answers an X client (met on a machine whose
#: DISPLAY named a host the proxy stood in for: the probe took any reply for a server's).
HTTP_ANSWER = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n"


@pytest.fixture
def http_display() -> Iterator[str]:
    """A display whose "server" answers as a web proxy does."""
    with _fake_server(HTTP_ANSWER) as name:
        yield name


def _free_display() -> str:
    """A display number with no server at all."""
    folder = Path("/tmp/.X11-unix")
    return f":{next(n for n in range(400, 500) if not (folder / f'X{n}').exists())}"


def test_display_problem_accepts_a_live_server(live_display: str) -> None:
    assert headless.display_problem(live_display) is None


def test_display_problem_names_a_silent_server(silent_display: str) -> None:
    t0 = time.monotonic()
    problem = headless.display_problem(silent_display, timeout=0.3)
    assert problem == f"the X server {silent_display} does not answer (waited 0.3 s)"
    assert time.monotonic() - t0 < 5


def _header(status: int, major: bytes, extra: int = 0) -> bytes:
    """An X11 connection set-up reply's 8-byte header (the X protocol's layout): status,
    an unused/reason-length byte, the protocol's major and minor versions, the length of the
    rest in 4-byte units."""
    return bytes([status, 0]) + major + (0).to_bytes(2, "little") + extra.to_bytes(2, "little")


@pytest.mark.parametrize(
    ("reply", "x"),
    [
        (_header(1, (11).to_bytes(2, "little"), 200), True),  # Success
        (_header(0, (11).to_bytes(2, "little"), 9), True),  # Failed (no authorisation)
        (bytes([2]) + bytes(5) + (4).to_bytes(2, "little"), True),  # Authenticate
        (_header(1, (11).to_bytes(2, "big"), 200), False),  # not the byte order asked for
        (_header(1, (3).to_bytes(2, "little")), False),  # not protocol 11
        (bytes([1, 0, 11]), False),  # cut short
        (HTTP_ANSWER, False),
        (b"SSH-2.0-OpenSSH_9.2\r\n", False),
        (bytes([3]) + bytes(7), False),  # no such status
    ],
    ids=["success", "failed", "authenticate", "big-endian", "protocol-3", "short", "http",
         "ssh", "status-3"],
)  # fmt: skip
def test_only_an_x_servers_setup_reply_shows_a_live_server(reply: bytes, x: bool) -> None:
    assert headless._x_setup_reply(reply) is x


def test_display_problem_names_a_server_that_is_not_an_x_one(http_display: str) -> None:
    problem = headless.display_problem(http_display, timeout=2)
    assert problem == f"what answers at DISPLAY={http_display} is not an X server"


@pytest.mark.parametrize(
    ("name", "start"),
    [(None, "cannot connect to the X server :"), ("bogus", "DISPLAY='bogus' is not an X")],
)
def test_display_problem_names_a_missing_server(name: str | None, start: str) -> None:
    problem = headless.display_problem(name or _free_display(), timeout=0.3)
    assert problem is not None and problem.startswith(start), problem


def test_prepare_display_2d_goes_offscreen_past_a_dead_display(
    clean_env: pytest.MonkeyPatch, silent_display: str
) -> None:
    clean_env.setenv("DISPLAY", silent_display)
    clean_env.setattr(headless, "PROBE_TIMEOUT", 0.3)
    d = headless.prepare_display(need_gl=False)
    assert not d.running
    assert d.ignored == f"the X server {silent_display} does not answer (waited 0.3 s)"
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    assert "DISPLAY" not in os.environ


def test_prepare_display_3d_starts_xvfb_past_a_dead_display(
    xvfb: str, clean_env: pytest.MonkeyPatch
) -> None:
    dead = _free_display()
    clean_env.setenv("DISPLAY", dead)
    with headless.prepare_display(need_gl=True) as d:
        assert d.running
        assert d.ignored is not None and dead in d.ignored
        assert os.environ["DISPLAY"] == d.display != dead
        assert headless.display_problem(d.display) is None


def _without_display(display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["DISPLAY"] = display
    return env


def _dead_display(server: str, request: pytest.FixtureRequest) -> tuple[str, str]:
    """A dead display of the kind ``server`` names ("silent", "http") and the start of the
    probe's sentence about it."""
    display = request.getfixturevalue(f"{server}_display")
    if server == "silent":
        return display, f"the X server {display} does not answer"
    return display, f"what answers at DISPLAY={display} is not an X server"


@pytest.mark.parametrize("server", ["silent", "http"])
@pytest.mark.parametrize("view", ["contour", "3d"])
def test_export_past_a_dead_display_renders_instead_of_aborting(
    xvfb: str, server: str, request: pytest.FixtureRequest, tmp_path: Path, view: str
) -> None:
    display, problem = _dead_display(server, request)
    out = tmp_path / f"{view}.png"
    r = subprocess.run(
        [sys.executable, "-m", "gradscape", "export", "--view", view, "--size", "160x120",
         "-o", str(out)],
        env=_without_display(display), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert problem in r.stderr and "qt.qpa" not in r.stderr
    how = "off-screen" if view == "contour" else "on a virtual X server"
    assert how in r.stderr
    from PIL import Image

    with Image.open(out) as im:
        assert im.size == (160, 120)
        assert np.asarray(im.convert("RGB")).std() > 10


@pytest.mark.parametrize("server", ["silent", "http"])
def test_window_on_a_dead_display_says_so_in_one_line(
    server: str, request: pytest.FixtureRequest
) -> None:
    display, problem = _dead_display(server, request)
    r = subprocess.run(
        [sys.executable, "-m", "gradscape", "--no-settings"],
        env=_without_display(display), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    waited = " (waited 2 s)" if server == "silent" else ""
    assert lines == [
        f"gradscape: {problem}{waited}. Run it on a desktop, or under a virtual X server: "
        "xvfb-run -a gradscape …"
    ]


def test_screenshot_past_a_silent_display_renders_on_its_own_xvfb(
    xvfb: str, silent_display: str, tmp_path: Path
) -> None:
    out = tmp_path / "shot.png"
    r = subprocess.run(
        [sys.executable, "-m", "gradscape", "--screenshot", str(out), "--size", "960x640"],
        env=_without_display(silent_display), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith(
        f"gradscape: the X server {silent_display} does not answer (waited 2 s), so rendering "
        "on a virtual X server"
    )
    from PIL import Image

    with Image.open(out) as im:
        assert im.size == (960, 640)
        assert np.asarray(im.convert("RGB")).std() > 10
