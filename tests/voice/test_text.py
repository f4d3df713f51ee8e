"""Transcript post-processing: what the NLU receives from a spoken request."""

import pytest

from speech.text import collapse_repeats, is_hallucination, postprocess


@pytest.mark.parametrize("spoken, expected", [
    ("nghị định số ba mươi năm hai nghìn không trăm hai mươi", "nghị định số 30 năm 2020"),
    ("Thông tư số mười một năm hai nghìn không trăm mười tám.", "Thông tư số 11 năm 2018"),
    ("mã hồ sơ không một hai ba bốn năm", "mã hồ sơ 012345"),
    ("văn bản số ba mươi gạch chéo hai nghìn không trăm hai mươi", "văn bản số 30/2020"),
    ("lệ phí hai trăm nghìn đồng", "lệ phí 200000 đồng"),
    ("điều hai mươi lăm khoản ba", "điều 25 khoản 3"),
    ("một trăm linh năm", "105"),
    ("ba mươi mốt người", "31 người"),
    ("hai triệu năm trăm nghìn", "2500000"),
    ("làm trong hai mươi năm", "làm trong 20 năm"),
])
def test_spoken_numbers_become_digits(spoken, expected):
    assert postprocess(spoken) == expected


@pytest.mark.parametrize("text", [
    "trong năm nay tôi muốn làm một cái hộ chiếu",
    "nộp hồ sơ ở đâu",
    "tôi có hai con",
])
def test_ordinary_words_that_are_also_numbers_stay_words(text):
    assert postprocess(text) == text


def test_whisper_punctuation_noise_is_removed():
    assert postprocess("“Làm hộ chiếu…” mất bao lâu?!") == "Làm hộ chiếu mất bao lâu"


def test_a_repetition_loop_is_cut_short():
    assert collapse_repeats("dịch vụ dịch vụ dịch vụ dịch vụ dịch vụ công") == "dịch vụ dịch vụ công"


def test_known_silence_hallucinations_are_recognised():
    assert is_hallucination("Hãy subscribe cho kênh Ghiền Mì Gõ để không bỏ lỡ những video hấp dẫn")
    assert not is_hallucination("đăng ký khai sinh cần giấy tờ gì")


def test_domain_hints_name_procedures_from_the_catalogue(tmp_path):
    from speech.hints import initial_prompt
    from speech.settings import Settings

    prompt = initial_prompt(Settings().procedures_dir)
    assert "đăng ký khai sinh" in prompt and len(prompt) <= 160
    assert initial_prompt(tmp_path) == ""  # no catalogue: no prompt, no error
