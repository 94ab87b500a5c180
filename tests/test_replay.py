"""The training replay: a self-contained page whose slider changes the pictures (checked in Chromium)."""

import os
import re
import shutil
import subprocess

import pytest

from tinynet import Dense, Network, plotting
from tinynet.callbacks import Snapshots
from tinynet.cli import main
from tinynet.datasets import make_moons

CHROMIUM = shutil.which("chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-quic", "--hide-scrollbars"]


@pytest.fixture(scope="module")
def replay(tmp_path_factory):
    X, y = make_moons(80, noise=0.15, seed=2)
    net = Network([Dense(2, 6, "tanh"), Dense(6, 1, "sigmoid")], loss="binary_crossentropy", seed=1)
    snaps = Snapshots(every=10)
    net.fit(X, y, epochs=60, optimizer="adam", learning_rate=0.05, verbose=0, callbacks=[snaps])
    path = tmp_path_factory.mktemp("replay") / "replay.html"
    html = plotting.html_replay(net, snaps, X, y, str(path), feature_names=["x1", "x2"],
                                class_names=["left", "right"])
    return path, html, snaps


def test_replay_is_one_self_contained_file(replay):
    path, html, snaps = replay
    assert path.read_text(encoding="utf-8") == html
    assert html.count('data-testid="replay-frame"') == len(snaps) == 7
    assert re.findall(r'data-epoch="(\d+)"', html) == [str(e) for e in snaps.epochs]
    # nothing from outside: no external script, style, font, image or link
    assert "http" not in html.replace("http://www.w3.org/2000/svg", "")
    for bad in ("src=", "<link", "url(", "@import", "@font-face"):
        assert bad not in html
    assert "left" in html and "x2" in html and "hidden layer 1" in html


def test_frames_are_drawn_from_the_snapshots_weights(replay):
    _, html, snaps = replay
    frames = html.split('data-testid="replay-frame"')[1:]
    first_bias = "b=%s" % plotting._short(snaps[1].biases[0][0])
    assert first_bias in frames[1]
    assert "b=0<" in frames[0]  # the starting biases are 0
    assert frames[0] != frames[-1]


def test_replay_refuses_no_snapshots():
    net = Network([Dense(2, 1, "sigmoid")], seed=0)
    with pytest.raises(ValueError, match="no snapshots"):
        plotting.html_replay(net, Snapshots(), [[0, 0]], [0])


def _chromium(tmp_path, url, name, dump=False):
    out = tmp_path / name
    args = [CHROMIUM] + FLAGS + ["--user-data-dir=%s" % (tmp_path / ("profile-" + name)),
                                 "--window-size=1200,900", "--virtual-time-budget=3000"]
    args += ["--dump-dom"] if dump else ["--screenshot=%s" % out]
    try:
        done = subprocess.run(args + [url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.skip("chromium did not finish within 120 s")
    return done.stdout.decode("utf-8", "replace") if dump else out.read_bytes()


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_moving_the_slider_changes_the_picture_in_chromium(replay, tmp_path):
    path = replay[0]
    url = path.resolve().as_uri()
    # the page's own input handler runs: the #epoch= link sets the slider and fires "input"
    at_end = _chromium(tmp_path, url, "end.html", dump=True)
    at_start = _chromium(tmp_path, url + "#epoch=0", "start.html", dump=True)
    at_30 = _chromium(tmp_path, url + "#epoch=31", "thirty.html", dump=True)
    assert 'data-frame="6"' in at_end and 'data-frame="0"' in at_start and 'data-frame="3"' in at_30
    assert re.search(r'id="replay-epoch"[^>]*>epoch 60, loss', at_end)
    assert re.search(r'id="replay-epoch"[^>]*>epoch 0 \(the starting weights\)', at_start)
    assert re.search(r'id="replay-epoch"[^>]*>epoch 30, loss', at_30)
    # exactly one frame is shown, and it is the chosen one
    tags = re.findall(r'<div class="frame" data-epoch="(\d+)"([^>]*)>', at_30)
    assert len(tags) == 7
    assert [e for e, attrs in tags if "display: none" not in attrs] == ["30"]
    # and the pixels differ
    start_png = _chromium(tmp_path, url + "#epoch=0", "start.png")
    end_png = _chromium(tmp_path, url, "end.png")
    assert start_png[:8] == b"\x89PNG\r\n\x1a\n" and end_png[:8] == b"\x89PNG\r\n\x1a\n"
    assert start_png != end_png and len(end_png) > 20000


def test_cli_report_writes_a_replay(tmp_path):
    replay = tmp_path / "replay.html"
    assert main(["report", "moons", "--samples", "60", "--epochs", "30", "--out",
                 str(tmp_path / "r.html"), "--replay", str(replay)]) == 0
    html = replay.read_text()
    assert html.count('data-testid="replay-frame"') == 31  # epochs 0..30
    # an existing file that is not tinynet's is refused
    other = tmp_path / "notes.html"
    other.write_text("<p>mine</p>")
    assert main(["report", "moons", "--samples", "60", "--epochs", "3", "--out",
                 str(tmp_path / "r.html"), "--replay", str(other)]) == 2
    assert other.read_text() == "<p>mine</p>"
    assert os.path.exists(tmp_path / "r.html")
