"""Session start: carry slots over and note, for display only, who the channel's signed token says the user is."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from identity import CITIZEN, OFFICIAL, official_sender, verify


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        metadata = tracker.get_slot("session_started_metadata") or {}
        identity = verify(metadata.get("token")).official
        if identity is not None and tracker.sender_id != official_sender(identity.subject or ""):
            identity = None
        # The role slot only chooses the greeting; every official-only action checks the token itself.
        events: List[Dict[Text, Any]] = [SessionStarted()]
        events += [
            SlotSet("role", OFFICIAL if identity else CITIZEN),
            SlotSet("user_unit", identity.unit if identity else None),
            SlotSet("user_name", identity.name if identity else None),
        ]
        events.append(ActionExecuted("action_listen"))
        return events
