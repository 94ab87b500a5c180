"""The playground's server and API over real loopback HTTP, its exported
script (same weights, bit for bit), its safety rules, and (when node, the
npm packages and chromium are installed) the browser tests in tests/browser/."""

import http.client
import json
import math
import os
import random
import re
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

import tinynet
from tinynet import datasets
from tinynet.playground import make_server
from tinynet.playground.experiment import SettingsError, parse_csv
from tinynet.playground.server import MAX_BODY, is_loopback

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BROWSER_DIR = os.path.join(ROOT, "tests", "browser")


@pytest.fixture
def server(tmp_path, monkeypatch, capfd):
    monkeypatch.chdir(tmp_path)  # so that anything written to the working folder would show
    srv = make_server("127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(5)
    assert list(tmp_path.iterdir()) == [], "the server wrote files"
    assert "Traceback" not in capfd.readouterr().err


def request(srv, method, path, body=None, token=True, host=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=20)
    if token:
        path += ("&" if "?" in path else "?") + "token=" + srv.token
    all_headers = {"Host": host or "127.0.0.1:%d" % srv.port}
    all_headers.update(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    conn.request(method, path, body=body.encode() if isinstance(body, str) else body, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, response, data.decode("utf-8", "replace")


def api(srv, path, body=None):
    status, _, text = request(srv, "GET" if body is None else "POST", path, body)
    assert status == 200, (status, text)
    return text if path.endswith((".py", "/model", "/explain")) and body is None else json.loads(text)


def run_script(text, tmp_path):
    path = tmp_path / "exported.py"
    path.write_text(text)
    try:
        return runpy.run_path(str(path))["net"]
    finally:
        path.unlink()


def same_weights(model_text, net):
    layers = json.loads(model_text)["layers"]
    return [(saved["weights"], saved["bias"]) for saved in layers] == [(layer.weights, layer.bias)
                                                                       for layer in net.layers]


# ------------------------------------------------------------------ pages


def test_page_and_assets_are_served_with_the_token_and_nothing_external(server):
    status, response, html = request(server, "GET", "/")
    assert status == 200 and "text/html" in response.getheader("Content-Type")
    assert server.token in html  # the assets are linked with the token
    assert "default-src 'none'" in response.getheader("Content-Security-Policy")
    for path in ("/playground.js", "/playground.css"):
        status, _, text = request(server, "GET", path)
        assert status == 200 and len(text) > 1000
        html += text
    for marker in ("http://", "https://", "//cdn", "@import", "url("):
        assert marker not in html.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
            '"http://www.w3.org/2000/svg"', ""), marker
    for testid in ("play", "pause", "step", "reset", "new-seed", "epoch", "loss-train", "loss-test", "dataset",
                   "learning-rate", "add-layer", "remove-layer", "export-python", "export-model",
                   "import-model", "upload-data", "boundary", "seed"):
        assert 'data-testid="%s"' % testid in html, testid
    for value in ("circle", "xor", "gauss", "spiral", "moons"):
        assert '<option value="%s">' % value in html


def test_requests_without_the_token_or_with_a_foreign_host_are_refused(server):
    assert request(server, "GET", "/", token=False)[0] == 403
    assert request(server, "GET", "/api/state?token=wrong", token=False)[0] == 403
    assert request(server, "GET", "/", host="evil.example:%d" % server.port)[0] == 403
    assert request(server, "GET", "/", host="127.0.0.1:1")[0] == 403
    assert request(server, "GET", "/", host="localhost:%d" % server.port)[0] == 200
    status, _, text = request(server, "GET", "/api/state", headers={"X-Token": server.token}, token=False)
    assert status == 200 and json.loads(text)["epoch"] == 0


def test_only_loopback_counts_as_loopback():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2") and not is_loopback("example.org")


# ---------------------------------------------------------------- training


def test_step_play_pause_and_reset(server):
    first = api(server, "/api/state")
    assert first["epoch"] == 0 and first["running"] is False
    model0 = api(server, "/api/model")
    assert api(server, "/api/control", {"action": "step"})["epoch"] == 1
    api(server, "/api/control", {"action": "play"})
    deadline = time.monotonic() + 20
    while api(server, "/api/state")["epoch"] < 5 and time.monotonic() < deadline:
        time.sleep(0.02)
    paused = api(server, "/api/control", {"action": "pause"})
    assert paused["epoch"] >= 5 and paused["running"] is False
    time.sleep(0.3)
    assert api(server, "/api/state")["epoch"] == paused["epoch"]  # pause stops the thread's work
    assert api(server, "/api/model") != model0
    assert api(server, "/api/control", {"action": "reset"})["epoch"] == 0
    assert api(server, "/api/model") == model0  # the very same starting weights, bit for bit


def test_events_stream_new_states_while_playing(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    conn.request("GET", "/api/events?token=" + server.token, headers={"Host": "127.0.0.1:%d" % server.port})
    response = conn.getresponse()
    assert response.status == 200 and response.getheader("Content-Type") == "text/event-stream"
    api(server, "/api/control", {"action": "play"})
    epochs = []
    while len(epochs) < 5:
        line = response.fp.readline().decode()
        if line.startswith("data: "):
            epochs.append(json.loads(line[6:])["epoch"])
    api(server, "/api/control", {"action": "pause"})
    conn.close()
    assert epochs == sorted(epochs) and epochs[-1] > epochs[0]


def test_pictures_are_what_network_predict_says(server):
    from tinynet.playground import experiment as ex

    api(server, "/api/settings", {"dataset": "spiral", "classes": 3, "layers": [3, 2], "activation": "sigmoid"})
    api(server, "/api/control", {"action": "step"})
    e = server.playground.experiment
    neurons, output = e.pictures()
    grid = datasets.expand_features(ex._grid(e.domain, ex.OUTPUT_GRID), e.settings["features"])
    expected = [ex._picture([2.0 * row[c] - 1.0 for row in e.net.predict(grid)]) for c in range(3)]
    assert output == expected
    grid = datasets.expand_features(ex._grid(e.domain, ex.NEURON_GRID), e.settings["features"])
    rows = tinynet.Network(e.net.layers[:2], loss="mse").predict(grid)
    assert neurons[1] == [ex._picture([2.0 * row[j] - 1.0 for row in rows]) for j in range(2)]
    _, X_test, _, y_test = e.split
    assert api(server, "/api/state")["loss_test"] == e.net.evaluate(X_test, y_test)["loss"]


def test_new_seed_changes_the_weights_but_not_the_data(server):
    before = api(server, "/api/setup")
    weights = api(server, "/api/state")["weights"]
    api(server, "/api/control", {"action": "new-seed"})
    after = api(server, "/api/setup")
    assert after["settings"]["seed"] != before["settings"]["seed"]
    assert after["points"] == before["points"]
    assert api(server, "/api/state")["weights"] != weights


@pytest.mark.parametrize("settings", [
    {},
    {"dataset": "spiral", "classes": 3, "layers": [8, 8], "optimizer": "adam", "lr": 0.01,
     "features": ["x1", "x2", "sin(x1)", "sin(x2)"], "init": "he", "activation": "relu"},
    {"dataset": "xor", "reg": "l2", "rate": 0.003, "optimizer": "momentum", "batch": 1, "noise": 30, "train": 70,
     "layers": []},
    {"dataset": "plane", "activation": "linear", "layers": [3]},
    {"dataset": "gauss", "problem": "regression", "layers": [2, 2, 2, 2, 2, 2], "dseed": 7, "seed": 123},
])
def test_exported_script_reaches_the_same_weights(server, tmp_path, settings):
    api(server, "/api/settings", settings)
    for _ in range(3):
        api(server, "/api/control", {"action": "step"})
    state = api(server, "/api/weight", {"layer": 0, "k": 0, "j": 0, "value": 0.25})  # an edit by hand
    assert state["weights"][0][0][0] == 0.25
    for _ in range(2):
        api(server, "/api/control", {"action": "step"})
    net = run_script(api(server, "/api/export.py"), tmp_path)
    assert same_weights(api(server, "/api/model"), net)
    assert api(server, "/api/state")["epoch"] == 5


def test_exported_model_loads_in_tinynet_and_imports_back(server, tmp_path):
    api(server, "/api/settings", {"layers": [3]})
    api(server, "/api/control", {"action": "step"})
    text = api(server, "/api/model")
    path = tmp_path / "m.json"
    path.write_text(text)
    net = tinynet.load(str(path))
    path.unlink()
    assert net.sizes == [2, 3, 1]
    api(server, "/api/settings", {"layers": [5, 5]})  # something else, then load the model back
    setup = api(server, "/api/model", text)
    assert setup["settings"]["layers"] == [3] and setup["imported"]
    state = api(server, "/api/state")
    assert state["epoch"] == 0 and state["weights"] == [layer.weights for layer in net.layers]
    api(server, "/api/control", {"action": "step"})
    api(server, "/api/control", {"action": "reset"})  # rewinds to the imported weights
    assert api(server, "/api/state")["weights"] == [layer.weights for layer in net.layers]
    api(server, "/api/control", {"action": "step"})
    assert same_weights(api(server, "/api/model"), run_script(api(server, "/api/export.py"), tmp_path))
    for bad in ("{", "[]", '{"format": "tinynet-model"}', text.replace('"n_in": 2', '"n_in": 3', 1)):
        status, _, message = request(server, "POST", "/api/model", bad)
        assert status == 400 and "\n" not in json.loads(message)["error"]


def test_upload_good_and_bad_csv(server, tmp_path):
    rows = ["x1,x2,label"] + ["%r,%r,%d" % (i / 10, (i % 7) / 7, i % 3) for i in range(60)]
    setup = api(server, "/api/data", "\n".join(rows))
    assert setup["settings"]["dataset"] == "upload" and setup["classes"] == 3 and len(setup["points"]) == 60
    for _ in range(2):
        api(server, "/api/control", {"action": "step"})
    assert same_weights(api(server, "/api/model"), run_script(api(server, "/api/export.py"), tmp_path))
    for bad, words in [("1,2,0\n1,x,1\n", "line 2"), ("1,2\n", "3"), ("1,2,0.5\n" * 5, "class number"),
                       ("1,2,0\n" * 5, "two classes"), ("1,2,nan\n" * 5, "NaN"), ("", "at least 4")]:
        status, _, text = request(server, "POST", "/api/data", bad)
        assert status == 400 and words in json.loads(text)["error"], text
    assert request(server, "POST", "/api/data", "1,2,0\n" * (MAX_BODY // 6 + 10))[0] == 413


def test_parse_csv_regression_and_row_cap():
    X, y = parse_csv("a,b,t\n0,1,2.5\n1,1,3\n2,0,-1\n3,3,0\n", regression=True)
    assert X == [[0.0, 1.0], [1.0, 1.0], [2.0, 0.0], [3.0, 3.0]] and y == [2.5, 3.0, -1.0, 0.0]
    with pytest.raises(SettingsError, match="more than 2000"):
        parse_csv("1,1,0\n0,0,1\n" * 1001, regression=False)


def test_bad_settings_get_one_line_errors(server):
    for bad in ({"dataset": "mnist"}, {"layers": [9]}, {"layers": [1] * 7}, {"lr": 0.5}, {"features": []},
                {"reg": "l1"}, {"noise": "10"}, {"seed": True}, {"colour": "red"}, {"features": ["x3"]}):
        status, _, text = request(server, "POST", "/api/settings", bad)
        assert status == 400, bad
        assert "\n" not in json.loads(text)["error"]
    assert api(server, "/api/state")["epoch"] == 0


def test_explain_and_pytorch_export(server):
    api(server, "/api/settings", {"layers": [2], "batch": 1})
    text = api(server, "/api/explain")
    assert text.startswith("ONE TRAINING STEP") and "Backward pass" in text
    code = api(server, "/api/export-torch.py")
    compile(code, "playground_pytorch.py", "exec")
    assert "nn.Linear(2, 2)" in code and "nn.Tanh()" in code


@pytest.mark.parametrize("settings", [
    {"layers": [3, 2]},
    {"dataset": "spiral", "classes": 3, "layers": [4], "activation": "relu", "optimizer": "adam", "lr": 0.01},
    {"dataset": "plane", "layers": [2], "activation": "leaky_relu", "reg": "l2", "rate": 0.01},
    {"layers": [3], "activation": "softplus"},
])
def test_pytorch_export_holds_the_same_network(server, tmp_path, settings):
    torch = pytest.importorskip("torch")
    api(server, "/api/settings", settings)
    for _ in range(2):
        api(server, "/api/control", {"action": "step"})
    path = tmp_path / "torch_export.py"
    path.write_text(api(server, "/api/export-torch.py"))
    try:
        namespace = runpy.run_path(str(path), run_name="exported")  # defines the model, does not train
    finally:
        path.unlink()
    X_test = namespace["X_test"]
    with torch.no_grad():
        theirs = namespace["model"](torch.tensor(X_test, dtype=torch.float64))
        if settings.get("classes", 2) > 2:  # CrossEntropyLoss wants the scores before softmax
            theirs = torch.softmax(theirs, dim=1)
    ours = server.playground.experiment.net.predict(X_test)
    worst = max(abs(a - b) for row_a, row_b in zip(theirs.tolist(), ours) for a, b in zip(row_a, row_b))
    assert worst < 1e-12


def test_the_page_offers_every_hidden_activation_of_the_table(server):
    from tinynet.activations import ACTIVATIONS

    status, _, page = request(server, "GET", "/")
    assert status == 200
    select = re.search(r'<select id="activation".*?</select>', page, re.S).group(0)
    offered = re.findall(r"<option(?: selected)?>([a-z_]+)</option>", select)
    assert offered == [name for name in ACTIVATIONS if name != "softmax"]
    assert "<option selected>tanh</option>" in select  # the default setting


def test_many_garbage_requests_get_4xx_and_the_server_lives(server):
    rng = random.Random(12)
    good = "GET /api/state?token=%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % (server.token, server.port)
    samples = [
        b"\r\n\r\n", b"GET\r\n\r\n", b"FOO / HTTP/1.1\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
        b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
        ("POST /api/settings?token=%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: 99999999\r\n\r\n"
         % (server.token, server.port)).encode(),
        ("POST /api/settings?token=%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: 5\r\n\r\n{\"a\":"
         % (server.token, server.port)).encode(),
        ("POST /api/control?token=%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
         % (server.token, server.port)).encode(),
        ("POST /api/weight?token=%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: 4\r\n\r\n\xff\xfe\x00\x01"
         % (server.token, server.port)).encode("latin-1"),
        ("GET /api/nothing?token=%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % (server.token, server.port)).encode(),
        ("GET /%%%%?token=%s&token=&%%zz HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n"
         % (server.token, server.port)).encode(),
        b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 200 + b"\r\n",
    ]
    for body in ('{"layer": 99}', '{"layer": 0, "k": -1, "j": 0, "value": 1}', '{"value": 1e999}', "[1]",
                 '{"action": "explode"}', "null", "[" * 100000):
        for path in ("/api/weight", "/api/control", "/api/settings", "/api/model"):
            samples.append(("POST %s?token=%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: %d\r\n\r\n%s"
                            % (path, server.token, server.port, len(body), body)).encode())
    while len(samples) < 300:
        samples.append(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200))) + b"\r\n\r\n")
    statuses = []
    for raw in samples:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(raw)
            sock.shutdown(socket.SHUT_WR)
            reply = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                reply += chunk
        if reply:
            assert reply.startswith(b"HTTP/1."), reply[:80]
            statuses.append(int(reply.split()[1]))
    assert statuses and all(400 <= s < 500 for s in statuses), sorted(set(statuses))
    assert len(statuses) > 250
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(good.encode())
        assert sock.recv(100).startswith(b"HTTP/1.1 200")


# --------------------------------------------------------------- datasets


def test_new_generators_are_reproducible_and_labelled():
    X, y = datasets.make_xor(300, seed=3)
    assert (X, y) == datasets.make_xor(300, seed=3)
    assert all((a * b >= 0) == (label == 0) for (a, b), label in zip(X, y))
    X, y = datasets.make_blobs(99, n_classes=3, spread=0.0, seed=0)
    assert len(set(map(tuple, X))) == 3 and y.count(0) == y.count(1) == y.count(2) == 33
    assert all(abs(a * a + b * b - 0.36) < 1e-12 for a, b in X)  # every centre 0.6 from the middle
    X, y = datasets.make_plane(50, seed=1)
    assert all(abs((a + b) / 2 - t) < 1e-15 for (a, b), t in zip(X, y))
    assert datasets.expand_features([[0.5, -2.0]], datasets.FEATURES) == [
        [0.5, -2.0, 0.25, 4.0, -1.0, math.sin(0.5), math.sin(-2.0)]]
    with pytest.raises(ValueError, match="unknown feature"):
        datasets.expand_features([[1, 2]], ["x3"])


# --------------------------------------------------------------- the command


def test_cli_prints_the_url_and_stops_cleanly_on_ctrl_c(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "tinynet", "playground", "--no-browser", "--port", "0"],
                            cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line and "token=" in line
        url = line.split()[-1]
        port = int(url.split(":")[2].split("/")[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", url[url.index("/", 8):])
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and "stopped" in out and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------ browser tests


def _browser_tests_missing():
    if shutil.which("node") is None:
        return "node is not installed"
    if not os.path.isdir(os.path.join(BROWSER_DIR, "node_modules", "playwright-core")):
        return "run 'npm ci --prefix tests/browser' to install playwright-core"
    if not os.path.exists("/usr/bin/chromium"):
        return "Debian's chromium is not installed (/usr/bin/chromium)"
    return None


@pytest.mark.skipif(_browser_tests_missing() is not None, reason=str(_browser_tests_missing()))
def test_browser_end_to_end():
    env = dict(os.environ, PYTHON=sys.executable)  # the tinynet this interpreter imports
    result = subprocess.run(["node", os.path.join(BROWSER_DIR, "playground.test.mjs")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=900, check=False)
    sys.stdout.write(result.stdout)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
