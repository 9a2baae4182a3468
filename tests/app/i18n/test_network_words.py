"""The Network window, its Landscape dialog and the basins window in Japanese (issue 14).

Each window is built after ``install_language(qapp, "ja")``, used as a user would (a
comparison trained with sharpness tracked, the dialog opened, the basin maps computed) and
every text a user can read is collected from the *visible* widget tree: window titles,
menus and their actions, labels, buttons, group boxes, combo-box items and their tooltips,
spin boxes' prefix and suffix, progress-bar texts, list items, tooltips, placeholders, and
the plots' titles, axis labels and legends.  A text passes when, after the names are taken
out, no English word is left.  Names are the registries' (optimizers, surfaces, activations,
losses: "Adam", "Momentum SGD", "ReLU", and the optimizers' papers and the schedules'
equations and references: citations and formulas), then the short :data:`SYMBOLS`.

Texts of a part whose module marks no word for translation yet on this branch (the generic
parameter form shows core's words: another branch's work), and core's words that the
translation file does not hold yet, are reported in the test's output, not failed.

Then real messages: a diverging training's sentence and a finished comparison's summary in
Japanese with the numbers core computes (taken from core directly, tests/app/network_reference),
a refusal of the Landscape dialog, a field's refusal, the basins window's outcome.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys

import numpy as np
import pyqtgraph as pg
import pytest
from network_reference import choose, reference
from PyQt6.QtCore import QCoreApplication, Qt
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
    QListWidget,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSpinBox,
    QWidget,
)

from gradscape.app.model.landscape_run import divergence_message
from gradscape.app.model.state import AppState
from gradscape.app.model.training import DATASETS
from gradscape.app.model.training_job import divergence_text
from gradscape.app.model.training_run import Diverged, RunOutcome
from gradscape.app.runtime import current_language
from gradscape.app.windows.basins_window import BasinsWindow
from gradscape.app.windows.network_window import NetworkWindow
from gradscape.core import datasets
from gradscape.core.activations import ACTIVATIONS
from gradscape.core.landscape import compute_landscape
from gradscape.core.losses import LOSSES
from gradscape.core.network import DivergenceError, Network
from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.scene import Scene
from gradscape.core.schedules import SCHEDULES
from gradscape.core.surfaces import SURFACES

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

#: Not English to translate: acronyms (a CNN, PCA), libraries and the formula's symbols
#: (λmax, sin x, tanh), the dask address form tcp://HOST:PORT, the program's name, and the
#: numbers a float prints as (a diverged loss: inf, nan).
SYMBOLS = frozenset("CNN PCA dask tcp HOST PORT numpy sin tanh max gradscape inf nan".split())
#: Names of more than a word: a library, the command that installs the data's extra, a
#: padding mode, a logic function.
PHRASES = ("scikit-learn", "pip install 'gradscape[data]'", '"same"', "XOR")
WORD = re.compile(r"[A-Za-z]{2,}")


def names() -> tuple[list[str], set[str]]:
    """Every name the user may see as it is, longest first; and the citations and formulas
    among them (the optimizers' papers, the schedules' equations and references)."""
    out: set[str] = set(PHRASES) | set(DATASETS)  # the datasets' names (--dataset moons)
    cited: set[str] = set()
    for registry in (OPTIMIZERS, SURFACES, ACTIVATIONS, LOSSES, SCHEDULES):
        for key, item in registry.items():
            out.add(key)
            for attr in ("display_name", "paper", "equation", "reference"):
                text = getattr(item, attr, "")
                if isinstance(text, str) and text:
                    out |= {text, *text.split("\n")}
                    if attr != "display_name":
                        cited |= {text, *text.split("\n")}
    return sorted(out, key=len, reverse=True), cited


NAMES, CITED = names()
#: taken out of longer texts: proper names (a capital or a digit), phrases, citations and
#: formulas; a lower-case name ("sigmoid") passes only as the whole text
PROPER = [
    n for n in NAMES if re.search(r"[A-Z0-9]", n) or n in (*PHRASES, *DATASETS) or n in CITED
]


def english_left(text: str) -> list[str]:
    """The English words of ``text`` that are not names or symbols."""
    text = text.replace("&", "").strip()
    if text in NAMES:
        return []
    for name in PROPER:
        text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", text)
    return [w for w in WORD.findall(text) if w not in SYMBOLS]


def plain(text: str) -> str:
    if Qt.mightBeRichText(text):
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def core_words() -> set[str]:
    """core's words (hyperparameters' meanings and labels, the schedules' names…)."""
    out: set[str] = set()
    for registry in (OPTIMIZERS, ACTIVATIONS, LOSSES, SURFACES, SCHEDULES):
        for _key, cls in registry.items():
            out |= {getattr(cls, "display_name", "") or "", getattr(cls, "doc", "") or ""}
            for p in getattr(cls, "params", ()):
                out |= {p.doc, p.display}
    return {w for w in out if w}


CORE_WORDS = core_words()


# ------------------------------------------------------------------ what the user reads


def owner_module(widget: QWidget | None) -> str:
    """The module of the nearest app class around ``widget`` (itself included); a
    ValidatedField's texts are its user's (its tooltip is given by the form)."""
    while widget is not None:
        module = type(widget).__module__
        if module.startswith("gradscape.app.") and module != "gradscape.app.controls.fields":
            return module
        widget = widget.parentWidget()
    return "?"


def visible_texts(win: QWidget) -> list[tuple[str, str, str]]:
    """(owner module, where, text) of everything readable in the shown window ``win``."""
    out: list[tuple[str, str, str]] = []

    def add(owner: str, where: str, text: str | None) -> None:
        if text and text.strip():
            out.append((owner, where, plain(text)))

    add(owner_module(win), "title", win.windowTitle())
    if isinstance(win, QMainWindow):
        for act in win.menuBar().actions():
            menu = act.menu()
            if menu is not None:
                add(owner_module(win), "menu", menu.title())
                for sub in menu.actions():
                    if not sub.isSeparator():
                        add(owner_module(win), "action", sub.text())
                        add(owner_module(win), "action tooltip", sub.toolTip())
    for w in [win, *win.findChildren(QWidget)]:
        if not w.isVisible() or isinstance(w, QMenu):
            continue
        owner, kind = owner_module(w), type(w).__name__
        add(owner, f"{kind} tooltip", w.toolTip())
        if isinstance(w, QLabel | QAbstractButton):
            add(owner, kind, w.text())
        if isinstance(w, QGroupBox):
            add(owner, kind, w.title())
        if isinstance(w, QLineEdit):
            add(owner, f"{kind} placeholder", w.placeholderText())
        if isinstance(w, QSpinBox):
            add(owner, f"{kind} prefix", w.prefix())
            add(owner, f"{kind} suffix", w.suffix())
        if isinstance(w, QProgressBar) and w.isTextVisible():
            add(owner, kind, w.text())
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                add(owner, f"{kind} item", w.item(i).text())
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                add(owner, f"{kind} item", w.itemText(i))
                add(owner, f"{kind} item tooltip", w.itemData(i, Qt.ItemDataRole.ToolTipRole))
        if isinstance(w, QGraphicsView) and w.scene() is not None:
            for item in w.scene().items():
                if not item.isVisible():
                    continue
                if isinstance(item, QGraphicsTextItem):
                    add(owner, "plot text", item.toPlainText())
                if isinstance(item, pg.AxisItem) and item.label.isVisible():
                    add(owner, "axis label", item.labelText)
    return out


def translates(module: str) -> bool:
    """Whether ``module`` marks any of its words for translation."""
    source = inspect.getsource(importlib.import_module(module))
    return "translate(" in source or "QT_TRANSLATE_NOOP(" in source


def pending_core_word(text: str) -> bool:
    """One of core's words that the translations do not hold yet (another branch's)."""
    return text in CORE_WORDS and QCoreApplication.translate("core", text) == text


def assert_no_english(texts: list[tuple[str, str, str]]) -> None:
    offenders = [(m, where, text, words) for m, where, text in texts
                 if (words := english_left(text))]  # fmt: skip
    pending = [o for o in offenders if not translates(o[0]) or pending_core_word(o[2])]
    failing = [o for o in offenders if o not in pending]
    if pending:
        sys.stderr.write(f"\n{len(pending)} texts of parts not yet translated on this branch:\n")
        for module, where, text, _words in pending:
            sys.stderr.write(f"  {module} {where}: {text[:90]!r}\n")
    report = "\n".join(f"{m} {where}: {text[:90]!r} -> {words}"
                       for m, where, text, words in failing)  # fmt: skip
    assert failing == [], f"{len(failing)} texts with English left:\n{report}"


# ------------------------------------------------------------------ fixtures


@pytest.fixture
def network_window(qtbot, tmp_path, japanese):
    win = NetworkWindow(landscape_cache=str(tmp_path / "landscapes"))
    qtbot.addWidget(win)
    win.resize(1280, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.panel.shutdown()


def train(qtbot, win: NetworkWindow) -> None:
    with qtbot.waitSignal(win.panel.finished, timeout=60000):
        assert win.panel.train()
    QApplication.processEvents()


# ------------------------------------------------------------------ the tests


def test_the_allow_list_is_names_not_words() -> None:
    assert english_left("Momentum SGD η=100") == []
    assert english_left("CNN（畳み込み → プーリング → 全結合）") == []
    assert english_left("sigmoid") == []  # an activation's name, as a whole
    assert english_left("Training Adam η=0.01 …") == ["Training"]
    assert english_left("test accuracy 97.5%") == ["test", "accuracy"]
    assert english_left("手書き数字のデータセットには scikit-learn が必要です: "
                        "pip install 'gradscape[data]'") == []  # fmt: skip


def test_the_network_window_speaks_japanese(qtbot, network_window) -> None:
    win = network_window
    st = win.panel.state
    choose(st, "moons", "sgd", 0.5, (8,), epochs=5, batch=16, seed=3)
    st.add_compare()
    st.set_optimizer("adam")
    st.set_hyper("eta", 0.01)
    st.add_compare()
    st.set_sharpness_every(5)
    train(qtbot, win)
    texts = visible_texts(win)
    assert len(texts) > 60  # the walk found the window's words
    assert_no_english(texts)
    seen = {text for _m, _w, text in texts}
    assert {"データ", "ネットワーク", "最適化手法", "学習"} <= seen  # the four boxes
    assert {"損失地形(&L)", "gradscape — ネットワークの学習", "比較に追加"} <= seen
    assert {"訓練データ", "テストデータ", "損失", "精度", "エポック"} <= seen  # curves
    assert {"鋭さ λmax", "ステップ", "安定限界（SGD では 2/η）"} <= seen  # sharpness
    assert "かみ合った二つの半円上の 300 点: 入力 2、2 クラス、交差エントロピー" in seen
    assert win.panel.dataset_combo.currentText() == "二つの月（moons）"
    assert win.panel.progress.text() == "10 / 10 エポック"
    # the summary: core's numbers in the Japanese sentence, one line per run
    data = datasets.moons(300, 0.1, 0)
    lines = win.panel.status.text().split("\n")
    for line, (opt, eta, label) in zip(
        lines, (("sgd", 0.5, "SGD η=0.5"), ("adam", 0.01, "Adam η=0.01")), strict=True
    ):
        _, hist = reference(data, [2, 8, 2], "classes", opt, {"eta": eta}, 5, 16, 3)
        assert line.startswith(
            f"{label}: 損失 {hist['loss'][-1]:.4g}、"
            f"テストデータの精度 {100 * hist['val_accuracy'][-1]:.1f}%（5 エポック、"
        ), line
        assert line.endswith(" 秒）")


def test_a_diverging_training_says_so_in_japanese_with_its_numbers(qtbot, network_window):
    win = network_window
    choose(win.panel.state, "sine", "msgd", 100.0, (16, 16), epochs=5, batch=32, seed=0)
    train(qtbot, win)
    with pytest.raises(DivergenceError) as err:
        reference(datasets.sine(200, 0.1, 0), [1, 16, 16, 1], "regression", "msgd",
                  {"eta": 100.0}, 5, 32, 0)  # fmt: skip
    e = err.value
    if "restored" in str(e):
        kept = f"パラメータはエポック {e.epoch} の開始時の値に戻しました"
    else:
        kept = "パラメータは最後の有限な値のままです"
    assert win.panel.status.text() == (
        f"Momentum SGD η=100 はエポック {e.epoch}、ステップ {e.step} で発散しました: "
        f"損失が {e.loss} です（{kept}）。学習率を小さくしてみてください"
    )
    assert win.panel.status.objectName() == "fieldError"
    # the sine's own words: its data view, and a field's refusal
    seen = {text for _m, _w, text in visible_texts(win)}
    assert "目標の sin x、ノイズのあるサンプル、ネットワークの曲線" in seen or any(
        t.startswith("目標の sin x、ノイズのあるサンプル、Momentum SGD η=100 の曲線") for t in seen
    )
    win.panel.hidden_field.edit.setText("8, -1")
    win.panel.hidden_field.confirm()
    assert win.panel.hidden_field.error_text == (
        "隠れ層のサイズは [1, 1024] の範囲にしてください。入力: -1"
    )


def test_the_divergence_sentence_is_cores_own_in_english() -> None:
    """Both of core's sentences (parameters kept or restored), rebuilt from the facts, are
    word for word core's messages (no translator installed)."""
    assert current_language() == "en"
    for restored in (False, True):
        net = Network.from_sizes([2, 3, 1], seed=0)
        snapshot = [(ly.w.copy(), ly.b.copy()) for ly in net.trainable]
        if restored:  # non-finite weights: core puts back the epoch's start
            net.trainable[0].w[0, 0] = np.nan
        with pytest.raises(DivergenceError) as err:
            net._diverged(3, 27, float("inf"), snapshot)
        e = err.value
        out = RunOutcome(0, "SGD η=10", {}, error=str(e),
                         diverged=Diverged(e.epoch, e.step, float(e.loss), restored))  # fmt: skip
        assert divergence_text(out) == f"SGD η=10 {e}"
        assert divergence_message(e.epoch, e.step, float(e.loss), restored) == str(e)


def test_the_landscape_dialog_speaks_japanese(qtbot, network_window) -> None:
    win = network_window
    st = win.panel.state
    choose(st, "moons", "sgd", 0.5, (8,), epochs=5, batch=16, seed=3)
    st.add_compare()
    st.set_optimizer("adam")
    st.set_hyper("eta", 0.01)
    st.add_compare()
    dialog = win.panel.open_landscape_dialog()
    qtbot.waitExposed(dialog)
    texts = visible_texts(dialog)
    assert len(texts) > 10
    assert_no_english(texts)
    seen = {text for _m, _w, text in texts}
    assert {"このネットワークの損失地形", "方向", "グリッド", "範囲", "計算", "キャンセル"} <= seen
    assert [dialog.directions_combo.itemText(i) for i in range(3)] == [
        "ランダム（フィルタ正規化）", "学習の軌跡の PCA", "ヘッセ行列の上位 2 つの固有ベクトル",
    ]  # fmt: skip
    assert dialog.summary.text() == (
        "二つの月（moons） で SGD η=0.5、層 2 → 8 → 2、バッチサイズ 16 で 5 エポック、"
        "シード 3。平面はこの解を中心にし、比較しているほかの最適化手法 1 個の軌跡も描きます"
    )
    dialog._on_progress(3, 10, "grid")
    assert dialog.progress.text() == "損失のグリッド: 3 / 10"
    dialog.grid_field.edit.setText("12")
    dialog.grid_field.confirm()
    assert dialog.grid_field.error_text == (
        "グリッドは奇数にしてください（学習したネットワークが中心の点になります）。入力: 12"
    )
    dialog.grid_field.edit.setText("11")
    dialog.grid_field.confirm()
    st.set_dropout(0.2)
    assert not dialog.compute()
    assert dialog.status.text() == (
        "開始していません — ドロップアウトのあるネットワークの損失地形はまだ計算できません。"
        "損失地形はドロップアウトなしの全結合ネットワークだけが対象です"
        "（全結合とドロップアウト 0 を選んでください）"
    )


def test_the_basins_window_speaks_japanese(qtbot, japanese) -> None:
    st = AppState()
    race = [("adam", {"eta": 0.25}), ("sgd", {"eta": 10.0})]
    st.scene = Scene(surface="himmelblau", optimizers=race, steps=50)
    win = BasinsWindow(st)
    qtbot.addWidget(win)
    win.grid_box.setValue(20)
    win.steps_box.setValue(200)
    win.resize(1000, 500)
    win.show()
    qtbot.waitExposed(win)
    try:
        with qtbot.waitSignal(win.controller.ready, timeout=60000):
            win.compute_button.click()
        QApplication.processEvents()
        texts = visible_texts(win)
        assert_no_english(texts)
        seen = {text for _m, _w, text in texts}
        assert {"引き込み領域 — gradscape", "グリッド ", " ステップ", "計算"} <= seen
        assert win.status.text() == "2 枚のマップができました"
        # SGD at η = 10 diverges from every start of the grid: its legend says so
        legend = plain(win.views[1].legend.text())
        assert legend.replace("\xa0", " ").startswith("■ 発散: 100")
    finally:
        win.controller.shutdown()


def test_a_landscape_whose_training_diverges_says_so_in_japanese(qtbot, network_window, tmp_path):
    win = network_window
    choose(win.panel.state, "sine", "sgd", 50.0, (4,), epochs=50, batch=32, seed=0)
    dialog = win.panel.open_landscape_dialog()
    qtbot.waitExposed(dialog)
    # core alone, in this process: where the same training diverges
    with pytest.raises(DivergenceError) as err:
        compute_landscape(win.panel.landscape.current_spec(), workers=1, cache_dir=tmp_path)
    e = err.value
    if "restored" in str(e):
        kept = f"パラメータはエポック {e.epoch} の開始時の値に戻しました"
    else:
        kept = "パラメータは最後の有限な値のままです"
    with qtbot.waitSignal(win.panel.landscape.failed, timeout=60000):
        assert dialog.compute()
    assert dialog.status.text() == (
        f"失敗しました — 学習がエポック {e.epoch}、ステップ {e.step} で発散しました: "
        f"損失が {e.loss} です（{kept}）。学習率を小さくしてみてください"
    )
    assert_no_english(visible_texts(dialog))


def test_the_cnn_form_and_its_filters_speak_japanese(qtbot, network_window) -> None:
    win = network_window
    st = win.panel.state
    st.set_dataset("digits")
    st.set_arch("cnn")
    st.set_dropout(0.2)
    QApplication.processEvents()
    assert win.panel.filter_view.isVisible() and win.panel.filters_field.isVisible()
    texts = visible_texts(win)
    assert_no_english(texts)
    seen = {text for _m, _w, text in texts}
    assert {"フィルタ数", "カーネル", "ドロップアウト"} <= seen
    assert "学習したフィルタ: CNN の学習中に表示します" in seen
    # the layers, from the digits' image shape through the CNN's default 16 filters of 3×3
    assert win.panel.form.sizes_label.text() == (
        "1×8×8 → 畳み込み 16@3×3 → 16×8×8 → プーリング 2 → 16×4×4 → 全結合 10"
    )
    assert win.panel.arch_combo.currentText() == "CNN（畳み込み → プーリング → 全結合）"
    # a refusal of the state, said where it is shown
    st.set_sharpness_every(5)
    assert not win.panel.train()
    assert win.panel.status.text() == (
        "開始していません — 鋭さを測れるのはドロップアウトなしの全結合ネットワークだけです。"
        "このネットワークではオフにしてください"
    )
