"""The network window's choices (NetworkState) and the training run's set-up, without widgets."""

from __future__ import annotations

import pytest


def test_state_validates_and_emits_only_on_change(qtbot):
    from gradscape.app.model.training import NetworkState

    st = NetworkState()
    seen = []
    st.changed.connect(seen.append)
    st.set_hidden("32,32")
    st.set_hidden((32, 32))  # same value: no signal
    assert st.hidden == (32, 32) and seen == ["hidden"]
    for setter, value, message in (
        (st.set_hidden, "8, 0", "hidden layer sizes must be in [1, 1024], got 0"),
        (st.set_hidden, "1,2,3,4,5,6,7", "at most 6 sizes, got 7"),
        (st.set_epochs, 0, "epochs must be a whole number in [1, 100000], got 0"),
        (st.set_batch_size, 2.5, "batch size must be a whole number in [1, 100000], got 2.5"),
        (st.set_seed, -1, "seed must be a whole number in [0, 2147483647], got -1"),
        (st.set_dataset, "mnist", "dataset must be one of sine, moons, spirals, xor, digits"),
        (st.set_act, "nope", "unknown activation 'nope'"),
        (st.set_optimizer, "nope", "unknown optimizer 'nope'"),
    ):
        with pytest.raises(ValueError, match=__import__("re").escape(message)):
            setter(value)
    with pytest.raises(ValueError, match="eta must be > 0, got -1"):
        st.set_hyper("eta", -1.0)
    with pytest.raises(ValueError, match="Adam has no hyperparameter 'mu'"):
        st.set_hyper("mu", 0.9)
    assert seen == ["hidden"]
    st.set_optimizer("SGD")  # display names resolve; η starts at the registry default
    assert st.optimizer == "sgd" and st.hyper == {"eta": 0.01}
    st.set_hyper("eta", 0.5)
    st.add_compare()
    st.add_compare()  # the same run twice is one entry
    assert st.spec().runs == st.compare and len(st.compare) == 1
    st.remove_compare(0)
    assert st.spec().runs[0].hyper == (("eta", 0.5),)


def test_blas_is_pinned_to_one_thread_while_training(monkeypatch):
    from gradscape.app.model.training_run import one_blas_thread

    threadpoolctl = pytest.importorskip("threadpoolctl")
    with one_blas_thread():
        blas = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
        assert blas and all(i["num_threads"] == 1 for i in blas)
    # Without threadpoolctl the app still trains (the pin is skipped).
    monkeypatch.setitem(__import__("sys").modules, "threadpoolctl", None)
    with one_blas_thread():
        pass


def test_the_dataset_list_knows_each_networks_input_and_output_sizes():
    from gradscape.app.model.training import DATASETS, load_dataset

    for key, info in DATASETS.items():
        data = load_dataset(key)
        assert (info.inputs, info.outputs) == (data.x_train.shape[1], data.t_train.shape[1])
