"""The surface panel: a parameter choice the state refuses is explained, never raised."""

from __future__ import annotations

import pytest

from gradscape.app.controls.scene_panels import SurfacePanel
from gradscape.app.model.state import AppState

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_a_refused_loss_choice_is_explained_and_reverted(qtbot):
    st = AppState()
    st.surface = "neuron"
    st.set_surface_param("loss", "square")
    st.samples = [(0.0, 1000.0), (1.0, 0.0)]
    panel = SurfacePanel(st)
    qtbot.addWidget(panel)
    panel.show()
    combo = panel.params.fields["loss"]
    i = combo.findData("binary")
    combo.setCurrentIndex(i)
    combo.activated.emit(i)  # a slot raising here would abort the app
    assert st.surface_params["loss"] == "square"
    assert combo.currentData() == "square"
    assert "binary cross-entropy needs targets" in panel.caveat.text()
    assert not panel.caveat.isHidden()
