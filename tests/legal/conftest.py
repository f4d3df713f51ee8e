import json
import os
from pathlib import Path

import pytest

from legal_kb.db import make_engine

CORPUS = Path(os.environ.get("LEGAL_CORPUS_DIR", Path(__file__).resolve().parents[3] / "shared" / "data" / "legal"))
LAWS = CORPUS / "alqac2023" / "laws.json"
ND30 = CORPUS / "nd30" / "30_2020_ND_CP.md"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SUBSET = ["Luật Cư trú 2020", "Luật Hôn nhân và gia đình 2014", "Luật Thanh niên 2020"]


def write_subset(path: Path, ids=SUBSET) -> Path:
    laws = [law for law in json.loads(LAWS.read_text(encoding="utf-8")) if law["id"] in ids]
    path.write_text(json.dumps(laws, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def kb_engine(tmp_path_factory):
    """A SQLite knowledge base with three ALQAC laws and Nghị định 30/2020."""
    from legal_kb.documents.importers.alqac import import_alqac
    from legal_kb.documents.importers.text import import_files

    folder = tmp_path_factory.mktemp("kb")
    engine = make_engine(f"sqlite:///{folder / 'kb.sqlite'}")
    import_alqac(engine, write_subset(folder / "laws.json"))
    import_files(engine, [ND30])
    return engine
