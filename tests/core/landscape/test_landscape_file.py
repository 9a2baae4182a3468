"""The landscape file: round trip, independent recomputation of a grid point, CSV, and a
clear ValueError for every malformed file."""

import io
import json
import os
import zipfile

import numpy as np
import pytest

from gradscape.core.datasets import moons
from gradscape.core.landscape import Landscape, get_theta, loss_grid, random_directions, set_theta
from gradscape.core.network import Network

SIZES = [2, 8, 3]


@pytest.fixture(scope="module")
def land():
    data = moons(n=120, seed=2)
    x = data.x_train
    t = (data.labels_train + (x[:, 0] > 0.5)).astype(np.int64)  # three classes
    net = Network.from_sizes(SIZES, "tanh", dtype=np.float32, seed=0)
    net.fit(x, t, epochs=3, batch_size=16)
    theta = get_theta(net)
    d1, d2 = random_directions(net, theta, seed=1)
    alpha, beta = np.linspace(-1, 1, 5), np.linspace(-0.5, 0.5, 3)
    lg, ag = loss_grid(SIZES, "tanh", "softmax", "cross", x, t, theta, d1, d2, alpha, beta)
    path = np.array([[0.3, -0.2], [0.1, 0.05], [0.0, 0.0]])
    return Landscape(
        theta=theta, d1=d1, d2=d2, sizes=np.array(SIZES), act="tanh", out_act="softmax",
        loss="cross", x_eval=x, t_eval=t, alpha=alpha, beta=beta, loss_grid=lg, acc_grid=ag,
        path=path, path_step=np.array([0, 5, 10]), path_loss=np.array([1.0, 0.8, lg[1, 2]]),
        plane_path_loss=np.array([1.1, 0.7, lg[1, 2]]), explained=np.array([np.nan, np.nan]),
        path_explained=0.25, directions="random", dtype="float32", meta={"note": "test", "n": 3},
    )  # fmt: skip


def _arrays(path):
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def _write(path, arrays, allow_pickle=False):
    buf = io.BytesIO()
    np.savez(buf, allow_pickle=allow_pickle, **arrays)
    path.write_bytes(buf.getvalue())


def test_round_trip_keeps_every_field(land, tmp_path):
    f = tmp_path / "land.npz"
    land.save(f)
    back = Landscape.load(f)
    for name, value in land.to_arrays().items():
        got = back.to_arrays()[name]
        assert got.dtype.kind == value.dtype.kind, name
        np.testing.assert_array_equal(got, value, err_msg=name)
    assert back.meta == {"note": "test", "n": 3}
    assert back.t_eval.dtype == np.int64 and back.sizes.tolist() == SIZES
    assert [p.name for p in tmp_path.iterdir()] == ["land.npz"]  # no temporary left


def test_a_grid_point_recomputes_from_the_file_alone(land, tmp_path):
    f = tmp_path / "land.npz"
    land.save(f)
    z = _arrays(f)  # plain numpy: the names and layout the file documents
    net = Network.from_sizes(z["sizes"].tolist(), str(z["act"]), str(z["out_act"]),
                             str(z["loss"]), dtype=str(z["dtype"]))  # fmt: skip
    rng = np.random.default_rng(5)
    for _ in range(3):
        i, j = rng.integers(len(z["beta"])), rng.integers(len(z["alpha"]))
        set_theta(net, z["theta"] + z["alpha"][j] * z["d1"] + z["beta"][i] * z["d2"])
        loss, acc = net.evaluate(z["x_eval"], z["t_eval"])
        np.testing.assert_allclose(z["loss_grid"][i, j], loss, rtol=2e-6)
        assert abs(z["acc_grid"][i, j] - acc) <= 1 / len(z["x_eval"])
    centre = Landscape.load(f).network()
    assert centre.evaluate(z["x_eval"], z["t_eval"]) == (z["loss_grid"][1, 2], z["acc_grid"][1, 2])


def test_csv_rows_hold_the_grid(land, tmp_path):
    text = land.to_csv(tmp_path / "g.csv")
    assert (tmp_path / "g.csv").read_text() == text
    lines = text.splitlines()
    assert lines[0] == "alpha,beta,loss,accuracy" and len(lines) == 1 + 15
    rows = np.loadtxt(io.StringIO(text), delimiter=",", skiprows=1)
    aa, bb = np.meshgrid(land.alpha, land.beta)
    np.testing.assert_array_equal(rows[:, 0], aa.ravel())
    np.testing.assert_array_equal(rows[:, 1], bb.ravel())
    np.testing.assert_array_equal(rows[:, 2], land.loss_grid.ravel())
    np.testing.assert_array_equal(rows[:, 3], land.acc_grid.ravel())


@pytest.mark.parametrize("field", ["theta", "loss_grid", "meta", "format", "t_eval", "act"])
def test_missing_field(land, tmp_path, field):
    f = tmp_path / "l.npz"
    arrays = land.to_arrays()
    del arrays[field]
    _write(f, arrays)
    with pytest.raises(ValueError, match=f"'{field}' is missing"):
        Landscape.load(f)


BAD = [
    ("theta", lambda a: a["theta"][:-1], "theta.*shape"),
    ("d2", lambda a: np.full_like(a["d2"], np.inf), "d2.*finite"),
    ("sizes", lambda a: np.array([2, 9, 3]), "theta.*shape"),
    ("sizes", lambda a: np.array([2.0, 8.0, 3.0]), "sizes.*integers"),
    ("loss_grid", lambda a: a["loss_grid"].T, "loss_grid.*shape"),
    ("acc_grid", lambda a: a["acc_grid"][:, :-1], "acc_grid.*shape"),
    ("alpha", lambda a: a["alpha"][::-1], "alpha.*increasing"),
    ("x_eval", lambda a: a["x_eval"][:, :1], "x_eval.*shape"),
    ("t_eval", lambda a: a["t_eval"] + 3, "t_eval.*labels"),
    ("t_eval", lambda a: a["t_eval"][:-1], "t_eval.*shape"),
    ("path", lambda a: a["path"][:, :1], "path.*shape"),
    ("path_loss", lambda a: a["path_loss"][:2], "path_loss.*shape"),
    ("path_step", lambda a: a["path_step"].astype(float), "path_step.*integers"),
    ("explained", lambda a: np.array([1.5, 0.0]), "explained.*fractions"),
    ("path_explained", lambda a: np.array([0.1, 0.2]), "path_explained.*one number"),
    ("act", lambda a: np.array("nosuch"), "act.*activation"),
    ("loss", lambda a: np.array(3.0), "loss.*string"),
    ("directions", lambda a: np.array("sideways"), "directions"),
    ("dtype", lambda a: np.array("int8"), "dtype"),
    ("meta", lambda a: np.array("{not json"), "meta.*JSON"),
    ("meta", lambda a: np.array(json.dumps([1, 2])), "meta.*JSON object"),
    ("format", lambda a: np.array("other-format"), "format"),
]


@pytest.mark.parametrize(
    "field, change, message", BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)]
)
def test_malformed_field(land, tmp_path, field, change, message):
    f = tmp_path / "l.npz"
    arrays = land.to_arrays()
    arrays[field] = change(arrays)
    _write(f, arrays)
    with pytest.raises(ValueError, match=message):
        Landscape.load(f)


def test_pickled_object_array_is_refused(land, tmp_path):
    f = tmp_path / "l.npz"
    arrays = land.to_arrays()
    arrays["act"] = np.array([{"evil": 1}], dtype=object)
    _write(f, arrays, allow_pickle=True)
    with pytest.raises(ValueError, match="'act' cannot be read"):
        Landscape.load(f)


def test_not_a_landscape_file(tmp_path):
    f = tmp_path / "junk.npz"
    f.write_bytes(b"this is no zip file at all")
    with pytest.raises(ValueError, match="not a landscape file"):
        Landscape.load(f)
    single = tmp_path / "one.npy"
    np.save(single, np.zeros(3))
    with pytest.raises(ValueError, match="not a landscape file"):
        Landscape.load(single)
    broken = tmp_path / "broken.npz"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("theta.npy", b"\x93NUMPY garbage")
    with pytest.raises(ValueError):
        Landscape.load(broken)
    with pytest.raises(OSError):
        Landscape.load(tmp_path / "absent.npz")


def test_save_replaces_atomically(land, tmp_path):
    f = tmp_path / "land.npz"
    f.write_bytes(b"old")
    land.save(f)
    assert Landscape.load(f).meta["n"] == 3
    assert sorted(os.listdir(tmp_path)) == ["land.npz"]


def test_a_file_claiming_a_huge_array_is_refused_without_allocating_it(tmp_path):
    """A .npy header claiming 10¹¹ entries (745 GiB) in a few bytes of zip: a ValueError
    naming the field, never a MemoryError."""
    import io
    import zipfile

    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (10**11,)}
    )
    path = tmp_path / "huge.npz"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("format.npy", _npy(np.array("gradscape-landscape-1")))
        zf.writestr("theta.npy", header.getvalue() + b"\0" * 64)
    with pytest.raises(ValueError, match="theta"):
        Landscape.load(path)


def _npy(a):
    import io

    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


def test_a_file_written_before_the_rename_still_opens(land, tmp_path):
    """Landscapes saved as losscape's (format "losscape-landscape-1") load unchanged."""
    land.save(tmp_path / "new.npz")
    arrays = _arrays(tmp_path / "new.npz")
    assert str(arrays["format"]) == "gradscape-landscape-1"
    arrays["format"] = np.array("losscape-landscape-1")
    _write(tmp_path / "old.npz", arrays)
    old = Landscape.load(tmp_path / "old.npz")
    assert np.array_equal(old.loss_grid, land.loss_grid) and np.array_equal(old.theta, land.theta)
    arrays["format"] = np.array("someone-else-1")
    _write(tmp_path / "other.npz", arrays)
    with pytest.raises(ValueError, match="format"):
        Landscape.load(tmp_path / "other.npz")
