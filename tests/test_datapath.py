"""The data path: checks at C speed with the same rules as the pure checker, buffers, Dataset."""

import array
import ast
import decimal
import fractions
import os
import re
import sys

import pytest

from tinynet import Dataset, Dense, Network, backends, inputs

NAN, INF = float("nan"), float("inf")
XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]]
XOR_Y = [0, 1, 1, 0]


def compiled():
    try:
        return backends.get("cython")
    except ImportError:
        return None


CHECKERS = [None] + ([compiled()] if compiled() is not None else [])


def outcome(X, width, fast):
    """What flat_rows makes of X: the floats, or the exception's type and message."""
    try:
        n, flat = inputs.flat_rows(X, width, "X", fast)
        return ("ok", n, list(flat))
    except (TypeError, ValueError) as exc:
        return (type(exc).__name__, str(exc))


class LyingFloat:
    """Not a number, but float() works on it: array('d') would take it."""

    def __float__(self):
        return 0.5


class FloatSub(float):
    pass


class IntSub(int):
    pass


class BadFloatSub(float):
    def __float__(self):
        return "0.5"


ACCEPTED = [0.25, -3, 0, True, False, FloatSub(1.5), IntSub(7), fractions.Fraction(1, 4),
            2 ** 1000, -(2 ** 1000)]
REFUSED = [
    (NAN, ValueError, r"X\[1\]\[1\] is nan: NaN"), (INF, ValueError, r"X\[1\]\[1\] is inf"),
    (-INF, ValueError, "is -inf"), (10 ** 400, ValueError, "too large to be a float"),
    (-(10 ** 400), ValueError, "too large"), ("1", TypeError, "is '1', which is not a number"),
    (None, TypeError, "not a number"), (b"1", TypeError, "not a number"),
    (decimal.Decimal("0.5"), TypeError, "not a number"), (1j, TypeError, "not a number"),
    (LyingFloat(), TypeError, "not a number"), ([1], TypeError, "not a number"),
    (BadFloatSub(0.5), TypeError, r"X\[1\]\[1\] .*does not convert to a float"),
    (FloatSub("nan"), ValueError, "NaN"),
]


@pytest.mark.parametrize("value", ACCEPTED, ids=repr)
def test_real_numbers_are_taken_by_both_checkers(value):
    X = [[0.0, 1.0], [2.0, value], (3, 4.5)]
    results = [outcome(X, 2, fast) for fast in CHECKERS]
    assert results[0] == ("ok", 3, [0.0, 1.0, 2.0, float(value), 3.0, 4.5])
    assert all(r == results[0] for r in results)


@pytest.mark.parametrize("value, exc, pattern", REFUSED, ids=lambda v: repr(v)[:20])
def test_what_is_not_a_finite_real_number_is_refused_the_same_way(value, exc, pattern):
    X = [[0.0, 1.0], [2.0, value], [3.0, 4.0]]
    results = [outcome(X, 2, fast) for fast in CHECKERS]
    assert results[0][0] == exc.__name__
    assert re.search(pattern, results[0][1]), results[0]
    assert all(r == results[0] for r in results)


@pytest.mark.parametrize("X, pattern", [
    ([[0, 0], [0, 1, 1]], r"X row 1 has 3 values, but 2 are needed"),
    ([[0, 0], 5], r"X row 1 is 5, not a list"),
    ([[0, 0], "ab"], r"X row 1 is 'ab'"),
    ([[0, 0], [0]], r"X row 1 has 1 values"),
    ([], r"X is empty"),
    ([0, 1], r"flat list of numbers"),
])
def test_shapes_are_refused_the_same_way(X, pattern):
    results = [outcome(X, 2, fast) for fast in CHECKERS]
    assert re.search(pattern, results[0][1]), results[0]
    assert all(r == results[0] for r in results)


def test_rows_of_every_kind_give_the_same_floats():
    rows = [[1, 2.5], (3, 4), iter([5.0, 6]), array.array("d", [7, 8]), [True, 0.125]]
    expected = [1.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 1.0, 0.125]
    for fast in CHECKERS:
        assert outcome(list(rows[:2]) + [iter([5.0, 6])] + rows[3:], 2, fast) == ("ok", 5, expected)
    # a long table with a bad value at the end: the fast path hands over at the right row
    for fast in CHECKERS:
        big = [[float(i), float(-i)] for i in range(1000)] + [[1.0, NAN]]
        assert outcome(big, 2, fast) == ("ValueError", "X[1000][1] is nan: NaN and infinity are not allowed")


def test_fill_rows_never_writes_past_its_buffer():
    C = compiled()
    if C is None:
        pytest.skip("compiled backend not built")
    out = array.array("d", [0.0] * 3)
    with pytest.raises(ValueError, match="out must hold"):
        C.fill_rows([[1.0, 2.0], [3.0, 4.0]], 0, 2, out)
    with pytest.raises(ValueError):
        C.fill_rows([[1.0]], -1, 1, out)
    with pytest.raises(ValueError):
        C.fill_rows([[1.0]], 0, 0, out)
    assert C.fill_rows([[1.0, 2.0], [3.0, "x"]], 0, 2, array.array("d", [0.0] * 4)) == 1
    assert C.fill_rows([[1.0], [2.0]], 5, 1, out) == 2  # a start past the end takes nothing


def test_fill_rows_takes_tuples_and_stops_at_everything_else():
    C = compiled()
    if C is None:
        pytest.skip("compiled backend not built")
    out = array.array("d", [-1.0] * 6)
    assert C.fill_rows([(1, 2.5), [3, 4.0], (5.0, 6)], 0, 2, out) == 3
    assert list(out) == [1.0, 2.5, 3.0, 4.0, 5.0, 6.0]
    for bad in ([1.0], [1.0, 2.0, 3.0], array.array("d", [1, 2]), iter([1.0, 2.0]), "ab", 5, None,
                [1.0, True], [1.0, FloatSub(2.0)], [1.0, IntSub(2)], [1.0, 2 ** 1024], [1.0, NAN],
                [INF, 1.0], [1.0, LyingFloat()], [1.0, "2"]):
        assert C.fill_rows([[0.0, 0.0], bad, [1.0, 1.0]], 0, 2, out) == 1, bad
    assert C.fill_rows([[0.0, 2 ** 1023], [1.0, -(2 ** 1023)]], 0, 2, out) == 2  # big ints that fit a double


def test_rows_give_the_same_bits_with_and_without_c():
    values = [-0.0, 0.0, 5e-324, -1.7976931348623157e308, 2 ** 1023, -(2 ** 53) - 1, 2 ** 1024 - 2 ** 970,
              True, FloatSub(-0.0), IntSub(-5), fractions.Fraction(-1, 3)]
    try:
        import numpy as np
    except ImportError:
        pass
    else:
        values += [np.float64(-0.0), np.float32(0.1), np.int64(-7), np.uint64(2 ** 64 - 1), np.bool_(True),
                   np.float64("nan"), np.int8(3)]
    for value in values:
        X = [[0.5, 1], (value, 2.5), [3, value]]
        results = []
        for fast in CHECKERS:
            try:
                results.append(("ok", inputs.flat_rows(X, 2, "X", fast)[1].tobytes()))
            except (TypeError, ValueError) as exc:
                results.append((type(exc).__name__, str(exc)))
        assert all(r == results[0] for r in results), value


# --------------------------------------------------------------- targets (y)


class Index:
    """Has ``__index__`` (like NumPy's integers) but is no int."""

    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value

    def __repr__(self):
        return "Index(%d)" % self.value


def target_outcome(y, width, loss, fast):
    """What target_array makes of y: the floats (their bits), or the exception's type and message."""
    try:
        return ("ok", inputs.target_array(y, len(y), width, loss, "y", fast).tobytes())
    except (TypeError, ValueError) as exc:
        return (type(exc).__name__, str(exc))


def pure_targets(y, width, loss):
    """What the readable checker (as_targets, a list) makes of y: the floats' bits, or the error."""
    try:
        return ("ok", array.array("d", inputs.as_targets(y, len(y), width, loss)).tobytes())
    except (TypeError, ValueError) as exc:
        return (type(exc).__name__, str(exc))


HOSTILE_TARGETS = [0, 2, 1.0, 2.0, 0.5, -0.0, -1, 3, True, False, 2 ** 1024, -(2 ** 1024), 2 ** 70, NAN, INF,
                   -INF, FloatSub(0.25), FloatSub(1.0), IntSub(1), fractions.Fraction(1, 2),
                   decimal.Decimal(1), LyingFloat(), BadFloatSub(1.0), Index(1), "1", None, 1j,
                   [1], (2,), [0.5], [0.0, 1.0, 0.0], (0.0, 0.0, 1.0), [0.2, 0.2, 0.6], [1, 1, 0],
                   [NAN, 0.0, 1.0], [True, False, False], [], [1.0, 2 ** 1024, 0.0], iter([0.0, 1.0, 0.0])]


@pytest.mark.parametrize("loss, width", [("crossentropy", 3), ("mse", 1), ("mse", 3),
                                         ("binary_crossentropy", 1), ("binary_crossentropy", 2),
                                         ("hinge", 1)])
@pytest.mark.parametrize("value", HOSTILE_TARGETS, ids=lambda v: repr(v)[:24])
def test_targets_are_checked_the_same_with_and_without_c(value, loss, width):
    clean = {"crossentropy": 1, "mse": 0.5, "binary_crossentropy": 1.0, "hinge": -1}[loss]
    if width > 1 and loss != "crossentropy":
        clean = [0.0] * (width - 1) + [1.0]
    y = [clean, clean, value, clean]
    if hasattr(value, "__next__"):
        y = [clean, clean, iter([0.0, 1.0, 0.0]), clean]  # a fresh generator for each reader
    expected = pure_targets(list(y), width, loss)
    for fast in CHECKERS:
        if hasattr(value, "__next__"):
            y[2] = iter([0.0, 1.0, 0.0])
        assert target_outcome(list(y), width, loss, fast) == expected, fast


def test_class_labels_at_c_speed_match_the_readable_checker():
    y = [i % 10 for i in range(1000)] + [2.0, [7], FloatSub(3.0), 9]
    expected = inputs.as_targets(y, len(y), 10, "crossentropy")
    for fast in CHECKERS:
        flat = inputs.target_array(y, len(y), 10, "crossentropy", "y", fast)
        assert isinstance(flat, array.array) and flat.tobytes() == array.array("d", expected).tobytes()
        assert target_outcome(y + [10], 10, "crossentropy", fast) == (
            "ValueError", "y[1004] is 10, but class labels for this network must be whole numbers from 0 to 9")
        assert target_outcome(y[:500] + [True] + y, 10, "crossentropy", fast)[1].startswith("y[500] is True")
    assert list(inputs.target_array([0, 1], 2, 2, "crossentropy")) == [1.0, 0.0, 0.0, 1.0]


def test_numpy_targets_match_the_readable_checker():
    np = pytest.importorskip("numpy")
    cases = [([np.int64(2), np.int32(0), np.uint8(1)], 3, "crossentropy"),
             ([np.float64(2.0), np.bool_(True), np.int64(5)], 3, "crossentropy"),
             ([np.float64(0.5), np.float32(0.25), np.int64(3), np.float64("nan")], 1, "mse"),
             ([np.float64(0.5), np.int8(2)], 1, "binary_crossentropy"),
             (np.array([0, 2, 1]), 3, "crossentropy"), (np.array([[0.5, 1.0]] * 3), 2, "mse"),
             ([np.array([0.0, 1.0, 0.0]), np.array([1.0, 0.0, 0.0])], 3, "crossentropy")]
    for y, width, loss in cases:
        expected = pure_targets(y, width, loss)
        for fast in CHECKERS:
            assert target_outcome(y, width, loss, fast) == expected, (y, loss)


def test_fill_labels_and_fill_numbers_stay_inside_their_buffers():
    C = compiled()
    if C is None:
        pytest.skip("compiled backend not built")
    out = array.array("d", [7.0] * 6)
    for call in (lambda: C.fill_labels([0, 1], 0, 3, array.array("d", [0.0] * 5)),   # out too small
                 lambda: C.fill_labels([0], -1, 3, out), lambda: C.fill_labels([0], 0, 0, out),
                 lambda: C.fill_labels([0], 0, -3, out), lambda: C.fill_labels([0], 0, 2 ** 62, out),
                 lambda: C.fill_numbers([0.5] * 7, 0, 0.0, 1.0, out),
                 lambda: C.fill_numbers([0.5], -2, 0.0, 1.0, out),
                 lambda: C.fill_rows([[0.5]] * 2, 0, 2 ** 62, out), lambda: C.fill_rows([[0.5]], 0, -1, out)):
        with pytest.raises(ValueError, match="out must hold"):
            call()
    assert list(out) == [7.0] * 6  # nothing written by a refused call
    with pytest.raises(TypeError):
        C.fill_labels((0, 1), 0, 3, out)  # a list, nothing else
    for call in (lambda: C.fill_rows(None, 0, 1, out), lambda: C.fill_labels(None, 0, 1, out),
                 lambda: C.fill_numbers(None, 0, 0.0, 1.0, out), lambda: C.fill_rows([], 0, 1, None),
                 lambda: C.fill_labels([], 0, 1, None), lambda: C.fill_numbers([], 0, 0.0, 1.0, None)):
        with pytest.raises(TypeError):
            call()
    with pytest.raises(TypeError):
        C.fill_labels([0, 1], 0, 3, [0.0] * 6)  # out is a buffer of doubles
    for wrong in (bytearray(8), memoryview(array.array("d", [0.0])).toreadonly(), array.array("f", [0.0])):
        with pytest.raises((TypeError, ValueError, BufferError)):
            C.fill_numbers([0.5], 0, 0.0, 1.0, wrong)  # a writable buffer of doubles, nothing else
    assert C.fill_labels([0, 1], 5, 3, out) == 2 and C.fill_numbers([0.5], 9, 0.0, 1.0, out) == 1
    assert C.fill_labels([], 0, 3, array.array("d")) == 0 and C.fill_numbers([], 0, 0.0, 1.0, array.array("d")) == 0
    nine = array.array("d", [7.0] * 9)
    assert C.fill_labels([2, 0, 2 ** 64], 0, 3, nine) == 2
    assert list(nine) == [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 7.0, 7.0, 7.0]
    assert C.fill_labels([0, 2, 1], 1, 3, nine) == 3  # from start on; the rows before stay as they are
    assert list(nine) == [0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0]
    for bad in (-1, 3, True, 1.0, IntSub(1), Index(1), 2 ** 64, -(2 ** 64), None, [1]):
        assert C.fill_labels([0, bad], 0, 3, out) == 1, bad
    for bad, low, high in ((1.5, 0.0, 1.0), (-0.5, 0.0, 1.0), (2, 0.0, 1.0), (True, 0.0, 1.0), (NAN, -INF, INF),
                           (INF, -INF, INF), (2 ** 1024, -INF, INF), (FloatSub(0.5), 0.0, 1.0), ("0.5", 0.0, 1.0)):
        assert C.fill_numbers([0.5, bad], 0, low, high, out) == 1, bad
    assert C.fill_numbers([0.5, 1, 0, -0.0], 0, 0.0, 1.0, out) == 4 and list(out[:4]) == [0.5, 1.0, 0.0, -0.0]
    assert C.fill_numbers([0.5], 0, NAN, NAN, out) == 0  # NaN bounds take nothing


# ------------------------------------------------------------------ buffers


def test_buffers_of_doubles_are_read_without_tolist():
    np = pytest.importorskip("numpy")
    table = np.arange(24, dtype=np.float64).reshape(6, 4) / 8.0
    layouts = {"C": table, "Fortran": np.asfortranarray(table), "every other column":
               np.ascontiguousarray(np.repeat(table, 2, axis=1))[:, ::2],
               "transposed twice": table.T.copy().T, "read-only": table.copy(),
               "memoryview": memoryview(table)}
    layouts["read-only"].flags.writeable = False
    expected = table.ravel().tolist()
    for name, X in layouts.items():
        for fast in CHECKERS:
            n, flat = inputs.flat_rows(X, 4, "X", fast)
            assert (n, list(flat)) == (6, expected), name
    for fast in CHECKERS:  # contiguous: a view of the caller's numbers, not a copy
        n, flat = inputs.flat_rows(table, 4, "X", fast)
        assert isinstance(flat, memoryview) and np.shares_memory(np.asarray(flat), table)
    column = array.array("d", [1.0, 2.0, 3.0])
    for fast in CHECKERS:
        assert outcome(column, 1, fast) == ("ok", 3, [1.0, 2.0, 3.0])
        assert "flat list" in outcome(column, 2, fast)[1]


@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_nan_in_a_buffer_is_named_by_row_and_column(layout):
    np = pytest.importorskip("numpy")
    table = np.zeros((5, 3))
    table[3, 2] = np.inf
    X = {"C": table, "F": np.asfortranarray(table),
         "strided": np.repeat(table, 2, axis=0)[::2]}[layout]
    for fast in CHECKERS:
        assert outcome(X, 3, fast) == ("ValueError", "X[3][2] is inf: NaN and infinity are not allowed")
        assert "X row 0 has 3 values, but 4 are needed" in outcome(X, 4, fast)[1]
    assert outcome(np.zeros((0, 3)), 3, None)[1].startswith("X is empty")


def test_other_dtypes_still_work():
    np = pytest.importorskip("numpy")
    for X in (np.array(XOR_X, dtype=np.float32), np.array(XOR_X, dtype=">f8"),
              np.array(XOR_X, dtype=np.int64), np.array(XOR_X, dtype=np.float64)[:, :, None][:, :, 0]):
        for fast in CHECKERS:
            assert outcome(X, 2, fast) == ("ok", 4, [0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0])


@pytest.mark.parametrize("backend_name", backends.available())
def test_fit_from_a_numpy_array_equals_fit_from_lists(backend_name):
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 5))
    y = rng.integers(0, 3, size=40)
    results = []
    for data in (X.tolist(), X, np.asfortranarray(X), X.copy()[:, ::-1][:, ::-1]):
        net = Network([Dense(5, 6, "tanh"), Dense(6, 3, "softmax")], loss="crossentropy", seed=1)
        h = net.fit(data, y, epochs=3, batch_size=8, verbose=0, backend=backend_name,
                    validation_split=0.25)
        results.append(([layer.weights for layer in net.layers], h.history,
                        net.predict(data, backend=backend_name), net.predict(data[0], backend=backend_name)))
    assert all(r == results[0] for r in results)


# ------------------------------------------------------------------ Dataset


def softmax_net():
    return Network([Dense(2, 3, "tanh"), Dense(3, 3, "softmax")], loss="crossentropy", seed=0)


@pytest.mark.parametrize("backend_name", backends.available())
def test_a_dataset_trains_exactly_like_the_lists(backend_name):
    X, y = [[0.1, 0.9], [0.8, 0.2], [0.5, 0.5], [0.3, 0.1]] * 3, [0, 1, 2, 1] * 3
    data, val = Dataset(X, y), Dataset(X[:4], y[:4])
    a, b = softmax_net(), softmax_net()
    for _ in range(3):  # training in a loop, one epoch per call
        ha = a.fit(X, y, epochs=1, batch_size=5, verbose=0, backend=backend_name,
                   validation_data=(X[:4], y[:4]))
        hb = b.fit(data, epochs=1, batch_size=5, verbose=0, backend=backend_name,
                   validation_data=val)
        assert ha.history == hb.history
    assert [layer.weights for layer in a.layers] == [layer.weights for layer in b.layers]
    assert a.predict(X, backend=backend_name) == b.predict(data, backend=backend_name)
    assert a.evaluate(X, y, backend=backend_name) == b.evaluate(data, backend=backend_name)
    assert len(data) == 12 and data.n_features == 2 and data.has_targets


def test_a_dataset_keeps_its_own_copy():
    X, y = [[0.0, 1.0], [1.0, 0.0]], [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    data = Dataset(X, y)
    X[0][0] = NAN
    y[1][0] = NAN  # changed after the check: the Dataset does not see it
    net = softmax_net()
    net.fit(data, epochs=1, verbose=0)
    assert net.evaluate(data)["samples"] == 2
    np = pytest.importorskip("numpy")
    table = np.array([[0.0, 1.0], [1.0, 0.0]])
    data = Dataset(table, [0, 1])
    table[0, 0] = np.nan
    assert softmax_net().predict(data)[0] == softmax_net().predict([[0.0, 1.0]])[0]


def test_dataset_errors():
    with pytest.raises(ValueError, match=r"X\[1\]\[0\] is nan"):
        Dataset([[0, 1], [NAN, 1]], [0, 1])
    with pytest.raises(ValueError, match="X row 1 has 3 values, but 2 are needed"):
        Dataset([[0, 1], [0, 1, 2]])
    with pytest.raises(ValueError, match="X has 2 samples but y has 3"):
        Dataset([[0, 1], [1, 0]], [0, 1, 1])
    net = softmax_net()
    with pytest.raises(ValueError, match=r"y\[1\] is 5, but class labels"):
        net.fit(Dataset([[0, 1], [1, 0]], [0, 5]), epochs=1, verbose=0)  # y is checked against the loss
    with pytest.raises(TypeError, match="has no targets"):
        net.fit(Dataset([[0, 1], [1, 0]]), epochs=1, verbose=0)
    assert len(net.predict(Dataset([[0, 1], [1, 0]]))) == 2
    with pytest.raises(ValueError, match="3 values each, but the network takes 2 inputs"):
        net.predict(Dataset([[0, 1, 2]]))
    with pytest.raises(TypeError, match="inside the Dataset"):
        net.fit(Dataset(XOR_X, XOR_Y), XOR_Y, epochs=1, verbose=0)
    with pytest.raises(TypeError, match="y must be a list"):
        net.fit(XOR_X, epochs=1, verbose=0)


def test_dataset_targets_are_checked_once_per_loss():
    data = Dataset(XOR_X, XOR_Y)
    first = data.targets(1, "mse")
    assert data.targets(1, "mse") is first  # kept
    assert list(data.targets(3, "crossentropy")[0][:3]) == [1.0, 0.0, 0.0]


# ------------------------------------------------------------ MicroPython


def test_the_checker_does_not_import_numbers():
    here = os.path.join(os.path.dirname(__file__), "..", "tinynet")
    for module in ("inputs.py", "dataset.py"):
        with open(os.path.join(here, module)) as f:
            tree = ast.parse(f.read())
        names = [alias.name for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                 for alias in node.names] + [node.module for node in ast.walk(tree)
                                             if isinstance(node, ast.ImportFrom) and node.module]
        assert "numbers" not in names and "importlib" not in names, module


def test_without_the_numbers_module_int_and_float_still_pass(monkeypatch):
    monkeypatch.delitem(sys.modules, "numbers")  # as on MicroPython (Fraction cannot exist there)
    assert inputs.finite_number(3, "x") == 3.0 and inputs.finite_number(True, "x") == 1.0
    assert inputs.finite_floats([1, 2.5, FloatSub(2)], "x") == [1.0, 2.5, 2.0]
    with pytest.raises(TypeError, match="not a number"):
        inputs.finite_number(decimal.Decimal(1), "x")
    with pytest.raises(TypeError, match="not a number"):
        inputs.finite_number(True, "x", allow_bool=False)


# ---------------------------------------------------------------- the weights, checked on every fit

def layer_outcome(layer, fast):
    """What one layer's parameters become (network._layer_flat): floats, or the error."""
    from tinynet import network

    try:
        return ("ok", list(network._layer_flat(layer, fast)))
    except (TypeError, ValueError) as exc:
        return (type(exc).__name__, str(exc))


WEIGHT_VALUES = [0.5, -3, 2 ** 1000, FloatSub(1.5), IntSub(7), fractions.Fraction(1, 4),
                 True, NAN, INF, -INF, "0.5", None, LyingFloat(), BadFloatSub(2.0), 2 ** 2000]


@pytest.mark.parametrize("value", WEIGHT_VALUES, ids=repr)
@pytest.mark.parametrize("where", ["weight", "bias"])
def test_weights_changed_in_place_are_checked_the_same_with_and_without_c(value, where):
    layer = Dense(3, 2, "tanh", seed=1)
    if where == "weight":
        layer.weights[2][1] = value  # in place: no setter sees it
    else:
        layer.bias[1] = value
    results = [layer_outcome(layer, fast) for fast in CHECKERS]
    assert all(r == results[0] for r in results)
    accepted = not isinstance(value, (bool, str, LyingFloat, BadFloatSub)) and value is not None
    if isinstance(value, float) and not -1e308 < value < 1e308 or value == 2 ** 2000:
        accepted = False
    assert (results[0][0] == "ok") == accepted, results[0]


@pytest.mark.parametrize("change", ["short row", "tuple row", "extra row", "numpy row"])
def test_reshaped_weights_are_checked_the_same_with_and_without_c(change):
    layer = Dense(3, 2, "tanh", seed=1)
    if change == "short row":
        layer.weights[0] = [0.5]
    elif change == "tuple row":
        layer.weights[0] = (0.5, 0.25)
    elif change == "extra row":
        layer.weights.append([0.5, 0.25])
    else:
        np = pytest.importorskip("numpy")
        layer.weights[1] = np.array([0.5, 0.25])
    results = [layer_outcome(layer, fast) for fast in CHECKERS]
    assert all(r == results[0] for r in results)
    assert (results[0][0] == "ok") == (change == "tuple row"), results[0]  # a NumPy row in place is refused


def test_a_nan_put_into_the_weights_in_place_stops_fit():
    net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=0)
    net.layers[1].weights[2][0] = NAN
    with pytest.raises(ValueError, match=r"layer 1: weights\[2\]\[0\] is nan"):
        net.fit(XOR_X, XOR_Y, epochs=1, verbose=0)
