"""The benchmark's peers compute the same maths as tinynet (speed itself is never asserted here)."""

import math

import pytest

from tinynet import activations, bench
from tinynet.backends import python as pure

np = pytest.importorskip("numpy")

POINTS = [-30.0, -2.5, -0.75, -1e-9, 0.0, 1e-9, 0.3, 1.0, 4.0, 30.0]


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)


def test_every_activation_of_the_table_has_a_numpy_form():
    forms = bench.numpy_forms(np)
    assert list(forms) == [record.name for record in activations.TABLE]


@pytest.mark.parametrize("record", activations.TABLE, ids=lambda r: r.name)
def test_each_numpy_form_gives_the_tables_numbers(record):
    f, slope = bench.numpy_forms(np)[record.name]
    if record.row_wise:
        row = np.array([POINTS])
        got = f(row)[0]
        assert all(close(g, e) for g, e in zip(got, record.function(POINTS)))
        assert slope is None and record.slope is None
        return
    for z in POINTS:
        a = record.function(z)
        assert close(float(f(np.array([z]))[0]), a), (record.name, z)
        assert close(float(np.broadcast_to(slope(np.array([a])), (1,))[0]), record.slope(a)), (record.name, z)


def test_a_missing_numpy_form_is_a_clear_error(monkeypatch):
    extra = activations.Activation("swish", None, None, "", "he")
    monkeypatch.setattr(bench, "_ACTIVATIONS", activations.TABLE + (extra,))
    with pytest.raises(NotImplementedError, match="swish"):
        bench.numpy_forms(np)


@pytest.mark.parametrize("name", ["xor", "iris"])
def test_the_numpy_peer_trains_like_the_pure_loop(name):
    wl = bench.load_workload(name)
    epochs = 20
    expected = bench._loop_trainer(pure, wl)(epochs)
    got = bench.numpy_trainer(wl)(epochs)
    assert len(got) == len(expected)
    assert max(abs(g - e) for g, e in zip(got.tolist(), expected)) < 1e-9
