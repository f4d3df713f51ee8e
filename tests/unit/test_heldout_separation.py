"""The held-out sets stay held out: none of their sentences is a near-copy (similarity >= 0.90 after accent
folding) of a training example or of a development sentence, and none of five words or more appears whole in training data, tests, benchmarks or
procedure content."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("heldout_separation", ROOT / "bench" / "heldout_separation.py")
separation = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(separation)


def test_the_heldout_files_exist_and_are_large_enough():
    texts = separation.heldout_texts()
    by_file = {}
    for _, path in texts:
        by_file[Path(path).name] = by_file.get(Path(path).name, 0) + 1
    assert sum(n for name, n in by_file.items() if name not in ("procedures.yml", "routing.yml")) >= 600
    assert by_file.get("procedures.yml", 0) >= 150


def test_near_copies_are_recognised_after_folding():
    seen = ["Làm giấy khai sinh cho con cần những gì?"]
    copies = separation.near_copies([("lam giay khai sinh cho con can nhung gi a", "x"),
                                     ("đăng ký tạm trú cho người thuê trọ", "x")], seen)
    assert [text for text, *_ in copies] == ["lam giay khai sinh cho con can nhung gi a"]
    contained = separation.near_copies([("thủ tục mở thẻ tín dụng", "x"), ("mở thẻ", "x")], [],
                                       " thu tuc mo the tin dung ngan hang ")
    assert [text for text, *_ in contained] == ["thủ tục mở thẻ tín dụng"]  # five words or more, whole


def test_no_heldout_sentence_is_a_near_copy_of_training_or_development_data():
    copies = separation.near_copies(separation.heldout_texts(), separation.seen_texts(), separation.written_elsewhere())
    listed = [f"{Path(path).name}: {text!r} ~ {closest!r} ({score:.2f})" for text, path, closest, score in copies]
    assert not copies, f"{len(copies)} held-out sentences are near-copies:\n" + "\n".join(listed[:20])
