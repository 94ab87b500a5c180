"""The pictures in docs/images/ are the ones docs/make_pictures.py makes today.

The script is run again into a temporary folder and each file is compared,
byte for byte, with the committed one: a change to tinynet's training or
drawing that alters a picture fails here until the pictures are remade
(``python docs/make_pictures.py``). The runs are seeded and both training
loops give the same bits, so the comparison holds on either backend.
"""

import os
import re
import sys

import pytest

import tinynet

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")
IMAGES = os.path.join(DOCS, "images")
sys.path.insert(0, DOCS)
import make_pictures

# Training these takes several seconds of pure Python each (about 5 to 6 s of
# CPU, against well under a second compiled). The compiled run checks them;
# the pure loop gives the same bits (tests/test_parity.py), and the cheaper
# pictures below still check the pure loop end to end.
SLOW_ON_PURE = {"guide_moons_boundary.svg", "guide_loss_overfitting.svg"}


def _pictures_shown():
    """Every docs/images/ file that the guide or the README shows."""
    shown = set()
    for path in (os.path.join(DOCS, "guide.md"), os.path.join(ROOT, "README.md")):
        with open(path, encoding="utf-8") as f:
            shown.update(re.findall(r"!\[[^\]]*\]\((?:docs/)?images/([^)\s]+)\)", f.read()))
    return shown


@pytest.mark.parametrize("name", sorted(make_pictures.PICTURES))
def test_picture_is_fresh(name, tmp_path):
    if tinynet.BACKEND == "python" and name in SLOW_ON_PURE:
        pytest.skip(f"{name} takes too long to train in pure Python; the compiled run "
                    "checks it and the loops give the same bits")
    committed = os.path.join(IMAGES, name)
    assert os.path.isfile(committed), f"{committed} is missing: run python docs/make_pictures.py"
    if sys.platform == "emscripten":
        pytest.skip("the moons' noise is drawn with the platform's cos/sin/log (documented in "
                    "docs/architecture.md), and Pyodide's maths library differs from glibc's in the "
                    "last bit: a chaotic run's picture differs there; CPython and PyPy check it")
    (made,) = make_pictures.make(str(tmp_path), [name])
    with open(made, "rb") as f:
        fresh = f.read()
    with open(committed, "rb") as f:
        assert f.read() == fresh, f"{committed} is stale: run python docs/make_pictures.py"
    assert b"<svg" in fresh[:200], f"{name} is not an SVG picture"


def test_every_picture_is_shown_and_every_shown_picture_exists():
    shown = _pictures_shown()
    for name in make_pictures.PICTURES:
        assert name in shown, f"{name} is made but neither the guide nor the README shows it"
    for name in shown:
        assert os.path.isfile(os.path.join(IMAGES, name)), f"the docs show a missing picture: {name}"
