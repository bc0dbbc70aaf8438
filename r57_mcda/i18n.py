"""English and Vietnamese text for everything a user reads, and the lookup ``t``."""

from __future__ import annotations

from typing import Literal

from r57_mcda.report_texts import REPORT_TEXT

Lang = Literal["en", "vi"]
LANGUAGES: dict[str, str] = {"en": "English", "vi": "Tiếng Việt"}

TEXT: dict[str, dict[str, str]] = {
    "app_title": {
        "en": "Strategic technology selection — Resolution 57",
        "vi": "Lựa chọn công nghệ chiến lược — Nghị quyết 57",
    },
    "app_caption": {
        "en": (
            "Multi-criteria decision support for the expert panel: aggregate the panel's scores, "
            "weight the criteria, rank the candidate technologies and see why."
        ),
        "vi": (
            "Hỗ trợ ra quyết định đa tiêu chí cho hội đồng chuyên gia: tổng hợp điểm của hội "
            "đồng, xác định trọng số tiêu chí, xếp hạng các công nghệ ứng viên và giải thích lý do."
        ),
    },
    "language": {"en": "Language", "vi": "Ngôn ngữ"},
    "sample_notice": {
        "en": (
            "Showing the bundled sample panel. Its data are synthetic and illustrative, "
            "not official."
        ),
        "vi": (
            "Đang hiển thị bộ dữ liệu mẫu đi kèm. Dữ liệu là giả lập, chỉ mang tính minh họa, "
            "không phải số liệu chính thức."
        ),
    },
    "validation_report": {"en": "Validation report", "vi": "Báo cáo kiểm tra dữ liệu"},
    "validation_clean": {
        "en": "All inputs passed validation: {scores} scores from {experts} experts on "
        "{technologies} technologies and {criteria} criteria.",
        "vi": "Dữ liệu hợp lệ: {scores} điểm của {experts} chuyên gia cho {technologies} công "
        "nghệ theo {criteria} tiêu chí.",
    },
    "validation_warnings": {
        "en": "{n} warning(s): please review them before relying on the result.",
        "vi": "{n} cảnh báo: vui lòng xem lại trước khi sử dụng kết quả.",
    },
    "validation_errors": {
        "en": "{n} problem(s) found in the input. Nothing was computed; fix them and load again.",
        "vi": "Phát hiện {n} lỗi trong dữ liệu đầu vào. Chưa tính toán gì; hãy sửa và tải lại.",
    },
    "col_severity": {"en": "Severity", "vi": "Mức độ"},
    "col_file": {"en": "File", "vi": "Tệp"},
    "col_sheet": {"en": "Sheet", "vi": "Trang tính"},
    "col_row": {"en": "Row", "vi": "Dòng"},
    "col_column": {"en": "Column", "vi": "Cột"},
    "col_message": {"en": "Message", "vi": "Nội dung"},
    "aggregation": {"en": "Aggregation across experts", "vi": "Cách tổng hợp điểm chuyên gia"},
    "agg_mean": {"en": "Mean", "vi": "Trung bình cộng"},
    "agg_median": {"en": "Median", "vi": "Trung vị"},
    "agg_trimmed": {"en": "Trimmed mean (10 % each end)", "vi": "Trung bình cắt bỏ (10 % mỗi đầu)"},
    "agg_geometric": {"en": "Geometric mean", "vi": "Trung bình nhân"},
    "balance_groups": {
        "en": "Balance stakeholder groups (science, industry, government weigh equally)",
        "vi": "Cân bằng nhóm bên liên quan (khoa học, doanh nghiệp, quản lý nhà nước ngang nhau)",
    },
    "aggregated_matrix": {"en": "Aggregated decision matrix", "vi": "Ma trận quyết định tổng hợp"},
    "aggregated_matrix_help": {
        "en": "One row per technology, one column per criterion: the panel's {method} score.",
        "vi": "Mỗi dòng là một công nghệ, mỗi cột là một tiêu chí: điểm {method} của hội đồng.",
    },
    "agreement": {"en": "Panel agreement", "vi": "Mức độ đồng thuận của hội đồng"},
    "kendall_w_overall": {
        "en": "Kendall's W (overall ranking of technologies): {w} — {label}",
        "vi": "Hệ số Kendall W (xếp hạng tổng thể các công nghệ): {w} — {label}",
    },
    "kendall_per_criterion": {
        "en": "Kendall's W per criterion",
        "vi": "Hệ số Kendall W theo từng tiêu chí",
    },
    "flagged_cells": {
        "en": "Cells without consensus (IQR above {threshold} point)",
        "vi": "Các ô chưa đồng thuận (khoảng tứ phân vị lớn hơn {threshold} điểm)",
    },
    "no_flags": {"en": "No cell lacks consensus.", "vi": "Không có ô nào thiếu đồng thuận."},
    "group_divergence": {
        "en": "Where stakeholder groups diverge most",
        "vi": "Các ô có khác biệt lớn nhất giữa các nhóm bên liên quan",
    },
    "w_very weak": {"en": "very weak agreement", "vi": "đồng thuận rất yếu"},
    "w_weak": {"en": "weak agreement", "vi": "đồng thuận yếu"},
    "w_moderate": {"en": "moderate agreement", "vi": "đồng thuận trung bình"},
    "w_strong": {"en": "strong agreement", "vi": "đồng thuận mạnh"},
    "w_very strong": {"en": "very strong agreement", "vi": "đồng thuận rất mạnh"},
    "w_undefined": {"en": "not defined", "vi": "không xác định"},
    "page_data": {"en": "1. Data", "vi": "1. Dữ liệu"},
    "page_panel": {"en": "2. Expert panel", "vi": "2. Hội đồng chuyên gia"},
    "data_intro": {
        "en": (
            "Start here. The app opens on a bundled sample panel so you can explore it at once. "
            "To analyse your own panel, upload the experts' scores (and, if they differ from the "
            "defaults, the criteria set, the list of technologies and the list of experts), then "
            "press «Load uploaded files». Every file is checked before anything is computed."
        ),
        "vi": (
            "Bắt đầu tại đây. Ứng dụng mở sẵn một bộ dữ liệu mẫu để bạn có thể khám phá ngay. "
            "Để phân tích hội đồng của mình, hãy tải lên tệp điểm của các chuyên gia (và, nếu "
            "khác mặc định, bộ tiêu chí, danh sách công nghệ và danh sách chuyên gia), rồi bấm "
            "«Nạp các tệp đã tải lên». Mọi tệp đều được kiểm tra trước khi tính toán."
        ),
    },
    "loaded_files": {"en": "Files of the current analysis", "vi": "Các tệp của phân tích hiện tại"},
    "upload_title": {"en": "Load your own panel", "vi": "Nạp dữ liệu hội đồng của bạn"},
    "upload_help": {
        "en": (
            "Scores: a long table (expert, technology, criterion, score) as CSV or Excel, or "
            "Excel workbooks with one sheet per expert; several files may be uploaded at once. "
            "Leave a cell empty, or write NA, to abstain; write COI to declare a conflict of "
            "interest."
        ),
        "vi": (
            "Điểm: bảng dạng dài (expert, technology, criterion, score) ở dạng CSV hoặc Excel, "
            "hoặc các tệp Excel mỗi chuyên gia một trang tính; có thể tải nhiều tệp cùng lúc. "
            "Để trống ô hoặc ghi NA nếu không chấm; ghi COI để khai báo xung đột lợi ích."
        ),
    },
    "upload_scores": {"en": "Expert scores", "vi": "Điểm của chuyên gia"},
    "upload_criteria": {"en": "Criteria set (optional)", "vi": "Bộ tiêu chí (không bắt buộc)"},
    "upload_technologies": {
        "en": "Technologies (optional)",
        "vi": "Danh sách công nghệ (không bắt buộc)",
    },
    "upload_experts": {"en": "Experts (optional)", "vi": "Danh sách chuyên gia (không bắt buộc)"},
    "load_uploads": {"en": "Load uploaded files", "vi": "Nạp các tệp đã tải lên"},
    "reset_sample": {"en": "Back to the sample panel", "vi": "Quay lại dữ liệu mẫu"},
    "upload_rejected": {
        "en": (
            "The uploaded files were rejected: {n} problem(s), listed below. The previous data "
            "are still loaded and nothing was changed."
        ),
        "vi": (
            "Các tệp tải lên bị từ chối: {n} lỗi, liệt kê dưới đây. Dữ liệu trước đó vẫn được "
            "giữ nguyên, không có gì thay đổi."
        ),
    },
    "panel_needs_scores": {
        "en": "This analysis uses an aggregated decision matrix: there are no individual scores.",
        "vi": (
            "Phân tích này dùng ma trận quyết định đã tổng hợp: không có điểm của từng chuyên gia."
        ),
    },
    "iqr_threshold": {
        "en": "Consensus threshold (IQR, points)",
        "vi": "Ngưỡng đồng thuận (IQR, điểm)",
    },
    "criterion": {"en": "Criterion", "vi": "Tiêu chí"},
    "technology": {"en": "Technology", "vi": "Công nghệ"},
    "dispersion_table": {
        "en": "Dispersion per cell (n, standard deviation, IQR, min, max)",
        "vi": "Độ phân tán theo ô (n, độ lệch chuẩn, IQR, nhỏ nhất, lớn nhất)",
    },
    "kendall_w_overall_short": {"en": "Kendall's W (overall)", "vi": "Hệ số Kendall W (tổng thể)"},
    "kendall_help": {
        "en": (
            "Kendall's coefficient of concordance: 0 = experts rank the technologies "
            "independently, 1 = they all rank them alike. Ties are corrected for; cells an expert "
            "abstained from are handled as the README explains."
        ),
        "vi": (
            "Hệ số phù hợp Kendall: 0 = các chuyên gia xếp hạng công nghệ độc lập với nhau, 1 = "
            "tất cả xếp hạng giống nhau. Có hiệu chỉnh cho các điểm bằng nhau; các ô chuyên gia "
            "không chấm được xử lý như mô tả trong README."
        ),
    },
}

TEXT.update(REPORT_TEXT)


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The text for ``key`` in ``lang`` ("en" or "vi"), formatted with ``values``.

    Falls back to English when a Vietnamese entry is missing; raises ``KeyError`` for an
    unknown key, so that a typo fails in tests rather than showing a raw key to a user.
    """
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
