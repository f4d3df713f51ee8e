import pytest

from legal_kb.documents.numbers import number_key, parse_number, parse_reference, short_title


@pytest.mark.parametrize(
    "text, number, doc_type, issuer",
    [
        ("Số: 30/2020/NĐ-CP", "30/2020/NĐ-CP", "Nghị định", "Chính phủ"),
        ("theo nghị định 30/2020/nđ-cp", "30/2020/NĐ-CP", "Nghị định", "Chính phủ"),
        ("Luật Cư trú số 68/2020/QH14", "68/2020/QH14", "Luật", "Quốc hội"),
        ("Thông tư 01/2011/TT-BNV", "01/2011/TT-BNV", "Thông tư", "BNV"),
    ],
)
def test_numbers_are_read_from_text(text, number, doc_type, issuer):
    parsed = parse_number(text)
    assert (parsed.text, parsed.doc_type, parsed.issuer) == (number, doc_type, issuer)


def test_number_comparison_ignores_case_and_stroke():
    assert number_key("30/2020/nd-cp") == number_key("30/2020/NĐ-CP")
    assert number_key("30/2020/NĐ-CP") != number_key("30/2021/NĐ-CP")


@pytest.mark.parametrize(
    "query, doc_type, seq, year, name",
    [
        ("nd 30 2020", "Nghị định", 30, 2020, None),
        ("nghị định 30", "Nghị định", 30, None, None),
        ("luat cu tru", "Luật", None, None, "cu tru"),
        ("khoản 2 điều 8 luật hôn nhân", "Luật", None, None, "hon nhan"),
    ],
)
def test_loose_references(query, doc_type, seq, year, name):
    ref = parse_reference(query)
    assert (ref.doc_type, ref.seq, ref.year, ref.name) == (doc_type, seq, year, name)


def test_no_reference_in_plain_question():
    assert parse_reference("điều kiện kết hôn là gì") is None


def test_short_title_drops_year():
    assert short_title("Luật Cư trú 2020") == "Luật Cư trú"
