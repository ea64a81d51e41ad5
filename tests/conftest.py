import pytest

import nlp_quotes


@pytest.fixture(scope="session")
def nlp():
    return nlp_quotes.load()


@pytest.fixture
def quotes(nlp):
    """Run extract_quotes with the shared pipeline; returns the DataFrame."""

    def run(text: str, doc_id: str = "t"):
        return nlp_quotes.extract_quotes(text, doc_id=doc_id, nlp=nlp)

    return run
