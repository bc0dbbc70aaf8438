"""English and Vietnamese text for everything a user reads, and the lookup ``t``."""

from __future__ import annotations

from typing import Literal

from r57_mcda.i18n.report_texts import REPORT_TEXT

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
    "col_reading": {"en": "Reading", "vi": "Diễn giải"},
    "col_p_value": {"en": "p-value", "vi": "Giá trị p"},
    "col_experts_used": {"en": "Experts used", "vi": "Số chuyên gia dùng"},
    "col_technologies_used": {"en": "Technologies used", "vi": "Số công nghệ dùng"},
    "col_n": {"en": "Scores", "vi": "Số điểm"},
    "col_iqr": {"en": "IQR", "vi": "Khoảng tứ phân vị"},
    "col_std": {"en": "Std. deviation", "vi": "Độ lệch chuẩn"},
    "col_min": {"en": "Min", "vi": "Nhỏ nhất"},
    "col_max": {"en": "Max", "vi": "Lớn nhất"},
    "col_divergence": {"en": "Gap between groups", "vi": "Chênh lệch giữa các nhóm"},
    "col_highest_group": {"en": "Highest group", "vi": "Nhóm cao nhất"},
    "col_highest_mean": {"en": "Highest group's mean", "vi": "Điểm TB nhóm cao nhất"},
    "col_lowest_group": {"en": "Lowest group", "vi": "Nhóm thấp nhất"},
    "col_lowest_mean": {"en": "Lowest group's mean", "vi": "Điểm TB nhóm thấp nhất"},
    "col_role": {"en": "Content", "vi": "Nội dung tệp"},
    "role_criteria": {"en": "criteria set", "vi": "bộ tiêu chí"},
    "role_scores": {"en": "expert scores", "vi": "điểm của chuyên gia"},
    "role_technologies": {"en": "technologies", "vi": "danh sách công nghệ"},
    "role_experts": {"en": "experts", "vi": "danh sách chuyên gia"},
    "role_matrix": {"en": "decision matrix", "vi": "ma trận quyết định"},
    "role_ahp": {"en": "AHP pairwise comparisons", "vi": "so sánh cặp AHP"},
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
    # --- Pages 3-7 (weights, ranking, compare, sensitivity, export) ---------------------------
    "page_weights": {"en": "3. Weights", "vi": "3. Trọng số"},
    "page_ranking": {"en": "4. Ranking", "vi": "4. Xếp hạng"},
    "page_compare": {"en": "5. Compare methods", "vi": "5. So sánh phương pháp"},
    "page_sensitivity": {"en": "6. Sensitivity", "vi": "6. Độ nhạy"},
    "page_export": {"en": "7. Export", "vi": "7. Xuất kết quả"},
    "weights_intro": {
        "en": (
            "Decide how much each criterion counts. Move the sliders (one per criterion, grouped "
            "as in the criteria set), start from a preset, derive the weights from pairwise "
            "comparisons (AHP) or from the data themselves (entropy, CRITIC). Weights are always "
            "rescaled to add up to 100 %; the percentage beside each slider is the weight actually "
            "used. The ranking on the right follows every change, and the other pages use the same "
            "weights."
        ),
        "vi": (
            "Xác định mức độ quan trọng của từng tiêu chí. Kéo các thanh trượt (mỗi tiêu chí một "
            "thanh, nhóm theo bộ tiêu chí), bắt đầu từ một phương án có sẵn, tính trọng số từ so "
            "sánh cặp (AHP) hoặc từ chính dữ liệu (entropy, CRITIC). Trọng số luôn được quy đổi "
            "để tổng bằng 100 %; tỉ lệ phần trăm bên cạnh mỗi thanh trượt là trọng số thực sự được "
            "dùng. Bảng xếp hạng bên phải cập nhật theo mỗi thay đổi, và các trang khác dùng cùng "
            "bộ trọng số này."
        ),
    },
    "weights_in_use": {"en": "Weights in use: {source}.", "vi": "Trọng số đang dùng: {source}."},
    "weights_reset": {
        "en": (
            "The weights chosen before do not match the criteria of the data now loaded: the "
            "criteria set's declared weights are used instead."
        ),
        "vi": (
            "Trọng số đã chọn trước đó không khớp với các tiêu chí của dữ liệu hiện tại: hệ "
            "thống dùng trọng số khai báo trong bộ tiêu chí thay thế."
        ),
    },
    "source_criteria": {
        "en": "the criteria set's declared weights",
        "vi": "trọng số khai báo trong bộ tiêu chí",
    },
    "source_equal": {"en": "equal weights", "vi": "trọng số bằng nhau"},
    "source_direct": {"en": "weights set with the sliders", "vi": "trọng số đặt bằng thanh trượt"},
    "source_rank": {
        "en": "weights from your ordering of the criteria ({method})",
        "vi": "trọng số từ thứ tự ưu tiên các tiêu chí do bạn sắp xếp ({method})",
    },
    "source_ahp": {
        "en": "AHP weights from the loaded pairwise comparison file",
        "vi": "trọng số AHP từ tệp so sánh cặp đã nạp",
    },
    "source_ahp_grid": {
        "en": "AHP weights from your pairwise comparisons (consistency ratio {cr})",
        "vi": "trọng số AHP từ các so sánh cặp của bạn (tỉ số nhất quán {cr})",
    },
    "source_entropy": {
        "en": "objective weights: entropy",
        "vi": "trọng số khách quan: entropy",
    },
    "source_critic": {
        "en": "objective weights: CRITIC",
        "vi": "trọng số khách quan: CRITIC",
    },
    "tab_sliders": {"en": "Sliders and presets", "vi": "Thanh trượt và phương án có sẵn"},
    "tab_ahp": {"en": "Pairwise comparisons (AHP)", "vi": "So sánh cặp (AHP)"},
    "tab_objective": {"en": "Objective weights", "vi": "Trọng số khách quan"},
    "sliders_intro": {
        "en": (
            "Each slider says how important a criterion is, from 0 (ignored) to 0.5. Only the "
            "proportions matter: the percentages show the weights after rescaling."
        ),
        "vi": (
            "Mỗi thanh trượt thể hiện mức quan trọng của một tiêu chí, từ 0 (bỏ qua) đến 0,5. Chỉ "
            "tỉ lệ giữa các tiêu chí có ý nghĩa: tỉ lệ phần trăm là trọng số sau khi quy đổi."
        ),
    },
    "preset_equal": {"en": "Equal weights", "vi": "Trọng số bằng nhau"},
    "preset_equal_help": {
        "en": "Give every criterion the same weight.",
        "vi": "Gán cho mọi tiêu chí cùng một trọng số.",
    },
    "preset_defaults": {"en": "Criteria set's weights", "vi": "Trọng số của bộ tiêu chí"},
    "preset_defaults_help": {
        "en": "Go back to the weights declared in the criteria set.",
        "vi": "Quay lại trọng số đã khai báo trong bộ tiêu chí.",
    },
    "preset_rank_title": {
        "en": "Weights from an ordering of the criteria",
        "vi": "Trọng số từ thứ tự ưu tiên các tiêu chí",
    },
    "preset_rank_intro": {
        "en": (
            "If the panel can agree on which criterion matters most, second most and so on, but "
            "not on numbers, pick the criteria in that order: the rank-order centroid turns the "
            "ordering into weights."
        ),
        "vi": (
            "Nếu hội đồng thống nhất được tiêu chí nào quan trọng nhất, thứ hai, v.v. nhưng chưa "
            "thống nhất được con số, hãy chọn các tiêu chí theo đúng thứ tự đó: phương pháp trọng "
            "tâm thứ hạng (ROC) sẽ chuyển thứ tự thành trọng số."
        ),
    },
    "rank_order_label": {
        "en": "Criteria, most important first",
        "vi": "Các tiêu chí, quan trọng nhất trước",
    },
    "rank_order_help": {
        "en": "Select every criterion once, in decreasing order of importance.",
        "vi": "Chọn mỗi tiêu chí một lần, theo thứ tự mức quan trọng giảm dần.",
    },
    "rank_order_missing": {
        "en": "{n} criteria still to place.",
        "vi": "Còn {n} tiêu chí chưa được xếp.",
    },
    "rank_method_label": {"en": "Rule", "vi": "Quy tắc"},
    "rank_method_roc": {"en": "rank-order centroid (ROC)", "vi": "trọng tâm thứ hạng (ROC)"},
    "rank_method_rs": {"en": "rank sum (RS)", "vi": "tổng thứ hạng (RS)"},
    "rank_method_rr": {"en": "rank reciprocal (RR)", "vi": "nghịch đảo thứ hạng (RR)"},
    "preset_rank": {"en": "Use this ordering", "vi": "Dùng thứ tự này"},
    "ungrouped": {"en": "Other criteria", "vi": "Các tiêu chí khác"},
    "criteria_group": {"en": "Criteria group", "vi": "Nhóm tiêu chí"},
    "weight": {"en": "Weight", "vi": "Trọng số"},
    "weights_chart_title": {"en": "Weights in use", "vi": "Trọng số đang dùng"},
    "preview_title": {"en": "Live ranking", "vi": "Xếp hạng tức thời"},
    "preview_caption": {
        "en": "The first technologies with these weights, ranked by {method}.",
        "vi": "Các công nghệ đứng đầu với bộ trọng số này, xếp hạng bằng {method}.",
    },
    "objective_intro": {
        "en": (
            "Objective weights come from the decision matrix itself, not from opinions. Entropy "
            "gives more weight to criteria on which the technologies differ more. CRITIC also "
            "favours criteria that vary a lot, and gives less weight to criteria that tell the "
            "same story as others (strongly correlated)."
        ),
        "vi": (
            "Trọng số khách quan được tính từ chính ma trận quyết định, không từ ý kiến chủ quan. "
            "Phương pháp entropy gán trọng số lớn hơn cho các tiêu chí mà các công nghệ khác biệt "
            "nhiều hơn. CRITIC cũng ưu tiên các tiêu chí biến động nhiều và giảm trọng số của các "
            "tiêu chí mang cùng thông tin với tiêu chí khác (tương quan mạnh)."
        ),
    },
    "objective_label": {"en": "Method", "vi": "Phương pháp"},
    "objective_use": {"en": "Use these weights", "vi": "Dùng bộ trọng số này"},
    "ahp_intro": {
        "en": (
            "Compare the items two at a time. Move each slider towards the more important item: "
            "1 : 1 means equally important, 3 : 1 moderately, 5 : 1 strongly, 7 : 1 very strongly "
            "and 9 : 1 extremely more important (Saaty's scale). First compare the criteria "
            "groups, then the criteria within each group. The consistency ratio (CR) checks that "
            "the judgments agree with each other; above 0.10, revise them."
        ),
        "vi": (
            "So sánh lần lượt từng cặp. Kéo mỗi thanh trượt về phía mục quan trọng hơn: 1 : 1 là "
            "quan trọng như nhau, 3 : 1 là quan trọng hơn vừa phải, 5 : 1 là quan trọng hơn nhiều, "
            "7 : 1 là quan trọng hơn rất nhiều và 9 : 1 là quan trọng hơn tuyệt đối (thang Saaty). "
            "Trước hết so sánh các nhóm tiêu chí, sau đó so sánh các tiêu chí trong từng nhóm. Tỉ "
            "số nhất quán (CR) kiểm tra các nhận định có phù hợp với nhau không; nếu lớn hơn 0,10 "
            "hãy xem lại."
        ),
    },
    "ahp_top_level": {"en": "Criteria groups", "vi": "Các nhóm tiêu chí"},
    "ahp_pair_label": {"en": "{a} compared with {b}", "vi": "{a} so với {b}"},
    "ahp_scale_help": {
        "en": (
            "Left of 1 : 1, the item on the left is more important; right of it, the item on "
            "the right. 3 = moderately, 5 = strongly, 7 = very strongly, 9 = extremely."
        ),
        "vi": (
            "Phía trái 1 : 1 là mục bên trái quan trọng hơn; phía phải là mục bên phải quan trọng "
            "hơn. 3 = vừa phải, 5 = nhiều, 7 = rất nhiều, 9 = tuyệt đối."
        ),
    },
    "ahp_consistent": {
        "en": "Consistency ratio CR = {cr}: the judgments are consistent.",
        "vi": "Tỉ số nhất quán CR = {cr}: các nhận định nhất quán.",
    },
    "ahp_inconsistent": {
        "en": (
            "Consistency ratio CR = {cr} is above {limit}: some judgments contradict each other. "
            "Please revise them."
        ),
        "vi": (
            "Tỉ số nhất quán CR = {cr} lớn hơn {limit}: một số nhận định mâu thuẫn với nhau. "
            "Vui lòng xem lại."
        ),
    },
    "ahp_result": {"en": "Resulting criteria weights", "vi": "Trọng số tiêu chí thu được"},
    "ahp_use": {"en": "Use the AHP weights", "vi": "Dùng trọng số AHP"},
    "ahp_use_help": {
        "en": "Replace the weights in use by the weights of these pairwise comparisons.",
        "vi": "Thay trọng số đang dùng bằng trọng số từ các so sánh cặp này.",
    },
    "input_problem": {
        "en": "{n} problem(s) in the input stop this step. Fix them and load the data again:",
        "vi": "Có {n} lỗi trong dữ liệu đầu vào khiến bước này không thực hiện được. Hãy sửa và "
        "nạp lại dữ liệu:",
    },
    "method_problem": {
        "en": "This cannot be computed with the current settings: {message}",
        "vi": "Không thể tính với thiết lập hiện tại: {message}",
    },
    "ranking_intro": {
        "en": (
            "Choose a ranking method: each one combines the weighted criteria in its own way, "
            "described below the chooser. The table ranks every technology (1 = best; tied "
            "technologies share a rank and are marked). Set how many technologies go on the "
            "shortlist, see which criteria make up each score, and ask why one technology is "
            "ranked above another and what weight change would swap them."
        ),
        "vi": (
            "Chọn phương pháp xếp hạng: mỗi phương pháp kết hợp các tiêu chí có trọng số theo "
            "cách riêng, được mô tả ngay dưới ô chọn. Bảng xếp hạng mọi công nghệ (1 = tốt nhất; "
            "các công nghệ đồng hạng có cùng thứ hạng và được đánh dấu). Hãy đặt số công nghệ vào "
            "danh sách rút gọn, xem các tiêu chí đóng góp vào từng điểm số ra sao, và tìm hiểu vì "
            "sao một công nghệ xếp trên công nghệ khác cũng như cần thay đổi trọng số bao nhiêu "
            "để đảo thứ tự của chúng."
        ),
    },
    "method_label": {"en": "Ranking method", "vi": "Phương pháp xếp hạng"},
    "method_help": {
        "en": "The weighted sum is the simplest to explain; compare methods on page 5.",
        "vi": "Tổng có trọng số là phương pháp dễ giải thích nhất; so sánh các phương pháp ở "
        "trang 5.",
    },
    "method_reading": {
        "en": "Score: {score}. Source: {citation}",
        "vi": "Điểm số: {score}. Nguồn: {citation}",
    },
    "method_in_use": {"en": "Method: {method}.", "vi": "Phương pháp: {method}."},
    "method_params": {"en": "Method parameters", "vi": "Tham số của phương pháp"},
    "param_v": {"en": "v (weight of group utility)", "vi": "v (trọng số của lợi ích nhóm)"},
    "param_v_help": {
        "en": (
            "VIKOR's balance between the total shortfall (S) and the largest single shortfall "
            "(R): 0.5 weighs them equally; 1 looks only at the total."
        ),
        "vi": (
            "Cân bằng của VIKOR giữa tổng mức thiếu hụt (S) và mức thiếu hụt lớn nhất (R): 0,5 "
            "coi trọng như nhau; 1 chỉ xét tổng."
        ),
    },
    "param_lambda_value": {"en": "λ (lambda)", "vi": "λ (lambda)"},
    "param_lambda_value_help": {
        "en": "Share of the weighted sum in the combination (the rest: the weighted product).",
        "vi": "Tỉ trọng của tổng có trọng số trong phép kết hợp (phần còn lại: tích có trọng số).",
    },
    "param_tau": {"en": "τ (tie threshold)", "vi": "τ (ngưỡng coi như bằng nhau)"},
    "param_tau_help": {
        "en": "Distances closer than this are compared on the second distance (CODAS).",
        "vi": "Các khoảng cách chênh nhau ít hơn ngưỡng này được so sánh bằng khoảng cách thứ "
        "hai (CODAS).",
    },
    "param_p0": {"en": "p0 (strong concordance)", "vi": "p0 (đồng thuận mạnh)"},
    "param_p1": {"en": "p1 (average concordance)", "vi": "p1 (đồng thuận trung bình)"},
    "param_p2": {"en": "p2 (weak concordance)", "vi": "p2 (đồng thuận yếu)"},
    "param_q0": {"en": "q0 (strong discordance)", "vi": "q0 (bất đồng mạnh)"},
    "param_q1": {"en": "q1 (weak discordance)", "vi": "q1 (bất đồng yếu)"},
    "param_p0_help": {
        "en": "ELECTRE II concordance threshold of the strong relation.",
        "vi": "Ngưỡng đồng thuận của quan hệ mạnh trong ELECTRE II.",
    },
    "param_p1_help": {
        "en": "ELECTRE II concordance threshold (average).",
        "vi": "Ngưỡng đồng thuận (trung bình) trong ELECTRE II.",
    },
    "param_p2_help": {
        "en": "ELECTRE II concordance threshold of the weak relation.",
        "vi": "Ngưỡng đồng thuận của quan hệ yếu trong ELECTRE II.",
    },
    "param_q0_help": {
        "en": "ELECTRE II discordance threshold of the strong relation.",
        "vi": "Ngưỡng bất đồng của quan hệ mạnh trong ELECTRE II.",
    },
    "param_q1_help": {
        "en": "ELECTRE II discordance threshold of the weak relation.",
        "vi": "Ngưỡng bất đồng của quan hệ yếu trong ELECTRE II.",
    },
    "param_function": {
        "en": "Preference function (every criterion)",
        "vi": "Hàm ưu tiên (áp dụng cho mọi tiêu chí)",
    },
    "param_function_help": {
        "en": (
            "How a difference in scores turns into a preference. 'Usual': any advantage is full "
            "preference; the others need thresholds in score points."
        ),
        "vi": (
            "Cách một chênh lệch điểm được chuyển thành mức ưu tiên. 'Thông thường': mọi lợi thế "
            "đều là ưu tiên hoàn toàn; các hàm khác cần ngưỡng tính bằng điểm."
        ),
    },
    "pref_usual": {"en": "usual (type I)", "vi": "thông thường (loại I)"},
    "pref_ushape": {"en": "U-shape (type II)", "vi": "hình chữ U (loại II)"},
    "pref_vshape": {"en": "V-shape (type III)", "vi": "hình chữ V (loại III)"},
    "pref_level": {"en": "level (type IV)", "vi": "bậc thang (loại IV)"},
    "pref_linear": {"en": "linear (type V)", "vi": "tuyến tính (loại V)"},
    "pref_gaussian": {"en": "Gaussian (type VI)", "vi": "Gauss (loại VI)"},
    "param_q": {"en": "q (indifference threshold)", "vi": "q (ngưỡng không phân biệt)"},
    "param_p": {"en": "p (preference threshold)", "vi": "p (ngưỡng ưu tiên)"},
    "param_s": {"en": "s (Gaussian spread)", "vi": "s (độ rộng hàm Gauss)"},
    "param_q_help": {
        "en": "Differences up to q points count as no preference.",
        "vi": "Chênh lệch không quá q điểm được coi là không có ưu tiên.",
    },
    "param_p_help": {
        "en": "Differences of p points or more count as full preference.",
        "vi": "Chênh lệch từ p điểm trở lên được coi là ưu tiên hoàn toàn.",
    },
    "param_s_help": {
        "en": "The difference (in points) at which preference is about 0.39.",
        "vi": "Mức chênh lệch (tính bằng điểm) tại đó mức ưu tiên khoảng 0,39.",
    },
    "top_k_label": {"en": "Shortlist size (top k)", "vi": "Số công nghệ rút gọn (top k)"},
    "top_k_help": {
        "en": "How many technologies go on the shortlist; ties at the last place are all kept.",
        "vi": "Số công nghệ đưa vào danh sách rút gọn; các công nghệ đồng hạng ở vị trí cuối "
        "đều được giữ.",
    },
    "ranked_title": {"en": "Ranked technologies", "vi": "Bảng xếp hạng công nghệ"},
    "col_rank": {"en": "Rank", "vi": "Hạng"},
    "col_group": {"en": "Group", "vi": "Nhóm"},
    "col_score": {"en": "Score", "vi": "Điểm"},
    "col_tie": {"en": "Tie", "vi": "Đồng hạng"},
    "col_shortlist": {"en": "Shortlist", "vi": "Rút gọn"},
    "tied": {"en": "= tied", "vi": "= đồng hạng"},
    "yes": {"en": "yes", "vi": "có"},
    "no": {"en": "no", "vi": "không"},
    "shortlist_text": {
        "en": "Shortlist (top {k}): {names}",
        "vi": "Danh sách rút gọn (top {k}): {names}",
    },
    "shortlist_ties": {
        "en": "{n} technologies share the top {k} places because of ties.",
        "vi": "{n} công nghệ cùng nằm trong {k} vị trí đầu do đồng hạng.",
    },
    "vikor_compromise": {
        "en": (
            "VIKOR compromise set: {members}. Acceptable advantage: {advantage}; acceptable "
            "stability: {stability}."
        ),
        "vi": (
            "Tập thỏa hiệp VIKOR: {members}. Điều kiện lợi thế chấp nhận được: {advantage}; điều "
            "kiện ổn định chấp nhận được: {stability}."
        ),
    },
    "contrib_title": {
        "en": "What each score is made of",
        "vi": "Thành phần của từng điểm số",
    },
    "contrib_none": {
        "en": (
            "The score of {method} does not split into parts per criterion. Use the comparison "
            "of two technologies below, or choose the weighted sum, TOPSIS or PROMETHEE II."
        ),
        "vi": (
            "Điểm của {method} không tách được thành phần theo từng tiêu chí. Hãy dùng phần so "
            "sánh hai công nghệ bên dưới, hoặc chọn tổng có trọng số, TOPSIS hay PROMETHEE II."
        ),
    },
    "contrib_first_rows": {
        "en": "The first {n} technologies are shown.",
        "vi": "Hiển thị {n} công nghệ đứng đầu.",
    },
    "contrib_axis_points": {"en": "Points (0-100)", "vi": "Điểm (0-100)"},
    "contrib_axis_distance_share": {
        "en": "Share of the distance to the ideal",
        "vi": "Tỉ trọng trong khoảng cách tới phương án lý tưởng",
    },
    "contrib_axis_net_flow": {"en": "Net flow", "vi": "Dòng trội thuần"},
    "why_title": {
        "en": "Why is one technology above another?",
        "vi": "Vì sao công nghệ này xếp trên công nghệ kia?",
    },
    "why_intro": {
        "en": (
            "Pick two technologies to see, criterion by criterion, where each one is stronger, "
            "and how far a single criterion's weight would have to move (the others keeping their "
            "proportions) for their order to swap."
        ),
        "vi": (
            "Chọn hai công nghệ để xem, theo từng tiêu chí, công nghệ nào mạnh hơn ở đâu, và "
            "trọng số của một tiêu chí phải thay đổi bao nhiêu (các tiêu chí khác giữ nguyên tỉ "
            "lệ) thì thứ tự của chúng mới đảo ngược."
        ),
    },
    "why_a": {"en": "Technology A", "vi": "Công nghệ A"},
    "why_b": {"en": "Technology B", "vi": "Công nghệ B"},
    "why_same": {
        "en": "Choose two different technologies.",
        "vi": "Hãy chọn hai công nghệ khác nhau.",
    },
    "why_tied": {
        "en": "{a} and {b} are tied with these weights.",
        "vi": "{a} và {b} đồng hạng với bộ trọng số này.",
    },
    "why_ahead": {
        "en": (
            "**{leader}** (rank {rank_leader}, score {score_leader}) is ahead of **{other}** "
            "(rank {rank_other}, score {score_other})."
        ),
        "vi": (
            "**{leader}** (hạng {rank_leader}, điểm {score_leader}) xếp trên **{other}** (hạng "
            "{rank_other}, điểm {score_other})."
        ),
    },
    "why_strengths": {
        "en": "{leader} does better on: {criteria}.",
        "vi": "{leader} tốt hơn ở: {criteria}.",
    },
    "why_swap": {
        "en": (
            "Smallest change that swaps them: {other} would overtake {leader} if the weight of "
            "“{criterion}” moved from {weight} past {swap}, the other weights keeping their "
            "proportions."
        ),
        "vi": (
            "Thay đổi nhỏ nhất làm đảo thứ tự: {other} sẽ vượt {leader} nếu trọng số của "
            "“{criterion}” thay đổi từ {weight} và vượt qua mức {swap}, các trọng số khác giữ "
            "nguyên tỉ lệ."
        ),
    },
    "why_no_swap": {
        "en": (
            "No change of a single criterion's weight puts {other} ahead of {leader}: the order "
            "is robust to one-at-a-time weight changes."
        ),
        "vi": (
            "Không có thay đổi trọng số của riêng một tiêu chí nào đưa {other} lên trên "
            "{leader}: thứ tự này vững trước việc thay đổi từng trọng số một."
        ),
    },
    "why_swap_methods": {
        "en": "The weights that swap two technologies are computed for {methods}.",
        "vi": "Trọng số làm đảo thứ tự hai công nghệ được tính cho {methods}.",
    },
    "why_better": {"en": "Better", "vi": "Tốt hơn"},
    "why_gap": {"en": "Weighted gap (A − B)", "vi": "Chênh lệch có trọng số (A − B)"},
    "why_weight_now": {"en": "Current weight", "vi": "Trọng số hiện tại"},
    "why_swap_weight": {"en": "Weight that swaps them", "vi": "Trọng số làm đảo thứ tự"},
    "why_change": {
        "en": "Change (percentage points)",
        "vi": "Thay đổi (điểm phần trăm)",
    },
    "compare_intro": {
        "en": (
            "Different methods can rank the same technologies differently. Choose the methods to "
            "compare (with the weights in use): their ranks side by side, how much each pair of "
            "methods agrees (Kendall's tau), and two consensus rankings that combine them. A "
            "technology near the top under every method is a safe choice."
        ),
        "vi": (
            "Các phương pháp khác nhau có thể xếp hạng cùng các công nghệ khác nhau. Chọn các "
            "phương pháp cần so sánh (với bộ trọng số đang dùng): thứ hạng đặt cạnh nhau, mức "
            "đồng thuận giữa từng cặp phương pháp (hệ số tau của Kendall) và hai cách xếp hạng "
            "đồng thuận kết hợp chúng. Công nghệ đứng đầu ở mọi phương pháp là lựa chọn chắc chắn."
        ),
    },
    "compare_methods": {"en": "Methods to compare", "vi": "Các phương pháp cần so sánh"},
    "compare_methods_help": {
        "en": "Each method uses the weights in use and its default parameters.",
        "vi": "Mỗi phương pháp dùng bộ trọng số đang dùng và tham số mặc định của nó.",
    },
    "compare_need_two": {
        "en": "Choose at least two methods that can rank these data.",
        "vi": "Hãy chọn ít nhất hai phương pháp có thể xếp hạng dữ liệu này.",
    },
    "compare_failed": {
        "en": "{method} could not rank these data and is left out: {reason}",
        "vi": "{method} không xếp hạng được dữ liệu này nên bị loại: {reason}",
    },
    "compare_agreement": {
        "en": "Mean agreement between methods (Kendall's tau)",
        "vi": "Mức đồng thuận trung bình giữa các phương pháp (tau của Kendall)",
    },
    "compare_agreement_help": {
        "en": "1 = every method ranks alike; 0 = no relation; -1 = opposite orders.",
        "vi": "1 = mọi phương pháp xếp hạng giống nhau; 0 = không liên quan; -1 = thứ tự ngược "
        "nhau.",
    },
    "compare_ranks_title": {"en": "Ranks side by side", "vi": "Thứ hạng đặt cạnh nhau"},
    "compare_tau_title": {
        "en": "Agreement between methods (Kendall's tau-b)",
        "vi": "Mức đồng thuận giữa các phương pháp (tau-b của Kendall)",
    },
    "compare_tau_help": {
        "en": "Each cell compares the rankings of two methods; ties are corrected for.",
        "vi": "Mỗi ô so sánh thứ hạng của hai phương pháp; có hiệu chỉnh cho đồng hạng.",
    },
    "compare_consensus_title": {"en": "Consensus rankings", "vi": "Xếp hạng đồng thuận"},
    "compare_consensus_help": {
        "en": (
            "Borda: each method gives a technology as many points as technologies it beats; the "
            "points are added up. Copeland: every pair of technologies is decided by a majority "
            "of the methods; a technology scores its wins minus its losses."
        ),
        "vi": (
            "Borda: mỗi phương pháp cho một công nghệ số điểm bằng số công nghệ mà nó xếp trên; "
            "cộng điểm của mọi phương pháp. Copeland: mỗi cặp công nghệ được quyết định theo đa "
            "số các phương pháp; điểm của một công nghệ là số trận thắng trừ số trận thua."
        ),
    },
    "consensus_borda": {"en": "Borda consensus", "vi": "Đồng thuận Borda"},
    "consensus_copeland": {"en": "Copeland consensus", "vi": "Đồng thuận Copeland"},
    "sensitivity_intro": {
        "en": (
            "How robust is the ranking? The stability intervals say how far each weight can "
            "move before the leader or the shortlist changes. The sweep shows every rank as one "
            "weight goes from 0 to 100 %. The Monte Carlo run draws thousands of plausible "
            "weightings (and, if you wish, resamples the experts) and counts how often each "
            "technology gets each rank."
        ),
        "vi": (
            "Kết quả xếp hạng vững đến mức nào? Khoảng ổn định cho biết mỗi trọng số có thể thay "
            "đổi bao xa trước khi công nghệ dẫn đầu hoặc danh sách rút gọn thay đổi. Biểu đồ quét "
            "cho thấy thứ hạng của mọi công nghệ khi một trọng số chạy từ 0 đến 100 %. Mô phỏng "
            "Monte Carlo rút hàng nghìn bộ trọng số hợp lý (và, nếu muốn, lấy mẫu lại các chuyên "
            "gia) rồi đếm tần suất mỗi công nghệ đạt từng thứ hạng."
        ),
    },
    "stab_title": {"en": "Stability intervals", "vi": "Khoảng ổn định"},
    "stab_intro": {
        "en": (
            "For each criterion, the range of its weight (the others keeping their proportions) "
            "within which the first place, and the top {k}, stay the same."
        ),
        "vi": (
            "Với mỗi tiêu chí, khoảng giá trị trọng số của nó (các tiêu chí khác giữ nguyên tỉ lệ) "
            "mà trong đó vị trí dẫn đầu và nhóm top {k} không đổi."
        ),
    },
    "stab_now": {
        "en": "First place now: {first}. Shortlist size k = {k}.",
        "vi": "Dẫn đầu hiện nay: {first}. Số công nghệ rút gọn k = {k}.",
    },
    "stab_first": {"en": "First place unchanged for", "vi": "Vị trí dẫn đầu không đổi khi"},
    "stab_top": {"en": "Top k unchanged for", "vi": "Nhóm top k không đổi khi"},
    "stab_grid_note": {
        "en": (
            "For this method the ends are found by search on a fine grid; a change and a change "
            "back between two grid points could be missed."
        ),
        "vi": (
            "Với phương pháp này, các đầu mút được tìm bằng cách dò trên lưới mịn; một thay đổi "
            "rồi trở lại giữa hai điểm lưới có thể bị bỏ sót."
        ),
    },
    "sweep_title": {"en": "Weight sweep", "vi": "Quét trọng số"},
    "sweep_intro": {
        "en": (
            "Choose a criterion: its weight runs from 0 to 100 % while the other weights keep "
            "their proportions. Where lines cross, two technologies swap places."
        ),
        "vi": (
            "Chọn một tiêu chí: trọng số của nó chạy từ 0 đến 100 % trong khi các trọng số khác "
            "giữ nguyên tỉ lệ. Tại chỗ các đường cắt nhau, hai công nghệ đổi chỗ cho nhau."
        ),
    },
    "sweep_criterion": {"en": "Criterion to sweep", "vi": "Tiêu chí cần quét"},
    "sweep_axis": {"en": "Weight of “{criterion}”", "vi": "Trọng số của “{criterion}”"},
    "sweep_caption": {
        "en": (
            "Technologies reaching the top {top} somewhere are drawn. The dashed line is the "
            "current weight ({weight})."
        ),
        "vi": (
            "Chỉ vẽ các công nghệ có lúc lọt vào top {top}. Đường nét đứt là trọng số hiện tại "
            "({weight})."
        ),
    },
    "mc_title": {"en": "Monte Carlo simulation", "vi": "Mô phỏng Monte Carlo"},
    "mc_intro": {
        "en": (
            "Choose how uncertain the weights are and press Run. The same seed always gives the "
            "same result."
        ),
        "vi": (
            "Chọn mức độ bất định của trọng số rồi bấm Chạy. Cùng một hạt giống ngẫu nhiên luôn "
            "cho cùng một kết quả."
        ),
    },
    "mc_model": {"en": "Weight uncertainty", "vi": "Mức bất định của trọng số"},
    "mc_model_help": {
        "en": (
            "Around the current weights: draws close to the weights in use. Within ± a margin: "
            "each weight varies within a band. Any weights: no preference at all (classic SMAA). "
            "The current weights: only the panel is resampled."
        ),
        "vi": (
            "Quanh trọng số hiện tại: các lần rút gần với trọng số đang dùng. Trong biên độ ±: "
            "mỗi trọng số dao động trong một khoảng. Bất kỳ: hoàn toàn không có ưu tiên (SMAA cổ "
            "điển). Giữ trọng số hiện tại: chỉ lấy mẫu lại hội đồng."
        ),
    },
    "mc_model_dirichlet": {
        "en": "around the current weights",
        "vi": "quanh trọng số hiện tại",
    },
    "mc_model_interval": {"en": "within ± a margin", "vi": "trong biên độ ±"},
    "mc_model_uniform": {"en": "any weights", "vi": "bất kỳ"},
    "mc_model_fixed": {
        "en": "the current weights (only the experts vary)",
        "vi": "giữ trọng số hiện tại (chỉ thay đổi chuyên gia)",
    },
    "mc_concentration": {"en": "Concentration", "vi": "Độ tập trung"},
    "mc_concentration_help": {
        "en": "Higher values keep the draws closer to the current weights (100 is fairly close).",
        "vi": "Giá trị càng lớn thì các lần rút càng gần trọng số hiện tại (100 là khá gần).",
    },
    "mc_spread": {
        "en": "Margin (± share of each weight)",
        "vi": "Biên độ (± tỉ lệ của mỗi trọng số)",
    },
    "mc_spread_help": {
        "en": "0.2 lets each weight vary by plus or minus 20 % of its value.",
        "vi": "0,2 cho phép mỗi trọng số dao động cộng trừ 20 % giá trị của nó.",
    },
    "mc_draws": {"en": "Number of draws", "vi": "Số lần rút"},
    "mc_draws_help": {
        "en": "More draws give steadier percentages and take longer.",
        "vi": "Càng nhiều lần rút thì tỉ lệ càng ổn định nhưng chạy lâu hơn.",
    },
    "mc_seed": {"en": "Random seed", "vi": "Hạt giống ngẫu nhiên"},
    "mc_seed_help": {
        "en": "Recorded in the settings and the report, so the run can be reproduced.",
        "vi": "Được ghi trong tệp thiết lập và báo cáo để có thể chạy lại đúng như vậy.",
    },
    "mc_bootstrap": {
        "en": "Also resample the experts (bootstrap)",
        "vi": "Lấy mẫu lại các chuyên gia (bootstrap)",
    },
    "mc_bootstrap_help": {
        "en": (
            "Each draw also uses a panel drawn with replacement from the experts, to show how "
            "much the ranking depends on who sat on the panel. Slower."
        ),
        "vi": (
            "Mỗi lần rút còn dùng một hội đồng được lấy mẫu có hoàn lại từ các chuyên gia, để "
            "thấy xếp hạng phụ thuộc bao nhiêu vào thành phần hội đồng. Chạy chậm hơn."
        ),
    },
    "mc_run": {"en": "Run the simulation", "vi": "Chạy mô phỏng"},
    "computing": {
        "en": "Computing… (for a large panel this can take a while)",
        "vi": "Đang tính… (với hội đồng lớn có thể mất một lúc)",
    },
    "mc_plan": {
        "en": "Planned run: {draws} draws, seed {seed}, weights: {model}.",
        "vi": "Lần chạy dự kiến: {draws} lần rút, hạt giống {seed}, trọng số: {model}.",
    },
    "mc_progress": {"en": "Simulating…", "vi": "Đang mô phỏng…"},
    "mc_stale": {
        "en": "The settings have changed since the last run: press Run again to update.",
        "vi": "Thiết lập đã thay đổi kể từ lần chạy trước: bấm Chạy lại để cập nhật.",
    },
    "mc_done": {
        "en": "{draws} draws ranked (seed {seed}; {tied} draws had a tie).",
        "vi": "Đã xếp hạng {draws} lần rút (hạt giống {seed}; {tied} lần có đồng hạng).",
    },
    "mc_acceptability": {
        "en": "Rank acceptability: how often each technology gets each rank",
        "vi": "Khả năng chấp nhận thứ hạng: tần suất mỗi công nghệ đạt từng thứ hạng",
    },
    "mc_acceptability_help": {
        "en": "Each row adds up to 100 %. A dark cell far to the left means a safe top place.",
        "vi": "Tổng mỗi dòng bằng 100 %. Ô đậm ở phía trái nghĩa là vị trí dẫn đầu chắc chắn.",
    },
    "mc_topk": {
        "en": "Probability of being in the top {k}",
        "vi": "Xác suất nằm trong top {k}",
    },
    "mc_probability": {"en": "Probability", "vi": "Xác suất"},
    "mc_p_first": {"en": "P(first)", "vi": "P(dẫn đầu)"},
    "mc_p_top": {"en": "P(top {k})", "vi": "P(top {k})"},
    "mc_mean_rank": {"en": "Mean rank", "vi": "Thứ hạng trung bình"},
    "mc_rank_range": {"en": "Ranks (5-95 %)", "vi": "Thứ hạng (5-95 %)"},
    "export_intro": {
        "en": (
            "Take the result away. The Excel report holds the shortlist, the full ranking, the "
            "contributions, the weights, the panel's agreement and an audit trail. The settings "
            "file records every choice made in this session together with the fingerprints "
            "(SHA-256) of the input files: loading it again, here or with the command line "
            "(r57-mcda run), reproduces exactly the same ranking."
        ),
        "vi": (
            "Lưu kết quả. Báo cáo Excel gồm danh sách rút gọn, bảng xếp hạng đầy đủ, phần đóng "
            "góp theo tiêu chí, trọng số, mức đồng thuận của hội đồng và nhật ký kiểm tra. Tệp "
            "thiết lập ghi lại mọi lựa chọn trong phiên làm việc này cùng dấu vân tay (SHA-256) "
            "của các tệp đầu vào: nạp lại tệp này, tại đây hoặc bằng dòng lệnh (r57-mcda run), sẽ "
            "cho đúng cùng một kết quả xếp hạng."
        ),
    },
    "report_title": {"en": "Excel report", "vi": "Báo cáo Excel"},
    "report_intro": {
        "en": "The report is written in the language chosen in the sidebar.",
        "vi": "Báo cáo được viết bằng ngôn ngữ đang chọn ở thanh bên.",
    },
    "report_sensitivity": {
        "en": "Include the sensitivity results",
        "vi": "Kèm kết quả phân tích độ nhạy",
    },
    "report_sensitivity_help": {
        "en": "Stability intervals, and the last Monte Carlo run if it matches the choices.",
        "vi": "Khoảng ổn định, và lần chạy Monte Carlo gần nhất nếu khớp với lựa chọn hiện tại.",
    },
    "report_no_mc": {
        "en": "No Monte Carlo run matches the current choices: run one on page 6 to include it.",
        "vi": "Chưa có lần chạy Monte Carlo nào khớp với lựa chọn hiện tại: hãy chạy ở trang 6 "
        "để đưa vào báo cáo.",
    },
    "report_download": {"en": "Download the Excel report", "vi": "Tải báo cáo Excel"},
    "settings_title": {"en": "Analysis settings", "vi": "Thiết lập phân tích"},
    "settings_intro": {
        "en": (
            "Save the settings to archive the analysis or to share it with a colleague who has "
            "the same input files."
        ),
        "vi": (
            "Lưu thiết lập để lưu trữ phân tích hoặc chia sẻ với đồng nghiệp có cùng các tệp đầu "
            "vào."
        ),
    },
    "settings_download_toml": {
        "en": "Download settings (TOML)",
        "vi": "Tải thiết lập (TOML)",
    },
    "settings_download_json": {
        "en": "Download settings (JSON)",
        "vi": "Tải thiết lập (JSON)",
    },
    "settings_show": {"en": "Show the settings file", "vi": "Xem nội dung tệp thiết lập"},
    "settings_load_title": {"en": "Load saved settings", "vi": "Nạp thiết lập đã lưu"},
    "settings_load_intro": {
        "en": (
            "Upload a settings file saved earlier: every choice (weights, method and its "
            "parameters, aggregation, shortlist size, seed) is restored. The file must belong to "
            "the data loaded now; if it does not, nothing changes."
        ),
        "vi": (
            "Tải lên tệp thiết lập đã lưu: mọi lựa chọn (trọng số, phương pháp và tham số, cách "
            "tổng hợp, số công nghệ rút gọn, hạt giống ngẫu nhiên) sẽ được khôi phục. Tệp phải "
            "thuộc về dữ liệu đang nạp; nếu không, sẽ không có gì thay đổi."
        ),
    },
    "settings_upload": {
        "en": "Settings file (TOML or JSON)",
        "vi": "Tệp thiết lập (TOML hoặc JSON)",
    },
    "settings_apply": {"en": "Apply the settings", "vi": "Áp dụng thiết lập"},
    "settings_applied": {
        "en": "Settings from {name} applied: every page now uses them.",
        "vi": "Đã áp dụng thiết lập từ {name}: mọi trang đều dùng thiết lập này.",
    },
    "settings_none": {
        "en": "Upload a settings file first.",
        "vi": "Hãy tải lên một tệp thiết lập trước.",
    },
    "settings_not_text": {
        "en": "The file is not a settings file (it is not UTF-8 text). Nothing was changed.",
        "vi": "Tệp này không phải tệp thiết lập (không phải văn bản UTF-8). Không có gì thay đổi.",
    },
    "settings_unreadable": {
        "en": "The settings file could not be read. Nothing was changed.",
        "vi": "Không đọc được tệp thiết lập. Không có gì thay đổi.",
    },
    "settings_invalid": {
        "en": "The settings cannot be applied to the data loaded now. Nothing was changed.",
        "vi": "Không thể áp dụng thiết lập cho dữ liệu đang nạp. Không có gì thay đổi.",
    },
    "settings_mismatch": {
        "en": (
            "These settings were saved for other input files, so they would not reproduce the "
            "analysis. Nothing was changed. Load the files listed below on page 1 first:"
        ),
        "vi": (
            "Thiết lập này được lưu cho các tệp đầu vào khác nên sẽ không tái tạo được phân "
            "tích. Không có gì thay đổi. Hãy nạp các tệp liệt kê dưới đây ở trang 1 trước:"
        ),
    },
    "mismatch_changed": {
        "en": (
            "{name} ({role}): the file loaded now has other contents (SHA-256 {actual}… instead "
            "of {expected}…)"
        ),
        "vi": (
            "{name} ({role}): tệp đang nạp có nội dung khác (SHA-256 {actual}… thay vì {expected}…)"
        ),
    },
    "mismatch_missing": {
        "en": "{name} ({role}, SHA-256 {expected}…): not loaded now",
        "vi": "{name} ({role}, SHA-256 {expected}…): hiện chưa được nạp",
    },
    "mismatch_extra": {
        "en": "{name} ({role}, SHA-256 {actual}…): loaded now but not in the settings",
        "vi": "{name} ({role}, SHA-256 {actual}…): đang nạp nhưng không có trong thiết lập",
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
