"""The held-out sets stay held out: no training example repeats one of their sentences."""

import glob
import re
from pathlib import Path

import yaml
from rasa.shared.nlu.training_data.loading import load_data

from vntext.fold import fold

ROOT = Path(__file__).resolve().parents[2]


def _key(text: str) -> str:
    return re.sub(r"[^\w]+", " ", fold(text.lower())).strip()


def _training_keys():
    data = load_data(str(ROOT / "data" / "nlu"))
    return {_key(m.get("text")) for m in data.intent_examples} - {""}


def test_no_training_example_repeats_a_heldout_nlu_sentence():
    heldout = {}
    for path in glob.glob(str(ROOT / "tests" / "nlu_heldout" / "*.yml")):
        for message in load_data(path).intent_examples:
            heldout[_key(message.get("text"))] = message.get("text")
    repeated = sorted(heldout[k] for k in _training_keys() & set(heldout))
    assert not repeated, f"training data repeats held-out sentences: {repeated[:10]}"


def test_no_training_example_repeats_a_heldout_procedure_phrasing():
    cases = yaml.safe_load((ROOT / "tests" / "procedures_heldout.yml").read_text(encoding="utf-8"))["cases"]
    heldout = {_key(case["text"]): case["text"] for case in cases}
    repeated = sorted(heldout[k] for k in _training_keys() & set(heldout))
    assert not repeated, f"training data repeats held-out procedure phrasings: {repeated[:10]}"
