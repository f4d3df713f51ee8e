"""Who the sender is, decided from a token signed with the server's secret, never from a bare claim.

The host application (e.g. the one-stop-shop software) issues an HS256 JWT with ``sub``, ``name``,
``unit``, ``role`` and ``exp``; the channel passes it as ``metadata.token``. Anything else — a
missing, expired or forged token, or a plain ``role`` field in the metadata — means a citizen.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any, Dict, Optional

import jwt

logger = logging.getLogger(__name__)

CITIZEN = "citizen"
OFFICIAL = "official"


@dataclass(frozen=True)
class Identity:
    role: str = CITIZEN
    subject: Optional[str] = None
    name: Optional[str] = None
    unit: Optional[str] = None


def identity_from_metadata(metadata: Optional[Dict[str, Any]], secret: Optional[str] = None) -> Identity:
    """Verify ``metadata['token']`` and return the identity it proves (a citizen by default)."""
    secret = secret if secret is not None else os.environ.get("ASSISTANT_JWT_SECRET", "")
    token = (metadata or {}).get("token")
    if not token or not secret or not isinstance(token, str):
        return Identity()
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp", "sub"]})
    except jwt.PyJWTError as error:
        logger.info("Rejected identity token: %s", type(error).__name__)
        return Identity()
    role = OFFICIAL if claims.get("role") == OFFICIAL else CITIZEN
    return Identity(role=role, subject=str(claims["sub"]), name=claims.get("name"), unit=claims.get("unit"))
