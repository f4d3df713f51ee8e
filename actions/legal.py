"""Legal documents and Bộ pháp điển: cited answers, alternatives as buttons, document facts, browsing."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import latest_entity, latest_intent, latest_text
from actions.store import engine
from legal_kb.db import session_scope
from legal_kb.documents import answers
from legal_kb.documents.answers import LegalAnswer

logger = logging.getLogger(__name__)

BUTTON_INTENT = {"unit": ("ask_article", "legal_unit"), "chude": ("browse_phapdien", "phapdien"),
                 "demuc": ("browse_phapdien", "phapdien"), "node": ("browse_phapdien", "phapdien")}


def legal_buttons(answer: LegalAnswer) -> List[Dict[Text, Text]]:
    buttons = []
    for title, kind, value in answer.buttons:
        intent, entity = BUTTON_INTENT[kind]
        payload_value = value if kind == "unit" else f"{kind}:{value}"
        buttons.append({"title": title[:80], "payload": f"/{intent}{json.dumps({entity: payload_value})}"})
    return buttons


def legal_reply(intent: Text, text: Text, unit: Optional[Text], phapdien: Optional[Text]) -> LegalAnswer:
    """Compute the answer in one database session (runs in a worker thread)."""
    with session_scope(engine()) as session:
        if unit and unit.isdigit():
            found = answers.article_by_id(session, int(unit))
            if found is not None:
                return found
        if intent == "browse_phapdien":
            kind, value = phapdien.split(":", 1) if phapdien and ":" in phapdien else answers.phapdien_reference(text)
            return answers.browse_phapdien(session, kind, value)
        if intent == "ask_document_status":
            return answers.document_info(session, text)
        if intent == "ask_article":
            return answers.answer_article(session, text)
        return answers.answer_question(session, text)


class ActionLegal(Action):
    def name(self) -> Text:
        return "action_legal"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        intent = latest_intent(tracker) or "search_law"
        text = latest_text(tracker)[:1000]
        try:
            answer = await asyncio.to_thread(
                legal_reply, intent, text, latest_entity(tracker, "legal_unit"), latest_entity(tracker, "phapdien")
            )
        except Exception:
            logger.exception("Legal search failed")
            dispatcher.utter_message(response="utter_legal_unavailable")
            return []
        dispatcher.utter_message(text=answer.text, buttons=legal_buttons(answer))
        return []
