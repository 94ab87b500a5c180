"""The demo behind ``python -m tinynet``: the classic tutorial, then the truth about XOR.

1. The tutorial's single neuron (``tinynet.classic.NeuralNetwork``) starts from
   the same random weights as the NumPy original, trains, and prints what the
   original prints.
2. It asks you for a new situation (three 0/1 numbers) and predicts it.
3. XOR: one layer cannot learn it (no straight line separates its classes);
   a network with one hidden layer can.
"""

try:
    import argparse
except ImportError:  # MicroPython has no argparse: an ImportError that says what needs it
    from ._compat import require
    argparse = require("argparse", "tinynet.demo")

import sys

from . import backends
from .classic import TUTORIAL_INPUTS, TUTORIAL_OUTPUTS, NeuralNetwork, format_array
from .layers import Dense
from .network import Network

TYPE_CHECKING = False
if TYPE_CHECKING:  # only for type checkers
    from typing import Callable

__all__ = ["main", "ask_situation", "xor_comparison", "build_parser", "add_arguments", "run"]

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0, 1, 1, 0]
DEFAULT_SITUATION = [1.0, 0.0, 0.0]


def parse_situation(text: str) -> "list[float]":
    """Three numbers typed by a user ("1 0 0" or "1,0,0") as floats, or a ValueError."""
    parts = text.replace(",", " ").split()
    if len(parts) != 3:
        raise ValueError("please type exactly three numbers, e.g. 1 0 0 (got %d)" % len(parts))
    values = []
    for part in parts:
        try:
            value = float(part)
        except ValueError:
            raise ValueError("%r is not a number" % part) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("%r is not a finite number" % part)
        values.append(value)
    return values


def _in_webassembly_without_terminal():
    """True in Pyodide (a browser page or Node) when stdin is not a terminal.

    There, ``input()`` would block a browser page for good (or, in Node, end
    at once), so the demo must not call it (a ``read`` function passed in
    instead is called as usual). Elsewhere a pipe is fine: the
    typed lines are read from it.
    """
    if sys.platform != "emscripten":
        return False
    isatty = getattr(sys.stdin, "isatty", None)
    return not (isatty and isatty())


def ask_situation(out: "Callable[[str], object]" = print, read: "Callable[[str], str]" = input,
                  attempts: int = 5) -> "tuple[list[float], bool]":
    """Ask for three numbers until they parse; fall back to 1 0 0 at end of input.

    The three numbers may come on one line ("1 0 0" or "1,0,0") or, as the
    tutorial asks for them, one per line: a line with a single number is
    followed by prompts for the second and the third.

    Returns ``(values, typed)``: ``typed`` is False when the default was used.
    """
    if sys.stdin is None or (read is input and _in_webassembly_without_terminal()):
        out("No terminal to read from: using the new situation 1 0 0.")
        return list(DEFAULT_SITUATION), False
    for _ in range(attempts):
        try:
            text = read("New situation: type three numbers, e.g. 1 0 0: ")
            if len(text.replace(",", " ").split()) == 1:
                # the tutorial's own way: one number per line (input 1, input 2, input 3)
                for k in (2, 3):
                    text += " " + read("input %d: " % k)
        except EOFError:
            out("")
            out("No input: using the new situation 1 0 0.")
            return list(DEFAULT_SITUATION), False
        try:
            return parse_situation(text), True
        except ValueError as exc:
            out("That did not work: %s. Try again." % exc)
    out("Too many tries: using the new situation 1 0 0.")
    return list(DEFAULT_SITUATION), False


def xor_comparison(out: "Callable[[str], object]" = print, seed: int = 1,
                   backend: "str | None" = None) -> "tuple[int, int]":
    """Train one layer and a 2-4-1 network on XOR; print what each gets right.

    Returns ``(single_correct, hidden_correct)``, each out of 4.
    """
    results = []
    for title, layers, epochs, lr in (
        ("one layer (2 -> 1, sigmoid)", [Dense(2, 1, "sigmoid")], 5000, 1.0),
        ("one hidden layer (2 -> 4 tanh -> 1 sigmoid)",
         [Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], 5000, 1.0),
    ):
        net = Network(layers, loss="binary_crossentropy", seed=seed)
        history = net.fit(XOR_X, XOR_Y, epochs=epochs, learning_rate=lr, verbose=0, backend=backend)
        outputs = [row[0] for row in net.predict(XOR_X, backend=backend)]
        correct = 0
        for o, t in zip(outputs, XOR_Y):
            correct += (o >= 0.5) == (t == 1)
        results.append(correct)
        out("%s: %d/4 correct, final loss %.4f" % (title, correct, history.history["loss"][-1]))
        out("    outputs for 00 01 10 11: " + "  ".join("%.3f" % o for o in outputs))
    return results[0], results[1]


DESCRIPTION = ("Run the classic 'simple neural network' tutorial end to end, "
               "then show that XOR needs a hidden layer.")


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the demo's options to ``parser`` (an ``argparse`` parser or subparser).

    ``tinynet.cli`` uses this to give the ``tinynet demo`` subcommand the
    same options as :func:`main`; returns the parser.
    """
    parser.add_argument("--iterations", type=int, default=15000,
                        help="training iterations for the tutorial's neuron (default 15000)")
    parser.add_argument("--situation", metavar="'A B C'",
                        help="the new situation to predict, e.g. '1 0 0' (default: ask)")
    parser.add_argument("--seed", type=int, default=1, help="seed for the XOR networks (default 1)")
    parser.add_argument("--backend", choices=backends.NAMES,
                        help="training loop for the XOR networks (default: %s)" % backends.BACKEND)
    return parser


def build_parser(prog: str = "tinynet demo") -> argparse.ArgumentParser:
    """The demo's command-line options, as a stand-alone ``argparse`` parser."""
    return add_arguments(argparse.ArgumentParser(prog=prog, description=DESCRIPTION))


def run(args: argparse.Namespace, out: "Callable[[str], object]" = print, read: "Callable[[str], str]" = input) -> int:
    """Run the demo with parsed ``args``; returns 0."""
    if args.iterations < 0:
        raise ValueError("--iterations must be 0 or more")
    backend = args.backend or backends.BACKEND
    backends.get(backend)  # fail early, with a clear message, if it is not built
    out("tinynet demo, training backend: %s" % backend)
    out("")
    out("== The tutorial's single neuron (3 inputs, no hidden layer) ==")
    nn = NeuralNetwork(seed=1)
    out("Random starting synaptic weights: ")
    out(format_array(nn.synaptic_weights))
    nn.train(TUTORIAL_INPUTS, TUTORIAL_OUTPUTS, args.iterations)
    out("New synaptic weights after training (%d iterations): " % args.iterations)
    out(format_array(nn.synaptic_weights))
    if args.situation is not None:
        situation = parse_situation(args.situation)
    else:
        situation, _ = ask_situation(out=out, read=read)
    shown = "[%s]" % ", ".join("%g" % v for v in situation)
    out("Considering new situation %s -> ?: " % shown)
    out(format_array(nn.think(situation)))
    out("")
    out("== XOR: can one layer learn it? ==")
    xor_comparison(out=out, seed=args.seed, backend=backend)
    out("One layer draws a single straight line, and no line separates XOR's 1s from its 0s;")
    out("a hidden layer bends the boundary. (The tutorial's one-neuron network cannot learn XOR.)")
    return 0


def main(argv: "list[str] | None" = None) -> int:
    """Entry point: ``python -m tinynet demo [options]``."""
    args = build_parser().parse_args(argv)
    return run(args)
