"""The embeddable widget in headless Chromium on the two demo host pages, against the running assistant."""

from __future__ import annotations

import io
import time

import docx
import httpx
import pytest

from tests.widget.conftest import SCREENSHOTS, TRANSCRIPT, VOICE_KEY

pytestmark = [pytest.mark.slow, pytest.mark.browser]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
MAX_WEIGHT_GZ = 60 * 1024
MAX_FIRST_RENDER_S = 1.0
REFUSAL = "chỉ dành cho cán bộ, công chức"
# (words in the bot's question, what the official types); the summary is answered by clicking its button
DRAFT_ANSWERS = [
    ("dự cuộc họp, sự kiện gì", "họp giao ban công tác tư pháp"),
    ("giờ bắt đầu", "8h30"),
    ("diễn ra lúc nào", "8h30 thứ Hai tuần sau"),
    ("Địa điểm tổ chức", "Phòng họp số 2, trụ sở Sở Tư pháp"),
    ("Kính mời những ai", "Trưởng các phòng chuyên môn; Chánh Văn phòng Sở"),
    ("Họ và tên người ký", "Nguyễn Văn An"),
]


def page_url(assistant, name: str) -> str:
    return f"{assistant.base_url}/webhooks/webchat/demo/{name}"


def open_page(browser, url: str, viewport=DESKTOP, init_script: str = ""):
    context = browser.new_context(viewport=viewport, locale="vi-VN", accept_downloads=True)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.locator(".tla-launcher").wait_for(state="visible", timeout=5000)
    return context, page, time.perf_counter() - started


def messages(page) -> list:
    return page.locator(".tla-msg").all_inner_texts()


def wait_for_answer(page, before: int) -> str:
    """Waits until the bot answered after ``before`` messages; returns the text of the new bot messages."""
    page.wait_for_function(
        "n => document.querySelectorAll('.tla-msg').length > n + 1 && document.querySelector('.tla-typing').hidden",
        arg=before, timeout=90_000)
    return "\n".join(page.locator(".tla-msg").all_inner_texts()[before:])


def ask(page, text: str) -> str:
    before = page.locator(".tla-msg").count()
    page.get_by_label("Câu hỏi của bạn").fill(text)
    page.keyboard.press("Enter")
    return wait_for_answer(page, before)


def click_button(page, title: str) -> str:
    before = page.locator(".tla-msg").count()
    page.locator(".tla-button:not([disabled])", has_text=title).last.click()
    return wait_for_answer(page, before)


def check_accessibility(page) -> None:
    """Basic checks: named controls, a live log, a labelled dialog, images with alt text, Esc closes."""
    problems = page.evaluate("""() => {
      const out = [];
      const root = document.querySelector('.tla-root');
      root.querySelectorAll('button, a, textarea, input').forEach(e => {
        const name = (e.getAttribute('aria-label') || e.innerText || e.labels?.[0]?.innerText || '').trim();
        if (!name && !e.hidden && e.offsetParent !== null) out.push('unnamed ' + e.outerHTML.slice(0, 80));
      });
      root.querySelectorAll('img').forEach(i => { if (!i.alt) out.push('img without alt'); });
      const log = root.querySelector('[role=log]');
      if (!log || log.getAttribute('aria-live') !== 'polite') out.push('no polite live log');
      const dialog = root.querySelector('[role=dialog]');
      if (!dialog || !document.getElementById(dialog.getAttribute('aria-labelledby'))) out.push('unlabelled dialog');
      return out;
    }""")
    assert problems == []
    launcher = page.locator(".tla-launcher")
    page.keyboard.press("Escape")
    assert page.locator(".tla-panel").is_hidden() and launcher.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('tla-launcher')")
    page.keyboard.press("Enter")  # the launcher has focus: the keyboard reopens the widget
    assert page.locator(".tla-panel").is_visible()
    assert page.evaluate("document.activeElement.id") == "tla-input"


def open_widget(page) -> None:
    page.locator(".tla-launcher").click()
    page.get_by_label("Câu hỏi của bạn").wait_for(state="visible")


def screenshot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_widget_weight_and_first_render(assistant, browser):
    weight = 0
    for name in ("trolyao.js", "trolyao.css"):
        response = httpx.get(f"{assistant.base_url}/webhooks/webchat/{name}", headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
        assert "max-age" in response.headers["cache-control"] and response.headers["etag"]
        expected = "text/javascript" if name.endswith(".js") else "text/css"
        assert response.headers["content-type"].startswith(expected)
        weight += response.num_bytes_downloaded
    context, page, wall_clock = open_page(browser, page_url(assistant, "portal.html"))
    ready_ms = page.evaluate("performance.getEntriesByName('trolyao-ready')[0].startTime")
    paint_ms = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0")
    context.close()
    print(f"\nwidget page weight (script + styles, gzip): {weight / 1024:.1f} KB; first render: widget ready "
          f"{ready_ms:.0f} ms after navigation start (first contentful paint {paint_ms:.0f} ms; "
          f"goto to launcher visible, fresh browser context: {wall_clock * 1000:.0f} ms)")
    assert weight <= MAX_WEIGHT_GZ
    assert 0 < ready_ms <= MAX_FIRST_RENDER_S * 1000


def test_portal_citizen_asks_clicks_a_button_and_keeps_the_conversation_after_reload(assistant, browser):
    context, page, _ = open_page(browser, page_url(assistant, "portal.html"))
    open_widget(page)
    answer = ask(page, "thủ tục đăng ký khai sinh")
    assert "khai sinh" in answer.lower()
    buttons = page.locator(".tla-msg:last-child .tla-button:not([disabled])")
    assert buttons.count() > 0, f"no buttons after: {answer}"
    title = buttons.first.inner_text()
    after_click = click_button(page, title)
    assert title in after_click  # the button's title is shown as the user's message
    screenshot(page, "portal-desktop")
    ask(page, "<b>đậm</b><img src=x onerror=alert(1)> https://thu-nghiem.langson.gov.vn/a.")
    user = page.locator(".tla-user").last
    assert "<b>đậm</b><img src=x" in user.inner_text()  # markup is shown as typed, never interpreted
    assert page.locator(".tla-log b, .tla-user img").count() == 0
    assert user.locator("a").get_attribute("href") == "https://thu-nghiem.langson.gov.vn/a"
    check_accessibility(page)

    before = messages(page)
    page.reload()
    page.locator(".tla-msg").last.wait_for()
    assert messages(page) == before  # transcript and open state survive the reload
    assert "thủ tục đăng ký khai sinh" in "\n".join(before)

    refusal = ask(page, "soạn giúp tôi một quyết định khen thưởng")
    assert REFUSAL in refusal
    page.set_viewport_size(PHONE)
    screenshot(page, "portal-phone")
    width = page.evaluate("document.querySelector('.tla-panel').getBoundingClientRect().width")
    assert width <= PHONE["width"] and page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_official_drafts_downloads_the_docx_and_sees_its_preview(assistant, browser, tmp_path):
    context, page, _ = open_page(browser, page_url(assistant, "mot-cua.html"))
    open_widget(page)
    assert "Nguyễn Văn An" in page.locator(".tla-role").inner_text()  # from the signed token, for display
    text = ask(page, "soạn giấy mời họp giao ban thứ Hai tuần sau")
    for _ in range(10):
        if "Tóm tắt giấy mời" in text:
            break
        answer = next((a for prompt, a in DRAFT_ANSWERS if prompt in text), None)
        assert answer, f"unexpected question: {text}"
        text = ask(page, answer)
    assert "Tóm tắt giấy mời" in text
    text = click_button(page, "Tạo văn bản")
    assert "Đã tạo giấy mời" in text
    link = page.locator(".tla-file").last
    assert "Tải về" in link.inner_text()
    image = page.locator(".tla-image").last
    image.wait_for(timeout=30_000)
    page.wait_for_function("i => i.complete && i.naturalWidth > 100", arg=image.element_handle())
    assert image.get_attribute("alt")
    with page.expect_download() as download_info:
        link.click()
    target = tmp_path / "giay-moi.docx"
    download_info.value.save_as(target)
    document = docx.Document(io.BytesIO(target.read_bytes()))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "GIẤY MỜI" in body and "Phòng họp số 2" in body
    screenshot(page, "mot-cua-desktop")
    page.set_viewport_size(PHONE)
    image.scroll_into_view_if_needed()
    screenshot(page, "mot-cua-phone")

    before = messages(page)
    page.reload()
    page.locator(".tla-file").last.wait_for()
    assert messages(page) == before
    context.close()

    # the citizen's transcript on the portal is kept apart from the official's
    context, page, _ = open_page(browser, page_url(assistant, "portal.html"))
    open_widget(page)
    assert "giấy mời" not in "\n".join(messages(page)).lower()
    context.close()


def test_microphone_sends_the_clip_to_the_voice_gateway_and_shows_the_transcript(assistant, browser, voice_gateway):
    config = f"window.TroLyAo = {{voice: {{url: '{voice_gateway.url}', key: '{VOICE_KEY}'}}}};"
    context, page, _ = open_page(browser, page_url(assistant, "portal.html"), init_script=config)
    open_widget(page)
    mic = page.get_by_role("button", name="Ghi âm câu hỏi")
    before = page.locator(".tla-msg").count()
    voice_gateway.release.clear()  # hold the gateway's answer to see the typing indicator
    mic.click()
    page.locator(".tla-mic[aria-pressed=true]").wait_for()
    page.get_by_role("button", name="Dừng ghi âm và gửi").click()
    page.locator(".tla-typing").wait_for(state="visible")
    assert page.locator(".tla-typing").inner_text() == "Trợ lý đang trả lời…"
    voice_gateway.release.set()
    answer = wait_for_answer(page, before)
    assert TRANSCRIPT in answer and "khai sinh" in answer.split(TRANSCRIPT, 1)[1].lower()
    form = voice_gateway.requests[-1]
    assert form["audio"]["type"].startswith("audio/") and len(form["audio"]["content"]) > 0
    assert form["sender"]["content"].decode().startswith("web-") and "token" not in form
    page.locator(".tla-user").last.scroll_into_view_if_needed()
    screenshot(page, "portal-voice-desktop")

    voice_gateway.fail_with = (503, {"detail": "Hệ thống nhận dạng giọng nói đang bận, vui lòng thử lại sau."})
    before = page.locator(".tla-msg").count()
    mic.click()
    page.locator(".tla-mic[aria-pressed=true]").wait_for()
    page.get_by_role("button", name="Dừng ghi âm và gửi").click()
    page.locator(".tla-error").last.wait_for()
    assert "đang bận" in page.locator(".tla-error").last.inner_text()
    assert page.locator(".tla-msg").count() == before + 1
    voice_gateway.fail_with = ()
    context.close()


def test_mic_is_hidden_without_voice_configuration(assistant, browser):
    context, page, _ = open_page(browser, page_url(assistant, "portal.html"))
    open_widget(page)
    assert page.locator(".tla-mic").is_hidden()
    context.close()
