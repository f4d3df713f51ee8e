"""Store the user's satisfaction rating (hài lòng / chưa hài lòng)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import latest_intent
from actions.store import engine
from legal_kb.ratings import save_rating

logger = logging.getLogger(__name__)

RATED_INTENTS = {"rate_good": "good", "rate_bad": "bad"}
IGNORED_ACTIONS = {"action_listen", "action_session_start", "action_save_rating", "utter_goodbye", None}


def last_answer(tracker: Tracker) -> Optional[Text]:
    """Name of the last bot action before the rating, i.e. what the rating is about."""
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") not in IGNORED_ACTIONS:
            return event.get("name")
    return None


class ActionSaveRating(Action):
    def name(self) -> Text:
        return "action_save_rating"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        value = RATED_INTENTS.get(latest_intent(tracker), "bad")
        try:
            await asyncio.to_thread(save_rating, engine(), tracker.sender_id, value, last_answer(tracker))
        except Exception:  # the user still gets an answer; the failure is logged for operators
            logger.exception("Could not store a rating")
            dispatcher.utter_message(text="Xin lỗi, hiện chưa lưu được đánh giá của bạn. Vui lòng thử lại sau.")
            return []
        dispatcher.utter_message(response=f"utter_rating_saved_{value}")
        return []
