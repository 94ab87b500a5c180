"""How fast the playground is: ``python benchmarks/playground.py [--runs 3]``.

1. Updates per second while training 2-8-8-1 on the circle: the states a page
   following ``/api/events`` receives over 5 s (each a new epoch, with every
   neuron's picture), read by a plain Python client over loopback.
2. Seconds (and epochs) of play on the spiral (noise 10, 2-8-8-1, Adam 0.03)
   until the test accuracy reaches 90 %, with the loop ``tinynet.BACKEND``
   chose (the compiled one when built).

Each figure is the median of ``--runs`` runs, the two measurements interleaved.
The browser's own count is in tests/browser/playground.test.mjs.
"""

import argparse
import http.client
import json
import os
import statistics
import sys
import threading
import time

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import tinynet  # noqa: E402
from tinynet.playground import make_server  # noqa: E402

SPIRAL = {"dataset": "spiral", "noise": 10, "layers": [8, 8], "optimizer": "adam", "lr": 0.03}


def _post(server, path, body):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("POST", path + "?token=" + server.token, body=json.dumps(body),
                 headers={"Host": "127.0.0.1:%d" % server.port})
    data = conn.getresponse().read()
    conn.close()
    return json.loads(data)


def updates_per_second(seconds=5.0):
    """States with a new epoch received per second from /api/events while playing 2-8-8-1."""
    server = make_server(settings={"layers": [8, 8]})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        conn.request("GET", "/api/events?token=" + server.token, headers={"Host": "127.0.0.1:%d" % server.port})
        stream = conn.getresponse()
        _post(server, "/api/control", {"action": "play"})
        epochs, start = set(), time.perf_counter()
        while time.perf_counter() - start < seconds:
            line = stream.fp.readline()
            if line.startswith(b"data: "):
                epochs.add(json.loads(line[6:])["epoch"])
        conn.close()
        return len(epochs) / seconds
    finally:
        server.shutdown()
        server.server_close()


def spiral_time_to_90(limit=300.0):
    """``(seconds, epochs)`` of play on the spiral until 90 % test accuracy."""
    server = make_server(settings=SPIRAL)
    pg = server.playground
    try:
        start = time.perf_counter()
        pg.play()
        while time.perf_counter() - start < limit:
            state = pg.state()
            if state["acc_test"] is not None and state["acc_test"] >= 0.9:
                return time.perf_counter() - start, state["epoch"]
            time.sleep(0.01)
        return float("nan"), pg.state()["epoch"]
    finally:
        server.server_close()


def main(argv=None):
    """Run both measurements ``--runs`` times, interleaved, and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    rates, times, epochs = [], [], []
    for _ in range(args.runs):
        rates.append(updates_per_second())
        seconds, epoch = spiral_time_to_90()
        times.append(seconds)
        epochs.append(epoch)
    print("backend:", tinynet.BACKEND, "| load average:", " ".join("%.1f" % v for v in os.getloadavg()))
    print("2-8-8-1 updates per second: median %.1f (runs: %s)" % (
        statistics.median(rates), ", ".join("%.1f" % r for r in rates)))
    print("spiral to 90 %% test accuracy: median %.1f s, %d epochs (runs: %s)" % (
        statistics.median(times), statistics.median(epochs), ", ".join("%.1f s" % t for t in times)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
