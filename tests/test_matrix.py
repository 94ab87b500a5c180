"""tinynet.matrix.Matrix: shapes, products, element-wise maths and its input checks."""

import math

import pytest

from tinynet.matrix import Matrix

A = [[1, 2, 3], [4, 5, 6]]          # 2x3
B = [[7, 8], [9, 10], [11, 12]]     # 3x2


# ------------------------------------------------------------------ building


def test_shape_and_float_conversion():
    m = Matrix(A)
    assert m.shape == (2, 3)
    assert Matrix([[5]]).shape == (1, 1)
    assert Matrix([[1, 2, 3, 4]]).shape == (1, 4)
    assert Matrix([[1], [2], [3]]).shape == (3, 1)
    assert all(type(v) is float for row in m.rows for v in row)
    assert m.rows == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    assert len(m) == 2 and m[1] == [4.0, 5.0, 6.0]


def test_tuples_and_matrix_copy_are_accepted():
    assert Matrix(((1, 2), (3, 4))).rows == [[1.0, 2.0], [3.0, 4.0]]
    m = Matrix(A)
    assert Matrix(m) == m


def test_input_lists_are_copied():
    data = [[1, 2], [3, 4]]
    m = Matrix(data)
    data[0][0] = 99
    assert m.rows[0][0] == 1.0
    out = m.tolist()
    out[0][0] = 99
    assert m.rows[0][0] == 1.0


def test_zeros_and_column():
    assert Matrix.zeros(2, 3).rows == [[0.0] * 3, [0.0] * 3]
    assert Matrix.column([0, 1, 1]).rows == [[0.0], [1.0], [1.0]]
    with pytest.raises(ValueError, match="0x3"):
        Matrix.zeros(0, 3)


def test_equality():
    assert Matrix(A) == Matrix([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert Matrix(A) != Matrix([[1, 2, 3], [4, 5, 7]])
    assert (Matrix(A) == A) is False  # NotImplemented for non-matrices -> identity comparison


# ------------------------------------------------------------------ products


def test_matmul_hand_computed():
    # [1 2 3] . [7 9 11]^T = 7 + 18 + 33 = 58 ; [1 2 3] . [8 10 12] = 8 + 20 + 36 = 64
    # [4 5 6] . [7 9 11] = 28 + 45 + 66 = 139 ; [4 5 6] . [8 10 12] = 32 + 50 + 72 = 154
    product = Matrix(A) @ Matrix(B)
    assert product.shape == (2, 2)
    assert product.rows == [[58.0, 64.0], [139.0, 154.0]]
    # and the other way round: 3x2 @ 2x3 -> 3x3
    other = Matrix(B).matmul(A)  # a plain list is accepted as the right operand
    assert other.rows == [
        [7 * 1 + 8 * 4, 7 * 2 + 8 * 5, 7 * 3 + 8 * 6],
        [9 * 1 + 10 * 4, 9 * 2 + 10 * 5, 9 * 3 + 10 * 6],
        [11 * 1 + 12 * 4, 11 * 2 + 12 * 5, 11 * 3 + 12 * 6],
    ]


def test_matmul_vector_and_identity():
    assert (Matrix([[1, 2], [3, 4]]) @ Matrix([[1], [1]])).rows == [[3.0], [7.0]]
    eye = Matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert Matrix(A) @ eye == Matrix(A)


def test_matmul_adds_left_to_right():
    # (1e16 + 1) - 1e16 is 0 in floats when added left to right; a compensated
    # or reordered sum would give 1.0.
    m = Matrix([[1e16, 1.0, -1e16]]) @ Matrix([[1.0], [1.0], [1.0]])
    assert m.rows == [[0.0]]


def test_matmul_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError) as info:
        Matrix(A) @ Matrix([[1, 2], [3, 4]])
    message = str(info.value)
    assert "2x3" in message and "2x2" in message


def test_transpose():
    t = Matrix(A).T
    assert t.shape == (3, 2)
    assert t.rows == [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]
    assert Matrix(A).transpose() == t
    assert t.T == Matrix(A)
    assert Matrix([[1, 2, 3]]).T.rows == [[1.0], [2.0], [3.0]]


def test_product_transpose_identity():
    # (A B)^T == B^T A^T, exactly (small integers)
    assert (Matrix(A) @ Matrix(B)).T == Matrix(B).T @ Matrix(A).T


# ---------------------------------------------------------------- element-wise


def test_map():
    m = Matrix(A).map(lambda v: v * v - 1)
    assert m.rows == [[0.0, 3.0, 8.0], [15.0, 24.0, 35.0]]
    assert Matrix(A).rows == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]  # unchanged


def test_elementwise_with_matrices():
    other = [[10, 20, 30], [40, 50, 60]]
    assert (Matrix(A) + Matrix(other)).rows == [[11.0, 22.0, 33.0], [44.0, 55.0, 66.0]]
    assert (Matrix(other) - Matrix(A)).rows == [[9.0, 18.0, 27.0], [36.0, 45.0, 54.0]]
    assert (Matrix(A) * Matrix(other)).rows == [[10.0, 40.0, 90.0], [160.0, 250.0, 360.0]]
    assert (Matrix(A) + other).rows == [[11.0, 22.0, 33.0], [44.0, 55.0, 66.0]]


def test_elementwise_with_scalars():
    assert (Matrix(A) * 2).rows == [[2.0, 4.0, 6.0], [8.0, 10.0, 12.0]]
    assert (2 * Matrix(A)).rows == [[2.0, 4.0, 6.0], [8.0, 10.0, 12.0]]
    assert (Matrix(A) + 0.5).rows == [[1.5, 2.5, 3.5], [4.5, 5.5, 6.5]]
    assert (0.5 + Matrix(A)).rows == [[1.5, 2.5, 3.5], [4.5, 5.5, 6.5]]
    assert (Matrix(A) - 1).rows == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]


@pytest.mark.parametrize("op, word", [
    (lambda a, b: a + b, "add"),
    (lambda a, b: a - b, "subtract"),
    (lambda a, b: a * b, "multiply"),
])
def test_elementwise_shape_mismatch_names_both_shapes(op, word):
    with pytest.raises(ValueError) as info:
        op(Matrix(A), Matrix(B))
    message = str(info.value)
    assert "2x3" in message and "3x2" in message and word in message


def test_add_row_adds_to_every_row():
    assert Matrix(A).add_row([10, 20, 30]).rows == [[11.0, 22.0, 33.0], [14.0, 25.0, 36.0]]
    with pytest.raises(ValueError) as info:
        Matrix(A).add_row([1, 2])
    assert "2 values" in str(info.value) and "2x3" in str(info.value)
    with pytest.raises(ValueError):
        Matrix(A).add_row([1, float("nan"), 3])
    with pytest.raises(TypeError):
        Matrix(A).add_row([1, "2", 3])


def test_column_sums():
    assert Matrix(A).column_sums() == [5.0, 7.0, 9.0]
    assert Matrix([[1.5], [-2.5], [4.0]]).column_sums() == [3.0]
    # added top to bottom: (1e16 + 1) + (-1e16) == 0.0
    assert Matrix([[1e16], [1.0], [-1e16]]).column_sums() == [0.0]


def test_layer_computation_inputs_weights_bias():
    # the documented use: outputs = inputs @ weights + bias
    inputs = Matrix([[1, 0], [0, 1], [1, 1]])
    weights = Matrix([[0.5, -1.0, 2.0], [1.5, 3.0, -2.0]])
    out = (inputs @ weights).add_row([0.25, 0.0, -1.0])
    assert out.rows == [[0.75, -1.0, 1.0], [1.75, 3.0, -3.0], [2.25, 2.0, -1.0]]


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize("rows", [[], (), [[]], [[], []]])
def test_empty_raises(rows):
    with pytest.raises(ValueError, match="empty|non-empty"):
        Matrix(rows)


def test_not_a_list_raises():
    with pytest.raises(ValueError):
        Matrix(5)
    with pytest.raises(ValueError):
        Matrix(None)
    with pytest.raises(TypeError, match="row 1"):
        Matrix([[1, 2], 3])


def test_ragged_rows_raise_naming_the_row():
    with pytest.raises(ValueError) as info:
        Matrix([[1, 2], [3, 4], [5]])
    message = str(info.value)
    assert "row 2" in message and "1 values" in message and "2" in message


@pytest.mark.parametrize("bad", ["1", None, {"a": 1}, [1], True, False, 1j])
def test_non_numeric_entries_raise_naming_the_entry(bad):
    with pytest.raises(TypeError) as info:
        Matrix([[1, 2], [3, bad]])
    assert "[1][1]" in str(info.value)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_entries_raise_naming_the_entry(bad):
    with pytest.raises(ValueError) as info:
        Matrix([[1, 2], [bad, 4]])
    assert "[1][0]" in str(info.value)


def test_scalar_ops_reject_non_finite_results_only_as_entries():
    # a NaN scalar turns into NaN entries; the matrix built from them must refuse
    with pytest.raises(ValueError):
        Matrix(A) * float("nan")


def test_numpy_array_is_accepted():
    np = pytest.importorskip("numpy")
    m = Matrix(np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert m.rows == [[1.0, 2.0], [3.0, 4.0]]
    assert all(type(v) is float for row in m.rows for v in row)
    with pytest.raises(ValueError):
        Matrix(np.array([[1.0, math.nan]]))
