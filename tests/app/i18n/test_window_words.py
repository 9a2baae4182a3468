"""No English left in the main window under Japanese (issue 14), read off the widgets.

The window is built after ``install_language(qapp, "ja")`` and shown; every text a user can
read is collected: the window title, the menu bar's menus and their actions (submenus
too), and of every *visible* widget its label, button and group-box texts, combo-box
items, tab texts, placeholder and tooltip, and the plots' axis labels and legends.  A text
passes when, after the names are taken out, no English word is left.  Names are the
registries' (optimizers, surfaces, activations, losses: ``Adam``, ``Rosenbrock``, ``ReLU``,
``cross-entropy``) and the optimizers' papers' citations, the colormaps' and the languages'
own names; then file formats and a few formula symbols — the short :data:`SYMBOLS` below.

A part of the window whose module marks no word for translation yet (no ``translate(`` /
``QT_TRANSLATE_NOOP(`` in it: its words are another branch's work) is reported in the
test's output, not failed; once its module translates, its words are held to the rule.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QTextDocumentFragment
from PyQt6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGraphicsTextItem,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QWidget,
)

from gradscape.app.model.choices import COLORMAPS
from gradscape.app.model.state import AppState
from gradscape.app.runtime import LANGUAGES
from gradscape.app.windows.main_window import MainWindow
from gradscape.core.activations import ACTIVATIONS
from gradscape.core.losses import LOSSES
from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.surfaces import SURFACES

pytestmark = pytest.mark.gl

#: Words that are not English to translate: file formats, the program's and README's
#: names, units, the keys' names (as on the keycaps) and the formulas' functions.
SYMBOLS = frozenset(
    "PNG GIF MP4 CSV JSON NPZ README gradscape fps px "
    "Ctrl Shift Alt Space Home End Left Right Up Down PgUp PgDown Esc Enter Tab "
    "exp log ln sin cos tanh sinc sqrt max min sign".split()
)
WORD = re.compile(r"[A-Za-z]{2,}")
#: a name applied to arguments in a formula, "loss(act(x·w + b), y*)": a symbol, not a word
#: (the arguments hold an operator, so "step(s)" is still a word)
FORMULA_CALL = re.compile(r"(?<![A-Za-z])[A-Za-z]+\((?=[^)]*[·+\-−*/,=^²³])")


def names() -> list[str]:
    """Every name the user may see as it is, longest first (so "Momentum SGD" goes before
    "SGD")."""
    out: set[str] = set(COLORMAPS) | set(LANGUAGES.values())
    for registry in (OPTIMIZERS, SURFACES, ACTIVATIONS, LOSSES):
        for key, item in registry.items():
            out.add(key)
            shown = getattr(item, "display_name", "") or getattr(item, "name", "")
            paper = getattr(item, "paper", "")  # a citation: authors, title, venue
            out |= {text for text in (shown, paper) if isinstance(text, str) and text}
    return sorted(out, key=len, reverse=True)


NAMES = names()
#: proper names (a capital or a digit) are taken out of longer texts; a lower-case name
#: ("step", "identity") passes only as the whole text, where it names a choice
PROPER = [n for n in NAMES if re.search(r"[A-Z0-9]", n)]


def english_left(text: str) -> list[str]:
    """The English words of ``text`` that are not names or symbols."""
    text = text.replace("&", "").strip()
    if text in NAMES:
        return []
    for name in PROPER:
        text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", text)
    text = FORMULA_CALL.sub("(", text)
    return [w for w in WORD.findall(text) if w not in SYMBOLS]


def plain(text: str) -> str:
    if Qt.mightBeRichText(text):
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


# ------------------------------------------------------------------ what the user reads


def owner_module(widget: QWidget | None) -> str:
    """The module of the nearest app class around ``widget`` (itself included)."""
    while widget is not None:
        module = type(widget).__module__
        if module.startswith("gradscape.app.") and not module.endswith(".main_window"):
            return module
        widget = widget.parentWidget()
    return "gradscape.app.windows.main_window"


def visible_texts(win: MainWindow) -> list[tuple[str, str, str]]:
    """(owner module, where, text) of everything readable in the shown window."""
    out: list[tuple[str, str, str]] = [("gradscape.app.windows.main_window", "title",
                                        win.windowTitle())]  # fmt: skip

    def add(owner: str, where: str, text: str | None) -> None:
        if text and text.strip():
            out.append((owner, where, plain(text)))

    for w in [win, *win.findChildren(QWidget)]:
        if not w.isVisible() or isinstance(w, QMenu):
            continue
        owner, kind = owner_module(w), type(w).__name__
        add(owner, f"{kind} tooltip", w.toolTip())
        if isinstance(w, QLabel):
            add(owner, kind, w.text())
        if isinstance(w, QAbstractButton):
            add(owner, kind, w.text())
        if isinstance(w, QGroupBox):
            add(owner, kind, w.title())
        if isinstance(w, QLineEdit):
            add(owner, f"{kind} placeholder", w.placeholderText())
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                add(owner, f"{kind} item", w.itemText(i))
        if isinstance(w, QTabBar):
            for i in range(w.count()):
                add(owner, f"{kind} tab", w.tabText(i))
        if isinstance(w, QGraphicsView) and w.scene() is not None:
            for item in w.scene().items():
                if not item.isVisible():
                    continue
                if isinstance(item, QGraphicsTextItem):
                    add(owner, "plot text", item.toPlainText())
                label = getattr(item, "labelText", None)  # pyqtgraph's axis titles
                if isinstance(label, str) and getattr(item, "label", None) is not None \
                        and item.label.isVisible():  # fmt: skip
                    add(owner, "axis label", label)

    def action_owner(act) -> str:
        groups = {
            "gradscape.app.controls.overlay_menu": win.overlay_actions.values(),
            "gradscape.app.model.choices": win.height_actions.values(),  # HEIGHT_MODE_TEXT
        }
        for module, acts in groups.items():
            if act in acts:
                return module
        if act is getattr(win, "basins_action", None):
            return "gradscape.app.windows.basins_window"
        if act is getattr(win, "network_action", None):
            return "gradscape.app.windows.network_window"
        return "gradscape.app.windows.main_window"

    def walk(menu: QMenu, owner: str) -> None:
        add(owner, "menu", menu.title())
        for act in menu.actions():
            sub = act.menu()
            if sub is not None:
                overlays = set(sub.actions()) & set(win.overlay_actions.values())
                walk(sub, "gradscape.app.controls.overlay_menu" if overlays else owner)
            elif not act.isSeparator():
                add(action_owner(act), "action", act.text())

    for act in win.menuBar().actions():
        menu = act.menu()
        if menu is not None:
            is_network = win.network_action in menu.actions()
            walk(menu, "gradscape.app.windows.network_window" if is_network
                 else "gradscape.app.windows.main_window")  # fmt: skip
    return out


def translates(module: str) -> bool:
    """Whether ``module`` marks any of its words for translation."""
    source = inspect.getsource(importlib.import_module(module))
    return "translate(" in source or "QT_TRANSLATE_NOOP(" in source


# ------------------------------------------------------------------ the tests


@pytest.fixture
def window(gl, qtbot, japanese):
    st = AppState()
    st.grid = 30
    st.steps = 40
    st.add_run("sgd")  # a race: the legend shows, and the run list has two rows
    win = MainWindow(st, persist=False)
    from gradscape.app.export.controller import install_export_menu

    install_export_menu(win, window_factory=MainWindow.offscreen)
    win.resize(1300, 860)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.compute.is_current, timeout=15000)
    QApplication.processEvents()
    return win


def test_the_allow_list_is_names_not_words() -> None:
    assert english_left("Adam η=0.25") == []
    assert english_left("Momentum SGD") == []
    assert english_left("squared error") == []  # a loss's name, as a whole
    assert english_left("learning rate η") == ["learning", "rate"]
    assert english_left("step 3 / 40") == ["step"]  # "step" names an activation only alone
    assert english_left("Export &image…") == ["Export", "image"]
    assert english_left("画像を書き出し(&I)…") == []
    assert english_left("L(w, b) = loss(act(x·w + b), y*) の平均") == []
    assert english_left("every 3 step(s)") == ["every", "step"]
    assert english_left("再生 / 一時停止 (Space)") == []


def test_no_english_is_left_in_the_window(window) -> None:
    texts = visible_texts(window)
    assert len(texts) > 60  # the walk found the window's words
    offenders = [(m, where, text, words) for m, where, text in texts
                 if (words := english_left(text))]  # fmt: skip
    pending = [o for o in offenders if not translates(o[0])]
    failing = [o for o in offenders if translates(o[0])]
    if pending:  # another branch's words: reported, held to the rule once translated
        sys.stderr.write(f"\n{len(pending)} texts of parts not yet translated on this branch:\n")
        for module, where, text, _words in pending:
            sys.stderr.write(f"  {module} {where}: {text[:90]!r}\n")
    report = "\n".join(f"{m} {where}: {text[:90]!r} -> {words}"
                       for m, where, text, words in failing)  # fmt: skip
    assert failing == [], f"{len(failing)} texts with English left:\n{report}"


def test_the_main_windows_own_words_are_all_japanese(window) -> None:
    own = [(where, text) for m, where, text in visible_texts(window)
           if m == "gradscape.app.windows.main_window"]  # fmt: skip
    assert ("menu", "ファイル(&F)") in own and ("menu", "言語(&L)") in own
    assert ("action", "English") in own and ("action", "日本語") in own
    # the toolbar's buttons say their menu item's words, without its accelerator "(&R)"
    assert ("QToolButton", "視点をリセット") in own
    assert ("QToolButton", "損失曲線を対数目盛に") in own
    left = [(where, text) for where, text in own if english_left(text)]
    assert left == []
    status = window.status_values.text()
    assert status.startswith("ステップ 40 / 40   損失 "), status
