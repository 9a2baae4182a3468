"""Network: training loop by hand, torch agreement, SAM plumbing, divergence, callbacks,
and the issue's two learning results (digits ≥ 0.97, sine fit)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradscape.core import datasets
from gradscape.core.layers import MiddleLayer, OutputLayer
from gradscape.core.network import DivergenceError, Network


def _linear_net(eta: float, opt: str = "SGD", **opt_dic) -> Network:
    out = OutputLayer(prev=3, n=2, act="identity", loss="square", opt=opt,
                      opt_dic={"eta": eta, **opt_dic}, rng=np.random.default_rng(0))  # fmt: skip
    return Network([out])


def _data(n: int = 8, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 3)), rng.normal(size=(n, 2))


def test_one_full_batch_sgd_step_by_hand():
    x, t = _data()
    net = _linear_net(0.1)
    w, b = net.out.w.copy(), net.out.b.copy()
    h = net.fit(x, t, epochs=1, batch_size=len(x))
    # L = 1/(2n) Σ‖xw + b − t‖²  =>  ∇w = xᵀ(xw + b − t)/n, ∇b = Σ(xw + b − t)/n
    r = x @ w + b - t
    assert h["loss"] == [pytest.approx(0.5 * np.sum(r * r) / len(x), rel=1e-14)]
    np.testing.assert_allclose(net.out.w, w - 0.1 * x.T @ r / len(x), rtol=1e-14)
    np.testing.assert_allclose(net.out.b, b - 0.1 * r.sum(0) / len(x), rtol=1e-14)
    assert h["accuracy"] == [None] and h["step"] == [1]


def test_minibatches_are_the_documented_permutations():
    x, t = _data(10)
    net = _linear_net(0.05)
    w, b = net.out.w.copy(), net.out.b.copy()
    net.fit(x, t, epochs=2, batch_size=4, seed=7)
    rng = np.random.default_rng(7)
    for _ in range(2):
        perm = rng.permutation(10)
        for lo in range(0, 10, 4):
            xb, tb = x[perm[lo : lo + 4]], t[perm[lo : lo + 4]]
            r = xb @ w + b - tb
            w = w - 0.05 * xb.T @ r / len(xb)
            b = b - 0.05 * r.sum(0) / len(xb)
    np.testing.assert_allclose(net.out.w, w, rtol=1e-13)
    np.testing.assert_allclose(net.out.b, b, rtol=1e-13)
    assert net.steps == 6


def test_every_update_gets_the_global_step_and_the_batch_loss():
    x, t = _data(10)
    net = _linear_net(0.01)
    seen: list[dict] = []
    orig = net.out.update

    def spy(**kwds):
        seen.append(kwds)
        orig(**kwds)

    net.out.update = spy
    h = net.fit(x, t, epochs=2, batch_size=4)
    h2 = net.fit(x, t, epochs=1, batch_size=4)
    assert [k["t"] for k in seen] == list(range(1, 10))  # t continues across fit calls
    sizes = [4, 4, 2] * 3
    fs = [k["f"] for k in seen]
    assert all(isinstance(f, float) for f in fs)
    assert sum(f * s for f, s in zip(fs[:3], sizes, strict=False)) / 10 == pytest.approx(
        h["loss"][0], rel=1e-14
    )
    assert h2["step"] == [9]


def test_training_matches_torch_adam():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = rng.normal(size=(40, 6))
    labels = rng.integers(0, 3, 40)
    net = Network.from_sizes([6, 8, 3], act="tanh", opt="Adam", opt_dic={"eta": 0.01},
                             dtype=np.float64, seed=3)  # fmt: skip
    params = [torch.tensor(a.copy(), requires_grad=True)
              for layer in net.layers for a in (layer.w, layer.b)]  # fmt: skip
    opt = torch.optim.Adam(params, lr=0.01)
    net.fit(x, labels, epochs=3, batch_size=16, seed=5)
    perm_rng = np.random.default_rng(5)
    for _ in range(3):
        perm = perm_rng.permutation(40)
        for lo in range(0, 40, 16):
            idx = perm[lo : lo + 16]
            xb = torch.tensor(x[idx])
            h = torch.tanh(xb @ params[0] + params[1])
            logits = h @ params[2] + params[3]
            loss = torch.nn.functional.cross_entropy(logits, torch.tensor(labels[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
    for a, p in zip([a for ly in net.layers for a in (ly.w, ly.b)], params, strict=True):
        np.testing.assert_allclose(a, p.detach().numpy(), rtol=1e-9, atol=1e-12)


def test_sam_step_by_hand_with_sgd_base():
    x, t = _data()
    net = _linear_net(0.1, opt="SAM", rho=0.05, base="SGD")
    w, b = net.out.w.copy(), net.out.b.copy()
    net.fit(x, t, epochs=1, batch_size=len(x))
    n = len(x)
    r = x @ w + b - t
    gw, gb = x.T @ r / n, r.sum(0) / n
    norm = math.sqrt(np.sum(gw * gw) + np.sum(gb * gb))
    ws, bs = w + 0.05 * gw / norm, b + 0.05 * gb / norm  # ε̂ = ρ g/‖g‖
    rs = x @ ws + bs - t
    np.testing.assert_allclose(net.out.w, w - 0.1 * x.T @ rs / n, rtol=1e-13)
    np.testing.assert_allclose(net.out.b, b - 0.1 * rs.sum(0) / n, rtol=1e-13)


def test_sam_in_a_deep_network_restores_parameters_and_gradients():
    # With a vanishing radius SAM's shifted gradient is the plain gradient, so a network of
    # SAM layers must train like the same network with the base optimizer, which fails if
    # grad_fn leaves a shifted parameter or another layer's gradient behind.
    d = datasets.xor(80, 0.3, seed=2)
    a = Network.from_sizes([2, 6, 5, 2], act="tanh", opt="SAM",
                           opt_dic={"rho": 1e-9, "base": "Adam", "eta": 0.01},
                           dtype=np.float64, seed=4)  # fmt: skip
    b = Network.from_sizes([2, 6, 5, 2], act="tanh", opt="Adam", opt_dic={"eta": 0.01},
                           dtype=np.float64, seed=4)  # fmt: skip
    ha = a.fit(d.x_train, d.t_train, epochs=3, batch_size=16)
    hb = b.fit(d.x_train, d.t_train, epochs=3, batch_size=16)
    np.testing.assert_allclose(ha["loss"], hb["loss"], rtol=1e-6)
    for la, lb in zip(a.layers, b.layers, strict=True):
        np.testing.assert_allclose(la.w, lb.w, rtol=1e-5, atol=1e-8)
    # and with a real radius it still learns XOR
    sam = {"rho": 0.05, "eta": 0.02}
    c = Network.from_sizes([2, 16, 2], act="tanh", opt="SAM", opt_dic=sam, dtype=np.float64, seed=1)
    c.fit(d.x_train, d.t_train, epochs=60, batch_size=16)
    assert c.evaluate(d.x_test, d.t_test)[1] >= 0.9


def test_divergence_names_epoch_and_step_and_keeps_finite_parameters():
    d = datasets.sine(100, 0.1, seed=0)
    net = Network.from_sizes([1, 16, 1], act="ReLU", out_act="identity", loss="square",
                             opt="SGD", opt_dic={"eta": 1e3}, dtype=np.float64)  # fmt: skip
    with pytest.raises(DivergenceError, match=r"diverged at epoch \d+, step \d+: loss is ") as e:
        net.fit(d.x_train, d.t_train, epochs=50, batch_size=10)
    err = e.value
    batches = math.ceil(len(d.x_train) / 10)
    assert 1 <= err.epoch <= 50 and (err.epoch - 1) * batches < err.step <= err.epoch * batches
    assert f"epoch {err.epoch}, step {err.step}" in str(err)
    assert not math.isfinite(err.loss)
    assert net.steps == err.step - 1
    for layer in net.layers:
        assert np.isfinite(layer.w).all() and np.isfinite(layer.b).all()


def test_callback_gets_logs_and_can_stop_training():
    d = datasets.moons(120, 0.1, seed=1)
    net = Network.from_sizes([2, 8, 2], act="tanh", opt_dic={"eta": 0.01})
    calls = []

    def cb(epoch, logs):
        calls.append((epoch, logs))
        return epoch < 3

    h = net.fit(d.x_train, d.t_train, epochs=10, batch_size=32, callback=cb,
                x_val=d.x_test, t_val=d.t_test)  # fmt: skip
    assert [c[0] for c in calls] == [1, 2, 3] and h["epoch"] == [1, 2, 3]
    logs = calls[-1][1]
    assert set(logs) == {"loss", "accuracy", "val_loss", "val_accuracy", "step"}
    assert logs["step"] == 3 * math.ceil(len(d.x_train) / 32) == net.steps
    assert (logs["val_loss"], logs["val_accuracy"]) == net.evaluate(d.x_test, d.t_test)
    assert 0.0 <= logs["accuracy"] <= 1.0

    def boom(epoch, logs):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        net.fit(d.x_train, d.t_train, epochs=5, callback=boom)


def test_predict_and_evaluate_by_output_kind():
    x = np.array([[0.0, 1.0], [2.0, -1.0], [-1.0, -1.0]])
    soft = Network([OutputLayer(prev=2, n=3, act="softmax", loss="cross", opt="SGD")])
    soft.out.set_params(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), np.zeros(3))
    # logits: [0, 1, 0], [2, −1, 0], [−1, −1, 0]
    np.testing.assert_array_equal(soft.predict(x), [1, 0, 2])
    loss, acc = soft.evaluate(x, np.array([1, 0, 0]))  # integer labels accepted
    assert acc == pytest.approx(2 / 3)
    lse = [
        math.log(2 + math.e),
        math.log(math.e**2 + math.exp(-1) + 1),
        math.log(2 * math.exp(-1) + 1),
    ]
    assert loss == pytest.approx((lse[0] - 1 + lse[1] - 2 + lse[2] + 1) / 3, rel=1e-12)
    sig = Network([OutputLayer(prev=2, n=1, act="sigmoid", loss="binary", opt="SGD")])
    sig.out.set_params(np.array([[1.0], [1.0]]), np.zeros(1))
    np.testing.assert_array_equal(sig.predict(x), [[1], [1], [0]])
    assert sig.evaluate(x, np.array([[1.0], [0.0], [0.0]]))[1] == pytest.approx(2 / 3)
    reg = Network([OutputLayer(prev=2, n=1, act="identity", loss="square", opt="SGD")])
    reg.out.set_params(np.array([[1.0], [2.0]]), np.array([0.5]))
    np.testing.assert_allclose(reg.predict(x), [[2.5], [0.5], [-2.5]])
    assert reg.evaluate(x, np.zeros(3)) == (pytest.approx((6.25 + 0.25 + 6.25) / 6), None)


def test_construction_and_argument_errors():
    with pytest.raises(ValueError, match="layer 1 .* has prev=4 inputs but layer 0 .* n=3"):
        Network([MiddleLayer(prev=2, n=3, opt="SGD"), OutputLayer(prev=4, n=1, opt="SGD")])
    with pytest.raises(ValueError, match="last layer must be an OutputLayer"):
        Network([MiddleLayer(prev=2, n=3, opt="SGD")])
    net = Network.from_sizes([2, 3, 2], opt="SGD")
    assert net.out.loss.__class__.__name__ == "Cross" and net.dtype == np.float32
    x, t = np.zeros((4, 2)), np.eye(2)[[0, 1, 0, 1]]
    with pytest.raises(ValueError, match="epochs must be an integer >= 1, got 0"):
        net.fit(x, t, epochs=0)
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1, got 2.5"):
        net.fit(x, t, batch_size=2.5)
    with pytest.raises(ValueError, match=r"x must have shape \(samples, 2\), got \(4, 3\)"):
        net.fit(np.zeros((4, 3)), t)
    with pytest.raises(ValueError, match=r"t must have shape \(4, 2\), got \(3, 2\)"):
        net.fit(x, t[:3])
    with pytest.raises(ValueError, match=r"class labels must be integers in \[0, 2\)"):
        net.fit(x, np.array([0, 1, 2, 0]))
    # bad data is not a divergence ("try a smaller learning rate" would mislead)
    with pytest.raises(ValueError, match=r"x must be finite, got nan in row 2"):
        net.fit(np.where(np.arange(8).reshape(4, 2) == 5, np.nan, 0.0), t)
    t_inf = t.copy()
    t_inf[1, 0] = np.inf
    with pytest.raises(ValueError, match=r"t must be finite, got inf in row 1"):
        net.fit(x, t_inf)
    with pytest.raises(ValueError, match=r"x_val must be finite"):
        net.fit(x, t, x_val=np.full((2, 2), np.nan), t_val=t[:2])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept_through_training(dtype):
    d = datasets.spirals(90, 3, 0.1, seed=0)
    net = Network.from_sizes([2, 10, 3], act="ReLU", dtype=dtype)
    h = net.fit(d.x_train, d.t_train, epochs=3, batch_size=16)
    for layer in net.layers:
        assert layer.w.dtype == dtype and layer.b.dtype == dtype
        assert all(a.dtype == dtype for s in layer.opt.state for a in s.values())
    assert h["loss"][-1] < h["loss"][0]


def test_sine_fit_reaches_a_small_error():
    # The series' 1-D curve fitting.  Trained on noisy samples (σ = 0.05), the network's
    # curve is compared with sin x itself on a fine grid: mean squared error < 2e-3
    # (7.9e-4 here, 1e-4 to 1.1e-3 over data/initialisation seeds 0-3; memorising the
    # noise would give 2.5e-3).
    d = datasets.sine(400, 0.05, seed=0)
    net = Network.from_sizes([1, 32, 32, 1], act="tanh", out_act="identity", loss="square",
                             opt="Adam", opt_dic={"eta": 0.003}, dtype=np.float64,
                             init="xavier", seed=0)  # fmt: skip
    net.fit(d.x_train, d.t_train, epochs=300, batch_size=32, seed=0)
    grid = np.linspace(-math.pi, math.pi, 201)[:, None]
    mse = float(np.mean((net.predict(grid) - np.sin(grid)) ** 2))
    assert mse < 2e-3


@pytest.mark.slow
def test_digits_reach_97_percent_with_adam():
    # 15 epochs, batch 64, float32, He initialisation: 0.981-0.986 on this split over
    # initialisation seeds 0-2, 0.975-0.994 on splits 1-4.  Split 0 is the hardest of the
    # five (0.967-0.975), too close to the bar for float32 round-off on another BLAS.
    d = datasets.digits(0.2, seed=1, dtype=np.float32)
    net = Network.from_sizes([64, 256, 128, 10], act="ReLU", opt="Adam",
                             opt_dic={"eta": 1e-3}, dtype=np.float32, seed=0)  # fmt: skip
    net.fit(d.x_train, d.t_train, epochs=15, batch_size=64, seed=0)
    loss, acc = net.evaluate(d.x_test, d.t_test)
    assert acc >= 0.97
    assert np.mean(net.predict(d.x_test) == d.labels_test) == pytest.approx(acc)


def test_stop_ends_training_within_one_batch():
    data = datasets.spirals(120, 3, 0.2, seed=0)
    net = Network.from_sizes([2, 8, 3], act="tanh", out_act="softmax", loss="cross",
                             opt="SGD", opt_dic={"eta": 0.1}, seed=0)  # fmt: skip
    asked = []

    def stop() -> bool:
        asked.append(net.steps)
        return len(asked) > 17  # the 18th batch is not taken

    history = net.fit(data.x_train, data.t_train, epochs=5, batch_size=10, stop=stop)
    per_epoch = math.ceil(len(data.x_train) / 10)
    assert net.steps == 17 and asked == list(range(18))
    assert history["epoch"] == list(range(1, 17 // per_epoch + 1))  # only whole epochs
    # the same 17 updates as a run that is not stopped, by its 17th step
    twin = Network.from_sizes([2, 8, 3], act="tanh", out_act="softmax", loss="cross",
                              opt="SGD", opt_dic={"eta": 0.1}, seed=0)  # fmt: skip
    seen = []
    twin.fit(data.x_train, data.t_train, epochs=5, batch_size=10,
             stop=lambda: seen.append(0) or len(seen) > 17)  # fmt: skip
    assert all(np.array_equal(a.w, b.w) for a, b in zip(net.layers, twin.layers, strict=True))
