import json
from datetime import date

import pytest

from legal_kb.documents.structure import StructureError, parse_text
from tests.legal.conftest import LAWS, ND30


@pytest.fixture(scope="module")
def nd30():
    return parse_text(ND30.read_text(encoding="utf-8"), str(ND30))


def test_nd30_header(nd30):
    assert nd30.number == "30/2020/NĐ-CP"
    assert nd30.doc_type == "Nghị định"
    assert nd30.title == "Nghị định về công tác văn thư"
    assert nd30.issuer == "Chính phủ"
    assert nd30.issue_date == date(2020, 3, 5)
    assert nd30.effective_date == date(2020, 3, 5)  # "có hiệu lực thi hành kể từ ngày ký"


def test_nd30_structure(nd30):
    articles = nd30.articles()
    assert len(articles) == 38
    assert [u.number for u in nd30.units] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    chuong_ii = nd30.units[1]
    assert [m.number for m in chuong_ii.children] == ["1", "2"]
    article_8 = next(a for a in articles if a.number == "8")
    assert article_8.heading == "Thể thức văn bản"
    khoan_2 = article_8.children[1]
    assert khoan_2.number == "2"
    assert [d.number for d in khoan_2.children] == ["a", "b", "c", "d", "đ", "e", "g", "h", "i"]
    assert "Quốc hiệu và Tiêu ngữ" in khoan_2.children[0].text


def _render(law):
    name = law["id"].rsplit(" ", 1)[0].split(" ", 1)[1].upper()
    lines = ["QUỐC HỘI", "", "LUẬT", name, ""]
    for art in law["articles"]:
        head, _, body = art["text"].partition("\n")
        lines += [f"Điều {art['id']}. {head}", body, ""]
    return "\n".join(lines)


@pytest.mark.parametrize(
    "law_id, effective",
    [
        ("Luật Cư trú 2020", date(2021, 7, 1)),
        ("Luật Hôn nhân và gia đình 2014", date(2015, 1, 1)),
        ("Luật Thanh tra 2022", date(2023, 7, 1)),
    ],
)
def test_alqac_law_rendered_as_text(law_id, effective):
    law = next(x for x in json.loads(LAWS.read_text(encoding="utf-8")) if x["id"] == law_id)
    doc = parse_text(_render(law))
    assert doc.doc_type == "Luật"
    assert doc.title.lower() == law_id.rsplit(" ", 1)[0].lower()
    assert [a.number for a in doc.articles()] == [a["id"] for a in law["articles"]]
    assert doc.effective_date == effective  # read from the article on entry into force


def test_duplicate_article_reported_with_line():
    text = "NGHỊ ĐỊNH\nVề thử\nĐiều 1. Một\nNội dung.\nĐiều 2. Hai\nNội dung.\nĐiều 1. Lặp\n"
    with pytest.raises(StructureError) as err:
        parse_text(text, "thu.txt")
    assert err.value.line == 7


def test_text_without_articles_is_rejected():
    with pytest.raises(StructureError):
        parse_text("Đây không phải là văn bản quy phạm.\n")
