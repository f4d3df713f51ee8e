"""The knowledge-base engine used by actions: created once per process, schema ensured."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy.engine import Engine

from legal_kb.db import create_schema, make_engine


@lru_cache(maxsize=1)
def engine() -> Engine:
    kb_engine = make_engine()
    create_schema(kb_engine)
    return kb_engine
