"""Nothing lost, nothing silent (issue 7): the Network's part.

* predict, predict_classes and evaluate refuse an overflow (NaN or infinity)
  with a NumericalError naming the sample, instead of returning it;
* one call at a time per network: a second call from another thread waits,
  a call from inside a call in the same thread raises RuntimeError; separate
  networks still run side by side and give the same bits as one by one;
* Ctrl-C stops the compiled loop within a batch or so, and undoes the epoch;
  an interrupt anywhere in an epoch (even while the progress line is being
  written) leaves weights, optimizer state and history in step;
* X and y may be generators.
"""

import copy
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import tinynet
from tinynet import Dense, DivergenceError, Network, NumericalError
from tinynet import network as network_module
from tinynet.history import History

X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, 0.2], [0.1, 0.9]]
Y = [0, 1, 1, 0, 1, 1]

# These tests train with momentum 0.9 on four points, a setting whose loss really bounces;
# they test threads and interrupts, not training quality, so the diagnostics are silenced.
pytestmark = pytest.mark.filterwarnings("ignore::tinynet.diagnostics.TrainingWarning")


def snapshot(net):
    """A deep copy of every layer's (weights, bias)."""
    return [(copy.deepcopy(layer.weights), list(layer.bias)) for layer in net.layers]


def small_net(seed=3):
    return Network([Dense(2, 5, "tanh"), Dense(5, 1, "sigmoid")], loss="binary_crossentropy", seed=seed)


def train(net, backend, **kw):
    kw.setdefault("epochs", 5)
    kw.setdefault("verbose", 0)
    kw.setdefault("learning_rate", 0.5)
    kw.setdefault("optimizer", "momentum")
    kw.setdefault("batch_size", 2)
    return net.fit(X, Y, backend=backend, **kw)


# ------------------------------------------------------- item 3: no silent NaN


def softmax_net():
    """Finite weights whose scores overflow: [1, 1] gives inf - inf = NaN."""
    return Network([Dense(2, 2, "softmax", weights=[[1e308, -1e308], [1e308, 1e308]], bias=[0.0, 0.0])],
                   loss="crossentropy")


def test_numerical_error_is_exported_and_a_value_error():
    assert tinynet.NumericalError is NumericalError
    assert "NumericalError" in tinynet.__all__
    assert issubclass(NumericalError, ValueError)
    assert issubclass(DivergenceError, NumericalError)  # training's overflow is one kind of it
    assert NumericalError.__doc__ and DivergenceError.__doc__


def test_predict_refuses_a_nan_output_and_names_the_sample(backend):
    net = softmax_net()
    assert net.predict([[0.0, 0.0]], backend=backend) == [[0.5, 0.5]]  # a sample that does not overflow
    with pytest.raises(NumericalError, match=r"sample 1: output 0 is nan") as info:
        net.predict([[0.0, 0.0], [1.0, 1.0]], backend=backend)
    assert info.value.sample == 1
    assert "1e+308" in str(info.value)  # says how large the weights are


def test_predict_classes_does_not_answer_class_0_for_nan(backend):
    with pytest.raises(NumericalError, match="sample 0"):
        softmax_net().predict_classes([[1.0, 1.0]], backend=backend)


def test_evaluate_refuses_a_nan_output_hidden_by_the_clamped_log(backend):
    # crossentropy clamps log(NaN) to -100: the loss alone looks finite (100)
    with pytest.raises(NumericalError, match="sample 1: output 0 is nan"):
        softmax_net().evaluate([[0.0, 0.0], [1.0, 1.0]], [0, 1], backend=backend)


def test_evaluate_refuses_a_nan_sigmoid_output(backend):
    # the hidden layer overflows to [inf, inf]; the output's sum inf - inf is NaN
    net = Network([Dense(1, 2, "linear", weights=[[1e308, 1e308]], bias=[0.0, 0.0]),
                   Dense(2, 1, "sigmoid", weights=[[1.0], [-1.0]], bias=[0.0])], loss="binary_crossentropy")
    with pytest.raises(NumericalError, match="sample 0: output 0 is nan"):
        net.evaluate([[10.0]], [1], backend=backend)
    with pytest.raises(NumericalError, match="sample 0"):
        net.predict_classes([[10.0]], backend=backend)


def test_linear_output_overflow_is_refused(backend):
    net = Network([Dense(1, 1, "linear", weights=[[1e308]], bias=[1e308])], loss="mse")
    with pytest.raises(NumericalError, match=r"sample 0: output 0 is inf: .*largest float"):
        net.predict([[1.0]], backend=backend)
    with pytest.raises(NumericalError, match="sample 2: output 0 is inf"):
        net.evaluate([[-1.0], [0.0], [1.0]], [0.0, 0.0, 0.0], backend=backend)


def test_huge_targets_give_an_error_naming_the_sample(backend):
    net = Network([Dense(1, 1, "linear", weights=[[1.0]], bias=[0.0])], loss="mse")
    with pytest.raises(NumericalError, match=r"sample 1: its loss is inf .*Standardizer") as info:
        net.evaluate([[1.0], [1.0]], [2.0, 1e300], backend=backend)
    assert info.value.sample == 1
    # each loss finite (1.44e308), the total not
    with pytest.raises(NumericalError, match="the loss of each sample is finite") as info:
        net.evaluate([[0.0], [0.0]], [1.2e154, 1.2e154], backend=backend)
    assert info.value.sample is None
    assert net.evaluate([[0.0]], [1.2e154], backend=backend)["loss"] == 1.2e154 ** 2


def test_ordinary_results_are_unchanged(backend):
    net = small_net()
    train(net, backend)
    assert net.evaluate(X, Y, backend=backend) == net.evaluate(X, Y, backend="python")
    assert net.predict(X, backend=backend) == net.predict(X, backend="python")


# --------------------------------------------------- item 8: generators as data


def test_predict_takes_a_generator(backend):
    net = small_net()
    expected = net.predict(X, backend=backend)
    assert net.predict((row for row in X), backend=backend) == expected
    assert net.predict(iter(X), backend=backend) == expected
    assert net.predict(((v for v in row) for row in X), backend=backend) == expected  # rows too
    assert net.predict((v for v in X[1]), backend=backend) == expected[1]  # one sample
    assert net.predict_classes((row for row in X), backend=backend) == net.predict_classes(X, backend=backend)
    with pytest.raises(ValueError, match="X is empty"):
        net.predict((row for row in []), backend=backend)


def test_evaluate_and_fit_take_generators(backend):
    net = small_net()
    assert net.evaluate((r for r in X), (t for t in Y), backend=backend) == net.evaluate(X, Y, backend=backend)
    a, b = small_net(), small_net()
    train(a, backend)
    b.fit(((v for v in row) for row in X), (t for t in Y), backend=backend, epochs=5, verbose=0,
          learning_rate=0.5, optimizer="momentum", batch_size=2)
    assert snapshot(a) == snapshot(b)
    c = small_net()
    h = c.fit(X, Y, epochs=2, verbose=0, backend=backend, validation_data=((r for r in X), iter(Y)))
    assert len(h["val_loss"]) == 2


# ------------------------------------------------------------ item 4: threads


class Worker(threading.Thread):
    """A thread that runs ``job`` and keeps its result or its exception."""

    def __init__(self, job):
        super().__init__(daemon=True)
        self.job, self.result, self.error = job, None, None

    def run(self):
        try:
            self.result = self.job()
        except BaseException as exc:  # noqa: BLE001 (reported by the test)
            self.error = exc


def holding_fit(net, backend, inside, go):
    """A fit that, in its first epoch, says it is running and waits for ``go``."""

    def schedule(epoch, lr):
        if epoch == 0:
            inside.set()
            assert go.wait(30)
        return lr

    return Worker(lambda: train(net, backend, lr_schedule=schedule))


def saved_text(net, path):
    net.save(path)
    with open(path, encoding="utf-8") as f:
        return f.read()


OPERATIONS = {
    "fit": lambda net, backend, path: train(net, backend).history,
    "predict": lambda net, backend, path: net.predict(X, backend=backend),
    "evaluate": lambda net, backend, path: net.evaluate(X, Y, backend=backend),
    "save": lambda net, backend, path: saved_text(net, path),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_a_call_from_another_thread_waits_for_the_running_fit(backend, operation, tmp_path):
    net, reference = small_net(), small_net()
    inside, go = threading.Event(), threading.Event()
    first = holding_fit(net, backend, inside, go)
    first.start()
    assert inside.wait(30)
    second = Worker(lambda: OPERATIONS[operation](net, backend, str(tmp_path / "a.json")))
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second call ran while the fit was still running"
    go.set()
    first.join(60)
    second.join(60)
    assert first.error is None and second.error is None, (first.error, second.error)
    # the same as one call after the other
    train(reference, backend)
    expected = OPERATIONS[operation](reference, backend, str(tmp_path / "b.json"))
    assert second.result == expected
    assert snapshot(net) == snapshot(reference)
    assert net.history.history == reference.history.history


def test_two_fits_on_one_network_in_two_threads_lose_nothing(backend):
    net, reference = small_net(), small_net()
    start = threading.Barrier(2)
    workers = [Worker(lambda: (start.wait(), train(net, backend, epochs=40))) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert all(w.error is None for w in workers), [w.error for w in workers]
    train(reference, backend, epochs=40)
    train(reference, backend, epochs=40)
    assert snapshot(net) == snapshot(reference)  # 80 epochs, not 40 twice from the same start


def test_a_call_from_inside_a_call_raises_instead_of_waiting_forever(backend):
    net = small_net()
    before = snapshot(net)

    def schedule(epoch, lr):
        net.predict(X)  # same thread, same network, while fit runs
        return lr

    with pytest.raises(RuntimeError, match="already busy in this thread"):
        train(net, backend, lr_schedule=schedule)
    assert snapshot(net) == before and len(net.history) == 0
    train(net, backend)  # the lock was released
    assert len(net.history) == 5


def test_separate_networks_run_side_by_side(backend):
    held, free = small_net(1), small_net(2)
    inside, go = threading.Event(), threading.Event()
    first = holding_fit(held, backend, inside, go)
    first.start()
    try:
        assert inside.wait(30)
        train(free, backend)  # no global lock: this finishes while the other fit is held
        assert free.predict(X, backend=backend)
        assert first.is_alive()
    finally:
        go.set()
        first.join(60)
    assert first.error is None


def test_separate_networks_in_threads_give_the_same_bits_as_one_by_one(backend):
    seeds = [11, 12, 13]
    nets = [small_net(s) for s in seeds]
    start = threading.Barrier(len(nets))
    workers = [Worker(lambda net=net: (start.wait(), train(net, backend, epochs=60))[1]) for net in nets]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert all(w.error is None for w in workers), [w.error for w in workers]
    for seed, net, w in zip(seeds, nets, workers):
        alone = small_net(seed)
        history = train(alone, backend, epochs=60)
        assert snapshot(net) == snapshot(alone)
        assert w.result.history == history.history


def test_a_network_can_still_be_copied_and_pickled(backend):
    import pickle

    net = small_net()
    train(net, backend)
    for make in (copy.deepcopy, lambda net: pickle.loads(pickle.dumps(net))):
        twin = make(net)
        assert twin._busy is not net._busy
        assert snapshot(twin) == snapshot(net)
        train(twin, backend)
        train(net, backend)
        assert snapshot(twin) == snapshot(net)


def test_without_threads_the_network_still_works(monkeypatch, backend):
    monkeypatch.setattr(network_module, "_thread", None)  # a MicroPython built without threads
    net = small_net()
    train(net, backend)
    assert len(net.history) == 5

    def schedule(epoch, lr):
        net.evaluate(X, Y)
        return lr

    with pytest.raises(RuntimeError, match="already busy"):
        train(net, backend, lr_schedule=schedule)
    train(net, backend)


# -------------------------------------- item 5b: an epoch counts whole or not at all


class Stream:
    """A stdout stand-in whose ``write`` number ``at`` (counted from 1) raises KeyboardInterrupt."""

    def __init__(self, at, tty=False, when=None):
        self.at, self.tty, self.when, self.writes = at, tty, when, 0

    def write(self, text):
        if self.when is not None and not self.when(text):
            return
        self.writes += 1
        if self.writes == self.at:
            raise KeyboardInterrupt

    def flush(self):
        pass

    def isatty(self):
        return self.tty


def assert_like_epochs(net, backend, epochs):
    """``net`` holds exactly what ``epochs`` finished epochs give: weights, history, optimizer state."""
    reference = small_net()
    train(reference, backend, epochs=epochs)
    assert len(net.history) == epochs
    assert net.history.epoch == list(range(1, epochs + 1))
    assert all(len(v) == epochs for v in net.history.history.values())
    assert net.history.history == reference.history.history
    assert snapshot(net) == snapshot(reference)
    # the momentum carried on is the same too (in a fixed order: an undone
    # epoch has drawn its shuffle from the network's random numbers)
    train(net, backend, epochs=2, shuffle=False)
    train(reference, backend, epochs=2, shuffle=False)
    assert snapshot(net) == snapshot(reference)


def interrupted_fit(monkeypatch, stream, backend, **kw):
    """A fresh network trained while printing to ``stream``, after its KeyboardInterrupt."""
    monkeypatch.setattr(sys, "stdout", stream)
    net = small_net()
    with pytest.raises(KeyboardInterrupt):
        train(net, backend, **kw)
    monkeypatch.undo()
    return net


def test_interrupt_while_printing_the_progress_line_keeps_that_epoch(monkeypatch, backend):
    net = interrupted_fit(monkeypatch, Stream(at=3), backend, verbose=2)
    assert_like_epochs(net, backend, 3)


def test_interrupt_while_ending_the_live_line_loses_nothing(monkeypatch, backend):
    # verbose=1 on a terminal ends its line with "\n" after the last epoch
    net = interrupted_fit(monkeypatch, Stream(at=1, tty=True, when=lambda text: text == "\n"), backend, verbose=1)
    assert_like_epochs(net, backend, 5)


def test_interrupt_while_writing_the_history_row_undoes_the_epoch(monkeypatch, backend):
    original = History.append

    def append(self, epoch, **figures):
        if epoch == 3:
            self.epoch.append(epoch)  # half a row, then the interrupt
            raise KeyboardInterrupt
        original(self, epoch, **figures)

    monkeypatch.setattr(History, "append", append)
    net = interrupted_fit(monkeypatch, sys.stdout, backend)
    assert_like_epochs(net, backend, 2)


def test_interrupt_before_an_epoch_keeps_the_ones_before(backend):
    def schedule(epoch, lr):
        if epoch == 4:
            raise KeyboardInterrupt
        return lr

    net = small_net()
    with pytest.raises(KeyboardInterrupt):
        train(net, backend, lr_schedule=schedule)
    assert_like_epochs(net, backend, 4)


@pytest.mark.parametrize("stop", ["interrupt", "divergence"])
def test_an_interrupted_then_resumed_run_matches_one_whole_run(monkeypatch, backend, stop):
    # the undone epoch also gives back the shuffle it drew from the network's
    # random numbers, so resuming for the epochs that were left gives the
    # weights and losses of one uninterrupted, shuffled run
    def make():
        if stop == "interrupt":
            return small_net()
        return Network([Dense(2, 5, "tanh"), Dense(5, 1, "linear")], loss="mse", seed=3)

    whole = make()
    losses = train(whole, backend, epochs=5, shuffle=True).history["loss"]
    net = make()
    if stop == "interrupt":   # in the third epoch, after its shuffle and training
        original = History.append

        def append(self, epoch, **figures):
            if epoch == 3:
                raise KeyboardInterrupt
            original(self, epoch, **figures)

        monkeypatch.setattr(History, "append", append)
        with pytest.raises(KeyboardInterrupt):
            train(net, backend, epochs=5, shuffle=True)
        monkeypatch.undo()
    else:                     # the third epoch's weights overflow to inf

        def schedule(epoch, lr):
            return 1e300 if epoch == 2 else lr

        with pytest.raises(DivergenceError):
            train(net, backend, epochs=5, shuffle=True, lr_schedule=schedule)
    assert len(net.history) == 2
    resumed = train(net, backend, epochs=3, shuffle=True).history["loss"]
    assert resumed == losses[2:]
    assert snapshot(net) == snapshot(whole)
    train(net, backend, epochs=2, shuffle=True)
    train(whole, backend, epochs=2, shuffle=True)
    assert snapshot(net) == snapshot(whole)


def test_history_truncate_drops_half_written_rows():
    h = History()
    h.append(1, loss=0.5, accuracy=None, lr=0.1)
    h.append(2, loss=0.4, accuracy=None, lr=0.1)
    h.epoch.append(3)
    h.history["loss"].append(0.3)
    h.truncate(2)
    assert h.epoch == [1, 2] and h.history == {"loss": [0.5, 0.4], "accuracy": [None, None], "lr": [0.1, 0.1]}


def test_history_append_pads_new_and_missing_figures_with_none():
    h = History(("loss",))
    h.append(1, loss=0.5)
    h.append(2, loss=0.4, val_loss=0.7)  # a figure first seen in epoch 2
    h.append(3, val_loss=0.6)            # a figure left out in epoch 3
    assert h.history == {"loss": [0.5, 0.4, None], "val_loss": [None, 0.7, 0.6]}
    assert h.epoch == [1, 2, 3] and h.epoch_seconds == [None, None, None]
    # a known figure is appended to in place (no new padded list per epoch)
    loss = h.history["loss"]
    for epoch in range(4, 1004):
        h.append(epoch, loss=1.0, val_loss=1.0)
    assert h.history["loss"] is loss and len(loss) == 1003


# --------------------------------------------------------- item 5a: prompt Ctrl-C

CHILD = textwrap.dedent("""
    import signal, sys, time
    caught = []

    def on_interrupt(number, frame):
        caught.append(time.monotonic())
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_interrupt)  # even if the test runner ignores SIGINT
    from tinynet import Dense, Network

    backend, n = sys.argv[1], int(sys.argv[2])
    net = Network([Dense(16, 1024, "relu"), Dense(1024, 1024, "relu"), Dense(1024, 1)], seed=0)
    X = [[((i * 7 + j) % 13) / 13.0 for j in range(16)] for i in range(n)]
    y = [(i % 5) / 5.0 for i in range(n)]
    before = [([list(r) for r in layer.weights], list(layer.bias)) for layer in net.layers]

    def schedule(epoch, lr):
        print("EPOCH", flush=True)  # about to run the epoch
        return lr

    try:
        net.fit(X, y, epochs=1, batch_size=1, learning_rate=1e-4, lr_schedule=schedule,
                verbose=0, backend=backend)
        print("FINISHED", flush=True)
    except KeyboardInterrupt:
        after = [([list(r) for r in layer.weights], list(layer.bias)) for layer in net.layers]
        print("INTERRUPTED", caught[0], after == before, len(net.history), flush=True)
        raise
""")


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or sys.platform == "win32", reason="needs POSIX signals")
def test_ctrl_c_stops_a_long_epoch_promptly_and_undoes_it(backend, tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(tinynet.__file__)))
    # 5000 samples of batch size 1 through ~1.1 million weights: far longer
    # than this test waits, unless the loop notices the interrupt
    child = subprocess.Popen([sys.executable, str(script), backend, "5000"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=str(tmp_path), env=env)
    try:
        assert child.stdout.readline().strip() == "EPOCH"
        time.sleep(1.0)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    words = out.split()
    assert words and words[0] == "INTERRUPTED", (out, err)
    latency = float(words[1]) - sent
    assert latency < 5.0, "the interrupt took %.1f s to be noticed" % latency
    assert words[2:] == ["True", "0"]  # the weights from before the epoch; no epoch in the history
    assert "KeyboardInterrupt" in err
    assert child.returncode != 0
