"""Issue 7 for the command line: nothing lost, nothing silent.

* every file the CLI writes goes through the atomic writer, so a failed
  write (here: a file-size limit, as a full disk would do) leaves the old
  file complete;
* an output is never the input data, nor someone else's file (unless
  ``--force``);
* pipes and devices are refused before they are read (no hang);
* labels follow one rule; broken preprocessing in a model file is reported
  as a broken model file;
* the tutorial's four rows train from the command line.
"""

import json
import os
import signal
import subprocess
import sys
import threading

import pytest

import tinynet
from tinynet import cli, fileio

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")

TUTORIAL_ROWS = "0,0,1,0\n1,1,1,1\n1,0,1,1\n0,1,1,0\n"

# the first line of the reports and pictures the command line writes
REPORT_MARKER = "<!-- made by tinynet: report -->"
PICTURE_MARKER = "<!-- made by tinynet: picture -->"


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


# ---------------------------------------------------------------- item 1: atomic writes


def test_every_file_the_cli_writes_goes_through_the_atomic_writer(capsys, tmp_path, monkeypatch):
    written = []
    real = fileio.write_text

    def spy(path, text, *args, **kwargs):
        written.append(os.fspath(path))
        return real(path, text, *args, **kwargs)

    monkeypatch.setattr(fileio, "write_text", spy)
    model, page, pictures = tmp_path / "m.json", tmp_path / "r.html", tmp_path / "pics"
    code, out, err = run(capsys, "report", "moons", "--samples", "40", "--epochs", "2",
                         "--save", model, "--out", page, "--svg-dir", pictures)
    assert code == 0, err
    expected = [str(model), str(page)] + [str(pictures / n)
                                         for n in ("loss.svg", "network.svg", "boundary.svg")]
    assert sorted(written) == sorted(expected)
    assert json.loads(model.read_text())["format"] == "tinynet-model"


FSIZE_CHILD = r"""
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
from tinynet import cli
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs RLIMIT_FSIZE (POSIX)")
@pytest.mark.parametrize("option, name, old_text", [
    ("--save", "m.json", None),  # an older model, written below
    ("--out", "r.html", REPORT_MARKER + "\n<p>an older report</p>\n"),
    ("--svg-dir", "pics", PICTURE_MARKER + "\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"),
])
def test_a_failed_write_leaves_the_old_file_complete(capsys, tmp_path, option, name, old_text):
    """A write that fails half-way (a 4 KiB file-size limit: the disk is 'full') keeps the old file."""
    target = tmp_path / name
    if option == "--save":
        assert cli.main(["train", "xor", "--epochs", "1", "--save", str(target)]) == 0
        capsys.readouterr()
    elif option == "--svg-dir":
        target.mkdir()
        target = target / "loss.svg"
        target.write_text(old_text)
    else:
        target.write_text(old_text)
    before = target.read_bytes()
    assert len(before) < 4096
    command = "report" if option == "--out" else "train"
    proc = subprocess.run([sys.executable, "-c", FSIZE_CHILD, command, "moons", "--samples", "40",
                           "--epochs", "200", option, str(tmp_path / name)],
                          env=child_env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tinynet: error: cannot write"), proc.stderr
    assert str(target) in lines[0] and "Traceback" not in proc.stderr
    assert target.read_bytes() == before  # the complete old file, not 4096 bytes of the new one
    leftovers = [p for p in os.listdir(target.parent) if p.endswith(".tmp")]
    assert leftovers == []
    if option == "--save":
        cli.load_model(str(target))  # still a model tinynet reads


# ---------------------------------------------------------------- item 2: never the input


@pytest.mark.parametrize("command, option", [("train", "--save"), ("report", "--out")])
@pytest.mark.parametrize("spelling", ["same", "dot", "symlink", "hardlink"])
@pytest.mark.parametrize("force", [False, True])
def test_an_output_is_never_the_input_data(capsys, tmp_path, data_csv, command, option, spelling,
                                           force):
    before = data_csv.read_bytes()
    if spelling == "same":
        output = str(data_csv)
    elif spelling == "dot":
        output = os.path.join(str(tmp_path), ".", "d.csv")
    elif spelling == "symlink":
        if not hasattr(os, "symlink"):
            pytest.skip("no symlinks here")
        output = str(tmp_path / "link.csv")
        os.symlink(str(data_csv), output)
    else:
        if not hasattr(os, "link"):
            pytest.skip("no hard links here")
        output = str(tmp_path / "hard.csv")
        os.link(str(data_csv), output)
    argv = [command, data_csv, "--epochs", "1", option, output] + (["--force"] if force else [])
    code, out, err = run(capsys, *argv)
    assert_user_error(code, err, "%s %s is the data file" % (option, output))
    assert data_csv.read_bytes() == before
    assert "training:" not in out  # refused before training, not after


def test_two_outputs_may_not_be_one_file(capsys, tmp_path):
    same = tmp_path / "both"
    code, out, err = run(capsys, "report", "xor", "--save", same, "--out", same)
    assert_user_error(code, err, "are the same file")
    assert not same.exists()


def test_someone_elses_file_is_replaced_only_with_force(capsys, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    for option in ("--save", "--out"):
        code, out, err = run(capsys, "report", "xor", option, notes)
        assert_user_error(code, err, str(notes), "already exists", "--force")
        assert notes.read_text() == "my notes\n"
    pictures = tmp_path / "pics"
    pictures.mkdir()
    (pictures / "loss.svg").write_text("<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- mine --></svg>")
    code, out, err = run(capsys, "train", "xor", "--svg-dir", pictures)
    assert_user_error(code, err, "loss.svg", "--force")
    assert "mine" in (pictures / "loss.svg").read_text()
    code, out, err = run(capsys, "train", "xor", "--svg-dir", pictures, "--save", notes, "--force")
    assert code == 0, err
    assert json.loads(notes.read_text())["format"] == "tinynet-model"
    assert "mine" not in (pictures / "loss.svg").read_text()


def test_a_tinynet_file_of_the_same_kind_is_replaced(capsys, tmp_path):
    model, page = tmp_path / "m.json", tmp_path / "r.html"
    for _ in range(2):  # the second run replaces the first run's files without --force
        code, out, err = run(capsys, "report", "xor", "--save", model, "--out", page,
                             "--svg-dir", tmp_path)
        assert code == 0, err
    # a model is not a report and a report is not a model
    code, out, err = run(capsys, "report", "xor", "--out", model)
    assert_user_error(code, err, "is not a tinynet report")
    code, out, err = run(capsys, "train", "xor", "--save", page)
    assert_user_error(code, err, "is not a tinynet model")


def test_files_from_before_the_marker_are_recognized(tmp_path):
    """Reports and pictures written before the marker existed start the way tinynet.plotting starts them."""
    assert cli.MARKERS == {"report": REPORT_MARKER, "picture": PICTURE_MARKER}
    older = {
        "report": '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8"/>\n'
                  '<meta name="viewport" content="width=device-width, initial-scale=1"/>\n'
                  '<title>tinynet report: iris</title>\n',
        "picture": '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 '
                   '640 360" font-family="sans-serif" font-size="12" fill="#222" role="img">\n'
                   '<title>Training history</title>\n',
        "model": '{\n "format": "tinynet-model",\n "version": 1,\n',
    }
    for kind, text in older.items():
        path = tmp_path / kind
        path.write_text(text)
        assert cli.is_tinynet_file(str(path), kind)
        others = [k for k in older if k != kind]
        assert not any(cli.is_tinynet_file(str(path), k) for k in others)
    # mentioning tinynet is not enough: the file must start like one
    (tmp_path / "mine.html").write_text("<!DOCTYPE html>\n<p>notes about tinynet report</p>\n"
                                        + REPORT_MARKER)
    assert not cli.is_tinynet_file(str(tmp_path / "mine.html"), "report")
    (tmp_path / "mine.json").write_text('{"name": "x", "format": "tinynet-model"}')
    assert not cli.is_tinynet_file(str(tmp_path / "mine.json"), "model")


@needs_fifo
def test_an_output_that_is_not_a_regular_file_is_refused_even_with_force(capsys, tmp_path):
    fifo = str(tmp_path / "pipe.json")
    os.mkfifo(fifo)
    code, out, err = call_guarded(lambda: run(capsys, "train", "xor", "--save", fifo, "--force"),
                                  fifo)
    assert_user_error(code, err, "is not a regular file")


def test_help_explains_force(capsys):
    for command in ("train", "report"):
        assert cli.main([command, "--help"]) == 0
        text = " ".join(capsys.readouterr().out.split())
        assert "--force" in text and "older tinynet model there is replaced" in text


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
