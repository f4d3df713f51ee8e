"""Fixtures for the procedure knowledge tests: the shipped catalog, a fresh database per test."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from legal_kb.db import make_engine
from legal_kb.procedures.content import DEFAULT_CONTENT_DIR, load_catalog
from legal_kb.procedures.matching import ProcedureIndex
from legal_kb.procedures.service import ProcedureKnowledge


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def index(catalog):
    return ProcedureIndex(catalog)


@pytest.fixture(scope="session")
def knowledge(catalog):
    return ProcedureKnowledge(catalog)


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite'}")
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_engine(postgres_url):
    """An engine bound to a throw-away schema of the test database (other suites share the database)."""
    schema = f"t_proc_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_url, future=True)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(f"{postgres_url}?options=-csearch_path%3D{schema}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.services)])
def engine(request):
    """Every database test runs on SQLite and, where the services are up, on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_engine")


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the shipped content folder."""
    target = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, target)
    return target
