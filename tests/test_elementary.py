"""tinynet.elementary: its own exp/log/tanh/sigmoid/powi, and their C twin.

* parity: the Python functions and tinynet/backends/_elementary.h (compiled
  here with ``cc -O2 -ffp-contract=off`` and loaded with ctypes) give the same
  bits on many inputs, edge cases included;
* accuracy: at most 1 ulp from the exact value (mpmath) on a seeded sample
  (benchmarks/ulp_check.py measures millions of points);
* special values: inf, NaN, zeros, subnormals, overflow and underflow.
"""

import math
import os
import random
import subprocess
import sys

import pytest

from tinynet import elementary as E

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from benchmarks import elementary_tools as tools  # noqa: E402

INF = math.inf
NAN = math.nan
TINIEST = 5e-324                      # the smallest subnormal
SMALLEST_NORMAL = 2.2250738585072014e-308
LARGEST = 1.7976931348623157e308


def _around(x, steps=3):
    """x and its neighbouring floats, ``steps`` on each side."""
    out = [x]
    up = down = x
    for _ in range(steps):
        up = math.nextafter(up, INF)
        down = math.nextafter(down, -INF)
        out += [up, down]
    return out


def edge_cases():
    """Inputs where the algorithms switch formula, round, overflow or underflow."""
    points = [0.0, -0.0, INF, -INF, NAN, TINIEST, -TINIEST, SMALLEST_NORMAL,
              -SMALLEST_NORMAL, LARGEST, -LARGEST, 1.0, -1.0, 2.0, 0.5, 1e-300, -1e-300]
    for x in (E.EXP_OVERFLOW, E.EXP_UNDERFLOW, E.EXP_TINY, -E.EXP_TINY, 709.78, -708.4,
              -745.1, 0.5 * math.log(2), 1.5 * math.log(2), E.TANH_TINY, E.TANH_SMALL,
              E.TANH_MID, E.TANH_ONE, 0.875, 1.125, 0.75, 1.0, 1.25,
              math.sqrt(0.5), math.sqrt(2.0)):
        points += _around(x) + [-v for v in _around(x)]
    # log: the mantissa thresholds 1 + h / 2^20 that fdlibm's integer tests use
    for h in (1, E.SQRT2_H, E.HFSQ_LOW, E.HFSQ_HIGH, E.HFSQ_HIGH + 1, 0xFFFFE):
        for scale in (1.0, 2.0 ** -1060, 2.0 ** 600):
            points += [v * scale for v in _around(1.0 + h / 1048576.0)]
    # x where x / ln 2 is half-way between integers (k rounds one way or the other)
    for k in range(-1075, 1025, 7):
        points += _around((k + 0.5) * math.log(2), 1)
    # powers of two over the whole range, and subnormals
    points += [2.0 ** e for e in range(-1074, 1024, 3)]
    return points


def random_inputs(n, seed):
    """Uniform bit patterns (every binade, both signs) plus each function's own sample."""
    rng = random.Random(seed)
    xs = [tools.bits_to_float(rng.getrandbits(64)) for _ in range(n)]
    for name in tools.UNARY:
        xs += tools.sample(name, n, rng)
    return xs


@pytest.fixture(scope="module")
def clib(tmp_path_factory):
    if tools.find_compiler() is None:
        pytest.skip("no C compiler (cc, gcc or clang) to build the C twin _elementary.h")
    return tools.build_c_library(str(tmp_path_factory.mktemp("elementary")))


# ------------------------------------------------------------------ parity
@pytest.mark.parametrize("name", tools.UNARY)
def test_python_and_c_give_the_same_bits(clib, name):
    xs = edge_cases() + random_inputs(20000, seed=tools.UNARY.index(name))
    f = getattr(E, name)
    c_values = tools.c_apply(clib, name, xs)
    mismatches = [(x, f(x), c) for x, c in zip(xs, c_values) if not tools.same(f(x), c)]
    assert mismatches == [], mismatches[:5]


def test_powi_python_and_c_give_the_same_bits(clib):
    rng = random.Random(7)
    pairs = tools.sample_powi(5000, rng)
    pairs += [(b, n) for b in (0.0, 1.0, 0.9, 0.999, 0.5, 2.0, -0.9, 1e-200, TINIEST, INF, NAN)
              for n in (0, 1, 2, 3, 10, 1000, 2 ** 20 + 1)]
    c_values = tools.c_powi(clib, pairs)
    mismatches = [(p, E.powi(*p), c) for p, c in zip(pairs, c_values) if not tools.same(E.powi(*p), c)]
    assert mismatches == [], mismatches[:5]


def test_c_parity_holds_with_other_optimisation_levels(clib, tmp_path):
    # -O0, -O3 and -O3 with every instruction of this CPU (FMA included) must
    # not change a bit either: no contraction, no reassociation
    xs = edge_cases() + random_inputs(2000, seed=3)
    expected = {name: tools.c_apply(clib, name, xs) for name in tools.UNARY}
    for flags in (["-O0"], ["-O3"], ["-O3", "-march=native"]):
        folder = tmp_path / "".join(flags)
        folder.mkdir()
        try:
            other = tools.build_c_library(str(folder), extra_flags=flags)
        except subprocess.CalledProcessError:
            if "-march=native" in flags:
                continue          # a compiler without -march=native: nothing to check
            raise
        for name in tools.UNARY:
            got = tools.c_apply(other, name, xs)
            assert all(tools.same(a, b) for a, b in zip(got, expected[name])), (flags, name)


# ---------------------------------------------------------------- accuracy
@pytest.mark.parametrize("name", tools.UNARY)
def test_error_against_mpmath(name):
    pytest.importorskip("mpmath")
    rng = random.Random(2024)
    xs = tools.sample(name, 3000, rng) + [x for x in edge_cases() if math.isfinite(x)]
    if name == "log":
        xs = [x for x in xs if x > 0.0]
    if name == "log1p":
        xs = [x for x in xs if x >= -0.5]     # its stated domain
    worst, where = tools.max_ulp(name, xs, [getattr(E, name)(x) for x in xs])
    # sigmoid keeps the formula of tinynet.activations (1 / (1 + e^-z) and
    # e^z / (1 + e^z)): exp's error plus two roundings, up to 2.34 ulp on the
    # 1,000,000 points of benchmarks/ulp_check.py
    # log1p (log's error plus one rounding) and expm1 (exp(x) - 1 for
    # |x| >= ln(2)/2) measured 1.16 and 1.38 ulp on 100,000 and 20,000 points
    bound = {"sigmoid": 2.5, "log1p": 1.5, "expm1": 1.5}.get(name, 1.0)
    if name == "expm1":
        # above ln(2)/2, e^x - 1 loses up to 2 bits to cancellation (not used by tinynet)
        positive = [x for x in xs if x >= E.EXPM1_SMALL]
        assert tools.max_ulp(name, positive, [E.expm1(x) for x in positive])[0] <= 3.5
        xs = [x for x in xs if x < E.EXPM1_SMALL]
        worst, where = tools.max_ulp(name, xs, [E.expm1(x) for x in xs])
    assert worst <= bound, (name, worst, where)


def test_powi_error_against_mpmath():
    pytest.importorskip("mpmath")
    pairs = tools.sample_powi(1000, random.Random(5))
    worst, where = tools.max_ulp("powi", pairs, [E.powi(*p) for p in pairs])
    assert worst <= 1.0, (worst, where)


def test_tanh_centres_are_tanh_of_the_centres():
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.prec = 200
    for _, m, t_hi, t_lo, s in E.TANH_CENTRES:
        t = mpmath.tanh(mpmath.mpf(m))
        assert t_hi == float(t)
        assert t_lo == float(t - t_hi)
        assert s == float(1 - t * t)


def test_named_constants_are_the_literals_in_the_code():
    # the functions spell their constants as literals (for speed): check that
    # each named constant of the module really is one of them
    expected = {
        E.exp: (E.LN2_HI, E.LN2_LO, E.INV_LN2, E.EXP_OVERFLOW, E.EXP_UNDERFLOW, E.EXP_TINY,
                E.TWO_M1000, E.TWO_1023) + E.EXP_P,
        E.log: (E.LN2_HI, E.LN2_LO, E.SQRT2_H, E.HFSQ_LOW, E.HFSQ_HIGH, E.TINY_H) + E.LG,
        E._tanh_small: (E.TANH_TINY,) + E.TANH_P + E.TANH_Q,
        E.tanh: (E.TANH_SMALL, E.TANH_MID, E.TANH_ONE)
                + tuple(v for row in E.TANH_CENTRES for v in row),
        E._dd_mul: (E.SPLITTER,),
        E.expm1: (E.EXPM1_SMALL, E.EXPM1_TINY) + E.EXP_P,
    }
    for function, values in expected.items():
        consts = set(function.__code__.co_consts)
        missing = [v for v in values if v not in consts and -v not in consts]
        assert missing == [], (function.__name__, missing)


def test_ldexp_and_frexp_are_exact():
    # the only library calls the functions make: check they never round here
    p = 1.0
    for k in range(1024):
        assert math.ldexp(1.0, k) == p
        p = p * 2.0
    p = 1.0
    for k in range(0, -1075, -1):
        assert math.ldexp(1.0, k) == p
        p = p * 0.5
    for x in edge_cases():
        if math.isfinite(x) and x > 0.0:
            m, e = math.frexp(x)
            assert 0.5 <= m < 1.0 and math.ldexp(m, e) == x


# ----------------------------------------------------------- special values
def test_exp_special_values():
    assert E.exp(0.0) == 1.0 and E.exp(-0.0) == 1.0
    assert E.exp(INF) == INF and E.exp(-INF) == 0.0
    assert math.isnan(E.exp(NAN))
    assert E.exp(710.0) == INF and E.exp(1e308) == INF
    assert E.exp(E.EXP_OVERFLOW) < INF
    assert E.exp(-746.0) == 0.0 and E.exp(-1e308) == 0.0
    assert E.exp(-745.0) == TINIEST                     # the last subnormal
    assert 0.0 < E.exp(-740.0) < SMALLEST_NORMAL       # gradual underflow
    # e = 2.71828182845904523536...: math.e (2.718281828459045) is the nearer
    # double, the next one up is also within 1 ulp; ours gives the latter
    assert E.exp(1.0) in (math.e, math.nextafter(math.e, INF))
    assert E.exp(1e-20) == 1.0 and E.exp(-1e-20) == 1.0


def test_log_special_values():
    assert E.log(1.0) == 0.0
    assert E.log(0.0) == -INF and E.log(-0.0) == -INF
    assert E.log(INF) == INF
    for x in (-1.0, -TINIEST, -INF, NAN):
        assert math.isnan(E.log(x))
    assert E.log(TINIEST) == math.log(TINIEST)          # -744.44..., subnormal input
    assert E.log(LARGEST) == math.log(LARGEST)
    assert E.log(2.0) == 0.6931471805599453
    assert E.log(math.e) == 1.0


def test_log_floor_of_safe_log_is_reached_without_minus_inf():
    # losses.safe_log clamps at -100; e^-100 and below must give < -100, never NaN
    from tinynet.losses import LOG_FLOOR

    assert E.log(3.720075976020836e-44) == pytest.approx(LOG_FLOOR)
    assert E.log(1e-300) < LOG_FLOOR and E.log(TINIEST) < LOG_FLOOR


def test_log1p_and_expm1_special_values():
    assert E.log1p(0.0) == 0.0 and str(E.log1p(-0.0)) == "-0.0"
    assert E.log1p(INF) == INF and E.log1p(-1.0) == -INF
    assert math.isnan(E.log1p(-2.0)) and math.isnan(E.log1p(NAN))
    assert E.log1p(1e-300) == 1e-300 and E.log1p(1.0) == math.log(2.0)
    assert E.expm1(0.0) == 0.0 and str(E.expm1(-0.0)) == "-0.0"
    assert E.expm1(-INF) == -1.0 and E.expm1(INF) == INF and E.expm1(-40.0) == -1.0
    assert math.isnan(E.expm1(NAN)) and E.expm1(1e-300) == 1e-300


def test_tanh_special_values():
    assert E.tanh(0.0) == 0.0 and math.copysign(1.0, E.tanh(-0.0)) == -1.0
    assert E.tanh(INF) == 1.0 and E.tanh(-INF) == -1.0
    assert math.isnan(E.tanh(NAN))
    assert E.tanh(30.0) == 1.0 and E.tanh(-30.0) == -1.0
    assert E.tanh(TINIEST) == TINIEST and E.tanh(1e-300) == 1e-300
    for x in (0.1, 0.7, 1.0, 2.0, 10.0):
        assert E.tanh(-x) == -E.tanh(x)
        assert -1.0 < E.tanh(-x) < 0.0 < E.tanh(x) <= 1.0


def test_sigmoid_is_overflow_safe():
    assert E.sigmoid(0.0) == 0.5
    assert E.sigmoid(1000.0) == 1.0 and E.sigmoid(INF) == 1.0
    assert E.sigmoid(-1000.0) == 0.0 and E.sigmoid(-INF) == 0.0
    assert 0.0 < E.sigmoid(-700.0) < 1e-300
    assert math.isnan(E.sigmoid(NAN))


def test_sigmoid_matches_the_activation_formula():
    # the same formula as tinynet.activations.sigmoid, with exp swapped in
    from tinynet import activations

    for z in (-30.0, -2.5, -1e-9, 0.0, 0.3, 4.0, 36.0):
        e = math.exp(-z) if z >= 0.0 else math.exp(z)
        expected = 1.0 / (1.0 + e) if z >= 0.0 else e / (1.0 + e)
        assert activations.sigmoid(z) == expected
        ours = 1.0 / (1.0 + E.exp(-z)) if z >= 0.0 else E.exp(z) / (1.0 + E.exp(z))
        assert E.sigmoid(z) == ours


def test_powi_values():
    assert E.powi(0.9, 0) == 1.0 and E.powi(0.0, 0) == 1.0
    assert E.powi(0.9, 1) == 0.9
    assert E.powi(0.5, 1074) == TINIEST and E.powi(0.5, 1075) == 0.0
    assert E.powi(0.999, 1000) == 0.36769542477096373     # exact: 0.3676954247709637...
    assert E.powi(2.0, 10) == 1024.0
    with pytest.raises(ValueError, match="n >= 0"):
        E.powi(0.9, -1)


def test_sqrt_is_math_sqrt():
    assert E.sqrt is math.sqrt
