"""A one-line progress display for training, quiet unless it helps.

On a terminal it redraws one line (epoch, loss, accuracy, validation figures,
time left); printed to a file or a notebook it stays silent, unless
``verbose=2`` asks for one line per epoch.
"""

import sys
import time

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


class Progress:
    """Shows how training goes. ``verbose``: 0 silent, 1 a live line on a
    terminal, 2 one line per epoch wherever output goes."""

    def __init__(self, epochs, verbose=1, stream=None):
        self.epochs = epochs
        self.stream = stream if stream is not None else sys.stdout
        isatty = getattr(self.stream, "isatty", None)
        on_terminal = bool(isatty and isatty())
        self.mode = 2 if verbose == 2 else (1 if verbose and on_terminal else 0)
        self.started = time.perf_counter()
        self.last_draw = 0.0
        self.width = 0

    def update(self, epoch, figures):
        """Report that ``epoch`` (counted from 1) finished with ``figures``."""
        if self.mode == 0:
            return
        now = time.perf_counter()
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
        pad = max(0, self.width - len(line))
        self.width = len(line)
        self.stream.write("\r" + line + " " * pad)
        self.stream.flush()

    def close(self):
        """End the live line so later output starts on a fresh line."""
        if self.mode == 1 and self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0
