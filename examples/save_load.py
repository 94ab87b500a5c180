"""Saving a trained network to a JSON file and loading it back.

What it teaches:

* ``net.save(path)`` writes the whole network -- layer sizes, activations,
  every weight and bias, the loss, the optimizer settings and the training
  history -- as plain JSON you can open in any text editor (tinynet never
  uses pickle, so loading a file cannot run code);
* ``tinynet.load(path)`` rebuilds it, checking everything it reads;
* the loaded network predicts *exactly* the same numbers, bit for bit:
  every weight is written with Python's shortest exact representation.

Run it from the repository root::

    python examples/save_load.py                # writes iris_model.json here
    python examples/save_load.py --out models   # ... or in the folder models/

It trains a small iris classifier first: a fraction of a second on either
backend.
"""

import argparse
import json
import os
import sys

try:
    import tinynet
except ImportError:  # running from a source checkout that is not installed
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import tinynet

from tinynet import Dense, Network
from tinynet.datasets import Standardizer, load_iris, train_test_split


def main(argv=None):
    """Train, save, load, compare; return whether the predictions are identical."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=".", help="folder for iris_model.json (default: current folder)")
    parser.add_argument("--epochs", type=int, default=100, help="training epochs (default 100)")
    parser.add_argument("--backend", choices=("python", "cython"), default=None,
                        help="training loop (default: tinynet.BACKEND = %s)" % tinynet.BACKEND)
    args = parser.parse_args(argv)

    X, y = load_iris()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, seed=0, stratify=True)
    scaler = Standardizer().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    net = Network([Dense(4, 8, "tanh"), Dense(8, 3, "softmax")], loss="crossentropy", seed=0)
    net.fit(X_train, y_train, epochs=args.epochs, optimizer="adam", learning_rate=0.01,
            batch_size=16, verbose=0, backend=args.backend)
    print("trained an iris classifier: test accuracy %.3f"
          % net.evaluate(X_test, y_test, backend=args.backend)["accuracy"])

    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "iris_model.json")
    net.save(path)
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    print("saved to %s (%d bytes of JSON)" % (path, os.path.getsize(path)))
    print("  format %s version %s, loss %s, optimizer %s"
          % (data["format"], data["version"], data["loss"], data["optimizer"]["name"]))
    for layer in data["layers"]:
        print("  layer %s %d -> %d %s: first weight %r, first bias %r"
              % (layer["type"], layer["n_in"], layer["n_out"], layer["activation"],
                 layer["weights"][0][0], layer["bias"][0]))
    print("  history of %d epochs" % len(data["history"]["epoch"]))
    # Note: the Standardizer is not part of the model; a real program would
    # also keep scaler.mean_ and scaler.scale_ to prepare new flowers.

    loaded = tinynet.load(path)
    before = net.predict(X_test, backend=args.backend)
    after = loaded.predict(X_test, backend=args.backend)
    identical = before == after
    print()
    print("loaded it back: %r" % loaded)
    print("first test flower: before %r" % (before[0],))
    print("                   after  %r" % (after[0],))
    print("all %d predictions identical, bit for bit: %s" % (len(before), identical))
    return {"path": path, "identical": identical}


if __name__ == "__main__":
    main()
