"""The Rasa NLU components of vntext, exercised on messages without training a model."""

from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from vntext.rasa_components import (
    FoldedCountVectorsFeaturizer,
    VietnameseNormalizer,
    VietnameseTokenizer,
)


def _tokenizer():
    return VietnameseTokenizer(VietnameseTokenizer.get_default_config())


def test_normalizer_rewrites_text_and_moves_entities_in_training_data():
    text = "dk  kết hôn ở UBND xã Đồng Đăng"
    start = text.index("kết hôn")
    message = Message(
        data={
            TEXT: text,
            "intent": "ask_procedure",
            ENTITIES: [{"start": start, "end": start + 7, "value": "kết hôn", "entity": "procedure"}],
        }
    )
    VietnameseNormalizer({}).process_training_data(TrainingData([message]))
    new_text = message.get(TEXT)
    assert new_text.startswith("đăng ký kết hôn ở Ủy ban nhân dân")
    entity = message.get(ENTITIES)[0]
    assert new_text[entity["start"] : entity["end"]] == "kết hôn"


def test_normalizer_at_inference():
    message = Message(data={TEXT: "lam cccd mat bao lau  ??"})
    VietnameseNormalizer({}).process([message])
    assert message.get(TEXT) == "lam căn cước công dân mat bao lau ?"


def test_tokenizer_tokens_match_text_and_lemmas_join_syllables():
    message = Message(data={TEXT: "Thủ tục đăng ký khai sinh ở Lạng Sơn"})
    _tokenizer().process([message])
    tokens = message.get(TOKENS_NAMES[TEXT])
    text = message.get(TEXT)
    assert [t.text for t in tokens][:3] == ["Thủ tục", "đăng ký", "khai sinh"]
    assert [t.lemma for t in tokens][:3] == ["thủ_tục", "đăng_ký", "khai_sinh"]
    for token in tokens:
        assert text[token.start : token.end] == token.text


def test_tokenizer_handles_emoji_only_and_drops_punctuation():
    message = Message(data={TEXT: "👍👍"})
    _tokenizer().process([message])
    assert [t.text for t in message.get(TOKENS_NAMES[TEXT])] == ["👍👍"]
    message = Message(data={TEXT: "xin chào !!!"})
    _tokenizer().process([message])
    assert [t.text for t in message.get(TOKENS_NAMES[TEXT])] == ["xin", "chào"]


def test_folded_featurizer_sees_the_same_tokens_with_and_without_diacritics():
    featurizer = FoldedCountVectorsFeaturizer.__new__(FoldedCountVectorsFeaturizer)
    featurizer.lowercase = True
    assert featurizer._process_tokens(["Đăng", "ký", "khai_sinh"]) == ["dang", "ky", "khai_sinh"]
    assert featurizer._process_tokens(["dang", "ky", "khai_sinh"]) == ["dang", "ky", "khai_sinh"]


def _featurized(text, vector, intent=None):
    import numpy as np
    from rasa.shared.nlu.training_data.features import Features
    from scipy.sparse import coo_matrix

    message = Message(data={TEXT: text, **({"intent": intent} if intent else {})})
    message.add_features(Features(coo_matrix(np.array([vector], dtype=float)), "sentence", TEXT, "test"))
    return message


def test_blended_classifier_averages_its_probabilities_with_the_earlier_ranking(tmp_path):
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from vntext.rasa_components import BlendedLogisticRegressionClassifier

    context = ExecutionContext(graph_schema=None, model_id="test", node_name="blend")
    classifier = BlendedLogisticRegressionClassifier.create(
        BlendedLogisticRegressionClassifier.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("blend"),
        context,
    )
    training = [_featurized(f"a{i}", [1, 0], "greet") for i in range(5)]
    training += [_featurized(f"b{i}", [0, 1], "goodbye") for i in range(5)]
    classifier.train(TrainingData(training))

    alone = _featurized("x", [1, 0])
    classifier.process([alone])
    own = {item["name"]: item["confidence"] for item in alone.get("intent_ranking")}
    assert alone.get("intent")["name"] == "greet"

    # An earlier classifier sure of "goodbye" outweighs a logistic regression that leans to "greet".
    blended = _featurized("x", [1, 0])
    blended.set("intent_ranking", [{"name": "goodbye", "confidence": 1.0}, {"name": "greet", "confidence": 0.0}])
    classifier.process([blended])
    ranking = {item["name"]: item["confidence"] for item in blended.get("intent_ranking")}
    assert abs(ranking["greet"] - 0.5 * own["greet"]) < 1e-9
    assert abs(ranking["goodbye"] - (0.5 * own["goodbye"] + 0.5)) < 1e-9
    assert blended.get("intent")["name"] == "goodbye"
    assert abs(sum(ranking.values()) - 1.0) < 1e-9
