"""Files: atomic, durable saves.

Issue 7, item 1:

* a save killed with ``kill -9`` at random moments, a save onto a full disk
  (a real tiny tmpfs where it can be mounted, and always a stand-in that
  makes ``os.write`` fail with ENOSPC), and a reader loading while another
  process saves, all leave the target loadable as the old or the new model;
* ``tinynet.load`` refuses FIFOs, devices and folders before reading, caps
  the file size, and checks declared sizes before it parses a single weight
  (hostile files are refused without building their numbers: measured with
  tracemalloc, never with a clock);
* non-UTF-8, missing files, duplicate keys and ``"version": 1.0`` give
  errors naming the file.
"""

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

import tinynet
from tinynet import Dense, Network, fileio
from tinynet.history import History

POSIX_FORK = hasattr(os, "fork") and hasattr(signal, "SIGKILL")


def weights_of(net):
    """Every layer's (weights, bias), as plain nested tuples that compare exactly."""
    return tuple((tuple(tuple(row) for row in layer.weights), tuple(layer.bias)) for layer in net.layers)


def model(seed, sizes=(32, 64, 8)):
    """A network with random weights (different for every seed)."""
    layers = [Dense(a, b, "tanh") for a, b in zip(sizes[:-2], sizes[1:-1])]
    layers.append(Dense(sizes[-2], sizes[-1], "sigmoid"))
    return Network(layers, seed=seed)


def temporary_files(folder):
    return [name for name in os.listdir(folder) if name.endswith(".tmp")]


def run_python(code, timeout):
    """Run ``code`` in a fresh interpreter that imports the same tinynet as the tests."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(tinynet.__file__)))
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


# ---------------------------------------------------------------- item 1: atomic saves


@pytest.mark.skipif(not POSIX_FORK, reason="needs fork and SIGKILL")
def test_save_killed_with_sigkill_leaves_old_or_new_model(tmp_path):
    """300 kill -9 at random moments of a save loop: the file always loads as one of the two models."""
    path = str(tmp_path / "model.json")
    old, new = model(1, (16, 32, 4)), model(2, (16, 32, 4))
    old.save(path)
    expected = {weights_of(old), weights_of(new)}
    rng = random.Random(7)
    kills, deadline = 0, time.monotonic() + 20
    while kills < 300 and time.monotonic() < deadline:
        pid = os.fork()
        if pid == 0:  # the child saves the two models in turn until it is killed
            try:
                for i in range(10 ** 9):
                    (new if i % 2 == 0 else old).save(path)
            finally:
                os._exit(1)
        time.sleep(rng.uniform(0.0, 0.03))  # before, during or after the first save, or later ones
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        assert weights_of(tinynet.load(path)) in expected, "after kill %d" % kills
    assert kills >= 100, "only %d kills in 20 s" % kills


@pytest.mark.skipif(not POSIX_FORK, reason="needs fork")
def test_reader_loading_while_another_process_saves_never_fails(tmp_path):
    path = str(tmp_path / "model.json")
    old, new = model(3), model(4)
    old.save(path)
    expected = {weights_of(old), weights_of(new)}
    pid = os.fork()
    if pid == 0:
        try:
            stop = time.monotonic() + 3.0
            i = 0
            while time.monotonic() < stop:
                (new if i % 2 == 0 else old).save(path)
                i += 1
        finally:
            os._exit(0)
    loads = 0
    try:
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            assert weights_of(tinynet.load(path)) in expected
            loads += 1
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    assert loads >= 10


def _disk_filling_after(monkeypatch, budget):
    """Make ``os.write`` (as fileio calls it) fail with ENOSPC once ``budget`` bytes are written."""
    real_write = os.write
    left = [budget]

    def write(fd, data):
        if left[0] <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = min(len(data), left[0])
        left[0] -= n
        return real_write(fd, bytes(data[:n]))  # a short write, as a filling disk gives

    monkeypatch.setattr(fileio.os, "write", write)


@pytest.mark.parametrize("budget", [0, 1, 4096, 20000])
def test_save_onto_a_full_disk_keeps_the_old_model(tmp_path, monkeypatch, budget):
    path = str(tmp_path / "model.json")
    old, new = model(5), model(6)
    old.save(path)
    _disk_filling_after(monkeypatch, budget)
    with pytest.raises(OSError) as info:
        new.save(path)
    monkeypatch.undo()
    assert info.value.errno == errno.ENOSPC
    assert isinstance(info.value, fileio.WriteError)
    assert path in str(info.value)
    assert weights_of(tinynet.load(path)) == weights_of(old)
    assert os.listdir(str(tmp_path)) == ["model.json"]  # no temporary file left behind


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_save_onto_a_real_full_tmpfs_keeps_the_old_model(tmp_path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                              capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        pytest.skip("mount is not available")
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: %s" % done.stderr.decode(errors="replace").strip())
    try:
        path = str(mount / "model.json")
        old, new = model(7, (2, 4, 1)), model(8, (64, 128, 8))  # the new one needs ~200 KB
        old.save(path)
        with pytest.raises(OSError) as info:
            new.save(path)
        assert info.value.errno == errno.ENOSPC and path in str(info.value)
        assert weights_of(tinynet.load(path)) == weights_of(old)
        assert os.listdir(str(mount)) == ["model.json"]
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True, timeout=30, check=False)


def test_interrupted_save_removes_its_temporary_file(tmp_path, monkeypatch):
    path = str(tmp_path / "model.json")
    old = model(9)
    old.save(path)

    def interrupted(fd, data):
        raise KeyboardInterrupt

    monkeypatch.setattr(fileio.os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        model(10).save(path)
    monkeypatch.undo()
    assert weights_of(tinynet.load(path)) == weights_of(old)
    assert temporary_files(str(tmp_path)) == []


def test_failed_fsync_is_a_write_error_naming_the_path(tmp_path, monkeypatch):
    path = str(tmp_path / "model.json")
    old = model(11)
    old.save(path)

    def broken_fsync(fd):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fileio.os, "fsync", broken_fsync)
    with pytest.raises(fileio.WriteError) as info:
        model(12).save(path)
    monkeypatch.undo()
    assert info.value.errno == errno.EIO and path in str(info.value)
    assert weights_of(tinynet.load(path)) == weights_of(old)
    assert temporary_files(str(tmp_path)) == []


def test_save_errors_name_the_path_and_leave_nothing(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(OSError) as info:
        model(13).save(str(folder))
    assert str(folder) in str(info.value)
    assert os.listdir(str(folder)) == [] and temporary_files(str(tmp_path)) == []
    missing = str(tmp_path / "no-such-folder" / "model.json")
    with pytest.raises(OSError) as info:
        model(13).save(missing)
    assert missing in str(info.value)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_save_keeps_permissions_and_symbolic_links(tmp_path):
    real = tmp_path / "real.json"
    link = tmp_path / "link.json"
    model(14).save(str(real))
    os.chmod(str(real), 0o600)
    os.symlink(str(real), str(link))
    new = model(15)
    new.save(str(link))
    assert os.path.islink(str(link))
    assert os.stat(str(real)).st_mode & 0o777 == 0o600
    assert weights_of(tinynet.load(str(real))) == weights_of(new)


def test_write_text_writes_exact_bytes_and_replaces(tmp_path):
    path = str(tmp_path / "out.txt")
    fileio.write_text(path, "old\n")
    fileio.write_text(path, "caf\u00e9\r\nline\n")
    with open(path, "rb") as f:
        assert f.read() == "caf\u00e9\r\nline\n".encode("utf-8")
    assert os.listdir(str(tmp_path)) == ["out.txt"]


def test_svg_writer_is_atomic(tmp_path, monkeypatch):
    from tinynet.plotting import svg_loss_curve

    history = History()
    for epoch, loss in enumerate([0.9, 0.5, 0.2], 1):
        history.append(epoch, loss=loss, accuracy=None, lr=0.1)
    path = str(tmp_path / "loss.svg")
    first = svg_loss_curve(history, path=path)
    with open(path, encoding="utf-8") as f:
        assert f.read() == first
    history.append(4, loss=0.1, accuracy=None, lr=0.1)
    _disk_filling_after(monkeypatch, 100)
    with pytest.raises(OSError) as info:
        svg_loss_curve(history, path=path)
    monkeypatch.undo()
    assert info.value.errno == errno.ENOSPC and path in str(info.value)
    with open(path, encoding="utf-8") as f:
        assert f.read() == first
    assert os.listdir(str(tmp_path)) == ["loss.svg"]


def test_bench_json_is_written_atomically(tmp_path, monkeypatch, capsys):
    from tinynet import bench

    monkeypatch.setattr(bench, "run", lambda *args, **kwargs: [])
    monkeypatch.setattr(bench, "format_table", lambda results: "")
    path = str(tmp_path / "results.json")
    assert bench.main(["--json", path]) == 0
    with open(path, encoding="utf-8") as f:
        first = f.read()
    assert json.loads(first)["results"] == []
    _disk_filling_after(monkeypatch, 10)
    with pytest.raises(OSError) as info:
        bench.main(["--json", path])
    monkeypatch.setattr(fileio.os, "write", os.write)
    assert info.value.errno == errno.ENOSPC and path in str(info.value)
    with open(path, encoding="utf-8") as f:
        assert f.read() == first
    assert os.listdir(str(tmp_path)) == ["results.json"]
