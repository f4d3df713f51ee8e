import pytest

import vntext
from legal_kb.db import session_scope
from legal_kb.documents.search import SearchFilters, relevant_hits, search, trim_article
from legal_kb.documents.search.service import find_documents

QUESTION = "Công dân có chỗ ở hợp pháp thuộc quyền sở hữu của mình thì được đăng ký thường trú tại chỗ ở đó"


def top(hits):
    return (hits[0].document, hits[0].article)


def test_question_finds_the_article_with_citation_and_status(kb_engine):
    hits = search(QUESTION, k=5, engine=kb_engine)
    assert top(hits) == ("Luật Cư trú 2020", "20")
    assert hits[0].citation == "Điều 20, Luật Cư trú số 68/2020/QH14"
    assert hits[0].status == "còn hiệu lực" and hits[0].heading == "Điều kiện đăng ký thường trú"
    assert "chỗ ở hợp pháp" in hits[0].snippet


def test_without_diacritics_same_answer(kb_engine):
    assert top(search(vntext.fold(QUESTION), k=5, engine=kb_engine)) == ("Luật Cư trú 2020", "20")
    assert top(search("dieu kien ket hon", k=5, engine=kb_engine)) == ("Luật Hôn nhân và gia đình 2014", "8")


@pytest.mark.parametrize("query", ["Điều 20 Luật Cư trú", "dieu 20 luat cu tru noi gi", "Điều 20 của Luật Cư trú năm 2020"])
def test_direct_article_fetch(kb_engine, query):
    hits = search(query, k=3, engine=kb_engine)
    assert top(hits) == ("Luật Cư trú 2020", "20") and hits[0].exact


def test_clause_fetch(kb_engine):
    hit = search("khoản 2 điều 8 luật hôn nhân", k=3, engine=kb_engine)[0]
    assert (hit.article, hit.clause) == ("8", "2")
    assert hit.citation == "khoản 2 Điều 8, Luật Hôn nhân và gia đình số 52/2014/QH13"
    assert hit.text.startswith("2. Nhà nước không thừa nhận hôn nhân giữa những người cùng giới tính")


@pytest.mark.parametrize("query", ["nd 30 2020", "nghị định 30", "30/2020/nđ-cp", "NĐ 30/2020"])
def test_loose_number_lookup(kb_engine, query):
    with session_scope(kb_engine) as s:
        docs = find_documents(s, query)
        assert [d.number for d in docs] == ["30/2020/NĐ-CP"]


def test_name_lookup(kb_engine):
    with session_scope(kb_engine) as s:
        assert [d.title for d in find_documents(s, "luat cu tru")] == ["Luật Cư trú 2020"]
        assert [d.title for d in find_documents(s, "luật hôn nhân")] == ["Luật Hôn nhân và gia đình 2014"]


def test_filters(kb_engine):
    hits = search("trách nhiệm lập hồ sơ", k=10, filters=SearchFilters(doc_type="Nghị định"), engine=kb_engine)
    assert hits and {h.number for h in hits} == {"30/2020/NĐ-CP"}
    hits = search("đăng ký thường trú", k=10, filters=SearchFilters(issuer="Chính phủ"), engine=kb_engine)
    assert all(h.number == "30/2020/NĐ-CP" for h in hits)
    assert search("đăng ký thường trú", k=5, filters=SearchFilters(status="hết hiệu lực"), engine=kb_engine) == []
    hits = search("thanh niên", k=5, filters=SearchFilters(field="Chính sách xã hội"), engine=kb_engine)
    assert hits and {h.document for h in hits} == {"Luật Thanh niên 2020"}


def test_nothing_relevant_enough(kb_engine):
    assert relevant_hits(search("giá vé máy bay đi Đà Nẵng tháng này bao nhiêu tiền", k=5, engine=kb_engine)) == []
    assert relevant_hits(search("thủ tục cấp hộ chiếu phổ thông cho trẻ em", k=5, engine=kb_engine)) == []
    assert relevant_hits(search(QUESTION, k=5, engine=kb_engine))[0].article == "20"


def test_trim_keeps_whole_clauses(kb_engine):
    hit = search("Điều 20 Luật Cư trú", k=1, engine=kb_engine)[0]
    trimmed = trim_article(hit.text, max_chars=400, query="người chưa thành niên đăng ký thường trú")
    assert len(trimmed) <= 420
    blocks = [b for b in trimmed.split("\n") if b != "…" and b[:2] not in ("a)", "b)", "c)", "d)")]
    assert all(any(line.startswith(b) for line in hit.text.split("\n")) for b in blocks)
    assert any("chưa thành niên" in b for b in blocks) and "…" in trimmed
    assert trim_article("1. Ngắn.", 400) == "1. Ngắn."


def test_question_form_is_not_searched():
    from legal_kb.documents.search.ranking import Query, query_segments

    assert query_segments("Hồ sơ đăng ký thường trú bao gồm những gì, đúng hay sai?") == [["ho", "so", "dang", "ky", "thuong", "tru"]]
    plain, asked = Query.parse("điều kiện kết hôn"), Query.parse("Điều kiện kết hôn là gì theo quy định của pháp luật?")
    assert asked.syl == plain.syl and asked.big == plain.big


def test_unaccented_question_finds_the_same_articles(kb_engine):
    for query in ("Hồ sơ đăng ký thường trú bao gồm những gì?", "Người chưa thành niên có thể cư trú tại nơi khác với cha, mẹ không?"):
        accented = [(h.document, h.article) for h in search(query, k=3, engine=kb_engine)]
        assert accented[0][0] == "Luật Cư trú 2020"
        assert [(h.document, h.article) for h in search(vntext.fold(query), k=3, engine=kb_engine)][:1] == accented[:1]
