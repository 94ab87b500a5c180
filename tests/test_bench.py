"""The benchmark's peers compute the same maths as tinynet (speed itself is never asserted here)."""

import math
import os
import sys

import pytest

from tinynet import activations, bench
from tinynet.backends import python as pure

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from benchmarks import peak  # noqa: E402

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


def test_the_peak_benchmark_counts_two_flops_per_multiply_add():
    assert peak.peak_flops(1000) == 2 * 4 * peak.CHAINS * 1000  # 4 doubles per AVX2 vector
    assert peak.forward_flops(10000, 784, 128) == 2 * 10000 * 784 * 128
    assert peak.dot_macs(1797, 64, 32) == 3680256


def test_the_peak_benchmark_skips_with_a_reason(tmp_path, monkeypatch):
    from benchmarks import elementary_tools

    monkeypatch.setattr(elementary_tools, "find_compiler", lambda: None)
    assert peak.build_peak(str(tmp_path), instruction_sets=["avx2", "fma"]) == (
        None, "skipped: no C compiler (cc, gcc, clang or $CC) found")
    program, reason = peak.build_peak(str(tmp_path), compiler="/bin/false", instruction_sets=["sse2", "avx", "fma"])
    assert program is None and reason == "skipped: this CPU has no avx2 (the peak program needs AVX2 and FMA)"
    program, reason = peak.build_peak(str(tmp_path), compiler="/bin/false", instruction_sets=["avx2", "fma"])
    assert program is None and "could not compile" in reason
    program, reason = peak.build_peak(str(tmp_path), compiler=str(tmp_path / "no-such-cc"),
                                      instruction_sets=["avx2", "fma"])
    assert program is None and "could not run" in reason


def test_the_peak_program_checks_its_sum(tmp_path):
    program, reason = peak.build_peak(str(tmp_path))
    if program is None:
        pytest.skip(reason)
    for kind in ("muladd", "fma"):
        got = peak.run_peak(program, kind, 1000)  # a tiny run: its sum, not its speed
        assert got["sum"] == pytest.approx(48 * 1000 * 1.0000001e-9, rel=1e-9)
    with pytest.raises(ValueError, match="failed"):
        peak.run_peak(program, "neither", 1000)


def test_the_peak_fractions_divide_by_the_right_peak():
    results = {"peak mul-then-add (AVX2)": {"gflops": 40.0, "best_gflops": 50.0},
               "peak FMA (AVX2)": {"gflops": 80.0, "best_gflops": 80.0},
               "tinynet evaluate 784x128": {"gflops": 10.0, "best_gflops": 20.0},
               "numpy X@W+b 784x128": {"gflops": 20.0, "best_gflops": 40.0}}
    assert dict(peak.fractions(results)) == {
        "tinynet evaluate 784x128 / mul-then-add peak": 0.25, "numpy X@W+b 784x128 / FMA peak": 0.25}
    assert dict(peak.fractions(results, "best_gflops")) == {
        "tinynet evaluate 784x128 / mul-then-add peak": 0.4, "numpy X@W+b 784x128 / FMA peak": 0.5}
    assert peak.fractions({"tinynet evaluate 784x128": {"gflops": 10.0}}) == []  # no peak: no fraction
