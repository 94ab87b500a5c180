"""Tests for tinynet.plotting.

They use a tiny fake network and a fake history defined here, so they do not
depend on the rest of tinynet.
"""

import math
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from tinynet import plotting

SVG = "{http://www.w3.org/2000/svg}"


# ---------------------------------------------------------------------------
# Fakes
# ---------------------------------------------------------------------------

def _sigmoid(z):
    z = max(-500.0, min(500.0, z))
    return 1.0 / (1.0 + math.exp(-z))


class FakeLayer:
    def __init__(self, weights, bias, activation="sigmoid"):
        self.weights = weights
        self.bias = bias
        self.activation = activation
        self.n_in = len(weights)
        self.n_out = len(bias)


class FakeNet:
    """sigmoid(x . W + b), layer after layer (softmax on 'softmax' layers)."""

    def __init__(self, layers):
        self.layers = layers

    def predict(self, X):
        out = []
        for row in X:
            a = list(row)
            for layer in self.layers:
                z = [sum(a[i] * layer.weights[i][j] for i in range(layer.n_in))
                     + layer.bias[j] for j in range(layer.n_out)]
                if layer.activation == "softmax":
                    m = max(z)
                    e = [math.exp(v - m) for v in z]
                    a = [v / sum(e) for v in e]
                else:
                    a = [_sigmoid(v) for v in z]
            out.append(a)
        return out


def net_231():
    """A 2-3-1 net with hand-set weights of both signs."""
    return FakeNet([
        FakeLayer([[1.0, -2.0, 0.5], [-0.25, 3.0, -1.0]], [0.1, -0.2, 0.0],
                  "tanh"),
        FakeLayer([[2.0], [-1.5], [0.75]], [0.3], "sigmoid"),
    ])


def right_half_net():
    """Predicts class 1 exactly when the first input is > 0."""
    return FakeNet([FakeLayer([[50.0], [0.0]], [0.0], "sigmoid")])


def wide_net(n_in=64, n_hidden=20, n_out=3):
    def w(i, j):
        return ((i * 7 + j * 3) % 11 - 5) / 5.0
    return FakeNet([
        FakeLayer([[w(i, j) for j in range(n_hidden)] for i in range(n_in)],
                  [0.0] * n_hidden, "relu"),
        FakeLayer([[w(i, j + 1) for j in range(n_out)] for i in range(n_hidden)],
                  [0.0] * n_out, "softmax"),
    ])


# symmetric data: the plot range is symmetric around x = 0
X4 = [[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0], [-0.5, 0.2],
      [0.5, -0.2]]
Y4 = [0, 1, 0, 1, 0, 1]


def fake_history(n=20, with_acc=True):
    h = {"loss": [], "val_loss": []}
    if with_acc:
        h["accuracy"], h["val_accuracy"] = [], []
    for e in range(n):
        loss = 0.9 * math.exp(-e / 5.0) + 0.1
        h["loss"].append(loss)
        h["val_loss"].append(loss + 0.05)
        if with_acc:
            h["accuracy"].append(1 - loss / 2)
            h["val_accuracy"].append(1 - loss / 2 - 0.02)
    return h


class FakeHistory:
    def __init__(self, d):
        self.history = d


def parse_svg(text):
    root = ET.fromstring(text)
    assert root.tag == SVG + "svg"
    assert root.get("viewBox")
    assert 'xmlns="http://www.w3.org/2000/svg"' in text
    return root


def group(root, cls):
    for g in root.iter(SVG + "g"):
        if g.get("class") == cls:
            return g
    raise AssertionError("no <g class=%r>" % cls)


# ---------------------------------------------------------------------------
# Text loss curve
# ---------------------------------------------------------------------------

def plot_rows(text):
    """The drawing-area rows of a text chart (the part right of ' |')."""
    return [line.split(" |", 1)[1] for line in text.splitlines()
            if " |" in line]


@pytest.mark.parametrize("width,height", [(60, 15), (25, 6), (2, 2)])
def test_text_loss_curve_size(width, height):
    text = plotting.text_loss_curve(fake_history(), width=width, height=height)
    rows = plot_rows(text)
    assert len(rows) == height
    assert all(len(r) == width for r in rows)
    assert (" +" + "-" * width) in text


def test_text_loss_curve_marks_min_and_max():
    h = {"loss": [0.9, 0.5, 0.3, 0.1], "val_loss": [0.95, 0.6, 0.4, 0.35]}
    text = plotting.text_loss_curve(h, width=30, height=10)
    lines = text.splitlines()
    rows = plot_rows(text)
    # y-axis: largest value at the top row, smallest at the bottom row
    top = [line for line in lines if " |" in line][0]
    bottom = [line for line in lines if " |" in line][-1]
    assert top.split("|")[0].strip() == "0.95"
    assert bottom.split("|")[0].strip() == "0.1"
    # the summary names min/max and their epochs
    assert "min 0.1 (epoch 4)" in text and "max 0.9 (epoch 1)" in text
    # decreasing loss: starts at the top-left, ends at the bottom-right
    assert rows[-1][-1] in "*#"
    assert rows[0][0] in "o#"  # val_loss is the largest value
    assert "o" in "".join(rows) and "*" in "".join(rows)
    assert "val_loss" in lines[0]
    # x-axis shows epoch numbers
    assert "1" in lines[-4] and "4" in lines[-4]


def test_text_loss_curve_other_key_and_history_object():
    text = plotting.text_loss_curve(FakeHistory(fake_history()),
                                    key="accuracy", width=20, height=5)
    assert text.startswith("accuracy per epoch")
    assert "val_accuracy" in text


def test_text_loss_curve_edge_cases():
    one = plotting.text_loss_curve({"loss": [0.5]}, width=10, height=4)
    assert "".join(plot_rows(one)).count("*") == 1
    const = plotting.text_loss_curve({"loss": [2.0, 2.0, 2.0]}, width=10,
                                     height=5)
    rows = plot_rows(const)
    assert rows[2] == "*" * 10  # a flat line in the middle
    zero = plotting.text_loss_curve({"loss": [0.0, 0.0]}, width=10, height=3)
    assert "*" in zero
    # None values (e.g. epochs without validation) are skipped
    gaps = plotting.text_loss_curve({"loss": [1.0, 0.5, 0.2],
                                     "val_loss": [None, 0.6, None]})
    assert "o" in "".join(plot_rows(gaps))


def test_text_loss_curve_errors():
    with pytest.raises(ValueError, match="NaN|nan"):
        plotting.text_loss_curve({"loss": [1.0, float("nan")]})
    with pytest.raises(ValueError, match="no values"):
        plotting.text_loss_curve({"loss": [1.0]}, key="accuracy")
    with pytest.raises(ValueError):
        plotting.text_loss_curve({"loss": [1.0]}, width=1)
    with pytest.raises(TypeError):
        plotting.text_loss_curve([1.0, 2.0])


# ---------------------------------------------------------------------------
# Decision boundary (text)
# ---------------------------------------------------------------------------

def map_rows(text):
    return [line.split("|")[1] for line in text.splitlines()
            if line.count("|") == 2]


def test_text_boundary_left_and_right_halves():
    text = plotting.text_decision_boundary(right_half_net(), X4, Y4,
                                           width=20, height=8)
    rows = map_rows(text)
    assert len(rows) == 8 and all(len(r) == 20 for r in rows)
    for row in rows:
        for c, ch in enumerate(row):
            if ch in "ox*":
                continue  # a data point drawn on top
            assert ch == ("." if c < 10 else ":"), (c, row)
    # the points are drawn with their true class
    assert "".join(rows).count("o") == 3 and "".join(rows).count("x") == 3
    assert "'.' class 0" in text and "'x' class 1" in text
    assert "100.0%" in text


def test_text_boundary_matches_predictions_at_cell_centres():
    net = net_231()
    text = plotting.text_decision_boundary(net, X4, Y4, width=30, height=10)
    rows = map_rows(text)
    # recompute the grid independently: data range plus 5% margin
    x0, x1 = -1.0 - 0.1, 1.0 + 0.1
    y0, y1 = -1.0 - 0.1, 1.0 + 0.1
    for r in range(10):
        for c in range(30):
            ch = rows[r][c]
            if ch in "ox*":
                continue
            cx = x0 + (c + 0.5) * (x1 - x0) / 30
            cy = y1 - (r + 0.5) * (y1 - y0) / 10
            p = net.predict([[cx, cy]])[0][0]
            assert ch == (":" if p >= 0.5 else "."), (r, c)
    g = plotting.decision_grid(net, X4, 30, 10)
    assert g["x_range"] == pytest.approx((x0, x1))
    assert g["classes"][0][0] == (1 if rows[0][0] == ":" else 0)


def test_text_boundary_multiclass_and_constant_data():
    net = FakeNet([FakeLayer([[5.0, -5.0, 0.0], [0.0, 0.0, 0.0]],
                             [0.0, 0.0, 1.0], "softmax")])
    X = [[-2.0, 0.0], [0.0, 0.0], [2.0, 0.0]]  # y has zero range
    text = plotting.text_decision_boundary(net, X, [1, 2, 0], width=21,
                                           height=5)
    chars = set("".join(map_rows(text)))
    assert {".", ":", "-"} <= chars  # three regions
    assert "'-' class 2" in text
    # a single point: zero range in both directions
    one = plotting.text_decision_boundary(right_half_net(), [[3.0, 3.0]], [1],
                                          width=8, height=4)
    assert len(map_rows(one)) == 4
    # y may be omitted
    assert "*" in plotting.text_decision_boundary(right_half_net(), X4, None)


def test_boundary_rejects_bad_data():
    X3 = [[0.0, 1.0, 2.0], [1.0, 2.0, 3.0]]
    for func in (plotting.text_decision_boundary,
                 plotting.svg_decision_boundary):
        with pytest.raises(ValueError, match="2-D"):
            func(net_231(), X3, [0, 1])
        with pytest.raises(ValueError, match="NaN|nan"):
            func(net_231(), [[0.0, float("nan")]], [0])
        with pytest.raises(ValueError):
            func(net_231(), [], [])
        with pytest.raises(ValueError):
            func(net_231(), X4, [0, 1])  # wrong number of labels
        with pytest.raises(ValueError, match="2 inputs"):
            func(wide_net(), X4, Y4)


# ---------------------------------------------------------------------------
# SVG pictures
# ---------------------------------------------------------------------------

def test_svg_loss_curve_panels_and_path(tmp_path):
    path = tmp_path / "loss.svg"
    svg = plotting.svg_loss_curve(fake_history(), path=str(path))
    root = parse_svg(svg)
    assert path.read_text(encoding="utf-8") == svg
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "Loss" in texts and "Accuracy" in texts
    assert "training" in texts and "validation" in texts and "epoch" in texts
    assert len(list(root.iter(SVG + "polyline"))) == 4
    assert root.find(SVG + "title").text == "Training history"
    # no accuracy (regression): one panel only
    h = fake_history(with_acc=False)
    h["accuracy"] = [None] * len(h["loss"])
    root = parse_svg(plotting.svg_loss_curve(FakeHistory(h)))
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "Loss" in texts and "Accuracy" not in texts
    assert len(list(root.iter(SVG + "polyline"))) == 2


def test_svg_loss_curve_edge_cases():
    parse_svg(plotting.svg_loss_curve({"loss": [0.3]}))
    parse_svg(plotting.svg_loss_curve({"loss": [0.3, 0.3, 0.3]}))
    long = {"loss": [1.0 / (e + 1) for e in range(5000)]}
    svg = plotting.svg_loss_curve(long)
    parse_svg(svg)
    assert len(svg) < 60000  # long histories are thinned
    with pytest.raises(ValueError):
        plotting.svg_loss_curve({"loss": [1.0, float("inf")]})
    with pytest.raises(ValueError):
        plotting.svg_loss_curve({"lr": [0.1]})
    assert plotting.history_svg(fake_history()) == \
        plotting.svg_loss_curve(fake_history())


def _connection_lines(root):
    return list(group(root, "connections").iter(SVG + "line"))


def _neuron_circles(root):
    return list(group(root, "neurons").iter(SVG + "circle"))


def test_svg_network_counts_and_colours(tmp_path):
    net = net_231()
    path = tmp_path / "net.svg"
    svg = plotting.svg_network(net, path=str(path))
    assert path.read_text(encoding="utf-8") == svg
    root = parse_svg(svg)
    assert len(_neuron_circles(root)) == 2 + 3 + 1
    lines = _connection_lines(root)
    assert len(lines) == 2 * 3 + 3 * 1
    # lines are drawn layer by layer, input neuron i, then output neuron j
    weights = [w for layer in net.layers for row in layer.weights for w in row]
    for line, w in zip(lines, weights):
        expected = plotting.POSITIVE_COLOR if w >= 0 else plotting.NEGATIVE_COLOR
        assert line.get("stroke") == expected
    assert plotting.POSITIVE_COLOR != plotting.NEGATIVE_COLOR
    # thickness follows |w|: the largest weight (3.0) gets the thickest line
    widths = [float(line.get("stroke-width")) for line in lines]
    assert widths.index(max(widths)) == [abs(w) for w in weights].index(3.0)
    assert widths.index(min(widths)) == [abs(w) for w in weights].index(0.25)
    texts = " ".join(t.text or "" for t in root.iter(SVG + "text"))
    assert "tanh" in texts and "sigmoid" in texts and "input" in texts
    assert plotting.network_svg(net) == svg


def test_svg_network_elides_wide_layers():
    root = parse_svg(plotting.svg_network(wide_net(64, 20, 3)))
    shown = [14, 14, 3]  # 7 first + 7 last of the 64 inputs and 20 hidden
    assert len(_neuron_circles(root)) == sum(shown)
    assert len(_connection_lines(root)) == 14 * 14 + 14 * 3
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "50 more" in texts and "6 more" in texts
    height = float(root.get("height"))
    assert height < 900  # still a reasonable size
    # a wider limit shows everything
    root = parse_svg(plotting.svg_network(wide_net(64, 20, 3), max_neurons=64))
    assert len(_neuron_circles(root)) == 64 + 20 + 3


def test_svg_network_escapes_and_validates():
    net = net_231()
    net.layers[0].activation = "<weird & act>"
    root = parse_svg(plotting.svg_network(net))
    assert any((t.text or "").endswith("<weird & act>")
               for t in root.iter(SVG + "text"))
    with pytest.raises(ValueError):
        plotting.svg_network(FakeNet([]))
    bad = net_231()
    bad.layers[1].weights = [[1.0]]  # should be 3 rows
    with pytest.raises(ValueError, match="layer 1"):
        plotting.svg_network(bad)


def _boundary_rects(root):
    rects = list(group(root, "boundary").iter(SVG + "rect"))
    return [(float(r.get("x")), float(r.get("width")), r.get("fill"))
            for r in rects]


def test_svg_boundary_left_and_right_halves(tmp_path):
    path = tmp_path / "b.svg"
    svg = plotting.svg_decision_boundary(right_half_net(), X4, Y4,
                                         path=str(path), resolution=20)
    assert path.read_text(encoding="utf-8") == svg
    root = parse_svg(svg)
    rects = _boundary_rects(root)
    class0 = {plotting._ramp_color(p / 100.0) for p in range(0, 50)}
    class1 = {plotting._ramp_color(p / 100.0) for p in range(50, 101)}
    assert not class0 & class1
    left = min(x for x, w, f in rects)
    right = max(x + w for x, w, f in rects)
    mid = (left + right) / 2
    seen = set()
    for x, w, fill in rects:
        if x + w <= mid + 0.5:
            assert fill in class0
            seen.add(0)
        elif x >= mid - 0.5:
            assert fill in class1
            seen.add(1)
        else:
            raise AssertionError("a rect crosses the boundary at x=0")
    assert seen == {0, 1}
    # the points: circles coloured by true class, with a dark outline
    points = group(root, "points")
    circles = list(points.iter(SVG + "circle"))
    assert len(circles) == len(X4)
    assert points.get("stroke") == plotting.INK
    for c, label in zip(circles, Y4):
        assert c.get("fill") == plotting.PALETTE[label]
        assert (float(c.get("cx")) > mid) == (label == 1)


def test_svg_boundary_matches_net_at_cell_centres():
    net = net_231()
    res = 12
    root = parse_svg(plotting.svg_decision_boundary(net, X4, Y4,
                                                    resolution=res))
    g = plotting.decision_grid(net, X4, res, res)
    expected = [[plotting._ramp_color(o[0]) for o in row] for row in g["outputs"]]
    rects = list(group(root, "boundary").iter(SVG + "rect"))
    xs = sorted({float(r.get("x")) for r in rects})
    ys = sorted({float(r.get("y")) for r in rects})
    assert len(ys) == res
    left, top = xs[0], ys[0]
    cell_h = ys[1] - ys[0]
    widths = {}
    for r in rects:
        row = int(round((float(r.get("y")) - top) / cell_h))
        widths.setdefault(row, []).append(r)
    for row, rs in widths.items():
        total = sum(float(r.get("width")) - 0.3 for r in rs)
        cell_w = total / res
        for r in rs:
            c0 = int(round((float(r.get("x")) - left) / cell_w))
            n = int(round((float(r.get("width")) - 0.3) / cell_w))
            for c in range(c0, c0 + n):
                assert r.get("fill") == expected[row][c], (row, c)


def test_svg_boundary_multiclass_and_no_labels():
    net = FakeNet([FakeLayer([[5.0, -5.0, 0.0], [0.0, 0.0, 0.0]],
                             [0.0, 0.0, 1.0], "softmax")])
    X = [[-2.0, -1.0], [0.0, 0.0], [2.0, 1.0]]
    root = parse_svg(plotting.svg_decision_boundary(net, X, [1, 2, 0],
                                                    resolution=15))
    fills = {f for _, _, f in _boundary_rects(root)}
    assert fills == {plotting._region_color(k) for k in range(3)}
    root = parse_svg(plotting.svg_decision_boundary(net, X, None,
                                                    resolution=15))
    circles = list(group(root, "points").iter(SVG + "circle"))
    assert len({c.get("fill") for c in circles}) == 1
    # one-hot labels work too
    parse_svg(plotting.svg_decision_boundary(
        net, X, [[0, 1, 0], [0, 0, 1], [1, 0, 0]], resolution=5))


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

class TagChecker(HTMLParser):
    VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack = []
        self.errors = []
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append((tag, list(self.stack[-3:])))
        else:
            self.stack.pop()


def check_html(html):
    checker = TagChecker()
    checker.feed(html)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    ET.fromstring(html.replace("<!DOCTYPE html>", ""))  # even well-formed XML
    assert "http" not in html.replace("http://www.w3.org/2000/svg", "")
    for bad in ("<script", "src=", "<link", "url("):
        assert bad not in html
    return checker


def test_history_html_table():
    table = plotting.history_html_table(FakeHistory(fake_history(3)))
    ET.fromstring(table)
    assert table.count("<tr>") == 4
    for col in ("epoch", "loss", "accuracy", "val_loss", "val_accuracy"):
        assert "<th>%s</th>" % col in table
    h = fake_history(3, with_acc=False)
    h["accuracy"] = [None, None, None]
    table = plotting.history_html_table(h)
    assert "<th>accuracy</th>" not in table and "<th>val_loss</th>" in table
    long = plotting.history_html_table({"loss": [1.0] * 1000}, max_rows=50)
    assert long.count("<tr>") == 51 and "<td>1000</td>" in long


def test_html_report_sections(tmp_path):
    path = tmp_path / "report.html"
    html = plotting.html_report(
        net_231(), history=FakeHistory(fake_history()), X=X4, y=Y4,
        path=str(path), title="My <first> net & more",
        extra={"dataset": "toy", "test accuracy": 0.875, "note": "a<b"})
    assert path.read_text(encoding="utf-8") == html
    assert html.startswith("<!DOCTYPE html>")
    checker = check_html(html)
    for sid in ("details", "summary", "history", "boundary", "network"):
        assert 'id="%s"' % sid in html
    assert checker.tags.count("svg") == 3
    assert "My &lt;first&gt; net &amp; more" in html
    assert "<dd>a&lt;b</dd>" in html and "<dd>0.875</dd>" in html
    # layer table: index, Dense, n_in -> n_out, activation, parameters
    assert html.count("<td class=\"name\">Dense</td>") == 2
    assert "2 &#8594; 3" in html and "3 &#8594; 1" in html
    assert "<td>9</td>" in html and "<td>4</td>" in html and ">13</th>" in html
    assert "<th>val_accuracy</th>" in html


def test_html_report_minimal_and_non_2d():
    html = plotting.html_report(net_231())
    check_html(html)
    assert 'id="network"' in html and 'id="history"' not in html
    assert 'id="boundary"' not in html
    net = wide_net(4, 3, 2)
    X = [[0.0, 1.0, 2.0, 3.0], [1.0, 1.0, 1.0, 1.0]]
    html = plotting.html_report(net, X=X, y=[0, 1])
    check_html(html)
    assert "Not drawn" in html and "4 features" in html


# ---------------------------------------------------------------------------
# Rendering with a real browser (only where Debian's chromium is installed)
# ---------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="chromium is not installed")
def test_report_renders_in_chromium(tmp_path):
    report = tmp_path / "report.html"
    png = tmp_path / "report.png"
    plotting.html_report(net_231(), history=fake_history(), X=X4, y=Y4,
                         path=str(report), extra={"dataset": "toy"})
    cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--hide-scrollbars",
           "--user-data-dir=%s" % (tmp_path / "profile"),
           "--screenshot=%s" % png, "--window-size=1000,1600",
           report.resolve().as_uri()]
    try:
        subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.skip("chromium did not finish within 120 s")
    assert png.exists()
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 1600)
    assert os.path.getsize(png) > 20000  # a real picture, not a blank page
