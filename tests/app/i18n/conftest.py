"""Fixtures of the translation tests."""

from __future__ import annotations

import pytest

from gradscape.app.runtime import current_language, install_language


@pytest.fixture
def japanese(qapp):
    """The interface in Japanese for one test, English again after it."""
    assert install_language(qapp, "ja") == "ja"
    yield
    install_language(qapp, "en")
    assert current_language() == "en"
