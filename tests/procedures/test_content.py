"""The shipped content: enough procedures, every fact traceable to a source and a date, two-tier government."""

from __future__ import annotations

import unicodedata
from dataclasses import fields, is_dataclass
from datetime import date

import pytest

from legal_kb.procedures import answers
from legal_kb.procedures.records import FACETS, Provenance


def _provenances(record):
    """Every Provenance inside a record (procedure, its documents, fees, steps, legal bases)."""
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, Provenance):
            yield f"{record.__class__.__name__}", value
        elif isinstance(value, tuple):
            for item in value:
                if is_dataclass(item):
                    yield from _provenances(item)


def test_at_least_thirty_procedures_across_the_common_fields(catalog):
    assert len(catalog.procedures) >= 30
    fields_covered = {p.field for p in catalog.procedures}
    for expected in (
        "Hộ tịch",
        "Cư trú",
        "Chứng thực",
        "Lý lịch tư pháp",
        "Căn cước",
        "Hộ kinh doanh",
        "Xây dựng",
        "Đất đai",
        "Bảo trợ xã hội",
        "Người có công",
    ):
        assert expected in fields_covered


def test_every_fact_bearing_record_has_a_source_and_an_as_of_date(catalog):
    checked = 0
    for procedure in catalog.procedures:
        for owner, provenance in _provenances(procedure):
            assert provenance.source.strip(), f"{procedure.key}: {owner} without source"
            assert date(2000, 1, 1) <= provenance.as_of <= date.today(), f"{procedure.key}: {owner} as_of"
            checked += 1
        assert procedure.documents and procedure.fees and procedure.legal_bases, procedure.key
    for agency in catalog.agencies:
        assert agency.provenance.source and agency.provenance.as_of
    assert catalog.portal.contact_provenance.source and catalog.portal.guide_provenance.source
    assert checked > 38 * 4


def test_every_answer_cites_a_source_with_its_date(catalog):
    for procedure in catalog.procedures:
        for facet in (*answers.FACET_LABELS, "overview"):
            text = answers.facet_text(procedure, facet, catalog)
            last = text.splitlines()[-1]
            assert last.startswith("Nguồn: ") and "(cập nhật " in last, (procedure.key, facet)


def test_legal_bases_carry_a_document_number_to_link_with_the_legal_kb(catalog):
    for procedure in catalog.procedures:
        for basis in procedure.legal_bases:
            assert "/" in basis.document_number, (procedure.key, basis.document_number)
            assert all(a.isdigit() for a in basis.articles), (procedure.key, basis.articles)


def test_no_district_level_after_the_two_tier_reform(catalog):
    for procedure in catalog.procedures:
        text = " ".join([procedure.place, procedure.level]).lower()
        assert "cấp huyện" not in text and "ubnd huyện" not in text, procedure.key
        assert procedure.level in ("Cấp xã", "Cấp tỉnh"), procedure.key
    assert all("huyện" not in a.name.lower() for a in catalog.agencies)


def test_text_is_nfc(catalog):
    for procedure in catalog.procedures:
        for value in (procedure.name, procedure.place, procedure.processing_time, *procedure.aliases):
            assert unicodedata.is_normalized("NFC", value), procedure.key


def test_codes_and_keys_are_unique(catalog):
    codes = [p.code for p in catalog.procedures if p.code]
    keys = [p.key for p in catalog.procedures]
    assert len(codes) == len(set(codes)) and len(keys) == len(set(keys))


def test_unverified_facts_ask_to_check_with_the_agency_and_give_the_official_page(catalog):
    unverified = [p for p in catalog.procedures if not p.facet_verified("fees")]
    assert unverified
    for procedure in unverified:
        text = answers.fees_text(procedure, catalog)
        assert "vui lòng kiểm tra lại với cơ quan" in text
        assert "dichvucong.langson.gov.vn" in text and "dichvucong.gov.vn" in text


def test_verified_facts_are_stated_without_the_warning(catalog):
    residence = catalog.procedure("dang-ky-thuong-tru")
    assert residence.facet_verified("processing_time")
    text = answers.processing_time_text(residence, catalog)
    assert "07 ngày làm việc" in text and "kiểm tra lại" not in text
    assert "Luật Cư trú 2020" in text


def test_facets_named_in_content_exist():
    assert set(answers.FACET_LABELS) <= set(FACETS)


@pytest.mark.parametrize("relative", ["dev/procedures.yml", "heldout/procedures.yml"])
def test_the_phrasing_files_name_existing_procedures_and_are_large_enough(catalog, relative):
    from pathlib import Path

    import yaml

    cases = yaml.safe_load((Path(__file__).parent.parent / relative).read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 150
    keys = {p.key for p in catalog.procedures}
    unknown = [case["text"] for case in cases if not set(case.get("ambiguous") or [case["expect"]]) <= keys]
    assert not unknown
    assert sum("ambiguous" in c for c in cases) >= 5
