"""The drafting actions as the action server runs them, with rasa-sdk trackers (no Rasa model needed)."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import docx
import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import drafting
from docgen import conversation as conv
from docgen import draft
from docgen.examples import example
from docgen.uploads import store_upload
from identity import Settings, mint, official_sender

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
OFFICIAL = {"role": "official", "user_unit": "Sở Tư pháp tỉnh Lạng Sơn", "user_name": "Nguyễn Văn An"}
GIAY_MOI = {
    "draft_type": "giay_moi", "draft_co_quan": "Sở Tư pháp tỉnh Lạng Sơn", "draft_chuc_vu": ["GIÁM ĐỐC"],
    "draft_tham_du": "họp giao ban tháng 12", "draft_thoi_gian": "2099-12-07T08:30",
    "draft_dia_diem": "Phòng họp tầng 3", "draft_kinh_moi": ["Trưởng các phòng"], "draft_nguoi_ky": "Nguyễn Văn An",
}


JWT = Settings(secret="drafting-actions-test-secret-0123456789abcdef")
SUBJECT = "cb-an"


@pytest.fixture(autouse=True)
def _identity_secret(monkeypatch):
    monkeypatch.setenv("ASSISTANT_JWT_SECRET", JWT.secret)


def official_token(subject=SUBJECT, **claims) -> str:
    return mint(subject, unit="Sở Tư pháp tỉnh Lạng Sơn", name="Nguyễn Văn An", settings=JWT, **claims)


def tracker(slots=None, text="", intent=None, entities=None, metadata=None, candidates=None,
            token=None, sender=None) -> Tracker:
    """A tracker whose latest message carries an official's signed token when the slots say role=official
    (the token, not the slot, is what the actions check)."""
    slots = dict(slots or {})
    metadata = dict(metadata or {})
    if slots.get("role") == "official" and token is None:
        token = official_token()
    if token:
        metadata["token"] = token
    message = {"text": text, "intent": {"name": intent} if intent else {}, "entities": entities or [],
               "metadata": metadata}
    events = [{"event": "user", "text": text}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in (candidates or {}).items()]
    all_slots = {**slots, **(candidates or {})}
    sender = sender or official_sender(SUBJECT, JWT)
    return Tracker(sender, all_slots, message, events, False, None, {}, "action_listen")


def run(action, tr, domain=None):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tr, domain or DOMAIN))
    return dispatcher.messages, events


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_citizen_is_refused_politely_and_nothing_starts():
    messages, events = run(drafting.ActionDraftStart(), tracker({"role": "citizen"}, "soạn giấy mời", "draft_document",
                                                                [{"entity": "doc_type", "value": "giấy mời"}]))
    assert events == [] and "chỉ dành cho cán bộ, công chức" in messages[0]["text"]


def test_an_official_slot_without_a_token_on_this_message_is_refused():
    messages, events = run(drafting.ActionDraftStart(), tracker(OFFICIAL, "soạn giấy mời", "draft_document",
                                                                token="", metadata={"role": "official"}))
    assert events == [] and "chỉ dành cho cán bộ, công chức" in messages[0]["text"]


def test_a_token_used_in_another_conversation_is_refused():
    other = tracker(OFFICIAL, "soạn giấy mời", "draft_document", sender=official_sender("cb-khac", JWT),
                    entities=[{"entity": "doc_type", "value": "giấy mời"}])
    messages, events = run(drafting.ActionDraftStart(), other)
    assert events == [] and "chỉ dành cho cán bộ, công chức" in messages[0]["text"]


def test_an_expired_token_mid_form_stops_the_form_politely():
    expired = mint(SUBJECT, settings=JWT, lifetime_seconds=60, now=__import__("time").time() - 3600)
    form = drafting.VALIDATORS[0]()
    messages, events = run(form, tracker({**OFFICIAL, **GIAY_MOI, "requested_slot": "draft_dia_diem"},
                                         "Phòng họp tầng 2", "inform", token=expired,
                                         candidates={"draft_dia_diem": "Phòng họp tầng 2"}))
    assert "hết hạn" in messages[0]["text"] and "không được lưu" in messages[0]["text"]
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
    assert slot_events(events)["draft_type"] is None and slot_events(events)["draft_dia_diem"] is None


def test_missing_type_is_asked_with_buttons():
    messages, events = run(drafting.ActionDraftStart(), tracker(OFFICIAL, "soạn văn bản", "draft_document"))
    assert events == [] and "loại văn bản nào" in messages[0]["text"]
    assert [b["title"] for b in messages[0]["buttons"]][:2] == ["Giấy mời", "Tờ trình"]


def test_start_fills_defaults_from_the_officials_unit_and_opens_the_form():
    messages, events = run(drafting.ActionDraftStart(), tracker(
        OFFICIAL, "soạn giấy mời họp giao ban thứ Hai tuần sau", "draft_document",
        [{"entity": "doc_type", "value": "giay moi"}]))
    values = slot_events(events)
    assert values["draft_type"] == "giay_moi" and values["draft_chuc_vu"] == ["GIÁM ĐỐC"]
    assert values["draft_co_quan"] == "Sở Tư pháp tỉnh Lạng Sơn" and values["draft_tham_du"] == "họp giao ban"
    assert values[conv.DATE_HINT_SLOT]
    assert events[-1] == {"event": "active_loop", "name": "draft_giay_moi_form", "timestamp": None}
    assert "hủy" in messages[0]["text"]


def validator(doc_type):
    return next(v() for v in drafting.VALIDATORS if v.doc_type == doc_type)


def test_a_bad_answer_is_explained_and_asked_again():
    slots = {**OFFICIAL, "draft_type": "giay_moi", "requested_slot": "draft_thoi_gian", "draft_tham_du": "họp"}
    messages, events = run(validator("giay_moi"), tracker(slots, "lúc nào cũng được", candidates={
        "draft_thoi_gian": "lúc nào cũng được"}))
    assert slot_events(events)["draft_thoi_gian"] is None
    assert slot_events(events)["requested_slot"] == "draft_thoi_gian"
    assert "chưa hiểu thời gian" in messages[0]["text"]


def test_a_good_answer_moves_to_the_next_missing_field():
    slots = {**OFFICIAL, "draft_type": "giay_moi", "requested_slot": "draft_thoi_gian",
             "draft_tham_du": "họp giao ban", "draft_co_quan": "Sở Tư pháp", "draft_chuc_vu": ["GIÁM ĐỐC"]}
    _, events = run(validator("giay_moi"), tracker(slots, "8h30 thứ Hai tuần sau", candidates={
        "draft_thoi_gian": "8h30 thứ Hai tuần sau"}))
    values = slot_events(events)
    assert values["draft_thoi_gian"].endswith("T08:30") and values["requested_slot"] == "draft_dia_diem"


def test_correcting_one_field_at_the_summary_reasks_only_that_field_then_the_summary():
    slots = {**OFFICIAL, **GIAY_MOI, "requested_slot": "draft_confirm"}
    _, events = run(validator("giay_moi"), tracker(slots, "/deny", "deny", candidates={"draft_confirm": "sua"}))
    values = slot_events(events)
    assert values["draft_editing"] is True and values["requested_slot"] == "draft_edit_field"

    slots.update(draft_editing=True, draft_confirm=None, requested_slot="draft_edit_field")
    _, events = run(validator("giay_moi"), tracker(slots, "Địa điểm", candidates={"draft_edit_field": "Địa điểm"}))
    values = slot_events(events)
    assert values["draft_dia_diem"] is None and values["requested_slot"] == "draft_dia_diem"

    slots.update(draft_editing=False, draft_edit_field="draft_dia_diem", draft_dia_diem=None,
                 requested_slot="draft_dia_diem")
    _, events = run(validator("giay_moi"), tracker(slots, "Hội trường A", candidates={"draft_dia_diem": "Hội trường A"}))
    assert slot_events(events) == {"draft_dia_diem": "Hội trường A", "requested_slot": "draft_confirm"}


def test_typing_a_field_name_at_the_summary_reasks_it_directly():
    slots = {**OFFICIAL, **GIAY_MOI, "requested_slot": "draft_confirm"}
    _, events = run(validator("giay_moi"), tracker(slots, "sửa thời gian", candidates={"draft_confirm": "sửa thời gian"}))
    values = slot_events(events)
    assert values["draft_thoi_gian"] is None and values["requested_slot"] == "draft_thoi_gian"


def test_summary_has_the_three_choices():
    messages, _ = run(drafting.ActionAskDraftConfirm(), tracker({**OFFICIAL, **GIAY_MOI}))
    assert "Phòng họp tầng 3" in messages[0]["text"]
    assert [b["title"] for b in messages[0]["buttons"]] == ["Tạo văn bản", "Sửa một mục", "Hủy"]


def test_generate_replies_with_an_expiring_link_and_a_file_payload(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_FILES_DIR", str(tmp_path))
    monkeypatch.setenv("DOCGEN_LINK_SECRET", "test-link-secret")
    monkeypatch.setenv("FILES_PUBLIC_URL", "https://tro-ly.langson.gov.vn/tai-ve/")
    messages, events = run(drafting.ActionDraftGenerate(), tracker({**OFFICIAL, **GIAY_MOI, "draft_confirm": "tao"}))
    text = messages[0]["text"]
    url = messages[0]["custom"]["url"]
    assert url.startswith("https://tro-ly.langson.gov.vn/tai-ve/") and url.endswith("?loai=giay_moi")
    assert url in text and "hiệu lực đến" in text
    [saved] = [p for p in tmp_path.iterdir() if p.suffix == ".docx"]
    assert len(saved.stem) == 32  # a random name, nothing the user typed
    cells = " ".join(c.text for t in docx.Document(saved).tables for r in t.rows for c in r.cells)
    assert "SỞ TƯ PHÁP" in cells and "Nguyễn Văn An" in cells
    assert slot_events(events)["draft_type"] is None


def test_generate_checks_the_role_itself(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_FILES_DIR", str(tmp_path))
    messages, _ = run(drafting.ActionDraftGenerate(), tracker({**GIAY_MOI, "role": "official", "draft_confirm": "tao"},
                                                              token="forged." + official_token()))
    assert "hết hạn hoặc không còn hợp lệ" in messages[0]["text"] and not list(tmp_path.iterdir())


def test_cancel_closes_the_form_with_a_confirmation():
    messages, events = run(drafting.ActionDraftCancel(), tracker({**OFFICIAL, **GIAY_MOI}))
    assert events[0] == {"event": "active_loop", "name": None, "timestamp": None}
    assert "Đã hủy việc soạn giấy mời" in messages[0]["text"]


def test_format_check_of_an_uploaded_docx(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_UPLOADS_DIR", str(tmp_path))
    content = draft("giay_moi", example("giay_moi"))
    document = docx.Document(io.BytesIO(content))
    document.sections[0].left_margin = docx.shared.Mm(20)
    buffer = io.BytesIO()
    document.save(buffer)
    file_id = store_upload(buffer.getvalue(), official_sender(SUBJECT, JWT), tmp_path)
    messages, _ = run(drafting.ActionCheckDocumentFormat(), tracker(OFFICIAL, "kiểm tra", "check_document_format",
                                                                    metadata={"file_id": file_id}))
    assert "lỗi thể thức" in messages[0]["text"] and "lề trái" in messages[0]["text"].lower()


def test_an_official_cannot_check_another_officials_upload(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_UPLOADS_DIR", str(tmp_path))
    file_id = store_upload(draft("giay_moi", example("giay_moi")), official_sender("cb-khac", JWT), tmp_path)
    messages, _ = run(drafting.ActionCheckDocumentFormat(), tracker(OFFICIAL, "kiểm tra", "check_document_format",
                                                                    metadata={"file_id": file_id}))
    assert "nút đính kèm" in messages[0]["text"]


@pytest.mark.parametrize("metadata", [{}, {"file_path": "../../etc/passwd.docx"}, {"file_id": "../x"},
                                      {"file_path": "/etc/hostname"}])
def test_format_check_without_a_usable_upload_explains_how_to_upload(tmp_path, monkeypatch, metadata):
    monkeypatch.setenv("DOCGEN_UPLOADS_DIR", str(tmp_path))
    messages, _ = run(drafting.ActionCheckDocumentFormat(), tracker(OFFICIAL, "kiểm tra", metadata=metadata))
    assert "tải tệp" in messages[0]["text"] or "nút đính kèm" in messages[0]["text"]


def test_every_action_of_the_domain_fragment_is_implemented():
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(DOMAIN["actions"]) <= set(executor.actions)
    assert not any(name.startswith("action_ask_") and name == "action_ask_" for name in executor.actions)


def test_can_cu_suggestions_come_from_the_knowledge_base_or_nothing():
    class Hit:
        def __init__(self, document, number):
            self.document, self.number = document, number

    hits = [Hit("Luật Cư trú", "68/2020/QH14"), Hit("Luật Cư trú", "68/2020/QH14"), Hit("Nghị định 30", None)]
    assert drafting.suggest_can_cu("cư trú", search=lambda q, k: hits) == [
        "Căn cứ Luật Cư trú số 68/2020/QH14", "Căn cứ Nghị định 30"]

    def broken(query, k):
        raise RuntimeError("no such table")

    assert drafting.suggest_can_cu("cư trú", search=broken) == []
    assert drafting.suggest_can_cu("", search=lambda q, k: hits) == []
