"""The abbreviation and teencode table, kept as data so content editors can extend it.

The default table is ``vntext/abbreviations.tsv``; ``VI_ABBREVIATIONS`` may name extra TSV files
(separated by ``:``) whose rows add to or override it. Each row: ``short<TAB>expansion``;
``#`` starts a comment.
"""

from __future__ import annotations

import os
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

DEFAULT_TABLE = Path(__file__).with_name("abbreviations.tsv")


class AbbreviationTableError(ValueError):
    """A row of an abbreviation table cannot be read."""


def parse_table(lines: Iterable[str], source: str) -> List[Tuple[str, str]]:
    rows: List[Tuple[str, str]] = []
    for number, raw in enumerate(lines, start=1):
        line = unicodedata.normalize("NFC", raw.split("#", 1)[0]).strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("\t") if p.strip()]
        if len(parts) != 2 or " " in parts[0]:
            raise AbbreviationTableError(
                f"{source}:{number}: expected 'short<TAB>expansion' with a one-word short form, got {raw!r}"
            )
        rows.append((parts[0].lower(), parts[1]))
    return rows


def table_paths() -> List[Path]:
    extra = [Path(p) for p in os.environ.get("VI_ABBREVIATIONS", "").split(":") if p]
    return [DEFAULT_TABLE, *extra]


@lru_cache(maxsize=4)
def _load(paths: Tuple[Path, ...]) -> Dict[str, str]:
    table: Dict[str, str] = {}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            table.update(parse_table(handle, str(path)))
    return table


def expansions() -> Dict[str, str]:
    """short form (lower case) -> expansion."""
    return _load(tuple(table_paths()))
