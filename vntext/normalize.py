"""Normalisation at the door: NFC, tone-mark placement, spacing, punctuation and abbreviations.

Every step keeps a map from the normalised text back to the original, so entity annotations
made on the original text can be moved onto the normalised one (and back).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import List, Tuple

from vntext.abbreviations import expansions

# Tone marks as combining characters (NFD).
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
# Syllable-final clusters where the old and the new convention disagree: "hoà"/"hòa",
# "khoẻ"/"khỏe", "thuỷ"/"thủy". We write the tone on the first vowel (the prevalent form).
_CLUSTER = re.compile(r"(?i)(?<![qg])(o[ae]|uy)$")
_SEGMENT = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus, for each of its characters, the index it came from in the original."""

    text: str
    origin: Tuple[int, ...]  # len(text) + 1 entries; the last one is len(original)

    def to_original(self, start: int, end: int) -> Tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original text."""
        if start >= end:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1 if end - 1 < len(self.text) else self.origin[-1]

    def from_original(self, start: int, end: int) -> Tuple[int, int]:
        """Map a [start, end) span of the original text to the normalised text."""
        new_start = next((i for i, o in enumerate(self.origin) if o >= start), len(self.text))
        new_end = next((i for i, o in enumerate(self.origin) if o >= end), len(self.text))
        while new_end > new_start and self.text[new_end - 1].isspace():
            new_end -= 1
        return new_start, max(new_end, new_start)


def _nfc_with_map(text: str) -> Tuple[str, List[int]]:
    """NFC-normalise, grouping each base character with the combining marks that follow it."""
    out: List[str] = []
    origin: List[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        out.append(piece)
        origin.extend([i] * len(piece))
        i = j
    return "".join(out), origin


def fix_tone_placement(word: str) -> str:
    """Move a tone mark in a final oa/oe/uy cluster onto the first vowel: hoà -> hòa, thuỷ -> thủy."""
    if word.isascii() or not _CLUSTER.search(_strip_tones(word)):
        return word
    decomposed = unicodedata.normalize("NFD", word)
    tone = next((c for c in decomposed if c in _TONES), None)
    if tone is None:
        return word
    bare = "".join(c for c in decomposed if c not in _TONES)
    bare_nfc = unicodedata.normalize("NFC", bare)
    match = _CLUSTER.search(_strip_tones(bare_nfc))
    if match is None:
        return word
    pos = match.start()
    # Insert the tone after the first vowel of the cluster (and its own marks, e.g. ơ).
    head = unicodedata.normalize("NFD", bare_nfc[: pos + 1])
    tail = unicodedata.normalize("NFD", bare_nfc[pos + 1 :])
    return unicodedata.normalize("NFC", head + tone + tail)


def _strip_tones(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))


def normalize_with_map(text: str, expand_abbreviations: bool = True) -> Normalized:
    """Normalise a user message and keep the map back to the original characters."""
    nfc, nfc_origin = _nfc_with_map(text or "")
    table = expansions() if expand_abbreviations else {}
    pieces: List[str] = []
    origin: List[int] = []
    last_was_space = True
    for match in _SEGMENT.finditer(nfc):
        seg = match.group(0)
        start = nfc_origin[match.start()]
        if seg.isspace():
            if last_was_space:
                continue
            seg = " "
        elif seg[0].isalnum() or seg[0] == "_":
            seg = fix_tone_placement(seg)
            replacement = table.get(seg.lower())
            if replacement is not None:
                seg = _match_case(seg, replacement)
        elif pieces and seg == pieces[-1] and seg in "!?.,;:":
            continue  # "???" -> "?"
        elif seg in "“”„‟″":
            seg = '"'
        elif seg in "‘’‚‛′`":
            seg = "'"
        elif seg in "–—":
            seg = "-"
        elif seg == "…":
            seg = "..."
        if seg == " " and pieces and pieces[-1] == " ":
            continue
        pieces.append(seg)
        if len(seg) == len(match.group(0)) and not seg.isspace():
            origin.extend(nfc_origin[match.start() + k] for k in range(len(seg)))
        else:
            origin.extend([start] * len(seg))
        last_was_space = seg == " "
    # Drop a trailing space.
    if pieces and pieces[-1] == " ":
        pieces.pop()
        origin.pop()
    out = "".join(pieces)
    origin.append(len(text or ""))
    return Normalized(out, tuple(origin))


def _match_case(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1 and replacement.islower() and " " not in replacement:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def normalize(text: str, expand_abbreviations: bool = True) -> str:
    """Normalise a user message: NFC, tone marks, spacing, punctuation, abbreviations."""
    return normalize_with_map(text, expand_abbreviations).text

