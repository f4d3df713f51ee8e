"""Which capability answers a message: one decision from every signal, knowledge first.

Signals: the procedure matcher's resolution, the legal search's relevant hits, the intent ranking of the NLU
model, the cue words of legal_kb/content/routing.yml, and the procedure already being discussed. The intent
classifier's doubt never decides alone: the knowledge bases are asked first.

The policy, in order:
1. A button chose a procedure → that procedure (the facet its intent names).
2. The matcher names one procedure with confidence → that procedure, with the facet the intent (or the wording)
   asks for; unless the message asks about a right, a duty or a penalty (cue words or the search_law intent) and
   the legal search finds a relevant article: then the article, with the procedure offered as a button.
3. A follow-up ("mất bao lâu?", "phí bao nhiêu") that names no other procedure → the facet of the procedure in
   context.
4. The matcher finds several procedures that fit as well (a bare "kết hôn") → those procedures as choices (a
   rights/duties question with a relevant article gets the article first, the procedures as buttons).
5. A question about rights/duties/penalties, or the search_law intent → the legal search's article (for the
   search_law intent with nothing relevant: an honest "chưa tìm thấy quy định đủ liên quan").
6. A request for a procedure the catalogue does not have → "chưa có thông tin về thủ tục này" and where to look
   (unless the classifier is sure the message is out of scope: "thủ tục đăng ký thẻ tập gym" is not a procedure).
7. The out_of_scope intent → out of scope.
8. Otherwise a relevant article for a long enough message → the article; else concrete choices (procedures the
   matcher half-recognised, the best article, capabilities), never bare intents.

Knowledge first also for intents that have an answer of their own (greeting, help, feedback, portal guide, finding an
agency): a long message the classifier gave one of them is answered from the knowledge bases when they are clear (a
question about rights or duties with a relevant article; for greetings and help, also a procedure named with
confidence), otherwise by the intent's own answer. A message that names no procedure request and whose best article
is clearly relevant is answered with the article rather than "not in the catalogue" or a list of loosely matched
procedures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, List, Optional, Sequence, Tuple

import yaml

from legal_kb.documents.search.lay import legal_terms
from legal_kb.procedures.matching import Match, Resolution, fold_text
from legal_kb.procedures.service import ProcedureKnowledge, detect_facet

CONTENT = Path(__file__).resolve().parent / "content" / "routing.yml"

PROCEDURE = "procedure"
CHOICES = "choices"
LEGAL = "legal"
NOT_IN_CATALOGUE = "not_in_catalogue"
OUT_OF_SCOPE = "out_of_scope"
CLARIFY = "clarify"
OWN_ANSWER = "own_answer"  # the intent's own answer (greeting, help, feedback form…)

FACET_BY_INTENT = {
    "ask_procedure": None,
    "ask_documents": "documents",
    "ask_processing_time": "processing_time",
    "ask_fee": "fees",
    "ask_where_submit": "place",
    "ask_online": "online",
    "ask_legal_basis": "legal_basis",
    "ask_steps": "steps",
}
PROCEDURE_INTENTS = frozenset(FACET_BY_INTENT)
LEGAL_INTENTS = frozenset({"search_law"})
# An intent counts as said when the classifier gives it at least this much.
INTENT_TRUSTED = 0.5
# A question the classifier is this sure is about the law gets an honest "nothing relevant" rather than choices.
LEGAL_INTENT_SURE = 0.8
# The matcher's best procedure is answered only from this score (below it, on the development set, every
# "confident" match was the wrong procedure); below, it is offered as a choice.
PROCEDURE_TRUSTED = 0.58
# ... and only when the message names most of that procedure's distinctive words ("giấy phép câu cá" names a third
# of "giấy phép kinh doanh hộ cá thể"; on the development set every match under this share was wrong).
PROCEDURE_NAMED = 0.65
# A procedure suggested beside "not in the catalogue" must have at least half of its distinctive words named.
SUGGESTION_NAMED = 0.5
# A message the classifier is sure is out of scope needs a strong procedure match to be answered as one.
OUT_OF_SCOPE_SURE = 0.75
PROCEDURE_BEATS_OUT_OF_SCOPE = 0.80
# Relevance bars of the legal search (share of the query's information the best article covers): a message known
# to be a legal question (cue words, the search_law intent) accepts weaker matches than a message that is unclear.
LEGAL_QUESTION_COVERAGE = 0.10
UNCLEAR_MESSAGE_COVERAGE = 0.30
# A relevant article answers an unclear message only when the message says this much (folded words).
MIN_WORDS_FOR_LEGAL_GUESS = 6
# Intents with an answer of their own, asked for the knowledge bases first when the message says enough; a greeting
# or a request for help may carry a procedure question ("chào bạn, làm căn cước cần gì"), a complaint or a request
# for an address is not answered with a procedure.
OWN_ANSWER_INTENTS = frozenset({"greet", "help", "give_feedback", "portal_guide", "find_agency"})
OWN_ANSWER_YIELDS_TO_PROCEDURE = frozenset({"greet", "help"})


@dataclass(frozen=True)
class Signals:
    text: str
    ranking: Sequence[Tuple[str, float]] = ()  # intent ranking, best first, without nlu_fallback
    chosen_procedure: Optional[str] = None  # from a button payload
    mention: Optional[str] = None  # a procedure named by the NLU entity extractor
    current_procedure: Optional[str] = None  # the procedure in context
    unsure: bool = False  # the classifier's best intent fell under its threshold (nlu_fallback)

    @property
    def intent(self) -> Optional[str]:
        return self.ranking[0][0] if self.ranking else None

    @property
    def confidence(self) -> float:
        return self.ranking[0][1] if self.ranking else 0.0

    def said(self, intents: frozenset) -> bool:
        return self.intent in intents and self.confidence >= INTENT_TRUSTED


@dataclass
class Route:
    kind: str
    key: Optional[str] = None  # the procedure answered
    facet: Optional[str] = None
    procedures: Tuple[Match, ...] = ()  # choices, or suggestions beside another answer
    hits: List = field(default_factory=list)  # relevant legal search hits (legal_kb.documents.search.SearchHit)
    reason: str = ""
    intent: Optional[str] = None  # the intent whose own answer is given (OWN_ANSWER)

    def summary(self) -> dict:
        """What was decided, small enough to keep with the conversation (benchmarks, insights)."""
        data = {"kind": self.kind, "reason": self.reason}
        if self.key:
            data["procedure"] = self.key
        if self.intent:
            data["intent"] = self.intent
        if self.facet:
            data["facet"] = self.facet
        if self.procedures:
            data["procedures"] = [m.key for m in self.procedures]
        if self.hits:
            data["articles"] = [{"document": h.document, "article": h.article} for h in self.hits[:3]]
        return data


@dataclass(frozen=True)
class Cues:
    legal: Tuple[str, ...]
    procedure_request: Tuple[str, ...]

    @classmethod
    def load(cls, path: Path = CONTENT) -> "Cues":
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(_folded(data.get("legal_question_cues")), _folded(data.get("procedure_request_cues")))

    def legal_question(self, text: str) -> bool:
        """Cue words of a question about rights, duties or penalties."""
        return _contains(text, self.legal)

    def legal_topic(self, text: str) -> bool:
        """A legal question, or everyday words that stand for a legal term (content/lay_terms.yml: "chồng đánh vợ"
        tells of domestic violence). Topic words name no question: "thuê trọ" is also said by a tenant asking how
        to register temporary residence, so they never turn a named procedure into a legal answer."""
        return self.legal_question(text) or bool(legal_terms(text))

    def asks_for_procedure(self, text: str) -> bool:
        return _contains(text, self.procedure_request)


def _folded(items) -> Tuple[str, ...]:
    return tuple(dict.fromkeys(fold_text(str(i)) for i in items or () if str(i).strip()))


def _contains(text: str, phrases: Tuple[str, ...]) -> bool:
    folded = f" {fold_text(text or '')} "
    return any(f" {p} " in folded for p in phrases)


@lru_cache(maxsize=1)
def default_cues() -> Cues:
    return Cues.load()


LegalSearch = Callable[[str, float], List]  # (text, minimum coverage) -> relevant hits, best first


class Router:
    """Decides a Route for a message; pure apart from the two knowledge bases it is given."""

    def __init__(self, procedures: ProcedureKnowledge, legal_search: LegalSearch, cues: Optional[Cues] = None):
        self.procedures = procedures
        self.legal_search = legal_search
        self.cues = cues or default_cues()

    def decide(self, signals: Signals) -> Route:
        text = (signals.text or "")[:500]
        facet = self._facet(signals, text)
        chosen = signals.chosen_procedure and self.procedures.procedure(signals.chosen_procedure)
        if chosen:
            return Route(PROCEDURE, key=chosen.key, facet=facet, reason="button")
        if signals.intent in OWN_ANSWER_INTENTS and not signals.unsure:
            return self._own_answer(signals, text, facet)
        resolution = self.procedures.resolve(text, hint=signals.mention)
        asks_about_law = self.cues.legal_question(text) or signals.said(LEGAL_INTENTS)
        legal_question = asks_about_law or self.cues.legal_topic(text)
        clearly_legal = self._clearly_legal(text)
        if self._confident(resolution, signals):
            if asks_about_law and not signals.said(PROCEDURE_INTENTS):
                hits = self._legal(text)
                if hits:
                    return Route(LEGAL, hits=hits, procedures=(resolution.best,), reason="right or duty, with procedure")
            return Route(PROCEDURE, key=resolution.best.key, facet=facet, reason="procedure named")
        follow_up = self._follow_up(signals, resolution, facet)
        if follow_up is not None:
            return follow_up
        if resolution.ambiguous and resolution.candidates and not self._out_of_scope(resolution, signals):
            if asks_about_law and not signals.said(PROCEDURE_INTENTS):
                hits = self._legal(text)
                if hits:
                    return Route(LEGAL, hits=hits, procedures=self._plausible(resolution), reason="legal question")
            if clearly_legal():
                return Route(LEGAL, hits=clearly_legal(), procedures=resolution.candidates[:2],
                             reason="relevant article, no procedure asked for")
            return Route(CHOICES, procedures=resolution.candidates, facet=facet, reason="several procedures fit")
        if legal_question or signals.intent in LEGAL_INTENTS:
            hits = self._legal(text)
            if hits:
                return Route(LEGAL, hits=hits, procedures=self._plausible(resolution), reason="legal question")
            if signals.intent in LEGAL_INTENTS and signals.confidence >= LEGAL_INTENT_SURE:
                return Route(LEGAL, procedures=self._plausible(resolution), reason="legal question, nothing relevant")
        sure_out_of_scope = signals.intent == "out_of_scope" and signals.confidence >= OUT_OF_SCOPE_SURE
        if not sure_out_of_scope and clearly_legal():
            return Route(LEGAL, hits=clearly_legal(), procedures=self._plausible(resolution),
                         reason="relevant article, no procedure asked for")
        if not sure_out_of_scope and (self.cues.asks_for_procedure(text) or signals.said(PROCEDURE_INTENTS)):
            suggestions = tuple(m for m in resolution.candidates[:3] if m.named >= SUGGESTION_NAMED)
            return Route(NOT_IN_CATALOGUE, procedures=suggestions, reason="procedure not in catalogue")
        if signals.said(frozenset({"out_of_scope"})):
            return Route(OUT_OF_SCOPE, reason="out of scope")
        if len(fold_text(text).split()) >= MIN_WORDS_FOR_LEGAL_GUESS:
            hits = self._legal(text, UNCLEAR_MESSAGE_COVERAGE)
            if hits:
                return Route(LEGAL, hits=hits, procedures=self._plausible(resolution), reason="relevant article")
        if signals.intent == "out_of_scope":
            return Route(OUT_OF_SCOPE, reason="out of scope (unsure)")
        return Route(CLARIFY, procedures=resolution.candidates[:3], reason="unclear")

    def _clearly_legal(self, text: str) -> Callable[[], List]:
        """Lazily: the relevant articles of a message that says enough, asks for no procedure, and whose best article
        covers much of it (the bar of an unclear message); empty otherwise."""
        cache: List = []

        def hits() -> List:
            if not cache:
                says_enough = len(fold_text(text).split()) >= MIN_WORDS_FOR_LEGAL_GUESS
                asks_procedure = self.cues.asks_for_procedure(text)
                cache.append(self._legal(text, UNCLEAR_MESSAGE_COVERAGE) if says_enough and not asks_procedure else [])
            return cache[0]

        return hits

    def _own_answer(self, signals: Signals, text: str, facet: Optional[str]) -> Route:
        own = Route(OWN_ANSWER, intent=signals.intent, reason="the intent's own answer")
        if text.startswith("/") or len(fold_text(text).split()) < MIN_WORDS_FOR_LEGAL_GUESS:
            return own
        if signals.intent in OWN_ANSWER_YIELDS_TO_PROCEDURE:
            resolution = self.procedures.resolve(text, hint=signals.mention)
            if self._confident(resolution, signals):
                return Route(PROCEDURE, key=resolution.best.key, facet=facet, reason="procedure named")
        if self.cues.legal_topic(text):
            # a greeting or a plea for help that tells a legal situation gets the nearest article (shown as such when
            # it covers little); a complaint or a request for an address only a clearly relevant one
            yields = signals.intent in OWN_ANSWER_YIELDS_TO_PROCEDURE
            hits = self._legal(text, LEGAL_QUESTION_COVERAGE if yields else UNCLEAR_MESSAGE_COVERAGE)
            if hits:
                return Route(LEGAL, hits=hits, reason="legal question")
        return own

    def _confident(self, resolution: Resolution, signals: Signals) -> bool:
        best = resolution.best
        if best is None or resolution.ambiguous or resolution.not_found or best.score < PROCEDURE_TRUSTED:
            return False
        if best.named < PROCEDURE_NAMED:
            return False
        return not self._out_of_scope(resolution, signals)

    @staticmethod
    def _plausible(resolution: Resolution) -> Tuple[Match, ...]:
        """Procedures worth a button beside a legal answer: matched about as well as one that would be answered."""
        return tuple(m for m in resolution.candidates[:2] if m.score >= PROCEDURE_TRUSTED and m.named >= PROCEDURE_NAMED)

    @staticmethod
    def _out_of_scope(resolution: Resolution, signals: Signals) -> bool:
        """The classifier is sure the message is out of scope and no procedure is named strongly enough."""
        sure = signals.intent == "out_of_scope" and signals.confidence >= OUT_OF_SCOPE_SURE
        return sure and (resolution.best is None or resolution.best.score < PROCEDURE_BEATS_OUT_OF_SCOPE)

    def _facet(self, signals: Signals, text: str) -> Optional[str]:
        if signals.intent in PROCEDURE_INTENTS and signals.intent != "ask_procedure":
            return FACET_BY_INTENT[signals.intent]
        return detect_facet(text)

    def _follow_up(self, signals: Signals, resolution: Resolution, facet: Optional[str]) -> Optional[Route]:
        current = signals.current_procedure and self.procedures.procedure(signals.current_procedure)
        names_another = resolution.best is not None and resolution.best.named >= PROCEDURE_NAMED
        if current and not signals.mention and facet and not names_another:
            return Route(PROCEDURE, key=current.key, facet=facet, reason="follow-up in context")
        return None

    def _legal(self, text: str, min_coverage: float = LEGAL_QUESTION_COVERAGE) -> List:
        return list(self.legal_search(text, min_coverage) or [])

