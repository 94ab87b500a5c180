"""Pictures with names: feature and class names, test points, the test curve, log scale, biases."""

import math
import xml.etree.ElementTree as ET

import pytest

from tinynet import Dense, Network, plotting
from tinynet.cli import main
from tinynet.datasets import make_moons

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg):
    return [t.text for t in ET.fromstring(svg).iter(SVG + "text")]


@pytest.fixture(scope="module")
def moons():
    X, y = make_moons(120, noise=0.15, seed=3)
    net = Network([Dense(2, 8, "tanh"), Dense(8, 1, "sigmoid")], loss="binary_crossentropy", seed=1)
    h = net.fit(X[:90], y[:90], epochs=60, optimizer="adam", learning_rate=0.05, verbose=0,
                validation_data=(X[90:], y[90:]))
    return net, h, X, y


def test_boundary_names_axes_and_legend_and_marks_test_points(moons):
    net, _, X, y = moons
    svg = plotting.svg_decision_boundary(net, X[:90], y[:90], X_test=X[90:], y_test=y[90:],
                                         feature_names=["petal", "sepal"], class_names=["in", "out"])
    t = texts(svg)
    assert "petal" in t and "sepal" in t and "in" in t and "out" in t
    assert "feature 0" not in t and "class 0" not in t
    root = ET.fromstring(svg)
    groups = {g.get("class"): g for g in root.iter(SVG + "g")}
    assert len(list(groups["points"].iter(SVG + "circle"))) == 90
    diamonds = list(groups["test-points"].iter(SVG + "path"))
    assert len(diamonds) == 30  # test points are diamonds, not circles
    assert all("test point" in d.find(SVG + "title").text for d in diamonds)


def test_boundary_line_follows_the_half_probability_contour(moons):
    net = moons[0]
    X = moons[2]
    svg = plotting.svg_decision_boundary(net, X, None, resolution=80, width=480, height=480)
    root = ET.fromstring(svg)
    line = [p for p in root.iter(SVG + "path") if p.get("class") == "boundary-line"][0]
    # map each segment end back to data coordinates and ask the network: p = 0.5 there
    g = plotting.decision_grid(net, X, 80, 80)
    (x0, x1), (y0, y1) = g["x_range"], g["y_range"]
    left, top, pw, ph = 56, 40, 480 - 56 - 18, 480 - 40 - 72
    pts = []
    for part in line.get("d").split("M")[1:]:
        for xy in part.split("L"):
            a, b = (float(v) for v in xy.split())
            pts.append([x0 + (a - left) / pw * (x1 - x0), y1 - (b - top) / ph * (y1 - y0)])
    assert len(pts) > 100
    probs = [o[0] for o in net.predict(pts)]
    assert max(abs(p - 0.5) for p in probs) < 0.1  # on the boundary, to within a cell's change
    # a segment is far shorter than a stair step of the old 60-cell picture
    assert all(math.hypot(pts[i][0] - pts[i + 1][0], pts[i][1] - pts[i + 1][1]) < 2 * (x1 - x0) / 80
               for i in range(0, len(pts), 2))


def test_text_boundary_and_text_curve_take_names(moons):
    net, h, X, y = moons
    text = plotting.text_decision_boundary(net, X, y, feature_names=["a", "b"], class_names=["no", "yes"])
    assert "across: a, up: b" in text and "'.' no" in text and "'x' yes" in text
    assert "o = test" in plotting.text_loss_curve(h, val_label="test")


def test_network_drawing_names_layers_inputs_outputs_and_shows_biases(moons):
    net = moons[0]
    svg = plotting.svg_network(net, feature_names=["petal", "sepal"], class_names=["in", "out"])
    t = texts(svg)
    assert "inputs" in t and "hidden layer 1" in t and "output layer" in t
    assert "petal" in t and "P(out)" in t
    biases = [s for s in t if s and s.startswith("b=")]
    assert biases == ["b=%s" % plotting._short(b) for layer in net.layers for b in layer.bias]
    multi = Network([Dense(4, 5, "relu"), Dense(5, 5, "relu"), Dense(5, 3, "softmax")], seed=1)
    t = texts(plotting.svg_network(multi, class_names=["setosa", "versicolor", "virginica"]))
    assert "hidden layer 2" in t and "virginica" in t


def test_loss_curve_log_scale_and_room_above_one(moons):
    h = moons[1]
    svg = plotting.svg_loss_curve(h, log_scale=True, val_label="test")
    t = texts(svg)
    assert "Loss (log scale)" in t and "test" in t and "training" in t
    assert any(s in t for s in ("0.01", "0.1", "1"))
    with pytest.raises(ValueError, match="log scale"):
        plotting.svg_loss_curve({"loss": [1.0, 0.0]}, log_scale=True)
    # an accuracy of 1.0 is drawn below the top of the plot, not along its edge
    root = ET.fromstring(plotting.svg_loss_curve({"loss": [0.5, 0.2, 0.1], "accuracy": [0.5, 1.0, 1.0]}))
    lines = list(root.iter(SVG + "polyline"))
    acc = [float(p.split(",")[1]) for p in lines[-1].get("points").split()]
    grid_top = min(float(e.get("y1")) for e in root.iter(SVG + "line") if e.get("stroke") == plotting.GRID_COLOR
                   and float(e.get("x1")) > 320)
    axes = [e for e in root.iter(SVG + "line") if e.get("stroke") == plotting.INK
            and e.get("x1") == e.get("x2") and float(e.get("x1")) > 320]
    axis = max(axes, key=lambda e: abs(float(e.get("y2")) - float(e.get("y1"))))  # the y axis
    assert min(acc) == pytest.approx(grid_top)  # 1.0 is on the top grid line...
    assert min(acc) > min(float(axis.get("y1")), float(axis.get("y2"))) + 3  # ...below the axis top


def test_report_uses_csv_names_test_curve_and_matching_caption(tmp_path, capsys):
    csv = tmp_path / "d.csv"
    rows = ["width,height,kind"]
    for i in range(40):
        a, b = (i * 7) % 10 / 10.0, (i * 3) % 10 / 10.0
        rows.append("%g,%g,%s" % (a, b, "in" if a + b < 1 else "out"))
    csv.write_text("\n".join(rows) + "\n")
    out = tmp_path / "r.html"
    assert main(["report", str(csv), "--out", str(out), "--epochs", "40", "--log-loss"]) == 0
    html = out.read_text()
    for name in (">in<", ">out<", "P(out)", "width (standardized)", "height (standardized)",
                 "hidden layer 1", ">test<", "Loss (log scale)"):
        assert name in html, name
    assert "class 0" not in html and "feature 0" not in html
    printed = capsys.readouterr().out
    test_acc = [line for line in printed.splitlines() if line.startswith("test ")][0].split()[2]
    assert "accuracy on the 10 test points: %.1f%%" % (100 * float(test_acc)) in html
    assert "Accuracy on the 30 training points" in html


def test_cli_pictures_have_names(tmp_path):
    assert main(["train", "iris", "--epochs", "5", "--svg-dir", str(tmp_path), "--plot"]) == 0
    network = (tmp_path / "network.svg").read_text()
    assert "virginica" in network and "petal" in network
    loss = (tmp_path / "loss.svg").read_text()
    assert ">test<" in loss
