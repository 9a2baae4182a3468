"""Help (issue 14): About names the version and the licence and links to the README's
sections; the README opens at a section; the user guide explains the views and lists the
window's keys — all in the interface's language."""

from __future__ import annotations

import email.message
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from PyQt6.QtWidgets import QApplication

from gradscape.app.model.state import AppState
from gradscape.app.runtime import current_language, install_language
from gradscape.app.windows import help_window
from gradscape.app.windows.main_window import MainWindow

pytestmark = pytest.mark.gl

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(params=["en", "ja"])
def language(request, qapp):
    assert install_language(qapp, request.param) == request.param
    yield request.param
    install_language(qapp, "en")
    assert current_language() == "en"


@pytest.fixture
def win(gl, qtbot, language):
    st = AppState()
    st.grid = 30
    st.steps = 30
    w = MainWindow(st, persist=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def readme_sections() -> list[str]:
    """The README's second-level headings, read here on their own (outside code blocks)."""
    out, code = [], False
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            code = not code
        elif not code and line.startswith("## "):
            out.append(line[3:].strip())
    return out


def test_about_names_the_version_and_the_licence(win, language) -> None:
    dlg = win.show_about()
    text = dlg.label.text()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert metadata.version("gradscape") == version
    licence = (ROOT / "LICENSE").read_text().split()[0]  # "MIT License" -> MIT
    assert licence == "MIT"
    if language == "ja":
        assert f"バージョン {version}" in text and f"ライセンス: {licence}" in text
        assert dlg.windowTitle() == "gradscape について"
    else:
        assert f"Version {version}" in text and f"Licence: {licence}" in text
        assert dlg.windowTitle() == "About gradscape"
    dlg.close()


def test_about_links_every_readme_section_and_opens_it_there(win, language, qtbot) -> None:
    dlg = win.show_about()
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', dlg.label.text())
    titles = readme_sections()
    assert len(titles) >= 8
    assert [title for _anchor, title in links] == titles
    assert ("basins-of-attraction", "Basins of attraction") in links

    dlg.label.linkActivated.emit("#basins-of-attraction")
    readme = win.readme_window
    qtbot.waitExposed(readme)
    browser = readme.browser
    assert browser.textCursor().block().text() == "Basins of attraction"
    top = browser.cursorRect().top()
    assert browser.verticalScrollBar().value() > 0 and 0 <= top < 40  # the heading on top
    # the README's own links to its sections work too
    assert browser.jump_to("the-numpy-core")
    assert browser.textCursor().block().text() == "The numpy core"
    assert not browser.jump_to("no-such-section")
    if language == "ja":
        assert readme.windowTitle() == "gradscape — README（英語）"
    dlg.close()


def test_the_readme_is_the_installed_long_description(monkeypatch) -> None:
    """After a (non-editable) install there is no checkout: the README comes from the
    package's metadata, whose long description it is (pyproject: readme = README.md)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["readme"] == "README.md"
    assert help_window.checkout_readme() == ROOT / "README.md"  # (running from the checkout)
    assert help_window.readme_text() == (ROOT / "README.md").read_text(encoding="utf-8")

    monkeypatch.setattr(help_window, "checkout_readme", lambda: None)  # installed
    meta = email.message.Message()
    meta["Name"] = "gradscape"
    meta.set_payload("# gradscape\n\n## Alpha\n\n```\n## not a heading\n```\n\n## Beta `b`\n")
    monkeypatch.setattr(help_window.metadata, "metadata", lambda name: meta)
    assert help_window.sections(help_window.readme_text()) == ["gradscape", "Alpha", "Beta b"]
    assert help_window.anchor("Beta b") == "beta-b"

    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(help_window.metadata, "metadata", missing)
    assert help_window.readme_text() == ""
    window = help_window.HelpWindow.readme()
    assert window.browser.toPlainText() == "The README is not installed with this copy."
    window.deleteLater()


def test_the_user_guide_explains_views_mouse_and_keys(win, language, qtbot) -> None:
    win.guide_action.trigger()
    guide = win.guide_window
    qtbot.waitExposed(guide)
    text = guide.browser.toPlainText()
    if language == "ja":
        assert guide.windowTitle() == "gradscape — 使い方"
        assert "曲面または等高線図をクリックすると、そこが開始点になります。" in text
        assert "3D 表示はドラッグで回転" in text
        play = "再生 / 一時停止"
    else:
        assert guide.windowTitle() == "gradscape — user guide"
        assert "Click the surface or the contour map to set the start point." in text
        play = "Play / pause"
    keys = dict(help_window.shortcuts(win))
    assert keys["Space"] == play and keys["F1"] == win.guide_action.text().split("(")[0].replace(
        "&", ""
    )
    lines = text.split("\n")
    assert lines[lines.index("Space") + 1] == play  # the table: the key, then what it does
    QApplication.processEvents()
    guide.close()
    win.guide_action.trigger()  # F1 again: the same window, shown again
    assert win.guide_window is guide and guide.isVisible()
    guide.close()
