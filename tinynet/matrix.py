"""A tiny matrix made of a list of lists: everything a network needs, nothing more.

A matrix with 2 rows and 3 columns is ``[[1, 2, 3], [4, 5, 6]]``: its shape is
``(2, 3)``. A layer of neurons computes ``inputs @ weights + bias``:

* ``inputs``: one row per sample, one column per input feature;
* ``weights``: one row per input, one column per neuron;
* the result: one row per sample, one column per neuron.

>>> a = Matrix([[1, 2], [3, 4]])
>>> (a @ Matrix([[1], [1]])).rows
[[3.0], [7.0]]
>>> a.T.rows
[[1.0, 3.0], [2.0, 4.0]]

This is the matrix the pure-Python training loop (``tinynet.backends.python``)
computes with.  Its arithmetic follows one rule, so that the compiled loop
can give the very same bits: every dot product starts at 0.0 and adds its
products in increasing index, and column sums add the rows top to bottom
(explicit loops, never ``sum()``).  The checked constructor is for people;
:meth:`Matrix.wrap` is for the loop's own numbers (no copy, no check).
"""

from .inputs import finite_number

__all__ = ["Matrix"]


class Matrix:
    """A rectangular grid of floats stored as a list of row lists (``.rows``)."""

    __slots__ = ("rows",)

    def __init__(self, rows: object) -> None:
        """Build a matrix from a list of equal-length rows of numbers."""
        if isinstance(rows, Matrix):
            rows = rows.rows
        if hasattr(rows, "tolist"):
            rows = rows.tolist()
        if not isinstance(rows, (list, tuple)) or not rows:
            raise ValueError("a matrix needs a non-empty list of rows")
        checked = []
        width = None
        for i, row in enumerate(rows):
            if not isinstance(row, (list, tuple)):
                raise TypeError("row %d is %r, not a list of numbers" % (i, row))
            if width is None:
                width = len(row)
                if width == 0:
                    raise ValueError("matrix rows must not be empty")
            elif len(row) != width:
                raise ValueError("row %d has %d values but row 0 has %d" % (i, len(row), width))
            checked.append([finite_number(v, "entry [%d][%d]" % (i, j), False) for j, v in enumerate(row)])
        self.rows = checked

    # ------------------------------------------------------------ construction

    @classmethod
    def wrap(cls, rows: "list[list[float]]") -> "Matrix":
        """A matrix around ``rows`` as they are: no copy, no check.

        For numbers that are already floats in equal-length rows, such as a
        training loop's own results (which may be NaN once training diverges).
        """
        m = object.__new__(cls)
        m.rows = rows
        return m

    @classmethod
    def zeros(cls, n_rows: int, n_cols: int) -> "Matrix":
        """A matrix of the given shape filled with 0.0."""
        if n_rows < 1 or n_cols < 1:
            raise ValueError("shape must be at least 1x1, got %dx%d" % (n_rows, n_cols))
        return cls([[0.0] * n_cols for _ in range(n_rows)])

    @classmethod
    def column(cls, values: object) -> "Matrix":
        """A one-column matrix from a flat list, e.g. targets ``[0, 1, 1, 0]``."""
        return cls([[v] for v in values])

    # ------------------------------------------------------------- inspection

    @property
    def shape(self) -> "tuple[int, int]":
        """``(number of rows, number of columns)``."""
        return (len(self.rows), len(self.rows[0]))

    def tolist(self) -> "list[list[float]]":
        """A fresh list-of-lists copy of the entries."""
        return [list(row) for row in self.rows]

    def __eq__(self, other):
        if not isinstance(other, Matrix):
            return NotImplemented
        return self.rows == other.rows

    def __repr__(self):
        return "Matrix(%r)" % (self.rows,)

    def __getitem__(self, index):
        return self.rows[index]

    def __len__(self):
        return len(self.rows)

    # ------------------------------------------------------------- operations

    def _check_same_shape(self, other, op):
        if self.shape != other.shape:
            raise ValueError(
                "cannot %s matrices of shapes %dx%d and %dx%d"
                % ((op,) + self.shape + other.shape)
            )

    def matmul(self, other: "Matrix") -> "Matrix":
        """Matrix product: entry (i, j) is the dot product of row i and column j.

        Each dot product starts at 0.0 and adds its terms left to right.
        """
        other = other if isinstance(other, Matrix) else Matrix(other)
        n, m = self.shape
        m2, p = other.shape
        if m != m2:
            raise ValueError(
                "cannot multiply a %dx%d matrix by a %dx%d matrix: the inner sizes %d and %d differ"
                % (n, m, m2, p, m, m2)
            )
        columns = list(zip(*other.rows))  # column j of other, as one sequence
        result = []
        for row in self.rows:
            out = []
            for column in columns:
                acc = 0.0
                for x, w in zip(row, column):  # k = 0, 1, ..., m - 1 in turn
                    acc += x * w
                out.append(acc)
            result.append(out)
        return Matrix.wrap(result)

    __matmul__ = matmul

    @property
    def T(self) -> "Matrix":
        """The transpose: rows become columns."""
        return Matrix.wrap([list(col) for col in zip(*self.rows)])

    def transpose(self) -> "Matrix":
        """The transpose: rows become columns (same as ``.T``)."""
        return self.T

    def map(self, f: object) -> "Matrix":
        """A new matrix with ``f`` applied to every entry."""
        return Matrix([[f(v) for v in row] for row in self.rows])

    def apply(self, f: object) -> "Matrix":
        """``map`` without checking the results (the training loop's form)."""
        return Matrix.wrap([[f(v) for v in row] for row in self.rows])

    def _elementwise(self, other, f, op):
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            return Matrix([[f(v, other) for v in row] for row in self.rows])
        other = other if isinstance(other, Matrix) else Matrix(other)
        self._check_same_shape(other, op)
        return Matrix([[f(a, b) for a, b in zip(r1, r2)] for r1, r2 in zip(self.rows, other.rows)])

    def __add__(self, other):
        return self._elementwise(other, lambda a, b: a + b, "add")

    def __sub__(self, other):
        return self._elementwise(other, lambda a, b: a - b, "subtract")

    def __mul__(self, other):
        """Element-wise product (use ``@`` for the matrix product)."""
        return self._elementwise(other, lambda a, b: a * b, "multiply")

    __radd__ = __add__
    __rmul__ = __mul__

    def add_row(self, row: object) -> "Matrix":
        """Add ``row`` to every row: how a layer adds its bias to each sample."""
        row = [finite_number(v, "bias entry %d" % j, False) for j, v in enumerate(row)]
        if len(row) != self.shape[1]:
            raise ValueError(
                "cannot add a row of %d values to a %dx%d matrix" % ((len(row),) + self.shape)
            )
        return self.plus_row(row)

    def plus_row(self, row: "list[float]") -> "Matrix":
        """``add_row`` without checks, for a row of floats of the right length.

        Each entry gets exactly one addition: ``entry + row[j]``.
        """
        return Matrix.wrap([[a + b for a, b in zip(r, row)] for r in self.rows])

    def times(self, other: "Matrix") -> "Matrix":
        """Element-wise product with a matrix of the same shape, without checks."""
        return Matrix.wrap([[a * b for a, b in zip(r1, r2)] for r1, r2 in zip(self.rows, other.rows)])

    def scaled(self, factor: float) -> "Matrix":
        """Every entry times ``factor``, without checks."""
        return Matrix.wrap([[v * factor for v in row] for row in self.rows])

    def minus(self, other: "Matrix") -> "Matrix":
        """Element-wise difference with a matrix of the same shape, without checks."""
        return Matrix.wrap([[a - b for a, b in zip(r1, r2)] for r1, r2 in zip(self.rows, other.rows)])

    def column_sums(self) -> "list[float]":
        """Sum of each column (added top to bottom): used for bias gradients."""
        totals = [0.0] * self.shape[1]
        for row in self.rows:
            for j, v in enumerate(row):
                totals[j] += v
        return totals
