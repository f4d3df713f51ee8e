"""Procedures (thủ tục hành chính): overview, follow-up facets in context, near-tie buttons, not found, agencies, portal."""

from __future__ import annotations

import asyncio
import json
import logging
from functools import lru_cache
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import latest_entity, latest_intent, latest_text
from actions.store import engine
from legal_kb.procedures import answers
from legal_kb.procedures.service import ProcedureKnowledge, detect_facet

logger = logging.getLogger(__name__)

FACET_BY_INTENT = {
    "ask_procedure": None,
    "ask_documents": "documents",
    "ask_processing_time": "processing_time",
    "ask_fee": "fees",
    "ask_where_submit": "place",
    "ask_online": "online",
    "ask_legal_basis": "legal_basis",
    "ask_steps": "steps",
}
INTENT_BY_FACET = {facet: intent for intent, facet in FACET_BY_INTENT.items() if facet}


@lru_cache(maxsize=1)
def knowledge() -> ProcedureKnowledge:
    return ProcedureKnowledge.from_database(engine())


def _payload(intent: Text, key: Text) -> Text:
    return f"/{intent}{json.dumps({'procedure_key': key}, ensure_ascii=False)}"


def facet_buttons(key: Text) -> List[Dict[Text, Text]]:
    return [{"title": title, "payload": _payload(INTENT_BY_FACET[facet], key)}
            for facet, title in answers.FACET_LABELS.items()]


def plan_reply(tracker: Tracker, kb: ProcedureKnowledge) -> Dict[Text, Any]:
    """Decide what to answer; pure apart from reading the tracker, so it is easy to test."""
    intent = latest_intent(tracker) or "ask_procedure"
    text = latest_text(tracker)
    facet = FACET_BY_INTENT.get(intent)
    if intent == "ask_procedure":
        facet = detect_facet(text)
    chosen = latest_entity(tracker, "procedure_key")
    current = tracker.get_slot("procedure_key")
    if chosen and kb.procedure(chosen):
        return {"kind": "answer", "key": kb.procedure(chosen).key, "facet": facet}
    mention = latest_entity(tracker, "procedure")
    resolution = kb.resolve(text[:500], hint=mention)
    confident = resolution.best is not None and not resolution.ambiguous and not resolution.not_found
    if confident:
        return {"kind": "answer", "key": resolution.best.key, "facet": facet}
    if current and kb.procedure(current) and not mention and (resolution.not_found or facet):
        return {"kind": "answer", "key": current, "facet": facet}  # a follow-up in context
    if resolution.ambiguous and resolution.candidates:
        return {"kind": "choose", "resolution": resolution, "intent": intent}
    return {"kind": "not_found", "resolution": resolution}


class ActionAnswerProcedure(Action):
    def name(self) -> Text:
        return "action_answer_procedure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = await asyncio.to_thread(knowledge)
        plan = plan_reply(tracker, kb)
        if plan["kind"] == "answer":
            key, facet = plan["key"], plan["facet"]
            if facet:
                dispatcher.utter_message(text=kb.facet(key, facet))
            else:
                dispatcher.utter_message(text=kb.overview(key), buttons=facet_buttons(key))
            return [SlotSet("procedure_key", key)]
        resolution = plan["resolution"]
        if plan["kind"] == "choose":
            buttons = [{"title": title, "payload": _payload(plan["intent"], key)}
                       for title, key in answers.choice_buttons(resolution)]
            dispatcher.utter_message(text=answers.choice_text(resolution), buttons=buttons)
            return []
        buttons = [{"title": c.name, "payload": _payload("ask_procedure", c.key)} for c in resolution.candidates[:3]]
        buttons.append({"title": "Gặp cán bộ", "payload": "/human_handoff"})
        dispatcher.utter_message(text=kb.not_found(resolution), buttons=buttons)
        return []


class ActionFindAgency(Action):
    def name(self) -> Text:
        return "action_find_agency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = await asyncio.to_thread(knowledge)
        text = latest_text(tracker)
        agency = kb.find_agency(latest_entity(tracker, "agency") or text) or kb.find_agency(text)
        if agency is not None:
            dispatcher.utter_message(text=answers.agency_text(agency, kb.catalog))
            return []
        buttons = [{"title": a.name, "payload": f"/find_agency{json.dumps({'agency': a.name}, ensure_ascii=False)}"}
                   for a in kb.catalog.agencies[:4]]
        dispatcher.utter_message(response="utter_ask_which_agency", buttons=buttons)
        return []


class ActionPortalGuide(Action):
    def name(self) -> Text:
        return "action_portal_guide"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = await asyncio.to_thread(knowledge)
        dispatcher.utter_message(text=answers.portal_guide_text(kb.catalog))
        return []
