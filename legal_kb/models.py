"""All knowledge-base models, imported so that ``create_schema`` sees every table."""

from legal_kb.documents.models import *  # noqa: F401,F403
from legal_kb.procedures.models import *  # noqa: F401,F403
from legal_kb.ratings import *  # noqa: F401,F403
