"""tinynet._compat gives CPython's answers (it stands in for them on MicroPython)."""

import math
import numbers

import pytest

from tinynet import _compat

FLOATS = [0.0, -0.0, 1.0, -3.0, 0.5, -2.5, 1e300, 2.0 ** 53, 2.0 ** 53 + 2, 1e-300, 5e-324,
          math.pi, float("inf"), float("-inf"), float("nan")]


@pytest.mark.parametrize("value", FLOATS)
def test_is_integer_is_float_is_integer(value):
    assert _compat.is_integer(value) is value.is_integer()


@pytest.mark.parametrize("value, expected", [
    ([1, 2], True), ((1,), True), (range(3), True), ("ab", True), (iter([]), True),
    ((x for x in []), True), ({}, True), (1, False), (1.5, False), (None, False),
])
def test_is_iterable(value, expected):
    assert _compat.is_iterable(value) is expected


def test_number_types_are_the_abstract_ones_here():
    assert _compat.Integral is numbers.Integral
    assert _compat.Real is numbers.Real
    assert _compat.Number is numbers.Number


def test_getenv(monkeypatch):
    monkeypatch.setenv("TINYNET_COMPAT_TEST", "yes")
    assert _compat.getenv("TINYNET_COMPAT_TEST") == "yes"
    monkeypatch.delenv("TINYNET_COMPAT_TEST")
    assert _compat.getenv("TINYNET_COMPAT_TEST", "default") == "default"


def test_perf_counter_is_monotonic():
    first = _compat.perf_counter()
    assert _compat.perf_counter() >= first


def test_a_misspelt_activation_or_loss_gets_a_suggestion():
    import pytest

    from tinynet import Dense, Network

    with pytest.raises(ValueError, match=r"'sigmod' \(did you mean 'sigmoid'\?\)"):
        Dense(2, 1, "sigmod")
    with pytest.raises(ValueError, match=r"did you mean 'crossentropy'"):
        Network([Dense(2, 2, "softmax")], loss="crossentropy_")
    with pytest.raises(ValueError) as info:
        Dense(2, 1, "zzzz")
    assert "did you mean" not in str(info.value)
