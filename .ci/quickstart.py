"""Run notebooks/quickstart.ipynb in this Python's own kernel; check it plots with the viz extra's font.

Run by .ci/run with the python of a fresh venv holding only ``pip install ".[viz]"`` and nbclient.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    """Execute the notebook; 0 when every cell ran and the chart came from the packaged font."""
    notebook = nbformat.read(ROOT / "notebooks" / "quickstart.ipynb", as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]
    printed = "".join(output.get("text", "") for output in outputs if output.get("output_type") == "stream")
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    font = next((line for line in printed.splitlines() if line.startswith("font:")), "")
    print(f"quickstart ran: {len(notebook.cells)} cells, {len(images)} image(s); {font}")
    if "noto_cjk_sans_otc" not in font or not images:
        print("the chart was not drawn with the font of the viz extra (noto-cjk-sans-otc)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
