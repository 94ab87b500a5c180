"""Files: atomic, durable saves; loads that refuse what is not a model, early and by name.

Issue 7, items 1, 6 and 8 (the model-file part):

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
import threading
import time

import pytest

import tinynet
from tinynet import Dense, Network, fileio, saving
from tinynet.history import History
from tinynet.layers import MAX_WEIGHTS

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


def run_python(code, timeout, args=()):
    """Run ``code`` in a fresh interpreter that imports the same tinynet as the tests."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(tinynet.__file__)))
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


# ---------------------------------------------------------------- item 1: atomic saves


KILL_LOOP = """
import json, os, random, signal, sys, time
import tinynet
from tinynet import Dense, Network

def weights_of(net):
    return tuple((tuple(tuple(r) for r in l.weights), tuple(l.bias)) for l in net.layers)

path = sys.argv[1]
old = Network([Dense(16, 32, "tanh"), Dense(32, 4, "sigmoid")], seed=1)
new = Network([Dense(16, 32, "tanh"), Dense(32, 4, "sigmoid")], seed=2)
old.save(path)
expected = {weights_of(old): "old", weights_of(new): "new"}
seen = {"old": 0, "new": 0}
rng = random.Random(7)
kills, deadline = 0, time.monotonic() + 60
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
    try:
        seen[expected[weights_of(tinynet.load(path))]] += 1
    except Exception as exc:
        print(json.dumps({"kills": kills, "error": str(exc)}))
        sys.exit(0)
print(json.dumps({"kills": kills, "seen": seen}))
"""


@pytest.mark.skipif(not POSIX_FORK, reason="needs fork and SIGKILL")
def test_save_killed_with_sigkill_leaves_old_or_new_model(tmp_path):
    """300 kill -9 at random moments of a save loop: the file always loads as one of the two models.

    The loop runs in a small fresh interpreter, so forking it stays cheap
    whatever the test process has grown to.
    """
    done = run_python(KILL_LOOP, timeout=300, args=[str(tmp_path / "model.json")])
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert "error" not in result, "after kill %d: %s" % (result["kills"], result.get("error"))
    assert result["kills"] >= 100, result
    assert result["seen"]["new"] > 0  # some kills came after a save had replaced the file


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


# ---------------------------------------------------------------- item 6: not files, too big, hostile


def test_load_refuses_fifo_devices_and_folders_without_reading(tmp_path):
    """In a fresh process with a timeout and a memory limit: the old code hung or read forever."""
    fifo = str(tmp_path / "fifo.json")
    os.mkfifo(fifo) if hasattr(os, "mkfifo") else None
    paths = [p for p in (fifo, "/dev/zero", "/dev/urandom", "/dev/null", str(tmp_path)) if os.path.exists(p)]
    code = """
import json, sys
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
except (ImportError, ValueError, OSError):
    pass
import tinynet
out = {}
for path in %r:
    try:
        tinynet.load(path)
        out[path] = "loaded"
    except Exception as exc:
        out[path] = [type(exc).__name__, isinstance(exc, ValueError), str(exc)]
print(json.dumps(out))
""" % (paths,)
    done = run_python(code, timeout=60)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert sorted(results) == sorted(paths)
    for path, (name, is_value_error, message) in results.items():
        assert is_value_error and path in message, (path, name, message)
        assert "folder" in message if path == str(tmp_path) else "not a regular file" in message


def test_fifo_is_refused_at_once_in_process(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = str(tmp_path / "model.json")
    os.mkfifo(fifo)
    outcome = {}

    def load():
        try:
            tinynet.load(fifo)
        except Exception as exc:  # noqa: BLE001 - any outcome is recorded and checked below
            outcome["error"] = exc

    reader = threading.Thread(target=load, daemon=True)
    reader.start()
    reader.join(20)
    if reader.is_alive():  # blocked in open(): give it a writer so the thread can end, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(5)
        pytest.fail("tinynet.load waited on a FIFO")
    assert isinstance(outcome["error"], ValueError)
    assert fifo in str(outcome["error"]) and "not a regular file" in str(outcome["error"])


def refused_and_peak_memory(path):
    """The ValueError ``tinynet.load(path)`` raises, and the most memory it held meanwhile."""
    tracemalloc = pytest.importorskip("tracemalloc")  # PyPy has no _tracemalloc
    tracemalloc.start()
    try:
        with pytest.raises(ValueError) as info:
            tinynet.load(path)
        return info.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_size_cap_is_checked_before_reading(tmp_path):
    assert saving.MAX_BYTES == 256 * 1024 * 1024
    big = str(tmp_path / "big.json")
    with open(big, "wb") as f:
        f.truncate(saving.MAX_BYTES + 1)  # sparse: 256 MiB of nothing, never read
    error, peak = refused_and_peak_memory(big)
    assert isinstance(error, fileio.FileTooLargeError)
    assert big in str(error) and "max_bytes" in str(error)
    assert peak < 1 << 20  # nothing of the file was read


def test_max_bytes_argument(tmp_path):
    path = str(tmp_path / "model.json")
    net = model(16, (2, 3, 1))
    net.save(path)
    size = os.path.getsize(path)
    assert weights_of(tinynet.load(path, max_bytes=size)) == weights_of(net)
    with pytest.raises(fileio.FileTooLargeError) as info:
        tinynet.load(path, max_bytes=size - 1)
    assert path in str(info.value) and str(size - 1) in str(info.value)
    with open(path, "a") as f:
        f.write("not json" * 100)  # the cap is met before the broken JSON is ever parsed
    with pytest.raises(fileio.FileTooLargeError):
        tinynet.load(path, max_bytes=size)
    for bad in (True, 1.5, "100", None):
        with pytest.raises(TypeError):
            tinynet.load(path, max_bytes=bad)
    for bad in (0, -5):
        with pytest.raises(ValueError):
            tinynet.load(path, max_bytes=bad)
    with pytest.raises(TypeError):
        tinynet.load(path, 1000)  # max_bytes is keyword-only


HEAD = '{"format": "tinynet-model", "version": 1, "loss": "mse", "seed": null, "layers": ['
TAIL = '], "optimizer": null, "history": null}\n'


def _layer(n_in, n_out, weights, bias, weights_first=False):
    if weights_first:
        return ('{"weights": %s, "bias": %s, "type": "Dense", "n_in": %d, "n_out": %d, "activation": "tanh"}'
                % (weights, bias, n_in, n_out))
    return ('{"type": "Dense", "n_in": %d, "n_out": %d, "activation": "tanh", "weights": %s, "bias": %s}'
            % (n_in, n_out, weights, bias))


def _rows(count, width, number="0.5"):
    row = "[" + ", ".join([number] * width) + "]"
    return "[" + ", ".join([row] * count) + "]"


SIZE = 6_000_000  # bytes of numbers in each hostile file: parsing them would need ~40 MB
GIANT = "[" + ", ".join(["0.5"] * (SIZE // 5)) + "]"
HOSTILE = {
    # a layer claiming far more weights than a layer may hold, followed by megabytes of them
    "huge-declared-shape": (HEAD + _layer(100000, 100000, "[" + GIANT + "]", "[0]") + TAIL,
                            "100000 x 100000"),
    # a 2x2 layer with a row of a million numbers
    "giant-row": (HEAD + _layer(2, 2, "[" + GIANT + ", [0.5, 0.5]]", "[0, 0]") + TAIL, "2 rows of 2 numbers"),
    # a 2x2 layer with half a million rows
    "many-rows": (HEAD + _layer(2, 2, _rows(SIZE // 10, 2), "[0, 0]") + TAIL, "2 rows of 2 numbers"),
    # the same with the weights before the sizes: checked when the layer closes, still unparsed
    "weights-before-sizes": (HEAD + _layer(2, 2, _rows(SIZE // 10, 2), "[0, 0]", weights_first=True) + TAIL,
                             "2 rows of 2 numbers"),
    "giant-bias": (HEAD + _layer(2, 2, _rows(2, 2), GIANT) + TAIL, "bias must be a list of 2 numbers"),
    "history-lengths-disagree": (HEAD + _layer(2, 1, _rows(2, 1), "[0]")
                                 + '], "optimizer": null, "history": {"epoch": [1], "loss": %s}}' % GIANT,
                                 "history 'loss'"),
    # a legal-sized first layer, then a second layer that does not fit it: no weight is parsed
    "layers-disagree-after-a-big-layer": (HEAD + _layer(1000, 1000, _rows(1000, 1000), _rows(1, 1000)[1:-1])
                                          + ", " + _layer(5, 1, _rows(5, 1), "[0]") + TAIL,
                                          "layer 1 takes 5 inputs but layer 0 gives 1000"),
    # a legal-sized layer whose very last weight is NaN: found by a scan, with its line
    "nan-at-the-end": (HEAD + _layer(1000, 1000, _rows(1000, 1000)[:-5] + "NaN]]", _rows(1, 1000)[1:-1])
                       + TAIL, "NaN is not allowed"),
    "wrong-format-after-the-layers": (HEAD.replace('"format": "tinynet-model", ', "")
                                      + _layer(1000, 1000, _rows(1000, 1000), _rows(1, 1000)[1:-1])
                                      + '], "format": "keras"}', "not a tinynet model"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_model_is_refused_before_its_numbers_are_parsed(case, tmp_path):
    text, reason = HOSTILE[case]
    path = str(tmp_path / "hostile.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    error, peak = refused_and_peak_memory(path)
    assert path in str(error) and reason in str(error)
    # reading needs the bytes and the text (2x the file); parsing "0.5, " would need 32 bytes
    # (a float and a list slot) per 5 characters, 6.4x the file
    assert peak < 2.5 * len(text), "peak %.1f MB for a %.1f MB file" % (peak / 1e6, len(text) / 1e6)


def test_legal_large_model_loads_exactly(tmp_path):
    net = Network([Dense(784, 128, "relu"), Dense(128, 10, "softmax")], loss="crossentropy", seed=3)
    path = str(tmp_path / "mnist-sized.json")
    net.save(path)
    loaded = tinynet.load(path)
    assert weights_of(loaded) == weights_of(net)
    assert loaded.sizes == [784, 128, 10]


# the same model written the ways a person or another tool might write it
def _variants(data):
    layer = data["layers"][0]
    escaped = json.dumps(data).replace('"n_in"', '"n\\u005fin"').replace('"weights"', '"w\\u0065ights"')
    reordered = dict(data, layers=[dict(reversed(list(layer.items()))) for layer in data["layers"]])
    return {
        "compact": json.dumps(data, separators=(",", ":")),
        "indent-4": json.dumps(data, indent=4),
        "sorted-keys": json.dumps(data, sort_keys=True, indent=2),
        "keys-reversed": json.dumps(dict(reversed(list(reordered.items())))),
        "escaped-key-names": escaped,
        "tabs-and-crlf": json.dumps(data, indent="\t").replace("\n", "\r\n"),
        "extra-keys": json.dumps(dict(data, note={"a": [1, [2]], "b": "]}\"["},
                                      layers=[dict(layer, comment="[[1]]}")] + data["layers"][1:])),
        "cli-style": json.dumps(dict(data, preprocessing={"mean": [0.0, 1.0], "classes": ["a", "b"]}), indent=1),
    }


def test_models_written_in_any_json_layout_load_identically(tmp_path):
    net = model(17, (2, 3, 2))
    net.fit([[0, 0], [0, 1], [1, 0], [1, 1]], [[0, 1], [1, 0], [1, 0], [0, 1]], epochs=3, verbose=0)
    data = saving.to_dict(net)
    for name, text in _variants(data).items():
        path = str(tmp_path / (name + ".json"))
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        loaded = tinynet.load(path)
        assert weights_of(loaded) == weights_of(net), name
        assert loaded.history.history == net.history.history, name
        assert saving.read_dict(path) == json.loads(text), name


def _reference_load(text):
    """The independent reference: Python's json module on the whole text, then from_dict."""
    def unique(pairs):
        keys = [k for k, _ in pairs]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate key")
        return dict(pairs)

    def no_constants(name):
        raise ValueError(name)

    return saving.from_dict(json.loads(text, object_pairs_hook=unique, parse_constant=no_constants))


def test_reader_agrees_with_the_json_module_on_mutated_files():
    """Seeded random edits of a model file: loads succeeds exactly when json.loads + from_dict does."""
    net = model(18, (2, 2, 1))
    net.fit([[0, 0], [1, 1]], [0, 1], epochs=2, verbose=0)
    texts = [saving.dumps(saving.to_dict(net)), json.dumps(saving.to_dict(net), separators=(",", ":"))]
    alphabet = '{}[]:,"0123456789.-+eE \n\tnulltruefalseNaN\\'
    rng = random.Random(2024)
    agreed = accepted = 0
    for trial in range(3000):
        chars = list(rng.choice(texts))
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(chars))
            action = rng.random()
            if action < 0.4:
                del chars[at]
            elif action < 0.7:
                chars.insert(at, rng.choice(alphabet))
            else:
                chars[at] = rng.choice(alphabet)
        text = "".join(chars)
        try:
            expected = weights_of(_reference_load(text))
        except (ValueError, TypeError, RecursionError):
            expected = None
        try:
            got = weights_of(saving.from_dict(saving.loads(text)))
        except (ValueError, TypeError):
            got = None
        assert got == expected, "trial %d disagrees on %r" % (trial, text)
        agreed += 1
        accepted += expected is not None
    assert agreed == 3000 and 100 < accepted < 2900  # both outcomes were exercised


def test_loads_works_with_a_json_module_that_has_only_loads(monkeypatch):
    """MicroPython's json has loads() and nothing else: the reader steps aside."""
    import types

    text = saving.dumps(saving.to_dict(model(19, (2, 2, 1))))
    monkeypatch.setattr(saving, "json", types.SimpleNamespace(loads=json.loads))
    assert saving.loads(text) == json.loads(text)


def test_layer_size_cap_applies_on_load(tmp_path):
    n = int(MAX_WEIGHTS ** 0.5) + 1
    assert "at most %d" % MAX_WEIGHTS in load_error(tmp_path, HEAD + _layer(n, n, "[]", "[]") + TAIL)[1]


# ---------------------------------------------------------------- item 8: errors that name the file


def test_non_utf8_missing_and_folder_errors_name_the_path(tmp_path):
    bad = str(tmp_path / "latin1.json")
    text = saving.dumps(saving.to_dict(model(20, (2, 2, 1)))).replace('"mse"', '"mse", "note": "caf\u00e9"')
    with open(bad, "wb") as f:
        f.write(text.encode("latin-1"))
    with pytest.raises(ValueError) as info:
        tinynet.load(bad)
    assert bad in str(info.value) and "UTF-8" in str(info.value)
    missing = str(tmp_path / "missing.json")
    with pytest.raises(FileNotFoundError) as info:
        tinynet.load(missing)
    assert missing in str(info.value)
    with pytest.raises(ValueError) as info:
        tinynet.load(str(tmp_path))
    assert str(tmp_path) in str(info.value) and "folder" in str(info.value)


def load_error(folder, text):
    """Write ``text`` to a model file in ``folder``; return its path and the ValueError loading it raises."""
    path = str(folder / "model.json")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    with pytest.raises(ValueError) as info:
        tinynet.load(path)
    return path, str(info.value)


def _good_text():
    net = model(21, (2, 2, 1))
    net.fit([[0, 0], [1, 1]], [0, 1], epochs=2, verbose=0)
    return saving.dumps(saving.to_dict(net))


DUPLICATES = {
    "top-level": lambda t: t.replace('"loss": "mse"', '"loss": "mse", "loss": "mse"', 1),
    "layer": lambda t: t.replace('"n_in": 2', '"n_in": 2, "n_in": 2', 1),
    "layer-weights": lambda t: t.replace('"bias"', '"weights": [[0.1, 0.2], [0.3, 0.4]], "bias"', 1),
    "optimizer": lambda t: t.replace('"name": "sgd"', '"name": "sgd", "name": "adam"', 1),
    "history": lambda t: t.replace('"epoch"', '"loss": [1, 2], "epoch"', 1),
    "extra-object": lambda t: t.replace('"loss": "mse"', '"loss": "mse", "note": {"a": 1, "a": 2}', 1),
    "escaped-twin": lambda t: t.replace('"seed": 21', '"seed": 21, "s\\u0065ed": 21', 1),
}


@pytest.mark.parametrize("case", sorted(DUPLICATES))
def test_duplicate_keys_are_refused(case, tmp_path):
    text = DUPLICATES[case](_good_text())
    assert text != _good_text()
    json.loads(text)  # plain json would accept it, silently keeping the last value
    path, message = load_error(tmp_path, text)
    assert path in message and "appears twice" in message


@pytest.mark.parametrize("version", ["1.0", "1e0", "true", '"1"', "2"])
def test_version_must_be_the_whole_number_one(version, tmp_path):
    text = _good_text().replace('"version": 1,', '"version": %s,' % version, 1)
    path, message = load_error(tmp_path, text)
    assert path in message and "version" in message
    with pytest.raises(ValueError):
        saving.from_dict(json.loads(text))


def test_json_errors_give_line_and_column(tmp_path):
    broken = _good_text().replace('"activation": "tanh",', '"activation": "tanh"', 1)  # a missing comma
    path, message = load_error(tmp_path, broken)
    assert path in message and "not a valid tinynet model file" in message and "line" in message
    for empty in ("", "   \n"):
        assert "empty" in load_error(tmp_path, empty)[1]
