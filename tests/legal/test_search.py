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
    # unfiltered, this query's hits are all from Luật Cư trú; filtered by issuer, the decree's articles remain
    assert "68/2020/QH14" in {h.number for h in search("đăng ký thường trú", k=10, engine=kb_engine)}
    hits = search("đăng ký thường trú", k=10, filters=SearchFilters(issuer="Chính phủ"), engine=kb_engine)
    assert hits and {h.number for h in hits} == {"30/2020/NĐ-CP"}
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


def _corpus(articles):
    """Candidates and term statistics for a tiny corpus of (document id, heading, body)."""
    from collections import Counter

    from legal_kb.documents.search.index import article_fields
    from legal_kb.documents.search.ranking import Candidate, Stats

    cands, df, lengths = [], {"syl": Counter(), "big": Counter(), "head": Counter()}, Counter()
    for unit_id, (document_id, heading, body) in enumerate(articles, start=1):
        f = article_fields("Luật Thử", heading, body)
        cands.append(Candidate(unit_id, document_id, f["heading_terms"], f["body_syl"], f["body_big"]))
        for field, value in (("syl", f["body_syl"]), ("big", f["body_big"]), ("head", f["heading_terms"])):
            terms = [t for t in value.split() if t != "|"]
            df[field].update(set(terms))
            lengths[field] += len(terms)
    avg = {field: lengths[field] / len(cands) for field in df}
    return cands, Stats(n=float(len(cands)), avg=avg, df={k: dict(v) for k, v in df.items()})


HEADINGS = [
    (1, "Trách nhiệm của Bộ Công an", "Bộ Công an chủ trì phòng, chống ma túy; phối hợp với Bộ Quốc phòng ở khu vực biên giới."),
    (1, "Trách nhiệm của Bộ Quốc phòng", "Tổ chức thực hiện kế hoạch phòng, chống ma túy ở khu vực biên giới."),
    (2, "Phạm vi điều chỉnh", "Luật này quy định về cư trú."),
]


def test_heading_contained_weighs_the_whole_heading():
    from legal_kb.documents.search.ranking import Query, heading_contained

    cands, stats = _corpus(HEADINGS)
    q = Query.parse("Trách nhiệm của Bộ Quốc phòng trong phòng, chống ma túy là gì?")
    police, army, scope = (heading_contained(q, c, stats) for c in cands)
    assert army == 1.0
    assert 0.0 < police < 0.9  # "trách nhiệm của bộ" is there, "công an" is not
    assert scope == 0.0


def test_rerank_prefers_the_article_whose_heading_the_query_restates():
    from legal_kb.documents.search.ranking import Query, rank, rank_ids

    cands, stats = _corpus(HEADINGS)
    q = Query.parse("Trách nhiệm của Bộ Quốc phòng trong phòng, chống ma túy là gì?")
    assert rank_ids(rank(q, cands, stats, weights=(1.0, 0.0, 0.0, 0.0, 0.0)))[0] == 1  # stage one alone: the body wins
    assert rank_ids(rank(q, cands, stats))[0] == 2


def test_title_named_and_document_share():
    from legal_kb.documents.search.ranking import Query, document_share, title_named

    q = Query.parse("nghĩa vụ cấp dưỡng theo luật hôn nhân và gia đình")
    assert title_named(q, ("hon", "nhan", "va", "gia", "dinh")) == 1.0
    assert title_named(q, ("cu", "tru")) == 0.0
    assert title_named(Query.parse("quyền của thanh niên"), ("thanh", "nien")) == 1.0
    share = document_share([10.0, 9.0, 8.0, 10.0], [1, 1, 1, 2])
    assert share[0] == share[1] == share[2] > share[3] and abs(share[0] + share[3] - 1.0) < 1e-9


def test_candidate_headings_get_their_document_frequencies(kb_engine):
    from legal_kb.documents.search.ranking import heading_contained
    from legal_kb.documents.search.service import retrieve

    with session_scope(kb_engine) as s:
        r = retrieve(s, "trách nhiệm của văn thư cơ quan")
        terms = {t for c in r.candidates for t in c.heading_terms.split()}
        assert r.candidates and terms <= set(r.stats.df["head"])
        # a heading the query only partly restates is not "contained" (it was, with only the query's terms known)
        shares = [heading_contained(r.query, c, r.stats) for c in r.candidates]
        assert any(0.0 < x < 0.9 for x in shares)
        # every document's folded name words, which the re-ranker matches against the query (title_named)
        assert len(r.names) == 4
        assert {("cu", "tru"), ("hon", "nhan", "va", "gia", "dinh"), ("thanh", "nien")} <= set(r.names.values())


def test_a_weakly_matching_article_is_shown_as_the_nearest_found_not_as_the_answer(kb_engine):
    from dataclasses import replace

    from legal_kb.documents.answers import WEAK_MATCH_LEAD, answer_from_hits

    hits = search(QUESTION, k=3, engine=kb_engine)
    with session_scope(kb_engine) as session:
        strong = answer_from_hits(session, [replace(hits[0], coverage=0.6)] + hits[1:], QUESTION)
        weak = answer_from_hits(session, [replace(hits[0], coverage=0.12)] + hits[1:], QUESTION)
    assert strong.text.startswith("Điều 20, Luật Cư trú") and WEAK_MATCH_LEAD not in strong.text
    assert weak.text.startswith(WEAK_MATCH_LEAD) and "Điều 20, Luật Cư trú" in weak.text
