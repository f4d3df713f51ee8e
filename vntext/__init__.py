"""Vietnamese text handling: normalisation, accent folding, abbreviations, word segmentation."""

from vntext.fold import fold, fold_char
from vntext.normalize import Normalized, normalize, normalize_with_map
from vntext.segment import Word, segment, segment_words

__all__ = [
    "Normalized",
    "Word",
    "fold",
    "fold_char",
    "normalize",
    "normalize_with_map",
    "segment",
    "segment_words",
]
