"""The Network window's tests' reference: what the core alone computes for a choice."""

from __future__ import annotations

import numpy as np

from gradscape.app.model.training import NetworkState
from gradscape.core.network import Network


def reference(data, sizes, out, optimizer, hyper, epochs, batch, seed):
    """Core alone: the network and history the window's parts should hold and show."""
    out_act, loss = ("identity", "square") if out == "regression" else ("softmax", "cross")
    net = Network.from_sizes(
        sizes, act="relu", out_act=out_act, loss=loss, opt=optimizer, opt_dic=hyper,
        dtype=np.float64, seed=seed,
    )  # fmt: skip
    hist = net.fit(
        data.x_train, data.t_train, epochs=epochs, batch_size=batch, seed=seed,
        x_val=data.x_test, t_val=data.t_test,
    )  # fmt: skip
    return net, hist


def choose(st: NetworkState, dataset, optimizer, eta, hidden, epochs, batch, seed) -> None:
    """Set the state as a user would (each setter validates)."""
    st.set_dataset(dataset)
    st.set_optimizer(optimizer)
    st.set_hyper("eta", eta)
    st.set_hidden(hidden)
    st.set_epochs(epochs)
    st.set_batch_size(batch)
    st.set_seed(seed)
