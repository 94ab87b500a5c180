"""Make the pictures that docs/guide.md and README.md show, from real tinynet runs.

Run it from the repository's top folder::

    python docs/make_pictures.py              # rewrites the files in docs/images/
    python docs/make_pictures.py OUTDIR       # writes them into OUTDIR instead

Every run is seeded and every picture is drawn by ``tinynet.plotting``, so
the files come out the same, byte for byte, on every machine and on both
training loops (the compiled one and the pure-Python one give the same
bits). ``tests/test_pictures_fresh.py`` regenerates them and compares.
"""

import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # use this checkout's tinynet

from tinynet import Dense, Network, TrainingWarning, plotting
from tinynet.datasets import make_moons, train_test_split
from tinynet.fileio import write_text

IMAGES = os.path.join(HERE, "images")

MOON_FEATURES = ["x", "y"]
MOON_CLASSES = ["upper moon", "lower moon"]
XOR = ([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0])


def _fit(net, X, y, **options):
    """Train quietly: the pictures show the problems the warnings would name."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrainingWarning)
        return net.fit(X, y, verbose=0, **options)


def _moons_net(hidden, seed=0):
    return Network([Dense(2, hidden, "tanh"), Dense(hidden, 1, "sigmoid")],
                   loss="binary_crossentropy", seed=seed)


def moons_boundary():
    """Chapter 7's moons network: 300 training points (circles), 100 test points (diamonds)."""
    X, y = make_moons(400, noise=0.2, seed=1)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, seed=1, stratify=True)
    net = _moons_net(16, seed=1)
    _fit(net, X_train, y_train, epochs=200, optimizer="adam", learning_rate=0.01, batch_size=16)
    return plotting.svg_decision_boundary(net, X_train, y_train, X_test=X_test, y_test=y_test,
                                          feature_names=MOON_FEATURES, class_names=MOON_CLASSES)


def _moons_rate(learning_rate):
    """200 moons, a 2-8-1 network, full-batch gradient descent for 200 epochs."""
    X, y = make_moons(200, noise=0.2, seed=1)
    return _fit(_moons_net(8), X, y, epochs=200, learning_rate=learning_rate)


def loss_rate_good():
    return plotting.svg_loss_curve(_moons_rate(1.0),
                                   title="learning rate 1: falls fast, then settles")


def loss_rate_high():
    return plotting.svg_loss_curve(_moons_rate(50.0), log_scale=True,
                                   title="learning rate 50: too high, the loss jumps about")


def loss_rate_low():
    return plotting.svg_loss_curve(_moons_rate(0.01),
                                   title="learning rate 0.01: too low, a slow straight line")


def loss_plateau():
    """XOR on a 2-2-1 sigmoid network (MSE): stuck at 0.25 for about a thousand epochs."""
    X, y = XOR
    net = Network([Dense(2, 2, "sigmoid"), Dense(2, 1, "sigmoid")], loss="mse", seed=3)
    history = _fit(net, X, y, epochs=2000, learning_rate=2.0)
    return plotting.svg_loss_curve(history, title="a plateau: XOR, flat at 0.25, then it finds the way")


def overfitting_data():
    """30 noisy training moons, 100 for validation (the rest of the 330 is chapter 7's test set)."""
    X, y = make_moons(330, noise=0.35, seed=0)
    return X[:30], y[:30], X[30:130], y[30:130]


def overfitting_net():
    return Network([Dense(2, 16, "tanh"), Dense(16, 16, "tanh"), Dense(16, 1, "sigmoid")],
                   loss="binary_crossentropy", seed=0)


def loss_overfitting():
    X_train, y_train, X_val, y_val = overfitting_data()
    history = _fit(overfitting_net(), X_train, y_train, epochs=500, optimizer="adam",
                   learning_rate=0.01, validation_data=(X_val, y_val))
    return plotting.svg_loss_curve(history, title="overfitting: training loss falls, validation loss rises")


#: file name -> function returning the picture's SVG text.
PICTURES = {
    "guide_moons_boundary.svg": moons_boundary,
    "guide_loss_rate_good.svg": loss_rate_good,
    "guide_loss_rate_high.svg": loss_rate_high,
    "guide_loss_rate_low.svg": loss_rate_low,
    "guide_loss_plateau.svg": loss_plateau,
    "guide_loss_overfitting.svg": loss_overfitting,
}


def make(folder=IMAGES, names=None):
    """Write the pictures (all, or those in ``names``) into ``folder``; return their paths."""
    os.makedirs(folder, exist_ok=True)
    paths = []
    for name in names or sorted(PICTURES):
        path = os.path.join(folder, name)
        write_text(path, PICTURES[name]())
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in make(sys.argv[1] if len(sys.argv) > 1 else IMAGES):
        print(written)
