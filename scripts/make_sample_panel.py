"""Generate the synthetic, illustrative sample panel in ``sample_inputs/`` reproducibly.

Each expert's score is a technology's "true profile" plus the expert's leniency, the tendency
of their stakeholder group, deliberate camps on a few contested cells, and noise, rounded to the
1-5 scale. A fixed seed makes every run byte-identical, the workbook included.

Usage: ``python scripts/make_sample_panel.py [--output-dir DIR] [--seed N]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import tomllib
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

ROOT = Path(__file__).resolve().parents[1]
CRITERIA_FILE = ROOT / "criteria" / "r57_strategic_technologies.toml"
DEFAULT_OUTPUT_DIR = ROOT / "sample_inputs"

#: 22 December 2024, the date of Resolution 57-NQ/TW.
DEFAULT_SEED = 20241222

#: Fixed timestamps so that the workbook is byte-identical from run to run.
WORKBOOK_TIME = dt.datetime(2025, 6, 12, 0, 0, 0)
ZIP_TIME = (2025, 6, 12, 0, 0, 0)

LENIENCY_SD = 0.3
NOISE_SD = 0.5
N_RANDOM_ABSTENTIONS = 20

#: The criteria, in the order of the ``profile`` tuples below (checked against the TOML file).
PROFILE_CRITERIA = (
    "national_goals",
    "autonomy",
    "security_defence",
    "socio_economic_impact",
    "breakthrough_potential",
    "spillover",
    "domestic_capability",
    "human_resources",
    "international_cooperation",
    "investment_cost",
    "implementation_risk",
    "time_to_impact",
)
COST_CRITERIA = frozenset({"investment_cost", "implementation_risk", "time_to_impact"})


@dataclass(frozen=True)
class TechnologySpec:
    """A candidate technology and the panel's underlying "true" view of it."""

    id: str
    name: str
    name_vi: str
    group: str
    budget: int
    description: str
    profile: tuple[float, ...]


@dataclass(frozen=True)
class ExpertSpec:
    """A fictitious panel member; ``expertise`` is None for one who gives no confidence."""

    id: str
    name: str
    group: str
    expertise: frozenset[str] | None


class ScoreRow(NamedTuple):
    """One row of the long score table, as written to CSV."""

    expert: str
    technology: str
    criterion: str
    score: str
    confidence: str
    comment: str


# Groups are the technology families of Decision 1131/QĐ-TTg (12 June 2025); budgets are
# indicative, in billion VND.
TECHNOLOGIES: tuple[TechnologySpec, ...] = (
    TechnologySpec(
        "ai_digital_twin", "Artificial intelligence and digital twins",
        "Trí tuệ nhân tạo và bản sao số", "digital", 12000,
        "Vietnamese large language models, virtual assistants, domain-specific AI, digital twins",
        (5.0, 4.0, 4.0, 4.6, 4.4, 4.8, 3.4, 3.2, 4.0, 3.2, 2.8, 2.2),
    ),
    TechnologySpec(
        "cloud_bigdata", "Cloud computing and big data",
        "Điện toán đám mây và dữ liệu lớn", "digital", 9000,
        "Sovereign cloud services and large-scale data centres",
        (4.4, 4.2, 4.2, 4.0, 3.0, 4.4, 3.6, 3.4, 3.6, 3.6, 2.2, 2.0),
    ),
    TechnologySpec(
        "quantum", "Quantum computing and communication",
        "Điện toán và truyền thông lượng tử", "digital", 3000,
        "Quantum computing services, quantum communication and sensing",
        (3.6, 3.0, 3.8, 2.6, 4.4, 3.0, 1.6, 1.8, 3.0, 4.2, 4.4, 4.6),
    ),
    TechnologySpec(
        "blockchain", "Blockchain",
        "Công nghệ chuỗi khối (blockchain)", "digital", 1500,
        "Blockchain network infrastructure, digital assets and traceability systems",
        (3.2, 2.8, 2.8, 3.0, 3.0, 3.0, 3.2, 3.0, 3.4, 1.8, 3.2, 2.4),
    ),
    TechnologySpec(
        "net_5g_6g", "5G/6G mobile networks",
        "Mạng di động thế hệ sau (5G/6G)", "hardware", 8000,
        "Open RAN radio access equipment, 5G/6G core networks, high-speed IP transmission",
        (4.4, 4.4, 4.6, 4.0, 3.2, 4.2, 4.0, 3.4, 3.4, 3.8, 2.6, 2.4),
    ),
    TechnologySpec(
        "robotics", "Robotics and automation",
        "Robot và tự động hóa", "automation", 4000,
        "Autonomous mobile robots and industrial robots",
        (3.8, 3.6, 3.2, 3.8, 3.2, 3.8, 2.8, 2.8, 3.6, 3.0, 2.8, 2.8),
    ),
    TechnologySpec(
        "semiconductors", "Semiconductor chips",
        "Chip bán dẫn", "hardware", 25000,
        "Chip design, packaging and testing; application-specific and AI chips",
        (5.0, 4.8, 4.8, 4.6, 4.0, 4.6, 2.2, 2.4, 4.2, 5.0, 4.2, 4.0),
    ),
    TechnologySpec(
        "energy_storage", "New energy and energy storage",
        "Năng lượng mới và lưu trữ năng lượng", "energy", 10000,
        "Battery energy storage, green hydrogen and smart grids",
        (4.2, 3.8, 3.6, 4.2, 3.4, 3.6, 2.6, 2.8, 3.8, 4.2, 3.2, 3.2),
    ),
    TechnologySpec(
        "advanced_materials", "Advanced materials and rare earths",
        "Vật liệu tiên tiến và đất hiếm", "materials", 6000,
        "Rare-earth processing, magnetic and composite materials",
        (3.8, 4.2, 4.0, 3.4, 3.6, 3.4, 2.4, 2.4, 3.0, 4.0, 3.6, 3.8),
    ),
    TechnologySpec(
        "biotech", "Advanced biotechnology",
        "Công nghệ sinh học tiên tiến", "life sciences", 5000,
        "Vaccines, biopharmaceuticals, genomics and agricultural biotechnology",
        (4.0, 3.6, 3.4, 3.8, 3.8, 3.4, 3.0, 3.0, 3.4, 3.4, 3.4, 3.6),
    ),
    TechnologySpec(
        "aerospace_uav", "Aerospace and unmanned aerial vehicles",
        "Hàng không, vũ trụ và thiết bị bay không người lái", "aerospace", 15000,
        "Unmanned aerial vehicles and small earth-observation satellites",
        (3.8, 4.0, 5.0, 3.0, 3.4, 3.2, 2.8, 2.6, 2.8, 4.4, 3.6, 3.4),
    ),
    TechnologySpec(
        "cybersecurity", "Cybersecurity",
        "An ninh mạng", "digital", 3500,
        "Network security products, security operations and data protection",
        (4.4, 4.4, 5.0, 3.4, 2.8, 4.0, 3.8, 3.2, 3.0, 2.4, 2.2, 1.8),
    ),
    TechnologySpec(
        "iot_edge", "Internet of Things and edge computing",
        "Internet vạn vật và điện toán biên", "hardware", 2500,
        "Edge-processing AI cameras, IoT devices and sensors",
        (3.6, 3.4, 3.2, 3.8, 2.8, 4.0, 3.6, 3.4, 3.4, 2.2, 2.0, 1.8),
    ),
    TechnologySpec(
        "smart_manufacturing", "Smart manufacturing",
        "Sản xuất thông minh", "automation", 5500,
        "Automated production lines, advanced food processing, post-harvest quality monitoring",
        (3.8, 3.2, 2.4, 4.2, 2.8, 3.6, 3.2, 3.0, 3.8, 3.2, 2.6, 2.4),
    ),
)  # fmt: skip

# Fictitious people: any likeness to a real person's name is a coincidence.
EXPERTS: tuple[ExpertSpec, ...] = (
    ExpertSpec("sci_01", "GS.TS. Trần Minh Đức", "science", frozenset({"digital"})),
    ExpertSpec(
        "sci_02",
        "PGS.TS. Nguyễn Thị Thu Hà",
        "science",
        frozenset({"life sciences", "materials", "energy"}),
    ),
    ExpertSpec("sci_03", "PGS.TS. Nguyễn Văn An", "science", frozenset({"hardware", "digital"})),
    ExpertSpec("ind_01", "TS. Lê Hoàng Nam", "industry", frozenset({"digital"})),
    ExpertSpec("ind_02", "ThS. Phạm Quốc Bảo", "industry", frozenset({"hardware", "automation"})),
    ExpertSpec("ind_03", "KS. Hoàng Thị Lan Anh", "industry", frozenset({"automation", "energy"})),
    ExpertSpec("gov_01", "TS. Vũ Đức Thắng", "government", frozenset({"aerospace", "digital"})),
    ExpertSpec(
        "gov_02",
        "ThS. Đặng Thị Mai",
        "government",
        frozenset({"energy", "materials", "life sciences"}),
    ),
    ExpertSpec("gov_03", "TS. Bùi Quang Huy", "government", None),
)

#: How each stakeholder group shifts its scores on the criteria it cares about.
GROUP_TENDENCIES: dict[str, dict[str, float]] = {
    "industry": {"socio_economic_impact": 0.6, "domestic_capability": 0.6},
    "science": {"breakthrough_potential": 0.7},
    "government": {"security_defence": 0.7},
}

#: Contested cells: (technology, criterion) -> (centre for the camp, centre for the others).
QUANTUM_CAMP = frozenset({"sci_01", "sci_02", "sci_03", "gov_01"})
BLOCKCHAIN_CAMP = frozenset({"ind_01", "ind_03", "gov_02", "sci_02"})
SPLITS: dict[tuple[str, str], tuple[frozenset[str], float, float]] = {
    ("quantum", "national_goals"): (QUANTUM_CAMP, 4.6, 2.4),
    ("quantum", "socio_economic_impact"): (QUANTUM_CAMP, 4.2, 1.6),
    ("quantum", "time_to_impact"): (QUANTUM_CAMP, 3.0, 5.0),
    ("blockchain", "national_goals"): (BLOCKCHAIN_CAMP, 4.3, 1.9),
    ("blockchain", "socio_economic_impact"): (BLOCKCHAIN_CAMP, 4.4, 2.0),
    ("blockchain", "spillover"): (BLOCKCHAIN_CAMP, 4.0, 1.8),
    ("blockchain", "implementation_risk"): (BLOCKCHAIN_CAMP, 2.0, 4.3),
}

COI = ("ind_02", "semiconductors")
COI_COMMENT = (
    "Xung đột lợi ích: tôi là thành viên hội đồng quản trị của một doanh nghiệp thiết kế chip "
    "có đề xuất tham gia chương trình này, nên không chấm điểm."
)

#: Hand-written cells: (expert, technology, criterion) -> (score as written, comment).
PINNED: dict[tuple[str, str, str], tuple[str, str]] = {
    ("sci_03", "quantum", "breakthrough_potential"): (
        "5",
        "Quantum communication and sensing are where a small country can still reach the "
        "frontier; the window is the next ten years.",
    ),
    ("ind_01", "quantum", "socio_economic_impact"): (
        "1",
        "No paying domestic market for quantum computing before 2035; the money would do more "
        "in chips and AI.",
    ),
    ("ind_03", "blockchain", "socio_economic_impact"): (
        "5",
        "Truy xuất nguồn gốc nông sản bằng blockchain đã có khách hàng thực tế và đơn hàng "
        "xuất khẩu.",
    ),
    ("gov_01", "blockchain", "implementation_risk"): (
        "5",
        "The legal framework for digital assets is still at the pilot stage; regulatory risk "
        "is high.",
    ),
    ("gov_03", "aerospace_uav", "security_defence"): (
        "5",
        "UAV và vệ tinh quan sát là năng lực lưỡng dụng, gắn trực tiếp với nhiệm vụ quốc phòng.",
    ),
    ("sci_02", "biotech", "breakthrough_potential"): (
        "5",
        "Gene editing of rice varieties and aquaculture breeds could be a genuine breakthrough "
        "for Vietnamese agriculture.",
    ),
    ("gov_02", "energy_storage", "investment_cost"): (
        "5",
        "Grid-scale storage needs very large upfront capital (estimate from Power Development "
        "Plan VIII).",
    ),
    ("ind_02", "robotics", "domestic_capability"): (
        "4",
        "Several domestic firms already build autonomous mobile robots for warehouses.",
    ),
    ("sci_01", "biotech", "international_cooperation"): (
        "NA",
        "Ngoài lĩnh vực chuyên môn của tôi, không đủ thông tin để đánh giá.",
    ),
}

#: Saaty 1-9 judgments between the criteria groups, upper triangle (row group over column group).
AHP_GROUPS = ("strategic_fit", "impact", "capability", "cost_risk")
AHP_JUDGMENTS: dict[tuple[str, str], int] = {
    ("strategic_fit", "impact"): 1,
    ("strategic_fit", "capability"): 2,
    ("strategic_fit", "cost_risk"): 3,
    ("impact", "capability"): 2,
    ("impact", "cost_risk"): 2,
    ("capability", "cost_risk"): 1,
}

WORKBOOK_README: tuple[str, ...] = (
    "r57-mcda sample panel: expert scores, one sheet per expert",
    "Each sheet is named by an expert id (see experts.csv).",
    "Column A 'technology' holds technology ids (see technologies.csv); the other columns are "
    "criterion ids of criteria/r57_strategic_technologies.toml.",
    "Scores are integers from 1 to 5. An empty cell is an abstention; 'COI' marks a declared "
    "conflict of interest (also an abstention).",
    "For the cost criteria (investment_cost, implementation_risk, time_to_impact) a higher score "
    "means more cost, risk or delay.",
    "The data are synthetic and illustrative, generated by scripts/make_sample_panel.py: not "
    "official, and not the opinion of any real person.",
    "",
    "Bảng điểm mẫu của hội đồng r57-mcda: mỗi chuyên gia một trang tính",
    "Tên mỗi trang tính là mã chuyên gia (xem experts.csv).",
    "Cột A 'technology' ghi mã công nghệ (xem technologies.csv); các cột còn lại là mã tiêu chí "
    "trong criteria/r57_strategic_technologies.toml.",
    "Điểm là số nguyên từ 1 đến 5. Ô để trống là không chấm điểm; 'COI' là tự khai báo xung đột "
    "lợi ích (cũng được coi là không chấm điểm).",
    "Với các tiêu chí chi phí (investment_cost, implementation_risk, time_to_impact), điểm càng "
    "cao nghĩa là chi phí, rủi ro hoặc độ trễ càng lớn.",
    "Dữ liệu là giả lập, chỉ mang tính minh họa, được tạo bởi scripts/make_sample_panel.py: "
    "không phải số liệu chính thức và không phải ý kiến của bất kỳ người thật nào.",
)


def read_criteria(path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Read criterion ids and group ids from a criteria TOML file.

    Parameters
    ----------
    path
        The criteria set, e.g. ``criteria/r57_strategic_technologies.toml``.

    Returns
    -------
    (criteria, groups)
        Criterion ids and group ids in file order.
    """
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    criteria = tuple(str(c["id"]) for c in data["criteria"])
    groups = tuple(str(g["id"]) for g in data.get("groups", []))
    if criteria != PROFILE_CRITERIA:
        raise ValueError(
            f"{path}: criteria {criteria} differ from the profiles' {PROFILE_CRITERIA}"
        )
    if groups != AHP_GROUPS:
        raise ValueError(f"{path}: groups {groups} differ from the AHP groups {AHP_GROUPS}")
    return criteria, groups


def _raw_scores(criteria: Sequence[str], rng: np.random.Generator) -> npt.NDArray[np.int_]:
    """Integer 1-5 scores, shaped experts x technologies x criteria, before abstentions."""
    base = np.array([t.profile for t in TECHNOLOGIES], dtype=float)
    base = np.broadcast_to(base, (len(EXPERTS), *base.shape)).copy()
    tech_index = {t.id: i for i, t in enumerate(TECHNOLOGIES)}
    crit_index = {c: j for j, c in enumerate(criteria)}
    for (tech, crit), (camp, inside, outside) in SPLITS.items():
        for e, expert in enumerate(EXPERTS):
            base[e, tech_index[tech], crit_index[crit]] = inside if expert.id in camp else outside
    tendency = np.array(
        [[GROUP_TENDENCIES.get(x.group, {}).get(c, 0.0) for c in criteria] for x in EXPERTS]
    )
    # A lenient expert sees more benefit and less cost, so leniency flips sign on cost criteria.
    signs = np.array([-1.0 if c in COST_CRITERIA else 1.0 for c in criteria])
    leniency = rng.normal(0.0, LENIENCY_SD, size=len(EXPERTS))
    noise = rng.normal(0.0, NOISE_SD, size=base.shape)
    raw: npt.NDArray[np.float64] = (
        base + tendency[:, None, :] + leniency[:, None, None] * signs + noise
    )
    return np.clip(np.rint(raw), 1, 5).astype(np.int_)


def _confidences(criteria: Sequence[str], rng: np.random.Generator) -> list[list[list[str]]]:
    """Self-declared confidence 1-3 per cell: 3 inside the expert's field, else mostly 2."""
    draws = rng.random((len(EXPERTS), len(TECHNOLOGIES), len(criteria)))
    out: list[list[list[str]]] = []
    for e, expert in enumerate(EXPERTS):
        per_tech: list[list[str]] = []
        for t, tech in enumerate(TECHNOLOGIES):
            row: list[str] = []
            for u in draws[e, t]:
                if expert.expertise is None:
                    row.append("")
                elif tech.group in expert.expertise:
                    row.append("2" if u < 0.15 else "3")
                else:
                    row.append("1" if u < 0.15 else "2")
            per_tech.append(row)
        out.append(per_tech)
    return out


def build_scores(criteria: Sequence[str], *, seed: int = DEFAULT_SEED) -> list[ScoreRow]:
    """Generate the long score table of the sample panel.

    Parameters
    ----------
    criteria
        Criterion ids, in the order of the technologies' profiles.
    seed
        Seed of the numpy generator; the same seed gives the same table.

    Returns
    -------
    list of ScoreRow
        One row per expert x technology x criterion, in that nesting order.
    """
    rng = np.random.default_rng(seed)
    scores = _raw_scores(criteria, rng)
    confidence = _confidences(criteria, rng)
    cells = [
        (e, t, c)
        for e in range(len(EXPERTS))
        for t in range(len(TECHNOLOGIES))
        for c in range(len(criteria))
    ]
    fixed = {
        i
        for i, (e, t, c) in enumerate(cells)
        if (EXPERTS[e].id, TECHNOLOGIES[t].id) == COI
        or (EXPERTS[e].id, TECHNOLOGIES[t].id, criteria[c]) in PINNED
    }
    free = np.array([i for i in range(len(cells)) if i not in fixed])
    picks = rng.choice(free, size=N_RANDOM_ABSTENTIONS, replace=False)
    kinds = rng.integers(0, 2, size=N_RANDOM_ABSTENTIONS)
    abstentions = {int(i): ("NA" if k else "") for i, k in zip(picks, kinds, strict=True)}

    rows: list[ScoreRow] = []
    for i, (e, t, c) in enumerate(cells):
        expert, tech, crit = EXPERTS[e].id, TECHNOLOGIES[t].id, criteria[c]
        score, conf, comment = str(scores[e, t, c]), confidence[e][t][c], ""
        if (expert, tech) == COI:
            score, conf, comment = "COI", "", COI_COMMENT
        elif (expert, tech, crit) in PINNED:
            score, comment = PINNED[expert, tech, crit]
        elif i in abstentions:
            score = abstentions[i]
        if not score.isdigit():
            conf = ""
        rows.append(ScoreRow(expert, tech, crit, score, conf, comment))
    return rows


def panel_means(rows: Iterable[ScoreRow], criteria: Sequence[str]) -> list[list[str]]:
    """The decision matrix: per technology, the mean score per criterion to 2 decimals.

    Abstentions (blank, ``NA``, ``COI``) are left out of the mean.
    """
    values: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        if row.score.isdigit():
            values.setdefault((row.technology, row.criterion), []).append(int(row.score))
    return [
        [tech.id, *(f"{np.mean(values[tech.id, c]):.2f}" for c in criteria)]
        for tech in TECHNOLOGIES
    ]


#: The quick screen (``criteria/quick_screen.toml``) scored by the same experts: each of its five
#: criteria summarises criteria of the full set, and an expert's quick-screen score is the mean of
#: their scores on those criteria, rounded half up (abstentions left out; a COI stays a COI).
QUICK_SCREEN: dict[str, tuple[str, ...]] = {
    "strategic_value": ("national_goals", "autonomy", "security_defence"),
    "impact": ("socio_economic_impact", "breakthrough_potential", "spillover"),
    "feasibility": ("domestic_capability", "human_resources", "international_cooperation"),
    "cost": ("investment_cost",),
    "risk": ("implementation_risk", "time_to_impact"),
}


def quick_screen_rows(rows: Iterable[ScoreRow]) -> list[list[str]]:
    """The long table of the quick screen, derived from the full panel's rows (see QUICK_SCREEN)."""
    by_cell = {(r.expert, r.technology, r.criterion): r.score for r in rows}
    out: list[list[str]] = []
    for expert in EXPERTS:
        for tech in TECHNOLOGIES:
            for criterion, sources in QUICK_SCREEN.items():
                given = [by_cell[expert.id, tech.id, c] for c in sources]
                numbers = [int(v) for v in given if v.isdigit()]
                if "COI" in given:
                    score = "COI"
                elif numbers:
                    score = str(int(np.floor(np.mean(numbers) + 0.5)))
                else:
                    score = ""
                out.append([expert.id, tech.id, criterion, score])
    return out


def ahp_rows(groups: Sequence[str]) -> list[list[str]]:
    """The reciprocal pairwise matrix of ``groups``, reciprocals written as ``1/n``."""
    rows = []
    for a in groups:
        cells = []
        for b in groups:
            if a == b:
                cells.append("1")
            elif (a, b) in AHP_JUDGMENTS:
                cells.append(str(AHP_JUDGMENTS[a, b]))
            else:
                value = AHP_JUDGMENTS[b, a]
                cells.append("1" if value == 1 else f"1/{value}")
        rows.append([a, *cells])
    return rows


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a UTF-8 CSV with ``\\n`` line ends, so the bytes do not depend on the platform."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def build_workbook(rows: Sequence[ScoreRow], criteria: Sequence[str]) -> Workbook:
    """The wide workbook: a ``_README`` sheet, then one technologies x criteria sheet per expert.

    Abstentions are empty cells and the conflict of interest is the text ``COI``.
    """
    by_cell = {(r.expert, r.technology, r.criterion): r.score for r in rows}
    workbook = Workbook()
    readme = workbook.active
    assert readme is not None  # a new Workbook always has one sheet
    readme.title = "_README"
    for line in WORKBOOK_README:
        readme.append([line])
    readme["A1"].font = Font(bold=True)
    readme["A8"].font = Font(bold=True)
    readme.column_dimensions["A"].width = 110
    bold = Font(bold=True)
    for expert in EXPERTS:
        sheet = workbook.create_sheet(expert.id)
        sheet.append(["technology", *criteria])
        for cell in sheet[1]:
            cell.font = bold
        for tech in TECHNOLOGIES:
            values: list[object] = [tech.id]
            for crit in criteria:
                score = by_cell[expert.id, tech.id, crit]
                if score.isdigit():
                    values.append(int(score))
                else:
                    values.append("COI" if score == "COI" else None)
            sheet.append(values)
    props = workbook.properties
    props.creator = "r57-mcda scripts/make_sample_panel.py"
    props.title = "r57-mcda sample panel (synthetic)"
    props.created = WORKBOOK_TIME
    props.modified = WORKBOOK_TIME
    return workbook


def save_workbook_reproducibly(workbook: Workbook, path: Path) -> None:
    """Save ``workbook`` with fixed timestamps, so that equal content gives equal bytes.

    openpyxl's ``save`` stamps the current time both in ``docProps/core.xml`` and on every zip
    entry; the writer is driven directly and the archive re-packed with fixed entry times.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))


def write_panel(output_dir: Path, *, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write every generated file of the sample panel into ``output_dir``.

    Returns
    -------
    list of Path
        The files written.
    """
    criteria, groups = read_criteria(CRITERIA_FILE)
    rows = build_scores(criteria, seed=seed)
    output_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        name: output_dir / name
        for name in (
            "technologies.csv",
            "experts.csv",
            "expert_scores.csv",
            "expert_scores.xlsx",
            "decision_matrix.csv",
            "ahp_pairwise.csv",
            "expert_scores_quick_screen.csv",
        )
    }
    write_csv(
        paths["technologies.csv"],
        ["id", "name", "name_vi", "group", "budget", "description"],
        [[t.id, t.name, t.name_vi, t.group, t.budget, t.description] for t in TECHNOLOGIES],
    )
    write_csv(
        paths["experts.csv"], ["id", "name", "group"], [[x.id, x.name, x.group] for x in EXPERTS]
    )
    write_csv(paths["expert_scores.csv"], ScoreRow._fields, rows)
    save_workbook_reproducibly(build_workbook(rows, criteria), paths["expert_scores.xlsx"])
    write_csv(paths["decision_matrix.csv"], ["technology", *criteria], panel_means(rows, criteria))
    write_csv(paths["ahp_pairwise.csv"], ["criterion", *groups], ahp_rows(groups))
    write_csv(
        paths["expert_scores_quick_screen.csv"],
        ["expert", "technology", "criterion", "score"],
        quick_screen_rows(rows),
    )
    return list(paths.values())


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_OUTPUT_DIR)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    write_panel(args.output_dir, seed=args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
