"""Deterministic variants of a sentence: as written, without diacritics, with seeded typos.

Used to evaluate robustness (bench/nlu_eval.py)."""

from __future__ import annotations

import random
import zlib
from typing import Callable, Dict

from vntext import fold

# Neighbouring keys on a QWERTY keyboard (Telex/VNI users type on the same layout).
_NEIGHBOURS = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij", "i": "uok",
    "o": "ipl", "p": "ol", "a": "qsz", "s": "adw", "d": "sfe", "f": "dgr", "g": "fht", "h": "gjy",
    "j": "hku", "k": "jli", "l": "ko", "z": "xa", "x": "zcs", "c": "xvd", "v": "cbf", "b": "vng",
    "n": "bmh", "m": "nj",
}


def _edit(text: str, rng: random.Random) -> str:
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 2:
        return text
    i = rng.choice(letters)
    op = rng.choice(("delete", "substitute", "transpose", "duplicate"))
    if op == "delete":
        return text[:i] + text[i + 1 :]
    if op == "duplicate":
        return text[:i] + text[i] + text[i:]
    if op == "transpose" and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    base = fold(text[i].lower())
    replacement = rng.choice(_NEIGHBOURS.get(base, "aeiou"))
    return text[:i] + replacement + text[i + 1 :]


def with_typos(text: str, seed: int = 13) -> str:
    """One or two character edits, the same every run for the same sentence."""
    rng = random.Random(zlib.crc32(text.encode("utf-8")) ^ seed)
    for _ in range(rng.choice((1, 2))):
        text = _edit(text, rng)
    return text


VARIANTS: Dict[str, Callable[[str], str]] = {
    "as_written": lambda t: t,
    "no_diacritics": fold,
    "typos": with_typos,
}
