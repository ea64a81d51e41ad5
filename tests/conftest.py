import importlib.util

import pytest

import nlp_quotes

#: Optional packages some tests need: marker -> (module, why it is missing and how to install it).
OPTIONAL = {
    "torch": ("torch", "PyTorch is not installed (CPU build: pip install torch==2.13.0, see README)"),
    "hanlp": ("hanlp", 'HanLP is not installed (torch first, then pip install ".[hanlp]", see README)'),
}


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test marked ``torch`` or ``hanlp``, with the reason, when that package is not installed."""
    for marker, (module, reason) in OPTIONAL.items():
        if item.get_closest_marker(marker) and importlib.util.find_spec(module) is None:
            pytest.skip(reason)


@pytest.fixture(scope="session")
def nlp():
    return nlp_quotes.load()


@pytest.fixture
def quotes(nlp):
    """Run extract_quotes with the shared pipeline; returns the DataFrame."""

    def run(text: str, doc_id: str = "t"):
        return nlp_quotes.extract_quotes(text, doc_id=doc_id, nlp=nlp)

    return run
