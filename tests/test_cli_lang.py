"""``--lang`` and ``R57_LANG``: the command line's problems, warnings and notes in en or vi."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from r57_mcda.cli import main
from r57_mcda.io.bundled import sample_paths

SAMPLE = sample_paths()
#: The problem of a score written "abc" (the fixture puts it at row 2 of the sample scores).
VI_PROBLEM = (
    "điểm 'abc' không phải là số: hãy ghi một số, để trống ô, hoặc ghi NA (không có ý kiến) "
    "hay COI (xung đột lợi ích)"
)
EN_PROBLEM = (
    "score 'abc' is not a number: write a number, leave the cell blank, or write NA "
    "(no opinion) or COI (conflict of interest)"
)


@pytest.fixture
def bad_scores(tmp_path: Path) -> Path:
    lines = SAMPLE["scores"].read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    cells = lines[1].split(",")
    cells[head.index("score")] = "abc"
    lines[1] = ",".join(cells)
    path = tmp_path / "scores.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _validate(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _data(scores: Path) -> list[str]:
    return [
        "--scores",
        str(scores),
        "--technologies",
        str(SAMPLE["technologies"]),
        "--experts",
        str(SAMPLE["experts"]),
    ]


def test_lang_vi_prints_the_problem_in_vietnamese_and_exits_2(
    bad_scores: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("R57_LANG", raising=False)
    status, out, err = _validate(capsys, "--lang", "vi", "validate", *_data(bad_scores))
    assert status == 2 and out == ""
    assert "r57-mcda: 1 lỗi trong dữ liệu đầu vào:" in err
    assert "\n  lỗi: " in err and f"scores.csv, dòng 2, cột 'score': {VI_PROBLEM}" in err
    assert "row 2" not in err and "column" not in err


def test_r57_lang_environment_variable_sets_the_default(
    bad_scores: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("R57_LANG", "vi")
    status, _, err = _validate(capsys, "validate", *_data(bad_scores))
    assert status == 2
    assert f"scores.csv, dòng 2, cột 'score': {VI_PROBLEM}" in err
    # --lang wins over the environment, before or after the subcommand.
    for argv in (["--lang", "en", "validate"], ["validate", "--lang", "en"]):
        status, _, err = _validate(capsys, *argv, *_data(bad_scores))
        assert status == 2
        assert "r57-mcda: 1 problem in the input:" in err
        assert "\n  error: " in err and f"scores.csv, row 2, column 'score': {EN_PROBLEM}" in err


def test_unknown_r57_lang_falls_back_to_english(
    bad_scores: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("R57_LANG", "fr")
    status, _, err = _validate(capsys, "validate", *_data(bad_scores))
    assert status == 2 and EN_PROBLEM in err


def test_json_warnings_carry_code_params_and_the_message_in_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("R57_LANG", raising=False)
    # The sample with a quorum of 9: cells an expert abstained from are below it (warnings).
    argv = ["validate", "--sample", "--quorum", "9", "--format", "json"]
    status, out, err = _validate(capsys, "--lang", "vi", *argv)
    assert status == 0
    warning = json.loads(out)["warnings"][0]
    assert set(warning) == {
        "severity",
        "file",
        "sheet",
        "row",
        "column",
        "code",
        "params",
        "message",
    }
    assert warning["code"] == "input_below_quorum"
    assert warning["params"]["quorum"] == 9
    assert warning["message"].startswith(
        f"công nghệ '{warning['params']['technology']}' được ít hơn 9 chuyên gia chấm điểm"
    )
    assert "cảnh báo: " in err and "chuyên gia chấm điểm ở" in err
    _, out_en, _ = _validate(capsys, *argv)
    english = json.loads(out_en)["warnings"][0]
    assert {k: v for k, v in english.items() if k != "message"} == {
        k: v for k, v in warning.items() if k != "message"
    }
    assert english["message"].startswith(f"technology '{english['params']['technology']}' is")


def test_option_errors_are_translated(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("R57_LANG", raising=False)
    status, _, err = _validate(capsys, "--lang", "vi", "rank", "--sample", "--weights", "autonomy")
    assert status == 2
    assert "--weights: cần dạng KHÓA=GIÁ_TRỊ, giá trị nhận được là 'autonomy'" in err
    status, _, err = _validate(capsys, "--lang", "vi", "validate")
    assert status == 2 and "chưa có dữ liệu: hãy dùng --scores TỆP" in err
