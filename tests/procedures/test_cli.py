"""`python -m legal_kb procedures ...` commands."""

from __future__ import annotations

import json

from legal_kb.procedures.cli import main


def _db(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def test_search_prints_ranked_matches_with_scores_as_json(tmp_path, capsys):
    assert main(["procedures", "import", "--database", _db(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["procedures", "search", "dk ket hon", "--json", "--database", _db(tmp_path)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["best"]["key"] == "dang-ky-ket-hon" and not result["not_found"]
    scores = [c["score"] for c in result["candidates"]]
    assert scores == sorted(scores, reverse=True)


def test_search_with_bad_input_prints_not_found(tmp_path, capsys):
    assert main(["procedures", "search", "'; DROP TABLE kb_procedure; --", "--json", "--database", _db(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out)["not_found"] is True


def test_show_by_code_and_unknown_code(tmp_path, capsys):
    assert main(["procedures", "show", "1.004222", "--facet", "fees", "--database", _db(tmp_path)]) == 0
    assert "20.000 đồng" in capsys.readouterr().out
    assert main(["procedures", "show", "9.999999", "--database", _db(tmp_path)]) == 1
    assert "Không tìm thấy" in capsys.readouterr().err


def test_import_of_a_broken_folder_reports_file_and_line(tmp_path, content_copy, capsys):
    path = content_copy / "procedures" / "cu_tru.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("verified: true", "verified: maybe", 1), encoding="utf-8")
    assert main(["procedures", "import", str(content_copy), "--database", _db(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "procedures/cu_tru.yml:" in err and "verified" in err
