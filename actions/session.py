"""Session start: carry slots over and set the sender's role from the channel's signed identity."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.identity import identity_from_metadata


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        metadata = tracker.get_slot("session_started_metadata") or {}
        identity = identity_from_metadata(metadata)
        events: List[Dict[Text, Any]] = [SessionStarted()]
        events += [
            SlotSet("role", identity.role),
            SlotSet("user_unit", identity.unit),
            SlotSet("user_name", identity.name),
        ]
        events.append(ActionExecuted("action_listen"))
        return events
