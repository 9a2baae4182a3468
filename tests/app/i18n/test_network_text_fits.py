"""No text of the Network window is cut, in English and in Japanese (often wider), at the
window's default size and at its minimum size, after a comparison of two runs has filled every
plot, legend, hint and status line.  The measure is tests/app/net_clip.py's: a label, button,
check box or combo box whose text needs more room than its widget (narrowed by what clips it)
has, and an axis label or legend entry that leaves its plot.
"""

from __future__ import annotations

import pytest
from net_clip import cut_plot_texts, cut_widgets
from PyQt6.QtWidgets import QApplication

from gradscape.app.model.training import NetworkState
from gradscape.app.windows.network_window import NetworkWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(params=["en", "ja"])
def language(request):
    if request.param == "ja":
        request.getfixturevalue("japanese")
    return request.param


def settle() -> None:
    for _ in range(10):
        QApplication.processEvents()


@pytest.mark.parametrize("dataset", ["spirals", "sine"])
def test_no_text_is_cut_at_default_and_minimum_size(qtbot, language, dataset):
    st = NetworkState()
    st.set_dataset(dataset)
    st.set_epochs(4)
    st.set_sharpness_every(20)
    for name, eta in (("msgd", 0.05), ("adam", 0.01)):  # the longer name first
        st.set_optimizer(name)
        st.set_hyper("eta", eta)
        st.add_compare()
    win = NetworkWindow(st)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignal(win.panel.finished, timeout=30000):
        assert win.panel.train()
    settle()
    assert win.panel.status.text()  # the outcome's lines are there to be measured
    if dataset == "spirals":
        assert len(win.panel.regions_view.panels) == 2
    default = win.size()
    assert (default.width(), default.height()) == (1200, 800)
    for minimum in (False, True):
        for _ in range(4):  # narrower, the legends wrap and ask for height: to a fixed point
            size = win.minimumSizeHint() if minimum else default
            win.resize(size)
            settle()
            if win.size() == size:
                break
        assert win.size() == size
        cut = cut_widgets(win) + cut_plot_texts(win)
        assert cut == [], (language, size, cut)
    win.close()
