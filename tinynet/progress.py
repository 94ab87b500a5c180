"""A one-line progress display for training, quiet unless it helps.

On a terminal it redraws one line (epoch, loss, accuracy, validation figures,
time left). In a Jupyter notebook (an IPython kernel) it shows the same line
and a small live loss chart in one output that updates in place, through
IPython's own display machinery (used only when it is there; tinynet does not
need it). Printed to a file it stays silent, unless ``verbose=2`` asks for one
line per epoch.
"""

import sys

from ._compat import perf_counter

__all__ = ["Progress"]


def _format(figures):
    parts = []
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        value = figures.get(key)
        if value is not None:
            parts.append("%s %.4f" % (key, value))
    return "  ".join(parts)


def _duration(seconds):
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return "%ds" % seconds
    if seconds < 3600:
        return "%dm%02ds" % divmod(seconds, 60)
    return "%dh%02dm" % (seconds // 3600, seconds % 3600 // 60)


def _notebook_display():
    """IPython's ``display`` and ``HTML`` when running inside a notebook kernel, else None."""
    if "ipykernel" not in sys.modules:
        return None
    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return None
    return display, HTML


def _sparkline(losses: list, width: int = 240, height: int = 60) -> str:
    """A tiny SVG chart of the losses so far (the live chart in a notebook)."""
    if len(losses) < 2:
        return ""
    lo, hi = min(losses), max(losses)
    span = (hi - lo) or 1.0
    step = max(1, len(losses) // width)
    kept = losses[::step]
    points = " ".join("%.1f,%.1f" % (i * (width - 4) / max(1, len(kept) - 1) + 2,
                                     2 + (hi - v) / span * (height - 4)) for i, v in enumerate(kept))
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img">'
            '<title>loss per epoch</title><rect width="%d" height="%d" fill="#f7f7f7"/>'
            '<polyline fill="none" stroke="#0072B2" stroke-width="1.5" points="%s"/></svg>'
            % (width, height, width, height, points))


class Progress:
    """Shows how training goes. ``verbose``: 0 silent, 1 a live line on a
    terminal (or a live line and loss chart in a notebook), 2 one line per
    epoch wherever output goes."""

    def __init__(self, epochs: int, verbose: int = 1, stream: object = None) -> None:
        self.epochs = epochs
        self.stream = stream if stream is not None else sys.stdout
        isatty = getattr(self.stream, "isatty", None)
        on_terminal = bool(isatty and isatty())
        self.mode = 2 if verbose == 2 else (1 if verbose and on_terminal else 0)
        self.notebook = None
        if self.mode == 0 and verbose and stream is None:
            self.notebook = _notebook_display()
            if self.notebook is not None:
                self.mode = 3
        self.handle = None
        self.losses = []
        self.started = perf_counter()
        self.last_draw = 0.0
        self.width = 0

    def _draw_notebook(self, line: str) -> None:
        display, HTML = self.notebook
        html = HTML('<div class="tinynet-progress"><code>%s</code><br/>%s</div>'
                    % (line, _sparkline(self.losses)))
        if self.handle is None:
            self.handle = display(html, display_id=True)
        else:
            self.handle.update(html)

    def update(self, epoch: int, figures: dict) -> None:
        """Report that ``epoch`` (counted from 1) finished with ``figures``."""
        if self.mode == 0:
            return
        if self.mode == 3 and figures.get("loss") is not None:
            self.losses.append(figures["loss"])
        now = perf_counter()
        if self.mode == 2:
            self.stream.write("epoch %d/%d  %s\n" % (epoch, self.epochs, _format(figures)))
            self.stream.flush()
            return
        # redraw at most 20 times a second, and always on the last epoch
        if epoch != self.epochs and now - self.last_draw < 0.05:
            return
        self.last_draw = now
        elapsed = now - self.started
        left = elapsed / epoch * (self.epochs - epoch)
        line = "epoch %d/%d  %s  %s left" % (epoch, self.epochs, _format(figures), _duration(left))
        if self.mode == 3:
            self._draw_notebook(line)
            return
        pad = max(0, self.width - len(line))
        self.width = len(line)
        self.stream.write("\r" + line + " " * pad)
        self.stream.flush()

    def close(self) -> None:
        """End the live line so later output starts on a fresh line."""
        if self.mode == 1 and self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0
