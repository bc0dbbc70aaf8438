"""English and Vietnamese text of the Excel report (merged into ``i18n.TEXT``)."""

from __future__ import annotations

REPORT_TEXT: dict[str, dict[str, str]] = {
    # Shared words and column headers.
    "rpt_yes": {"en": "yes", "vi": "có"},
    "rpt_no": {"en": "no", "vi": "không"},
    "rpt_none": {"en": "none", "vi": "không có"},
    "rpt_col_rank": {"en": "Rank", "vi": "Hạng"},
    "rpt_col_id": {"en": "Id", "vi": "Mã"},
    "rpt_col_group": {"en": "Group", "vi": "Nhóm"},
    "rpt_col_score": {"en": "Score", "vi": "Điểm"},
    "rpt_col_tied": {"en": "Tied", "vi": "Đồng hạng"},
    "rpt_col_weight": {"en": "Weight", "vi": "Trọng số"},
    "rpt_col_direction": {"en": "Direction", "vi": "Chiều"},
    "rpt_col_key": {"en": "Item", "vi": "Mục"},
    "rpt_col_value": {"en": "Value", "vi": "Giá trị"},
    "rpt_dir_benefit": {"en": "benefit (higher is better)", "vi": "lợi ích (càng cao càng tốt)"},
    "rpt_dir_cost": {"en": "cost (lower is better)", "vi": "chi phí (càng thấp càng tốt)"},
    "rpt_higher_better": {"en": "higher is better", "vi": "càng cao càng tốt"},
    "rpt_lower_better": {"en": "lower is better", "vi": "càng thấp càng tốt"},
    # Summary.
    "rpt_title": {
        "en": "Strategic technology shortlist",
        "vi": "Danh sách công nghệ chiến lược được đề xuất",
    },
    "rpt_subtitle": {
        "en": "Multi-criteria analysis for the expert panel (Resolution 57-NQ/TW)",
        "vi": "Phân tích đa tiêu chí cho hội đồng chuyên gia (Nghị quyết 57-NQ/TW)",
    },
    "rpt_generated": {"en": "Date (UTC)", "vi": "Ngày lập (UTC)"},
    "rpt_criteria_set": {"en": "Criteria set", "vi": "Bộ tiêu chí"},
    "rpt_method": {"en": "Ranking method", "vi": "Phương pháp xếp hạng"},
    "rpt_score": {"en": "Score (how to read it)", "vi": "Điểm (cách đọc)"},
    "rpt_weights": {"en": "Criteria weights", "vi": "Trọng số tiêu chí"},
    "rpt_ws_criteria": {
        "en": "declared in the criteria set",
        "vi": "theo khai báo của bộ tiêu chí",
    },
    "rpt_ws_equal": {"en": "equal weights", "vi": "trọng số bằng nhau"},
    "rpt_ws_direct": {"en": "set directly", "vi": "nhập trực tiếp"},
    "rpt_ws_rank": {
        "en": "from an importance ranking of the criteria",
        "vi": "từ thứ tự quan trọng của các tiêu chí",
    },
    "rpt_ws_ahp": {"en": "AHP pairwise comparisons", "vi": "so sánh cặp AHP"},
    "rpt_ws_entropy": {"en": "objective: entropy", "vi": "khách quan: entropy"},
    "rpt_ws_critic": {"en": "objective: CRITIC", "vi": "khách quan: CRITIC"},
    "rpt_agg_trimmed": {
        "en": "Trimmed mean ({percent} % cut at each end)",
        "vi": "Trung bình cắt bỏ ({percent} % mỗi đầu)",
    },
    "rpt_balanced": {
        "en": "{aggregation}; stakeholder groups balanced",
        "vi": "{aggregation}; cân bằng các nhóm bên liên quan",
    },
    "rpt_matrix_given": {
        "en": "none: an aggregated decision matrix was given",
        "vi": "không có: sử dụng ma trận quyết định đã tổng hợp",
    },
    "rpt_panel_size": {"en": "Panel size (experts)", "vi": "Số chuyên gia trong hội đồng"},
    "rpt_technologies": {"en": "Technologies ranked", "vi": "Số công nghệ được xếp hạng"},
    "rpt_criteria_count": {"en": "Criteria", "vi": "Số tiêu chí"},
    "rpt_shortlist": {
        "en": "Shortlist: the top {k}",
        "vi": "Danh sách đề xuất: {k} công nghệ đứng đầu",
    },
    "rpt_col_p_top_k": {"en": "P(top {k})", "vi": "Xác suất vào top {k}"},
    "rpt_col_methods_top_k": {
        "en": "Methods placing it in the top {k}",
        "vi": "Số phương pháp xếp vào top {k}",
    },
    "rpt_of": {"en": "{count} of {total}", "vi": "{count}/{total}"},
    "rpt_robustness": {"en": "Key robustness figures", "vi": "Các chỉ số chính về độ vững"},
    "rpt_mean_w": {
        "en": "Mean Kendall's W over the criteria",
        "vi": "Hệ số Kendall W trung bình theo tiêu chí",
    },
    "rpt_mean_tau": {
        "en": "Mean Kendall's tau-b between the compared methods",
        "vi": "Hệ số tau-b Kendall trung bình giữa các phương pháp so sánh",
    },
    "rpt_shortlist_all_methods": {
        "en": "Shortlisted technologies in the top {k} of every compared method",
        "vi": "Số công nghệ đề xuất nằm trong top {k} của mọi phương pháp so sánh",
    },
    "rpt_mc_first": {
        "en": "Probability that {name} stays first (Monte Carlo)",
        "vi": "Xác suất {name} giữ vị trí thứ nhất (Monte Carlo)",
    },
    "rpt_mc_min_top_k": {
        "en": "Lowest P(top {k}) in the shortlist (Monte Carlo)",
        "vi": "Xác suất vào top {k} thấp nhất trong danh sách đề xuất (Monte Carlo)",
    },
    "rpt_stab_first": {
        "en": "Smallest change of one weight that changes the leader",
        "vi": "Thay đổi nhỏ nhất của một trọng số làm thay đổi công nghệ đứng đầu",
    },
    "rpt_stab_top": {
        "en": "Smallest change of one weight that changes the top {k}",
        "vi": "Thay đổi nhỏ nhất của một trọng số làm thay đổi nhóm {k} công nghệ đứng đầu",
    },
    "rpt_stab_where": {
        "en": "{criterion}: weight from {current} to {edge}",
        "vi": "{criterion}: trọng số từ {current} đến {edge}",
    },
    "rpt_stab_never": {
        "en": "no change of a single weight does",
        "vi": "không thay đổi một trọng số nào làm được",
    },
    "rpt_warnings_count": {
        "en": "Input warnings (listed on the Audit sheet)",
        "vi": "Cảnh báo về dữ liệu đầu vào (liệt kê ở trang Audit)",
    },
    "rpt_chart_title": {"en": "Shortlist scores", "vi": "Điểm của các công nghệ đề xuất"},
    # Ranking.
    "rpt_ranking_title": {
        "en": "All technologies, ranked by {method}",
        "vi": "Tất cả công nghệ, xếp hạng theo {method}",
    },
    "rpt_score_note": {"en": "Score: {score}.", "vi": "Điểm: {score}."},
    "rpt_col_rank_method": {"en": "Rank: {method}", "vi": "Hạng: {method}"},
    "rpt_col_borda": {"en": "Consensus rank (Borda)", "vi": "Hạng đồng thuận (Borda)"},
    "rpt_col_copeland": {"en": "Consensus rank (Copeland)", "vi": "Hạng đồng thuận (Copeland)"},
    "rpt_tau_title": {
        "en": "Kendall's tau-b between methods",
        "vi": "Hệ số tau-b Kendall giữa các phương pháp",
    },
    # Contributions.
    "rpt_contrib_title": {
        "en": "Why each technology scores as it does: per-criterion contributions ({method})",
        "vi": "Vì sao mỗi công nghệ đạt điểm như vậy: đóng góp theo từng tiêu chí ({method})",
    },
    "rpt_col_total": {"en": "Total", "vi": "Tổng"},
    "rpt_contrib_none": {
        "en": "{method} has no additive explanation: its score does not split into "
        "per-criterion parts.",
        "vi": "{method} không có cách giải thích cộng tính: điểm không tách được thành các phần "
        "theo từng tiêu chí.",
    },
    "rpt_contrib_anti": {
        "en": "Shares of the distance to the anti-ideal",
        "vi": "Tỉ trọng trong khoảng cách tới phương án kém nhất",
    },
    # Weights.
    "rpt_source": {"en": "Source", "vi": "Nguồn"},
    "rpt_ahp_matrix": {
        "en": "AHP pairwise comparison matrix ({what})",
        "vi": "Ma trận so sánh cặp AHP ({what})",
    },
    "rpt_ahp_criteria": {"en": "criteria", "vi": "các tiêu chí"},
    "rpt_ahp_groups": {"en": "criteria groups", "vi": "các nhóm tiêu chí"},
    "rpt_ahp_within": {"en": "within {group}", "vi": "trong nhóm {group}"},
    "rpt_ahp_priority": {"en": "Priority", "vi": "Độ ưu tiên"},
    "rpt_ahp_cr": {"en": "Consistency ratio (CR)", "vi": "Tỉ số nhất quán (CR)"},
    "rpt_ahp_ci": {"en": "Consistency index (CI)", "vi": "Chỉ số nhất quán (CI)"},
    "rpt_ahp_lambda": {"en": "Principal eigenvalue (λmax)", "vi": "Giá trị riêng lớn nhất (λmax)"},
    "rpt_ahp_ri": {"en": "Random index (RI)", "vi": "Chỉ số ngẫu nhiên (RI)"},
    "rpt_ahp_consistent": {
        "en": "Acceptable consistency (CR ≤ {threshold})",
        "vi": "Nhất quán chấp nhận được (CR ≤ {threshold})",
    },
    "rpt_ahp_ri_source": {"en": "Random index table", "vi": "Bảng chỉ số ngẫu nhiên"},
    "rpt_details": {
        "en": "Details as recorded by the weighting step",
        "vi": "Chi tiết do bước xác định trọng số ghi lại",
    },
    # Panel.
    "rpt_panel_title": {
        "en": "Expert panel: aggregated scores and agreement",
        "vi": "Hội đồng chuyên gia: điểm tổng hợp và mức độ đồng thuận",
    },
    "rpt_decision_matrix": {"en": "Decision matrix", "vi": "Ma trận quyết định"},
    "rpt_n_matrix": {
        "en": "Experts who scored each cell (n)",
        "vi": "Số chuyên gia đã chấm mỗi ô (n)",
    },
    "rpt_iqr_matrix": {
        "en": "Interquartile range of each cell (IQR, points)",
        "vi": "Khoảng tứ phân vị của mỗi ô (IQR, điểm)",
    },
    "rpt_reading": {"en": "Reading", "vi": "Diễn giải"},
    "rpt_col_chi2": {"en": "Chi-square", "vi": "Khi bình phương"},
    "rpt_col_df": {"en": "Degrees of freedom", "vi": "Bậc tự do"},
    "rpt_col_p_value": {"en": "p-value", "vi": "Giá trị p"},
    "rpt_col_experts_m": {"en": "Experts (m)", "vi": "Số chuyên gia (m)"},
    "rpt_col_techs_n": {"en": "Technologies (n)", "vi": "Số công nghệ (n)"},
    "rpt_col_dropped_experts": {
        "en": "Experts left out of W",
        "vi": "Chuyên gia không đưa vào W",
    },
    "rpt_col_dropped_techs": {
        "en": "Technologies left out of W",
        "vi": "Công nghệ không đưa vào W",
    },
    "rpt_flags": {
        "en": "Cells without consensus (IQR above the threshold)",
        "vi": "Các ô chưa đồng thuận (IQR vượt ngưỡng)",
    },
    "rpt_col_iqr": {"en": "IQR", "vi": "IQR"},
    "rpt_col_std": {"en": "Standard deviation", "vi": "Độ lệch chuẩn"},
    "rpt_col_n": {"en": "Experts (n)", "vi": "Số chuyên gia (n)"},
    "rpt_col_min": {"en": "Min", "vi": "Nhỏ nhất"},
    "rpt_col_max": {"en": "Max", "vi": "Lớn nhất"},
    "rpt_col_threshold": {"en": "Threshold", "vi": "Ngưỡng"},
    "rpt_groups": {
        "en": "Experts per stakeholder group",
        "vi": "Số chuyên gia theo nhóm bên liên quan",
    },
    "rpt_col_experts": {"en": "Experts", "vi": "Số chuyên gia"},
    "rpt_no_group": {"en": "(no group)", "vi": "(không có nhóm)"},
    "rpt_no_agreement": {
        "en": "Panel agreement was not computed for this run.",
        "vi": "Lần chạy này không tính mức độ đồng thuận của hội đồng.",
    },
    # Sensitivity.
    "rpt_sens_title": {"en": "Sensitivity of the ranking", "vi": "Độ nhạy của kết quả xếp hạng"},
    "rpt_mc_title": {
        "en": "Monte Carlo over the criteria weights (SMAA-2 acceptability)",
        "vi": "Mô phỏng Monte Carlo trên trọng số tiêu chí (chỉ số chấp nhận SMAA-2)",
    },
    "rpt_mc_settings": {
        "en": "{draws} draws ({evaluated} ranked), seed {seed}, method {method}; weights: {model}",
        "vi": "{draws} lần rút ({evaluated} lần được xếp hạng), hạt giống {seed}, phương pháp "
        "{method}; trọng số: {model}",
    },
    "rpt_model_uniform": {
        "en": "uniform over all weightings (no preference information)",
        "vi": "phân phối đều trên mọi bộ trọng số (không dùng thông tin ưu tiên)",
    },
    "rpt_model_dirichlet": {
        "en": "Dirichlet centred on the current weights (concentration {concentration})",
        "vi": "phân phối Dirichlet quanh trọng số hiện tại (độ tập trung {concentration})",
    },
    "rpt_model_interval": {
        "en": "each weight within ±{percent} % of its current value",
        "vi": "mỗi trọng số dao động trong ±{percent} % giá trị hiện tại",
    },
    "rpt_model_fixed": {"en": "fixed at the current weights", "vi": "giữ nguyên trọng số hiện tại"},
    "rpt_mc_bootstrap": {
        "en": "Scores: experts resampled with replacement ({resamples} resamples).",
        "vi": "Điểm: lấy mẫu lại chuyên gia có hoàn lại ({resamples} mẫu).",
    },
    "rpt_col_p_first": {"en": "P(rank 1)", "vi": "Xác suất đứng thứ nhất"},
    "rpt_col_mean_rank": {"en": "Mean rank", "vi": "Hạng trung bình"},
    "rpt_col_rank_5": {"en": "Rank (5 %)", "vi": "Hạng (5 %)"},
    "rpt_col_rank_95": {"en": "Rank (95 %)", "vi": "Hạng (95 %)"},
    "rpt_col_confidence": {"en": "Confidence factor", "vi": "Hệ số tin cậy"},
    "rpt_acceptability": {
        "en": "Rank acceptability: the share of draws in which each technology takes each rank",
        "vi": "Chỉ số chấp nhận theo hạng: tỉ lệ số lần rút mà mỗi công nghệ đạt từng hạng",
    },
    "rpt_col_rank_r": {"en": "Rank {rank}", "vi": "Hạng {rank}"},
    "rpt_stab_title": {
        "en": "Stability intervals ({method}): how far one criterion's weight can move (the others "
        "rescaled in proportion) while the leader and the top {k} stay the same",
        "vi": "Khoảng ổn định ({method}): trọng số của một tiêu chí có thể thay đổi đến đâu (các "
        "trọng số khác điều chỉnh theo tỉ lệ) mà công nghệ đứng đầu và nhóm {k} công nghệ đứng "
        "đầu vẫn giữ nguyên",
    },
    "rpt_stab_note": {
        "en": "[ ] the end is included, ( ) it is excluded; an included end at 0 or 1 means "
        "stable all the way.",
        "vi": "[ ] gồm cả đầu mút, ( ) không gồm đầu mút; đầu mút 0 hoặc 1 được gồm có nghĩa là "
        "ổn định trên toàn khoảng.",
    },
    "rpt_col_current_weight": {"en": "Current weight", "vi": "Trọng số hiện tại"},
    "rpt_col_first_from": {"en": "Leader kept: from", "vi": "Giữ vị trí đầu: từ"},
    "rpt_col_first_to": {"en": "Leader kept: to", "vi": "Giữ vị trí đầu: đến"},
    "rpt_col_first_interval": {"en": "Leader kept: interval", "vi": "Giữ vị trí đầu: khoảng"},
    "rpt_col_top_from": {"en": "Top {k} kept: from", "vi": "Giữ top {k}: từ"},
    "rpt_col_top_to": {"en": "Top {k} kept: to", "vi": "Giữ top {k}: đến"},
    "rpt_col_top_interval": {"en": "Top {k} kept: interval", "vi": "Giữ top {k}: khoảng"},
    # Audit.
    "rpt_audit_title": {"en": "Audit trail", "vi": "Thông tin kiểm tra (audit)"},
    "rpt_timestamp": {
        "en": "Generated at (UTC, ISO 8601)",
        "vi": "Thời điểm lập (UTC, ISO 8601)",
    },
    "rpt_seed": {"en": "Seed of the analysis", "vi": "Hạt giống ngẫu nhiên của phân tích"},
    "rpt_versions": {"en": "Software versions", "vi": "Phiên bản phần mềm"},
    "rpt_col_package": {"en": "Package", "vi": "Gói phần mềm"},
    "rpt_col_version": {"en": "Version", "vi": "Phiên bản"},
    "rpt_not_installed": {"en": "not installed", "vi": "chưa cài đặt"},
    "rpt_inputs": {"en": "Input files", "vi": "Tệp đầu vào"},
    "rpt_col_role": {"en": "Role", "vi": "Vai trò"},
    "rpt_col_sha256": {"en": "SHA-256", "vi": "Mã băm SHA-256"},
    "rpt_mc_run": {"en": "Monte Carlo run", "vi": "Lần chạy Monte Carlo"},
    "rpt_stab_run": {"en": "Stability intervals", "vi": "Khoảng ổn định"},
    "rpt_warnings": {"en": "Input warnings", "vi": "Cảnh báo về dữ liệu đầu vào"},
    "rpt_col_location": {"en": "Location", "vi": "Vị trí"},
    "rpt_spec": {
        "en": "AnalysisSpec (TOML): save the lines below as a .toml file and run "
        "`r57-mcda run FILE` to reproduce these numbers",
        "vi": "AnalysisSpec (TOML): lưu các dòng dưới đây thành tệp .toml và chạy "
        "`r57-mcda run FILE` để tái tạo các kết quả này",
    },
}
