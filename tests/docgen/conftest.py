import pytest

from docgen import draft
from docgen.doctypes import TYPES
from docgen.examples import example
from docgen.settings import UnitDefaults


@pytest.fixture(scope="session")
def example_docs() -> dict:
    """The ``--example`` document of every type, as bytes."""
    return {key: draft(key, example(key), defaults=UnitDefaults()) for key in TYPES}
