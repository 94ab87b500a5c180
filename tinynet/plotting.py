"""Pictures of networks and training runs, using only the standard library.

Everything here returns plain text, so nothing outside the standard library
is needed:

* ``text_loss_curve`` and ``text_decision_boundary`` return a string you can
  ``print()`` in any terminal (plain ASCII characters only).
* ``svg_loss_curve``, ``svg_decision_boundary`` and ``svg_network`` return an
  SVG image as a string.  Pass ``path="picture.svg"`` to also save it; any web
  browser can open the file.
* ``html_report`` puts all of the above into one self-contained HTML page.
* ``html_replay`` makes a page with a slider over the epochs of a training
  run: for each epoch kept by :class:`tinynet.callbacks.Snapshots`, the
  decision boundary and the network with that epoch's weights, and the
  epoch marked on the loss curve. Its few lines of script (to move between
  the pictures) are inside the page; nothing is loaded from elsewhere. A
  link to ``replay.html#epoch=40`` opens it at (the kept epoch nearest) 40.

The functions only *read* a network, so they work with anything shaped like a
tinynet network:

* ``net.layers`` is a list of layers; each layer has ``n_in``, ``n_out``,
  ``activation`` (a name such as ``"relu"``), ``weights`` (``n_in`` lists of
  ``n_out`` numbers, so ``output = inputs . weights + bias``) and ``bias``.
* ``net.predict(X)`` takes a list of rows and returns a list of output rows.

A *history* is either the object returned by training (it has a ``.history``
attribute) or that dict itself: ``{"loss": [...], "val_loss": [...], ...}``
with one number per epoch (or ``None`` when a value does not apply).

Colours come from the Okabe-Ito palette, which stays readable for people
with the common kinds of colour blindness.
"""

import copy
import math

try:
    from xml.sax.saxutils import escape as _sax_escape
except ImportError:  # MicroPython has no xml: an ImportError that says what needs it
    from ._compat import require
    require("xml.sax.saxutils", "tinynet.plotting")

from . import elementary, fileio

__all__ = [
    "PALETTE",
    "text_loss_curve",
    "text_decision_boundary",
    "decision_grid",
    "svg_loss_curve",
    "svg_decision_boundary",
    "svg_network",
    "history_svg",
    "network_svg",
    "network_html",
    "history_html_table",
    "html_report",
    "html_replay",
]

TYPE_CHECKING = False
if TYPE_CHECKING:  # only for type checkers
    from collections.abc import Sequence


# ---------------------------------------------------------------------------
# Colours (Okabe-Ito palette: friendly to colour-blind readers)
# ---------------------------------------------------------------------------

#: Colours for classes 0, 1, 2, ... (Okabe-Ito palette, reordered so that the
#: two classes of a binary problem are blue and orange).
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
POSITIVE_COLOR = "#0072B2"  # positive weights (blue)
NEGATIVE_COLOR = "#D55E00"  # negative weights (vermillion)
TRAIN_COLOR = "#0072B2"
VAL_COLOR = "#D55E00"
INK = "#222222"
MUTED = "#666666"
GRID_COLOR = "#e6e6e6"
FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"
SVG_NS = "http://www.w3.org/2000/svg"

# Characters for the text decision boundary: background (predicted class)
# and data points (true class).
_REGION_CHARS = ".:-=~'^,;`"
_POINT_CHARS = "ox#@%&$+sz"

# The binary colour ramp has this many bands: band b covers probabilities
# [b/10, (b+1)/10), so bands 0-4 mean "class 0" and bands 5-9 "class 1".
_RAMP_BANDS = 10


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def _esc(text):
    """Escape text for XML/HTML and turn non-ASCII characters into &#NNN;."""
    s = _sax_escape(str(text), {'"': "&quot;", "'": "&#39;"})
    return s.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _num(v):
    """Format a coordinate compactly for SVG (at most 2 decimals)."""
    s = "%.2f" % v
    s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _short(v):
    """Format a data value with 4 significant digits (for labels)."""
    s = "%.4g" % v
    return "0" if s == "-0" else s


def _write(text: str, path: "str | None") -> None:
    """Write ``text`` to ``path`` (UTF-8) when a path is given, atomically (see :mod:`tinynet.fileio`)."""
    if path is not None:
        fileio.write_text(path, text)


def _check_finite(value, what):
    """Return float(value), raising ValueError for NaN, infinity or junk."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise ValueError("%s must be a number, got %r" % (what, value)) from None
    if math.isnan(f) or math.isinf(f):
        raise ValueError(
            "%s is %r; plots need finite numbers (NaN or infinity usually "
            "means training diverged - try a smaller learning rate)" % (what, f))
    return f


def _mix(color, t, other="#ffffff"):
    """Blend ``t`` of ``color`` with ``1 - t`` of ``other`` (hex colours)."""
    a = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i:i + 2], 16) for i in (1, 3, 5)]
    return "#%02x%02x%02x" % tuple(
        int(round(t * x + (1 - t) * y)) for x, y in zip(a, b))


def _class_color(k):
    """Colour used for class number ``k`` (cycles through the palette)."""
    return PALETTE[k % len(PALETTE)]


def _expand(lo, hi):
    """Widen a zero-width range so that it can be drawn."""
    if hi - lo <= 1e-12 * max(1.0, abs(lo), abs(hi)):
        pad = abs(lo) * 0.1 if lo != 0 else 1.0
        return lo - pad, hi + pad
    return lo, hi


def _nice_step(span, n):
    """A 'round' step (1, 2, 2.5 or 5 times a power of ten) near span/n."""
    raw = span / max(n, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * mag >= raw * (1 - 1e-9):
            return m * mag
    return 10.0 * mag


def _nice_range(lo, hi, n=5):
    """Round ``lo``/``hi`` outwards to a nice step; return (lo, hi, step)."""
    lo, hi = _expand(lo, hi)
    step = _nice_step(hi - lo, n)
    nlo = math.floor(lo / step + 1e-9) * step
    nhi = math.ceil(hi / step - 1e-9) * step
    return nlo, nhi, step


def _ticks(lo, hi, step):
    """Multiples of ``step`` that lie inside [lo, hi]."""
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [k * step for k in range(int(first), int(last) + 1)]


def _tick_label(v, step):
    """Format a tick value with just enough decimals for ``step``."""
    decimals = max(0, -int(math.floor(math.log10(step) + 1e-9)))
    if abs(step * 10 ** decimals - round(step * 10 ** decimals)) > 1e-6:
        decimals += 1  # steps like 0.25
    s = "%.*f" % (decimals, v)
    if float(s) == 0:
        s = "0"
    return s


# ---------------------------------------------------------------------------
# Reading histories, networks and data
# ---------------------------------------------------------------------------

def _history_dict(history):
    """Return the dict of lists behind a History object or a plain dict."""
    if isinstance(history, dict):
        return history
    inner = getattr(history, "history", None)
    if isinstance(inner, dict):
        return inner
    raise TypeError(
        "expected a training history (an object with a .history dict, or a "
        "dict like {'loss': [...]}), got %s" % type(history).__name__)


def _points(hist, key):
    """The (epoch, value) pairs of ``hist[key]`` that are not None.

    Epochs are numbered from 1.  NaN or infinite values raise ValueError.
    """
    values = hist.get(key)
    if values is None:
        return []
    if isinstance(values, (int, float)):
        values = [values]
    pts = []
    for i, v in enumerate(values):
        if v is None:
            continue
        pts.append((i + 1, _check_finite(
            v, "history[%r] at epoch %d" % (key, i + 1))))
    return pts


def _history_len(hist):
    """Number of epochs in a history dict (length of its longest list)."""
    n = 0
    for v in hist.values():
        try:
            n = max(n, len(v))
        except TypeError:
            pass
    return n


def _layers(net):
    """The list of layers of ``net``, checked to be non-empty."""
    layers = list(getattr(net, "layers", None) or [])
    if not layers:
        raise ValueError("the network has no layers to draw (net.layers is empty)")
    return layers


def _activation_name(layer):
    """The activation of a layer as a short name like 'relu'."""
    act = getattr(layer, "activation", None)
    if act is None:
        return "linear"
    if isinstance(act, str):
        return act
    for attr in ("name", "__name__"):
        name = getattr(act, attr, None)
        if isinstance(name, str):
            return name
    return type(act).__name__


def _as_rows_2d(X, func):
    """Check that X is a non-empty list of finite 2-number rows."""
    try:
        rows = [list(r) for r in X]
    except TypeError:
        raise ValueError(
            "%s needs X as a list of rows with 2 numbers each, like "
            "[[x1, x2], ...]" % func) from None
    if not rows:
        raise ValueError("%s needs at least one data point (X is empty)" % func)
    for i, r in enumerate(rows):
        if len(r) != 2:
            raise ValueError(
                "%s can only draw 2-D inputs (rows with exactly 2 numbers), "
                "but row %d of X has %d value(s). Pick two features, or use "
                "svg_network / text_loss_curve instead." % (func, i, len(r)))
    return [[_check_finite(a, "X[%d][0]" % i), _check_finite(b, "X[%d][1]" % i)]
            for i, (a, b) in enumerate(rows)]


def _class_of(row):
    """The predicted class of one output row (argmax, or >= 0.5 for one value)."""
    if len(row) > 1:
        best = 0
        for j in range(1, len(row)):
            if row[j] > row[best]:
                best = j
        return best
    return 1 if row[0] >= 0.5 else 0


def _as_label(v):
    """Turn one target into a class number (int, one-hot row or [0/1])."""
    if isinstance(v, (list, tuple)):
        vals = [_check_finite(x, "a target value") for x in v]
        if not vals:
            raise ValueError("empty target row in y")
        return _class_of(vals)
    if isinstance(v, bool):
        return int(v)
    f = _check_finite(v, "a target value")
    if f != int(f) or f < 0:
        raise ValueError(
            "y must hold class numbers (0, 1, 2, ...) or one-hot rows, got %r" % v)
    return int(f)


def _labels(y, n, func):
    """Class numbers for y (or None), checking that len(y) matches X."""
    if y is None:
        return None
    labels = [_as_label(v) for v in y]
    if len(labels) != n:
        raise ValueError("%s: X has %d rows but y has %d labels"
                         % (func, n, len(labels)))
    return labels


def _predict(net, rows):
    """Run net.predict and return a list of output rows (lists of floats)."""
    out = net.predict(rows)
    result = []
    for r in out:
        if isinstance(r, (int, float)):
            r = [r]
        result.append([_check_finite(v, "a network output") for v in r])
    if len(result) != len(rows):
        raise ValueError("net.predict returned %d rows for %d inputs"
                         % (len(result), len(rows)))
    return result


def _feature_name(names, i):
    """The name of feature ``i``: from ``names`` when given, else 'feature i'."""
    if names is not None and i < len(names) and str(names[i]).strip():
        return str(names[i])
    return "feature %d" % i


def _class_name(names, k):
    """The name of class ``k``: from ``names`` when given, else 'class k'."""
    if names is not None and 0 <= k < len(names) and str(names[k]).strip():
        return str(names[k])
    return "class %d" % k


def _padded_range(values, margin):
    """(lo, hi) of values, widened by ``margin`` times the range each side."""
    lo, hi = _expand(min(values), max(values))
    pad = (hi - lo) * margin
    return lo - pad, hi + pad


# ---------------------------------------------------------------------------
# Text (terminal) plots
# ---------------------------------------------------------------------------

def _check_size(width, height, func):
    if int(width) != width or int(height) != height or width < 2 or height < 2:
        raise ValueError("%s: width and height must be whole numbers >= 2, "
                         "got width=%r, height=%r" % (func, width, height))


def text_loss_curve(history: object, width: int = 60, height: int = 15, key: str = "loss",
                    val_label: "str | None" = None) -> str:
    """Draw one history value per epoch as a text chart and return it.

    ``history`` is a training history (object with ``.history`` or a dict).
    ``key`` picks what to draw (``"loss"`` by default, or e.g.
    ``"accuracy"``); if ``"val_" + key`` is present it is drawn too, with a
    different character.  The drawing area is exactly ``width`` characters
    wide and ``height`` rows tall: the top row is the largest value and the
    bottom row the smallest (both printed on the y-axis), the x-axis shows
    epoch numbers, and a summary line names the min and max and their epochs.
    ``val_label`` names the second curve in the legend (default
    ``"val_" + key``; say ``"test"`` when the validation data is the test set).

    Example::

        print(text_loss_curve(history, width=40, height=10))
    """
    _check_size(width, height, "text_loss_curve")
    hist = _history_dict(history)
    main = _points(hist, key)
    if not main:
        present = [k for k in hist if _points(hist, k)]
        raise ValueError("history has no values for %r (it has: %s)"
                         % (key, ", ".join(map(repr, present)) or "nothing"))
    val_key = None if key.startswith("val_") else "val_" + key
    val = _points(hist, val_key) if val_key else []

    n_epochs = max(e for e, _ in main + val)
    values = [v for _, v in main + val]
    lo, hi = _expand(min(values), max(values))
    chart = _TextChart(width, height, n_epochs, lo, hi)
    chart.draw(main, "*")
    if val:
        chart.draw(val, "o")

    labels = {0: _short(hi), height - 1: _short(lo)}
    if height >= 5:
        labels[(height - 1) // 2] = _short(hi - (hi - lo) * ((height - 1) // 2)
                                          / (height - 1))
    lw = max(len(s) for s in labels.values())
    title = "%s per epoch  (* = %s" % (key, key)
    if val:
        title += ", o = %s, # = both" % (val_label or val_key)
    lines = [title + ")"]
    for r in range(height):
        lines.append(labels.get(r, "").rjust(lw) + " |" + "".join(chart.grid[r]))
    lines.append(" " * lw + " +" + "-" * width)
    lines.append(" " * (lw + 2) + _epoch_labels(chart).rstrip())
    lines.append(" " * (lw + 2) + "epoch".center(width).rstrip())
    lines.append(_curve_stats(key, main))
    if val:
        lines.append(_curve_stats(val_label or val_key, val))
    return "\n".join(lines)


class _TextChart:
    """A grid of characters ``width`` wide and ``height`` tall for curves over epochs 1 .. n_epochs.

    The top row is the value ``hi``, the bottom row ``lo``.
    """

    def __init__(self, width, height, n_epochs, lo, hi):
        self.width, self.height, self.n_epochs, self.lo, self.hi = width, height, n_epochs, lo, hi
        self.grid = [[" "] * width for _ in range(height)]

    def col_of(self, epoch):
        """The column of an epoch."""
        if self.n_epochs == 1:
            return 0
        return int(round((epoch - 1) / (self.n_epochs - 1) * (self.width - 1)))

    def row_of(self, v):
        """The row of a value (clipped to the grid)."""
        r = int(round((self.hi - v) / (self.hi - self.lo) * (self.height - 1)))
        return min(max(r, 0), self.height - 1)

    def put(self, r, c, ch):
        """Mark a cell with ``ch``; a cell two curves pass through becomes ``#``."""
        cur = self.grid[r][c]
        self.grid[r][c] = ch if cur in (" ", ch) else "#"

    def draw(self, points, ch):
        """Draw ``(epoch, value)`` points joined by a line of ``ch``."""
        if len(points) == 1:
            self.put(self.row_of(points[0][1]), self.col_of(points[0][0]), ch)
            return
        prev_row = None
        prev_col = None
        for (e0, v0), (e1, v1) in zip(points, points[1:]):
            c0, c1 = self.col_of(e0), self.col_of(e1)
            for c in range(c0, c1 + 1):
                t = 0.0 if c1 == c0 else (c - c0) / (c1 - c0)
                r = self.row_of(v0 + (v1 - v0) * t)
                if prev_row is not None and prev_col is not None and c != prev_col:
                    # fill the vertical gap so the line looks connected
                    step = 1 if r > prev_row else -1
                    for rr in range(prev_row + step, r, step):
                        self.put(rr, c, ch)
                self.put(r, c, ch)
                prev_row, prev_col = r, c


def _epoch_labels(chart):
    """The x-axis numbers under a text chart: the first epoch, the last, and the middle one if it fits."""
    width, n_epochs = chart.width, chart.n_epochs
    xlab = [" "] * width
    first, last = "1", str(n_epochs)
    xlab[0:len(first)] = list(first)
    if n_epochs > 1 and len(first) + len(last) + 1 <= width:
        xlab[width - len(last):] = list(last)
        mid = (n_epochs + 1) // 2
        if mid not in (1, n_epochs):
            ms = str(mid)
            mc = chart.col_of(mid) - len(ms) // 2
            if mc > len(first) + 1 and mc + len(ms) < width - len(last) - 1:
                xlab[mc:mc + len(ms)] = list(ms)
    return "".join(xlab)


def _curve_stats(name, pts):
    """``"loss: min 0.1 (epoch 9), max 0.7 (epoch 1), last 0.1"``."""
    vmin = min(pts, key=lambda p: p[1])
    vmax = max(pts, key=lambda p: p[1])
    return "%s: min %s (epoch %d), max %s (epoch %d), last %s" % (
        name, _short(vmin[1]), vmin[0], _short(vmax[1]), vmax[0],
        _short(pts[-1][1]))


def decision_grid(net: object, X: "Sequence", columns: int = 60, rows: int = 24, margin: float = 0.05) -> dict:
    """Ask ``net`` for its prediction at every cell of a grid over the data.

    The grid covers the range of the 2-D inputs ``X`` widened by ``margin``
    (5%) on every side.  It has ``columns`` x ``rows`` cells; each cell is
    predicted at its centre.  Returns a dict with:

    * ``x_range``, ``y_range``: the (low, high) edges of the grid,
    * ``xs``: the x of each column centre (left to right),
    * ``ys``: the y of each row centre (top to bottom, like on screen),
    * ``outputs``: ``outputs[r][c]`` is the network's output row for a cell,
    * ``classes``: ``classes[r][c]`` is its predicted class (argmax, or
      ``value >= 0.5`` for a single output).

    This is what both decision-boundary plots draw.
    """
    pts = _as_rows_2d(X, "decision_grid")
    x0, x1 = _padded_range([p[0] for p in pts], margin)
    y0, y1 = _padded_range([p[1] for p in pts], margin)
    xs = [x0 + (c + 0.5) * (x1 - x0) / columns for c in range(columns)]
    ys = [y1 - (r + 0.5) * (y1 - y0) / rows for r in range(rows)]
    cells = [[x, y] for y in ys for x in xs]
    out = _predict(net, cells)
    outputs = [out[r * columns:(r + 1) * columns] for r in range(rows)]
    classes = [[_class_of(o) for o in row] for row in outputs]
    return {"x_range": (x0, x1), "y_range": (y0, y1), "xs": xs, "ys": ys,
            "outputs": outputs, "classes": classes}


def _check_net_2d(net, func):
    n_in = getattr(_layers(net)[0], "n_in", 2)
    if n_in != 2:
        raise ValueError("%s can only draw networks with 2 inputs; this one "
                         "has %d" % (func, n_in))


def text_decision_boundary(net: object, X: "Sequence", y: "Sequence | None", width: int = 60, height: int = 24,
                           feature_names: "Sequence[str] | None" = None, class_names: "Sequence | None" = None) -> str:
    """Draw which class the network predicts over the plane, as text.

    For 2-D inputs ``X`` (rows of two numbers) and class labels ``y``.  The
    map is ``width`` characters by ``height`` rows inside a frame; each
    character's background shows the predicted class at that spot ('.' for
    class 0, ':' for class 1, other characters for more classes) and the data
    points are drawn on top with their *true* class ('o' for class 0, 'x' for
    class 1, ...).  A point sitting in a region of another class is a point
    the network gets wrong.  ``y`` may be None to draw the points as '*'.
    ``feature_names`` (two names) label the axes and ``class_names`` the
    legend; without them they read "feature 0" and "class 0".
    Raises ValueError for inputs that are not 2-D or contain NaN.
    """
    _check_size(width, height, "text_decision_boundary")
    pts = _as_rows_2d(X, "text_decision_boundary")
    _check_net_2d(net, "text_decision_boundary")
    labels = _labels(y, len(pts), "text_decision_boundary")
    g = decision_grid(net, pts, width, height)
    (x0, x1), (y0, y1) = g["x_range"], g["y_range"]
    canvas = [[_REGION_CHARS[k % len(_REGION_CHARS)] for k in row]
              for row in g["classes"]]
    owner = {}
    for i, (px, py) in enumerate(pts):
        c = min(max(int((px - x0) / (x1 - x0) * width), 0), width - 1)
        r = min(max(int((y1 - py) / (y1 - y0) * height), 0), height - 1)
        k = labels[i] if labels is not None else None
        if (r, c) in owner and owner[(r, c)] != k:
            canvas[r][c] = "*"
        else:
            canvas[r][c] = ("*" if k is None
                            else _POINT_CHARS[k % len(_POINT_CHARS)])
        owner[(r, c)] = k

    top, bottom = _short(y1), _short(y0)
    lw = max(len(top), len(bottom))
    lines = ["Decision boundary (background = predicted class, "
             "symbols = true class of the data points)"]
    lines.append(" " * lw + " +" + "-" * width + "+")
    for r in range(height):
        lab = top if r == 0 else bottom if r == height - 1 else ""
        lines.append(lab.rjust(lw) + " |" + "".join(canvas[r]) + "|")
    lines.append(" " * lw + " +" + "-" * width + "+")
    left, right = _short(x0), _short(x1)
    lines.append(" " * (lw + 2) + left
                 + " " * max(1, width - len(left) - len(right)) + right)
    lines.append(" " * (lw + 2) + "across: %s, up: %s"
                 % (_feature_name(feature_names, 0), _feature_name(feature_names, 1)))

    lines += _text_boundary_legend(net, pts, labels, g["classes"], canvas, class_names)
    return "\n".join(lines)


def _text_boundary_legend(net, pts, labels, classes, canvas, class_names):
    """The lines under a text decision boundary: what each character means, and the accuracy."""
    seen = set(k for row in classes for k in row)
    if labels is not None:
        seen |= set(labels)
    n_cls = max(max(seen) + 1, 2)
    region = ", ".join("'%s' %s" % (_REGION_CHARS[k % len(_REGION_CHARS)],
                                    _class_name(class_names, k)) for k in range(n_cls))
    lines = ["predicted: " + region]
    if labels is not None:
        point = ", ".join("'%s' %s" % (_POINT_CHARS[k % len(_POINT_CHARS)],
                                       _class_name(class_names, k)) for k in range(n_cls))
        note = ", '*' several classes" if any(
            ch == "*" for row in canvas for ch in row) else ""
        lines.append("points:    " + point + note)
        preds = [_class_of(o) for o in _predict(net, pts)]
        wrong = sum(1 for p, t in zip(preds, labels) if p != t)
        lines.append("accuracy on these %d points: %.1f%% (%d misclassified)"
                     % (len(pts), 100.0 * (len(pts) - wrong) / len(pts), wrong))
    return lines


# ---------------------------------------------------------------------------
# SVG building blocks
# ---------------------------------------------------------------------------

def _svg_open(width, height, title):
    """The opening <svg> tag (with xmlns and viewBox) plus a <title>."""
    return [
        '<svg xmlns="%s" width="%s" height="%s" viewBox="0 0 %s %s" '
        'font-family="%s" font-size="12" fill="%s" role="img">'
        % (SVG_NS, _num(width), _num(height), _num(width), _num(height),
           FONT, INK),
        "<title>%s</title>" % _esc(title),
        '<rect x="0" y="0" width="%s" height="%s" fill="#ffffff"/>'
        % (_num(width), _num(height)),
    ]


def _text(x, y, s, size=None, anchor="start", color=None, weight=None,
          extra=""):
    attrs = 'x="%s" y="%s"' % (_num(x), _num(y))
    if anchor != "start":
        attrs += ' text-anchor="%s"' % anchor
    if size is not None:
        attrs += ' font-size="%s"' % _num(size)
    if color is not None:
        attrs += ' fill="%s"' % color
    if weight is not None:
        attrs += ' font-weight="%s"' % weight
    return "<text %s%s>%s</text>" % (attrs, extra, _esc(s))


def _line(x1, y1, x2, y2, color, width=1.0, extra=""):
    return ('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" '
            'stroke-width="%s"%s/>' % (_num(x1), _num(y1), _num(x2), _num(y2),
                                        color, _num(width), extra))


def _thin(points, max_points):
    """Keep at most about ``max_points`` points (min and max per bucket)."""
    if len(points) <= max_points:
        return points
    size = int(math.ceil(len(points) / (max_points / 2.0)))
    kept = []
    for i in range(0, len(points), size):
        bucket = points[i:i + size]
        a = min(bucket, key=lambda p: p[1])
        b = max(bucket, key=lambda p: p[1])
        kept.extend(sorted({a, b}))
    if kept[-1] != points[-1]:
        kept.append(points[-1])
    return kept


_LN10 = 2.302585092994046  # ln 10


def _log10(v: float) -> float:
    """log10 with tinynet's own log, so a log-scale picture is the same file on every platform."""
    return elementary.log(v) / _LN10


def _exp10(v: float) -> float:
    """10 ** v with tinynet's own exp (the inverse of :func:`_log10`, for labels)."""
    return elementary.exp(v * _LN10)


def _log_series(series):
    """The series with every value replaced by its log10 (ValueError for values <= 0)."""
    logged = []
    for label, color, dash, pts in series:
        for e, v in pts:
            if v <= 0:
                raise ValueError("a log scale needs values above 0, but %s is %r at epoch %d"
                                 % (label, v, e))
        logged.append((label, color, dash, [(e, _log10(v)) for e, v in pts]))
    return logged


def _panel(out, box, series, title, n_epochs, clamp01=False, clamp0=False,
           log=False):
    """Draw one line chart into ``out`` inside box=(x, y, w, h).

    The plotted range has a little room above and below the ticks, so a curve
    at the top value (an accuracy of 1.0) or at 0 does not run along the frame.
    With ``log`` the values are drawn on a log10 scale, ticks at powers of ten.
    """
    px, py, pw, ph = box
    if log:
        series = _log_series(series)
    values = [v for _, _, _, pts in series for _, v in pts]
    tick_lo, tick_hi, step = _panel_range(values, clamp01, clamp0, log)
    room = 0.04 * (tick_hi - tick_lo)
    lo, hi = tick_lo - room, tick_hi + room
    if n_epochs == 1:
        e0, e1 = 0.5, 1.5
    else:
        e0, e1 = 1.0, float(n_epochs)
    frame = _Box(px, py, pw, ph, e0, e1, lo, hi)
    _draw_panel_axes(out, frame, tick_lo, tick_hi, step, n_epochs, title, log)
    _draw_panel_legend(out, frame, series, title)
    _draw_curves(out, frame, series, log)


def _panel_range(values, clamp01, clamp0, log):
    """``(lowest tick, highest tick, tick step)`` for a chart of ``values``.

    On a log scale (values already log10) the ticks are the powers of ten
    around them; a loss (``clamp0``) starts at 0 at the lowest, an accuracy
    (``clamp01``) stays within 0 .. 1.
    """
    if log:
        lo, hi = math.floor(min(values)), math.ceil(max(values))
        if hi == lo:
            hi = lo + 1
        step = 1.0
    else:
        lo, hi, step = _nice_range(min(values), max(values))
    if clamp0 and min(values) >= 0 and not log:
        lo = max(lo, 0.0)
    if clamp01 and min(values) >= 0 and max(values) <= 1:
        lo, hi = max(lo, 0.0), min(hi, 1.0)
    return lo, hi, step


def _draw_panel_axes(out, frame, tick_lo, tick_hi, step, n_epochs, title, log):
    """Grid lines with the y tick labels, whole-epoch x ticks, the axes and the title."""
    px, py, pw, ph = frame.left, frame.top, frame.pw, frame.ph
    e0, e1 = frame.x0, frame.x1
    for t in _ticks(tick_lo, tick_hi, step):
        yy = frame.sy(t)
        out.append(_line(px, yy, px + pw, yy, GRID_COLOR))
        label = _short(10.0 ** t) if log else _tick_label(t, step)
        out.append(_text(px - 6, yy + 4, label, size=11,
                         anchor="end", color=MUTED))
    xstep = max(1.0, _nice_step(max(e1 - e0, 1.0), 5))
    xt = [t for t in _ticks(e0, e1, xstep) if t >= 1]
    if n_epochs > 1 and 1 not in xt and (not xt or xt[0] - 1 >= xstep / 2):
        xt.insert(0, 1)
    for t in xt:
        xx = frame.sx(t)
        out.append(_line(xx, py + ph, xx, py + ph + 4, INK))
        out.append(_text(xx, py + ph + 17, str(int(t)), size=11,
                         anchor="middle", color=MUTED))
    out.append(_line(px, py, px, py + ph, INK))
    out.append(_line(px, py + ph, px + pw, py + ph, INK))
    out.append(_text(px + pw / 2, py + ph + 33, "epoch", size=11,
                     anchor="middle", color=MUTED))
    out.append(_text(px, py - 10, title, size=13, weight="bold"))


def _draw_panel_legend(out, frame, series, title):
    """The legend, right-aligned above the plot; a second line above the title
    when the panel is too narrow for both on one line."""
    px, py, pw = frame.left, frame.top, frame.pw
    legend_width = 0.0
    for label, _color, _dash, _pts in series:
        legend_width += 6.5 * len(label) + 6 + 22 + 14
    ly = py - 10
    if px + 8.0 * len(title) + 12 > px + pw - legend_width:
        ly = py - 26
    lx = px + pw
    for label, color, dash, _pts in reversed(series):
        w_text = 6.5 * len(label)
        out.append(_text(lx, ly, label, size=11, anchor="end"))
        lx -= w_text + 6
        out.append(_line(lx - 22, ly - 4, lx, ly - 4, color, 2.5,
                         ' stroke-dasharray="%s"' % dash if dash else ""))
        lx -= 22 + 14


def _draw_curves(out, frame, series, log):
    """Each series as a polyline (thinned to the panel's width), with dots when there are few points."""
    for label, color, dash, pts in series:
        pts = _thin(pts, max(2, int(frame.pw)))
        dash_attr = ' stroke-dasharray="%s"' % dash if dash else ""
        if len(pts) > 1:
            out.append(
                '<polyline fill="none" stroke="%s" stroke-width="2" '
                'stroke-linejoin="round" stroke-linecap="round"%s points="%s">'
                '<title>%s</title></polyline>'
                % (color, dash_attr,
                   " ".join("%s,%s" % (_num(frame.sx(e)), _num(frame.sy(v))) for e, v in pts),
                   _esc(label)))
        if len(pts) <= 40:
            for e, v in pts:
                out.append('<circle cx="%s" cy="%s" r="%s" fill="%s">'
                           '<title>%s, epoch %d: %s</title></circle>'
                           % (_num(frame.sx(e)), _num(frame.sy(v)),
                              "4" if len(pts) == 1 else "2.5", color,
                              _esc(label), e, _esc(_short(_exp10(v) if log else v))))


def svg_loss_curve(history: object, path: "str | None" = None, width: float = 640, height: float = 360,
                   log_scale: bool = False, val_label: str = "validation", title: "str | None" = None) -> str:
    """Draw the training history as an SVG line chart and return the SVG text.

    The left panel shows ``loss`` (solid blue, "training") and ``val_loss``
    (dashed orange, labelled ``val_label``: say ``"test"`` when the
    validation data is the test set) per epoch.  When the history also has
    ``accuracy`` or ``val_accuracy`` values, a second panel on the right
    shows them.  ``log_scale=True`` draws the loss on a log scale (each
    grid line ten times the one below), which shows the late, small
    improvements that a straight scale flattens.  ``title`` replaces the
    heading.  Pass ``path`` to also save the picture to a ``.svg`` file.
    """
    hist = _history_dict(history)
    panels = []
    for key, title_k in (("loss", "Loss" + (" (log scale)" if log_scale else "")),
                         ("accuracy", "Accuracy")):
        series = []
        for k, label, color, dash in ((key, "training", TRAIN_COLOR, None),
                                      ("val_" + key, val_label, VAL_COLOR,
                                       "6 4")):
            pts = _points(hist, k)
            if pts:
                series.append((label, color, dash, pts))
        if series:
            panels.append((key, title_k, series))
    if not panels:
        raise ValueError("history has no loss or accuracy values to draw "
                         "(keys: %s)" % ", ".join(map(repr, hist)))
    n_epochs = max(e for _, _, s in panels for _, _, _, pts in s
                   for e, _ in pts)

    out = _svg_open(width, height, "Training history")
    if title is None:
        title = "Training history (%d epoch%s)" % (n_epochs, "" if n_epochs == 1 else "s")
    out.append(_text(width / 2, 22, title, size=15, anchor="middle", weight="bold"))
    slot = width / len(panels)
    top, bottom = 60, 48
    for i, (key, title_k, series) in enumerate(panels):
        box = (i * slot + 52, top, slot - 52 - 16, height - top - bottom)
        _panel(out, box, series, title_k, n_epochs,
               clamp01=(key == "accuracy"), clamp0=True,
               log=log_scale and key == "loss")
    out.append("</svg>")
    svg = "\n".join(out)
    _write(svg, path)
    return svg


def _ramp_color(p):
    """Background colour for a probability ``p`` of class 1 (binary case).

    Probabilities are grouped into 10 bands; below 0.5 the colour is a tint
    of blue (class 0), from 0.5 on a tint of orange (class 1), paler near the
    boundary and stronger where the network is sure.
    """
    b = min(max(int(p * _RAMP_BANDS), 0), _RAMP_BANDS - 1)
    centre = (b + 0.5) / _RAMP_BANDS
    sure = abs(centre - 0.5) * 2  # 0.1 ... 0.9
    base = PALETTE[1] if b >= _RAMP_BANDS // 2 else PALETTE[0]
    return _mix(base, 0.12 + 0.38 * sure)


def _region_color(k):
    """Flat background colour for predicted class ``k`` (multi-class)."""
    return _mix(_class_color(k), 0.35)


def _crossings(f, xs, ys):
    """Line segments where the grid values ``f[r][c]`` (at ``xs[c]``, ``ys[r]``) cross 0.

    Marching squares: in each square of four neighbouring grid points whose
    signs differ, the zero is found on each edge by linear interpolation and
    the points are joined. The result is a smooth line at any size, not the
    stair steps of the cells.
    """
    segments = []

    def cut(x0, y0, v0, x1, y1, v1):
        t = v0 / (v0 - v1)
        return (x0 + t * (x1 - x0), y0 + t * (y1 - y0))

    for r in range(len(ys) - 1):
        for c in range(len(xs) - 1):
            corners = ((xs[c], ys[r], f[r][c]), (xs[c + 1], ys[r], f[r][c + 1]),
                       (xs[c + 1], ys[r + 1], f[r + 1][c + 1]), (xs[c], ys[r + 1], f[r + 1][c]))
            points = []
            for i in range(4):
                a, b = corners[i], corners[(i + 1) % 4]
                if (a[2] >= 0) != (b[2] >= 0):
                    points.append(cut(a[0], a[1], a[2], b[0], b[1], b[2]))
            if len(points) == 2:
                segments.append((points[0], points[1]))
            elif len(points) == 4:  # a saddle: two separate crossings
                segments.append((points[0], points[1]))
                segments.append((points[2], points[3]))
    return segments


def _margins(outputs, n_out):
    """For each class, the grid of how far it leads the others (> 0 where it is predicted)."""
    if n_out == 1:
        return [[[o[0] - 0.5 for o in row] for row in outputs]]
    fields = []
    for k in range(n_out):
        fields.append([[o[k] - max(o[j] for j in range(n_out) if j != k) for o in row]
                       for row in outputs])
    return fields[1:2] if n_out == 2 else fields


def _diamond(x, y, r, fill, tip):
    """A diamond-shaped marker (used for test points)."""
    return ('<path d="M%s %sL%s %sL%s %sL%s %sZ" fill="%s"><title>%s</title></path>'
            % (_num(x), _num(y - r), _num(x + r), _num(y), _num(x), _num(y + r),
               _num(x - r), _num(y), fill, _esc(tip)))


def svg_decision_boundary(net: object, X: "Sequence", y: "Sequence | None", path: "str | None" = None,
                          resolution: int = 120, width: float = 480, height: float = 480,
                          feature_names: "Sequence[str] | None" = None, class_names: "Sequence | None" = None,
                          X_test: "Sequence | None" = None, y_test: "Sequence | None" = None) -> str:
    """Draw what the network predicts over the plane as an SVG picture.

    For 2-D inputs ``X`` and class labels ``y`` (numbers, one-hot rows, or
    None for uncoloured points).  The background is split into
    ``resolution`` x ``resolution`` cells, each coloured by the network's
    prediction at its centre: for a binary network (one output, or two) the
    colour shows the probability of class 1 (blue = class 0, orange =
    class 1, paler = less sure, so the boundary is where the colours meet);
    with more classes each predicted class gets its own pale colour.  The
    data points are circles coloured by their *true* class with a dark
    outline.  The boundary itself (where the predicted class changes) is a
    dark line found by interpolating between the cells, so it stays smooth
    when the picture is shown large.

    ``X_test``, ``y_test`` (optional) are drawn as diamonds, so points the
    network never trained on stand out from the training points (circles).
    ``feature_names`` (two names) label the axes and ``class_names`` the
    legend; without them they read "feature 0" and "class 0".
    Raises ValueError when the inputs are not 2-D or contain NaN.
    """
    pts = _as_rows_2d(X, "svg_decision_boundary")
    _check_net_2d(net, "svg_decision_boundary")
    labels = _labels(y, len(pts), "svg_decision_boundary")
    test_pts, test_labels = [], None
    if X_test is not None and len(X_test):
        test_pts = _as_rows_2d(X_test, "svg_decision_boundary (X_test)")
        test_labels = _labels(y_test, len(test_pts), "svg_decision_boundary (y_test)")
    resolution = int(resolution)
    if resolution < 2:
        raise ValueError("resolution must be at least 2")
    g = decision_grid(net, pts + test_pts, resolution, resolution)
    (x0, x1), (y0, y1) = g["x_range"], g["y_range"]
    n_out = len(g["outputs"][0][0])
    binary = n_out <= 2
    left, right, top, bottom = 56, 18, 40, 90 if test_pts else 72
    box = _Box(left, top, width - left - right, height - top - bottom, x0, x1, y0, y1)

    out = _svg_open(width, height, "Decision boundary")
    out.append(_text(width / 2, 24, "Decision boundary", size=15,
                     anchor="middle", weight="bold"))
    _draw_regions(out, box, g["outputs"], binary, resolution)
    _draw_boundary_line(out, box, g, n_out)
    _draw_plane_axes(out, box, feature_names)
    r_pt = 4.5 if len(pts) <= 300 else 3.5 if len(pts) <= 1000 else 2.5
    for kind, group, width_, points, classes_of in (
            ("training", "points", 1, pts, labels), ("test", "test-points", 1.2, test_pts, test_labels)):
        if points:
            _draw_points(out, box, kind, group, width_, points, classes_of, r_pt, class_names)
    classes = sorted(set(labels or []) | set(test_labels or [])
                     | set(k for row in g["classes"] for k in row))
    _draw_boundary_legend(out, left, height - 16, classes, labels is not None, bool(test_pts),
                          binary, class_names)
    out.append("</svg>")
    svg = "\n".join(out)
    _write(svg, path)
    return svg


class _Box:
    """A plot area on the page: ``left``, ``top``, ``pw`` wide, ``ph`` tall, showing
    ``x0 .. x1`` across (left to right) and ``y0 .. y1`` up (bottom to top)."""

    def __init__(self, left, top, pw, ph, x0, x1, y0, y1):
        self.left, self.top, self.pw, self.ph = left, top, pw, ph
        self.x0, self.x1, self.y0, self.y1 = x0, x1, y0, y1

    def sx(self, v):
        """The page x of the data value ``v``."""
        return self.left + (v - self.x0) / (self.x1 - self.x0) * self.pw

    def sy(self, v):
        """The page y of the data value ``v`` (larger values higher up)."""
        return self.top + (self.y1 - v) / (self.y1 - self.y0) * self.ph


def _prob1(o):
    """The probability of class 1 in a binary network's output row (one output, or two)."""
    if len(o) == 1:
        return min(max(o[0], 0.0), 1.0)
    s = o[0] + o[1]
    if o[0] >= 0 and o[1] >= 0 and s > 0:
        return o[1] / s
    return 1.0 if o[1] > o[0] else 0.0


def _draw_regions(out, box, outputs, binary, resolution):
    """The background: each grid cell coloured by the prediction, runs of one colour as one rect."""
    cw, chh = box.pw / resolution, box.ph / resolution
    out.append('<g class="boundary" shape-rendering="crispEdges">')
    for r, row in enumerate(outputs):
        colors = [_ramp_color(_prob1(o)) if binary else _region_color(_class_of(o))
                  for o in row]
        c = 0
        while c < resolution:
            end = c
            while end + 1 < resolution and colors[end + 1] == colors[c]:
                end += 1
            # a hair of overlap avoids thin white seams between cells
            out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>'
                       % (_num(box.left + c * cw), _num(box.top + r * chh),
                          _num((end - c + 1) * cw + 0.3), _num(chh + 0.3),
                          colors[c]))
            c = end + 1
    out.append("</g>")


def _draw_boundary_line(out, box, g, n_out):
    """The boundary line: where the predicted class changes, interpolated between cells."""
    cx = [box.sx(v) for v in g["xs"]]
    cy = [box.sy(v) for v in g["ys"]]
    d = []
    for field in _margins(g["outputs"], n_out):
        for (xa, ya), (xb, yb) in _crossings(field, cx, cy):
            d.append("M%s %sL%s %s" % (_num(xa), _num(ya), _num(xb), _num(yb)))
    if d:
        out.append('<path class="boundary-line" d="%s" fill="none" stroke="%s" '
                   'stroke-width="1.6" stroke-linecap="round" stroke-opacity="0.8"/>'
                   % ("".join(d), INK))


def _draw_plane_axes(out, box, feature_names):
    """The frame, ticks on both axes and the feature names."""
    left, top, pw, ph = box.left, box.top, box.pw, box.ph
    out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="none" '
               'stroke="%s"/>' % (left, top, _num(pw), _num(ph), INK))
    for lo, hi, horizontal in ((box.x0, box.x1, True), (box.y0, box.y1, False)):
        step = _nice_step(hi - lo, 5)
        for t in _ticks(lo, hi, step):
            if horizontal:
                xx = box.sx(t)
                out.append(_line(xx, top + ph, xx, top + ph + 4, INK))
                out.append(_text(xx, top + ph + 17, _tick_label(t, step),
                                 size=11, anchor="middle", color=MUTED))
            else:
                yy = box.sy(t)
                out.append(_line(left - 4, yy, left, yy, INK))
                out.append(_text(left - 7, yy + 4, _tick_label(t, step),
                                 size=11, anchor="end", color=MUTED))
    out.append(_text(left + pw / 2, top + ph + 33, _feature_name(feature_names, 0), size=11,
                     anchor="middle", color=MUTED))
    out.append(_text(14, top + ph / 2, _feature_name(feature_names, 1), size=11, anchor="middle",
                     color=MUTED,
                     extra=' transform="rotate(-90 14 %s)"' % _num(top + ph / 2)))


def _draw_points(out, box, kind, group, stroke_width, points, classes_of, r_pt, class_names):
    """The data points coloured by true class: training points as circles, test points as diamonds."""
    out.append('<g class="%s" stroke="%s" stroke-width="%s">' % (group, INK, stroke_width))
    for i, (px, py) in enumerate(points):
        color = "#bbbbbb" if classes_of is None else _class_color(classes_of[i])
        tip = "%s point (%s, %s)" % (kind, _short(px), _short(py))
        if classes_of is not None:
            tip += " " + _class_name(class_names, classes_of[i])
        if kind == "test":  # points the network never trained on are diamonds
            out.append(_diamond(box.sx(px), box.sy(py), r_pt * 1.5, color, tip))
        else:
            out.append('<circle cx="%s" cy="%s" r="%s" fill="%s"><title>%s</title>'
                       '</circle>' % (_num(box.sx(px)), _num(box.sy(py)), _num(r_pt), color,
                                      _esc(tip)))
    out.append("</g>")


def _draw_boundary_legend(out, lx, ly, classes, has_labels, has_test, binary, class_names):
    """The legend under the plane: training/test markers, the classes, the probability ramp."""
    if has_test:
        out.append('<circle cx="%s" cy="%s" r="4.5" fill="#ffffff" stroke="%s"/>'
                   % (_num(lx + 5), _num(ly - 22), INK))
        out.append(_text(lx + 14, ly - 18, "training", size=11))
        out.append(_diamond(lx + 80, ly - 22, 6, "#ffffff", "test").replace(
            "<path ", '<path stroke="%s" ' % INK))
        out.append(_text(lx + 90, ly - 18, "test (not trained on)", size=11))
    if has_labels:
        for k in classes[:8]:
            name = _class_name(class_names, k)
            out.append('<circle cx="%s" cy="%s" r="5" fill="%s" stroke="%s"/>'
                       % (_num(lx + 5), _num(ly - 4), _class_color(k), INK))
            out.append(_text(lx + 14, ly, name, size=11))
            lx += 26 + 6.5 * len(name)
    if binary:
        lx += 10
        prob = "P(%s):  0" % _class_name(class_names, 1)
        out.append(_text(lx, ly, prob, size=11))
        lx += 6.2 * len(prob) + 6
        for b in range(_RAMP_BANDS):
            out.append('<rect x="%s" y="%s" width="9" height="12" fill="%s"/>'
                       % (_num(lx + 9 * b), _num(ly - 10),
                          _ramp_color((b + 0.5) / _RAMP_BANDS)))
        out.append(_text(lx + 9 * _RAMP_BANDS + 4, ly, "1", size=11))
    elif not has_labels:
        for k in classes[:8]:
            out.append('<rect x="%s" y="%s" width="12" height="12" fill="%s" '
                       'stroke="%s"/>' % (_num(lx), _num(ly - 10),
                                          _region_color(k), INK))
            name = "predicted %s" % _class_name(class_names, k)
            out.append(_text(lx + 16, ly, name, size=11))
            lx += 26 + 6.2 * len(name)


def _shown(n, max_neurons):
    """Indices of the neurons to draw; None marks where '...' goes."""
    if n <= max_neurons:
        return list(range(n))
    head = tail = max(1, (max_neurons - 1) // 2)
    return list(range(head)) + [None] + list(range(n - tail, n))


def _layer_title(col, ncols):
    """How people name a column of the drawing: 'inputs', 'hidden layer 1', ..., 'output layer'."""
    if col == 0:
        return "inputs"
    if col == ncols - 1:
        return "output layer"
    return "hidden layer %d" % col


def _output_names(n_out, class_names):
    """Labels for the output neurons: class names (one output: the probability of class 1)."""
    if class_names is None:
        return None
    if n_out == 1:
        return ["P(%s)" % _class_name(class_names, 1)]
    return [_class_name(class_names, j) for j in range(n_out)]


def svg_network(net: object, path: "str | None" = None, width: "float | None" = None,
                height: "float | None" = None, max_neurons: int = 16,
                feature_names: "Sequence[str] | None" = None, class_names: "Sequence | None" = None) -> str:
    """Draw the network's neurons and weights as an SVG picture.

    Each layer is a column of circles: the inputs on the left, then each
    layer of ``net.layers`` (hidden layers, then the output layer), labelled
    with its size and activation.  Every weight is a line between two
    neurons: blue for a positive weight, orange-red for a negative one, and
    the bigger ``|weight|`` is (compared with the largest in the network),
    the thicker and darker the line.  A column with more than
    ``max_neurons`` neurons shows only the first and last few with a
    vertical ellipsis between.  ``width``/``height`` default to a size that
    fits the network.  Each neuron's bias is written beside it ("b=0.31")
    and its circle has a ring whose colour is the bias's sign (blue
    positive, orange-red negative).  ``feature_names`` label the inputs,
    ``class_names`` the outputs.
    """
    layers = _layers(net)
    sizes = [int(layers[0].n_in)] + [int(layer.n_out) for layer in layers]
    in_names = None if feature_names is None else [
        _feature_name(feature_names, i) for i in range(sizes[0])]
    out_names = _output_names(sizes[-1], class_names)
    d = _Diagram(sizes, max_neurons, width, height, in_names, out_names)
    max_abs = _largest_weight(layers, sizes)

    out = _svg_open(d.width, d.height, "Network diagram")
    _draw_headings(out, d, layers)
    _draw_connections(out, d, layers, max_abs)
    _draw_neurons(out, d, layers, feature_names)
    _draw_biases_and_names(out, d, layers, in_names, out_names)
    _draw_ellipses(out, d)
    _draw_weight_legend(out, d.height, max_abs)
    out.append("</svg>")
    svg = "\n".join(out)
    _write(svg, path)
    return svg


class _Diagram:
    """Where the neurons of a network diagram go: ``pos(col, slot)`` and the sizes around them."""

    top, bottom, side = 78, 72, 70

    def __init__(self, sizes, max_neurons, width, height, in_names, out_names):
        self.sizes = sizes
        self.shown = [_shown(n, max_neurons) for n in sizes]
        self.slots = max(len(s) for s in self.shown)
        self.ncols = ncols = len(sizes)
        top, bottom, side, slots = self.top, self.bottom, self.side, self.slots
        # room for the longest input and output label beside the first and last column
        self.left_room = 0 if in_names is None else min(160, 6.2 * max(len(n) for n in in_names))
        right_room = min(160, 6.2 * max(len(n) for n in out_names)) if out_names else 0
        if width is None:
            width = max(420, 2 * side + 170 * (ncols - 1) + self.left_room + right_room)
        if height is None:
            height = top + bottom + 38 * max(slots - 1, 1) + 20
        self.width, self.height = width, height
        self.col_gap = (width - 2 * side - self.left_room - right_room) / (ncols - 1)
        self.slot_gap = min(38.0, (height - top - bottom - 20) / max(slots - 1, 1))
        self.radius = max(3.0, min(13.0, self.slot_gap * 0.36, self.col_gap * 0.12))

    def pos(self, col, slot):
        """The centre ``(x, y)`` of the ``slot``-th circle drawn in column ``col``."""
        x = self.side + self.left_room + col * self.col_gap
        n = len(self.shown[col])
        y = (self.top + 10 + (self.slots - 1) * self.slot_gap / 2
             + (slot - (n - 1) / 2) * self.slot_gap)
        return x, y


def _largest_weight(layers, sizes):
    """The largest ``|weight|`` of the network, checking each layer's shape and numbers."""
    max_abs = 0.0
    for li, layer in enumerate(layers):
        W = layer.weights
        if len(W) != sizes[li] or any(len(row) != sizes[li + 1] for row in W):
            raise ValueError(
                "layer %d: weights should be %d lists of %d numbers"
                % (li, sizes[li], sizes[li + 1]))
        for row in W:
            for w in row:
                max_abs = max(max_abs, abs(_check_finite(
                    w, "a weight of layer %d" % li)))
    return max_abs


def _draw_headings(out, d, layers):
    """Each column's name ("hidden layer 1") and size (with its activation)."""
    for col, n in enumerate(d.sizes):
        x, _ = d.pos(col, 0)
        name = _layer_title(col, d.ncols)
        if col == 0:
            detail = "%d value%s" % (n, "" if n == 1 else "s")
        else:
            layer = layers[col - 1]
            detail = "%d neuron%s, %s" % (n, "" if n == 1 else "s",
                                          _activation_name(layer))
        out.append(_text(x, 24, name, size=13, anchor="middle", weight="bold"))
        out.append(_text(x, 42, detail, size=11, anchor="middle", color=MUTED))


def _draw_connections(out, d, layers, max_abs):
    """One line per weight, coloured by its sign, thicker and darker for a larger ``|w|``.

    Drawn before the circles, so the circles sit on top. The order is: layer
    by layer, then input neuron i, then output neuron j.
    """
    out.append('<g class="connections" stroke-linecap="round">')
    for li, layer in enumerate(layers):
        for si, i in enumerate(d.shown[li]):
            if i is None:
                continue
            xa, ya = d.pos(li, si)
            for sj, j in enumerate(d.shown[li + 1]):
                if j is None:
                    continue
                xb, yb = d.pos(li + 1, sj)
                w = float(layer.weights[i][j])
                a = abs(w) / max_abs if max_abs > 0 else 0.0
                color = POSITIVE_COLOR if w >= 0 else NEGATIVE_COLOR
                out.append(_line(xa + d.radius, ya, xb - d.radius, yb, color,
                                 0.5 + 3.5 * a,
                                 ' stroke-opacity="%s"' % _num(0.15 + 0.85 * a)))
    out.append("</g>")


def _draw_neurons(out, d, layers, feature_names):
    """The circles; a neuron's ring is its bias's sign, its tooltip names it."""
    out.append('<g class="neurons" stroke="%s" stroke-width="1.2">' % INK)
    for col, idx in enumerate(d.shown):
        if col == 0:
            fill = "#f2f2f2"
        elif col == d.ncols - 1:
            fill = _mix(PALETTE[1], 0.3)
        else:
            fill = _mix(PALETTE[0], 0.22)
        for s, i in enumerate(idx):
            x, yy = d.pos(col, s)
            if i is None:
                continue
            ring = ""
            if col == 0:
                tip = "input %d: %s" % (i, _feature_name(feature_names, i))
            else:
                b = _check_finite(layers[col - 1].bias[i], "a bias of layer %d" % (col - 1))
                tip = "%s, neuron %d: bias = %s" % (_layer_title(col, d.ncols), i, _short(b))
                ring = ' stroke="%s" stroke-width="2.2"' % (
                    POSITIVE_COLOR if b >= 0 else NEGATIVE_COLOR)
            out.append('<circle cx="%s" cy="%s" r="%s" fill="%s"%s><title>%s'
                       '</title></circle>' % (_num(x), _num(yy), _num(d.radius),
                                              fill, ring, _esc(tip)))
    out.append("</g>")


def _draw_biases_and_names(out, d, layers, in_names, out_names):
    """The biases, written beside their neurons; the inputs' and outputs' names."""
    radius = d.radius
    out.append('<g class="biases" font-size="9" fill="%s">' % MUTED)
    for col in range(1, d.ncols):
        for s, i in enumerate(d.shown[col]):
            if i is None:
                continue
            x, yy = d.pos(col, s)
            b = float(layers[col - 1].bias[i])
            out.append(_text(x + radius * 0.75, yy - radius - 1.5, "b=%s" % _short(b)))
    out.append("</g>")
    if in_names is not None:
        for s, i in enumerate(d.shown[0]):
            if i is not None:
                x, yy = d.pos(0, s)
                out.append(_text(x - radius - 5, yy + 4, in_names[i], size=11, anchor="end"))
    if out_names is not None:
        for s, j in enumerate(d.shown[-1]):
            if j is not None:
                x, yy = d.pos(d.ncols - 1, s)
                out.append(_text(x + radius + 5, yy + 4, out_names[j], size=11))


def _draw_ellipses(out, d):
    """A vertical ellipsis and "N more" where a wide layer's middle neurons are left out."""
    for col, idx in enumerate(d.shown):
        for s, i in enumerate(idx):
            if i is None:
                x, yy = d.pos(col, s)
                hidden = d.sizes[col] - (len(idx) - 1)
                for dy in (-1, 0, 1):
                    out.append('<rect x="%s" y="%s" width="3" height="3" '
                               'fill="%s"/>' % (_num(x - 1.5),
                                                _num(yy - 1.5 + dy * 6), INK))
                label = "%d more" % hidden
                out.append('<rect x="%s" y="%s" width="%s" height="14" rx="3" '
                           'fill="#ffffff" fill-opacity="0.85"/>'
                           % (_num(x + 6), _num(yy - 7), _num(6.2 * len(label) + 6)))
                out.append(_text(x + 9, yy + 4, label, size=10, color=MUTED))


def _draw_weight_legend(out, height, max_abs):
    """What the line colours and thicknesses mean."""
    ly = height - 34
    lx = 16
    out.append(_line(lx, ly - 4, lx + 26, ly - 4, POSITIVE_COLOR, 3))
    out.append(_text(lx + 32, ly, "positive weight", size=11))
    lx += 140
    out.append(_line(lx, ly - 4, lx + 26, ly - 4, NEGATIVE_COLOR, 3))
    out.append(_text(lx + 32, ly, "negative weight", size=11))
    out.append(_text(16, ly + 18, "thicker, darker line = larger |weight| "
                     "(largest |weight|: %s); b = the neuron's bias, ring = its sign"
                     % _short(max_abs), size=11, color=MUTED))


def history_svg(history: object) -> str:
    """The training-history chart as SVG text (``svg_loss_curve`` without saving).

    Handy in Jupyter: ``IPython.display.SVG(history_svg(h))``.
    """
    return svg_loss_curve(history)


def network_svg(net: object, feature_names: "Sequence[str] | None" = None,
                class_names: "Sequence | None" = None) -> str:
    """The network diagram as SVG text (``svg_network`` without saving)."""
    return svg_network(net, feature_names=feature_names, class_names=class_names)


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

_TABLE_KEYS = ("loss", "accuracy", "val_loss", "val_accuracy", "lr")


def _fmt_cell(v):
    if v is None:
        return ""
    if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e5):
        return "%.3e" % v
    return "%.4f" % v


def history_html_table(history: object, max_rows: int = 200) -> str:
    """The history as an HTML ``<table>``: one row per epoch.

    Columns are ``epoch`` followed by whichever of ``loss``, ``accuracy``,
    ``val_loss``, ``val_accuracy`` and ``lr`` have values (then any other
    numeric keys).  With more than ``max_rows`` epochs only evenly spaced
    epochs (always including the first and last) are listed.
    """
    hist = _history_dict(history)
    keys = [k for k in _TABLE_KEYS if _points(hist, k)]
    for k in sorted(hist):
        if k in keys or k in _TABLE_KEYS:
            continue
        try:
            if _points(hist, k):
                keys.append(k)
        except ValueError:
            pass  # not a numeric column: leave it out
    n = _history_len(hist)
    cols = {}
    for k in keys:
        vals = [None] * n
        for e, v in _points(hist, k):
            vals[e - 1] = v
        cols[k] = vals
    if n > max_rows > 1:
        step = (n - 1) / (max_rows - 1)
        epochs = sorted(set(int(round(i * step)) for i in range(max_rows)))
        caption = ("<caption>%d epochs; showing %d evenly spaced ones"
                   "</caption>" % (n, len(epochs)))
    else:
        epochs = list(range(n))
        caption = ""
    parts = ['<table class="history">', caption, "<thead><tr><th>epoch</th>"]
    parts += ["<th>%s</th>" % _esc(k) for k in keys]
    parts.append("</tr></thead><tbody>")
    for e in epochs:
        parts.append("<tr><td>%d</td>" % (e + 1) + "".join(
            "<td>%s</td>" % _fmt_cell(cols[k][e]) for k in keys) + "</tr>")
    parts.append("</tbody></table>")
    return "\n".join(p for p in parts if p)


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto,
       "DejaVu Sans", sans-serif; color: #222; max-width: 980px;
       margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ddd;
     padding-bottom: 0.2em; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0;
        font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d8d8d8; padding: 0.25em 0.7em; text-align: right; }
th { background: #f3f5f7; }
td.name, th.name { text-align: left; }
caption { caption-side: bottom; color: #666; font-size: 0.85em;
          padding-top: 0.3em; text-align: left; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.25em 1.2em; }
dt { font-weight: 600; }
dd { margin: 0; }
svg { display: block; max-width: 100%; height: auto; margin: 0.6em 0; }
.note { color: #555; font-size: 0.92em; }
details summary { cursor: pointer; color: #0072B2; margin: 0.4em 0; }
footer { margin-top: 3em; color: #888; font-size: 0.85em; }
"""


def _layer_table(layers):
    rows = ['<table class="layers">',
            '<thead><tr><th>#</th><th class="name">type</th><th>shape</th>'
            '<th class="name">activation</th><th>parameters</th></tr></thead>',
            "<tbody>"]
    total = 0
    for i, layer in enumerate(layers):
        n_in, n_out = int(layer.n_in), int(layer.n_out)
        params = n_in * n_out + n_out
        total += params
        rows.append('<tr><td>%d</td><td class="name">Dense</td>'
                    "<td>%d &#8594; %d</td><td class=\"name\">%s</td>"
                    "<td>%d</td></tr>" % (i, n_in, n_out,
                                          _esc(_activation_name(layer)), params))
    rows.append('<tr><th colspan="4" class="name">total</th><th>%d</th></tr>'
                % total)
    rows.append("</tbody></table>")
    return "\n".join(rows), total


def network_html(net: object) -> str:
    """The network's summary table and drawing as HTML (what a notebook shows for a network)."""
    table, total = _layer_table(_layers(net))
    return ("<div><p>%s, %d trainable parameters</p>%s%s</div>"
            % (_esc(getattr(net, "loss", "") and "loss %s" % net.loss), total, table,
               svg_network(net)))


def _fmt_extra(v):
    if isinstance(v, float):
        return _short(v)
    return str(v)


def _accuracy_note(net, rows, labels, what):
    """'Accuracy on the 150 training points: 98.0%' (or '' when it cannot be said)."""
    if labels is None or not rows:
        return ""
    preds = [_class_of(o) for o in _predict(net, rows)]
    right = sum(1 for p, t in zip(preds, labels) if p == t)
    return "accuracy on the %d %s points: %.1f%%" % (len(rows), what, 100.0 * right / len(rows))


def html_report(net: object, history: object = None, X: "Sequence | None" = None, y: "Sequence | None" = None,
                path: "str | None" = None, title: str = "tinynet report", extra: "dict | None" = None,
                feature_names: "Sequence[str] | None" = None, class_names: "Sequence | None" = None,
                X_test: "Sequence | None" = None, y_test: "Sequence | None" = None,
                val_label: str = "validation", log_scale: bool = False) -> str:
    """Build one self-contained HTML page describing a network and its training.

    The page has no scripts and loads nothing from the internet (pictures are
    inline SVG, styles are inline CSS), so it can be e-mailed or opened
    offline.  It contains, when the inputs allow:

    * ``extra``: a dict of label -> value shown first (e.g. data set name,
      test accuracy, backend),
    * a summary table of the layers with their parameter counts,
    * the loss/accuracy chart and the history table (if ``history`` given),
    * the decision boundary (if ``X`` has 2 features; ``y`` colours points;
      ``X_test``, ``y_test`` are drawn as diamonds and scored separately),
    * the network diagram.

    ``feature_names`` and ``class_names`` label the axes, legends, inputs
    and outputs; ``val_label`` names the validation curve (``"test"`` when
    it is the test set); ``log_scale`` draws the loss on a log scale.

    Returns the HTML text; pass ``path`` (e.g. ``"report.html"``) to save it.
    """
    layers = _layers(net)
    body = ["<h1>%s</h1>" % _esc(title)]
    if extra:
        body += _report_details(extra)
    sizes = [int(layers[0].n_in)] + [int(layer.n_out) for layer in layers]
    body += _report_summary(layers, sizes)
    if history is not None:
        body += _report_history(history, val_label, log_scale)
    if X is not None:
        body += _report_boundary(net, sizes, X, y, X_test, y_test, feature_names, class_names)
    body.append('<section id="network"><h2>Network diagram</h2>')
    body.append('<p class="note">Blue lines are positive weights, orange '
                'ones negative; thicker lines are larger weights.</p>')
    body.append(svg_network(net, feature_names=feature_names, class_names=class_names))
    body.append("</section>")
    body.append("<footer>Made with tinynet, a pure-Python neural network "
                "library.</footer>")

    html = _html_page(title, _CSS, body)
    _write(html, path)
    return html


def _report_details(extra):
    """The report's "Details" section: one line per entry of ``extra``."""
    body = ['<section id="details"><h2>Details</h2><dl>']
    for k, v in extra.items():
        body.append("<dt>%s</dt><dd>%s</dd>" % (_esc(k), _esc(_fmt_extra(v))))
    body.append("</dl></section>")
    return body


def _report_summary(layers, sizes):
    """The report's "Network summary" section: the sizes and the table of layers."""
    table, total = _layer_table(layers)
    return ['<section id="summary"><h2>Network summary</h2>',
            '<p>%s network, %d layer%s, %d trainable parameters.</p>'
            % (" &#8594; ".join(str(s) for s in sizes), len(layers),
               "" if len(layers) == 1 else "s", total),
            table,
            "</section>"]


def _report_history(history, val_label, log_scale):
    """The report's "Training history" section: the chart, the last epoch's values, the table."""
    hist = _history_dict(history)
    n = _history_len(hist)
    body = ['<section id="history"><h2>Training history</h2>']
    try:
        body.append(svg_loss_curve(hist, width=900, height=380, log_scale=log_scale,
                                   val_label=val_label))
    except ValueError as exc:
        body.append('<p class="note">No chart: %s</p>' % _esc(exc))
    final = []
    for k in _TABLE_KEYS[:4]:
        pts = _points(hist, k)
        if pts:
            final.append("%s %s" % (k, _short(pts[-1][1])))
    if final:
        body.append('<p class="note">Last epoch: %s.</p>'
                    % _esc(", ".join(final)))
    body.append("<details%s><summary>History table (%d epoch%s)</summary>"
                % (' open="open"' if n <= 30 else "", n, "" if n == 1 else "s"))
    body.append(history_html_table(hist))
    body.append("</details></section>")
    return body


def _report_boundary(net, sizes, X, y, X_test, y_test, feature_names, class_names):
    """The report's "Decision boundary" section (or why it is not drawn), with the accuracies."""
    rows = [list(r) for r in X]
    test_rows = [list(r) for r in X_test] if X_test is not None else []
    labels = test_labels = None
    if y is not None:
        try:
            labels = _labels(y, len(rows), "html_report")
            if test_rows and y_test is not None:
                test_labels = _labels(y_test, len(test_rows), "html_report")
        except ValueError:
            labels = test_labels = None  # e.g. regression targets: no classes to colour
    body = ['<section id="boundary"><h2>Decision boundary</h2>']
    n_feat = len(rows[0]) if rows else 0
    if n_feat == 2 and sizes[0] == 2:
        body.append(svg_decision_boundary(
            net, rows, labels, feature_names=feature_names, class_names=class_names,
            X_test=test_rows or None, y_test=test_labels))
    elif n_feat != 2:
        body.append('<p class="note">Not drawn: the inputs have %d '
                    'features, and only 2-D inputs can be drawn as a '
                    'map.</p>' % n_feat)
    else:
        body.append('<p class="note">Not drawn: the network expects %d '
                    'inputs, but X has 2 features.</p>' % sizes[0])
    if labels is not None and rows and n_feat == sizes[0]:
        notes = [_accuracy_note(net, rows, labels, "training" if test_rows else "")]
        if test_rows:
            notes.append(_accuracy_note(net, test_rows, test_labels, "test"))
        text = "; ".join(n for n in notes if n).replace("  ", " ")
        body.append('<p class="note">%s%s. Circles are the points the network trained on%s.</p>'
                    % (text[0].upper(), _esc(text[1:]),
                       ", diamonds the test points it never saw" if test_rows else ""))
    body.append("</section>")
    return body


def _html_page(title: str, css: str, body: list) -> str:
    """A whole HTML page: doctype, head with ``title`` and inline ``css``, then ``body`` lines."""
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        "<title>%s</title>" % _esc(title),
        "<style>%s</style>" % css,
        "</head>",
        "<body>",
    ] + body + ["</body>", "</html>", ""])


# ---------------------------------------------------------------------------
# Replay: a slider over the epochs of a training run
# ---------------------------------------------------------------------------

#: at most this many epochs are drawn (evenly chosen from the snapshots, first and last kept)
REPLAY_FRAMES = 60

_REPLAY_SCRIPT = """
(function () {
  var slider = document.getElementById("replay-slider");
  var frames = document.querySelectorAll(".frame");
  var label = document.getElementById("replay-epoch");
  var marker = document.getElementById("replay-marker");
  function show(i) {
    for (var k = 0; k < frames.length; k++) {
      frames[k].style.display = (k === i) ? "" : "none";
    }
    var f = frames[i];
    label.textContent = f.getAttribute("data-label");
    marker.setAttribute("x1", f.getAttribute("data-x"));
    marker.setAttribute("x2", f.getAttribute("data-x"));
    document.body.setAttribute("data-frame", String(i));
  }
  slider.addEventListener("input", function () { show(parseInt(slider.value, 10)); });
  var wanted = /epoch=(\\d+)/.exec(window.location.hash);
  if (wanted) {
    var epoch = parseInt(wanted[1], 10), best = 0;
    for (var k = 0; k < frames.length; k++) {
      var e = parseInt(frames[k].getAttribute("data-epoch"), 10);
      var b = parseInt(frames[best].getAttribute("data-epoch"), 10);
      if (Math.abs(e - epoch) < Math.abs(b - epoch)) { best = k; }
    }
    slider.value = String(best);
    slider.dispatchEvent(new Event("input"));
  } else {
    show(parseInt(slider.value, 10));
  }
})();
"""

_REPLAY_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #222; margin: 1.5em auto; max-width: 1180px; padding: 0 1em; }
h1 { font-size: 1.5em; margin: 0 0 0.3em 0; }
.controls { display: flex; align-items: center; gap: 1em; margin: 0.6em 0 1em 0; }
.controls input { flex: 1; }
#replay-epoch { font-variant-numeric: tabular-nums; min-width: 22em; font-weight: 600; }
.pictures { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
svg { display: block; max-width: 100%; height: auto; }
.note { color: #555; font-size: 0.9em; }
"""


def _chosen(snapshots: list) -> list:
    """At most REPLAY_FRAMES snapshots, evenly spread, always the first and the last."""
    n = len(snapshots)
    if n <= REPLAY_FRAMES:
        return list(snapshots)
    picks = sorted({round(i * (n - 1) / (REPLAY_FRAMES - 1)) for i in range(REPLAY_FRAMES)})
    return [snapshots[i] for i in picks]


def _losses(net: object, snapshots: list) -> list:
    """(epoch, loss) pairs for the loss curve: the history's, else the snapshots' own."""
    history = getattr(net, "history", None)
    if history is not None and len(history) and "loss" in history:
        return [(e, v) for e, v in zip(history.epoch, history["loss"]) if v is not None]
    return [(s.epoch, s.logs["loss"]) for s in snapshots if s.logs.get("loss") is not None]


def _loss_svg(points: list, width: int = 420, height: int = 300) -> tuple:
    """A small loss chart with a movable marker; returns (svg, epoch -> x function)."""
    left, right, top, bottom = 56, 16, 34, 44
    pw, ph = width - left - right, height - top - bottom
    epochs = [e for e, _ in points] or [0, 1]
    e0, e1 = min(epochs + [0]), max(epochs + [1])
    values = [v for _, v in points] or [0.0, 1.0]
    lo, hi, step = _nice_range(min(0.0, min(values)), max(values))
    room = 0.04 * (hi - lo)

    def sx(e: float) -> float:
        return left + (e - e0) / float(e1 - e0) * pw

    def sy(v: float) -> float:
        return top + (hi + room - v) / (hi - lo + 2 * room) * ph

    out = _svg_open(width, height, "Loss per epoch")
    out.append(_text(left, 20, "Loss per epoch", size=13, weight="bold"))
    for t in _ticks(lo, hi, step):
        out.append(_line(left, sy(t), left + pw, sy(t), GRID_COLOR))
        out.append(_text(left - 6, sy(t) + 4, _tick_label(t, step), size=11,
                                  anchor="end", color=MUTED))
    out.append(_line(left, top, left, top + ph, INK))
    out.append(_line(left, top + ph, left + pw, top + ph, INK))
    for e in (e0, e1):
        out.append(_text(sx(e), top + ph + 16, str(e), size=11, anchor="middle",
                                  color=MUTED))
    out.append(_text(left + pw / 2, top + ph + 32, "epoch", size=11, anchor="middle",
                              color=MUTED))
    thin = _thin(points, max(2, int(pw)))
    if len(thin) > 1:
        out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (
            TRAIN_COLOR,
            " ".join("%s,%s" % (_num(sx(e)), _num(sy(v))) for e, v in thin)))
    out.append('<line id="replay-marker" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" '
               'stroke-width="2" stroke-dasharray="4 3"/>' % (
                   _num(sx(e1)), _num(top), _num(sx(e1)),
                   _num(top + ph), VAL_COLOR))
    out.append("</svg>")
    return "\n".join(out), sx


def _replay_frame(twin, snap, sx, X, y, resolution, feature_names, class_names):
    """One epoch of the replay: ``twin`` gets the snapshot's weights and is drawn (boundary if ``X``)."""
    snap.apply_to(twin)
    pictures = []
    if X is not None:
        pictures.append(svg_decision_boundary(
            twin, X, y, resolution=resolution, feature_names=feature_names,
            class_names=class_names))
    pictures.append(svg_network(twin, feature_names=feature_names,
                                class_names=class_names))
    loss = snap.logs.get("loss")
    label = "epoch %d" % snap.epoch + ("" if loss is None else ", loss %s" % _short(loss))
    if snap.epoch == 0:
        label = "epoch 0 (the starting weights)"
    return ('<div class="frame" data-epoch="%d" data-x="%s" data-label="%s" '
            'data-testid="replay-frame">%s</div>'
            % (snap.epoch, _num(sx(snap.epoch)), _esc(label), "\n".join(pictures)))


def html_replay(net: object, snapshots: object, X: "list | None" = None, y: "list | None" = None,
                path: "str | None" = None, feature_names: "list | None" = None,
                class_names: "list | None" = None, title: str = "tinynet: training replay",
                resolution: int = 50) -> str:
    """One self-contained HTML page that replays training with a slider over the epochs.

    Args:
        net: the trained network (it is not changed; copies get each
            snapshot's weights).
        snapshots: a :class:`~tinynet.callbacks.Snapshots` callback that was
            passed to ``fit`` (or a list of its snapshots).
        X, y: 2-D inputs and class labels to draw the decision boundary
            over (leave out, or give data with other than 2 features, to show
            only the network and the loss).
        path: where to save the page (written atomically), or None.
        feature_names, class_names: labels for axes, legends, inputs and outputs.
        resolution: grid cells per side of each boundary picture.

    Returns the HTML text. At most :data:`REPLAY_FRAMES` epochs are drawn.

    >>> from tinynet import Network, Dense
    >>> from tinynet.callbacks import Snapshots
    >>> net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)
    >>> snaps = Snapshots(every=5)
    >>> _ = net.fit([[0, 0], [1, 1]], [0, 1], epochs=10, verbose=0, callbacks=[snaps])
    >>> page = html_replay(net, snaps, [[0, 0], [1, 1]], [0, 1])
    >>> page.count('data-testid="replay-frame"')
    3
    """
    frames = _chosen(list(snapshots))
    if not frames:
        raise ValueError("no snapshots to replay: pass Snapshots(every=k) to fit(callbacks=[...]) first")
    drawable = X is not None and len(X) and len(list(X)[0]) == 2 and net.layers[0].n_in == 2
    loss_svg, sx = _loss_svg(_losses(net, frames))
    twin = copy.deepcopy(net)
    parts = [_replay_frame(twin, snap, sx, X if drawable else None, y, resolution, feature_names,
                           class_names) for snap in frames]
    last = len(frames) - 1
    html = _html_page(title, _REPLAY_CSS, [
        "<h1>%s</h1>" % _esc(title),
        '<p class="note">Move the slider (or use the arrow keys) to watch the network learn: '
        'the decision boundary and the weights of each kept epoch, and where that epoch is on '
        'the loss curve. %d epochs kept.</p>' % len(frames),
        '<div class="controls"><label for="replay-slider">epoch</label>'
        '<input type="range" id="replay-slider" data-testid="replay-slider" min="0" max="%d" '
        'step="1" value="%d"/><span id="replay-epoch" data-testid="replay-epoch"></span></div>'
        % (last, last),
        '<div class="pictures"><div class="loss">%s</div><div class="frames">%s</div></div>'
        % (loss_svg, "\n".join(parts)),
        "<script>%s</script>" % _REPLAY_SCRIPT,
    ])
    _write(html, path)
    return html
