"""Correction of mistyped syllables (vntext.spelling) and its Rasa component, without a trained model."""

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from vntext.rasa_components import VietnameseSpellingCorrector
from vntext.spelling import SpellingCorrector

EXAMPLES = [
    "đăng ký kết hôn cần giấy tờ gì",
    "thủ tục đăng ký khai sinh cho con",
    "thủ tục mất bao lâu",
    "hỏi thủ tục mất mấy ngày",
    "thủ tục tạm trú nộp ở đâu",
    "làm căn cước công dân mất bao nhiêu tiền",
    "xin chào trợ lý",
]


def _corrector():
    return SpellingCorrector.learn(EXAMPLES)


def test_unknown_syllable_typed_with_diacritics_is_corrected():
    assert _corrector().correct("đăbg ký kết hôn") == "đăng ký kết hôn"
    assert _corrector().correct("thủ tuc5 tạm trú") == "thủ tuc5 tạm trú"  # digits: not a syllable
    assert _corrector().correct("làm căn cuớc công dân") == "làm căn cước công dân"


def test_unknown_syllable_typed_without_diacritics_is_corrected_folded():
    assert _corrector().correct("dabg ky ket hon") == "dang ky ket hon"
    assert _corrector().correct("xin chaof") == "xin chao"


def test_case_spacing_and_punctuation_are_kept():
    assert _corrector().correct("Đăbg ký,  kết hôn!") == "Đăng ký,  kết hôn!"


def test_valid_word_is_replaced_only_with_context_on_both_sides():
    corrector = _corrector()
    assert corrector.correct("thủ tụ mất bao lâu") == "thủ tục mất bao lâu"
    # "cũng" is valid Vietnamese the examples never use: its neighbours do not call for "công".
    assert corrector.correct("hỏi gì cũng không biết") == "hỏi gì cũng không biết"


def test_names_short_words_and_acronyms_are_left_alone():
    corrector = _corrector()
    assert corrector.correct("xin chào Marvel") == "xin chào Marvel"
    assert corrector.correct("dc ko") == "dc ko"
    assert corrector.correct("làm CCCDD") == "làm CCCDD"


def test_words_far_from_every_known_word_are_kept():
    assert _corrector().correct("karaoke ở đâu") == "karaoke ở đâu"


def test_round_trip_through_dict_gives_the_same_corrections():
    corrector = _corrector()
    copy = SpellingCorrector.from_dict(corrector.to_dict())
    for text in ("đăbg ký kết hôn", "dabg ky ket hon", "thủ tụ mất bao lâu"):
        assert copy.correct(text) == corrector.correct(text)


def test_component_trains_persists_and_corrects_messages(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("spelling")
    context = ExecutionContext(graph_schema=None, model_id="test")
    component = VietnameseSpellingCorrector.create({}, storage, resource, context)
    training = TrainingData([Message(data={TEXT: t, "intent": "x"}) for t in EXAMPLES])
    component.train(training)
    loaded = VietnameseSpellingCorrector.load({}, storage, resource, context)
    messages = [Message(data={TEXT: "dabg ky ket hon"}), Message(data={TEXT: "/affirm"})]
    loaded.process(messages)
    assert [m.get(TEXT) for m in messages] == ["dang ky ket hon", "/affirm"]
    # Training examples are left as written, even a mistyped one the same component corrects at inference.
    typed = TrainingData([Message(data={TEXT: "dabg ky ket hon", "intent": "x"})])
    assert [m.get(TEXT) for m in loaded.process_training_data(typed).training_examples] == ["dabg ky ket hon"]
