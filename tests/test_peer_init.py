"""Each initialiser draws from its peer's distribution (Kolmogorov-Smirnov on many draws).

The draws are Python's ``random.Random``, not the peer's generator, so the
test is about the distribution: a seeded KS test against the exact target
law, with a fixed threshold a wrong bound (or a normal where a uniform
belongs, or a missing truncation) fails.  Where the peer is installed, the
target's parameters are also read off the peer itself.
"""

import json
import math
import random

import pytest

from tinynet import Dense, Network, load
from tinynet.layers import BIAS_INITIALIZERS, INITIALIZERS, initial_bias, initial_weights

stats = pytest.importorskip("scipy.stats")

N_IN, N_OUT = 50, 40            # 2000 weights a draw
DRAWS = 10                       # 20000 numbers per test
# With 20000 draws the KS statistic of the right law is below 0.012 almost
# surely (p = 0.001 at about 0.0138); a bound 5% off gives about 0.025.
KS_LIMIT = 0.0138


def _weights(init, activation=None, n_in=N_IN, n_out=N_OUT):
    rng = random.Random(12345)
    out = []
    for _ in range(DRAWS):
        for row in initial_weights(n_in, n_out, init, rng, activation):
            out.extend(row)
    return out


def _biases(bias_init, activation=None, n_in=N_IN, n_out=2000):
    rng = random.Random(54321)
    out = []
    for _ in range(DRAWS):
        out.extend(initial_bias(n_in, n_out, bias_init, rng, activation))
    return out


def _uniform(limit):
    return stats.uniform(loc=-limit, scale=2 * limit).cdf


def _truncated(var):
    std = math.sqrt(var) / 0.87962566103423978
    return stats.truncnorm(-2.0, 2.0, loc=0.0, scale=std).cdf


def _ks(values, cdf):
    return stats.kstest(values, cdf).statistic


TARGETS = {
    "uniform": _uniform(1.0),
    "xavier": _uniform(math.sqrt(6.0 / (N_IN + N_OUT))),
    "glorot_uniform": _uniform(math.sqrt(6.0 / (N_IN + N_OUT))),
    "he": _uniform(math.sqrt(6.0 / N_IN)),
    "he_uniform": _uniform(math.sqrt(6.0 / N_IN)),
    "lecun_uniform": _uniform(math.sqrt(3.0 / N_IN)),
    "normal": stats.norm(0.0, 1.0).cdf,
    "torch": _uniform(1.0 / math.sqrt(N_IN)),
    "sklearn": _uniform(math.sqrt(6.0 / (N_IN + N_OUT))),
    "glorot_normal": _truncated(2.0 / (N_IN + N_OUT)),
    "he_normal": _truncated(2.0 / N_IN),
    "lecun_normal": _truncated(1.0 / N_IN),
}


def test_every_initializer_has_a_target():
    assert set(TARGETS) == set(INITIALIZERS)


@pytest.mark.parametrize("init", INITIALIZERS)
def test_weights_follow_their_distribution(init):
    values = _weights(init)
    assert _ks(values, TARGETS[init]) < KS_LIMIT


@pytest.mark.parametrize("init", ["xavier", "torch", "sklearn", "he_normal", "normal"])
def test_a_wrong_bound_fails_the_test(init):
    """The threshold has teeth: the same draws scaled by 10% fail it (5% is at its edge for he_normal)."""
    values = [1.10 * v for v in _weights(init)]
    assert _ks(values, TARGETS[init]) > KS_LIMIT


def test_sklearn_logistic_uses_factor_2():
    values = _weights("sklearn", "sigmoid")
    assert _ks(values, _uniform(math.sqrt(2.0 / (N_IN + N_OUT)))) < KS_LIMIT
    assert _ks(values, TARGETS["sklearn"]) > KS_LIMIT


def test_truncated_normals_are_truncated():
    values = _weights("he_normal")
    std = math.sqrt(2.0 / N_IN) / 0.87962566103423978
    assert max(abs(v) for v in values) <= 2 * std
    assert _ks(values, stats.norm(0.0, std).cdf) > KS_LIMIT  # an uncut normal is not it


@pytest.mark.parametrize("bias_init,cdf", [
    ("normal", stats.norm(0.0, 1.0).cdf),
    ("torch", _uniform(1.0 / math.sqrt(N_IN))),
    ("sklearn", _uniform(math.sqrt(6.0 / (N_IN + 2000)))),
])
def test_biases_follow_their_distribution(bias_init, cdf):
    assert _ks(_biases(bias_init), cdf) < KS_LIMIT


def test_constant_biases_and_default():
    assert _biases("zeros") == [0.0] * (2000 * DRAWS)
    assert _biases("ones") == [1.0] * (2000 * DRAWS)
    assert Dense(3, 4).bias == [0.0] * 4
    assert set(BIAS_INITIALIZERS) == {"zeros", "ones", "normal", "torch", "sklearn"}


def test_default_bias_keeps_the_weights_as_before():
    """zeros draws nothing: the weights of a seeded network are today's."""
    import random as r
    rng = r.Random(7)
    expected = [[math.sqrt(6.0 / 5) * (2.0 * rng.random() - 1.0) for _ in range(3)] for _ in range(2)]
    assert Dense(2, 3, "tanh", seed=7).weights == expected


def test_bad_bias_init_is_a_clear_error():
    with pytest.raises(ValueError, match="bias_init"):
        Dense(2, 3, bias_init="gaussian")
    with pytest.raises(ValueError, match="init"):
        Dense(2, 3, init="kaiming")


def test_bias_init_is_saved_and_old_files_load(tmp_path):
    net = Network([Dense(2, 3, "tanh", init="torch", bias_init="torch"),
                   Dense(3, 1, "sigmoid")], seed=1)
    assert any(b != 0.0 for b in net.layers[0].bias)
    path = str(tmp_path / "m.json")
    net.save(path)
    with open(path) as f:
        doc = json.load(f)
    assert doc["layers"][0]["bias_init"] == "torch"
    assert "bias_init" not in doc["layers"][1]  # the default is not written
    again = load(path)
    assert again.layers[0].bias_init == "torch" and again.layers[1].bias_init == "zeros"
    assert again.layers[0].bias == net.layers[0].bias
    del doc["layers"][0]["bias_init"]  # a file from before bias_init
    (tmp_path / "old.json").write_text(json.dumps(doc))
    old = load(str(tmp_path / "old.json"))
    assert old.layers[0].bias_init == "zeros" and old.layers[0].bias == net.layers[0].bias
    doc["layers"][0]["bias_init"] = "twos"
    (tmp_path / "bad.json").write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="bias_init"):
        load(str(tmp_path / "bad.json"))


def test_torch_default_bound_is_the_peer():
    """PyTorch's own nn.Linear draws fit the ``torch`` law (weights and biases)."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    w, b = [], []
    for _ in range(DRAWS):
        layer = torch.nn.Linear(N_IN, N_OUT * 50)
        w.extend(layer.weight.detach().flatten().tolist()[:2000])
        b.extend(layer.bias.detach().tolist())
    assert _ks(w, TARGETS["torch"]) < KS_LIMIT
    assert _ks(b, TARGETS["torch"]) < KS_LIMIT
    assert _ks(_biases("torch", n_out=N_OUT * 50)[:len(b)], TARGETS["torch"]) < KS_LIMIT


def test_sklearn_default_bound_is_the_peer():
    """scikit-learn's own _init_coef draws fit the ``sklearn`` law (weights and intercepts)."""
    pytest.importorskip("sklearn")
    import numpy as np
    from sklearn.neural_network import MLPClassifier
    for activation, ours in (("tanh", "tanh"), ("logistic", "sigmoid")):
        clf = MLPClassifier(activation=activation)
        clf._random_state = np.random.RandomState(0)
        w, b = [], []
        for _ in range(DRAWS):
            coef, intercept = clf._init_coef(N_IN, N_OUT, np.float64)
            w.extend(coef.ravel().tolist())
            b.extend(intercept.tolist())
        mine = _weights("sklearn", ours)
        assert stats.ks_2samp(w, mine).statistic < 2 * KS_LIMIT
        bound = math.sqrt((2.0 if ours == "sigmoid" else 6.0) / (N_IN + N_OUT))
        assert _ks(w, _uniform(bound)) < KS_LIMIT and _ks(mine, _uniform(bound)) < KS_LIMIT
        assert max(abs(v) for v in b) <= bound
