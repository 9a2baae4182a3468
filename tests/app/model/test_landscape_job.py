"""The landscape controller alone (no widget): the state's network computed off the GUI thread,
its file in the cache folder, progress, cancel (no result), errors as one line."""

from __future__ import annotations

import pytest
from network_reference import choose
from PyQt6.QtWidgets import QApplication

from gradscape.app.model.landscape_job import LandscapeController, cache_folder
from gradscape.app.model.training import NetworkState
from gradscape.core.landscape import Landscape


@pytest.fixture
def controller(qtbot, tmp_path):
    st = NetworkState()
    choose(st, "moons", "adam", 0.01, (4,), epochs=1, batch=32, seed=0)
    c = LandscapeController(st, cache_dir=tmp_path / "landscapes")
    yield c
    c.shutdown()


def test_the_cache_is_a_landscapes_folder_of_the_users_cache():
    assert cache_folder().name == "landscapes"


def test_computes_into_the_cache_with_progress(qtbot, controller, tmp_path):
    controller.set_option("grid", 11)
    progress, running = [], []
    controller.progress.connect(lambda *a: progress.append(a))
    controller.runningChanged.connect(running.append)
    with qtbot.waitSignal(controller.finished, timeout=60000) as done:
        assert controller.start()
        assert controller.running and not controller.start()  # one at a time
    path = done.args[0]
    assert path == str(tmp_path / "landscapes" / f"{controller.spec.key()}.npz")
    assert controller.path == path and not controller.running and running == [True, False]
    land = Landscape.load(path)
    assert land.loss_grid.shape == (11, 11)
    assert land.meta["spec"]["hidden"] == [4] and land.meta["spec"]["optimizer"] == "adam"
    assert {w for _, _, w in progress} >= {"train", "grid"}
    # the same choices again: the cached file, not a new computation
    mtime = (tmp_path / "landscapes" / f"{controller.spec.key()}.npz").stat().st_mtime_ns
    with qtbot.waitSignal(controller.finished, timeout=60000) as again:
        controller.start()
    assert again.args[0] == path
    assert (tmp_path / "landscapes" / f"{controller.spec.key()}.npz").stat().st_mtime_ns == mtime


def test_cancel_emits_cancelled_and_never_a_result(qtbot, controller, tmp_path):
    choose(controller.state, "moons", "sgd", 0.01, (64, 64), epochs=5000, batch=32, seed=0)
    with qtbot.waitSignal(controller.progress, timeout=60000):
        controller.start()
    with qtbot.waitSignal(controller.cancelled, timeout=1000):
        assert controller.cancel()
    assert not controller.running and not controller.cancel()
    with qtbot.assertNotEmitted(controller.finished, wait=1500):
        with qtbot.assertNotEmitted(controller.failed):
            QApplication.processEvents()
    assert controller.path is None
    assert not any((tmp_path / "landscapes").glob("*.npz"))


def test_a_bad_choice_starts_nothing(qtbot, controller):
    controller.state.set_optimizer("msgd")
    controller.state.set_hyper("form", "series")
    with pytest.raises(ValueError, match="form"):
        controller.start()
    assert not controller.running
    with pytest.raises(ValueError, match="scheduler"):
        controller.set_option("scheduler", "localhost")
    assert controller.options.scheduler is None


def test_a_diverging_training_fails_with_one_line(qtbot, controller):
    choose(controller.state, "sine", "sgd", 50.0, (4,), epochs=50, batch=32, seed=0)
    with qtbot.waitSignal(controller.failed, timeout=60000) as failed:
        controller.start()
    assert "diverged" in failed.args[0] and "\n" not in failed.args[0]
    assert not controller.running and controller.path is None
