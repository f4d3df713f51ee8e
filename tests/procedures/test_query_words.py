"""The word lists that read procedure questions live in content/query_words.yml, editable without Python."""

import pytest

from legal_kb.procedures import query_text
from legal_kb.procedures.content_reader import ContentError
from legal_kb.procedures.query_text import load_query_words


def _write(tmp_path, text):
    path = tmp_path / "query_words.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_file_gives_the_lists_the_reader_uses():
    words = load_query_words()
    assert ("mat", "bao", "lau") in words["question_phrases"]
    assert words["question_phrases"].index(("mat", "bao", "lau")) < words["question_phrases"].index(("bao", "lau"))
    assert {"a", "nhe", "toi"} <= query_text.STOPWORDS
    assert ("dang", "ky") in query_text.GENERIC_PHRASES
    assert "ve" in query_text.BARE_FILLER


def test_editors_may_write_with_or_without_accents(tmp_path):
    path = _write(
        tmp_path,
        "question_phrases: [Mất bao lâu, o dau]\nfiller_words: ạ nhé\ngeneric_words: [đăng ký]\nbare_filler: [về]\n",
    )
    words = load_query_words(path)
    assert words["question_phrases"] == (("mat", "bao", "lau"), ("o", "dau"))
    assert words["filler_words"] == (("a",), ("nhe",))
    assert words["generic_words"] == (("dang", "ky"),)


@pytest.mark.parametrize(
    "text, key",
    [
        ("question_phrases: []\nfiller_words: a\ngeneric_words: [cấp]\nbare_filler: [về]\n", "question_phrases"),
        ("question_phrases: [bao lâu]\nfiller_words: [xin vui lòng]\ngeneric_words: [cấp]\nbare_filler: [về]\n", "filler_words"),
        ("question_phrases: [bao lâu]\nfiller_words: a\nbare_filler: [về]\n", "generic_words"),
    ],
)
def test_a_broken_list_is_reported_with_file_and_key(tmp_path, text, key):
    path = _write(tmp_path, text)
    with pytest.raises(ContentError) as error:
        load_query_words(path)
    assert key in str(error.value) and str(path) in str(error.value)


def test_unreadable_yaml_is_reported(tmp_path):
    path = _write(tmp_path, "question_phrases: [bao lâu\n")
    with pytest.raises(ContentError, match="không đọc được"):
        load_query_words(path)
