"""Presenting an article in a chat answer: citation, trimming by whole clauses, snippet."""

from __future__ import annotations

import re
from typing import List, Optional

from legal_kb.documents.analysis import analyze
from legal_kb.documents.numbers import short_title

_CLAUSE_START = re.compile(r"^(\d{1,3}\.|[a-zđ]\))\s")


def citation(article: Optional[str], title: str, number: Optional[str], clause: Optional[str] = None) -> str:
    """"Điều 20, Luật Cư trú số 68/2020/QH14" (or "khoản 2 Điều 8, …")."""
    name = short_title(title)
    document = f"{name} số {number}" if number else title
    if not article:
        return document
    where = f"khoản {clause} Điều {article}" if clause else f"Điều {article}"
    return f"{where}, {document}"


def _clauses(text: str) -> List[str]:
    """Top-level clauses: a khoản line with its điểm lines; lead text is its own block."""
    blocks: List[str] = []
    for line in (text or "").split("\n"):
        line = line.strip()
        if not line:
            continue
        if not blocks or re.match(r"^\d{1,3}\.\s", line):
            blocks.append(line)
        else:
            blocks[-1] += "\n" + line
    return blocks


def trim_article(text: str, max_chars: int = 900, query: Optional[str] = None) -> str:
    """Keep whole clauses up to ``max_chars``: the lead text, then the clauses that best match ``query``
    (in their original order); "…" marks what was left out. A single clause longer than the limit is cut
    at a sentence end."""
    blocks = _clauses(text)
    if sum(len(b) + 1 for b in blocks) <= max_chars:
        return "\n".join(blocks)
    order = list(range(len(blocks)))
    if query:
        q = set(analyze(query, segment=False).bigrams) | set(analyze(query, segment=False).syllables)
        def overlap(i: int) -> float:
            a = analyze(blocks[i], segment=False)
            return len(q & (set(a.bigrams) | set(a.syllables)))
        order = [0] + sorted(order[1:], key=lambda i: (-overlap(i), i))
    kept, used = [], 0
    for i in order:
        if used + len(blocks[i]) + 1 > max_chars:
            continue
        kept.append(i)
        used += len(blocks[i]) + 1
    if not kept:
        first = blocks[order[0]]
        cut = first.rfind(". ", 0, max_chars)
        return (first[: cut + 1] if cut > 0 else first[:max_chars]).rstrip() + " …"
    kept.sort()
    out, previous = [], -1
    for i in kept:
        if i != previous + 1:
            out.append("…")
        out.append(blocks[i])
        previous = i
    if previous != len(blocks) - 1:
        out.append("…")
    return "\n".join(out)


def snippet(text: str, query: str, max_chars: int = 240) -> str:
    """The line of the article that shares most with the query, shortened around its start."""
    lines = [line.strip() for line in (text or "").split("\n") if line.strip()]
    if not lines:
        return ""
    a = analyze(query, segment=False)
    q = set(a.bigrams) | set(a.syllables)

    def overlap(line: str) -> int:
        x = analyze(line, segment=False)
        return len(q & (set(x.bigrams) | set(x.syllables)))

    best = max(lines, key=overlap)
    return best if len(best) <= max_chars else best[: max_chars].rsplit(" ", 1)[0] + " …"
