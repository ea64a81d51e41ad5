"""Every notebook under notebooks/ runs top to bottom in a fresh kernel."""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert {path.name for path in NOTEBOOKS} >= {"quickstart.ipynb", "corpus_tour.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_runs_without_error(path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.get("output_type") == "error"]
    assert outputs  # the notebook showed something
    shown = [output.get("data", {}) for output in outputs] + [
        {"text/plain": output.get("text", "")} for output in outputs
    ]
    assert not [data for data in shown if data.get("text/plain", "").strip() == "None"]  # no stray "None"
    pages = [data["text/html"] for data in shown if "text/html" in data]
    assert not [page for page in pages if re.search(r">\s*None\s*<", page)]  # nor one inside the HTML
    if path.name == "quickstart.ipynb":
        assert any('class="nq-article"' in page for page in pages)  # nlp_quotes.display showed the article
