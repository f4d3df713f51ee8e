"""Satisfaction ratings users give the assistant (hài lòng / chưa hài lòng)."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Column, DateTime, Integer, String, Text
from sqlalchemy.engine import Engine

from legal_kb.db import Base, session_scope

RATING_VALUES = ("good", "bad")


class Rating(Base):
    __tablename__ = "ratings"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    value = Column(String(8), nullable=False)
    about = Column(String(128))  # the last bot action the rating refers to
    comment = Column(Text)
    created_at = Column(DateTime, nullable=False, default=lambda: dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))


def save_rating(
    engine: Engine,
    conversation_id: str,
    value: str,
    about: Optional[str] = None,
    comment: Optional[str] = None,
) -> int:
    """Store one rating and return its id."""
    if value not in RATING_VALUES:
        raise ValueError(f"rating must be one of {RATING_VALUES}, got {value!r}")
    with session_scope(engine) as session:
        rating = Rating(
            conversation_id=conversation_id[:128],
            value=value,
            about=(about or None) and about[:128],
            comment=(comment or None) and comment[:2000],
        )
        session.add(rating)
        session.flush()
        return int(rating.id)
