"""The expert's scoring workbook (r57_mcda.study.templates) and its signature (study.signing):
sheets, grid, validations, protection, languages, safe text, and the signed metadata."""

from __future__ import annotations

import dataclasses
import datetime
import io

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from r57_mcda.errors import R57Error
from r57_mcda.io.bundled import criteria_path, sample_paths
from r57_mcda.io.criteria import load_criteria
from r57_mcda.io.panel import load_experts, load_technologies
from r57_mcda.io.xlsx import xlsx_formulas
from r57_mcda.models import CriteriaSet, Criterion, Technology
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.feedback import CellFeedback, Feedback
from r57_mcda.study.signing import (
    new_secret,
    signature_matches,
    template_signature,
)
from r57_mcda.study.templates import (
    CRITERIA_SHEET,
    FORMAT_VERSION,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    SCORES_SHEET,
    TemplateSpec,
    scoring_workbook,
)

SECRET = b"k" * 32
CRITERIA = load_criteria(criteria_path())
TECHNOLOGIES = load_technologies(sample_paths()["technologies"])
EXPERTS = load_experts(sample_paths()["experts"])
LAST_ROW = 2 + len(TECHNOLOGIES)  # 14 technologies on rows 3..16


def _spec(**changes: object) -> TemplateSpec:
    expert = EXPERTS[0]
    spec = TemplateSpec(
        study_id=7,
        study_name="Strategic technologies 2026",
        round_no=2,
        expert=expert,
        criteria=CRITERIA,
        technologies=TECHNOLOGIES,
        signature=template_signature(SECRET, 7, 2, expert.id),
    )
    return dataclasses.replace(spec, **changes)  # type: ignore[arg-type]


def _open(spec: TemplateSpec) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(scoring_workbook(spec)))


def _sheet(workbook: openpyxl.Workbook, name: str) -> Worksheet:
    ws = workbook[name]
    assert isinstance(ws, Worksheet)
    return ws


def _texts(ws: Worksheet) -> str:
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def test_signature_is_an_hmac_of_study_round_and_expert() -> None:
    signature = template_signature(SECRET, 7, 2, "sci_01")
    assert len(signature) == 64 and int(signature, 16) >= 0
    assert signature == template_signature(SECRET, 7, 2, "sci_01")
    assert signature_matches(SECRET, 7, 2, "sci_01", signature)
    assert signature_matches(SECRET, 7, 2, "sci_01", signature.upper())
    others = {
        template_signature(SECRET, 8, 2, "sci_01"),
        template_signature(SECRET, 7, 3, "sci_01"),
        template_signature(SECRET, 7, 2, "sci_02"),
        template_signature(b"x" * 32, 7, 2, "sci_01"),
        # "1" + "12" and "11" + "2" must not sign the same message.
        template_signature(SECRET, 71, 2, "sci_01"),
    }
    assert signature not in others and len(others) == 5
    assert not signature_matches(b"x" * 32, 7, 2, "sci_01", signature)
    assert not signature_matches(SECRET, 7, 2, "sci_02", signature)
    assert not signature_matches(SECRET, 7, 2, "sci_01", "é" * 64)
    first, second = new_secret(), new_secret()
    assert len(first) == 32 and first != second


def test_sheets_headers_and_metadata() -> None:
    workbook = _open(_spec())
    assert workbook.sheetnames == [INSTRUCTIONS_SHEET, SCORES_SHEET, CRITERIA_SHEET, META_SHEET]
    assert workbook.security is not None and workbook.security.lockStructure
    ws = _sheet(workbook, SCORES_SHEET)
    header = [c.value for c in ws[1]]
    assert header == ["technology", "name", *CRITERIA.ids, "COI", "comment"]
    names = [c.value for c in ws[2]]
    assert names[2] == f"{CRITERIA.criteria[0].name}\n(1–5)"
    assert names[-2:] == ["Conflict of interest (COI)", "Comment (optional)"]
    assert [ws.cell(row, 1).value for row in range(3, LAST_ROW + 1)] == [t.id for t in TECHNOLOGIES]
    assert ws.cell(3, 2).value == TECHNOLOGIES[0].name
    assert ws.max_row == LAST_ROW
    meta = _sheet(workbook, META_SHEET)
    assert meta.sheet_state == "veryHidden"
    values = {row[0].value: row[1].value for row in meta.iter_rows(min_row=2)}
    assert values == {
        "format": FORMAT_VERSION,
        "study_id": "7",
        "round": "2",
        "expert_id": "sci_01",
        "signature": template_signature(SECRET, 7, 2, "sci_01"),
        "criteria": ",".join(CRITERIA.ids),
        "technologies": ",".join(t.id for t in TECHNOLOGIES),
        "lang": "en",
    }
    assert signature_matches(SECRET, 7, 2, "sci_01", str(values["signature"]))


def test_validations_protection_panes_and_highlighting() -> None:
    ws = _sheet(_open(_spec()), SCORES_SHEET)
    validations = {dv.formula1: dv for dv in ws.data_validations.dataValidation}
    assert set(validations) == {'"1,2,3,4,5,NA"', '"COI"'}
    scores = validations['"1,2,3,4,5,NA"']
    assert scores.type == "list" and scores.showErrorMessage and scores.allow_blank
    assert scores.error == "Enter a whole number from 1 to 5, or NA if you cannot judge."
    covered = {str(r) for r in scores.sqref.ranges}
    letters = [openpyxl.utils.get_column_letter(c) for c in range(3, 3 + len(CRITERIA))]
    assert covered == {f"{x}3:{x}{LAST_ROW}" for x in letters}
    assert {str(r) for r in validations['"COI"'].sqref.ranges} == {f"O3:O{LAST_ROW}"}
    assert ws.protection.sheet
    for row in (3, LAST_ROW):
        for column in range(3, 3 + len(CRITERIA) + 2):  # criteria, COI, comment
            assert ws.cell(row, column).protection.locked is False, (row, column)
        assert ws.cell(row, 1).protection.locked and ws.cell(row, 2).protection.locked
    assert ws.cell(1, 3).protection.locked and ws.cell(2, 3).protection.locked
    assert ws.freeze_panes == "C3"
    assert ws.cell(2, 3).alignment.wrap_text
    assert (ws.column_dimensions["B"].width or 0) >= 30
    formats = {str(cf.sqref): cf.rules for cf in ws.conditional_formatting}
    assert list(formats) == [f"C3:N{LAST_ROW}"]
    (rule,) = formats[f"C3:N{LAST_ROW}"]
    assert rule.type == "expression" and rule.formula == ["AND(ISBLANK(C3),ISBLANK($O3))"]
    assert rule.dxf.fill.bgColor.rgb.endswith("FFF2CC")
    for name in (INSTRUCTIONS_SHEET, CRITERIA_SHEET):
        assert _sheet(_open(_spec()), name).protection.sheet


def test_instructions_and_criteria_in_english() -> None:
    deadline = datetime.date(2026, 3, 31)
    workbook = _open(_spec(deadline=deadline))
    text = _texts(_sheet(workbook, INSTRUCTIONS_SHEET))
    assert _sheet(workbook, INSTRUCTIONS_SHEET)["A1"].value == (
        "Strategic technologies 2026: scoring workbook"
    )
    assert f"Expert: {EXPERTS[0].name} (sci_01)" in text
    assert "2026-03-31" in text and "Round 2" in text
    assert "from 1 to 5: 1 = very low / very weak; 5 = very high / very strong" in text
    assert "COI (conflict of interest)" in text and "NA (not able to assess)" in text
    assert 'counts as "not answered"' in text
    criteria = _sheet(workbook, CRITERIA_SHEET)
    rows = {r[0].value: [str(c.value) for c in r] for r in criteria.iter_rows(min_row=3)}
    assert list(rows) == CRITERIA.ids
    cost = rows["investment_cost"]
    assert cost[3].startswith("Cost: a HIGH score means MORE of the cost")
    assert rows["autonomy"][3].startswith("Benefit")
    assert cost[4:7] == ["1–5", "1 = very low / very weak", "5 = very high / very strong"]
    assert rows["autonomy"][2] == CRITERIA["autonomy"].description
    assert rows["national_goals"][7] == "Strategic fit"


def test_vietnamese_workbook() -> None:
    workbook = _open(_spec(lang="vi", deadline=datetime.date(2026, 3, 31)))
    text = _texts(_sheet(workbook, INSTRUCTIONS_SHEET))
    assert "Strategic technologies 2026: phiếu chấm điểm" in text
    assert "31/03/2026" in text and "Vòng 2" in text
    assert "1 = rất thấp / rất yếu; 5 = rất cao / rất mạnh" in text
    ws = _sheet(workbook, SCORES_SHEET)
    assert ws.cell(3, 2).value == TECHNOLOGIES[0].name_vi
    assert str(ws.cell(2, 3).value).startswith(CRITERIA.criteria[0].name_vi)
    assert ws.cell(2, 1).value == "Công nghệ (mã)"
    (dv, _) = ws.data_validations.dataValidation
    assert dv.errorTitle == "Điểm không hợp lệ"
    criteria = _sheet(workbook, CRITERIA_SHEET)
    rows = {r[0].value: [str(c.value) for c in r] for r in criteria.iter_rows(min_row=3)}
    assert rows["autonomy"][1] == CRITERIA["autonomy"].name_vi
    assert rows["autonomy"][2] == CRITERIA["autonomy"].description_vi
    assert rows["investment_cost"][3].startswith("Chi phí: điểm CAO")
    assert rows["national_goals"][7] == "Phù hợp chiến lược"
    meta = _sheet(workbook, META_SHEET)
    assert {r[0].value: r[1].value for r in meta.iter_rows()}["lang"] == "vi"


def test_formula_looking_names_stay_text() -> None:
    names = ("=1+1", "+SUM(A1)", "-2", "@cmd")
    techs = tuple(Technology(id=f"t{i}", name=n) for i, n in enumerate(names))
    data = scoring_workbook(_spec(technologies=techs, study_name="=HYPERLINK(1)"))
    assert xlsx_formulas(data, "w.xlsx") == {}
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    ws = _sheet(workbook, SCORES_SHEET)
    for row, name in enumerate(names, start=3):
        cell = ws.cell(row, 2)
        assert cell.value == name and cell.data_type == "s" and cell.quotePrefix
    title = _sheet(workbook, INSTRUCTIONS_SHEET)["A1"]
    assert title.data_type == "s" and title.value == "=HYPERLINK(1): scoring workbook"


def _criteria(*scales: tuple[float, float] | None) -> CriteriaSet:
    return CriteriaSet(
        id="s",
        name="s",
        criteria=tuple(
            Criterion(id=f"c{i}", name=f"C{i}", direction="benefit", scale=s)
            for i, s in enumerate(scales)
        ),
    )


def test_scales_that_differ_and_long_scales() -> None:
    workbook = _open(_spec(criteria=_criteria((1, 5), (1, 10), (0, 100))))
    text = _texts(_sheet(workbook, INSTRUCTIONS_SHEET))
    assert "C0: a whole number from 1 to 5" in text and "C1: a whole number from 1 to 10" in text
    ws = _sheet(workbook, SCORES_SHEET)
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert validations[f"C3:C{LAST_ROW}"].formula1 == '"1,2,3,4,5,NA"'
    assert validations[f"D3:D{LAST_ROW}"].formula1 == '"1,2,3,4,5,6,7,8,9,10,NA"'
    # 0..100 does not fit Excel's 255-character list: a formula checks it instead.
    long = validations[f"E3:E{LAST_ROW}"]
    assert long.type == "custom" and "E3>=0" in long.formula1 and "E3<=100" in long.formula1
    assert str(ws.cell(2, 5).value).endswith("(0–100)")


def test_a_criterion_without_a_whole_number_scale_is_refused() -> None:
    with pytest.raises(R57Error) as caught:
        scoring_workbook(_spec(criteria=_criteria((1, 5), None)))
    assert caught.value.code == "tpl_no_scale" and caught.value.params == {"criterion": "c1"}
    assert "'c1'" in str(caught.value)
    with pytest.raises(R57Error) as caught:
        scoring_workbook(_spec(criteria=_criteria((0.5, 5))))
    assert caught.value.code == "tpl_scale_not_whole"


def test_prefill_writes_the_current_answers() -> None:
    first, second = TECHNOLOGIES[0].id, TECHNOLOGIES[1].id
    prefill = {
        (first, "national_goals"): CellEntry(first, "national_goals", "score", 4.0, "solid"),
        (first, "autonomy"): CellEntry(first, "autonomy", "na", None, "solid"),
        (second, "autonomy"): CellEntry(second, "autonomy", "coi", None, "my company"),
        (second, "spillover"): CellEntry(second, "spillover", "coi", None, "my company"),
    }
    ws = _sheet(_open(_spec(prefill=prefill)), SCORES_SHEET)
    assert [ws.cell(3, c).value for c in (3, 4, 5)] == [4, "NA", None]
    assert ws.cell(3, 15).value is None and ws.cell(3, 16).value == "solid"
    assert [ws.cell(4, c).value for c in range(3, 15)] == [None] * 12
    assert ws.cell(4, 15).value == "COI" and ws.cell(4, 16).value == "my company"
    assert ws.cell(5, 16).value is None


# --- round 1: the familiarity column; a round that requires reasons: the reason columns ----


def test_round_one_asks_the_familiarity_level_beside_each_name() -> None:
    techs = [t.id for t in TECHNOLOGIES]
    workbook = _open(_spec(round_no=1, expertise={techs[0]: 4, techs[2]: 1}))
    ws = _sheet(workbook, SCORES_SHEET)
    header = [c.value for c in ws[1]]
    assert header == ["technology", "name", "expertise", *CRITERIA.ids, "COI", "comment"]
    assert ws.cell(2, 3).value == "Familiarity (1–5)"
    note = ws.cell(2, 3).comment
    assert note is not None and note.text.startswith("How familiar are you with this technology?")
    assert "5 — leading expert" in note.text and "1 — general knowledge only" in note.text
    assert [ws.cell(r, 3).value for r in (3, 4, 5, 6)] == [4, None, 1, None]
    for row in range(3, LAST_ROW + 1):
        assert ws.cell(row, 3).protection.locked is False
        for column in range(4, 4 + len(CRITERIA) + 2):  # criteria, COI, comment
            assert ws.cell(row, column).protection.locked is False
        assert ws.cell(row, 1).protection.locked and ws.cell(row, 2).protection.locked
    validations = {dv.formula1: dv for dv in ws.data_validations.dataValidation}
    assert set(validations) == {'"1,2,3,4,5"', '"1,2,3,4,5,NA"', '"COI"'}
    levels = validations['"1,2,3,4,5"']
    assert levels.type == "list" and levels.allow_blank and levels.showErrorMessage
    assert {str(r) for r in levels.sqref.ranges} == {f"C3:C{LAST_ROW}"}
    assert levels.error == "Choose a whole number from 1 to 5, or leave the cell blank."
    scores = {str(r) for r in validations['"1,2,3,4,5,NA"'].sqref.ranges}
    letters = [openpyxl.utils.get_column_letter(c) for c in range(4, 4 + len(CRITERIA))]
    assert scores == {f"{x}3:{x}{LAST_ROW}" for x in letters}
    assert {str(r) for r in validations['"COI"'].sqref.ranges} == {f"P3:P{LAST_ROW}"}
    # The optional level is not highlighted; the score cells are, until answered.
    formats = {str(cf.sqref): cf.rules for cf in ws.conditional_formatting}
    assert list(formats) == [f"D3:O{LAST_ROW}"]
    assert formats[f"D3:O{LAST_ROW}"][0].formula == ["AND(ISBLANK(D3),ISBLANK($P3))"]
    assert ws.freeze_panes == "D3"
    text = _texts(_sheet(workbook, INSTRUCTIONS_SHEET))
    assert "Column C asks how familiar you are" in text
    assert "Your familiarity with each technology" in text
    for anchor in ("1 — general knowledge only", "3 — works near the field", "5 — leading expert"):
        assert anchor in text
    vi = _texts(_sheet(_open(_spec(round_no=1, lang="vi")), INSTRUCTIONS_SHEET))
    assert "Mức am hiểu của anh/chị về từng công nghệ" in vi and "1 — chỉ có hiểu biết chung" in vi
    # Round 2 does not ask it again.
    assert "expertise" not in [c.value for c in _sheet(_open(_spec()), SCORES_SHEET)[1]]
    assert "familiar" not in _texts(_sheet(_open(_spec()), INSTRUCTIONS_SHEET))


def _feedback(dropped: frozenset[tuple[str, str]] = frozenset()) -> Feedback:
    """Round 2's feedback: every cell's panel range [2, 4], the expert's previous 3."""
    return Feedback(
        2,
        {
            (t.id, c): CellFeedback(
                9, 3.0, 2.0, 4.0, CellEntry(t.id, c, "score", 3.0), (t.id, c) in dropped
            )
            for t in TECHNOLOGIES
            for c in CRITERIA.ids
        },
    )


def test_a_round_that_requires_reasons_has_a_reason_column_per_criterion() -> None:
    first = TECHNOLOGIES[0].id
    dropped = frozenset({(TECHNOLOGIES[1].id, CRITERIA.ids[0])})
    prefill = {(first, "autonomy"): CellEntry(first, "autonomy", "score", 5.0, "", None, "=why")}
    spec = _spec(feedback=_feedback(dropped), require_reasons=True, prefill=prefill)
    workbook = _open(spec)
    ws = _sheet(workbook, SCORES_SHEET)
    header = [c.value for c in ws[1]]
    triples = [x for c in CRITERIA.ids for x in (c, f"{c}:panel", f"{c}:reason")]
    assert header == ["technology", "name", *triples, "COI", "comment"]
    reason_columns = [header.index(f"{c}:reason") + 1 for c in CRITERIA.ids]
    assert ws.cell(2, reason_columns[0]).value == "Reason (needed outside [Q1–Q3])"
    assert ws.cell(2, reason_columns[0]).comment is not None
    for column in reason_columns:
        width = ws.column_dimensions[openpyxl.utils.get_column_letter(column)].width
        assert (width or 0) >= 30
        for row in range(3, LAST_ROW + 1):
            dropped_cell = (ws.cell(row, 1).value, ws.cell(1, column - 2).value) in dropped
            assert ws.cell(row, column).protection.locked is dropped_cell
    # The reason given this round is written back (as text, never a formula).
    autonomy = header.index("autonomy:reason") + 1
    assert ws.cell(3, autonomy).value == "=why" and ws.cell(3, autonomy).data_type == "s"
    # Each reason cell is yellow while its score lies outside [2, 4] without a reason.
    rules = {str(cf.sqref): cf.rules[0].formula for cf in ws.conditional_formatting}
    score, reason = (openpyxl.utils.get_column_letter(c) for c in (autonomy - 2, autonomy))
    assert rules[f"{reason}3"] == [
        f"AND(ISBLANK({reason}3),ISNUMBER({score}3),OR({score}3<2.0,{score}3>4.0))"
    ]
    first_reason = openpyxl.utils.get_column_letter(reason_columns[0])
    assert f"{first_reason}4" not in rules  # dropped at consensus
    assert len(rules) == 1 + len(TECHNOLOGIES) * len(CRITERIA) - len(dropped)
    prompts = [dv for dv in ws.data_validations.dataValidation if dv.type is None]
    assert len(prompts) == 1 and prompts[0].prompt.startswith("Needed when your score is below Q1")
    text = _texts(_sheet(workbook, INSTRUCTIONS_SHEET))
    assert "Reasons for scores outside the panel's range" in text
    assert "strictly below Q1 or strictly above Q3 of the panel's range in round 1" in text
    # Without the setting, or without feedback (round 1), no reason column.
    for other in (_spec(feedback=_feedback()), _spec(round_no=1, require_reasons=True)):
        assert not any(
            str(c.value).endswith(":reason") for c in _sheet(_open(other), SCORES_SHEET)[1]
        )
