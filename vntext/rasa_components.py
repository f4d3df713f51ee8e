"""Rasa NLU components wrapping the Vietnamese text functions of this package.

Pipeline order (config.yml): VietnameseNormalizer -> VietnameseTokenizer -> featurizers
(incl. FoldedCountVectorsFeaturizer) -> DIET -> FallbackClassifier.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import ENTITIES, ENTITY_ATTRIBUTE_END, ENTITY_ATTRIBUTE_START, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from vntext.fold import fold
from vntext.normalize import normalize_with_map
from vntext.segment import segment_words

ORIGINAL_TEXT = "original_text"


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
    message.set(ORIGINAL_TEXT, text)
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


__all__ = ["FoldedCountVectorsFeaturizer", "VietnameseNormalizer", "VietnameseTokenizer"]
