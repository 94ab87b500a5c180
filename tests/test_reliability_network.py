"""Nothing lost, nothing silent (issue 7): the Network's part.

* Ctrl-C stops the compiled loop within a batch or so, and undoes the epoch.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import tinynet

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
