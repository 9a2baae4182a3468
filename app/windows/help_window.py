"""Help: the user guide, the README and the About box, in the interface's language.

The README is the package's long description (``importlib.metadata``), so it is there after
any ``pip install`` — no file of a checkout is needed; a source checkout reads its own
README.md (the current one, even when the installed description is older).
:class:`HelpWindow` shows it (or the guide) in a :class:`QTextBrowser`;
:meth:`HelpWindow.jump_to` scrolls to a section by its heading (or the heading's GitHub
anchor, as the README's own ``[…](#install)`` links write it).  :class:`AboutDialog` names
the version and the licence and links to the README's sections.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from PyQt6.QtCore import Qt, QUrl
from PyQt6.QtGui import QAction, QDesktopServices, QKeySequence, QTextCursor
from PyQt6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gradscape.app.runtime import translate

DISTRIBUTION = "gradscape"
LICENCE = "MIT"
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")


def version() -> str:
    """The installed version ("0+unknown" in a checkout that was never installed)."""
    from gradscape import __version__

    return __version__


def licence() -> str:
    """The licence's SPDX name, from the installed metadata (the project's MIT otherwise)."""
    try:
        meta = metadata.metadata(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return LICENCE
    return meta.get("License-Expression") or meta.get("License") or LICENCE


def readme_text() -> str:
    """The README in Markdown: a checkout's own README.md (the current one while developing),
    else the installed package's long description; "" when neither exists."""
    checkout = checkout_readme()
    if checkout is not None:
        return checkout.read_text(encoding="utf-8")
    try:
        meta = metadata.metadata(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return ""
    text = meta.get_payload() or meta.get("Description") or ""  # type: ignore[attr-defined]
    return str(text)


def checkout_readme() -> Path | None:
    """The README.md of the source checkout this module runs from, or None when installed."""
    import gradscape

    for folder in Path(gradscape.__file__).resolve().parents:
        project = folder / "pyproject.toml"
        if project.is_file():
            is_ours = re.search(r'^name\s*=\s*"gradscape"', project.read_text("utf-8"), re.M)
            readme = folder / "README.md"
            return readme if is_ours and readme.is_file() else None
    return None


def sections(markdown: str, max_level: int = 2) -> list[str]:
    """The titles of the Markdown's headings down to ``max_level`` (code blocks skipped)."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        m = None if fenced else _HEADING.match(line)
        if m and len(m.group(1)) <= max_level:
            out.append(_plain(m.group(2)))
    return out


def anchor(title: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    kept = re.sub(r"[^\w\- ]", "", _plain(title).lower())
    return kept.replace(" ", "-")


def _plain(text: str) -> str:
    return re.sub(r"[`*_]", "", text).strip()


class HelpBrowser(QTextBrowser):
    """A text browser that follows links inside its document itself and gives the web's to
    the desktop; it loads no images (the README's screenshots stay with the repository)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._follow)

    def loadResource(self, kind: int, url: QUrl) -> object:
        return None  # (no warning for a picture that is not there)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment():
            self.jump_to(url.fragment())

    def headings(self) -> list[tuple[str, int]]:
        """Every heading of the document: (its text, its position)."""
        out = []
        block = self.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                out.append((block.text().strip(), block.position()))
            block = block.next()
        return out

    def jump_to(self, section: str) -> bool:
        """Scroll to the heading ``section`` (its text or its anchor); False when absent."""
        wanted = _plain(section)
        for text, position in self.headings():
            if text == wanted or anchor(text) == wanted.lower():
                cursor = QTextCursor(self.document())
                cursor.setPosition(position)
                self.setTextCursor(cursor)
                block = self.document().findBlock(position)
                top = self.document().documentLayout().blockBoundingRect(block).top()
                self.verticalScrollBar().setValue(int(top))
                return True
        return False


class HelpWindow(QMainWindow):
    """A window showing the guide or the README (:meth:`guide`, :meth:`readme`)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.setWindowTitle(title)
        self.browser = HelpBrowser(self)
        self.setCentralWidget(self.browser)
        close = QAction(self)
        close.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        close.triggered.connect(self.close)
        self.addAction(close)
        self.resize(760, 720)

    def jump_to(self, section: str) -> bool:
        return self.browser.jump_to(section)

    @classmethod
    def readme(cls, parent: QWidget | None = None) -> HelpWindow:
        win = cls(translate("HelpWindow", "gradscape — README"), parent)
        text = readme_text()
        if text:
            # pictures as their captions: the screenshots are not installed with the package
            win.browser.setMarkdown(_IMAGE.sub(lambda m: f"*{m.group(1)}*", text))
        else:
            win.browser.setPlainText(
                translate("HelpWindow", "The README is not installed with this copy.")
            )
        return win

    @classmethod
    def guide(cls, window: QMainWindow) -> HelpWindow:
        """The user guide of ``window``: its keys are read from its actions, so the list
        says what the menus do, in their words."""
        win = cls(translate("HelpWindow", "gradscape — user guide"), window)
        win.browser.setHtml(guide_html(window))
        return win


def guide_html(window: QWidget) -> str:
    """The guide: what the views show, what the mouse does, the keys of ``window``."""
    views = (
        translate(
            "HelpWindow",
            "The 3D view shows the loss surface L(w, b) and the path each optimizer takes on "
            "it, step by step.",
        ),
        translate(
            "HelpWindow", "The contour map shows the same surface from above, with the same paths."
        ),
        translate(
            "HelpWindow",
            "The loss curve shows the loss at every step; with several optimizers, one curve "
            "each.",
        ),
        translate(
            "HelpWindow",
            "The equations on the right show the optimizer's update rule with the values of "
            "the current step.",
        ),
        translate(
            "HelpWindow",
            "The panel on the left chooses the surface, the optimizers and their "
            "hyperparameters (such as the learning rate η), and the start point.",
        ),
    )
    mouse = (
        translate("HelpWindow", "Click the surface or the contour map to set the start point."),
        translate(
            "HelpWindow",
            "Drag in the 3D view to rotate it; Ctrl+drag or middle-drag to pan; the wheel zooms.",
        ),
        translate("HelpWindow", "Drag the cursor on the loss curve to go to a step."),
    )
    parts = [f"<h2>{html.escape(translate('HelpWindow', 'User guide'))}</h2>"]
    for title, items in ((translate("HelpWindow", "The views"), views),
                         (translate("HelpWindow", "Mouse"), mouse)):  # fmt: skip
        parts.append(f"<h3>{html.escape(title)}</h3><ul>")
        parts += [f"<li>{html.escape(text)}</li>" for text in items]
        parts.append("</ul>")
    parts.append(f"<h3>{html.escape(translate('HelpWindow', 'Keys'))}</h3>")
    parts.append("<table cellspacing='0' cellpadding='3'>")
    for keys, what in shortcuts(window):
        parts.append(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>")
    parts.append("</table>")
    return "\n".join(parts)


def shortcuts(window: QWidget) -> list[tuple[str, str]]:
    """(the keys, what they do) of every action of ``window`` that has a shortcut, in the
    platform's and the language's names of the keys."""
    out, seen = [], set()
    for act in window.findChildren(QAction):
        keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        what = act.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        what = re.sub(r"\(\w\)$", "", what).rstrip(" …").strip()
        if keys and what and (keys, what) not in seen:
            seen.add((keys, what))
            out.append((keys, what))
    return out


class AboutDialog(QDialog):
    """Help → About: the version, the licence, and the README's sections as links
    (``open_section(title)`` opens the README there)."""

    def __init__(
        self, parent: QWidget | None = None, open_section: Callable[[str], object] | None = None
    ) -> None:
        super().__init__(parent)
        self.open_section = open_section
        self.setWindowTitle(translate("AboutDialog", "About gradscape"))
        layout = QVBoxLayout(self)
        self.label = QLabel(self.text())
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.label.setOpenExternalLinks(False)
        self.label.linkActivated.connect(self._link)
        layout.addWidget(self.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def text(self) -> str:
        """The box's rich text."""
        facts = (
            translate("AboutDialog", "Version {version}").format(version=version()),
            translate(
                "AboutDialog",
                "See how gradient-descent optimizers move on loss surfaces, and how networks "
                "learn.",
            ),
            translate(
                "AboutDialog",
                "Licence: {licence} (free to use, change and share; see the LICENSE file).",
            ).format(licence=licence()),
        )
        lines = ["<h2>gradscape</h2>", *(f"<p>{html.escape(text)}</p>" for text in facts)]
        titles = sections(readme_text())[1:]  # (the first is the README's own title)
        if titles:
            intro = translate("AboutDialog", "The README (in English), by section:")
            links = [f'<a href="#{anchor(s)}">{html.escape(s)}</a>' for s in titles]
            lines.append(f"<p>{html.escape(intro)}<br>{' · '.join(links)}</p>")
        return "\n".join(lines)

    def _link(self, href: str) -> None:
        if href.startswith("#") and self.open_section is not None:
            self.open_section(href[1:])
        elif href.startswith(("http://", "https://")):
            QDesktopServices.openUrl(QUrl(href))
