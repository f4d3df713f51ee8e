"""Handoff to staff and the phản ánh, kiến nghị form: stored with a reference number."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.procedures import knowledge
from actions.store import engine
from legal_kb.procedures import answers
from legal_kb.procedures.inbox import MAX_CONTACT, MAX_CONTENT, InboxError, store_feedback, store_handoff
from vntext import fold

logger = logging.getLogger(__name__)

NO_CONTACT = "không cung cấp"
_SKIP = {"khong", "ko", "k", "bo qua", "thoi", "khong can", "khong co", "an danh", "skip", "khong muon"}
_PHONE = re.compile(r"(?:\+?84|0)(?:[\s.-]?\d){8,10}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-zA-Z]{2,}")


def last_user_question(tracker: Tracker) -> Text:
    """The last substantive user message before the handoff request."""
    texts = [e.get("text") for e in tracker.events if e.get("event") == "user" and e.get("text")]
    for text in reversed(texts[:-1]):
        if not text.startswith("/"):
            return text
    return texts[-1] if texts and not texts[-1].startswith("/") else ""


def parse_contact(text: Text) -> Optional[Text]:
    """A phone number or e-mail, NO_CONTACT when the user declines, None when it is neither."""
    cleaned = " ".join((text or "").split())
    if fold(cleaned.lower()).strip(" .!") in _SKIP:
        return NO_CONTACT
    if _PHONE.search(cleaned) or _EMAIL.search(cleaned):
        return cleaned[:MAX_CONTACT]
    return None


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = await asyncio.to_thread(knowledge)
        try:
            receipt = await asyncio.to_thread(
                store_handoff, engine(), tracker.sender_id, last_user_question(tracker), tracker.get_slot("procedure_key")
            )
        except Exception:
            logger.exception("Could not store a handoff request")
            dispatcher.utter_message(response="utter_human_handoff")
            return []
        dispatcher.utter_message(text=answers.handoff_text(receipt.reference, kb.catalog))
        return []


class ValidateFeedbackForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_feedback_form"

    def validate_feedback_content(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = " ".join(str(value or "").split())
        if len(text) < 10:
            dispatcher.utter_message(response="utter_feedback_too_short")
            return {"feedback_content": None}
        if len(text) > MAX_CONTENT:
            dispatcher.utter_message(response="utter_feedback_too_long")
            return {"feedback_content": None}
        return {"feedback_content": text}

    def validate_feedback_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        contact = parse_contact(str(value or ""))
        if contact is None:
            dispatcher.utter_message(response="utter_feedback_contact_invalid")
        return {"feedback_contact": contact}


class ActionSubmitFeedback(Action):
    def name(self) -> Text:
        return "action_submit_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        contact = tracker.get_slot("feedback_contact")
        try:
            receipt = await asyncio.to_thread(
                store_feedback,
                engine(),
                tracker.get_slot("feedback_content") or "",
                None if contact in (None, NO_CONTACT) else contact,
                tracker.sender_id,
                tracker.get_slot("procedure_key"),
            )
        except InboxError as error:
            dispatcher.utter_message(text=str(error))
            return [SlotSet("feedback_content", None), SlotSet("feedback_contact", None)]
        except Exception:
            logger.exception("Could not store feedback")
            dispatcher.utter_message(response="utter_feedback_failed")
            return []
        dispatcher.utter_message(text=answers.feedback_receipt_text(receipt.reference))
        return [SlotSet("feedback_content", None), SlotSet("feedback_contact", None)]


class ActionCancelFeedback(Action):
    def name(self) -> Text:
        return "action_cancel_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_feedback_cancelled")
        return [SlotSet("feedback_content", None), SlotSet("feedback_contact", None)]
