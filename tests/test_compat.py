"""tinynet._compat gives CPython's answers (it stands in for them on MicroPython)."""

import decimal
import fractions
import json
import math
import numbers
import operator
import os
import sys

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


NUMBER_KINDS = [
    (3, True, True, True), (True, True, True, True), (2.5, True, False, True),
    (fractions.Fraction(1, 3), True, False, True), (decimal.Decimal(1), False, False, True),
    (1 + 2j, False, False, True), ("1", False, False, False), (None, False, False, False),
    ([1], False, False, False),
]


@pytest.mark.parametrize("value, real, integral, number", NUMBER_KINDS)
def test_number_checks_are_isinstance_against_the_numbers_tower(value, real, integral, number):
    assert _compat.is_real(value) is real is isinstance(value, numbers.Real)
    assert _compat.is_integral(value) is integral is isinstance(value, numbers.Integral)
    assert _compat.is_number(value) is number is isinstance(value, numbers.Number)


def test_number_checks_without_the_numbers_module(monkeypatch):
    # as on MicroPython: no numbers module, so no Fraction can exist; the built-ins still count
    monkeypatch.delitem(sys.modules, "numbers")
    assert _compat.is_real(2.5) and _compat.is_real(True) and _compat.is_integral(3)
    assert not _compat.is_real(fractions.Fraction(1, 3)) and not _compat.is_integral(2.0)
    assert _compat.is_number(1j) and not _compat.is_number("1")


class Index:
    def __index__(self):
        return 7


@pytest.mark.parametrize("value", [0, -5, 2 ** 70, True, Index()])
def test_index_is_operator_index(value):
    assert _compat.index(value) == operator.index(value) and type(_compat.index(value)) is int


@pytest.mark.parametrize("value", [1.0, "1", None, b"1", [1], fractions.Fraction(2, 1)])
def test_index_refuses_what_operator_index_refuses(value):
    with pytest.raises(TypeError):
        operator.index(value)
    with pytest.raises(TypeError):
        _compat.index(value)


def test_training_warning_is_a_user_warning():
    from tinynet import TrainingWarning

    assert _compat.UserWarning is UserWarning and issubclass(TrainingWarning, UserWarning)
    with pytest.warns(TrainingWarning, match="careful"):
        _compat.warn("careful", TrainingWarning)


def test_warn_without_the_warnings_module_prints_to_stderr(monkeypatch, capsys):
    monkeypatch.setattr(_compat, "warnings", None)
    _compat.warn("careful", UserWarning)
    assert capsys.readouterr().err == "UserWarning: careful\n"


def test_file_helpers_are_the_os_ones_here(tmp_path):
    assert _compat.replace is os.replace and _compat.FileNotFoundError is FileNotFoundError
    assert _compat.fspath(tmp_path) == str(tmp_path) and _compat.getpid() == os.getpid()
    with pytest.raises(OSError) as info:
        os.stat(str(tmp_path / "missing"))
    assert _compat.is_missing(info.value)
    with pytest.raises(OSError) as info:
        os.rmdir(str(tmp_path / "missing"))
    assert _compat.is_missing(info.value) and not _compat.is_missing(OSError(13, "denied"))


def test_write_new_creates_once(tmp_path):
    path = str(tmp_path / "new.bin")
    assert _compat.write_new(path, b"first") is True
    assert _compat.write_new(path, b"second") is False
    with open(path, "rb") as f:
        assert f.read() == b"first"


def test_require_names_the_module_and_the_feature():
    assert _compat.require("json", "tinynet.saving") is json
    with pytest.raises(ImportError, match=r"tinynet\.cli needs the 'no_such_module_here' module"):
        _compat.require("no_such_module_here", "tinynet.cli")


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


def test_fileio_without_file_descriptors_as_on_micropython(tmp_path, monkeypatch):
    # MicroPython's os has no open (so no descriptors) and no fsync: fileio writes and reads through open()
    from tinynet import fileio

    path = str(tmp_path / "model.json")
    fileio.write_text(path, "old\n")
    errors = []
    with monkeypatch.context() as patch:
        patch.delattr(os, "open")
        patch.delattr(os, "fsync")
        fileio.write_text(path, "new\n")
        text = fileio.read_text(path, "model")
        for action, args in ((fileio.read_text, (str(tmp_path / "missing.json"), "model")),
                             (fileio.read_text, (str(tmp_path), "model")),
                             (fileio.write_text, (str(tmp_path / "missing-folder" / "m.json"), "x"))):
            try:
                action(*args)
            except (OSError, ValueError) as exc:
                errors.append(exc)
    assert text == "new\n"
    assert sorted(os.listdir(str(tmp_path))) == ["model.json"]  # no temporary file left
    assert isinstance(errors[0], FileNotFoundError) and "does not exist" in str(errors[0])
    assert isinstance(errors[1], ValueError) and "is a folder" in str(errors[1])
    assert isinstance(errors[2], fileio.WriteError) and "missing-folder" in str(errors[2])


def test_an_optimizer_subclass_is_copied_as_itself(monkeypatch):
    """fit works on a copy of the caller's optimizer: same class, same settings, caller's untouched,
    with copy.copy and with the attribute-by-attribute fallback MicroPython uses."""
    import copy

    from tinynet import Adam, optimizers

    class WarmAdam(Adam):
        pass

    def refuse(obj):
        raise copy.Error("un(shallow)copyable object")

    for patched in (False, True):
        with monkeypatch.context() as patch:
            if patched:
                patch.setattr(copy, "copy", refuse)
            mine = WarmAdam(0.01, beta1=0.8)
            used = optimizers.get(mine, learning_rate=0.5)
        assert type(used) is WarmAdam and used is not mine
        assert (used.learning_rate, used.beta1) == (0.5, 0.8)
        assert mine.learning_rate == 0.01


def _hostile_sums():
    """Lists whose correctly rounded sum is hard: cancellation, ties, every exponent, overflow."""
    rng = __import__("random").Random(10)
    cases = [[], [0.0], [-0.0], [-0.0, -0.0], [1.0, 1e100, 1.0, -1e100], [1e308, -1e308, 1e308],
             [1.0, 2.0 ** -53], [1.0, 2.0 ** -53, 2.0 ** -106], [1.0, -(2.0 ** -53), -(2.0 ** -106)],
             [1.0 + 2.0 ** -52, 2.0 ** -53], [1.0 + 2.0 ** -52, 2.0 ** -53, 2.0 ** -160],
             [1.0 + 2.0 ** -52, 2.0 ** -53, -(2.0 ** -160)], [0.1] * 10, [5e-324] * 7, [1e16, 1.0, 1e-16],
             [2.0 ** 1023, -(2.0 ** 1023), 2.0 ** 1023], [1, 2, 3], [True, 0.5]]
    for _ in range(3000):
        n = rng.randrange(1, 40)
        kind = rng.randrange(3)
        if kind == 0:  # any exponent
            values = [rng.choice([-1, 1]) * rng.random() * 2.0 ** rng.randrange(-1074, 1000) for _ in range(n)]
        elif kind == 1:  # a few magnitudes that cancel
            values = [rng.choice([-1, 1]) * rng.choice([1.0, 2.0 ** -53, 2.0 ** -54, 2.0 ** 53, 1e-300, 0.1])
                      for _ in range(n)]
        else:  # values near 1 and their negations (large cancellation)
            values = [rng.uniform(-1, 1) for _ in range(n)]
            values += [-v for v in values[: n // 2]]
            rng.shuffle(values)
        cases.append(values)
    return cases


def test_fsum_in_python_gives_math_fsum_bits():
    # on MicroPython, where math has no fsum, the Standardizer sums with _compat's own
    import struct
    for values in _hostile_sums():
        ours, theirs = _compat._fsum(values), math.fsum(values)
        assert struct.pack("<d", ours) == struct.pack("<d", theirs), values


@pytest.mark.parametrize("values", [
    [math.inf, 1.0], [-math.inf, -math.inf], [1.0, math.nan], [math.inf, math.nan], [1e308, math.inf, 1e308],
])
def test_fsum_in_python_special_values(values):
    ours, theirs = _compat._fsum(values), math.fsum(values)
    assert ours == theirs or (math.isnan(ours) and math.isnan(theirs))


@pytest.mark.parametrize("values, error", [
    ([math.inf, -math.inf], ValueError), ([1e308, 1e308], OverflowError), ([1e308, 1e308, -1e308], OverflowError),
    ([math.inf, 1e308, 1e308], OverflowError),
])
def test_fsum_in_python_errors_as_math_fsum(values, error):
    with pytest.raises(error):
        math.fsum(values)
    with pytest.raises(error):
        _compat._fsum(values)


@pytest.mark.parametrize("count", [0, 1, 5, 1000])
def test_zeros_are_positive_zeros_in_an_array_of_doubles(count):
    from tinynet._compat import zeros

    made = zeros(count)
    assert made.typecode == "d" and made.tobytes() == bytes(8 * count)
