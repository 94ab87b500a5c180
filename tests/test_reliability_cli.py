"""Issue 7 for the command line: nothing lost, nothing silent.

* pipes and devices are refused before they are read (no hang);
* labels follow one rule; broken preprocessing in a model file is reported
  as a broken model file;
* the tutorial's four rows train from the command line.
"""

import json
import os
import subprocess
import sys
import threading

import pytest

import tinynet
from tinynet import cli

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")

TUTORIAL_ROWS = "0,0,1,0\n1,1,1,1\n1,0,1,1\n0,1,1,0\n"



def run(capsys, *argv):
    """Call ``cli.main(argv)``; return (exit code, stdout, stderr)."""
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_user_error(code, err, *fragments):
    """Exit status 2 and exactly one ``tinynet: error:`` line, no traceback."""
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("tinynet: error: ") and "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def call_guarded(fn, fifo, timeout=20):
    """Run ``fn()`` in a thread; if it blocks on the FIFO, unblock it and fail the test."""
    result = {}

    def target():
        try:
            result["value"] = fn()
        except BaseException as exc:  # handed back to the test
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # the other end: a blocked open() returns
        os.close(fd)
        thread.join(timeout)
        pytest.fail("blocked on the FIFO %s for %d s instead of refusing it" % (fifo, timeout))
    if "error" in result:
        raise result["error"]
    return result["value"]


def child_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(tinynet.__file__)))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@pytest.fixture
def data_csv(tmp_path):
    """A 40-row CSV file with two features and two classes."""
    path = tmp_path / "d.csv"
    rows = ["x1,x2,label"] + ["%d,%d,%d" % (i, (i * 7) % 5, i % 2) for i in range(40)]
    path.write_text("\n".join(rows) + "\n")
    return path


# ---------------------------------------------------------------- item 6: not a file


@needs_fifo
@pytest.mark.parametrize("argv", [
    ["train", "{fifo}"],
    ["evaluate", "{model}", "{fifo}"],
    ["predict", "{model}", "{fifo}"],
    ["predict", "{fifo}", "--values", "0 1"],
])
def test_a_fifo_is_refused_before_it_is_read(capsys, tmp_path, argv):
    fifo = str(tmp_path / "data.csv")
    os.mkfifo(fifo)
    model = str(tmp_path / "m.json")
    assert cli.main(["train", "xor", "--epochs", "1", "--save", model]) == 0
    capsys.readouterr()
    argv = [a.format(fifo=fifo, model=model) for a in argv]
    code, out, err = call_guarded(lambda: run(capsys, *argv), fifo)
    assert_user_error(code, err, fifo, "is not a regular file")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("argv", [["train", "/dev/zero"], ["predict", "/dev/zero", "--values", "1"]])
def test_dev_zero_is_refused_before_it_is_read(argv):
    """In a child process with a memory cap, so a reader that never stops cannot hurt the machine."""
    code = ("import resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1 << 29, 1 << 29))\n"
            "from tinynet import cli\n"
            "sys.exit(cli.main(sys.argv[1:]))\n")
    proc = subprocess.run([sys.executable, "-c", code] + argv, env=child_env(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "/dev/zero is not a regular file" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------- item 7: one label rule


def test_the_cli_reads_labels_by_one_rule(capsys, tmp_path):
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("x,label\n" + "".join("%d,%s\n" % (i, ("1", "1.0", "cat")[i % 3])
                                           for i in range(30)))
    model = tmp_path / "m.json"
    code, out, err = run(capsys, "train", mixed, "--epochs", "5", "--save", model)
    assert code == 0, err
    assert "2 classes: 1, cat" in out
    assert json.loads(model.read_text())["preprocessing"]["classes"] == ["1", "cat"]
    # the same classes whatever the other rows are: 1.0 and 1e0 are the class "1"
    other = tmp_path / "other.csv"
    other.write_text("x,label\n1,1.0\n2,1e0\n3,cat\n")
    code, out, err = run(capsys, "evaluate", model, other)
    assert code == 0, err
    assert "(3 of 3 right)" in out or "of 3 right" in out


def test_a_model_naming_one_class_twice_is_a_broken_model(capsys, tmp_path):
    model = tmp_path / "m.json"
    assert cli.main(["train", "xor", "--epochs", "1", "--save", str(model)]) == 0
    data = json.loads(model.read_text())
    data["preprocessing"]["classes"] = ["1", "1.0"]
    model.write_text(json.dumps(data))
    code, out, err = run(capsys, "predict", model, "--values", "0 1")
    assert_user_error(code, err, str(model), "not a valid tinynet model file", "twice")


# ---------------------------------------------------------------- item 8: broken preprocessing


@pytest.mark.parametrize("where, value", [("standardize", 5e-324), ("standardize", 0.0),
                                          ("target", 1e-310)])
def test_a_zero_or_subnormal_scale_is_a_broken_model_file(capsys, tmp_path, where, value):
    source = tmp_path / "data.csv"
    rows = ["a,b,y"] + ["%d,%d,%g" % (i, i % 3, i * 0.37) for i in range(20)]
    source.write_text("\n".join(rows) + "\n")
    model = tmp_path / "m.json"
    assert cli.main(["train", str(source), "--epochs", "2", "--save", str(model)]) == 0
    capsys.readouterr()
    data = json.loads(model.read_text())
    if where == "standardize":
        data["preprocessing"]["standardize"]["scale"][0] = value
    else:
        data["preprocessing"]["target"]["scale"] = value
    model.write_text(json.dumps(data))
    code, out, err = run(capsys, "predict", model, "--values", "1 2")
    assert_user_error(code, err, str(model), "not a valid tinynet model file", "scale")


# ---------------------------------------------------------------- item 9: the tutorial's rows


@pytest.mark.parametrize("header", ["", "x1,x2,x3,y\n"])
def test_the_tutorial_rows_train_from_the_command_line(capsys, tmp_path, header):
    tiny = tmp_path / "tiny.csv"
    tiny.write_text(header + TUTORIAL_ROWS)
    code, out, err = run(capsys, "train", tiny)
    assert code == 0, err
    notes = [line for line in out.splitlines() if line.startswith("split:")]
    assert len(notes) == 1
    assert "too small to hold out a test set" in notes[0]
    assert "all 4 samples are used for training" in notes[0]
    assert "(4 of 4 right)" in out  # the tutorial's rule: the label is the first bit


def test_a_test_size_you_ask_for_is_still_honoured_or_refused(capsys, tmp_path):
    tiny = tmp_path / "tiny.csv"
    tiny.write_text(TUTORIAL_ROWS)
    code, out, err = run(capsys, "train", tiny, "--test-size", "0.25")
    assert_user_error(code, err, "cannot split", "--test-size 0")
