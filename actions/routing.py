"""One action for questions about procedures and the law, and for messages the classifier is unsure of:
``legal_kb.routing`` decides with every signal (procedure matcher, legal search, intent ranking); this renders
the decision. The decision is kept in the ``route`` slot (for benchmarks and the insights page)."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.legal import legal_buttons
from actions.messages import latest, latest_entity, latest_text
from actions.procedures import INTENT_BY_FACET, facet_buttons, knowledge, procedure_payload
from actions.store import engine
from legal_kb.db import session_scope
from legal_kb.documents import answers as legal_answers
from legal_kb.documents.search.lay import search_question
from legal_kb.procedures import answers
from legal_kb.routing import (
    CHOICES,
    LEGAL,
    NOT_IN_CATALOGUE,
    OUT_OF_SCOPE,
    OWN_ANSWER,
    OWN_ANSWER_INTENTS,
    PROCEDURE,
    Route,
    Router,
    Signals,
)

logger = logging.getLogger(__name__)

HANDOFF_BUTTON = {"title": "Gặp cán bộ", "payload": "/human_handoff"}
CAPABILITY_BUTTONS = [
    {"title": "Hỏi về một thủ tục hành chính", "payload": "/ask_procedure"},
    {"title": "Tra cứu quy định pháp luật", "payload": "/search_law"},
    HANDOFF_BUTTON,
]


# A menu button sends a bare intent ("/ask_procedure"): ask for the question itself.
PROMPTS = {
    "search_law": "Anh/chị gõ câu hỏi về pháp luật, kể cả kể lại sự việc, ví dụ: \"hàng xóm xây tường lấn sang đất nhà"
                  " tôi thì pháp luật quy định thế nào\" hoặc \"điều 20 Luật Cư trú\".",
    "out_of_scope": "Bạn hãy diễn đạt lại câu hỏi về thủ tục hành chính hoặc quy định pháp luật, tôi sẽ tra cứu giúp.",
}
PROCEDURE_PROMPT = ("Bạn muốn hỏi về thủ tục nào? Hãy gõ tên thủ tục hoặc việc cần làm, ví dụ: \"làm căn cước cho con\","
                    " \"đăng ký tạm trú cần giấy tờ gì\", \"lệ phí cấp hộ chiếu\".")


def bare_payload_prompt(signals: Signals) -> Optional[str]:
    """The prompt for a button that named only an intent, or None when the message says something."""
    text = (signals.text or "").strip()
    if signals.intent in OWN_ANSWER_INTENTS or not text.startswith("/") or signals.chosen_procedure:
        return None
    if " " in text.split("{", 1)[0]:
        return None
    return PROMPTS.get(signals.intent or "", PROCEDURE_PROMPT)


def signals_from(tracker: Tracker) -> Signals:
    message = latest(tracker)
    ranking = [(r.get("name"), float(r.get("confidence") or 0.0)) for r in message.get("intent_ranking") or []
               if r.get("name") and r.get("name") != "nlu_fallback"]
    if not ranking and (message.get("intent") or {}).get("name") not in (None, "nlu_fallback"):
        ranking = [(message["intent"]["name"], float(message["intent"].get("confidence") or 1.0))]
    unsure = (message.get("intent") or {}).get("name") == "nlu_fallback"
    return Signals(text=latest_text(tracker), ranking=tuple(ranking), unsure=unsure,
                   chosen_procedure=latest_entity(tracker, "procedure_key"),
                   mention=latest_entity(tracker, "procedure"), current_procedure=tracker.get_slot("procedure_key"))


def decide_and_render(signals: Signals) -> Tuple[Route, List[Dict[str, Any]], Optional[str]]:
    """(route, messages to send, procedure now in context); one database session, run in a worker thread."""
    kb = knowledge()
    with session_scope(engine()) as session:
        router = Router(kb, lambda text, bar: search_question(session, text, k=5, min_coverage=bar))
        route = router.decide(signals)
        return route, render(route, signals, kb, session), route.key


def render(route: Route, signals: Signals, kb, session) -> List[Dict[str, Any]]:
    if route.kind == PROCEDURE:
        if route.facet:
            return [{"text": kb.facet(route.key, route.facet)}]
        return [{"text": kb.overview(route.key), "buttons": facet_buttons(route.key)}]
    if route.kind == CHOICES:
        intent = INTENT_BY_FACET.get(route.facet or "", "ask_procedure")
        names = "\n".join(f"{n}. {m.name}" for n, m in enumerate(route.procedures, start=1))
        buttons = [{"title": m.name, "payload": procedure_payload(intent, m.key)} for m in route.procedures]
        return [{"text": f"Bạn muốn hỏi thủ tục nào dưới đây?\n{names}", "buttons": buttons}]
    if route.kind == LEGAL:
        answer = legal_answers.answer_from_hits(session, route.hits, signals.text)
        buttons = legal_buttons(answer)
        buttons += [{"title": f"Thủ tục: {m.name}"[:80], "payload": procedure_payload("ask_procedure", m.key)}
                    for m in route.procedures[:2]]
        return [{"text": answer.text, "buttons": buttons}]
    if route.kind == NOT_IN_CATALOGUE:
        return [{"text": answers.not_in_catalogue_text(route.procedures, kb.catalog),
                 "buttons": [{"title": m.name, "payload": procedure_payload("ask_procedure", m.key)}
                             for m in route.procedures[:3]] + [HANDOFF_BUTTON]}]
    if route.kind == OUT_OF_SCOPE:
        return [{"response": "utter_out_of_scope"}]
    if route.kind == OWN_ANSWER:
        return []  # the intent's own answer follows (data/rules: answer_source = intent)
    return [clarify_message(route)]


def clarify_message(route: Route) -> Dict[str, Any]:
    """Concrete options: procedures the matcher half-recognised, then what the assistant can do."""
    buttons = [{"title": m.name, "payload": procedure_payload("ask_procedure", m.key)} for m in route.procedures[:3]]
    buttons += CAPABILITY_BUTTONS
    lead = "Tôi chưa hiểu rõ câu hỏi của bạn."
    if route.procedures:
        lead += " Có phải bạn hỏi về một trong các thủ tục dưới đây?"
    else:
        lead += (" Bạn có thể hỏi về một thủ tục (ví dụ \"làm căn cước cần giấy tờ gì\"), về quy định pháp luật"
                 " (ví dụ \"con cái có nghĩa vụ gì với cha mẹ\"), hoặc chọn một mục dưới đây.")
    return {"text": lead, "buttons": buttons}


class ActionRoute(Action):
    def name(self) -> Text:
        return "action_route"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        signals = signals_from(tracker)
        prompt = bare_payload_prompt(signals)
        if prompt:
            dispatcher.utter_message(text=prompt)
            return [SlotSet("route", json.dumps({"kind": "prompt"}))]
        started = time.perf_counter()
        try:
            route, messages, key = await asyncio.to_thread(decide_and_render, signals)
        except Exception:
            logger.exception("routing failed")
            dispatcher.utter_message(text="Xin lỗi, hệ thống tra cứu đang gặp sự cố. Bạn vui lòng thử lại sau ít phút "
                                          "hoặc gõ \"gặp cán bộ\".", buttons=[HANDOFF_BUTTON])
            return self.answered_by(None)
        for message in messages:
            dispatcher.utter_message(**message)
        summary = route.summary() | {"ms": round((time.perf_counter() - started) * 1000, 1)}
        events: List[Dict[Text, Any]] = [SlotSet("route", json.dumps(summary, ensure_ascii=False))]
        if key:
            events.append(SlotSet("procedure_key", key))
        return events + self.answered_by(route)

    def answered_by(self, route: Optional[Route]) -> List[Dict[Text, Any]]:
        return []


class ActionRouteOrOwnAnswer(ActionRoute):
    """For intents with an answer of their own (greeting, help, feedback, portal guide, finding an agency): the
    knowledge bases first; ``answer_source`` tells the rules whether the intent's own answer follows."""

    def name(self) -> Text:
        return "action_route_or_own_answer"

    def answered_by(self, route: Optional[Route]) -> List[Dict[Text, Any]]:
        own = route is None or route.kind == OWN_ANSWER
        return [SlotSet("answer_source", "intent" if own else "knowledge")]
