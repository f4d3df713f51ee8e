"""Read a citizen's message as weighted syllables of the procedure vocabulary, tolerating typos.

Each typed word becomes a slot of possible readings:
- exact syllables of the vocabulary (or of filler/synonym words) are read as typed;
- a word typed with accents that no alias spells that way ("quá" for "qua đời") is weak evidence;
- other words are corrected to the nearest known syllables (rapidfuzz OSA, one or two edits), split
  when two words were typed together, or expanded when an abbreviation was mistyped ("cvcd");
- the neighbours decide between corrections and may recover a typo that produced a real word
  ("kem hôn" -> "kết hôn");
then synonyms add their canonical words ("sổ đỏ" -> "giấy chứng nhận quyền sử dụng đất") and filler
is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Set, Tuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

import vntext
from legal_kb.procedures.query_text import (
    MAX_TOKENS,
    STOP_PHRASES,
    STOPWORDS,
    Slot,
    accent_key,
    find_phrase,
    fold_text,
    matches_at,
    stop_mask,
    typed_tokens,
    vietnamese_syllables,
)
from vntext.abbreviations import expansions

ACCENT_MISMATCH = 0.6  # "quá" typed with accents is weak evidence for "qua" (qua đời)
ONE_EDIT, TWO_EDITS, FROM_CONTEXT = 0.85, 0.7, 0.7

Position = Dict[str, float]  # syllable -> confidence
Pair = Tuple[str, str]


@dataclass(frozen=True)
class Reading:
    positions: List[Position]  # in order; synonym words come last, after an empty position
    core: Set[str]  # the most likely syllable of each position the message itself typed
    unknown: int = 0  # content words no procedure uses ("flycam", "núi"): evidence the question is about something else
    exact: int = 0  # content words typed exactly as a procedure word
    said: Tuple[str, ...] = ()  # every word as read, filler included, question phrases left out ("ve tam tru")


def _is_word(token: str) -> bool:
    """A typed word long enough to mean something (not a number, not a one- or two-letter slip)."""
    return len(token) >= 3 and not token.isdigit()


def _i_y_variant(token: str) -> str:
    """The other spelling of a final i/y ("ki" and "ky", "li" and "ly"), both correct in Vietnamese."""
    if token.endswith("i") and not token.endswith(("ai", "oi", "ui", "ei")):
        return token[:-1] + "y"
    if token.endswith("y") and not token.endswith(("ay", "uy", "oy")):
        return token[:-1] + "i"
    return token


class QueryReader:
    def __init__(
        self,
        weight: Dict[str, float],
        pairs: Set[Pair],
        synonyms: Iterable[Tuple[str, Iterable[str]]],
        accented_texts: Iterable[str],
    ):
        self.weight = weight
        self.vocabulary: List[str] = sorted(weight)
        self._synonyms: Dict[str, List[Tuple[Tuple[str, ...], Tuple[str, ...]]]] = {}
        for canonical, variants in synonyms:
            target = tuple(fold_text(canonical).split())
            for variant in variants:
                words = tuple(fold_text(variant).split())
                if words and target:
                    self._synonyms.setdefault(words[0], []).append((words, target))
        self._known: Set[str] = set(weight) | STOPWORDS | {t for p in STOP_PHRASES for t in p}
        self._synonym_words = {t for group in self._synonyms.values() for v, target in group for t in v + target}
        self._known |= self._synonym_words
        self._known_list = sorted(self._known)
        variants = [v for group in self._synonyms.values() for v, _ in group]
        self._context_pairs = pairs | {p for v in variants for p in zip(v, v[1:], strict=False)}
        self._filler_pairs = {p for v in STOP_PHRASES for p in zip(v, v[1:], strict=False)}  # "thủ tục", "bao lâu"
        self._any_pairs = self._context_pairs | self._filler_pairs
        self._syllables = vietnamese_syllables()
        self._abbreviations: Dict[str, List[str]] = {
            vntext.fold(short, lower=True): fold_text(long).split()
            for short, long in expansions().items()
            if len(short) >= 3 and short.isalpha()
        }
        self._abbreviation_list = sorted(self._abbreviations)
        self._accents: Dict[str, Set[str]] = {}
        for text in accented_texts:
            for token, accented in typed_tokens(text):
                if token in weight:
                    self._accents.setdefault(token, set()).add(accent_key(accented))

    def read(self, text: str, loose: bool = False) -> Reading:
        """The message as syllables; `loose` also reads real words no procedure uses as typos of
        procedure words ("chiu" as "chiếu"), for suggestions when nothing was found."""
        slots: List[Slot] = []
        typed: List[Tuple[str, str]] = []
        for token, accented in typed_tokens(text)[: MAX_TOKENS * 2]:
            readings = self._correct(token, loose)
            if accented != token and token in self._accents and accent_key(accented) not in self._accents[token]:
                readings = [[(token, ACCENT_MISMATCH)]]
            slots.extend(readings)
            typed.extend([(token, accented)] * len(readings))
        self._correct_in_context(slots, typed)
        extra = self._synonym_targets(slots)
        keep = stop_mask(slots)
        unknown = sum(self._unknown(slot, token, k) for slot, (token, _), k in zip(slots, typed, keep, strict=True))
        exact = sum(
            1 for slot, k in zip(slots, keep, strict=True) if k and any(c >= 1.0 and t in self.weight for t, c in slot)
        )
        positions = [{t: c for t, c in slot if t in self.weight} for slot, k in zip(slots, keep, strict=True) if k]
        positions = positions[:MAX_TOKENS]
        core = {max(pos, key=pos.get) for pos in positions if pos}
        for target in extra:
            positions.append({})  # keeps word pairs from joining the message and the added words
            positions.extend({t: 1.0} for t in target if t in self.weight)
        return Reading(positions, core, unknown, exact, self._said(slots, typed))

    def _unknown(self, slot: Slot, token: str, kept: bool) -> bool:
        """A word that means something but nothing to any procedure ("núi", "bay" without "giờ")."""
        if not _is_word(token) or any(t in self.weight for t, _ in slot):
            return False
        return token not in self._known if not slot else kept and token not in self._synonym_words

    def _said(self, slots: List[Slot], typed: List[Tuple[str, str]]) -> Tuple[str, ...]:
        """The likeliest reading of every slot but question phrases; an unknown word stays as typed
        unless it is a short slip that is no Vietnamese word ("qon")."""
        keep = stop_mask(slots, phrases_only=True)
        words = []
        for slot, (token, _), k in zip(slots, typed, keep, strict=True):
            if slot and k:
                words.append(max(slot, key=lambda reading: reading[1])[0])
            elif not slot and _is_word(token) and (len(token) > 3 or token in self._syllables):
                words.append(token)
        return tuple(words)

    def _correct(self, token: str, loose: bool = False) -> List[Slot]:
        """Slots (usually one) with the known syllables a typed word may stand for."""
        if token in self._known:
            return [[(token, 1.0)]]
        variant = _i_y_variant(token)
        if variant in self._known:
            return [[(variant, 1.0)]]  # "dang ki" is "dang ky"
        if not _is_word(token) or (token in self._syllables and not (loose and len(token) >= 4)):
            return [[]]  # too short to correct, or a real Vietnamese word that no procedure uses
        abbreviation = None if token in self._syllables else self._abbreviation(token)
        if abbreviation:
            return [[(t, ONE_EDIT)] for t in abbreviation]
        limit = 1 if len(token) <= 4 else 2
        found = process.extract(token, self._known_list, scorer=OSA.distance, score_cutoff=limit, limit=40)
        if found:
            best = min(d for _, d, _ in found)
            return [[(t, ONE_EDIT if d == 1 else TWO_EDITS) for t, d, _ in found if d == best]]
        for cut in range(2, len(token) - 1):
            left, right = token[:cut], token[cut:]
            if left in self._known and right in self._known:
                return [[(left, ONE_EDIT)], [(right, ONE_EDIT)]]
        return [[]]

    def _abbreviation(self, token: str) -> Optional[List[str]]:
        """A mistyped abbreviation ("cvcd" for "cccd", "bhkd" or "hkdd" for "hkd", "ltp" for "lltp"), expanded;
        one edit, and four letters on one side at least (three-letter slips are too many)."""
        found = process.extract(token, self._abbreviation_list, scorer=OSA.distance, score_cutoff=1, limit=5)
        short = next((s for s, _, _ in found if max(len(s), len(token)) >= 4), None)
        return self._abbreviations[short] if short else None

    def _fits(self, token: str, before: Set[str], after: Set[str], filler: bool = True) -> bool:
        """Whether the token forms a known word pair (of an alias, a synonym or, if asked, filler) with a neighbour."""
        pairs = self._any_pairs if filler else self._context_pairs
        return any((b, token) in pairs for b in before) or any((token, a) in pairs for a in after)

    def _neighbours(self, slots: List[Slot], i: int, step: int) -> Set[str]:
        """Readings of the nearest slot on one side, looking past filler ("lại giấy khai sinh")."""
        j = i + step
        while 0 <= j < len(slots) and slots[j] and all(c >= 1.0 and t in STOPWORDS for t, c in slots[j]):
            j += step
        neighbour = {t for t, _ in slots[j]} if 0 <= j < len(slots) else set()
        if j != i + step and 0 <= i + step < len(slots):
            neighbour |= {t for t, _ in slots[i + step]}  # the filler word itself may start a phrase
        return neighbour

    def _correct_in_context(self, slots: List[Slot], typed: List[Tuple[str, str]]) -> None:
        """Keep the corrections that form a known word pair with a neighbour ("laa kết" -> "lại kết");
        read a real word as a typo of a known one where only that forms a pair ("kem hôn" -> "kết hôn",
        "Trong Quốc" -> "Trung Quốc"). Left neighbours are read as already corrected, right ones as typed."""
        original = [list(slot) for slot in slots]
        with_accents = any(not accented.isascii() for _, accented in typed)
        for i, (token, accented) in enumerate(typed):
            if len(token) < 2 or token.isdigit():
                continue
            slot = original[i]
            if slot and all(c < 1.0 for _, c in slot):
                before, after = self._neighbours(slots, i, -1), self._neighbours(original, i, 1)
                kept = [(t, c) for t, c in slot if self._fits(t, before, after)]
                if kept or len(token) <= 3:
                    slots[i] = kept  # a three-letter typo is read only where its neighbours confirm it
                continue
            before = {t for t, _ in slots[i - 1]} if i > 0 else set()  # a real word needs its very neighbours
            after = {t for t, _ in original[i + 1]} if i + 1 < len(original) else set()
            if before or after:
                slots[i] = slot + self._reread(token, accented, with_accents, before, after, slot)

    def _reread(
        self, token: str, accented: str, with_accents: bool, before: Set[str], after: Set[str], slot: Slot
    ) -> Slot:
        """Known words one edit from a real word, where only they form a pair with a neighbour."""
        confidence, choices = FROM_CONTEXT, self.vocabulary
        if any(t in self.weight for t, _ in slot):
            if len(token) < 4 or self._fits(token, before, after):
                return []
            confidence, choices = ONE_EDIT, self._known_list  # a procedure word out of place ("Trong Quốc")
        found = process.extract(token, choices, scorer=OSA.distance, score_cutoff=1, limit=40)
        return [
            (t, confidence) for t, d, _ in found if d == 1 and self._fits_as(t, accented, with_accents, before, after)
        ]

    def _fits_as(self, token: str, accented: str, with_accents: bool, before: Set[str], after: Set[str]) -> bool:
        """A reading that forms a pair with a neighbour: of a procedure word, spelt alike; of filler, any."""
        if self._fits(token, before, after, filler=False):
            return self._spelt_alike(token, accented, with_accents)
        return self._fits(token, before, after)

    def _spelt_alike(self, token: str, accented: str, with_accents: bool) -> bool:
        """In a message typed with diacritics, a word is a typo of a known word only if it is one edit
        away with diacritics too ("lạc" for "lại", but not "nuôi" for "cưới", nor "bay" for "xây")."""
        if not with_accents or token not in self._accents:
            return True
        typed = accent_key(accented)
        return any(OSA.distance(typed, spelling, score_cutoff=1) <= 1 for spelling in self._accents[token])

    def _synonym_targets(self, slots: List[Slot]) -> List[Tuple[str, ...]]:
        targets: List[Tuple[str, ...]] = []
        for i, slot in enumerate(slots):
            for token in {t for t, _ in slot}:
                for variant, target in self._synonyms.get(token, ()):
                    # a short one-word variant must be typed exactly ("lạa" is not "Lào"); others allow one typo
                    floor = 1.0 if len(variant) == 1 and len(variant[0]) < 6 else ONE_EDIT
                    if target not in targets and matches_at(slots, i, variant, floor):
                        targets.append(target)
        return [t for t in targets if find_phrase(slots, t) < 0]
