"""The CRF's lexical resources: gazetteer marks and character clusters."""

from nlp_quotes.entities.crf import FeatureResources, char_features
from nlp_quotes.entities.lexical import CharClusters, Gazetteer


def test_gazetteer_marks_the_longest_known_entity():
    gazetteer = Gazetteer.from_spans(
        [
            ("中国农业银行在北京开会。", [(0, 6, "ORG"), (7, 9, "LOC")]),
            ("中国很大。", [(0, 2, "LOC")]),
            ("王立新来了。", [(0, 3, "PERSON")]),
        ]
    )
    marks = gazetteer.marks("中国农业银行和王立新")
    assert marks[0] == ["gzB=ORG"]  # 中国农业银行 wins over 中国
    assert marks[5] == ["gzE=ORG"] and "gzI=ORG" in marks[2]
    assert marks[7] == ["gzB=PERSON"] and marks[9] == ["gzE=PERSON"]
    assert marks[6] == []


def test_gazetteer_round_trips_and_feeds_the_crf_features(tmp_path):
    gazetteer = Gazetteer.from_spans([("王立新来了。", [(0, 3, "PERSON")])])
    path = tmp_path / "gazetteer.json"
    gazetteer.to_disk(path)
    loaded = Gazetteer.from_disk(path)
    assert loaded.entries == {"王立新": "PERSON"}
    features = char_features("王立新说", resources=FeatureResources(gazetteer=loaded))
    assert "gzB=PERSON" in features[0] and "gzE=PERSON" in features[2]
    assert not any(f.startswith("gz") for f in char_features("王立新说")[0])


def test_character_clusters_group_characters_that_share_contexts():
    texts = ["张三说今天下雨。李四说今天下雪。王五说明天下雨。赵六说明天下雪。"] * 20
    clusters = CharClusters.train(texts, n_clusters=4, dims=4, min_count=5)
    assert set(clusters.cluster_of) >= {"张", "李", "雨", "雪"}
    assert all(0 <= k < 4 for k in clusters.cluster_of.values())
    features = char_features("张三说", resources=FeatureResources(clusters=clusters))
    assert any(f.startswith("k0=") for f in features[0])
