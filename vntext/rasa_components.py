"""Rasa NLU components wrapping the Vietnamese text functions of this package.

Pipeline order (config.yml): VietnameseNormalizer -> VietnameseTokenizer -> featurizers
(incl. FoldedCountVectorsFeaturizer) -> DIET -> FallbackClassifier.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from vntext.fold import fold
from vntext.normalize import normalize_with_map
from vntext.segment import segment_words
from vntext.spelling import SpellingCorrector

logger = logging.getLogger(__name__)
_SPELLING_FILE = "spelling.json"


def normalize_message(message: Message, expand_abbreviations: bool = True) -> None:
    """Normalise a message's text in place and move its entity spans onto the new text."""
    text = message.get(TEXT)
    if not isinstance(text, str):
        return
    normalized = normalize_with_map(text, expand_abbreviations)
    if normalized.text == text:
        return
    entities = message.get(ENTITIES) or []
    for entity in entities:
        start, end = normalized.from_original(entity[ENTITY_ATTRIBUTE_START], entity[ENTITY_ATTRIBUTE_END])
        entity[ENTITY_ATTRIBUTE_START], entity[ENTITY_ATTRIBUTE_END] = start, end
    message.set(TEXT, normalized.text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class VietnameseNormalizer(GraphComponent):
    """NFC, tone-mark placement, spacing/punctuation and abbreviations, before tokenisation."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"expand_abbreviations": True}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._expand = bool(config.get("expand_abbreviations", True))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "VietnameseNormalizer":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            normalize_message(message, self._expand)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            normalize_message(message, self._expand)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class VietnameseSpellingCorrector(GraphComponent):
    """Corrects mistyped syllables in user messages against the words of the training examples.

    Runs after the normaliser and before the tokenizer; training examples are left as written.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(
        self,
        model_storage: ModelStorage,
        resource: Resource,
        corrector: Optional[SpellingCorrector] = None,
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._corrector = corrector

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "VietnameseSpellingCorrector":
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        texts = [m.get(TEXT) for m in training_data.training_examples]
        for table in training_data.lookup_tables:
            elements = table.get("elements")
            texts += elements if isinstance(elements, list) else []
        self._corrector = SpellingCorrector.learn(t for t in texts if isinstance(t, str) and not t.startswith("/"))
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _SPELLING_FILE).write_text(
                json.dumps(self._corrector.to_dict(), ensure_ascii=False), encoding="utf-8"
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "VietnameseSpellingCorrector":
        corrector = None
        try:
            with model_storage.read_from(resource) as directory:
                data = json.loads((directory / _SPELLING_FILE).read_text(encoding="utf-8"))
            corrector = SpellingCorrector.from_dict(data)
        except (ValueError, OSError) as error:
            logger.warning("Không nạp được bộ sửa lỗi chính tả (%s): tin nhắn giữ nguyên.", error)
        return cls(model_storage, resource, corrector)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if self._corrector is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and text and not text.startswith("/") and not message.get(ENTITIES):
                message.set(TEXT, self._corrector.correct(text))
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class VietnameseTokenizer(Tokenizer):
    """Word segmentation with underthesea; each token's offsets point into the message text.

    A token's ``lemma`` is its lower-case form with syllables joined by ``_`` (``khai_sinh``), so word
    featurizers see whole words while entity spans stay exact.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "VietnameseTokenizer":
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = message.get(attribute) or ""
        tokens = [
            Token(word.text, word.start, word.end, lemma=word.key)
            for word in segment_words(text)
            if any(ch.isalnum() for ch in word.text)
        ]
        if not tokens:
            # Emoji or punctuation only: one token for the whole text, as Rasa's own tokenizers do.
            tokens = [Token(text, 0, len(text), lemma=text.lower())]
        return self._apply_token_pattern(tokens)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class FoldedCountVectorsFeaturizer(CountVectorsFeaturizer):
    """Count vectors over accent-folded tokens (đ→d included), so "dang ky" and "đăng ký" share features."""

    def _process_tokens(self, tokens: List[Text], attribute: Text = TEXT) -> List[Text]:
        tokens = super()._process_tokens(tokens, attribute)
        if attribute == TEXT:
            tokens = [fold(token) for token in tokens]
        return tokens


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class BlendedLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Logistic regression on the sparse features, averaged with the ranking of the classifier before it.

    Placed after DIET: the two models err on different messages, and the average of their
    probabilities is right more often than either (bench/nlu_eval.py). ``blend_weight`` is the share
    given to the earlier classifier; the earlier one should rank every intent (``ranking_length: 0``).
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "blend_weight": 0.5}

    def process(self, messages: List[Message]) -> List[Message]:
        if not messages:
            return messages
        probabilities = self.clf.predict_proba(self._create_X(messages))
        weight = float(self.config.get("blend_weight", 0.5))
        for message, row in zip(messages, probabilities, strict=True):
            earlier = {
                item[INTENT_NAME_KEY]: float(item[PREDICTED_CONFIDENCE_KEY])
                for item in message.get(INTENT_RANKING_KEY) or []
            }
            share = weight if earlier else 0.0
            ranking = sorted(
                (
                    {
                        INTENT_NAME_KEY: name,
                        PREDICTED_CONFIDENCE_KEY: (1 - share) * float(p) + share * earlier.get(name, 0.0),
                    }
                    for name, p in zip(self.clf.classes_, row, strict=True)
                ),
                key=lambda item: -item[PREDICTED_CONFIDENCE_KEY],
            )
            if self.config.get("ranking_length", 0) > 0:
                ranking = ranking[: self.config["ranking_length"]]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages


__all__ = [
    "BlendedLogisticRegressionClassifier",
    "FoldedCountVectorsFeaturizer",
    "VietnameseNormalizer",
    "VietnameseSpellingCorrector",
    "VietnameseTokenizer",
]
