/* Trợ lý ảo — embeddable chat widget. Plain JS, no dependencies.
 *
 * Embed:
 *   <script>window.TroLyAo = {server: "https://tro-ly.example.gov.vn", token: "<signed JWT or omit>",
 *                             voice: {url: "https://voice.example.gov.vn", key: "<api key>"}};</script>
 *   <script src="https://tro-ly.example.gov.vn/webhooks/webchat/trolyao.js" defer></script>
 * or data attributes on the script tag: data-server, data-token, data-voice-url, data-voice-key, data-title.
 */
(function () {
  "use strict";
  if (window.__troLyAoLoaded) return;
  window.__troLyAoLoaded = true;

  var script = document.currentScript;
  var cfg = window.TroLyAo || {};
  var data = (script && script.dataset) || {};
  var scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var server = String(cfg.server || data.server || scriptOrigin).replace(/\/+$/, "");
  var assets = script && script.src ? script.src.replace(/[^/]*(\?.*)?$/, "") : server + "/webhooks/webchat/";
  var voiceUrl = (cfg.voice && cfg.voice.url) || data.voiceUrl || "";
  var voiceKey = (cfg.voice && cfg.voice.key) || data.voiceKey || "";
  var title = cfg.title || data.title || "Trợ lý ảo";
  var MAX_KEPT = 150;
  var MAX_RECORD_MS = 30000;

  function token() {
    var t = typeof cfg.token === "function" ? cfg.token() : cfg.token || data.token || "";
    return typeof t === "string" ? t : "";
  }

  // The token's subject partitions the stored transcript only; the server verifies the token itself.
  // Claims are read for display and storage only.
  function claimsOf(t) {
    try {
      var part = t.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      var bytes = Uint8Array.from(atob(part), function (c) { return c.charCodeAt(0); });
      return JSON.parse(new TextDecoder().decode(bytes)) || {};
    } catch (e) {
      return {};
    }
  }

  var claims = claimsOf(token());
  var role = token() ? "official-" + (claims.sub || "") : "citizen";
  var storeKey = "trolyao:" + (cfg.storageKey || location.pathname) + ":" + role;

  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(storeKey) || "null");
      if (saved && typeof saved.sender === "string" && Array.isArray(saved.items)) return saved;
    } catch (e) { /* storage unavailable or corrupt: start afresh */ }
    return null;
  }

  function randomId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  var state = load() || { sender: "web-" + randomId(), items: [], open: false };

  function save() {
    state.items = state.items.slice(-MAX_KEPT);
    try { localStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* private mode: not kept */ }
  }

  // ---------- DOM helpers ----------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  var ICONS = {
    chat: "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z",
    mic: "M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2z",
    send: "M2 21l21-9L2 3v7l15 2-15 2z",
    close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z",
    file: "M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 2v5h5z"
  };

  function icon(name) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "tla-icon");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  var URL_RE = /https?:\/\/[^\s<>"']+/g;

  function safeUrl(u) {
    try {
      var parsed = new URL(u, location.href);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  // Text nodes only (never innerHTML): markup in messages shows as typed; http(s) URLs become links.
  function richText(text) {
    var frag = document.createDocumentFragment();
    String(text).split("\n").forEach(function (line, i) {
      if (i) frag.appendChild(document.createElement("br"));
      var last = 0;
      line.replace(URL_RE, function (match, offset) {
        var url = match.replace(/[.,;:)\]]+$/, "");
        frag.appendChild(document.createTextNode(line.slice(last, offset)));
        var href = safeUrl(url);
        var shown = url.length > 60 ? url.slice(0, 48) + "…" : url;
        frag.appendChild(href ? el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: shown, title: url })
          : document.createTextNode(url));
        last = offset + url.length;
        return match;
      });
      frag.appendChild(document.createTextNode(line.slice(last)));
    });
    return frag;
  }

  // ---------- styles ----------
  if (!document.querySelector("link[data-trolyao]")) {
    var css = el("link", { rel: "stylesheet", href: assets + "trolyao.css", "data-trolyao": "" });
    document.head.appendChild(css);
  }

  // ---------- skeleton ----------
  var launcher = el("button", { type: "button", className: "tla-launcher", "aria-expanded": "false",
    "aria-controls": "tla-panel", "aria-label": "Mở " + title }, [
    icon("chat"),
    el("span", { className: "tla-launcher-text", text: title })]);
  var closeBtn = el("button", { type: "button", className: "tla-close", "aria-label": "Đóng cửa sổ trò chuyện" },
    [icon("close")]);
  var log = el("div", { className: "tla-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    "aria-label": "Nội dung trò chuyện", tabindex: "0" });
  var typing = el("div", { className: "tla-typing", role: "status", hidden: "" }, [
    el("span", { className: "tla-dots", "aria-hidden": "true" }, [el("i"), el("i"), el("i")]),
    el("span", { className: "tla-typing-text", text: "Trợ lý đang trả lời…" })]);
  var input = el("textarea", { id: "tla-input", className: "tla-input", rows: "1", maxlength: "2000",
    placeholder: "Nhập câu hỏi…", autocomplete: "off" });
  var label = el("label", { for: "tla-input", className: "tla-sr", text: "Câu hỏi của bạn" });
  var send = el("button", { type: "submit", className: "tla-send", "aria-label": "Gửi câu hỏi" }, [
    icon("send")]);
  var mic = el("button", { type: "button", className: "tla-mic", "aria-label": "Ghi âm câu hỏi",
    "aria-pressed": "false", hidden: "" }, [icon("mic")]);
  var form = el("form", { className: "tla-form" }, [label, input, mic, send]);
  var who = [claims.name, claims.unit].filter(function (x) { return typeof x === "string" && x; }).join(" — ");
  var roleNote = token() ? el("p", { className: "tla-role", text: "Cán bộ: " + (who || "đã đăng nhập") }) : null;
  var heading = el("h2", { id: "tla-title", className: "tla-title", text: title });
  var panel = el("section", { id: "tla-panel", className: "tla-panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": "tla-title", hidden: "" }, [
    el("header", { className: "tla-header" }, [el("div", {}, [heading, roleNote]), closeBtn]),
    log, typing, form]);
  var root = el("div", { className: "tla-root", lang: "vi" }, [panel, launcher]);

  // ---------- rendering ----------
  function bubble(who, children) {
    var node = el("div", { className: "tla-msg tla-" + who }, [
      el("span", { className: "tla-sr", text: who === "user" ? "Bạn: " : "Trợ lý: " })].concat(children));
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
    return node;
  }

  function renderItem(item, live) {
    if (item.kind === "user") {
      bubble("user", [item.voice ? icon("mic") : null,
        item.voice ? el("span", { className: "tla-sr", text: "(nói) " }) : null, richText(item.text)]);
    } else if (item.kind === "error") {
      bubble("bot tla-error", [richText(item.text)]);
    } else if (item.kind === "bot") {
      renderBot(item.msg, live);
    }
  }

  function renderBot(m, live) {
    var parts = [];
    if (m.text) parts.push(el("div", { className: "tla-text" }, [richText(m.text)]));
    var img = m.image && safeUrl(m.image);
    var custom = m.custom || {};
    if (img) {
      var alt = custom.type === "file" ? "Ảnh trang đầu của " + (custom.name || "văn bản") : "Hình ảnh trợ lý gửi";
      var picture = el("img", { src: img, className: "tla-image", alt: alt });
      picture.addEventListener("load", function () { log.scrollTop = log.scrollHeight; });
      parts.push(el("a", { href: img, target: "_blank", rel: "noopener noreferrer", className: "tla-image-link",
        title: "Mở ảnh cỡ lớn" }, [picture]));
    }
    var fileUrl = custom.type === "file" && safeUrl(custom.url);
    if (fileUrl) {
      parts.push(el("a", { href: fileUrl, className: "tla-file", download: custom.name || "", rel: "noopener" }, [
        icon("file"), document.createTextNode("Tải về " + (custom.name || "văn bản"))]));
    }
    var link = m.attachment && m.attachment.payload && safeUrl(m.attachment.payload.src || m.attachment.payload.url);
    if (link) parts.push(el("a", { href: link, target: "_blank", rel: "noopener noreferrer", text: link }));
    var buttons = m.buttons || m.quick_replies || [];
    if (buttons.length) {
      var group = el("div", { className: "tla-buttons", role: "group", "aria-label": "Lựa chọn" });
      buttons.forEach(function (b) {
        var t = b.title || b.payload || "";
        var button = el("button", { type: "button", className: "tla-button", text: t });
        if (!live) button.disabled = true;
        button.addEventListener("click", function () {
          Array.prototype.forEach.call(group.querySelectorAll("button"), function (x) { x.disabled = true; });
          post(b.payload || t, t);
        });
        group.appendChild(button);
      });
      parts.push(group);
    }
    if (parts.length) bubble("bot", parts);
  }

  function add(item, live) {
    state.items.push(item);
    save();
    renderItem(item, live);
  }

  function setBusy(on) {
    typing.hidden = !on;
    send.disabled = on;
    if (on) log.scrollTop = log.scrollHeight;
  }

  function errorText(status, body) {
    if (body && typeof body === "object" && (body.error || body.detail)) return String(body.error || body.detail);
    if (status === 503) return "Hệ thống đang bận. Bạn vui lòng thử lại sau ít phút.";
    return "Không kết nối được máy chủ trợ lý. Bạn kiểm tra mạng rồi thử lại nhé.";
  }

  // Rasa sends a text and its file or picture as separate messages; they are shown as one card.
  function merge(list) {
    var out = [];
    (Array.isArray(list) ? list : []).forEach(function (m) {
      var prev = out[out.length - 1];
      var attachmentOnly = m && !m.text && !(m.buttons && m.buttons.length) && (m.image || m.custom);
      if (prev && attachmentOnly && !(prev.buttons && prev.buttons.length) &&
          !(m.image && prev.image) && !(m.custom && prev.custom)) {
        out[out.length - 1] = Object.assign({}, prev, m.image ? { image: m.image } : {}, m.custom ? { custom: m.custom } : {});
      } else if (m && typeof m === "object") {
        out.push(m);
      }
    });
    return out;
  }

  function showResponses(list) {
    merge(list).forEach(function (m, i, all) {
      add({ kind: "bot", msg: m }, i === all.length - 1 || !!(m.buttons && m.buttons.length));
    });
  }

  // ---------- REST ----------
  function post(message, shown) {
    Array.prototype.forEach.call(log.querySelectorAll(".tla-button"), function (x) { x.disabled = true; });
    add({ kind: "user", text: shown || message });
    setBusy(true);
    var body = { sender: state.sender, message: message, metadata: {} };
    if (token()) body.metadata.token = token();
    return fetch(server + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (j) {
        if (!r.ok) throw { status: r.status, body: j };
        showResponses(j);
      });
    }).catch(function (e) {
      add({ kind: "error", text: errorText(e && e.status, e && e.body) });
    }).then(function () { setBusy(false); });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text || send.disabled) return;
    input.value = "";
    post(text);
    input.focus();
  });

  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });

  // ---------- voice ----------
  var recorder = null;
  var chunks = [];
  var stopTimer = null;

  function voiceAvailable() {
    return !!(voiceUrl && window.MediaRecorder && navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  }

  function setRecording(on) {
    mic.setAttribute("aria-pressed", on ? "true" : "false");
    mic.setAttribute("aria-label", on ? "Dừng ghi âm và gửi" : "Ghi âm câu hỏi");
    mic.classList.toggle("tla-recording", on);
    typing.hidden = !on;
    typing.lastChild.textContent = on ? "Đang ghi âm… bấm micrô lần nữa để gửi" : "Trợ lý đang trả lời…";
  }

  function sendVoice(blob) {
    var fd = new FormData();
    var ext = /ogg/.test(blob.type) ? "ogg" : /mp4/.test(blob.type) ? "m4a" : "webm";
    fd.append("audio", blob, "cau-hoi." + ext);
    fd.append("sender", state.sender);
    if (token()) fd.append("token", token());
    setBusy(true);
    fetch(voiceUrl.replace(/\/+$/, "") + "/v1/voice", {
      method: "POST", headers: voiceKey ? { "X-API-Key": voiceKey } : {}, body: fd
    }).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (j) {
        if (!r.ok || !j) throw { status: r.status, body: j };
        if (j.transcript) add({ kind: "user", text: j.transcript, voice: true });
        showResponses(j.responses);
      });
    }).catch(function (e) {
      add({ kind: "error", text: errorText(e && e.status, e && e.body) });
    }).then(function () { setBusy(false); });
  }

  mic.addEventListener("click", function () {
    if (recorder && recorder.state === "recording") {
      recorder.stop();
      return;
    }
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.addEventListener("dataavailable", function (e) { if (e.data && e.data.size) chunks.push(e.data); });
      recorder.addEventListener("stop", function () {
        clearTimeout(stopTimer);
        stream.getTracks().forEach(function (t) { t.stop(); });
        setRecording(false);
        var blob = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
        if (blob.size) sendVoice(blob);
      });
      recorder.start();
      setRecording(true);
      stopTimer = setTimeout(function () { if (recorder.state === "recording") recorder.stop(); }, MAX_RECORD_MS);
    }).catch(function () {
      add({ kind: "error", text: "Không dùng được micrô. Bạn cho phép trang dùng micrô hoặc gõ câu hỏi nhé." });
    });
  });

  // ---------- open / close ----------
  function open(focus) {
    panel.hidden = false;
    root.classList.add("tla-open");
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    save();
    log.scrollTop = log.scrollHeight;
    if (focus !== false) input.focus();
  }

  function close() {
    if (recorder && recorder.state === "recording") recorder.stop();
    panel.hidden = true;
    root.classList.remove("tla-open");
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    launcher.focus();
  }

  window.addEventListener("resize", function () { log.scrollTop = log.scrollHeight; });
  launcher.addEventListener("click", function () { panel.hidden ? open() : close(); });
  closeBtn.addEventListener("click", close);
  root.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && !panel.hidden) {
      ev.preventDefault();
      close();
    }
  });

  function start() {
    document.body.appendChild(root);
    if (voiceAvailable()) mic.hidden = false;
    if (window.performance && performance.mark) performance.mark("trolyao-ready");
    if (!state.items.length) {
      add({ kind: "bot", msg: { text: cfg.greeting || (token()
        ? "Xin chào anh/chị. Tôi có thể tra cứu văn bản pháp luật, soạn thảo văn bản theo Nghị định 30/2020/NĐ-CP và cung cấp số liệu một cửa."
        : "Xin chào! Tôi là trợ lý ảo của tỉnh Lạng Sơn. Bạn có thể hỏi về thủ tục hành chính, dịch vụ công trực tuyến hoặc tình trạng hồ sơ.") } }, true);
    } else {
      state.items.forEach(function (item, i) { renderItem(item, i === state.items.length - 1); });
    }
    if (state.open || cfg.open) open(false);
    window.TroLyAoWidget = { open: open, close: close, send: function (t) { return post(t); } };
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
