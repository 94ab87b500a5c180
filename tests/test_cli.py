"""Tests for the ``tinynet`` command line (``tinynet.cli``).

Most tests call ``tinynet.cli.main([...])`` in-process and read the output
with ``capsys``; a few run ``python -m tinynet`` as a subprocess to check the
real exit codes and that no traceback ever reaches a user.
"""

import io
import json
import subprocess
import sys
import types
import xml.etree.ElementTree

import pytest
from conftest import run_python_module

import tinynet
from tinynet import backends, cli, datasets, saving

FAST_IRIS = ["--epochs", "30"]


def run(capsys, *argv):
    """Call ``cli.main(argv)``; return (exit code, stdout, stderr)."""
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_user_error(code, err, *fragments):
    """Exit status 2 and exactly one ``tinynet: error:`` line on stderr, no traceback."""
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("tinynet: error: "), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def subprocess_tinynet(args, stdin_text=None):
    return run_python_module(["tinynet"] + list(args),
                          input=stdin_text,
                          stdin=subprocess.DEVNULL if stdin_text is None else None,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def iris_model(tmp_path_factory):
    """A small iris model saved by ``tinynet train iris --save``."""
    path = str(tmp_path_factory.mktemp("models") / "iris.json")
    assert cli.main(["train", "iris", "--save", path] + FAST_IRIS) == 0
    return path


@pytest.fixture
def pets_csv(tmp_path):
    """A CSV file with a header, two features and a named class column."""
    rows = ["weight,height,animal"]
    centers = {"cat": (4.0, 25.0), "dog": (20.0, 60.0), "bird": (0.5, 10.0)}
    for i in range(36):
        name = ("cat", "dog", "bird")[i % 3]
        w, h = centers[name]
        rows.append("%.2f,%.2f,%s" % (w + (i % 5) * 0.3, h + (i % 7) * 0.8, name))
    path = tmp_path / "pets.csv"
    path.write_text("\n".join(rows) + "\n")
    return str(path)


@pytest.fixture
def house_csv(tmp_path):
    """A regression CSV: price = 1000 * size + 5000 * rooms (no noise)."""
    rows = ["size,rooms,price"]
    for i in range(40):
        size = 30.0 + 4.0 * i
        rooms = 1 + i % 5
        rows.append("%g,%d,%g" % (size, rooms, 1000 * size + 5000 * rooms))
    path = tmp_path / "house.csv"
    path.write_text("\n".join(rows) + "\n")
    return str(path)


# ---------------------------------------------------------------- train


def test_train_xor_save_and_predict(capsys, tmp_path):
    model = str(tmp_path / "xor.json")
    code, out, err = run(capsys, "train", "xor", "--save", model)
    assert code == 0, err
    assert out.startswith("dataset: xor (4 samples, 2 features, 2 classes: 0, 1)")
    assert "backend: %s" % tinynet.BACKEND in out
    assert "total parameters: 17" in out  # 2-4-1
    assert "(4 of 4 right)" in out
    assert "confusion matrix on the training set" in out
    code, out, err = run(capsys, "predict", model, "--values", "0 0", "--values", "0,1",
                         "--values", "1 0", "--values", "1 1")
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["0", "1", "1", "0"]
    assert all("(probability " in line for line in lines)


def test_train_prints_summary_progress_scores_and_confusion(capsys):
    code, out, err = run(capsys, "train", "iris", *FAST_IRIS)
    assert code == 0, err
    assert "3 classes: setosa, versicolor, virginica" in out
    assert "split: 112 samples for training, 38 held out for testing, stratified" in out
    assert "standardized the features" in out
    assert "4 -> 16" in out and "16 -> 3" in out and "softmax" in out
    assert "training: 30 epochs, adam, learning rate 0.01, batches of 16, seed 1" in out
    assert "epoch" in out and "loss" in out  # the history table
    assert "\ntrain " in out and "\ntest " in out
    assert "confusion matrix on the test set" in out
    matrix = out.split("columns: predicted class):\n", 1)[1].splitlines()[1:4]
    assert [row.split()[0] for row in matrix] == ["setosa", "versicolor", "virginica"]
    assert sum(int(v) for row in matrix for v in row.split()[1:]) == 38


def test_train_moons_plot_and_svgs(capsys, tmp_path):
    folder = tmp_path / "pictures"
    code, out, err = run(capsys, "train", "moons", "--samples", "60", "--epochs", "20",
                         "--hidden", "8", "--plot", "--svg-dir", str(folder))
    assert code == 0, err
    assert "dataset: moons (60 samples, 2 features" in out
    assert "|" in out and "epoch" in out  # text loss curve
    assert "ecision boundary" in out
    for name in ("loss.svg", "network.svg", "boundary.svg"):
        text = (folder / name).read_text()
        # a marker comment first (so a later run knows the file is tinynet's), then the picture
        assert text.startswith(cli.MARKERS["picture"] + "\n<svg")
        root = xml.etree.ElementTree.fromstring(text)  # still one well-formed SVG document
        assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_options_override_dataset_defaults(capsys):
    code, out, err = run(capsys, "train", "circles", "--samples", "40", "--hidden", "5,3",
                         "--activation", "relu", "--optimizer", "momentum", "--epochs", "5",
                         "--batch-size", "0", "--test-size", "10", "--no-standardize",
                         "--loss", "crossentropy", "--seed", "3", "--verbose")
    assert code == 0, err
    assert "2 -> 5" in out and "5 -> 3" in out and "3 -> 2" in out
    assert "loss crossentropy" in out
    assert "momentum, learning rate 0.05, momentum 0.9" in out
    assert "all 30 samples per step" in out
    assert "30 samples for training, 10 held out" in out
    assert "standardized" not in out
    assert "epoch 5/5" in out  # --verbose: one line per epoch


def test_no_hidden_layer(capsys):
    code, out, err = run(capsys, "train", "and", "--hidden", "")
    assert code == 0, err
    assert "total parameters: 3" in out
    assert "(4 of 4 right)" in out
    code, out, err = run(capsys, "train", "tutorial", "--hidden", "0", "--epochs", "200")
    assert code == 0, err
    assert "3 -> 1" in out and "total parameters: 4" in out


def test_backends_give_the_same_model(capsys, tmp_path, backend):
    model = str(tmp_path / ("xor-%s.json" % backend))
    code, out, err = run(capsys, "train", "xor", "--epochs", "50", "--backend", backend,
                         "--save", model)
    assert code == 0, err
    assert "backend: %s" % backend in out
    with open(model) as f:
        weights = json.load(f)["layers"]
    reference = str(tmp_path / "xor-python-ref.json")
    assert cli.main(["train", "xor", "--epochs", "50", "--backend", "python", "--save", reference]) == 0
    capsys.readouterr()
    with open(reference) as f:
        assert json.load(f)["layers"] == weights


# ---------------------------------------------------------------- the saved model


def test_saved_model_keeps_the_preprocessing(iris_model):
    with open(iris_model) as f:
        data = json.load(f)
    prep = data["preprocessing"]
    assert prep["classes"] == ["setosa", "versicolor", "virginica"]
    assert prep["task"] == "classification"
    assert len(prep["standardize"]["mean"]) == 4 and len(prep["standardize"]["scale"]) == 4
    # the scaler was fitted on the training split only, as train_test_split made it
    X, y = datasets.load_iris()
    X_train, _, _, _ = datasets.train_test_split(X, y, test_size=0.25, seed=1, stratify=True)
    scaler = datasets.Standardizer().fit(X_train)
    assert prep["standardize"]["mean"] == pytest.approx(scaler.mean_)
    assert prep["standardize"]["scale"] == pytest.approx(scaler.scale_)
    # the library's own loader ignores the extra key
    net = tinynet.load(iris_model)
    assert net.sizes == [4, 16, 3]
    assert saving.from_dict(data).sizes == [4, 16, 3]


def test_predict_applies_the_standardization(capsys, iris_model):
    code, out, err = run(capsys, "predict", iris_model, "--values", "5.1 3.5 1.4 0.2",
                         "--values", "6.7 3.0 5.2 2.3")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("setosa (probability ")
    assert lines[1].startswith("virginica (probability ")
    with open(iris_model) as f:
        data = json.load(f)
    net = saving.from_dict(data)
    std = data["preprocessing"]["standardize"]
    row = [(v - m) / s for v, m, s in zip([5.1, 3.5, 1.4, 0.2], std["mean"], std["scale"])]
    assert lines[0] == "setosa (probability %.3f)" % max(net.predict(row))


def test_predict_csv_with_and_without_target(capsys, tmp_path, iris_model):
    features = tmp_path / "flowers.csv"
    features.write_text("5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n\n5.9,3.0,4.2,1.5\n")
    code, out, err = run(capsys, "predict", iris_model, str(features))
    assert code == 0, err
    assert len(out.splitlines()) == 3
    assert out.splitlines()[0].startswith("setosa")
    labelled = tmp_path / "labelled.csv"
    labelled.write_text("species,sl,sw,pl,pw\nsetosa,5.1,3.5,1.4,0.2\nvirginica,6.7,3.0,5.2,2.3\n")
    code, out2, err = run(capsys, "predict", iris_model, str(labelled), "--target", "species")
    assert code == 0, err
    assert out2.splitlines() == out.splitlines()[:2]
    code, out3, err = run(capsys, "predict", iris_model, str(labelled), "--target", "0")
    assert code == 0 and out3 == out2


def test_predict_reads_stdin(capsys, monkeypatch, iris_model):
    monkeypatch.setattr(sys, "stdin", io.StringIO("5.1 3.5 1.4 0.2\n\n# a comment\n6.7,3.0,5.2,2.3\n"))
    code, out, err = run(capsys, "predict", iris_model)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("setosa") and lines[1].startswith("virginica")


def test_evaluate_on_dataset_and_csv(capsys, tmp_path, iris_model):
    code, out, err = run(capsys, "evaluate", iris_model, "iris")
    assert code == 0, err
    assert "data: iris, 150 samples" in out
    assert "accuracy  0." in out or "accuracy  1." in out
    assert "confusion matrix" in out
    assert "precision  recall" in out and "versicolor" in out
    part = tmp_path / "part.csv"  # only two of the three classes, in another column order
    part.write_text("species,a,b,c,d\nsetosa,5.1,3.5,1.4,0.2\nvirginica,6.7,3.0,5.2,2.3\n")
    code, out, err = run(capsys, "evaluate", iris_model, str(part), "--target", "species")
    assert code == 0, err
    assert "2 samples" in out
    assert "(2 of 2 right)" in out


def test_csv_classification_round_trip(capsys, tmp_path, pets_csv):
    model = str(tmp_path / "pets.json")
    code, out, err = run(capsys, "train", pets_csv, "--target", "animal", "--epochs", "60",
                         "--save", model)
    assert code == 0, err
    assert "3 classes: bird, cat, dog" in out
    with open(model) as f:
        prep = json.load(f)["preprocessing"]
    assert prep["classes"] == ["bird", "cat", "dog"]
    assert prep["features"] == ["weight", "height"]
    code, out, err = run(capsys, "predict", model, "--values", "20 60", "--values", "0.5 10")
    assert code == 0, err
    assert [line.split()[0] for line in out.splitlines()] == ["dog", "bird"]
    code, out, err = run(capsys, "evaluate", model, pets_csv, "--target", "animal")
    assert code == 0, err
    assert "36 samples" in out and "bird" in out


def test_csv_regression_round_trip(capsys, tmp_path, house_csv):
    model = str(tmp_path / "house.json")
    code, out, err = run(capsys, "train", house_csv, "--epochs", "150", "--save", model)
    assert code == 0, err
    assert "a number to predict (regression)" in out
    assert "R2" in out and "MAE" in out
    assert "confusion" not in out
    with open(model) as f:
        prep = json.load(f)["preprocessing"]
    assert prep["task"] == "regression" and prep["classes"] is None
    assert prep["target"]["scale"] > 0
    code, out, err = run(capsys, "predict", model, "--values", "100 3")
    assert code == 0, err
    value = float(out.strip())
    assert abs(value - 115000) < 15000  # in the target's own units, not standardized
    code, out, err = run(capsys, "evaluate", model, house_csv)
    assert code == 0, err
    r2 = float(out.split("R2")[1].split()[0])
    assert r2 > 0.9


def test_whole_number_targets_are_classes_unless_regression(capsys, tmp_path):
    path = tmp_path / "grades.csv"
    path.write_text("".join("%d,%d,%d\n" % (i, i % 3, 1 + (i >= 10)) for i in range(20)))
    code, out, err = run(capsys, "train", str(path), "--epochs", "5")
    assert code == 0, err
    assert "2 classes: 1, 2" in out
    code, out, err = run(capsys, "train", str(path), "--epochs", "5", "--regression")
    assert code == 0, err
    assert "regression" in out


# ---------------------------------------------------------------- report / info / bench


def test_report_writes_html(capsys, tmp_path):
    page = tmp_path / "report.html"
    code, out, err = run(capsys, "report", "moons", "--samples", "60", "--epochs", "10",
                         "--out", str(page))
    assert code == 0, err
    assert "wrote the report to %s" % page in out
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert "tinynet report: moons" in html
    assert "Test accuracy" in html and "Backend" in html and "Training time" in html
    assert html.count("<svg") >= 3  # loss curve, decision boundary, network
    assert "<script" not in html


def test_report_for_4_features_has_no_boundary(capsys, tmp_path):
    page = tmp_path / "iris.html"
    code, out, err = run(capsys, "report", "iris", "--epochs", "5", "--out", str(page))
    assert code == 0, err
    html = page.read_text()
    assert "tinynet report: iris" in html and "Test accuracy" in html


def test_info(capsys):
    code, out, err = run(capsys, "info")
    assert code == 0, err
    assert "tinynet %s" % tinynet.__version__ in out
    assert "backend chosen at import: %s" % tinynet.BACKEND in out
    assert "available backends: %s" % ", ".join(backends.available()) in out
    assert "Python: " in out and "platform: " in out and "NumPy: " in out


def test_bench_passes_its_arguments(capsys, monkeypatch):
    seen = []
    fake = types.ModuleType("tinynet.bench")
    fake.main = lambda argv=None: seen.append(argv) or 0
    monkeypatch.setitem(sys.modules, "tinynet.bench", fake)
    code, out, err = run(capsys, "bench", "--quick", "-w", "xor")
    assert code == 0
    assert seen == [["--quick", "-w", "xor"]]


def test_bench_missing_is_a_clear_error(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tinynet.bench", None)  # as if bench.py did not exist
    code, out, err = run(capsys, "bench")
    assert_user_error(code, err, "benchmark is not available")


def test_version_and_help(capsys):
    code, out, err = run(capsys, "--version")
    assert code == 0 and out.strip() == "tinynet %s" % tinynet.__version__
    for command, option in (("train", "--hidden"), ("predict", "--values"), ("evaluate", "--target"),
                            ("report", "--out"), ("info", "NumPy")):
        code, out, err = run(capsys, command, "--help")
        assert code == 0
        assert option in out


def test_demo_in_process(capsys):
    code, out, err = run(capsys, "--iterations", "10", "--situation", "1 0 0")
    assert code == 0, err
    assert out.startswith("tinynet demo, training backend: ")
    assert "Considering new situation [1, 0, 0]" in out


# ---------------------------------------------------------------- user mistakes


@pytest.fixture
def bad_files(tmp_path, iris_model):
    """Files that are wrong in various ways."""
    files = {}
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("a,b,label\n1,2,x\n3,oops,y\n")
    files["bad_csv"] = str(bad_csv)
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("1,2,0\n3,4\n")
    files["ragged"] = str(ragged)
    one_class = tmp_path / "one.csv"
    one_class.write_text("1,2,a\n3,4,a\n")
    files["one_class"] = str(one_class)
    with open(iris_model) as f:
        model = json.load(f)
    broken = dict(model, layers=[dict(model["layers"][0], weights=[[1.0, 2.0]])] + model["layers"][1:])
    (tmp_path / "broken.json").write_text(json.dumps(broken))
    files["broken"] = str(tmp_path / "broken.json")
    bad_prep = dict(model, preprocessing=dict(model["preprocessing"],
                                              standardize={"mean": [0.0], "scale": [1.0]}))
    (tmp_path / "badprep.json").write_text(json.dumps(bad_prep))
    files["badprep"] = str(tmp_path / "badprep.json")
    (tmp_path / "nan.json").write_text(json.dumps(model).replace(
        json.dumps(model["layers"][0]["bias"][0]), "NaN", 1))
    files["nan"] = str(tmp_path / "nan.json")
    (tmp_path / "notjson.json").write_text("this is not JSON\n")
    files["notjson"] = str(tmp_path / "notjson.json")
    files["model"] = iris_model
    files["dir"] = str(tmp_path)
    return files


MISTAKES = [
    (["train", "iriss"], "unknown dataset 'iriss' (did you mean 'iris'?)"),
    (["train", "no/such/file.csv"], "cannot read no/such/file.csv"),
    (["train", "{bad_csv}"], "line 3"),
    (["train", "{ragged}"], "line 2"),
    (["train", "{one_class}"], "only one class"),
    (["train", "{dir}"], "is a folder"),
    (["train", "iris", "--epochs", "0"], "--epochs"),
    (["train", "iris", "--epochs", "ten"], "--epochs"),
    (["train", "iris", "--lr", "-1"], "--lr"),
    (["train", "iris", "--lr", "nan"], "--lr"),
    (["train", "iris", "--hidden", "16,-2"], "--hidden"),
    (["train", "iris", "--hidden", "a"], "--hidden"),
    (["train", "iris", "--batch-size", "-1"], "--batch-size"),
    (["train", "iris", "--momentum", "1"], "--momentum"),
    (["train", "iris", "--test-size", "-0.1"], "--test-size"),
    (["train", "iris", "--activation", "softmax"], "--activation"),
    (["train", "iris", "--optimizer", "rmsprop"], "--optimizer"),
    (["train", "iris", "--optimizer", "adam", "--momentum", "0.5"], "--momentum does not apply"),
    (["train", "iris", "--loss", "binary_crossentropy"], "2 classes"),
    (["train", "iris", "--target", "0"], "--target is for CSV files"),
    (["train", "iris", "--samples", "50"], "--samples"),
    (["train", "xor", "--test-size", "0.25"], "--test-size 0"),
    (["train", "iris", "--save", "no/such/folder/m.json"], "does not exist"),
    (["report", "iris", "--out", "no/such/folder/r.html"], "does not exist"),
    (["trian", "iris"], "invalid choice"),
    (["train"], "required"),
    (["predict", "missing.json", "--values", "1 2 3 4"], "cannot read the model missing.json"),
    (["predict", "{notjson}", "--values", "1 2 3 4"], "not a valid tinynet model file"),
    (["predict", "{broken}", "--values", "1 2 3 4"], "not a valid tinynet model file"),
    (["predict", "{badprep}", "--values", "1 2 3 4"], "standardize mean"),
    (["predict", "{nan}", "--values", "1 2 3 4"], "NaN"),
    (["predict", "{model}", "--values", "1 2 3"], "takes 4 numbers per sample"),
    (["predict", "{model}", "--values", "1 2 x 4"], "'x' is not a number"),
    (["predict", "{model}", "--values", "1 2 inf 4"], "not a finite number"),
    (["predict", "{model}", "{bad_csv}"], "takes 4 features"),
    (["predict", "{model}", "no_such.csv"], "cannot read no_such.csv"),
    (["evaluate", "{model}", "moons"], "takes 4 features per sample, but moons has 2"),
    (["evaluate", "{model}", "{bad_csv}"], "line 3"),
    (["evaluate", "{model}", "nosuchdataset"], "unknown dataset"),
    (["--situation", "1 2"], "three numbers"),
    (["demo", "--iterations", "x"], "--iterations"),
]


@pytest.mark.parametrize("argv, fragment", MISTAKES, ids=[" ".join(a) for a, _ in MISTAKES])
def test_user_mistakes_are_one_line_errors(capsys, bad_files, argv, fragment):
    argv = [a.format(**bad_files) for a in argv]
    code, out, err = run(capsys, *argv)
    assert_user_error(code, err, fragment)


def test_bad_line_on_piped_stdin_is_an_error(capsys, monkeypatch, iris_model):
    monkeypatch.setattr(sys, "stdin", io.StringIO("5.1 3.5 1.4 0.2\n5.1 3.5\n"))
    code, out, err = run(capsys, "predict", iris_model)
    assert_user_error(code, err, "line 2")


def test_cython_not_built_is_a_clear_error(capsys, monkeypatch):
    real_get = backends.get

    def get(name=None):
        if name == "cython":
            raise ImportError("the compiled backend tinynet.backends._ctrain is not built")
        return real_get(name)

    monkeypatch.setattr(backends, "get", get)
    code, out, err = run(capsys, "train", "xor", "--backend", "cython")
    assert_user_error(code, err, "--backend cython is not available", "not built")
    code, out, err = run(capsys, "demo", "--backend", "cython", "--situation", "1 0 0")
    assert_user_error(code, err, "not built")


def test_divergence_is_a_clear_error(capsys, monkeypatch, house_csv):
    code, out, err = run(capsys, "train", house_csv, "--no-standardize", "--optimizer", "sgd",
                         "--lr", "1e6", "--epochs", "200")
    assert_user_error(code, err, "diverged", "smaller learning rate")


def test_keyboard_interrupt_exits_130(capsys, monkeypatch):
    def interrupted(args, out=print):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_info", interrupted)
    code, out, err = run(capsys, "info")
    assert code == 130
    assert "interrupted" in err and "Traceback" not in err


@pytest.mark.parametrize("args", [
    ["train", "nosuch"],
    ["train", "iris", "--epochs", "-1"],
    ["predict", "nosuch.json", "--values", "1"],
])
def test_mistakes_in_a_real_process(args):
    proc = subprocess_tinynet(args)
    assert proc.returncode == 2
    assert proc.stderr.startswith("tinynet: error: ")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_train_and_predict_in_a_real_process(tmp_path):
    model = str(tmp_path / "xor.json")
    proc = subprocess_tinynet(["train", "xor", "--save", model])
    assert proc.returncode == 0, proc.stderr
    proc = subprocess_tinynet(["predict", model], stdin_text="0 1\n1 1\n")
    assert proc.returncode == 0, proc.stderr
    assert [line.split()[0] for line in proc.stdout.splitlines()] == ["1", "0"]
    proc = subprocess_tinynet(["info"])
    assert proc.returncode == 0 and "backend chosen at import: " in proc.stdout
