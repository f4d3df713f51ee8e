"""Vietnamese text handling, tested without a model."""

import unicodedata

import pytest

from vntext import fold, normalize, normalize_with_map, segment, segment_words
from vntext.abbreviations import AbbreviationTableError, expansions, parse_table
from vntext.normalize import fix_tone_placement


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Đăng ký kết hôn", "Dang ky ket hon"),
        ("đường", "duong"),
        ("ỦY BAN NHÂN DÂN", "UY BAN NHAN DAN"),
        ("Lạng Sơn", "Lang Son"),
        ("plain ascii 123", "plain ascii 123"),
    ],
)
def test_fold_removes_every_diacritic_including_d_stroke(text, expected):
    assert fold(text) == expected


def test_fold_keeps_length_of_nfc_text():
    text = "Thủ tục đăng ký thường trú ở xã Đồng Đăng"
    assert len(fold(text)) == len(text)


def test_nfd_input_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Thủ tục khai sinh")
    assert nfd != "Thủ tục khai sinh"
    assert normalize(nfd) == "Thủ tục khai sinh"


@pytest.mark.parametrize(
    "old, new",
    [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Hoá", "Hóa"), ("loè", "lòe")],
)
def test_tone_marks_follow_one_convention(old, new):
    assert fix_tone_placement(old) == new
    assert normalize(f"xã {old}") == f"xã {new}"


@pytest.mark.parametrize("word", ["quý", "hoàng", "thuyền", "khuya", "giá", "hòa", "toán"])
def test_tone_placement_leaves_correct_words_alone(word):
    assert fix_tone_placement(word) == word


def test_spacing_and_repeated_punctuation():
    assert normalize("  làm   giấy khai sinh  cần gì ???  ") == "làm giấy khai sinh cần gì ?"
    assert normalize("“Luật Cư trú” – điều 20…") == '"Luật Cư trú" - điều 20...'


@pytest.mark.parametrize(
    "text, expected",
    [
        ("dk ket hon can j ko", "đăng ký ket hon can gì không"),
        ("đc ko ạ", "được không ạ"),
        ("làm cccd ở đâu", "làm căn cước công dân ở đâu"),
        ("tthc cấp gplx", "thủ tục hành chính cấp giấy phép lái xe"),
        ("UBND xã", "Ủy ban nhân dân xã"),
    ],
)
def test_abbreviations_and_teencode_are_expanded(text, expected):
    assert normalize(text) == expected


def test_abbreviations_do_not_touch_parts_of_words_or_amounts():
    assert normalize("phí 50k") == "phí 50k"
    assert normalize("kho bạc") == "kho bạc"


def test_expansion_can_be_switched_off():
    assert normalize("dk ko", expand_abbreviations=False) == "dk ko"


def test_offset_map_moves_entity_spans_to_normalised_text():
    original = "cho hỏi  dk  kết hôn ở UBND xã"
    result = normalize_with_map(original)
    start = original.index("kết hôn")
    new_start, new_end = result.from_original(start, start + len("kết hôn"))
    assert result.text[new_start:new_end] == "kết hôn"
    s, e = result.from_original(original.index("UBND"), original.index("UBND") + 4)
    assert result.text[s:e] == "Ủy ban nhân dân"
    back = result.to_original(new_start, new_end)
    assert original[back[0] : back[1]] == "kết hôn"


def test_editors_table_format_is_checked_with_file_and_line():
    rows = parse_table(["# comment", "ko\tkhông", "", "tthc\tthủ tục hành chính"], "x.tsv")
    assert rows == [("ko", "không"), ("tthc", "thủ tục hành chính")]
    with pytest.raises(AbbreviationTableError, match="x.tsv:2"):
        parse_table(["ko\tkhông", "two words\tsomething"], "x.tsv")


def test_extra_table_from_environment_overrides(tmp_path, monkeypatch):
    extra = tmp_path / "extra.tsv"
    extra.write_text("bhtn\tbảo hiểm thất nghiệp\n", encoding="utf-8")
    monkeypatch.setenv("VI_ABBREVIATIONS", str(extra))
    assert expansions()["bhtn"] == "bảo hiểm thất nghiệp"
    assert normalize("đóng bhtn") == "đóng bảo hiểm thất nghiệp"


def test_default_table_is_valid_nfc():
    table = expansions()
    assert len(table) > 40
    for short, long in table.items():
        assert unicodedata.is_normalized("NFC", long), short


def test_segmentation_keeps_compound_words_and_exact_offsets():
    text = "Thủ tục đăng ký khai sinh cho con ở Lạng Sơn?"
    words = segment_words(text)
    assert [w.text for w in words[:3]] == ["Thủ tục", "đăng ký", "khai sinh"]
    for word in words:
        assert text[word.start : word.end] == word.text
    assert "khai_sinh" in segment(text)


def test_segmentation_offsets_survive_odd_spacing_and_quotes():
    text = 'Luật  "Cư trú"   năm 2020'
    words = segment_words(text)
    assert "Cư trú" in [w.text for w in words]  # the compound word inside the quotes stays whole
    assert "".join(w.text for w in words).replace(" ", "") == text.replace(" ", "")  # nothing dropped
    for word in words:
        assert text[word.start : word.end] == word.text


def test_segmentation_of_empty_and_symbol_only_text():
    assert segment_words("") == []
    assert segment_words("   ") == []
    text = "😀😀 !!"
    words = segment_words(text)
    assert "".join(w.text for w in words) == "😀😀!!"  # symbols are kept as words, not dropped
    for word in words:
        assert text[word.start : word.end] == word.text
