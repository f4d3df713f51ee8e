"""Shared test configuration: the `services` marker and database fixtures."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.running_assistant import assistant  # noqa: E402, F401  (one running assistant for every suite needing it)

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_ADDRESS = ("127.0.0.1", 6379)


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def pytest_collection_modifyitems(config, items):
    required = os.environ.get("REQUIRE_SERVICES") == "1"
    postgres_up = _reachable("127.0.0.1", 5432)
    redis_up = _reachable(*REDIS_ADDRESS)
    if postgres_up and redis_up:
        return
    missing = ", ".join(name for name, up in (("PostgreSQL", postgres_up), ("Redis", redis_up)) if not up)
    if required:
        raise pytest.UsageError(f"REQUIRE_SERVICES=1 but {missing} not reachable on 127.0.0.1")
    skip = pytest.mark.skip(reason=f"{missing} not reachable (set REQUIRE_SERVICES=1 to require)")
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'kb.sqlite'}"


@pytest.fixture
def postgres_url() -> str:
    return POSTGRES_URL
