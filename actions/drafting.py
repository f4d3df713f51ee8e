"""Drafting documents in the chat (civil servants only): start, one form per type, summary, generate, cancel;
and checking an uploaded draft's format. The conversation logic lives in ``docgen.conversation``."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from abc import ABC, abstractmethod
from typing import Any, Callable, Dict, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.identity import acting_official
from actions.messages import latest_intent
from docgen import conversation as conv
from docgen import draft
from docgen.check import UnreadableDocument, check_document
from docgen.inputs import InputError
from docgen.links import FileStore, StoredFile, public_url
from docgen.preview import first_page_png
from docgen.settings import Settings, UnitDefaults
from docgen.uploads import uploaded_path

log = logging.getLogger(__name__)

REFUSAL = ("Xin lỗi, chức năng soạn thảo và kiểm tra thể thức văn bản chỉ dành cho cán bộ, công chức đăng nhập "
           "qua phần mềm một cửa hoặc mạng nội bộ. Bạn có thể hỏi tôi về thủ tục hành chính, dịch vụ công trực "
           "tuyến hoặc gửi phản ánh, kiến nghị.")
SESSION_ENDED = ("Phiên đăng nhập của anh/chị đã hết hạn hoặc không còn hợp lệ, nên tôi dừng việc soạn văn bản; "
                 "thông tin vừa nhập không được lưu. Anh/chị đăng nhập lại trên phần mềm một cửa rồi bắt đầu lại.")
UPLOAD_HINT = ("Để kiểm tra thể thức, anh/chị bấm nút đính kèm trong khung trò chuyện (trên trang web) và gửi tệp "
               "Word (.docx). Tôi sẽ đối chiếu với Nghị định 30/2020/NĐ-CP và liệt kê từng lỗi kèm quy định.")
MAX_VIOLATIONS_SHOWN = 15
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def unit_defaults() -> UnitDefaults:
    return Settings.from_env().unit


def reset_events() -> List[EventType]:
    return [SlotSet(slot, None) for slot in conv.ALL_SLOTS] + [SlotSet("requested_slot", None)]


def collected(tracker: Tracker, doc_type: str) -> Dict[str, Any]:
    return {slot: tracker.get_slot(slot) for slot in conv.TYPE_FIELDS[doc_type]}


def suggest_can_cu(topic: str, k: int = 3, search: Optional[Callable[[str, int], Sequence[Any]]] = None) -> List[str]:
    """"Căn cứ …" lines from the legal knowledge base for ``topic``; [] when it is empty or unavailable."""
    if not (topic or "").strip():
        return []
    try:
        if search is None:
            from legal_kb.documents.search import relevant_hits
            from legal_kb.documents.search import search as kb_search

            hits = relevant_hits(kb_search(topic, k * 3))
        else:
            hits = search(topic, k * 3)
    except Exception as error:  # drafting works without the knowledge base
        log.info("legal knowledge base unavailable for suggestions: %s", type(error).__name__)
        return []
    lines: List[str] = []
    for hit in hits:
        title = " ".join(str(getattr(hit, "document", "") or "").split())
        number = getattr(hit, "number", None)
        line = f"Căn cứ {title}" + (f" số {number}" if number and number not in title else "")
        if title and line not in lines:
            lines.append(line)
    return lines[:k]


async def suggestions_for(tracker: Tracker, doc_type: str) -> List[str]:
    return await asyncio.to_thread(suggest_can_cu, tracker.get_slot("draft_trich_yeu") or "")


class ActionDraftStart(Action):
    """"soạn giấy mời …": check the role, find the type (or ask for it), fill defaults, open the form."""

    def name(self) -> Text:
        return "action_draft_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        official = acting_official(tracker)
        if official is None:
            dispatcher.utter_message(text=REFUSAL)
            return []
        doc_type = next((conv.type_key(e.get("value")) for e in tracker.latest_message.get("entities") or []
                         if e.get("entity") == "doc_type" and conv.type_key(e.get("value"))), None)
        if doc_type is None:
            dispatcher.utter_message(text="Anh/chị muốn soạn loại văn bản nào?", buttons=conv.type_buttons())
            return []
        values = conv.unit_defaults(official.unit, unit_defaults())
        values.update(conv.prefill_from_request(tracker.latest_message.get("text") or "", doc_type, dt.date.today()))
        dispatcher.utter_message(text=f"Tôi sẽ cùng anh/chị soạn {conv.type_label(doc_type)} theo thể thức Nghị "
                                      f"định 30/2020/NĐ-CP. Gõ «hủy» bất cứ lúc nào để dừng.")
        events = reset_events() + [SlotSet(conv.TYPE_SLOT, doc_type)]
        events += [SlotSet(slot, value) for slot, value in values.items()]
        return events + [ActiveLoop(conv.form_name(doc_type))]


class DraftFormValidation(FormValidationAction, ABC):
    """Checks each answer of one type's form; the confirm and edit steps are slots of the form too."""

    doc_type: str = ""

    @abstractmethod
    def name(self) -> Text:
        ...

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: Dict[Text, Any]) -> List[Text]:
        fields = list(conv.TYPE_FIELDS[self.doc_type])
        if tracker.get_slot(conv.EDITING_SLOT):
            return [conv.EDIT_SLOT] + fields + [conv.CONFIRM_SLOT]
        return fields + [conv.CONFIRM_SLOT]

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: Dict[Text, Any]) -> List[EventType]:
        if acting_official(tracker) is None:  # the token of this very answer is checked, not the first one
            dispatcher.utter_message(text=SESSION_ENDED)
            return [ActiveLoop(None)] + reset_events()
        requested = tracker.get_slot("requested_slot")
        changes: Dict[str, Any] = {}
        for slot, value in tracker.slots_to_validate().items():
            if slot == requested:  # values set by our own actions are already checked
                changes.update(await self.validate_answer(slot, value, dispatcher, tracker))
        tracker.slots.update(changes)
        return [SlotSet(slot, value) for slot, value in changes.items()]

    async def validate_answer(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker) -> Dict[str, Any]:
        if slot == conv.CONFIRM_SLOT:
            return self.confirm(value, dispatcher)
        if slot == conv.EDIT_SLOT:
            field = conv.match_field(str(value or ""), self.doc_type)
            if field is None:
                dispatcher.utter_message(text="Tôi chưa rõ anh/chị muốn sửa mục nào.")
                return {conv.EDIT_SLOT: None}
            return {conv.EDIT_SLOT: field, conv.EDITING_SLOT: False, field: None}
        suggestions = await suggestions_for(tracker, self.doc_type) if slot == "draft_can_cu" else []
        answer = conv.parse_answer(slot, value, dt.date.today(), hint=tracker.get_slot(conv.DATE_HINT_SLOT),
                                   suggestions=suggestions, intent=latest_intent(tracker), doc_type=self.doc_type)
        if answer.error:
            dispatcher.utter_message(text=answer.error)
            return {slot: None}
        return {slot: answer.value}

    def confirm(self, value: Any, dispatcher: CollectingDispatcher) -> Dict[str, Any]:
        if value == conv.CONFIRMED:
            return {conv.CONFIRM_SLOT: conv.CONFIRMED}
        if value == conv.WANTS_EDIT:
            return {conv.CONFIRM_SLOT: None, conv.EDITING_SLOT: True, conv.EDIT_SLOT: None}
        field = conv.match_field(str(value or ""), self.doc_type)
        if field is not None:
            return {conv.CONFIRM_SLOT: None, field: None}
        dispatcher.utter_message(text="Anh/chị chọn «Tạo văn bản», «Sửa một mục» (hoặc gõ tên mục cần sửa) hay «Hủy».")
        return {conv.CONFIRM_SLOT: None}


class AskField(Action, ABC):
    """Asks for one field of the form (the question depends on the type being drafted)."""

    slot: str = ""

    @abstractmethod
    def name(self) -> Text:
        ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        doc_type = tracker.get_slot(conv.TYPE_SLOT)
        text = conv.prompt(self.slot, doc_type)
        buttons: List[Dict[str, str]] = []
        if self.slot == "draft_can_cu" and doc_type in conv.TYPE_FIELDS:
            suggestions = await suggestions_for(tracker, doc_type)
            if suggestions:
                listed = "\n".join(f"{i}. {line}" for i, line in enumerate(suggestions, start=1))
                text += (f"\nGợi ý từ cơ sở dữ liệu văn bản pháp luật:\n{listed}\nAnh/chị có thể chọn theo số thứ "
                         f"tự, ví dụ «1, 2».")
            buttons = conv.can_cu_buttons(doc_type, suggestions)
        official = acting_official(tracker)
        if self.slot == "draft_nguoi_ky" and official is not None and official.name:
            buttons = [{"title": official.name, "payload": official.name}]
        dispatcher.utter_message(text=text, buttons=buttons or None)
        return []


class ActionAskDraftConfirm(Action):
    def name(self) -> Text:
        return "action_ask_draft_confirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        doc_type = tracker.get_slot(conv.TYPE_SLOT)
        if doc_type not in conv.TYPE_FIELDS:
            return []
        text = conv.summary_text(doc_type, collected(tracker, doc_type), unit_defaults())
        dispatcher.utter_message(text=text, buttons=conv.confirm_buttons())
        return []


class ActionAskDraftEditField(Action):
    def name(self) -> Text:
        return "action_ask_draft_edit_field"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        doc_type = tracker.get_slot(conv.TYPE_SLOT)
        if doc_type in conv.TYPE_FIELDS:
            dispatcher.utter_message(text="Anh/chị muốn sửa mục nào?", buttons=conv.edit_buttons(doc_type))
        return []


def _draft_and_store(doc_type: str, request: Dict[str, Any], defaults: UnitDefaults) -> Tuple[StoredFile, Optional[StoredFile]]:
    """The stored .docx and, where LibreOffice can render it, a stored PNG of its first page."""
    content = draft(doc_type, request, defaults=defaults)
    store = FileStore.from_settings()
    stored = store.save(content, suffix=".docx")
    picture = first_page_png(content)
    preview = store.save(picture, suffix=".png", ttl_seconds=stored.expires_at - time.time()) if picture else None
    return stored, preview


def _expiry_text(expires_at: int) -> str:
    try:
        from zoneinfo import ZoneInfo

        moment = dt.datetime.fromtimestamp(expires_at, ZoneInfo("Asia/Ho_Chi_Minh"))
    except Exception:  # no time zone data on this machine
        moment = dt.datetime.fromtimestamp(expires_at)
    return f"{moment:%H:%M} ngày {moment:%d/%m/%Y}"


class ActionDraftGenerate(Action):
    """After the summary was confirmed: build the .docx in a thread, store it, reply with the link."""

    def name(self) -> Text:
        return "action_draft_generate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        official = acting_official(tracker)
        doc_type = tracker.get_slot(conv.TYPE_SLOT)
        if doc_type not in conv.TYPE_FIELDS or tracker.get_slot(conv.CONFIRM_SLOT) != conv.CONFIRMED:
            if official is not None:  # a stopped form has already said why
                dispatcher.utter_message(text="Chưa có văn bản nào được xác nhận để tạo.")
            return reset_events()
        if official is None:
            dispatcher.utter_message(text=SESSION_ENDED)
            return reset_events()
        defaults = unit_defaults()
        try:
            request = conv.build_request(doc_type, collected(tracker, doc_type), defaults)
            stored, preview = await asyncio.to_thread(_draft_and_store, doc_type, request, defaults)
        except InputError as error:
            lines = "\n".join(f"- {e}" for e in error.errors[:10])
            dispatcher.utter_message(text=f"Chưa tạo được văn bản vì:\n{lines}\nAnh/chị soạn lại giúp tôi nhé.")
            return reset_events()
        except Exception:
            log.exception("drafting a %s failed", doc_type)
            dispatcher.utter_message(text="Xin lỗi, đã có lỗi khi tạo văn bản. Anh/chị vui lòng thử lại sau.")
            return reset_events()
        url = public_url(stored.token, doc_type)
        label = conv.type_label(doc_type)
        expires = _expiry_text(stored.expires_at)
        log.info("generated a %s for download (file %s)", doc_type, stored.file_id)
        dispatcher.utter_message(
            text=f"Đã tạo {label}. Tải về tại: {url}\nĐường dẫn có hiệu lực đến {expires}. Số văn bản để trống "
                 f"cho văn thư điền; anh/chị kiểm tra lại nội dung trước khi trình ký.",
            json_message={"type": "file", "url": url, "mime_type": DOCX_MIME, "name": f"{label}.docx",
                          "expires_at": stored.expires_at},
        )
        if preview is not None:
            dispatcher.utter_message(image=public_url(preview.token))
        return reset_events()


class ActionDraftCancel(Action):
    def name(self) -> Text:
        return "action_draft_cancel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        doc_type = tracker.get_slot(conv.TYPE_SLOT)
        what = conv.type_label(doc_type) if doc_type in conv.TYPE_FIELDS else "văn bản"
        dispatcher.utter_message(text=f"Đã hủy việc soạn {what}; thông tin vừa nhập không được lưu. "
                                      f"Anh/chị cần hỗ trợ việc gì khác không?")
        return [ActiveLoop(None)] + reset_events()


def report_text(report: Any) -> str:
    if report.ok:
        return "Văn bản đúng thể thức theo các quy tắc của Nghị định 30/2020/NĐ-CP mà tôi kiểm tra được."
    lines = [f"Văn bản có {len(report.violations)} lỗi thể thức:"]
    for number, v in enumerate(report.violations[:MAX_VIOLATIONS_SHOWN], start=1):
        lines.append(f"{number}. {v.message} ({v.citation})")
    if len(report.violations) > MAX_VIOLATIONS_SHOWN:
        lines.append(f"… và {len(report.violations) - MAX_VIOLATIONS_SHOWN} lỗi khác.")
    return "\n".join(lines)


class ActionCheckDocumentFormat(Action):
    def name(self) -> Text:
        return "action_check_document_format"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        if acting_official(tracker) is None:
            dispatcher.utter_message(text=REFUSAL)
            return []
        metadata = tracker.latest_message.get("metadata") or {}
        path = uploaded_path(metadata.get("file_id"), tracker.sender_id)
        if path is None:
            dispatcher.utter_message(text=UPLOAD_HINT)
            return []
        try:
            report = await asyncio.to_thread(check_document, str(path), "tệp đã gửi")
        except UnreadableDocument as error:
            dispatcher.utter_message(text=f"{error} Anh/chị kiểm tra lại tệp rồi gửi lại.")
            return []
        dispatcher.utter_message(text=report_text(report))
        return []


def _generated(base: type, class_name: str, action: str, **attributes: Any) -> type:
    return type(class_name, (base,), {"__module__": __name__, "name": lambda self: action, **attributes})


ASK_ACTIONS = [_generated(AskField, f"AskField_{slot}", f"action_ask_{slot}", slot=slot) for slot in conv.FIELDS]
VALIDATORS = [_generated(DraftFormValidation, f"Validate_{key}", f"validate_{conv.form_name(key)}", doc_type=key)
              for key in conv.TYPE_FIELDS]
