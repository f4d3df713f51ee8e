"""The identity an official-only action may act on: proven by the signed token of the message being handled.

Never a slot, never a sender id: the token travels with every message (``metadata.token``) and is verified here,
at the moment the action acts, against the conversation it belongs to.
"""

from __future__ import annotations

import logging
from typing import Optional

from rasa_sdk import Tracker

from actions.messages import latest
from identity import Identity, Verdict, official_sender, verify

log = logging.getLogger(__name__)


def message_verdict(tracker: Tracker) -> Verdict:
    """What the token of the latest user message proves."""
    return verify((latest(tracker).get("metadata") or {}).get("token"))


def acting_official(tracker: Tracker) -> Optional[Identity]:
    """The civil servant behind the latest message, or None: a citizen, an expired or forged token, or a token
    whose subject does not own this conversation."""
    identity = message_verdict(tracker).official
    if identity is None:
        return None
    if tracker.sender_id != official_sender(identity.subject or ""):
        log.warning("official token used outside its own conversation")
        return None
    return identity
