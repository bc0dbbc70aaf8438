"""The Scores sheet of a returned scoring workbook read back: its answers cell by cell, the
familiarity levels (round 1) and the reasons (``<criterion>:reason`` columns), with every
problem located by row and column (used by :mod:`.returned`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from r57_mcda.errors import Problem, R57Error, Severity
from r57_mcda.i18n.phrases import listing, shown
from r57_mcda.io.xlsx import Rows
from r57_mcda.models import CriteriaSet, Technology
from r57_mcda.study.entries import CellEntry
from r57_mcda.study.expertise import expertise_level
from r57_mcda.study.returned_cells import Answer, Bad, cell_answer, cell_text
from r57_mcda.study.template_layout import (
    COI_COLUMN,
    COI_TEXT,
    COMMENT_COLUMN,
    EXPERTISE_COLUMN,
    FEEDBACK_SUFFIX,
    FIRST_ROW,
    ID_ROW,
    ID_SEPARATOR,
    NAME_COLUMN,
    REASON_SUFFIX,
    SCORES_SHEET,
    TECHNOLOGY_COLUMN,
    integer_scale,
)

#: What a ticked COI column may hold (case aside): the list's COI, or a plain "yes".
_TICKED = frozenset({COI_TEXT.casefold(), "x", "yes", "true", "có"})


class ScoresGrid:
    """Reads the Scores sheet, collecting its problems in :attr:`problems`, the familiarity
    levels given in :attr:`expertise` (technology -> level) and each technology's row in
    :attr:`rows`."""

    def __init__(
        self,
        file: str,
        criteria: CriteriaSet,
        technologies: Sequence[Technology],
        meta: Mapping[str, tuple[int, str]],
        formulas: Mapping[str | None, Mapping[tuple[int, int], str]],
        *,
        dropped: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        self.file = file
        self.criteria = criteria
        self.known = {tech.id for tech in technologies}
        self.scales = {c.id: integer_scale(c) for c in criteria.criteria}
        self.formulas = formulas.get(SCORES_SHEET, {})
        self.dropped = dropped
        self.listed_criteria = _ids(meta["criteria"][1])
        self.listed_technologies = _ids(meta["technologies"][1])
        self.problems: list[Problem] = []
        self.expertise: dict[str, int] = {}
        self.rows: dict[str, int] = {}

    def _problem(
        self,
        code: str,
        row: int | None,
        column: str,
        params: Mapping[str, object] | None = None,
        *,
        warning: bool = False,
    ) -> None:
        severity: Severity = "warning" if warning else "error"
        self.problems.append(
            Problem(code, self.file, SCORES_SHEET, row, column, severity, dict(params or {}))
        )

    def read(self, rows: Rows) -> list[CellEntry]:
        """The entries of ``rows`` (the Scores sheet), in row order."""
        header = next((values for row, values in rows if row == ID_ROW), ())
        columns = self._columns(header)
        if TECHNOLOGY_COLUMN not in columns:
            return []
        entries: list[CellEntry] = []
        for row, values in rows:
            if row >= FIRST_ROW:
                entries += self._row(row, values, columns)
        for tech in self.listed_technologies:
            if tech in self.known and tech not in self.rows:
                self._problem(
                    "ret_missing_technology", None, TECHNOLOGY_COLUMN, {"technology": tech}
                )
        return entries

    def _columns(self, header: Sequence[object]) -> dict[str, int]:
        """Column index (from 0) of each known header id; edited headers are problems. The
        expertise and reason columns are read where the workbook has them."""
        fixed = {
            k.casefold(): k
            for k in (TECHNOLOGY_COLUMN, COI_COLUMN, COMMENT_COLUMN, NAME_COLUMN, EXPERTISE_COLUMN)
        }
        reasons = {c + REASON_SUFFIX for c in self.scales}
        columns: dict[str, int] = {}
        for index, value in enumerate(header):
            text = cell_text(value)
            if not text or text.endswith(FEEDBACK_SUFFIX):
                continue  # a feedback column (round 2 on) is never read, even if edited
            known = text in self.scales or text in reasons
            key = text if known else fixed.get(text.casefold())
            if key is None:
                expected = listing(self.criteria.ids)
                self._problem(
                    "ret_header_unknown", ID_ROW, text, {"header": text, "expected": expected}
                )
            elif key in columns:
                self._problem("ret_header_duplicate", ID_ROW, text, {"header": text})
            else:
                columns[key] = index
        wanted = [TECHNOLOGY_COLUMN, *self._expected_criteria(), COI_COLUMN, COMMENT_COLUMN]
        for key in wanted:
            if key not in columns:
                self._problem("ret_header_missing", ID_ROW, key, {"header": key})
        return columns

    def _expected_criteria(self) -> list[str]:
        """The criteria the workbook was made with that the study knows (all when unlisted)."""
        listed = [c for c in self.listed_criteria if c in self.scales]
        return listed or list(self.scales)

    def _row(
        self, row: int, values: Sequence[object], columns: Mapping[str, int]
    ) -> list[CellEntry]:
        def cell(key: str) -> object:
            index = columns.get(key)
            return values[index] if index is not None and index < len(values) else None

        used = [k for k in columns if k != NAME_COLUMN]
        if all(cell_text(cell(k)) == "" for k in used) and not any(
            (row, columns[k] + 1) in self.formulas for k in used
        ):
            return []
        tech = cell_text(cell(TECHNOLOGY_COLUMN))
        if not tech or tech not in self.known or tech in self.rows:
            code = "ret_unknown_technology" if tech else "ret_row_no_technology"
            params: dict[str, object] = {"technology": tech}
            if tech in self.rows:
                code, params["first"] = "ret_duplicate_technology", self.rows[tech]
            self._problem(code, row, TECHNOLOGY_COLUMN, params)
            return []
        self.rows[tech] = row
        self._expertise(row, tech, cell(EXPERTISE_COLUMN), columns)
        answers: dict[str, Answer] = {}
        criteria = [c for c in self.criteria.ids if c in columns and (tech, c) not in self.dropped]
        for criterion in criteria:
            if self._formula(row, columns[criterion], criterion):
                continue
            lo, hi = self.scales[criterion]
            answer = cell_answer(cell(criterion), lo, hi)
            if isinstance(answer, Bad):
                self._problem(answer.code, row, criterion, answer.params)
            elif answer is not None:
                answers[criterion] = answer
        coi = self._coi(row, cell(COI_COLUMN), columns)
        comment = self._text(row, COMMENT_COLUMN, cell(COMMENT_COLUMN), columns)
        if coi or any(status == "coi" for status, _ in answers.values()):
            if any(status == "score" for status, _ in answers.values()):
                self._problem("ret_coi_and_scores", row, COI_COLUMN, {"technology": tech})
                return []
            entries = [CellEntry(tech, c, "coi", None, comment) for c in criteria]
        else:
            if not answers and comment:
                params = {"technology": tech}
                self._problem(
                    "ret_comment_without_scores", row, COMMENT_COLUMN, params, warning=True
                )
            entries = [
                CellEntry(tech, c, status, value, comment) for c, (status, value) in answers.items()
            ]
        return self._with_reasons(row, tech, entries, criteria=criteria, cell=cell, columns=columns)

    def _with_reasons(
        self,
        row: int,
        tech: str,
        entries: list[CellEntry],
        *,
        criteria: Sequence[str],
        cell: Callable[[str], object],
        columns: Mapping[str, int],
    ) -> list[CellEntry]:
        """``entries`` with the reasons of the row's reason columns; a reason beside a cell
        without an answer is a warning (it is not kept)."""
        by_criterion = {e.criterion: e for e in entries}
        for criterion in criteria:
            key = criterion + REASON_SUFFIX
            reason = self._text(row, key, cell(key), columns)
            if not reason:
                continue
            if criterion in by_criterion:
                by_criterion[criterion] = dataclasses.replace(
                    by_criterion[criterion], reason=reason
                )
            else:
                params = {"technology": tech, "criterion": criterion}
                self._problem("imprsn_reason_without_answer", row, key, params, warning=True)
        return list(by_criterion.values())

    def _expertise(self, row: int, tech: str, value: object, columns: Mapping[str, int]) -> None:
        """Keep the row's familiarity level, if given and valid."""
        if EXPERTISE_COLUMN not in columns:
            return
        if self._formula(row, columns[EXPERTISE_COLUMN], EXPERTISE_COLUMN):
            return
        text = cell_text(value)
        try:
            level = expertise_level(text, technology=tech)
        except R57Error:
            given = value if isinstance(value, int | float) else text
            params = {"value": shown(given), "technology": tech}
            self._problem("impxp_level_invalid", row, EXPERTISE_COLUMN, params)
            return
        if level is not None:
            self.expertise[tech] = level

    def _text(self, row: int, key: str, value: object, columns: Mapping[str, int]) -> str:
        """A free-text cell (comment, reason): "" when absent, blank or a formula."""
        if key not in columns or self._formula(row, columns[key], key):
            return ""
        return cell_text(value)

    def _formula(self, row: int, index: int, header: str) -> bool:
        """Whether the cell holds a formula (a problem: input cells take typed values only)."""
        formula = self.formulas.get((row, index + 1))
        if formula is None:
            return False
        self._problem("ret_formula", row, header, {"formula": formula})
        return True

    def _coi(self, row: int, value: object, columns: Mapping[str, int]) -> bool:
        """Whether the row's COI column is ticked."""
        if COI_COLUMN not in columns or self._formula(row, columns[COI_COLUMN], COI_COLUMN):
            return False
        text = "" if value is None or value is False else cell_text(value)
        if value is True or text.casefold() in _TICKED:
            return True
        if not text:
            return False
        self._problem("ret_coi_bad_value", row, COI_COLUMN, {"value": shown(text)})
        return False


def _ids(joined: str) -> list[str]:
    return [part.strip() for part in joined.split(ID_SEPARATOR) if part.strip()]
