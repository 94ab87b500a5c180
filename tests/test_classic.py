"""Tests for tinynet.classic: the pure-Python port of the classic NumPy tutorials.

Most tests compare against numbers RECORDED from real runs of the NumPy
tutorial programs (NumPy 2.4.6, CPython 3.11, x86-64), so they run without
NumPy.  When NumPy is installed, extra tests also run the NumPy programs live.
"""

import math
import os
import subprocess
import sys

import pytest

from tinynet.classic import (
    FOLLOW_UP_INPUTS,
    FOLLOW_UP_OUTPUTS,
    TUTORIAL_INPUTS,
    TUTORIAL_OUTPUTS,
    NeuralNetwork,
    NeuronLayer,
    TwoLayerNeuralNetwork,
    init_genrand,
    numpy_seeded_random,
    run_follow_up,
    run_tutorial,
    sigmoid,
    sigmoid_derivative,
)

REL = 1e-9  # "agree to at least 9 significant digits"

# --- Numbers recorded from the NumPy tutorial programs (NumPy 2.4.6) --------
# np.random.seed(1); 2 * np.random.random((3, 1)) - 1
NUMPY_START_WEIGHTS = [-0.165955990594852, 0.4406489868843162, -0.9997712503653102]
# np.random.seed(1); np.random.random(5)
NUMPY_SEED1_DRAWS = [0.417022004702574, 0.7203244934421581, 0.00011437481734488664,
                     0.30233257263183977, 0.14675589081711304]
# The first tutorial's NeuralNetwork after train(..., 10000) / train(..., 15000):
# (synaptic_weights.ravel(), think(array([1, 0, 0]))[0])
NUMPY_TUTORIAL = {
    10000: ([9.672993027736892, -0.20784349926631962, -4.62963668773159],
            0.9999370428352157),
    15000: ([10.087408960563154, -0.2069536618062991, -4.83757834715658],
            0.9999584016709994),
}
# The follow-up (3-4-1) program: random.seed(1); NeuronLayer(4, 3); NeuronLayer(1, 4)
NUMPY_FOLLOW_UP_START_W1 = [
    [-0.165955990594852, 0.4406489868843162, -0.9997712503653102, -0.39533485473632046],
    [-0.7064882183657739, -0.8153228104624044, -0.6274795772446582, -0.3088785459139045],
    [-0.20646505153866013, 0.07763346800671389, -0.1616109711934104, 0.370439000793519]]
NUMPY_FOLLOW_UP_START_W2 = [[-0.5910955005369651], [0.7562348727818908],
                            [-0.9452248136041477], [0.34093502035680445]]
# ... and after train(..., 60000):
NUMPY_FOLLOW_UP_W1 = [
    [0.31224649514199765, 4.577040625465079, -6.153299162478005, -8.758349244335538],
    [0.1967693305668187, -8.749755483166359, -6.16381870234424, 4.407205013834057],
    [-0.033270738258561375, -0.5827299487804419, 0.0831918376784847, -0.3978763493609861]]
NUMPY_FOLLOW_UP_W2 = [[-8.188509250177324], [10.132107057234917],
                      [-21.335327962227097], [9.909351107675114]]
# think(array([1, 1, 0]))[1][0]; the published printout is [ 0.0078876]
NUMPY_FOLLOW_UP_PREDICTION = 0.007887604376495466


def assert_close(got, expected, rel=REL):
    """Compare (nested) lists of floats to a relative tolerance."""
    if isinstance(expected, (list, tuple)):
        assert len(got) == len(expected), (got, expected)
        for g, e in zip(got, expected):
            assert_close(g, e, rel)
    else:
        assert isinstance(got, float), got
        assert got == pytest.approx(expected, rel=rel, abs=0), (got, expected)


def column(values):
    return [[v] for v in values]


# --- NumPy versions of the tutorial programs (only used when NumPy exists) --

def numpy_tutorial(iterations):
    np = pytest.importorskip("numpy")
    np.random.seed(1)
    weights = 2 * np.random.random((3, 1)) - 1
    start = weights.copy()

    def think(inputs):
        return 1 / (1 + np.exp(-np.dot(inputs, weights)))

    x = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]])
    y = np.array([[0, 1, 1, 0]]).T
    for _ in range(iterations):
        output = think(x)
        error = y - output
        weights += np.dot(x.T, error * (output * (1 - output)))
    return start.tolist(), weights.tolist(), think(np.array([1, 0, 0])).tolist()


def numpy_follow_up(iterations):
    np = pytest.importorskip("numpy")
    np.random.seed(1)
    w1 = 2 * np.random.random((3, 4)) - 1
    w2 = 2 * np.random.random((4, 1)) - 1

    def sig(v):
        return 1 / (1 + np.exp(-v))

    def think(inputs):
        out1 = sig(np.dot(inputs, w1))
        return out1, sig(np.dot(out1, w2))

    x = np.array(FOLLOW_UP_INPUTS)
    y = np.array([[0, 1, 1, 1, 1, 0, 0]]).T
    for _ in range(iterations):
        out1, out2 = think(x)
        layer2_delta = (y - out2) * (out2 * (1 - out2))
        layer1_error = layer2_delta.dot(w2.T)
        layer1_delta = layer1_error * (out1 * (1 - out1))
        adj1 = x.T.dot(layer1_delta)
        adj2 = out1.T.dot(layer2_delta)
        w1 += adj1
        w2 += adj2
    return w1.tolist(), w2.tolist(), think(np.array([1, 1, 0]))[1].tolist()


# --- Seeding ----------------------------------------------------------------

def test_init_genrand_matches_reference_mt19937():
    # Reference MT19937: after init_genrand(5489) the first 32-bit output is
    # 3499211612 (the well-known default-seed value from mt19937ar.c).
    state = init_genrand(5489)
    assert len(state) == 624 and state[0] == 5489
    import random
    r = random.Random()
    r.setstate((3, tuple(state) + (624,), None))
    assert r.getrandbits(32) == 3499211612


def test_numpy_seeded_random_matches_recorded_numpy_draws():
    r = numpy_seeded_random(1)
    assert [r.random() for _ in range(5)] == NUMPY_SEED1_DRAWS
    # Python's own random.seed(1) is different: that is the whole point.
    import random
    assert random.Random(1).random() != NUMPY_SEED1_DRAWS[0]


@pytest.mark.parametrize("seed", [0, 1, 2, 42, 12345, 2**32 - 1])
def test_numpy_seeded_random_matches_live_numpy(seed):
    np = pytest.importorskip("numpy")
    expected = np.random.RandomState(seed).random_sample(2000).tolist()
    r = numpy_seeded_random(seed)
    assert [r.random() for _ in range(2000)] == expected


@pytest.mark.parametrize("bad, error", [(-1, ValueError), (2**32, ValueError),
                                        (1.0, TypeError), ("1", TypeError), (True, TypeError)])
def test_bad_seed(bad, error):
    with pytest.raises(error):
        numpy_seeded_random(bad)


def test_initial_weights_exact():
    nn = NeuralNetwork()
    assert nn.synaptic_weights == column(NUMPY_START_WEIGHTS)
    assert NeuralNetwork(seed=1).synaptic_weights == column(NUMPY_START_WEIGHTS)
    assert NeuralNetwork(seed=2).synaptic_weights != column(NUMPY_START_WEIGHTS)
    # plain lists the learner can read: 3 rows of 1 float
    assert all(type(row) is list and len(row) == 1 for row in nn.synaptic_weights)


def test_follow_up_initial_weights_exact():
    nn = TwoLayerNeuralNetwork()
    assert nn.layer1.synaptic_weights == NUMPY_FOLLOW_UP_START_W1
    assert nn.layer2.synaptic_weights == NUMPY_FOLLOW_UP_START_W2
    # Same thing built by hand, tutorial style: one shared generator.
    r = numpy_seeded_random(1)
    layer1, layer2 = NeuronLayer(4, 3, r), NeuronLayer(1, 4, r)
    assert layer1.synaptic_weights == NUMPY_FOLLOW_UP_START_W1
    assert layer2.synaptic_weights == NUMPY_FOLLOW_UP_START_W2


# --- Tutorial 1 ---------------------------------------------------------------

@pytest.mark.parametrize("iterations", [10000, 15000])
def test_tutorial_matches_recorded_numpy_run(iterations):
    weights, prediction = NUMPY_TUTORIAL[iterations]
    nn = NeuralNetwork()
    nn.train(TUTORIAL_INPUTS, TUTORIAL_OUTPUTS, iterations)
    assert_close(nn.synaptic_weights, column(weights))
    result = nn.think([1, 0, 0])
    assert len(result) == 1
    assert_close(result, [prediction])


@pytest.mark.parametrize("iterations", [0, 1, 10000, 15000])
def test_tutorial_matches_live_numpy_run(iterations):
    start, weights, prediction = numpy_tutorial(iterations)
    nn = NeuralNetwork()
    assert nn.synaptic_weights == start
    nn.train(TUTORIAL_INPUTS, [[0], [1], [1], [0]], iterations)
    assert_close(nn.synaptic_weights, weights)
    assert_close(nn.think([1, 0, 0]), prediction)


def test_tutorial_single_step_by_hand():
    # One update worked out independently: w += X^T (e * o (1 - o)).
    nn = NeuralNetwork()
    w = [row[0] for row in nn.synaptic_weights]
    outs = [1 / (1 + math.exp(-sum(x * wk for x, wk in zip(row, w)))) for row in TUTORIAL_INPUTS]
    deltas = [(t - o) * o * (1 - o) for t, o in zip([0, 1, 1, 0], outs)]
    expected = [w[k] + sum(row[k] * d for row, d in zip(TUTORIAL_INPUTS, deltas))
                for k in range(3)]
    nn.train(TUTORIAL_INPUTS, [0, 1, 1, 0], 1)
    assert_close(nn.synaptic_weights, column(expected), rel=1e-12)


def test_flat_outputs_equal_column_outputs_and_zero_iterations():
    a, b = NeuralNetwork(), NeuralNetwork()
    a.train(TUTORIAL_INPUTS, [0, 1, 1, 0], 50)
    b.train(TUTORIAL_INPUTS, [[0], [1], [1], [0]], 50)
    assert a.synaptic_weights == b.synaptic_weights
    c = NeuralNetwork()
    c.train(TUTORIAL_INPUTS, [0, 1, 1, 0], 0)
    assert c.synaptic_weights == column(NUMPY_START_WEIGHTS)


def test_think_batch_and_tuples():
    nn = NeuralNetwork()
    nn.train(TUTORIAL_INPUTS, TUTORIAL_OUTPUTS, 15000)
    batch = nn.think(TUTORIAL_INPUTS)
    assert len(batch) == 4 and all(len(row) == 1 for row in batch)
    assert [round(row[0]) for row in batch] == [0, 1, 1, 0]
    assert nn.think((0, 0, 1)) == nn.think([0, 0, 1]) == batch[0]
    assert nn.think([[1, 0, 0]]) == [nn.think([1, 0, 0])]


def test_assigned_weights_are_used():
    nn = NeuralNetwork()
    nn.synaptic_weights = [[1.0], [2.0], [3.0]]
    assert nn.think([1, 0, 0]) == [sigmoid(1.0)]
    nn.synaptic_weights = [1, 2, 3]  # a flat list is read as a column
    assert nn.think([0, 1, 0]) == [sigmoid(2.0)]
    nn.synaptic_weights = [["x"], [2], [3]]
    with pytest.raises(ValueError):
        nn.think([1, 0, 0])


def test_typed_string_input_works():
    nn = NeuralNetwork()
    nn.train(TUTORIAL_INPUTS, TUTORIAL_OUTPUTS, 1000)
    assert nn.think(["1", "0", "0"]) == nn.think([1, 0, 0])
    assert nn.think([" 1 ", "0.0", "0"]) == nn.think([1.0, 0.0, 0.0])
    assert nn.think([True, False, False]) == nn.think([1, 0, 0])
    nn.train([["0", "0", "1"], ["1", "1", "1"]], ["0", "1"], 1)


@pytest.mark.parametrize("bad, error, words", [
    (["a", "0", "0"], ValueError, "'a' is not a number"),
    (["", "0", "0"], ValueError, "not a number"),
    ([1, 0], ValueError, "needs 3 numbers"),
    ([1, 0, 0, 0], ValueError, "needs 3 numbers"),
    ([[1, 0, 0], [1, 0]], ValueError, "needs 3 numbers"),
    ([float("nan"), 0, 0], ValueError, "NaN"),
    ([float("inf"), 0, 0], ValueError, "infinity"),
    (["-inf", 0, 0], ValueError, "infinity"),
    ([None, 0, 0], TypeError, "expected a number"),
    ([{}, 0, 0], TypeError, "expected a number"),
    ([1j, 0, 0], TypeError, "expected a number"),
    ([10**400, 0, 0], ValueError, "too large"),
    ({"a": 1}, TypeError, "list of 3 numbers"),
    ("100", TypeError, "list of 3 numbers"),
    (None, TypeError, "list of 3 numbers"),
    (5, TypeError, "list of 3 numbers"),
    ([], ValueError, "empty"),
    ([[1, 0, 0], 1], ValueError, "mixes"),
])
def test_bad_think_input_raises_clear_error(bad, error, words):
    with pytest.raises(error, match=words):
        NeuralNetwork().think(bad)


@pytest.mark.parametrize("iterations, error", [
    (-1, ValueError), (1.5, TypeError), (10.0, TypeError), ("10", TypeError),
    (True, TypeError), (None, TypeError)])
def test_bad_iterations(iterations, error):
    nn = NeuralNetwork()
    with pytest.raises(error, match="number_of_training_iterations"):
        nn.train(TUTORIAL_INPUTS, TUTORIAL_OUTPUTS, iterations)
    assert nn.synaptic_weights == column(NUMPY_START_WEIGHTS)  # untouched


@pytest.mark.parametrize("outputs, words", [
    ([[0, 1, 1, 0]], r"\.T"),           # NumPy row forgotten to transpose
    ([0, 1, 1], "3 rows but there are 4"),
    ([[0, 1], [1, 1], [1, 1], [0, 1]], "needs 1 number"),
    ([0, 1, "b", 0], "not a number"),
    ([0, 1, float("nan"), 0], "NaN"),
])
def test_bad_training_outputs(outputs, words):
    with pytest.raises(ValueError, match=words):
        NeuralNetwork().train(TUTORIAL_INPUTS, outputs, 10)


def test_bad_training_inputs():
    with pytest.raises(ValueError, match="needs 3 numbers"):
        NeuralNetwork().train([[0, 0], [1, 1]], [0, 1], 10)
    with pytest.raises(TypeError):
        NeuralNetwork().train([[0, 0, None]], [0], 10)


# --- sigmoid ------------------------------------------------------------------

def test_sigmoid_values_and_stability():
    assert sigmoid(0) == 0.5
    assert sigmoid(1000) == 1.0 and sigmoid(-1000) == 0.0
    assert math.isfinite(sigmoid(1e308)) and math.isfinite(sigmoid(-1e308))
    assert sigmoid(2.0) == pytest.approx(1 / (1 + math.exp(-2.0)), rel=1e-15)
    assert sigmoid(-2.0) == pytest.approx(1 / (1 + math.exp(2.0)), rel=1e-15)
    assert sigmoid(-2.0) + sigmoid(2.0) == pytest.approx(1.0, rel=1e-15)
    assert sigmoid([[0], [1000], [-1000]]) == [[0.5], [1.0], [0.0]]
    assert NeuralNetwork().sigmoid(0) == 0.5 and NeuralNetwork.sigmoid(0) == 0.5
    with pytest.raises(TypeError):
        sigmoid("1")


def test_sigmoid_derivative_takes_the_output():
    assert sigmoid_derivative(0.5) == 0.25
    assert sigmoid_derivative(0.2) == pytest.approx(0.16, rel=1e-15)
    assert sigmoid_derivative([[0.5], [0.0], [1.0]]) == [[0.25], [0.0], [0.0]]
    assert NeuralNetwork().sigmoid_derivative(0.5) == 0.25


# --- Tutorial 2 (follow-up, 3-4-1) ----------------------------------------------

@pytest.fixture(scope="module")
def follow_up_run():
    lines = []
    nn = run_follow_up(out=lines.append)  # 60000 iterations, a few seconds
    return nn, lines


def test_follow_up_matches_recorded_numpy_run(follow_up_run):
    nn, _ = follow_up_run
    assert_close(nn.layer1.synaptic_weights, NUMPY_FOLLOW_UP_W1)
    assert_close(nn.layer2.synaptic_weights, NUMPY_FOLLOW_UP_W2)
    hidden, output = nn.think([1, 1, 0])
    assert len(hidden) == 4 and len(output) == 1
    assert_close(output, [NUMPY_FOLLOW_UP_PREDICTION])
    assert round(output[0], 7) == 0.0078876  # the published printout
    assert nn.predict([1, 1, 0]) == output


def test_follow_up_matches_live_numpy_run(follow_up_run):
    pytest.importorskip("numpy")
    nn, _ = follow_up_run
    w1, w2, prediction = numpy_follow_up(60000)
    assert_close(nn.layer1.synaptic_weights, w1)
    assert_close(nn.layer2.synaptic_weights, w2)
    assert_close(nn.predict([1, 1, 0]), prediction)


@pytest.mark.parametrize("iterations", [1, 5])
def test_follow_up_short_runs_match_live_numpy(iterations):
    w1, w2, prediction = numpy_follow_up(iterations)
    nn = TwoLayerNeuralNetwork()
    nn.train(FOLLOW_UP_INPUTS, [0, 1, 1, 1, 1, 0, 0], iterations)
    assert_close(nn.layer1.synaptic_weights, w1, rel=1e-12)
    assert_close(nn.layer2.synaptic_weights, w2, rel=1e-12)
    assert_close(nn.predict([1, 1, 0]), prediction, rel=1e-12)


def test_follow_up_learned_xor(follow_up_run):
    nn, _ = follow_up_run
    hidden, outputs = nn.think(FOLLOW_UP_INPUTS)
    assert len(hidden) == 7 and all(len(h) == 4 for h in hidden)
    assert [round(o[0]) for o in outputs] == [row[0] for row in FOLLOW_UP_OUTPUTS]
    assert nn.predict(["1", "1", "0"]) == nn.predict([1, 1, 0])
    with pytest.raises(ValueError):
        nn.predict([1, 1])


def test_follow_up_printout(follow_up_run):
    _, lines = follow_up_run
    assert lines[0] == "Stage 1) Random starting synaptic weights: "
    assert lines[-2] == "Stage 3) Considering a new situation [1, 1, 0] -> ?: "
    assert lines[-1] == "[0.0078876]"  # what NumPy prints


def test_two_layer_rejects_mismatched_layers():
    r = numpy_seeded_random(1)
    nn = TwoLayerNeuralNetwork(NeuronLayer(4, 3, r), NeuronLayer(1, 5, r))
    with pytest.raises(ValueError, match="layer2"):
        nn.think([1, 0, 0])
    with pytest.raises(ValueError):
        TwoLayerNeuralNetwork(layer1=NeuronLayer(4, 3, r))


# --- Printing like the tutorial -------------------------------------------------

def test_run_tutorial_prints_like_numpy():
    lines = []
    nn = run_tutorial(out=lines.append)
    # Strings below are what the NumPy program prints (15000 iterations).
    assert lines == [
        "Random starting synaptic weights: ",
        "[[-0.16595599]\n [ 0.44064899]\n [-0.99977125]]",
        "New synaptic weights after training: ",
        "[[10.08740896]\n [-0.20695366]\n [-4.83757835]]",
        "Considering new situation [1, 0, 0] -> ?: ",
        "[0.9999584]",
    ]
    assert_close(nn.think([1, 0, 0]), [NUMPY_TUTORIAL[15000][1]])


def test_no_numpy_import():
    code = "import sys, tinynet.classic; print('numpy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
