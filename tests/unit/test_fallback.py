"""The "Có phải bạn muốn…?" buttons: editor-written descriptions of the top intents."""

from actions.fallback import suggestion_buttons

DOMAIN = {
    "responses": {
        "utter_intent_ask_fee": [{"text": "Phí, lệ phí"}],
        "utter_intent_ask_documents": [{"text": "Hồ sơ, giấy tờ cần chuẩn bị"}],
        "utter_intent_greet": [{"text": "Chào hỏi"}],
    }
}


def test_top_intents_become_buttons_with_vietnamese_titles():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_fee", "confidence": 0.40},
        {"name": "ask_documents", "confidence": 0.30},
        {"name": "greet", "confidence": 0.10},
        {"name": "thank", "confidence": 0.08},
    ]
    assert suggestion_buttons(ranking, DOMAIN) == [
        {"title": "Phí, lệ phí", "payload": "/ask_fee"},
        {"title": "Hồ sơ, giấy tờ cần chuẩn bị", "payload": "/ask_documents"},
        {"title": "Chào hỏi", "payload": "/greet"},
    ]


def test_unlikely_or_undescribed_intents_are_not_offered():
    ranking = [{"name": "thank", "confidence": 0.5}, {"name": "ask_fee", "confidence": 0.01}]
    assert suggestion_buttons(ranking, DOMAIN) == []
