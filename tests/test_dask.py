"""The Dask path on a two-worker LocalCluster returns the records of the pandas path."""

import dask.dataframe as dd
import distributed
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import nlp_quotes
import nlp_quotes.dask

TEXTS = [
    "某县县长姜文涛表示：“我们要把路修到每个村。”\n",
    "“路通了，果子就卖得出去。”村民王小红说。\n",
    "全国政协委员、某公司董事长林海峰认为，民营企业要加大研发投入。\n",
    "市教育局局长陈思远指出，今年将新建五所学校。\n",
    "今天天气晴朗。\n",
    "他说：“创新是第一动力。”\n",
]


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster) as client:
        yield client


def test_dask_quotes_equal_the_pandas_path(client):
    frame = pd.DataFrame({"doc_id": [f"d{n}" for n in range(len(TEXTS) * 2)], "text": TEXTS * 2})
    ddf = dd.from_pandas(frame, npartitions=6)
    lazy = nlp_quotes.dask.extract_quotes(ddf, text="text", doc_id="doc_id")
    assert list(lazy.columns) == list(nlp_quotes.QUOTE_COLUMNS)
    result = lazy.compute().reset_index(drop=True)
    expected = nlp_quotes.process(frame, progress=False).quotes
    order = ["doc_id", "quote_id"]
    assert_frame_equal(
        result.sort_values(order).reset_index(drop=True), expected.sort_values(order).reset_index(drop=True)
    )
    loads = client.run(lambda: nlp_quotes.dask.LOADS["count"])
    assert sorted(loads.values()) == [1, 1]  # six partitions, one load per worker process


def test_missing_column_is_named():
    ddf = dd.from_pandas(pd.DataFrame({"id": ["a"], "body": ["王立新说，今年要多种树。"]}), npartitions=1)
    with pytest.raises(KeyError, match="'text'"):
        nlp_quotes.dask.extract_quotes(ddf)
