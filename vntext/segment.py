"""Word segmentation (underthesea) with character offsets into the text that was segmented."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import List

from vntext.fold import fold

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Word:
    text: str  # exactly text[start:end] of the segmented string
    start: int
    end: int

    @property
    def key(self) -> str:
        """Lower-case form with syllables joined by '_' (khai_sinh)."""
        return "_".join(self.text.lower().split())

    @property
    def folded_key(self) -> str:
        return fold(self.key)


def _underthesea_words(text: str) -> List[str]:
    from underthesea import word_tokenize  # imported lazily: loading the CRF model takes ~1 s

    return word_tokenize(text)


def segment_words(text: str) -> List[Word]:
    """Split text into words (multi-syllable words kept together) with exact offsets.

    Where the segmenter changed characters (it normalises some quotes), the word falls back to
    the syllables found in the original text, so offsets are always exact.
    """
    if not text or not text.strip():
        return []
    words: List[Word] = []
    cursor = 0
    for candidate in _underthesea_words(text):
        syllables = candidate.split()
        if not syllables:
            continue
        position = text.find(syllables[0], cursor)
        if position < 0:
            continue
        end = _match_syllables(text, position, syllables)
        if end is None:
            end = position + len(syllables[0])
        words.append(Word(text[position:end], position, end))
        cursor = end
    return words


def _match_syllables(text: str, position: int, syllables: List[str]):
    index = position
    for number, syllable in enumerate(syllables):
        if number:
            while index < len(text) and text[index].isspace():
                index += 1
        if not text.startswith(syllable, index):
            return None
        index += len(syllable)
    return index


def segment(text: str) -> List[str]:
    """Words of a text as keys: ["thủ_tục", "đăng_ký", "khai_sinh"]."""
    return [w.key for w in segment_words(text)]
