"""Reading the latest user message from a tracker (intent, text, entities, metadata)."""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa_sdk import Tracker


def latest(tracker: Tracker) -> Dict[Text, Any]:
    return tracker.latest_message or {}


def latest_intent(tracker: Tracker) -> Optional[Text]:
    return (latest(tracker).get("intent") or {}).get("name")


def latest_text(tracker: Tracker) -> Text:
    return latest(tracker).get("text") or ""


def latest_entity(tracker: Tracker, name: Text) -> Optional[Text]:
    """The first value of entity ``name`` in the latest message (NLU or a button payload)."""
    for entity in latest(tracker).get("entities") or []:
        if entity.get("entity") == name and entity.get("value") not in (None, ""):
            return str(entity["value"])
    return None
