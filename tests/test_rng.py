"""tinynet.rng.Random gives exactly the numbers of CPython's random.Random."""

import random

import pytest

from tinynet import rng
from tinynet.rng import Random

SEEDS = [0, 1, 2, 42, 12345, -1, -42, 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1,
         2 ** 64 + 5, -(2 ** 100) - 3, 10 ** 40 + 7, 3 ** 500, True]


def pair(seed):
    return Random(seed), random.Random(seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_seeding_builds_cpythons_state(seed):
    ours, theirs = pair(seed)
    assert ours.getstate() == theirs.getstate()


@pytest.mark.parametrize("seed", SEEDS)
def test_random_floats_are_cpythons(seed):
    ours, theirs = pair(seed)
    # 1,500 floats use 3,000 words: the state is twisted several times
    assert [ours.random() for _ in range(1500)] == [theirs.random() for _ in range(1500)]
    assert ours.getstate() == theirs.getstate()


def test_many_seeds_first_floats():
    for seed in list(range(-300, 300)) + [2 ** k for k in range(130)[::3]]:
        ours, theirs = pair(seed)
        assert [ours.random() for _ in range(3)] == [theirs.random() for _ in range(3)], seed


@pytest.mark.parametrize("seed", SEEDS[:8])
def test_integers_are_cpythons(seed):
    ours, theirs = pair(seed)
    for k in list(range(0, 70)) + [95, 96, 97, 128, 200, 1000]:
        assert ours.getrandbits(k) == theirs.getrandbits(k), k
    for n in [1, 2, 3, 7, 8, 9, 100, 255, 256, 257, 10 ** 6, 2 ** 32, 2 ** 32 + 1, 10 ** 30]:
        assert [ours.randrange(n) for _ in range(20)] == [theirs.randrange(n) for _ in range(20)]
    for args in [(5, 10), (-7, 3), (0, 100, 3), (10, 0, -1), (10, -20, -7), (3, 4)]:
        assert [ours.randrange(*args) for _ in range(20)] == [theirs.randrange(*args) for _ in range(20)]
    assert [ours.randint(-3, 3) for _ in range(50)] == [theirs.randint(-3, 3) for _ in range(50)]
    seq = list("abcdefghij")
    assert [ours.choice(seq) for _ in range(50)] == [theirs.choice(seq) for _ in range(50)]
    assert ours.getstate() == theirs.getstate()


@pytest.mark.parametrize("seed", SEEDS[:8])
def test_shuffle_is_cpythons(seed):
    ours, theirs = pair(seed)
    for size in [0, 1, 2, 3, 10, 150, 1000, 5000]:
        a, b = list(range(size)), list(range(size))
        ours.shuffle(a)
        theirs.shuffle(b)
        assert a == b, size


@pytest.mark.parametrize("seed", SEEDS[:6])
def test_uniform_and_gauss_are_cpythons(seed):
    # gauss uses the platform's math.log/cos/sin/sqrt, like CPython's: the same
    # machine gives the same numbers
    ours, theirs = pair(seed)
    assert [ours.uniform(-2.5, 7.0) for _ in range(100)] == [theirs.uniform(-2.5, 7.0) for _ in range(100)]
    assert [ours.gauss(1.0, 0.3) for _ in range(101)] == [theirs.gauss(1.0, 0.3) for _ in range(101)]
    assert ours.gauss(0.0, 1.0) == theirs.gauss(0.0, 1.0)
    assert ours.getstate() == theirs.getstate()


def test_interleaved_calls_stay_in_step():
    ours, theirs = pair(2024)
    script = random.Random(7)
    for _ in range(3000):
        op = script.randrange(6)
        if op == 0:
            assert ours.random() == theirs.random()
        elif op == 1:
            k = script.randrange(100)
            assert ours.getrandbits(k) == theirs.getrandbits(k)
        elif op == 2:
            n = script.randrange(1, 10 ** script.randrange(1, 25))
            assert ours.randrange(n) == theirs.randrange(n)
        elif op == 3:
            a, b = list(range(script.randrange(40))), None
            b = list(a)
            ours.shuffle(a)
            theirs.shuffle(b)
            assert a == b
        elif op == 4:
            assert ours.gauss(0.0, 2.0) == theirs.gauss(0.0, 2.0)
        else:
            assert ours.uniform(0.0, 1.0) == theirs.uniform(0.0, 1.0)


def test_state_round_trips_both_ways():
    ours, theirs = pair(99)
    for _ in range(700):
        ours.random()
    ours.gauss(0.0, 1.0)               # leaves a gauss_next in the state (3.9 needs mu, sigma)
    theirs.setstate(ours.getstate())   # CPython continues our stream...
    assert [ours.random() for _ in range(800)] == [theirs.random() for _ in range(800)]
    assert ours.gauss(0.0, 1.0) == theirs.gauss(0.0, 1.0)
    theirs.random()
    fresh = Random(0)
    fresh.setstate(theirs.getstate())  # ... and we continue CPython's
    assert [fresh.random() for _ in range(10)] == [theirs.random() for _ in range(10)]
    saved = fresh.getstate()
    first = [fresh.random() for _ in range(700)]
    fresh.setstate(saved)
    assert [fresh.random() for _ in range(700)] == first


def test_reseeding_restarts_the_stream():
    r = Random(5)
    first = [r.random() for _ in range(10)]
    r.seed(5)
    assert [r.random() for _ in range(10)] == first
    assert r.gauss_next is None


def test_numpy_style_seeding_is_the_reference_init_genrand():
    # NumPy's seed(1) state: random() then gives numpy.random.random()'s 0.417022004702574
    r = Random(0)
    r.setstate((3, tuple(rng.init_genrand(1)) + (624,), None))
    assert r.random() == 0.417022004702574
    assert rng.init_genrand(5489)[:3] == [5489, 1301868182, 2938499221]   # reference MT19937


def test_unseeded_generators_differ():
    a, b = Random(), Random()
    assert [a.random() for _ in range(4)] != [b.random() for _ in range(4)]
    assert 0.0 <= a.random() < 1.0


def test_bad_arguments_are_clear():
    for seed in (1.5, "1", b"1", [1]):
        with pytest.raises(TypeError, match="seed must be an int or None"):
            Random(seed)
    r = Random(1)
    with pytest.raises(ValueError, match="non-negative"):
        r.getrandbits(-1)
    for args in [(0,), (-3,), (5, 5), (5, 1), (1, 5, 0), (1, 5, -1)]:
        with pytest.raises(ValueError):
            r.randrange(*args)
    with pytest.raises(TypeError):
        r.randrange(1.5)
    with pytest.raises(IndexError):
        r.choice([])
    good = r.getstate()
    for state in [None, (2, good[1], None), (3, good[1][:-1], None),
                  (3, (2 ** 32,) + good[1][1:], None), (3, good[1][:-1] + (625,), None),
                  (3, good[1], "x")]:
        with pytest.raises(ValueError):
            r.setstate(state)
    assert r.getstate() == good        # a refused state changes nothing


def test_numpy_integers_are_accepted_as_seeds():
    np = pytest.importorskip("numpy")
    assert Random(np.int64(7)).random() == random.Random(7).random()
