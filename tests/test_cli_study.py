"""``r57-mcda study ...``, ``db ...`` and ``--study ID [--round N]`` on the analysis commands,
in process, on a SQLite file (the store itself is tested on both databases elsewhere)."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from r57_mcda.cli import main
from r57_mcda.io.bundled import sample_paths

SAMPLE = sample_paths()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/studies.db"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:  # type: ignore[type-arg]
    status, out, err = _run(capsys, *argv, "--format", "json")
    assert status == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def _create(capsys: pytest.CaptureFixture[str], db: str, *extra: str) -> int:
    payload = _json(
        capsys,
        "study",
        "create",
        "--name",
        "Pilot",
        "--criteria",
        "r57_strategic_technologies",
        "--technologies",
        str(SAMPLE["technologies"]),
        "--experts",
        str(SAMPLE["experts"]),
        "--db",
        db,
        *extra,
    )
    return int(payload["study"])


def test_create_prints_the_id_and_list_and_show_find_it(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    payload = _json(
        capsys,
        "study",
        "create",
        "--name",
        "Pilot",
        "--criteria",
        "r57_strategic_technologies",
        "--technologies",
        str(SAMPLE["technologies"]),
        "--experts",
        str(SAMPLE["experts"]),
        "--deadline",
        "2027-01-31",
        "--db",
        db,
    )
    assert payload == {
        "study": 1,
        "name": "Pilot",
        "round": 1,
        "criteria_set": "r57_strategic_technologies",
        "technologies": 14,
        "experts": 9,
        "deadline": "2027-01-31",
    }
    status, out, err = _run(
        capsys,
        "study",
        "create",
        "--name",
        "Second",
        "--criteria",
        "r57_strategic_technologies",
        "--technologies",
        str(SAMPLE["technologies"]),
        "--experts",
        str(SAMPLE["experts"]),
        "--db",
        db,
    )
    assert (status, out.strip()) == (0, "2")
    assert "created study 2 (Second)" in err
    listed = _json(capsys, "study", "list", "--db", db)
    assert [(s["study"], s["name"], s["experts"]) for s in listed["studies"]] == [
        (1, "Pilot", 9),
        (2, "Second", 9),
    ]
    shown = _json(capsys, "study", "show", "1", "--db", db)
    assert shown["deadline"] == "2027-01-31"
    assert [r["round"] for r in shown["rounds"]] == [1]
    assert [e["kind"] for e in shown["events"]] == ["created"]
    assert {e["lang"] for e in shown["experts"]} == {"vi"}


def test_create_reports_every_bad_file_and_a_bad_deadline(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    experts = tmp_path / "experts.csv"
    experts.write_text("id,name,lang\ne1,Ana,fr\n", encoding="utf-8")
    status, _, err = _run(
        capsys,
        "study",
        "create",
        "--name",
        "x",
        "--criteria",
        "r57_strategic_technologies",
        "--technologies",
        str(tmp_path / "missing.csv"),
        "--experts",
        str(experts),
        "--db",
        db,
    )
    assert status == 2
    assert "missing.csv" in err
    assert f"{experts}, row 2, column 'lang'" in err
    status, _, err = _run(
        capsys,
        "--lang",
        "vi",
        "study",
        "create",
        "--name",
        "x",
        "--criteria",
        "r57_strategic_technologies",
        "--technologies",
        str(SAMPLE["technologies"]),
        "--experts",
        str(SAMPLE["experts"]),
        "--deadline",
        "31/01/2027",
        "--db",
        db,
    )
    assert status == 2
    assert "không phải ngày" in err
    assert _json(capsys, "study", "list", "--db", db) == {"studies": []}


def test_analyses_run_on_a_study_and_equal_the_files_analysis(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    study = _create(capsys, db)
    imported = _json(capsys, "study", "import", str(study), str(SAMPLE["scores"]), "--db", db)
    assert len(imported["imported"]) == 9
    assert imported["skipped"] == []
    files = [
        "--scores",
        str(SAMPLE["scores"]),
        "--technologies",
        str(SAMPLE["technologies"]),
        "--experts",
        str(SAMPLE["experts"]),
    ]
    for command in (
        ["rank"],
        ["rank", "--method", "topsis"],
        ["compare", "--methods", "wsm,vikor"],
    ):
        on_study = _json(capsys, *command, "--study", str(study), "--db", db)
        on_files = _json(capsys, *command, *files)
        key = "ranking" if "ranking" in on_study else "ranks"
        assert on_study[key] == on_files[key]
    panel = _json(capsys, "panel", "--study", str(study), "--round", "1", "--db", db)
    files_panel = _json(capsys, "panel", *files)
    assert panel.keys() == files_panel.keys()
    for key in set(panel) - {"files", "panel"}:
        assert panel[key] == files_panel[key], key
    # The panel's sources name the study's files, not the sample's.
    assert {f["name"] for f in panel["files"]} >= {"study-1/round-1/scores.csv"}
    status, _, err = _run(capsys, "validate", "--study", str(study), "--db", db)
    assert status == 0, err


def test_run_reproduces_a_study_spec_and_refuses_once_the_scores_changed(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    study = _create(capsys, db)
    _run(capsys, "study", "import", str(study), str(SAMPLE["scores"]), "--db", db)
    spec = tmp_path / "spec.json"
    ranked = _json(capsys, "rank", "--study", str(study), "--db", db, "--save-spec", str(spec))
    recorded = json.loads(spec.read_text(encoding="utf-8"))
    assert recorded["inputs"] == []
    assert recorded["study"]["id"] == study
    assert recorded["study"]["round"] == 1
    assert len(recorded["study"]["scores_sha256"]) == 64
    assert _json(capsys, "run", str(spec), "--db", db)["ranking"] == ranked["ranking"]
    # One expert revises one score: the round's scores hash changes and run refuses.
    revised = pd.read_csv(SAMPLE["scores"], dtype=str, keep_default_na=False)
    revised = revised[revised["expert"] == "sci_01"].copy()
    first = revised.index[0]
    revised.loc[first, "score"] = "1" if revised.loc[first, "score"] != "1" else "2"
    changed = tmp_path / "sci_01_revised.csv"
    revised.to_csv(changed, index=False)
    _json(capsys, "study", "import", str(study), str(changed), "--db", db)
    status, _, err = _run(capsys, "run", str(spec), "--db", db)
    assert status == 2
    assert f"study {study}, round 1 changed since the spec was saved" in err
    assert recorded["study"]["scores_sha256"][:12] in err


def test_study_and_files_together_are_refused(capsys: pytest.CaptureFixture[str], db: str) -> None:
    status, _, err = _run(
        capsys, "rank", "--study", "1", "--scores", str(SAMPLE["scores"]), "--db", db
    )
    assert status == 2
    assert "leave out --scores" in err
    status, _, err = _run(capsys, "--lang", "vi", "rank", "--study", "4", "--db", db)
    assert status == 2
    assert "không có đợt đánh giá 4" in err
    _create(capsys, db)
    status, _, err = _run(capsys, "rank", "--study", "1", "--db", db)
    assert status == 2
    assert "has no answers yet" in err
    status, _, err = _run(capsys, "rank", "--study", "1", "--round", "3", "--db", db)
    assert (status, "has no round 3" in err) == (2, True)


def test_import_rejects_everything_when_one_file_is_bad(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    study = _create(capsys, db)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "expert,technology,criterion,score\nsci_01,ai_digital_twin,autonomy,7\n", encoding="utf-8"
    )
    status, _, err = _run(
        capsys, "study", "import", str(study), str(SAMPLE["scores"]), str(bad), "--db", db
    )
    assert status == 2
    assert f"{bad}, row 2, column 'score'" in err
    status, _, err = _run(capsys, "rank", "--study", str(study), "--db", db)
    assert "has no answers yet" in err


def test_templates_links_status_and_export(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    study = _create(capsys, db)
    status, _, err = _run(
        capsys, "study", "templates", str(study), "--output", str(tmp_path / "t"), "--db", db
    )
    assert status == 0, err
    names = sorted(p.name for p in (tmp_path / "t").iterdir())
    experts = pd.read_csv(SAMPLE["experts"])["id"]
    assert names == sorted(f"{e}.xlsx" for e in experts)
    book = openpyxl.load_workbook(tmp_path / "t" / "sci_01.xlsx")
    assert "Hướng dẫn" in str(book["Instructions"]["A1"].value) or book.sheetnames[0] == (
        "Instructions"
    )
    links = tmp_path / "links.csv"
    status, _, err = _run(
        capsys,
        "study",
        "links",
        str(study),
        "--base-url",
        "https://r57.example.gov.vn/app",
        "--output",
        str(links),
        "--db",
        db,
    )
    assert status == 0, err
    assert "only copy" in err
    assert stat.S_IMODE(links.stat().st_mode) == 0o600
    table = pd.read_csv(links, encoding="utf-8-sig")
    assert list(table.columns) == ["id", "name", "email", "url"]
    assert list(table["id"]) == list(experts)
    tokens = table["url"].str.extract(r"\?token=([A-Za-z0-9_-]+)$")[0]
    assert tokens.notna().all()
    assert tokens.nunique() == len(experts)
    assert (tokens.str.len() >= 22).all()  # at least 128 bits in URL-safe base64
    status_json = _json(capsys, "study", "status", str(study), "--db", db)
    assert status_json["submitted"] == 0
    by_id = {e["expert_id"]: e for e in status_json["experts"]}
    assert all(by_id[e]["link"] and by_id[e]["template"] for e in experts)
    export = tmp_path / "all.xlsx"
    status, _, err = _run(
        capsys, "study", "export", str(study), "--output", str(export), "--db", db
    )
    assert status == 0, err
    sheets = openpyxl.load_workbook(export).sheetnames
    assert sheets[:2] == ["Study", "Experts"]
    assert {"Scores", "History", "Submissions", "Events"} <= set(sheets)
    events = pd.read_excel(export, sheet_name="Events")
    assert list(events["kind"]).count("template_issued") == len(experts)
    assert list(events["kind"]).count("link_issued") == len(experts)
    text = export.read_bytes()
    for token in tokens:
        assert token.encode() not in text
    with io.BytesIO(text) as handle:
        assert "secret" not in set(pd.read_excel(handle, sheet_name="Study")["key"])


def test_db_status_and_upgrade(capsys: pytest.CaptureFixture[str], db: str) -> None:
    status, _, err = _run(capsys, "db", "upgrade", "--db", db)
    assert status == 0
    assert "migrated from version - to 0003" in err
    status, _, err = _run(capsys, "db", "upgrade", "--db", db)
    assert "already at the newest version 0003" in err
    assert _json(capsys, "db", "status", "--db", db) == {
        "revision": "0003",
        "head": "0003",
        "current": True,
        "dialect": "sqlite",
    }


def test_a_study_spec_records_the_ahp_files_given_beside_it(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    study = _create(capsys, db)
    _run(capsys, "study", "import", str(study), str(SAMPLE["scores"]), "--db", db)
    ahp = tmp_path / "judge.csv"
    ahp.write_bytes(SAMPLE["ahp"].read_bytes())
    spec = tmp_path / "spec.json"
    argv = ["rank", "--study", str(study), "--db", db, "--ahp", str(ahp)]
    status, _, err = _run(capsys, *argv, "--save-spec", str(spec))
    assert status == 0, err
    recorded = json.loads(spec.read_text(encoding="utf-8"))
    assert [i["role"] for i in recorded["inputs"]] == ["ahp"]
    assert recorded["study"]["id"] == study
    assert _json(capsys, "run", str(spec), "--db", db)["weights_source"] == "ahp"
    ahp.write_bytes(SAMPLE["ahp"].read_bytes().replace(b"3", b"5", 1))
    status, _, err = _run(capsys, "run", str(spec), "--db", db)
    assert status == 2
    assert "judge.csv" in err


def test_db_commands_name_a_missing_file_or_an_unreachable_server(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "none.db"
    status, out, _ = _run(capsys, "db", "status", "--db", f"sqlite:///{missing}")
    assert status == 0
    assert "no database there yet" in out
    assert not missing.exists()
    for action in ("status", "upgrade"):
        status, _, err = _run(capsys, "db", action, "--db", "postgresql://ana:s3cret@127.0.0.1:1/x")
        assert status == 2
        assert "cannot open the database" in err
        assert "s3cret" not in err


def test_history_lists_every_version_of_a_cell(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    study = _create(capsys, db)
    cell = "sci_01,ai_digital_twin,autonomy"
    for i, score in enumerate(["3", "4", "NA"]):
        path = tmp_path / f"v{i}.csv"
        path.write_text(f"expert,technology,criterion,score,comment\n{cell},{score},v{i}\n")
        _json(capsys, "study", "import", str(study), str(path), "--db", db)
    argv = ["--expert", "sci_01", "--technology", "ai_digital_twin", "--criterion", "autonomy"]
    payload = _json(capsys, "study", "history", str(study), *argv, "--db", db)
    assert [(v["score"], v["comment"], v["channel"]) for v in payload["versions"]] == [
        ("3", "v0", "file"),
        ("4", "v1", "file"),
        ("NA", "v2", "file"),
    ]
    assert [v["file"] for v in payload["versions"]] == [
        str(tmp_path / f"v{i}.csv") for i in range(3)
    ]
    status, _, err = _run(
        capsys, "study", "history", str(study), "--expert", "zz", *argv[2:], "--db", db
    )
    assert status == 2
    assert "has no expert zz" in err


@pytest.mark.parametrize(
    "command",
    [
        ["explain", "--pair", "ai_digital_twin", "semiconductors"],
        ["sensitivity", "--draws", "200"],
        ["report"],
    ],
)
def test_every_analysis_command_takes_a_study(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, command: list[str]
) -> None:
    study = _create(capsys, db)
    _run(capsys, "study", "import", str(study), str(SAMPLE["scores"]), "--db", db)
    out = ["--output", str(tmp_path / "report.xlsx")] if command == ["report"] else []
    spec = tmp_path / "spec.toml"
    status, _, err = _run(
        capsys, *command, "--study", str(study), "--db", db, "--save-spec", str(spec), *out
    )
    assert status == 0, err
    assert f"id = {study}" in spec.read_text(encoding="utf-8")
