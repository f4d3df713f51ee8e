"""The command line: exit codes and messages a user sees."""

import io
import json
import subprocess
import sys
from pathlib import Path

from docgen_helpers import mutate

from docgen.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_types_lists_every_type():
    code, out, _ = _run("types")
    assert code == 0
    for key in ("giay_moi", "to_trinh", "bao_cao", "quyet_dinh", "cong_van", "thong_bao", "ke_hoach"):
        assert key in out


def test_draft_example_then_check_it(tmp_path):
    target = tmp_path / "gm.docx"
    code, out, _ = _run("draft", "giay_moi", "--example", "--out", str(target))
    assert code == 0 and target.stat().st_size > 0 and "Đã tạo giấy mời" in out
    code, out, _ = _run("check", str(target))
    assert code == 0 and "đúng thể thức" in out


def test_draft_from_json_file(tmp_path):
    data = tmp_path / "tb.json"
    data.write_text(json.dumps({
        "so": 2, "ngay": "2026-02-02", "trich_yeu": "Lịch làm việc tuần", "noi_dung": ["Thông báo lịch làm việc."],
        "nguoi_ky": {"chuc_vu": ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"], "ho_ten": "Nông Quang Huy"},
    }, ensure_ascii=False), encoding="utf-8")
    code, _, err = _run("draft", "TB", "--data", str(data), "--out", str(tmp_path / "tb.docx"))
    assert code == 0, err


def test_bad_json_gives_a_vietnamese_message_and_exit_2(tmp_path):
    data = tmp_path / "hong.json"
    data.write_text('{"so": 3,', encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-m", "docgen", "draft", "giay_moi", "--data", str(data), "--out", str(tmp_path / "x.docx")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert process.returncode == 2
    assert "không phải JSON hợp lệ" in process.stderr
    assert "Traceback" not in process.stderr
    assert not (tmp_path / "x.docx").exists()


def test_missing_fields_exit_2_with_the_list(tmp_path):
    data = tmp_path / "thieu.json"
    data.write_text("{}", encoding="utf-8")
    code, _, err = _run("draft", "quyet_dinh", "--data", str(data), "--out", str(tmp_path / "q.docx"))
    assert code == 2 and "Thiếu trường bắt buộc «can_cu»" in err


def test_unknown_type_exit_2():
    code, _, err = _run("draft", "sac_lenh", "--example", "--out", "x.docx")
    assert code == 2 and "không có loại văn bản" in err


def test_check_reports_violations_with_exit_1_and_json(tmp_path, example_docs):
    from docx.shared import Mm

    def narrow(document):
        document.sections[0].right_margin = Mm(10)

    path = tmp_path / "sai.docx"
    path.write_bytes(mutate(example_docs["bao_cao"], narrow))
    code, out, _ = _run("check", str(path), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["violations"][0]["rule"] == "margin.right"
    code, out, _ = _run("check", str(path))
    assert code == 1 and "Lề phải 10 mm" in out and "Phụ lục I, Phần I, mục I.3" in out


def test_check_of_a_non_docx_exit_2(tmp_path):
    path = tmp_path / "a.docx"
    path.write_bytes(b"PK not really")
    code, _, err = _run("check", str(path))
    assert code == 2 and "Không mở được" in err
