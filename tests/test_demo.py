"""Tests for ``python -m tinynet`` (the demo): run as a real subprocess, as a learner would."""

import re
import subprocess
import time

import pytest
from conftest import run_python_module

import tinynet
from tinynet.classic import TUTORIAL_INPUTS, TUTORIAL_OUTPUTS, NeuralNetwork, format_array


def run_tinynet(args=(), stdin_text=None, timeout=60):
    """Run ``python -m tinynet ARGS`` in a subprocess; return (process, seconds)."""
    started = time.perf_counter()
    proc = run_python_module(
        ["tinynet"] + list(args),
        input=stdin_text,
        stdin=subprocess.DEVNULL if stdin_text is None else None,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return proc, time.perf_counter() - started


def tutorial_prediction(situation, iterations=15000):
    """What the tutorial's neuron, trained as the demo trains it, prints for ``situation``."""
    nn = NeuralNetwork(seed=1)
    nn.train(TUTORIAL_INPUTS, TUTORIAL_OUTPUTS, iterations)
    return format_array(nn.think(situation))


def xor_scores(stdout):
    single = re.search(r"one layer \(2 -> 1, sigmoid\): (\d)/4 correct", stdout)
    hidden = re.search(r"one hidden layer \(2 -> 4 tanh -> 1 sigmoid\): (\d)/4 correct", stdout)
    assert single and hidden, stdout
    return int(single.group(1)), int(hidden.group(1))


def test_typed_situation_is_predicted():
    proc, seconds = run_tinynet(stdin_text="1 1 0\n")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "tinynet demo, training backend: %s" % tinynet.BACKEND
    assert "Considering new situation [1, 1, 0] -> ?: " in proc.stdout
    after = proc.stdout.split("Considering new situation [1, 1, 0] -> ?: \n", 1)[1]
    assert after.startswith(tutorial_prediction([1, 1, 0]) + "\n")
    assert "using the new situation" not in proc.stdout
    assert "Traceback" not in proc.stderr
    assert seconds < 20


def test_bad_input_then_good_input():
    proc, _ = run_tinynet(stdin_text="1 zero 0\n1 2\n1 0 1\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("That did not work") == 2
    assert "'zero' is not a number" in proc.stdout
    assert "exactly three numbers" in proc.stdout
    after = proc.stdout.split("Considering new situation [1, 0, 1] -> ?: \n", 1)[1]
    assert after.startswith(tutorial_prediction([1, 0, 1]) + "\n")


def test_no_input_uses_1_0_0():
    proc, seconds = run_tinynet()  # stdin is /dev/null: end of input at once
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("tinynet demo, training backend: ")
    assert "using the new situation 1 0 0" in proc.stdout
    after = proc.stdout.split("Considering new situation [1, 0, 0] -> ?: \n", 1)[1]
    assert after.startswith(tutorial_prediction([1, 0, 0]) + "\n")
    assert seconds < 20


def test_xor_needs_a_hidden_layer(backend):
    proc, _ = run_tinynet(["demo", "--backend", backend, "--situation", "0 1 1"])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "tinynet demo, training backend: %s" % backend
    single, hidden = xor_scores(proc.stdout)
    assert single < 4
    assert hidden == 4


def test_options_without_command_go_to_the_demo():
    proc, _ = run_tinynet(["--iterations", "100"], stdin_text="1 0 0\n")
    assert proc.returncode == 0, proc.stderr
    assert "after training (100 iterations)" in proc.stdout
    after = proc.stdout.split("Considering new situation [1, 0, 0] -> ?: \n", 1)[1]
    assert after.startswith(tutorial_prediction([1, 0, 0], 100) + "\n")


@pytest.mark.parametrize("args", [["--help"], ["demo", "--help"]])
def test_help_explains_the_options(args):
    proc, _ = run_tinynet(args)
    assert proc.returncode == 0
    assert proc.stdout.startswith("usage: tinynet")
    if args == ["--help"]:
        for command in ("demo", "train", "predict", "evaluate", "report", "bench", "info"):
            assert command in proc.stdout
    else:
        for option in ("--iterations", "--situation", "--seed", "--backend"):
            assert option in proc.stdout


def test_bad_demo_option_is_one_line_error():
    proc, _ = run_tinynet(["--iterations", "-5"])
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["tinynet: error: --iterations must be 0 or more"]


def test_the_tutorials_way_one_number_per_line():
    from tinynet.demo import ask_situation

    lines = iter(["1", "0", "1"])
    prompts = []

    def read(prompt):
        prompts.append(prompt)
        return next(lines)

    assert ask_situation(out=lambda *a: None, read=read) == ([1.0, 0.0, 1.0], True)
    assert prompts[1:] == ["input 2: ", "input 3: "]
    # the run as a learner types it, one number per line
    proc, _ = run_tinynet(["--iterations", "100"], stdin_text="1\n0\n0\n")
    assert proc.returncode == 0 and "Considering new situation [1, 0, 0]" in proc.stdout


def test_webassembly_without_terminal_never_calls_input(monkeypatch):
    """In Pyodide (sys.platform "emscripten") with no terminal, input() would block a page."""
    import io
    import sys

    from tinynet import demo

    printed = []
    monkeypatch.setattr(sys, "platform", "emscripten")
    # not a terminal; input() would read "1 1 0" from it if it were called
    monkeypatch.setattr(sys, "stdin", io.StringIO("1 1 0\n"))
    assert demo.ask_situation(out=printed.append) == (demo.DEFAULT_SITUATION, False)
    assert printed == ["No terminal to read from: using the new situation 1 0 0."]
    # the same pipe elsewhere is read as typed input
    monkeypatch.setattr(sys, "platform", "linux")
    assert demo.ask_situation(out=printed.append, read=lambda prompt: "1 1 0") == ([1.0, 1.0, 0.0], True)
