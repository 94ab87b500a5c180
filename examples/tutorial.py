"""The classic "simple neural network in Python" tutorial, reproduced without NumPy.

What it teaches:

* a single neuron (3 inputs, no bias, sigmoid) learns "the answer is the
  first input" from four examples, then guesses the new situation [1, 0, 0]
  (about 0.99996, i.e. "1");
* the follow-up tutorial: a 3-4-1 network (one hidden layer of 4 neurons)
  learns from seven examples whose answer is the XOR of the first two inputs,
  then guesses [1, 1, 0] (about 0.0079, i.e. "0") -- something the single
  neuron cannot learn.

Both use ``tinynet.classic``, which keeps the tutorial's names
(``NeuralNetwork``, ``synaptic_weights``, ``think``, ``train``) and starts from
the same random weights as ``numpy.random.seed(1)``, so every printed number
matches the NumPy programs.

Run it from the repository root::

    python examples/tutorial.py

It takes about 3 seconds (the classic classes are plain Python whatever
training backend is installed; 60000 iterations of the follow-up are most of
it). ``--iterations`` and ``--follow-up-iterations`` change the training length.
"""

import argparse
import os
import sys

try:
    import tinynet  # noqa: F401
except ImportError:  # running from a source checkout that is not installed
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tinynet.classic import run_follow_up, run_tutorial


def main(argv=None):
    """Run both tutorials; return their predictions for the new situations."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=15000,
                        help="training iterations of the single neuron (default 15000)")
    parser.add_argument("--follow-up-iterations", type=int, default=60000,
                        help="training iterations of the 3-4-1 network (default 60000)")
    args = parser.parse_args(argv)

    print("=== Tutorial 1: a single neuron ===")
    neuron = run_tutorial(args.iterations)
    single = neuron.think([1, 0, 0])[0]
    print("The neuron learned 'the answer is the first input': [1, 0, 0] -> %.5f" % single)
    print()
    print("=== Tutorial 2: a 3-4-1 network (one hidden layer) ===")
    network = run_follow_up(args.follow_up_iterations)
    hidden, output = network.think([1, 1, 0])
    follow_up = output[0]
    print("The hidden layer let it learn XOR of the first two inputs: [1, 1, 0] -> %.4f" % follow_up)
    return {"single_neuron": single, "follow_up": follow_up}


if __name__ == "__main__":
    main()
