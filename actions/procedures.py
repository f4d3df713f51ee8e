"""Procedures (thủ tục hành chính): the shared knowledge, facet buttons, agencies, portal. Questions themselves are
answered by actions/routing.py."""

from __future__ import annotations

import asyncio
import json
import logging
from functools import lru_cache
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import latest_entity, latest_text
from actions.store import engine
from legal_kb.procedures import answers
from legal_kb.procedures.service import ProcedureKnowledge
from legal_kb.routing import FACET_BY_INTENT

logger = logging.getLogger(__name__)

INTENT_BY_FACET = {facet: intent for intent, facet in FACET_BY_INTENT.items() if facet}


@lru_cache(maxsize=1)
def knowledge() -> ProcedureKnowledge:
    return ProcedureKnowledge.from_database(engine())


def procedure_payload(intent: Text, key: Text) -> Text:
    return f"/{intent}{json.dumps({'procedure_key': key}, ensure_ascii=False)}"


def facet_buttons(key: Text) -> List[Dict[Text, Text]]:
    return [{"title": title, "payload": procedure_payload(INTENT_BY_FACET[facet], key)}
            for facet, title in answers.FACET_LABELS.items()]


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
