"""The routing decision (legal_kb.routing): knowledge first, the intent's doubt never decides alone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List

import pytest

from legal_kb.procedures.service import ProcedureKnowledge
from legal_kb.routing import (
    CHOICES,
    CLARIFY,
    LEGAL,
    NOT_IN_CATALOGUE,
    OUT_OF_SCOPE,
    OWN_ANSWER,
    PROCEDURE,
    Router,
    Signals,
)


@dataclass
class Hit:
    document: str
    article: str


@pytest.fixture(scope="module")
def kb():
    return ProcedureKnowledge.from_content()


class FakeSearch:
    """A legal search that finds an article only for the words it was given; records what was asked."""

    def __init__(self, answers_for: tuple = ()):
        self.answers_for = answers_for
        self.asked: List[str] = []

    def __call__(self, text: str, min_coverage: float = 0.45):
        self.asked.append(text)
        return [Hit("Bộ Luật Dân sự 2015", "175")] if any(w in text for w in self.answers_for) else []


def route(kb, text, intent=None, confidence=0.9, search=None, **kwargs):
    ranking = ((intent, confidence),) if intent else ()
    return Router(kb, search or FakeSearch()).decide(Signals(text=text, ranking=ranking, **kwargs))


def test_a_named_procedure_is_answered_whatever_the_classifier_doubted(kb):
    decided = route(kb, "lý lịch tư pháp số 1 làm ở đâu", intent="out_of_scope", confidence=0.4)
    assert decided.kind == PROCEDURE and decided.key == "ly-lich-tu-phap" and decided.facet == "place"


def test_the_facet_comes_from_the_intent_or_the_wording(kb):
    assert route(kb, "đăng ký khai sinh", intent="ask_fee").facet == "fees"
    assert route(kb, "đăng ký khai sinh mất bao lâu", intent="ask_procedure").facet == "processing_time"
    assert route(kb, "thủ tục đăng ký khai sinh", intent="ask_procedure").facet is None


def test_a_bare_topic_with_variants_offers_the_variants(kb):
    decided = route(kb, "kết hôn", intent="ask_procedure", confidence=0.5)
    assert decided.kind == CHOICES
    assert {"dang-ky-ket-hon", "ket-hon-yeu-to-nuoc-ngoai"} <= {m.key for m in decided.procedures}


def test_a_rights_question_goes_to_the_law_with_the_procedure_as_a_button(kb):
    search = FakeSearch(answers_for=("tạm trú",))
    decided = route(kb, "tôi ở nhà thuê quá 30 ngày có phải đăng ký tạm trú không, không đăng ký có bị phạt",
                    intent="search_law", search=search)
    assert decided.kind == LEGAL and decided.hits and decided.procedures[0].key == "dang-ky-tam-tru"


def test_a_rights_question_without_an_article_still_gets_the_procedure(kb):
    decided = route(kb, "đăng ký tạm trú có bị phạt không", intent="search_law", search=FakeSearch())
    assert decided.kind == PROCEDURE and decided.key == "dang-ky-tam-tru"


def test_a_legal_life_situation_is_searched(kb):
    search = FakeSearch(answers_for=("hàng xóm",))
    decided = route(kb, "hàng xóm xây tường lấn sang đất nhà tôi thì tôi làm gì được", intent="nlu_fallback",
                    confidence=0.3, search=search)
    assert decided.kind == LEGAL and search.asked


def test_an_unknown_procedure_is_not_answered_with_another_one(kb):
    decided = route(kb, "thủ tục xin giấy phép khai thác thủy sản", intent="ask_procedure")
    assert decided.kind == NOT_IN_CATALOGUE
    assert all(m.key != "giay-phep-xay-dung-nha-o" or decided.kind != PROCEDURE for m in decided.procedures)


def test_out_of_scope_only_after_the_knowledge_was_asked(kb):
    search = FakeSearch()
    assert route(kb, "hôm nay thời tiết Lạng Sơn thế nào", intent="out_of_scope", search=search).kind == OUT_OF_SCOPE
    decided = route(kb, "chứng thực hợp đồng mua bán xe máy", intent="out_of_scope", confidence=0.7)
    assert decided.kind == PROCEDURE and decided.key == "chung-thuc-hop-dong"


def test_nothing_clear_gives_concrete_choices_never_bare_intents(kb):
    decided = route(kb, "qwzx vbnm", intent=None)
    assert decided.kind == CLARIFY


def test_a_follow_up_uses_the_procedure_in_context(kb):
    decided = route(kb, "mất bao lâu", intent="ask_processing_time", current_procedure="cap-ho-chieu")
    assert decided.kind == PROCEDURE and decided.key == "cap-ho-chieu" and decided.facet == "processing_time"


def test_a_button_choice_is_answered_directly(kb):
    decided = route(kb, "/ask_fee", intent="ask_fee", chosen_procedure="dang-ky-ket-hon")
    assert (decided.kind, decided.key, decided.facet) == (PROCEDURE, "dang-ky-ket-hon", "fees")


def test_the_summary_is_small_and_names_what_was_chosen(kb):
    summary = route(kb, "làm hộ chiếu cần giấy tờ gì", intent="ask_documents").summary()
    assert summary == {"kind": PROCEDURE, "reason": "procedure named", "procedure": "cap-ho-chieu",
                       "facet": "documents"}


def test_a_procedure_named_only_in_part_is_not_answered(kb):
    # "giấy phép câu cá" shares "giấy phép" and "cá" with "giấy phép kinh doanh hộ cá thể", and names a third of it
    decided = route(kb, "e muốn xin giấy phép câu cá trên hồ", intent="ask_procedure")
    assert decided.kind == NOT_IN_CATALOGUE and decided.key is None


def test_a_follow_up_whose_words_half_match_another_procedure_stays_in_context(kb):
    # "phí" is a word of "Hỗ trợ chi phí mai táng", but the message names no procedure
    decided = route(kb, "phí bao nhiêu", intent="ask_fee", current_procedure="dang-ky-tam-tru")
    assert (decided.kind, decided.key, decided.facet) == (PROCEDURE, "dang-ky-tam-tru", "fees")


def test_a_new_procedure_asked_in_context_is_not_taken_for_a_follow_up(kb):
    decided = route(kb, "còn làm hộ chiếu thì mất bao lâu", intent="ask_processing_time",
                    current_procedure="dang-ky-tam-tru")
    assert decided.kind == PROCEDURE and decided.key == "cap-ho-chieu"


def test_procedure_words_in_a_plainly_private_request_do_not_make_it_a_procedure(kb):
    decided = route(kb, "thủ tục đăng ký thẻ tập gym ở phòng tập gần nhà", intent="out_of_scope", confidence=0.9)
    assert decided.kind == OUT_OF_SCOPE
    unsure = route(kb, "thủ tục đăng ký thẻ tập gym ở phòng tập gần nhà", intent="ask_procedure", confidence=0.6)
    assert unsure.kind == NOT_IN_CATALOGUE


class CoverageSearch(FakeSearch):
    """A legal search whose best article covers ``coverage`` of the message: found only under that bar."""

    def __init__(self, answers_for: tuple, coverage: float):
        super().__init__(answers_for)
        self.coverage = coverage

    def __call__(self, text: str, min_coverage: float = 0.45):
        found = super().__call__(text, min_coverage)
        return found if self.coverage >= min_coverage else []


def test_a_short_greeting_gets_its_own_answer_without_asking_the_knowledge(kb):
    search = FakeSearch(answers_for=("chào",))
    decided = route(kb, "xin chào ạ", intent="greet", search=search)
    assert (decided.kind, decided.intent) == (OWN_ANSWER, "greet") and not search.asked
    assert decided.summary() == {"kind": OWN_ANSWER, "reason": "the intent's own answer", "intent": "greet"}


def test_a_greeting_that_carries_a_procedure_question_is_answered_with_the_procedure(kb):
    decided = route(kb, "chào bạn, cho mình hỏi làm hộ chiếu cần những giấy tờ gì", intent="greet")
    assert (decided.kind, decided.key, decided.facet) == (PROCEDURE, "cap-ho-chieu", "documents")


def test_a_complaint_that_names_a_procedure_still_opens_the_feedback_form(kb):
    decided = route(kb, "tôi muốn phản ánh việc cấp hộ chiếu ở tỉnh chậm hơn hẹn hai tuần", intent="give_feedback")
    assert (decided.kind, decided.intent) == (OWN_ANSWER, "give_feedback")


def test_a_rights_question_taken_for_feedback_gets_the_clearly_relevant_article(kb):
    text = "công chức xã có được đứng tên góp vốn vào hợp tác xã của gia đình không"
    clear = route(kb, text, intent="give_feedback", search=CoverageSearch(("góp vốn",), coverage=0.4))
    assert clear.kind == LEGAL and clear.hits
    weak = route(kb, text, intent="give_feedback", search=CoverageSearch(("góp vốn",), coverage=0.15))
    assert (weak.kind, weak.intent) == (OWN_ANSWER, "give_feedback")


def test_a_button_for_an_intent_with_its_own_answer_gets_that_answer(kb):
    decided = route(kb, "/give_feedback", intent="give_feedback", search=FakeSearch(answers_for=("/",)))
    assert (decided.kind, decided.intent) == (OWN_ANSWER, "give_feedback")


def test_an_unsure_classifier_does_not_choose_an_intent_with_its_own_answer(kb):
    decided = route(kb, "chào bạn, cho mình hỏi làm hộ chiếu cần những giấy tờ gì", intent="greet",
                    confidence=0.4, unsure=True)
    assert decided.kind == PROCEDURE and decided.key == "cap-ho-chieu"


def test_a_story_that_asks_for_no_procedure_gets_a_clearly_relevant_article(kb):
    text = "bố mẹ đẻ cho riêng tôi mảnh vườn từ lâu, giờ vợ đòi chia đôi thì sao"
    clear = route(kb, text, intent="ask_processing_time", search=CoverageSearch(("mảnh vườn",), coverage=0.4))
    assert clear.kind == LEGAL
    weak = route(kb, text, intent="ask_processing_time", search=CoverageSearch(("mảnh vườn",), coverage=0.2))
    assert weak.kind == NOT_IN_CATALOGUE
    asked = route(kb, "thủ tục sang tên mảnh vườn bố mẹ đẻ cho riêng tôi từ lâu", intent="ask_procedure",
                  search=CoverageSearch(("mảnh vườn",), coverage=0.4))
    assert asked.kind != LEGAL


def test_a_plea_for_help_that_tells_a_legal_situation_gets_the_nearest_article(kb):
    text = "cứu em với, chồng em cứ say xỉn về là đánh vợ con, em phải làm sao"
    decided = route(kb, text, intent="help", search=CoverageSearch(("đánh",), coverage=0.15))
    assert decided.kind == LEGAL
    complaint = route(kb, text, intent="give_feedback", search=CoverageSearch(("đánh",), coverage=0.15))
    assert complaint.kind == OWN_ANSWER


def test_everyday_words_for_a_legal_term_make_a_legal_topic_not_a_question(kb):
    from legal_kb.routing import default_cues

    assert default_cues().legal_topic("chồng em cứ say xỉn về là đánh vợ con")
    assert not default_cues().legal_question("chồng em cứ say xỉn về là đánh vợ con")
    assert not default_cues().legal_topic("làm hộ chiếu cho con hết bao nhiêu tiền")


def test_topic_words_do_not_turn_a_named_procedure_into_a_legal_answer(kb):
    text = "em thuê trọ ở phường Vĩnh Trại, giờ muốn đăng ký tạm trú thì làm sao"
    decided = route(kb, text, intent="search_law", confidence=0.45, search=FakeSearch(answers_for=("thuê trọ",)))
    assert decided.kind == PROCEDURE and decided.key == "dang-ky-tam-tru"


def test_only_procedures_named_at_least_half_are_suggested_beside_not_in_catalogue(kb):
    text = "thủ tục xin giấy phép khai thác thủy sản"
    assert kb.resolve(text).candidates  # thai sản, xây dựng…: each names a third of itself or less
    decided = route(kb, text, intent="ask_procedure")
    assert (decided.kind, decided.procedures) == (NOT_IN_CATALOGUE, ())
