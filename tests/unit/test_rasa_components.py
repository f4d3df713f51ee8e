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
