"""Settings of the knowledge base, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_LEGAL = PROJECT_ROOT.parent / "shared" / "data" / "legal"


@dataclass(frozen=True)
class Settings:
    database_url: str
    legal_corpus: Path  # folder holding alqac2023/, nd30/, phapdien_chude.json

    @classmethod
    def from_env(cls) -> "Settings":
        default_db = PROJECT_ROOT / "var" / "legal_kb.sqlite"
        return cls(
            database_url=os.environ.get("DATABASE_URL", f"sqlite:///{default_db}"),
            legal_corpus=Path(os.environ.get("LEGAL_CORPUS_DIR", str(SHARED_LEGAL))),
        )
