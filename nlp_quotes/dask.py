"""Quotations of a Dask DataFrame of documents, for archives beyond one machine.

    >>> import dask.dataframe as dd, nlp_quotes.dask
    >>> ddf = dd.read_parquet("articles/")                      # columns doc_id, text
    >>> quotes = nlp_quotes.dask.extract_quotes(ddf, text="text", doc_id="doc_id")
    >>> quotes.to_parquet("quotes/")

Each worker process loads the pipeline once and keeps it for every partition
it is given.  Install with ``pip install ".[dask]"`` from the clone.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from nlp_quotes.corpus.process import process_stream
from nlp_quotes.pipeline import DEFAULT_MODEL, load
from nlp_quotes.schema import quotes_frame

#: Times this process has loaded a pipeline for Dask partitions (read by the tests).
LOADS = {"count": 0}


@lru_cache(maxsize=2)
def worker_pipeline(model: str):
    """The pipeline of this worker process, loaded on first use."""

    LOADS["count"] += 1
    return load(model)


def quotes_of_partition(
    partition: pd.DataFrame, text: str, doc_id: str, model: str, min_confidence: float
) -> pd.DataFrame:
    """The quotation table of one partition, with the columns of :func:`nlp_quotes.extract_quotes`.

    Documents that are no text give no rows here; :func:`nlp_quotes.process`
    is the path that reports them one by one.
    """

    if partition.empty:
        return quotes_frame()
    nlp = worker_pipeline(model)
    rows = []
    pairs = zip(partition[doc_id], partition[text], strict=True)
    for outcome in process_stream(pairs, nlp, min_confidence=min_confidence):
        rows.extend(outcome.quotes)
    return quotes_frame(rows)


def extract_quotes(
    ddf,
    text: str = "text",
    doc_id: str = "doc_id",
    model: str = DEFAULT_MODEL,
    min_confidence: float = 0.0,
):
    """A lazy ``dask.dataframe.DataFrame`` of the quotations of every document in ``ddf``.

    Args:
        ddf: a Dask DataFrame with a text column and a document-id column.
        text, doc_id: the names of those columns.
        model: shipped pipeline each worker loads (once per worker process).
        min_confidence: as in :func:`nlp_quotes.extract_quotes`.
    """
    for column in (text, doc_id):
        if column not in ddf.columns:
            raise KeyError(f"no column {column!r} in the Dask DataFrame; its columns are {list(ddf.columns)}")
    return ddf.map_partitions(
        quotes_of_partition, text, doc_id, model, min_confidence, meta=quotes_frame(), align_dataframes=False
    )
