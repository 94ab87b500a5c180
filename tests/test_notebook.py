"""In a Jupyter notebook, fit(verbose=1) shows live progress and a loss chart, updated in place.

A real notebook is executed with nbclient and an IPython kernel (test-only packages,
installed by .ci/run; skipped where they are not installed).
"""

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (a test-only package)")
nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (a test-only package)")
pytest.importorskip("ipykernel", reason="ipykernel is not installed (a test-only package)")

CODE = """
from tinynet import Network, Dense
net = Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], loss="binary_crossentropy", seed=1)
history = net.fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], epochs=300, learning_rate=1.0,
                  verbose=1)
"""


def test_fit_shows_live_progress_in_a_notebook(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(CODE), nbformat.v4.new_code_cell("net"),
                nbformat.v4.new_code_cell("history")]
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = nb.cells[0].outputs
    shown = [o for o in outputs if o.get("output_type") == "display_data"]
    assert len(shown) == 1, outputs  # one display, updated in place (not 300 of them)
    html = shown[0]["data"]["text/html"]
    assert "tinynet-progress" in html and "epoch 300/300" in html and "<polyline" in html
    assert not [o for o in outputs if o.get("output_type") == "stream"]  # no stray text
    net_html = nb.cells[1].outputs[0]["data"]["text/html"]
    assert "<table" in net_html and "<svg" in net_html and "hidden layer 1" in net_html
    history_html = nb.cells[2].outputs[0]["data"]["text/html"]
    assert "<details>" in history_html and "<svg" in history_html
