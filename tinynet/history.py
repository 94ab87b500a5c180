"""The record of a training run: one row of figures per epoch.

``net.fit(...)`` returns a :class:`History`. Its ``history`` dict holds a list
per figure, as Keras does: ``history.history["loss"][-1]`` is the last epoch's
training loss. ``print(history)`` shows a table.

The network keeps one history for its whole life, ``net.history``: a second
``fit`` call goes on where the first stopped, with epoch numbers running on
(ten calls of ``fit(epochs=1)`` leave ten epochs in it, numbered 1 to 10).
Each ``fit`` call returns the part it added (as Keras does). To start
afresh, call ``net.reset_history()``.
"""

__all__ = ["History"]

_COLUMNS = ("loss", "accuracy", "val_loss", "val_accuracy", "lr")


class History:
    """Per-epoch figures of a training run.

    Attributes:
        history: dict of lists, keys ``loss``, ``accuracy``, ``val_loss``,
            ``val_accuracy`` and ``lr``; accuracy entries are ``None`` where
            accuracy does not apply (regression), validation entries are
            present only when validation data was given.
        epoch: the epoch numbers, counted from 1.
        stopped_early: True when early stopping (``patience``, or a callback
            setting ``net.stop_training``) ended the last ``fit`` call.
        best_epoch: with early stopping (``patience``), the epoch with the
            lowest validation loss, whose weights the network keeps.
        seconds: how long the training took (all ``fit`` calls together).
        epoch_seconds: how long each epoch took, one number per epoch
            (``None`` for epochs read back from a saved model).
    """

    def __init__(self, keys: "tuple | list" = ("loss", "accuracy", "lr")) -> None:
        self.history = {key: [] for key in keys}
        self.epoch = []
        self.stopped_early = False
        self.best_epoch = None
        self.seconds = 0.0
        self.epoch_seconds = []

    def append(self, epoch: int, seconds: "float | None" = None, **figures: "float | None") -> None:
        """Record one epoch's figures (and how many ``seconds`` it took).

        A figure this history has not seen before gets ``None`` for the
        earlier epochs; a figure left out this time gets ``None`` for this one.
        """
        done = len(self.epoch)
        self.epoch.append(epoch)
        self.epoch_seconds.append(seconds)
        for key, value in figures.items():
            values = self.history.get(key)
            if values is None:  # a new figure: None for the epochs before it
                values = self.history[key] = [None] * done
            values.append(value)
        for key, values in self.history.items():
            if key not in figures:
                values.append(None)

    def continued(self, keys: "tuple | list") -> "History":
        """A copy of this history, ready to record more epochs with ``keys``.

        ``fit`` trains into such a copy, so the network's own history changes
        only when the new epochs are finished.
        """
        copy = History(())
        copy.history = {key: list(values) for key, values in self.history.items()}
        done = len(self.epoch)
        for key in keys:
            copy.history.setdefault(key, [None] * done)
        copy.epoch = list(self.epoch)
        seconds = list(self.epoch_seconds)[:done]
        copy.epoch_seconds = seconds + [None] * (done - len(seconds))
        copy.seconds = self.seconds
        return copy

    def since(self, rows: int) -> "History":
        """A new history of the epochs from row ``rows`` on (what one ``fit`` call added)."""
        part = History(())
        part.history = {key: values[rows:] for key, values in self.history.items()}
        part.epoch = self.epoch[rows:]
        part.epoch_seconds = self.epoch_seconds[rows:]
        part.stopped_early, part.best_epoch = self.stopped_early, self.best_epoch
        return part

    @property
    def last_epoch(self) -> int:
        """The number of the last recorded epoch (0 before any)."""
        return self.epoch[-1] if self.epoch else 0

    def truncate(self, epochs: int) -> None:
        """Keep only the first ``epochs`` rows (undoes an epoch that did not finish,
        even one whose row was only partly written)."""
        del self.epoch[epochs:]
        del self.epoch_seconds[epochs:]
        for values in self.history.values():
            del values[epochs:]

    def __getitem__(self, key):
        return self.history[key]

    def __contains__(self, key):
        return key in self.history

    def __len__(self):
        return len(self.epoch)

    def as_dict(self) -> dict:
        """A plain dict copy (lists of floats), e.g. to save as JSON."""
        return {key: list(values) for key, values in self.history.items()}

    def columns(self) -> "list[str]":
        """The figure names this run recorded, in table order."""
        return [key for key in _COLUMNS if key in self.history] + sorted(
            key for key in self.history if key not in _COLUMNS
        )

    def to_table(self, max_rows: int = 20) -> str:
        """The history as a text table; long runs show their first and last epochs."""
        columns = self.columns()
        header = ["epoch"] + columns
        rows = []
        for i, epoch in enumerate(self.epoch):
            row = [str(epoch)]
            for key in columns:
                value = self.history[key][i]
                row.append("-" if value is None else "%.6g" % value)
            rows.append(row)
        if max_rows and len(rows) > max_rows:
            half = max_rows // 2
            rows = rows[:half] + [["..."] * len(header)] + rows[-half:]
        widths = [max(len(r[c]) for r in [header] + rows) for c in range(len(header))]
        lines = ["  ".join(cell.rjust(w) for cell, w in zip(r, widths)) for r in [header] + rows]
        return "\n".join(lines)

    def __str__(self):
        if not self.epoch:
            return "History (no epochs yet)"
        return self.to_table()

    def __repr__(self):
        last = ""
        if self.epoch and self.history.get("loss"):
            last = ", last loss %.6g" % self.history["loss"][-1]
        return "<History: %d epochs%s>" % (len(self.epoch), last)

    def _repr_svg_(self):
        if not self.epoch:
            return None
        from .plotting import history_svg

        return history_svg(self)

    def _repr_html_(self):
        if not self.epoch:
            return None
        from .plotting import history_html_table, history_svg

        return (history_svg(self) + "<details><summary>History table (%d epochs)</summary>"
                % len(self.epoch) + history_html_table(self) + "</details>")
