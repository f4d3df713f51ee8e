"""The second stage of the NLU fallback: "Có phải bạn muốn…?" with the top intents as buttons."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

MAX_SUGGESTIONS = 3
MIN_CONFIDENCE = 0.05
SKIPPED_INTENTS = {"nlu_fallback", "out_of_scope"}


def intent_description(domain: Dict[Text, Any], intent: Text) -> Optional[Text]:
    """The editor-written description of an intent (response ``utter_intent_<intent>``)."""
    variations = (domain.get("responses") or {}).get(f"utter_intent_{intent}") or []
    for variation in variations:
        if variation.get("text"):
            return variation["text"]
    return None


def suggestion_buttons(ranking: List[Dict[Text, Any]], domain: Dict[Text, Any]) -> List[Dict[Text, Text]]:
    buttons: List[Dict[Text, Text]] = []
    for entry in ranking:
        name = entry.get("name")
        if not name or name in SKIPPED_INTENTS or (entry.get("confidence") or 0) < MIN_CONFIDENCE:
            continue
        description = intent_description(domain, name)
        if description:
            buttons.append({"title": description, "payload": f"/{name}"})
        if len(buttons) == MAX_SUGGESTIONS:
            break
    return buttons


class ActionDefaultAskAffirmation(Action):
    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        buttons = suggestion_buttons(ranking, domain)
        none_title = "Không phải các ý trên"
        none_variations = (domain.get("responses") or {}).get("utter_none_of_these") or []
        if none_variations and none_variations[0].get("text"):
            none_title = none_variations[0]["text"]
        buttons.append({"title": none_title, "payload": "/out_of_scope"})
        dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons)
        return []
