"""Input checks of the REST channel, without a server."""

import pytest

from connectors.rest import BadRequest, clean_text, parse_body


def test_valid_body():
    assert parse_body('{"sender": "a", "message": "xin chào", "metadata": {"token": "t"}}'.encode()) == (
        "a", "xin chào", {"token": "t"}, None,
    )


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"{not json", "JSON"),
        (b"", "đối tượng JSON"),
        (b"[]", "đối tượng JSON"),
        (b'{"message": "hi"}', "sender"),
        (b'{"sender": "", "message": "hi"}', "sender"),
        (b'{"sender": "a"}', "message"),
        (b'{"sender": "a", "message": 5}', "message"),
        (b'{"sender": "a", "message": "x", "metadata": [1]}', "metadata"),
        (b"\xff\xfe", "UTF-8"),
    ],
)
def test_bad_bodies_are_refused_with_a_vietnamese_reason(raw, reason):
    with pytest.raises(BadRequest, match=reason):
        parse_body(raw)


def test_control_characters_are_removed():
    assert clean_text("xin\x00 chào\x07") == "xin  chào"
    assert clean_text(None) == ""
