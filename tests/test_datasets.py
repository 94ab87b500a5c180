"""Tests for tinynet.datasets: loaders, generators, load_csv, splitting, scalers."""

import gzip
import math
import os
import random
import statistics
import subprocess
import sys
from collections import Counter

import pytest

from tinynet import datasets as ds
from tinynet.datasets import (
    MinMaxScaler,
    Standardizer,
    load_csv,
    load_digits,
    load_gate,
    load_iris,
    load_tutorial,
    load_xor,
    make_circles,
    make_moons,
    make_spirals,
    train_test_split,
)

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(ds.__file__)), "data")


def _raw_rows(path, opener=open):
    """Read a data file ourselves, independently of the module under test."""
    with opener(path, "rt") as f:
        return [line.strip().split(",") for line in f if line.strip()]


# ---------------------------------------------------------------------------
# Toy data
# ---------------------------------------------------------------------------


def test_load_tutorial():
    X, y = load_tutorial()
    assert X == [[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]]
    assert y == [0, 1, 1, 0]
    assert all(isinstance(v, float) for row in X for v in row)
    assert all(type(v) is int for v in y)


@pytest.mark.parametrize("name, expected", [
    ("and", [0, 0, 0, 1]),
    ("or", [0, 1, 1, 1]),
    ("xor", [0, 1, 1, 0]),
    ("nand", [1, 1, 1, 0]),
    ("XOR", [0, 1, 1, 0]),
    (" And ", [0, 0, 0, 1]),
])
def test_load_gate(name, expected):
    X, y = load_gate(name)
    assert X == [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    assert all(isinstance(v, float) for row in X for v in row)
    assert y == expected
    assert all(type(v) is int for v in y)


def test_gate_outputs_match_python_operators():
    ops = {"and": lambda a, b: a & b, "or": lambda a, b: a | b,
           "xor": lambda a, b: a ^ b, "nand": lambda a, b: 1 - (a & b),
           "nor": lambda a, b: 1 - (a | b), "xnor": lambda a, b: 1 - (a ^ b)}
    for name, op in ops.items():
        X, y = load_gate(name)
        assert y == [op(int(a), int(b)) for a, b in X], name


def test_load_gate_unknown_lists_valid_names():
    with pytest.raises(ValueError) as info:
        load_gate("xnot")
    message = str(info.value)
    assert "xnot" in message
    for name in ("and", "or", "xor", "nand"):
        assert name in message
    with pytest.raises(TypeError):
        load_gate(1)


def test_load_xor():
    assert load_xor() == load_gate("xor")


def test_toy_loaders_return_fresh_lists():
    X, y = load_tutorial()
    X[0][0] = 99.0
    y.append(5)
    assert load_tutorial() == ([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], [0, 1, 1, 0])
    X, y = load_gate("and")
    X[0][0] = 99.0
    y[0] = 7
    assert load_gate("and")[0][0] == [0.0, 0.0]
    assert load_gate("and")[1][0] == 0


# ---------------------------------------------------------------------------
# Real datasets
# ---------------------------------------------------------------------------


def test_load_iris_shape_and_counts():
    X, y = load_iris()
    assert len(X) == len(y) == 150
    assert all(len(row) == 4 for row in X)
    assert all(isinstance(v, float) for row in X for v in row)
    assert all(type(v) is int for v in y)
    assert Counter(y) == {0: 50, 1: 50, 2: 50}


def test_load_iris_matches_raw_file():
    raw = _raw_rows(os.path.join(DATA_DIR, "iris.csv"))
    assert raw[0][:2] == ["150", "4"]
    X, y = load_iris()
    assert X[0] == [5.1, 3.5, 1.4, 0.2] and y[0] == 0
    assert X[-1] == [5.9, 3.0, 5.1, 1.8] and y[-1] == 2
    for i in (0, 1, 50, 100, 149):
        assert X[i] == [float(v) for v in raw[i + 1][:4]]
        assert y[i] == int(raw[i + 1][4])


def test_load_iris_names():
    X, y, target_names, feature_names = load_iris(return_names=True)
    assert len(X) == 150
    assert target_names == ["setosa", "versicolor", "virginica"]
    assert list(ds.IRIS_CLASSES) == target_names
    assert len(feature_names) == 4 and "petal" in feature_names[2]
    assert list(ds.IRIS_FEATURES) == feature_names


def test_load_iris_returns_fresh_lists():
    X, y = load_iris()
    X[0][0] = -1.0
    X.pop()
    y[0] = 9
    X2, y2 = load_iris()
    assert X2[0][0] == 5.1 and len(X2) == 150 and y2[0] == 0
    assert X2 is not X and X2[1] is not X[1]


def test_load_digits_shape_counts_values():
    X, y = load_digits()
    assert len(X) == len(y) == 1797
    assert all(len(row) == 64 for row in X)
    assert all(isinstance(v, float) for row in X for v in row)
    assert all(type(v) is int for v in y)
    values = {v for row in X for v in row}
    assert min(values) == 0.0 and max(values) == 16.0
    assert all(v.is_integer() and 0 <= v <= 16 for v in values)
    assert Counter(y) == {0: 178, 1: 182, 2: 177, 3: 183, 4: 181,
                          5: 182, 6: 181, 7: 179, 8: 174, 9: 180}


def test_load_digits_matches_raw_file():
    raw = _raw_rows(os.path.join(DATA_DIR, "digits.csv.gz"), gzip.open)
    X, y = load_digits()
    assert len(raw) == 1797
    for i in (0, 1, 900, 1796):
        assert X[i] == [float(v) for v in raw[i][:64]]
        assert y[i] == int(float(raw[i][64]))
    assert X[0][:8] == [0.0, 0.0, 5.0, 13.0, 9.0, 1.0, 0.0, 0.0]
    assert y[:3] == [0, 1, 2]


def test_load_digits_names_and_fresh_lists():
    X, y, target_names, feature_names = load_digits(return_names=True)
    assert target_names == [str(d) for d in range(10)]
    assert len(feature_names) == 64
    assert feature_names[0] == "pixel_0_0" and feature_names[63] == "pixel_7_7"
    X[0][2] = 100.0
    assert load_digits()[0][0][2] == 5.0


def test_no_numpy_imported():
    code = ("import sys, tinynet.datasets as d; d.load_iris(); d.make_moons(5); "
            "assert 'numpy' not in sys.modules, 'numpy was imported'")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    result = subprocess.run([sys.executable, "-c", code], cwd=root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("filename", ["iris.csv", "digits.csv.gz"])
def test_the_shipped_files_split_at_commas_as_the_csv_module_reads_them(filename):
    # load_iris/load_digits split lines at commas (MicroPython has no csv module):
    # on tinynet's own files that must be exactly what csv.reader reads
    import csv
    import io
    data = ds._read_data_file(filename)
    text = (gzip.decompress(data) if filename.endswith(".gz") else data).decode("utf-8")
    by_csv = [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    assert len(by_csv) in (151, 1797)
    assert ds._data_rows(text) == by_csv


def test_the_loaders_give_what_the_csv_module_reads():
    import csv
    with open(os.path.join(DATA_DIR, "iris.csv"), newline="") as f:
        rows = [row for row in csv.reader(f) if row]
    X, y, classes, _ = load_iris(return_names=True)
    assert [str(v) for v in rows[0]] == ["150", "4"] + classes
    assert X == [[float(v) for v in row[:4]] for row in rows[1:]]
    assert y == [int(row[4]) for row in rows[1:]]
    with gzip.open(os.path.join(DATA_DIR, "digits.csv.gz"), "rt", newline="") as f:
        rows = [row for row in csv.reader(f) if row]
    X, y = load_digits()
    assert X == [[float(v) for v in row[:64]] for row in rows]
    assert y == [int(float(row[64])) for row in rows]


def test_the_data_files_are_read_beside_the_module_without_importlib():
    # MicroPython has no importlib: the files are read from tinynet/data/ beside datasets.py.
    # A fresh process where neither csv, numbers, operator, functools nor importlib.resources
    # can be imported still imports tinynet.datasets and loads the shipped data.
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # The standard library's own modules may use operator and functools: import
    # them first (those a normal import of tinynet.datasets loads), then block.
    listed = subprocess.run([sys.executable, "-c", "import sys, tinynet.datasets; print(' '.join(sys.modules))"],
                            cwd=root, capture_output=True, text=True, check=True).stdout.split()
    blocked = ("csv", "numbers", "operator", "functools", "importlib.resources")
    stdlib = [name for name in listed if not name.startswith(("tinynet", "__main__") + blocked)]
    code = ("import sys, importlib\n"
            "for name in %r:\n"
            "    try:\n"
            "        importlib.import_module(name)\n"
            "    except ImportError:\n"
            "        pass\n" % (stdlib,) +
            "for name in %r:\n" % (blocked,) +
            "    sys.modules[name] = None\n"
            "if hasattr(importlib, 'resources'):\n"
            "    del importlib.resources  # else 'from importlib import resources' still finds it\n"
            "import tinynet.datasets as d\n"
            "X, y = d.load_iris(); assert len(X) == 150 and X[0] == [5.1, 3.5, 1.4, 0.2], X[0]\n"
            "X, y = d.load_digits(); assert len(X) == 1797 and y[:3] == [0, 1, 2]\n"
            "d.make_moons(20, seed=0); d.train_test_split(X, y, seed=0, stratify=True)\n"
            "d.Standardizer().fit(X)\n"
            "try:\n"
            "    d.load_csv('x.csv')\n"
            "except ImportError as exc:\n"
            "    print(exc)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "tinynet.datasets.load_csv needs the 'csv' module" in result.stdout


@pytest.mark.parametrize("call, feature", [
    (lambda path: load_csv(path), "tinynet.datasets.load_csv"),
    (lambda path: ds.read_csv_rows(path), "tinynet.datasets.read_csv_rows"),
    (lambda path: ds.read_feature_csv(str(path), 1), "tinynet.datasets.read_csv_rows"),
])
def test_without_csv_the_csv_readers_name_it(tmp_path, monkeypatch, call, feature):
    path = _write(tmp_path, "a,b\n1,2\n")
    monkeypatch.setitem(sys.modules, "csv", None)  # as on MicroPython
    with pytest.raises(ImportError, match="%s needs the 'csv' module" % feature):
        call(path)
    X, y = load_iris()  # the shipped data needs no csv module
    assert len(X) == 150


def test_without_gzip_load_digits_names_it(monkeypatch):
    monkeypatch.setattr(ds, "_PARSED", {})  # parse again
    monkeypatch.setitem(sys.modules, "gzip", None)  # a MicroPython built without deflate
    with pytest.raises(ImportError, match="tinynet.datasets.load_digits needs the 'gzip' module"):
        load_digits()
    assert len(load_iris()[0]) == 150


def test_each_shipped_file_is_parsed_once(monkeypatch):
    monkeypatch.setattr(ds, "_PARSED", {})
    reads = []
    real = ds._read_data_file
    monkeypatch.setattr(ds, "_read_data_file", lambda name: reads.append(name) or real(name))
    for _ in range(3):
        load_iris()
        load_digits()
    assert reads == ["iris.csv", "digits.csv.gz"]


# ---------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------

GENERATORS = [
    lambda **kw: make_moons(101, **kw),
    lambda **kw: make_circles(101, **kw),
    lambda **kw: make_spirals(101, n_classes=3, **kw),
]


@pytest.mark.parametrize("make", GENERATORS)
def test_generators_reproducible_and_seed_dependent(make):
    X1, y1 = make(seed=7)
    X2, y2 = make(seed=7)
    X3, y3 = make(seed=8)
    assert (X1, y1) == (X2, y2)
    assert X1 != X3
    assert len(X1) == len(y1) == 101
    assert all(len(p) == 2 and all(isinstance(v, float) for v in p) for p in X1)
    assert all(type(v) is int for v in y1)


@pytest.mark.parametrize("make", GENERATORS)
def test_generators_leave_global_random_alone(make):
    random.seed(123)
    state = random.getstate()
    make(seed=1)
    make(seed=None)
    assert random.getstate() == state


def test_seed_none_gives_different_data():
    assert make_moons(50, seed=None)[0] != make_moons(50, seed=None)[0]


def test_balanced_classes():
    assert Counter(make_moons(200, seed=0)[1]) == {0: 100, 1: 100}
    assert Counter(make_moons(201, seed=0)[1]) == {0: 100, 1: 101}
    assert Counter(make_circles(200, seed=0)[1]) == {0: 100, 1: 100}
    assert Counter(make_spirals(200, seed=0)[1]) == {0: 100, 1: 100}
    assert Counter(make_spirals(100, n_classes=3, seed=0)[1]) == {0: 34, 1: 33, 2: 33}


def test_shuffle_mixes_classes():
    _, y = make_moons(100, seed=0, shuffle=False)
    assert y == [0] * 50 + [1] * 50
    _, y = make_moons(100, seed=0)
    assert y != sorted(y)


def test_moons_geometry_without_noise():
    X, y = make_moons(100, noise=0, seed=0, shuffle=False)
    outer = [p for p, label in zip(X, y) if label == 0]
    inner = [p for p, label in zip(X, y) if label == 1]
    # Same points as scikit-learn: outer moon starts at (1, 0) and ends at (-1, 0);
    # inner moon starts at (0, 0.5) and ends at (2, 0.5).
    assert outer[0] == pytest.approx([1.0, 0.0])
    assert outer[-1] == pytest.approx([-1.0, 0.0])
    assert inner[0] == pytest.approx([0.0, 0.5])
    assert inner[-1] == pytest.approx([2.0, 0.5])
    for a, b in outer:
        assert math.hypot(a, b) == pytest.approx(1.0)
        assert b >= -1e-12
    for a, b in inner:
        assert math.hypot(a - 1.0, b - 0.5) == pytest.approx(1.0)
        assert b <= 0.5 + 1e-12
    # evenly spaced angles over [0, pi]
    angles = [math.atan2(b, a) for a, b in outer]
    gaps = [t2 - t1 for t1, t2 in zip(angles, angles[1:])]
    assert gaps == pytest.approx([math.pi / 49] * 49)


def test_moons_noise_has_requested_std():
    clean, _ = make_moons(4000, noise=0, seed=3, shuffle=False)
    noisy, _ = make_moons(4000, noise=0.2, seed=3, shuffle=False)
    deltas = [n[k] - c[k] for n, c in zip(noisy, clean) for k in range(2)]
    assert statistics.pstdev(deltas) == pytest.approx(0.2, rel=0.05)
    assert abs(statistics.mean(deltas)) < 0.02


def test_circles_geometry_without_noise():
    X, y = make_circles(60, noise=0, factor=0.3, seed=0)
    for (a, b), label in zip(X, y):
        assert math.hypot(a, b) == pytest.approx(1.0 if label == 0 else 0.3)
    X, y = make_circles(8, noise=0, seed=0, shuffle=False)
    assert X[0] == pytest.approx([1.0, 0.0])
    assert X[1] == pytest.approx([0.0, 1.0])
    assert X[4] == pytest.approx([0.5, 0.0])


def test_spirals_geometry_without_noise():
    X, y = make_spirals(90, n_classes=3, noise=0, seed=0, shuffle=False)
    assert sorted(set(y)) == [0, 1, 2]
    radii = [math.hypot(a, b) for a, b in X]
    assert min(radii) == pytest.approx(0.1)
    assert max(radii) == pytest.approx(1.0)
    # arm k starts at angle 2*pi*k/3 with radius 0.1
    for k in range(3):
        first = X[y.index(k)]
        angle = 2 * math.pi * k / 3
        assert first == pytest.approx([0.1 * math.cos(angle), 0.1 * math.sin(angle)])
    # along an arm the radius grows
    arm0 = [r for r, label in zip(radii, y) if label == 0]
    assert arm0 == sorted(arm0)


@pytest.mark.parametrize("call, exc, name", [
    (lambda: make_moons(0), ValueError, "n_samples"),
    (lambda: make_moons(-5), ValueError, "n_samples"),
    (lambda: make_moons(10.5), TypeError, "n_samples"),
    (lambda: make_moons("10"), TypeError, "n_samples"),
    (lambda: make_moons(True), TypeError, "n_samples"),
    (lambda: make_moons(10, noise=-0.1), ValueError, "noise"),
    (lambda: make_moons(10, noise=float("nan")), ValueError, "noise"),
    (lambda: make_moons(10, noise=float("inf")), ValueError, "noise"),
    (lambda: make_moons(10, noise="0.1"), TypeError, "noise"),
    (lambda: make_circles(10, factor=0), ValueError, "factor"),
    (lambda: make_circles(10, factor=1), ValueError, "factor"),
    (lambda: make_circles(10, factor=1.5), ValueError, "factor"),
    (lambda: make_circles(0), ValueError, "n_samples"),
    (lambda: make_circles(10, noise=-1), ValueError, "noise"),
    (lambda: make_spirals(10, n_classes=0), ValueError, "n_classes"),
    (lambda: make_spirals(10, n_classes=2.0), TypeError, "n_classes"),
    (lambda: make_spirals(0), ValueError, "n_samples"),
    (lambda: make_spirals(10, noise=-1), ValueError, "noise"),
    (lambda: make_moons(10, seed="abc"), TypeError, "seed"),
])
def test_generator_argument_validation(call, exc, name):
    with pytest.raises(exc, match=name):
        call()


# ---------------------------------------------------------------------------
# load_csv
# ---------------------------------------------------------------------------


def _write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_csv_header_and_class_names(tmp_path):
    path = _write(tmp_path, "weight,height,animal\n4.2,25,dog\n30.5,60,cat\n"
                            "\n5,20,dog\n")
    X, y = load_csv(path)
    assert X == [[4.2, 25.0], [30.5, 60.0], [5.0, 20.0]]
    assert y == [1, 0, 1]
    X, y, classes = load_csv(str(path), target="animal", return_classes=True)
    assert classes == ["cat", "dog"]
    assert [classes[i] for i in y] == ["dog", "cat", "dog"]


def test_load_csv_without_header(tmp_path):
    path = _write(tmp_path, "1,2,0\n3,4,1\n5,6,2\n")
    X, y, classes = load_csv(path, return_classes=True)
    assert X == [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    assert y == [0, 1, 2] and all(type(v) is int for v in y)
    assert classes is None
    # header=True forces the first row to be names
    X, y = load_csv(path, header=True)
    assert X == [[3.0, 4.0], [5.0, 6.0]]


def test_load_csv_header_detection_ignores_target_column(tmp_path):
    # class names in the target column of the first row do not make it a header
    path = _write(tmp_path, "1.5,2.5,setosa\n3,4,virginica\n")
    X, y, classes = load_csv(path, return_classes=True)
    assert len(X) == 2 and classes == ["setosa", "virginica"]
    # a numeric-looking header is only used when asked for
    path = _write(tmp_path, "1,2,3\n4,5,6\n", name="numeric_header.csv")
    assert load_csv(path)[0] == [[1.0, 2.0], [4.0, 5.0]]
    assert load_csv(path, header=True)[0] == [[4.0, 5.0]]
    path = _write(tmp_path, "a,b,c\n4,5,6\n", name="forced.csv")
    with pytest.raises(ValueError, match="line 1"):
        load_csv(path, header=False)


def test_load_csv_target_index(tmp_path):
    path = _write(tmp_path, "label,x1,x2\nb,1,2\na,3,4\n")
    X, y, classes = load_csv(path, target=0, return_classes=True)
    assert X == [[1.0, 2.0], [3.0, 4.0]] and y == [1, 0] and classes == ["a", "b"]
    X, y = load_csv(path, target=-3)
    assert y == [1, 0]
    # target=1 makes "x1" the target and "label" a (non-numeric) feature
    with pytest.raises(ValueError, match=r"line 2.*'b'"):
        load_csv(path, target=1)


def test_load_csv_numeric_targets(tmp_path):
    ints = _write(tmp_path, "x,y\n1,3\n2,1.0\n3,2\n", name="ints.csv")
    X, y = load_csv(ints)
    assert y == [3, 1, 2] and all(type(v) is int for v in y)
    floats = _write(tmp_path, "x,y\n1,0.5\n2,1\n3,-2.25\n", name="floats.csv")
    X, y, classes = load_csv(floats, return_classes=True)
    assert y == [0.5, 1.0, -2.25] and all(type(v) is float for v in y)
    assert classes is None


def test_load_csv_delimiter_bom_gzip_and_spaces(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_bytes("\ufeffa;b;c\n 1 ; 2 ;x\n3;4; y \n".encode("utf-8"))
    X, y, classes = load_csv(path, delimiter=";", return_classes=True)
    assert X == [[1.0, 2.0], [3.0, 4.0]] and classes == ["x", "y"]
    tsv = _write(tmp_path, "1\t2\t1\n3\t4\t0\n", name="t.tsv")
    assert load_csv(tsv, delimiter="\t") == ([[1.0, 2.0], [3.0, 4.0]], [1, 0])
    gz = tmp_path / "data.csv.gz"
    with gzip.open(gz, "wt") as f:
        f.write("f1,f2,t\n1,2,0\n3,4,1\n")
    assert load_csv(gz) == ([[1.0, 2.0], [3.0, 4.0]], [0, 1])


def _error(tmp_path, text, **kwargs):
    path = _write(tmp_path, text, name="bad.csv")
    with pytest.raises(ValueError) as info:
        load_csv(path, **kwargs)
    message = str(info.value)
    assert "bad.csv" in message
    return message


def test_load_csv_wrong_column_count_names_line(tmp_path):
    message = _error(tmp_path, "a,b,c\n1,2,0\n\n3,4\n5,6,1\n")
    assert "line 4" in message and "3" in message and "2" in message
    message = _error(tmp_path, "1,2,0\n3,4,5,1\n")
    assert "line 2" in message


def test_load_csv_non_numeric_feature_quotes_value(tmp_path):
    message = _error(tmp_path, "a,b,c\n1,2,0\n3,four,1\n")
    assert "line 3" in message and "'four'" in message and "'b'" in message


def test_load_csv_empty_feature(tmp_path):
    message = _error(tmp_path, "a,b,c\n1,2,0\n3,,1\n")
    assert "line 3" in message and "empty" in message


@pytest.mark.parametrize("bad", ["nan", "NaN", "inf", "-inf", "Infinity"])
def test_load_csv_nan_inf_features(tmp_path, bad):
    message = _error(tmp_path, "a,b,c\n1,2,0\n3,%s,1\n" % bad)
    assert "line 3" in message and "NaN or infinite" in message


def test_load_csv_nan_target(tmp_path):
    message = _error(tmp_path, "a,b\n1,2\n3,nan\n")
    assert "line 3" in message


def test_load_csv_empty_file(tmp_path):
    message = _error(tmp_path, "")
    assert "empty" in message
    message = _error(tmp_path, "\n   \n\n")
    assert "empty" in message


def test_load_csv_header_only(tmp_path):
    message = _error(tmp_path, "a,b,c\n\n")
    assert "line 1" in message and "no data rows" in message


def test_load_csv_target_out_of_range(tmp_path):
    message = _error(tmp_path, "1,2,0\n3,4,1\n", target=3)
    assert "line 1" in message and "out of range" in message
    message = _error(tmp_path, "1,2,0\n3,4,1\n", target=-4)
    assert "out of range" in message


def test_load_csv_unknown_target_name(tmp_path):
    message = _error(tmp_path, "a,b,species\n1,2,x\n", target="label")
    assert "line 1" in message and "'label'" in message and "'species'" in message
    message = _error(tmp_path, "a,b,species\n1,2,x\n", target="species",
                     header=False)
    assert "header" in message


def test_load_csv_single_column(tmp_path):
    message = _error(tmp_path, "1\n2\n")
    assert "line 1" in message


def test_load_csv_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_csv(tmp_path / "nope.csv")


def test_load_csv_bad_arguments(tmp_path):
    path = _write(tmp_path, "1,2,0\n")
    with pytest.raises(TypeError):
        load_csv(path, target=1.0)
    with pytest.raises(TypeError):
        load_csv(path, header="yes")
    with pytest.raises(ValueError):
        load_csv(path, delimiter=";;")


# ---------------------------------------------------------------------------
# load_csv: issue 7 (one label rule, swallowed lines, files that are not files)
# ---------------------------------------------------------------------------


def _labels_of(tmp_path, labels, name="labels.csv"):
    """load_csv on a one-feature file whose target column holds ``labels``; classes[y[i]] per row."""
    text = "x,label\n" + "".join("%d,%s\n" % (i, label) for i, label in enumerate(labels))
    X, y, classes = load_csv(_write(tmp_path, text, name=name), return_classes=True)
    return [classes[v] if classes is not None else v for v in y], classes


def test_load_csv_label_rule_does_not_depend_on_the_other_rows(tmp_path):
    # 1 and 1.0 are one class whether the column also holds a name or a number
    named, classes = _labels_of(tmp_path, ["1", "1.0", "cat"])
    assert classes == ["1", "cat"] and named == ["1", "1", "cat"]
    numeric, classes = _labels_of(tmp_path, ["1", "1.0", "2"], name="numbers.csv")
    assert classes is None and numeric == [1, 1, 2]
    assert (named[0] == named[1]) and (numeric[0] == numeric[1])
    # every spelling of a number is that number; names are kept as written
    named, classes = _labels_of(tmp_path, ["1e0", "0.50", ".5", "cat", "Cat", "10", "2"])
    assert classes == ["0.5", "1", "2", "10", "Cat", "cat"]  # numbers by value, then names
    assert named == ["1", "0.5", "0.5", "cat", "Cat", "10", "2"]


def test_load_csv_refuses_nan_labels_in_a_column_of_names(tmp_path):
    # "nan" is a missing value, not a class, whatever the other rows hold
    for labels in (["cat", "dog", "nan"], ["1", "2", "nan"]):
        path = _write(tmp_path, "x,label\n" + "".join("%d,%s\n" % (i, v) for i, v in enumerate(labels)),
                      name="nan.csv")
        with pytest.raises(ValueError, match=r"nan\.csv, line 4: .*NaN or infinite"):
            load_csv(path)


def test_canonical_label():
    assert [ds.canonical_label(v) for v in ("1", "1.0", "+1e0", 1, 1.0, "-0", "2.50", "cat ")] \
        == ["1", "1", "1", "1", "1", "0", "2.5", "cat"]
    for bad in ("nan", "inf", float("nan")):
        with pytest.raises(ValueError):
            ds.canonical_label(bad)
    with pytest.raises(TypeError):
        ds.canonical_label(True)


@pytest.mark.parametrize("text, line", [
    ('a,b,c\n1,2,x\n3,4,"y\n5,6,z\n7,8,x\n', 3),       # swallows lines 4 and 5
    ('a,b,c\n1,2,"x\n3,4,y\n5,6,"z"\n', 2),              # closed much later, by accident
    ('a,b,c\n1,2,x\n3,4,"y\n', 3),                       # the very last line
])
def test_load_csv_unterminated_quote_names_the_line_it_opened(tmp_path, text, line):
    message = _error(tmp_path, text)
    assert "line %d:" % line in message and "quote" in message


def test_load_csv_quoted_values_on_one_line_still_work(tmp_path):
    path = _write(tmp_path, 'a,"b, the second",c\n1,2,"x, y"\n3,4,"z"\n')
    X, y, classes = load_csv(path, return_classes=True)
    assert X == [[1.0, 2.0], [3.0, 4.0]] and classes == ["x, y", "z"]


def test_load_csv_field_over_the_csv_limit_names_file_and_line(tmp_path):
    message = _error(tmp_path, "a,b\n1,2\n3," + "9" * 200000 + "\n")
    assert "line 3" in message and "limit" in message


def test_load_csv_errors_name_the_path(tmp_path):
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(b"a,b\n1,caf\xe9\n2,x\n")
    with pytest.raises(ValueError, match=r"latin1\.csv is not UTF-8"):
        load_csv(latin)
    with pytest.raises(ValueError, match="%s is a folder" % tmp_path):
        load_csv(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"nope\.csv"):
        load_csv(tmp_path / "nope.csv")
    broken = tmp_path / "broken.csv.gz"
    broken.write_bytes(gzip.compress(b"a,b\n1,2\n" * 100)[:40])
    with pytest.raises(ValueError, match=r"broken\.csv\.gz"):
        load_csv(broken)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")
def test_load_csv_refuses_a_fifo_without_hanging(tmp_path):
    import threading

    fifo = str(tmp_path / "pipe.csv")
    os.mkfifo(fifo)
    outcome = []

    def read():
        try:
            load_csv(fifo)
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    thread.join(20)
    if thread.is_alive():  # the old behaviour: blocked in open(); unblock it, then fail
        os.close(os.open(fifo, os.O_RDWR | os.O_NONBLOCK))
        thread.join(20)
        pytest.fail("load_csv blocked on a FIFO")
    assert len(outcome) == 1 and isinstance(outcome[0], ValueError)
    assert fifo in str(outcome[0]) and "not a regular file" in str(outcome[0])


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_load_csv_refuses_dev_zero_before_reading():
    """In a child with a memory cap, so a reader that never stops cannot hurt the machine."""
    code = ("import resource\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1 << 29, 1 << 29))\n"
            "from tinynet.datasets import load_csv\n"
            "try:\n"
            "    load_csv('/dev/zero')\n"
            "except ValueError as exc:\n"
            "    print(exc)\n")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(ds.__file__)))
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=120)
    assert "/dev/zero is not a regular file" in proc.stdout, proc.stderr


# ---------------------------------------------------------------------------
# train_test_split
# ---------------------------------------------------------------------------


def test_split_sizes():
    X = [[float(i)] for i in range(10)]
    y = list(range(10))
    assert [len(p) for p in train_test_split(X, y, seed=0)] == [7, 3, 7, 3]
    assert [len(p) for p in train_test_split(X, y, test_size=0.7, seed=0)] == [3, 7, 3, 7]
    assert [len(p) for p in train_test_split(X, y, test_size=0.21, seed=0)] == [7, 3, 7, 3]
    assert [len(p) for p in train_test_split(X, y, test_size=4, seed=0)] == [6, 4, 6, 4]
    Xi, yi = load_iris()
    assert [len(p) for p in train_test_split(Xi, yi, seed=0)] == [112, 38, 112, 38]


def test_split_is_a_shuffled_partition_keeping_pairs():
    X = [[float(i), -float(i)] for i in range(50)]
    y = [i % 3 for i in range(50)]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, seed=1)
    assert sorted(X_train + X_test) == sorted(X)
    for row, label in zip(X_train + X_test, y_train + y_test):
        assert label == int(row[0]) % 3
    assert X_train != sorted(X_train)  # shuffled


def test_split_reproducible_and_seed_dependent():
    X, y = load_iris()
    assert train_test_split(X, y, seed=3) == train_test_split(X, y, seed=3)
    assert train_test_split(X, y, seed=3) != train_test_split(X, y, seed=4)
    random.seed(5)
    state = random.getstate()
    train_test_split(X, y, seed=3, stratify=True)
    assert random.getstate() == state


def test_split_does_not_mutate_inputs():
    X = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]
    y = [0, 1, 0, 1]
    X_copy, y_copy = [list(r) for r in X], list(y)
    X_train, X_test, _, _ = train_test_split(X, y, test_size=2, seed=0, stratify=True)
    assert X == X_copy and y == y_copy
    X_train[0][0] = 100.0  # the returned rows are copies
    assert X == X_copy


def test_split_stratified_proportions():
    X, y = load_iris()
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.2, seed=0, stratify=True)
    assert Counter(y_test) == {0: 10, 1: 10, 2: 10}
    assert Counter(y_train) == {0: 40, 1: 40, 2: 40}
    # the classes come out mixed, not one block per class
    assert y_train != sorted(y_train) and y_test != sorted(y_test)
    assert sorted(X_train + X_test) == sorted(X)
    # unbalanced: 80 of class 0, 20 of class 1
    Xu = [[float(i)] for i in range(100)]
    yu = [0] * 80 + [1] * 20
    for seed in range(5):
        _, _, y_train, y_test = train_test_split(Xu, yu, test_size=0.25,
                                                 seed=seed, stratify=True)
        assert Counter(y_test) == {0: 20, 1: 5}
        assert Counter(y_train) == {0: 60, 1: 15}
    # stratify by an explicit list of labels (scikit-learn style)
    _, _, _, y_test = train_test_split(Xu, yu, test_size=0.25, seed=0, stratify=yu)
    assert Counter(y_test) == {0: 20, 1: 5}


def test_split_stratified_uneven_rounding_keeps_total():
    X = [[float(i)] for i in range(10)]
    y = [0] * 5 + [1] * 3 + [2] * 2
    _, X_test, _, y_test = train_test_split(X, y, test_size=0.3, seed=0, stratify=True)
    assert len(X_test) == 3
    assert set(y_test) == {0, 1, 2}


def test_split_stratify_is_deterministic_and_differs_from_plain():
    X, y = load_digits()
    a = train_test_split(X, y, test_size=0.1, seed=11, stratify=True)
    b = train_test_split(X, y, test_size=0.1, seed=11, stratify=True)
    assert a == b
    for label in range(10):
        total = y.count(label)
        assert abs(a[3].count(label) - total * 0.1) <= 1


@pytest.mark.parametrize("kwargs, exc, text", [
    (dict(test_size=0), ValueError, "test_size"),
    (dict(test_size=0.0), ValueError, "test_size"),
    (dict(test_size=1.0), ValueError, "test_size"),
    (dict(test_size=1.5), ValueError, "test_size"),
    (dict(test_size=-0.2), ValueError, "test_size"),
    (dict(test_size=10), ValueError, "test_size"),
    (dict(test_size=0.99), ValueError, "test_size"),
    (dict(test_size=True), TypeError, "test_size"),
    (dict(test_size="0.2"), TypeError, "test_size"),
])
def test_split_bad_test_size(kwargs, exc, text):
    X = [[float(i)] for i in range(10)]
    y = [0, 1] * 5
    with pytest.raises(exc, match=text):
        train_test_split(X, y, **kwargs)


def test_split_errors():
    with pytest.raises(ValueError, match="same length"):
        train_test_split([[1.0], [2.0], [3.0]], [0, 1])
    with pytest.raises(ValueError, match="at least 2"):
        train_test_split([[1.0]], [0])
    with pytest.raises(ValueError, match="class 2"):
        train_test_split([[float(i)] for i in range(5)], [0, 0, 1, 1, 2],
                         test_size=2, stratify=True)
    with pytest.raises(ValueError, match="regression"):
        train_test_split([[float(i)] for i in range(4)], [0.5, 1.5, 2.5, 3.5],
                         stratify=True)
    with pytest.raises(ValueError, match="classes"):
        train_test_split([[float(i)] for i in range(6)], [0, 0, 1, 1, 2, 2],
                         test_size=2, stratify=True)


def test_split_accepts_numpy():
    np = pytest.importorskip("numpy")
    X = np.arange(20.0).reshape(10, 2)
    y = np.array([0, 1] * 5)
    X_train, X_test, y_train, y_test = train_test_split(X, y, seed=0, stratify=True)
    assert isinstance(X_train, list) and isinstance(X_train[0], list)
    assert len(X_test) == 3 and all(type(v) is int for v in y_test)


# ---------------------------------------------------------------------------
# Scalers
# ---------------------------------------------------------------------------

DATA = [[1.0, 10.0, 5.0], [2.0, 20.0, 5.0], [3.0, 30.0, 5.0], [6.0, 40.0, 5.0]]


def test_standardizer_hand_computed():
    scaler = Standardizer().fit(DATA)
    assert scaler.mean_ == pytest.approx([3.0, 25.0, 5.0])
    # population std: sqrt(mean((x - mean)^2))
    assert scaler.scale_ == pytest.approx([math.sqrt(14 / 4), math.sqrt(500 / 4), 1.0])
    assert isinstance(scaler.mean_, list) and isinstance(scaler.scale_, list)
    Z = scaler.transform(DATA)
    assert Z[0] == pytest.approx([-2 / math.sqrt(3.5), -15 / math.sqrt(125), 0.0])
    for j in range(3):
        column = [row[j] for row in Z]
        assert statistics.mean(column) == pytest.approx(0.0, abs=1e-12)
        if j < 2:
            assert statistics.pstdev(column) == pytest.approx(1.0)


def test_standardizer_constant_column_not_divided_by_zero():
    X = [[0.1, 1.0], [0.1, 2.0], [0.1, 3.0]]
    scaler = Standardizer()
    Z = scaler.fit_transform(X)
    assert scaler.scale_[0] == 1.0
    assert all(abs(row[0]) < 1e-15 for row in Z)


def test_standardizer_round_trip_and_no_mutation():
    X, _ = load_iris()
    original = [list(r) for r in X]
    scaler = Standardizer()
    Z = scaler.fit_transform(X)
    assert X == original
    back = scaler.inverse_transform(Z)
    for row, orig in zip(back, original):
        assert row == pytest.approx(orig)


def test_minmax_hand_computed():
    scaler = MinMaxScaler().fit(DATA)
    assert scaler.min_ == [1.0, 10.0, 5.0]
    assert scaler.max_ == [6.0, 40.0, 5.0]
    Z = scaler.transform(DATA)
    assert [row[0] for row in Z] == pytest.approx([0.0, 0.2, 0.4, 1.0])
    assert [row[1] for row in Z] == pytest.approx([0.0, 1 / 3, 2 / 3, 1.0])
    assert [row[2] for row in Z] == [0.0] * 4  # constant column -> lo
    assert scaler.transform([[11.0, 10.0, 5.0]])[0][0] == pytest.approx(2.0)


def test_minmax_feature_range_and_round_trip():
    scaler = MinMaxScaler(feature_range=(-1, 1))
    Z = scaler.fit_transform(DATA)
    assert [row[0] for row in Z] == pytest.approx([-1.0, -0.6, -0.2, 1.0])
    back = scaler.inverse_transform(Z)
    for row, orig in zip(back, DATA):
        assert row == pytest.approx(orig)
    X, _ = load_digits()
    Z = MinMaxScaler().fit_transform(X)
    assert min(min(r) for r in Z) == 0.0 and max(max(r) for r in Z) == 1.0


@pytest.mark.parametrize("bad", [(1, 1), (2, 0), (0,), "ab", (0, float("nan"))])
def test_minmax_bad_feature_range(bad):
    with pytest.raises((TypeError, ValueError)):
        MinMaxScaler(feature_range=bad)


@pytest.mark.parametrize("cls", [Standardizer, MinMaxScaler])
def test_scaler_errors(cls):
    scaler = cls()
    with pytest.raises(RuntimeError, match="fit"):
        scaler.transform(DATA)
    with pytest.raises(RuntimeError, match="fit"):
        scaler.inverse_transform(DATA)
    scaler.fit(DATA)
    with pytest.raises(ValueError, match="3 columns"):
        scaler.transform([[1.0, 2.0]])
    with pytest.raises(ValueError, match="3 columns"):
        scaler.inverse_transform([[1.0, 2.0, 3.0, 4.0]])
    with pytest.raises(ValueError):
        cls().fit([])
    with pytest.raises(ValueError):
        cls().fit([1.0, 2.0, 3.0])  # 1-D, not a list of rows
    with pytest.raises(ValueError):
        cls().fit([[1.0, 2.0], [3.0]])  # ragged
    with pytest.raises(ValueError):
        cls().fit([[1.0], [float("nan")]])
    with pytest.raises(TypeError):
        cls().fit([["a"], ["b"]])


@pytest.mark.parametrize("cls", [Standardizer, MinMaxScaler])
def test_scalers_accept_tuples_and_tolist(cls):
    class FakeArray:
        def __init__(self, rows):
            self.rows = rows

        def tolist(self):
            return [list(r) for r in self.rows]

    expected = cls().fit_transform(DATA)
    assert cls().fit_transform(tuple(tuple(r) for r in DATA)) == expected
    assert cls().fit_transform(FakeArray(DATA)) == expected


def test_scalers_match_scikit_learn():
    preprocessing = pytest.importorskip("sklearn.preprocessing")
    X, _ = load_iris()
    ours = Standardizer().fit_transform(X)
    theirs = preprocessing.StandardScaler().fit_transform(X).tolist()
    for a, b in zip(ours, theirs):
        assert a == pytest.approx(b)
    ours = MinMaxScaler((-2, 3)).fit_transform(X)
    theirs = preprocessing.MinMaxScaler((-2, 3)).fit_transform(X).tolist()
    for a, b in zip(ours, theirs):
        assert a == pytest.approx(b)


def test_data_files_load_from_a_zip(tmp_path):
    """The loaders use importlib.resources, so they work from a zip or wheel."""
    import zipfile

    archive = tmp_path / "tinynet.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("tinynet/__init__.py", "")
        package = os.path.dirname(ds.__file__)
        for name in os.listdir(package):  # datasets.py and the modules it imports
            if name.endswith(".py") and name != "__init__.py":
                zf.write(os.path.join(package, name), "tinynet/" + name)
        for name in ("iris.csv", "digits.csv.gz"):
            zf.write(os.path.join(DATA_DIR, name), "tinynet/data/" + name)
    code = ("import sys; sys.path.insert(0, %r); import tinynet.datasets as d; "
            "assert '.zip' in d.__file__, d.__file__; "
            "assert len(d.load_iris()[0]) == 150; "
            "assert len(d.load_digits()[0]) == 1797" % str(archive))
    result = subprocess.run([sys.executable, "-I", "-c", code], cwd=str(tmp_path),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
