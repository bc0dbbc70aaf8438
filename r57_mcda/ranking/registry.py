"""Metadata of every ranking method: names, descriptions, citations, defaults (EN and VI)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from r57_mcda.errors import MethodError

#: How a method makes criteria comparable before aggregating them (see ``normalise.py``).
Normalisation = Literal["value_scale", "minmax", "ratio", "vector", "average", "bounds", "none"]
Backend = Literal["numpy", "scikit-criteria"]


@dataclass(frozen=True)
class MethodInfo:
    """What a ranking method does, how to read its score and which parameters it takes.

    ``defaults`` lists every parameter the method accepts with its default value; ``rank``
    rejects any other key. Mappings are plain dicts (so values pickle, as in ``models``) and
    are read-only by contract: ``rank`` copies them before use. ``normalisation`` names the
    pre-processing ``rank`` applies before aggregating; ``preprocessing`` /
    ``preprocessing_vi`` say the same in words.
    """

    id: str
    name: str
    name_vi: str
    description: str
    description_vi: str
    preprocessing: str
    preprocessing_vi: str
    citation: str
    higher_is_better: bool
    score_name: str
    score_name_vi: str
    normalisation: Normalisation
    backend: Backend
    defaults: Mapping[str, Any] = field(default_factory=dict, hash=False)
    requires_positive: bool = False
    requires_non_negative: bool = False
    min_technologies: int = 2

    def label(self, lang: str = "en") -> str:
        """The method's name in ``lang`` ("en" or "vi")."""
        return self.name_vi if lang == "vi" else self.name

    def text(self, lang: str = "en") -> str:
        """Description and pre-processing in ``lang``, as one paragraph for a reader."""
        if lang == "vi":
            return f"{self.description_vi} {self.preprocessing_vi}"
        return f"{self.description} {self.preprocessing}"


def _info(**kwargs: Any) -> MethodInfo:
    return MethodInfo(**kwargs)


_METHODS: tuple[MethodInfo, ...] = (
    _info(
        id="wsm",
        name="Weighted sum (WSM / SAW)",
        name_vi="Tổng có trọng số (WSM / SAW)",
        description=(
            "Turns every score into a 0-1 value (0 = worst, 1 = best on that criterion) and adds "
            "the values up with the criteria weights; the result is 0-100 points, higher is "
            "better. A weak score on one criterion can be made up by strong scores on others."
        ),
        description_vi=(
            "Quy mỗi điểm về giá trị 0-1 (0 = kém nhất, 1 = tốt nhất theo tiêu chí đó) rồi cộng "
            "lại theo trọng số các tiêu chí; kết quả là điểm 0-100, càng cao càng tốt. Điểm yếu ở "
            "một tiêu chí có thể được bù bằng điểm mạnh ở tiêu chí khác."
        ),
        preprocessing=(
            "Linear value scaling (x - lo)/(hi - lo), reversed for cost criteria, where [lo, hi] "
            "is the criterion's declared scale, else the lowest and highest observed values."
        ),
        preprocessing_vi=(
            "Chuẩn hoá tuyến tính (x - thấp)/(cao - thấp), đảo chiều với tiêu chí chi phí; [thấp, "
            "cao] là thang điểm khai báo của tiêu chí, nếu không có thì là giá trị nhỏ nhất và "
            "lớn nhất quan sát được."
        ),
        citation=(
            "Fishburn, P. C. (1967). Additive utilities with incomplete product sets: application "
            "to priorities and assignments. Operations Research, 15(3), 537-542."
        ),
        higher_is_better=True,
        score_name="points (0-100)",
        score_name_vi="điểm (0-100)",
        normalisation="value_scale",
        backend="numpy",
    ),
    _info(
        id="wpm",
        name="Weighted product (WPM)",
        name_vi="Tích có trọng số (WPM)",
        description=(
            "Multiplies the technology's ratios to the best value, each raised to the power of "
            "its criterion weight; higher is better (1 = best on every criterion). A very weak "
            "score pulls the product down more than in a weighted sum."
        ),
        description_vi=(
            "Nhân các tỉ số so với giá trị tốt nhất, mỗi tỉ số được lũy thừa theo trọng số của "
            "tiêu chí; càng cao càng tốt (1 = tốt nhất ở mọi tiêu chí). Một điểm rất yếu kéo tích "
            "xuống mạnh hơn so với tổng có trọng số."
        ),
        preprocessing=(
            "Ratio scaling: x / max for benefit criteria and min / x for cost criteria; all values "
            "must be greater than zero."
        ),
        preprocessing_vi=(
            "Chuẩn hoá theo tỉ số: x / lớn nhất với tiêu chí lợi ích, nhỏ nhất / x với tiêu chí "
            "chi phí; mọi giá trị phải lớn hơn 0."
        ),
        citation=(
            "Bridgman, P. W. (1922). Dimensional Analysis. Yale University Press; Triantaphyllou, "
            "E. (2000). Multi-Criteria Decision Making Methods: A Comparative Study. Kluwer."
        ),
        higher_is_better=True,
        score_name="weighted product (0-1)",
        score_name_vi="tích có trọng số (0-1)",
        normalisation="ratio",
        backend="numpy",
        requires_positive=True,
    ),
    _info(
        id="topsis",
        name="TOPSIS",
        name_vi="TOPSIS",
        description=(
            "Measures how close each technology is to an ideal one (best value on every criterion) "
            "and how far from the worst one; the closeness coefficient d- / (d+ + d-) runs from 0 "
            "to 1, higher is better."
        ),
        description_vi=(
            "Đo mức gần của mỗi công nghệ tới phương án lý tưởng (giá trị tốt nhất ở mọi tiêu chí) "
            "và mức xa phương án kém nhất; hệ số gần d- / (d+ + d-) từ 0 đến 1, càng cao càng tốt."
        ),
        preprocessing=(
            "Vector normalisation x / sqrt(sum x^2), then weighting; Euclidean distances. A cost "
            "criterion keeps its values and takes its minimum as the ideal (classic Hwang & Yoon, "
            "no 1/x inversion)."
        ),
        preprocessing_vi=(
            "Chuẩn hoá véc-tơ x / căn(tổng x^2), rồi nhân trọng số; khoảng cách Euclid. Tiêu chí "
            "chi phí giữ nguyên giá trị và lấy giá trị nhỏ nhất làm lý tưởng (TOPSIS cổ điển của "
            "Hwang & Yoon, không nghịch đảo 1/x)."
        ),
        citation=(
            "Hwang, C.-L., & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and "
            "Applications. Lecture Notes in Economics and Mathematical Systems 186, Springer."
        ),
        higher_is_better=True,
        score_name="closeness coefficient (0-1)",
        score_name_vi="hệ số gần lý tưởng (0-1)",
        normalisation="vector",
        backend="numpy",
    ),
    _info(
        id="vikor",
        name="VIKOR",
        name_vi="VIKOR",
        description=(
            "Seeks a compromise: combines the weighted total shortfall from the best values (S, "
            "group utility) and the largest single shortfall (R, individual regret) into Q; lower "
            "Q is better. The compromise set and the two acceptance conditions are reported beside "
            "the ranking, not folded into it."
        ),
        description_vi=(
            "Tìm phương án thỏa hiệp: kết hợp tổng mức thiếu hụt có trọng số so với giá trị tốt "
            "nhất (S, lợi ích nhóm) và mức thiếu hụt lớn nhất ở một tiêu chí (R, hối tiếc cá nhân) "
            "thành Q; Q càng thấp càng tốt. Tập thỏa hiệp và hai điều kiện chấp nhận được báo cáo "
            "bên cạnh bảng xếp hạng, không gộp vào thứ hạng."
        ),
        preprocessing=(
            "Shortfall (f* - f) / (f* - f-) per criterion, where f* is the best and f- the worst "
            "observed value (max/min for benefit, min/max for cost); v = 0.5 by default. A "
            "criterion with the same value everywhere contributes 0."
        ),
        preprocessing_vi=(
            "Mức thiếu hụt (f* - f) / (f* - f-) theo từng tiêu chí, với f* là giá trị tốt nhất và "
            "f- là giá trị kém nhất quan sát được (lớn nhất/nhỏ nhất với tiêu chí lợi ích, ngược "
            "lại với tiêu chí chi phí); mặc định v = 0,5. Tiêu chí có cùng một giá trị cho mọi "
            "công nghệ đóng góp 0."
        ),
        citation=(
            "Opricovic, S., & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: A "
            "comparative analysis of VIKOR and TOPSIS. European Journal of Operational Research, "
            "156(2), 445-455."
        ),
        higher_is_better=False,
        score_name="Q index (0-1, lower is better)",
        score_name_vi="chỉ số Q (0-1, càng thấp càng tốt)",
        normalisation="none",
        backend="numpy",
        defaults={"v": 0.5},
    ),
    _info(
        id="promethee2",
        name="PROMETHEE II",
        name_vi="PROMETHEE II",
        description=(
            "Compares every pair of technologies criterion by criterion with a preference function "
            "and sums the weighted preferences into a net outranking flow between -1 and 1 (how "
            "much a technology is preferred to the others minus how much the others are preferred "
            "to it); higher is better."
        ),
        description_vi=(
            "So sánh từng cặp công nghệ theo từng tiêu chí bằng hàm ưu tiên rồi cộng các mức ưu "
            "tiên có trọng số thành dòng trội thuần từ -1 đến 1 (mức công nghệ được ưu tiên hơn "
            "các công nghệ khác trừ mức các công nghệ khác được ưu tiên hơn nó); càng cao càng tốt."
        ),
        preprocessing=(
            "No normalisation: differences d = x_a - x_b (x_b - x_a for cost criteria) in the "
            "criterion's own units go through its preference function: usual (default), ushape "
            "(q), vshape (p), level (q, p), linear (q, p) or gaussian (s)."
        ),
        preprocessing_vi=(
            "Không chuẩn hoá: chênh lệch d = x_a - x_b (x_b - x_a với tiêu chí chi phí) theo đơn "
            "vị của tiêu chí được đưa qua hàm ưu tiên: usual (mặc định), ushape (q), vshape (p), "
            "level (q, p), linear (q, p) hoặc gaussian (s)."
        ),
        citation=(
            "Brans, J.-P., & Vincke, Ph. (1985). A preference ranking organisation method (The "
            "PROMETHEE method for multiple criteria decision-making). Management Science, 31(6), "
            "647-656."
        ),
        higher_is_better=True,
        score_name="net outranking flow (-1 to 1)",
        score_name_vi="dòng trội thuần (-1 đến 1)",
        normalisation="none",
        backend="numpy",
        defaults={"functions": {}, "thresholds": {}},
    ),
    _info(
        id="moora",
        name="MOORA (ratio system)",
        name_vi="MOORA (hệ tỉ số)",
        description=(
            "Adds the weighted normalised values of benefit criteria and subtracts those of cost "
            "criteria; higher is better."
        ),
        description_vi=(
            "Cộng các giá trị đã chuẩn hoá có trọng số của tiêu chí lợi ích và trừ đi các giá trị "
            "của tiêu chí chi phí; càng cao càng tốt."
        ),
        preprocessing="Vector normalisation x / sqrt(sum x^2); cost criteria are subtracted.",
        preprocessing_vi="Chuẩn hoá véc-tơ x / căn(tổng x^2); tiêu chí chi phí được trừ đi.",
        citation=(
            "Brauers, W. K. M., & Zavadskas, E. K. (2006). The MOORA method and its application to "
            "privatization in a transition economy. Control and Cybernetics, 35(2), 445-469."
        ),
        higher_is_better=True,
        score_name="ratio-system score",
        score_name_vi="điểm hệ tỉ số",
        normalisation="vector",
        backend="scikit-criteria",
    ),
    _info(
        id="electre2",
        name="ELECTRE II",
        name_vi="ELECTRE II",
        description=(
            "Builds strong and weak 'at least as good as' relations from concordance (weight of "
            "criteria in favour) and discordance (largest shortfall), then ranks by combining a "
            "top-down and a bottom-up distillation. The score is the resulting rank position: "
            "lower is better, equal positions are ties."
        ),
        description_vi=(
            "Xây dựng các quan hệ 'không kém hơn' mạnh và yếu từ chỉ số đồng thuận (tổng trọng số "
            "các tiêu chí ủng hộ) và bất đồng (mức thiếu hụt lớn nhất), rồi xếp hạng bằng cách kết "
            "hợp chưng cất từ trên xuống và từ dưới lên. Điểm là vị trí xếp hạng thu được: càng "
            "thấp càng tốt, cùng vị trí là hòa."
        ),
        preprocessing=(
            "Min-max scaling (x - min)/(max - min) per criterion, reversed for cost criteria, so "
            "that discordance compares shortfalls as shares of each criterion's observed range; "
            "published thresholds p0 = 0.65, p1 = 0.5, p2 = 0.35, q0 = 0.65, q1 = 0.35."
        ),
        preprocessing_vi=(
            "Chuẩn hoá min-max (x - nhỏ nhất)/(lớn nhất - nhỏ nhất) theo từng tiêu chí, đảo chiều "
            "với tiêu chí chi phí, để chỉ số bất đồng so sánh mức thiếu hụt theo tỉ lệ khoảng giá "
            "trị quan sát của từng tiêu chí; ngưỡng theo công bố p0 = 0,65, p1 = 0,5, p2 = 0,35, "
            "q0 = 0,65, q1 = 0,35."
        ),
        citation=(
            "Roy, B., & Bertier, P. (1973). La méthode ELECTRE II: une application au "
            "media-planning. In M. Ross (Ed.), OR'72 (pp. 291-302). North-Holland; variant of "
            "Gomes, L. F. A. M. et al. (2004), Tomada de decisões em cenários complexos, Thomson, "
            "as implemented by scikit-criteria."
        ),
        higher_is_better=False,
        score_name="rank position (lower is better)",
        score_name_vi="vị trí xếp hạng (càng thấp càng tốt)",
        normalisation="minmax",
        backend="scikit-criteria",
        defaults={"p0": 0.65, "p1": 0.5, "p2": 0.35, "q0": 0.65, "q1": 0.35},
    ),
    _info(
        id="waspas",
        name="WASPAS",
        name_vi="WASPAS",
        description=(
            "Blends a weighted sum and a weighted product of the same ratio-scaled values: "
            "lambda * WSM + (1 - lambda) * WPM, lambda = 0.5 by default; higher is better."
        ),
        description_vi=(
            "Kết hợp tổng có trọng số và tích có trọng số của cùng các giá trị chuẩn hoá theo tỉ "
            "số: lambda * WSM + (1 - lambda) * WPM, mặc định lambda = 0,5; càng cao càng tốt."
        ),
        preprocessing=(
            "Linear ratio normalisation x / max for benefit and min / x for cost criteria; all "
            "values must be greater than zero."
        ),
        preprocessing_vi=(
            "Chuẩn hoá tỉ số tuyến tính x / lớn nhất với tiêu chí lợi ích và nhỏ nhất / x với tiêu "
            "chí chi phí; mọi giá trị phải lớn hơn 0."
        ),
        citation=(
            "Zavadskas, E. K., Turskis, Z., Antucheviciene, J., & Zakarevicius, A. (2012). "
            "Optimization of weighted aggregated sum product assessment. Elektronika ir "
            "Elektrotechnika, 122(6), 3-6."
        ),
        higher_is_better=True,
        score_name="joint WSM/WPM score",
        score_name_vi="điểm kết hợp WSM/WPM",
        normalisation="ratio",
        backend="scikit-criteria",
        requires_positive=True,
        defaults={"lambda_value": 0.5},
    ),
    _info(
        id="edas",
        name="EDAS",
        name_vi="EDAS",
        description=(
            "Compares each technology with the average of all technologies: weighted distances "
            "above the average count for it, distances below count against it; the appraisal "
            "score runs from 0 to 1, higher is better."
        ),
        description_vi=(
            "So sánh mỗi công nghệ với mức trung bình của tất cả công nghệ: khoảng cách có trọng "
            "số trên mức trung bình được cộng, dưới mức trung bình bị trừ; điểm đánh giá từ 0 đến "
            "1, càng cao càng tốt."
        ),
        preprocessing=(
            "No prior scaling: distances from the criterion average are divided by the average "
            "(for cost criteria, below the average is good); values must not be negative and no "
            "criterion may be zero for every technology."
        ),
        preprocessing_vi=(
            "Không chuẩn hoá trước: khoảng cách tới trung bình của tiêu chí được chia cho trung "
            "bình (với tiêu chí chi phí, thấp hơn trung bình là tốt); giá trị không được âm và "
            "không tiêu chí nào được bằng 0 cho mọi công nghệ."
        ),
        citation=(
            "Keshavarz Ghorabaee, M., Zavadskas, E. K., Olfat, L., & Turskis, Z. (2015). "
            "Multi-criteria inventory classification using a new method of evaluation based on "
            "distance from average solution (EDAS). Informatica, 26(3), 435-451."
        ),
        higher_is_better=True,
        score_name="appraisal score (0-1)",
        score_name_vi="điểm đánh giá (0-1)",
        normalisation="average",
        backend="scikit-criteria",
        requires_non_negative=True,
    ),
    _info(
        id="cocoso",
        name="CoCoSo",
        name_vi="CoCoSo",
        description=(
            "Combines three compromise scores built from a weighted sum and a weighted power sum "
            "of the scaled values (lambda = 0.5); higher is better. It is undefined when a "
            "technology is the worst on every criterion."
        ),
        description_vi=(
            "Kết hợp ba điểm thỏa hiệp xây dựng từ tổng có trọng số và tổng lũy thừa có trọng số "
            "của các giá trị đã chuẩn hoá (lambda = 0,5); càng cao càng tốt. Phương pháp không xác "
            "định khi có công nghệ kém nhất ở mọi tiêu chí."
        ),
        preprocessing=(
            "Min-max scaling (x - min)/(max - min) for benefit and (max - x)/(max - min) for cost "
            "criteria, using observed values."
        ),
        preprocessing_vi=(
            "Chuẩn hoá min-max (x - nhỏ nhất)/(lớn nhất - nhỏ nhất) với tiêu chí lợi ích và (lớn "
            "nhất - x)/(lớn nhất - nhỏ nhất) với tiêu chí chi phí, theo giá trị quan sát."
        ),
        citation=(
            "Yazdani, M., Zarate, P., Zavadskas, E. K., & Turskis, Z. (2019). A combined "
            "compromise solution (CoCoSo) method for multi-criteria decision-making problems. "
            "Management Decision, 57(9), 2501-2519."
        ),
        higher_is_better=True,
        score_name="CoCoSo score",
        score_name_vi="điểm CoCoSo",
        normalisation="minmax",
        backend="scikit-criteria",
        defaults={"lambda_value": 0.5},
    ),
    _info(
        id="mabac",
        name="MABAC",
        name_vi="MABAC",
        description=(
            "Compares each technology with a border approximation area (the geometric mean of all "
            "technologies on each criterion); the score is the total weighted distance above "
            "(positive) or below (negative) that border, higher is better."
        ),
        description_vi=(
            "So sánh mỗi công nghệ với vùng xấp xỉ biên (trung bình nhân của mọi công nghệ theo "
            "từng tiêu chí); điểm là tổng khoảng cách có trọng số phía trên (dương) hoặc phía dưới "
            "(âm) vùng biên đó, càng cao càng tốt."
        ),
        preprocessing=(
            "Min-max scaling (x - min)/(max - min) for benefit and (max - x)/(max - min) for cost "
            "criteria, using observed values."
        ),
        preprocessing_vi=(
            "Chuẩn hoá min-max (x - nhỏ nhất)/(lớn nhất - nhỏ nhất) với tiêu chí lợi ích và (lớn "
            "nhất - x)/(lớn nhất - nhỏ nhất) với tiêu chí chi phí, theo giá trị quan sát."
        ),
        citation=(
            "Pamučar, D., & Ćirović, G. (2015). The selection of transport and handling resources "
            "in logistics centers using Multi-Attributive Border Approximation area Comparison "
            "(MABAC). Expert Systems with Applications, 42(6), 3016-3028."
        ),
        higher_is_better=True,
        score_name="distance from the border area",
        score_name_vi="khoảng cách tới vùng biên",
        normalisation="minmax",
        backend="scikit-criteria",
    ),
    _info(
        id="codas",
        name="CODAS",
        name_vi="CODAS",
        description=(
            "Ranks by distance from the worst values (negative ideal): Euclidean distance first, "
            "Manhattan distance as a tie-breaker when two technologies are within tau (0.02); the "
            "assessment score sums the pairwise differences, higher is better."
        ),
        description_vi=(
            "Xếp hạng theo khoảng cách tới các giá trị kém nhất (phương án lý tưởng âm): khoảng "
            "cách Euclid là chính, khoảng cách Manhattan dùng để phân định khi hai công nghệ chênh "
            "nhau dưới tau (0,02); điểm đánh giá cộng các chênh lệch theo cặp, càng cao càng tốt."
        ),
        preprocessing=(
            "Linear ratio normalisation x / max for benefit and min / x for cost criteria (as "
            "published); all values must be greater than zero."
        ),
        preprocessing_vi=(
            "Chuẩn hoá tỉ số tuyến tính x / lớn nhất với tiêu chí lợi ích và nhỏ nhất / x với tiêu "
            "chí chi phí (theo công bố gốc); mọi giá trị phải lớn hơn 0."
        ),
        citation=(
            "Keshavarz Ghorabaee, M., Zavadskas, E. K., Turskis, Z., & Antucheviciene, J. (2016). "
            "A new combinative distance-based assessment (CODAS) method for multi-criteria "
            "decision-making. Economic Computation and Economic Cybernetics Studies and Research, "
            "50(3), 25-44."
        ),
        higher_is_better=True,
        score_name="assessment score",
        score_name_vi="điểm đánh giá",
        normalisation="ratio",
        backend="scikit-criteria",
        requires_positive=True,
        defaults={"tau": 0.02},
    ),
    _info(
        id="spotis",
        name="SPOTIS",
        name_vi="SPOTIS",
        description=(
            "Measures each technology's weighted distance from an ideal point fixed by the "
            "criteria's scales, not by the other candidates, so adding or removing a candidate "
            "never reorders the others; lower is better."
        ),
        description_vi=(
            "Đo khoảng cách có trọng số từ mỗi công nghệ tới điểm lý tưởng được xác định bởi thang "
            "điểm của các tiêu chí, không phụ thuộc các ứng viên khác, nên thêm hay bớt ứng viên "
            "không làm đảo thứ tự các ứng viên còn lại; càng thấp càng tốt."
        ),
        preprocessing=(
            "Distances |x - ideal| / (hi - lo), where [lo, hi] is the declared scale (else the "
            "observed range) and the ideal is hi for benefit and lo for cost criteria."
        ),
        preprocessing_vi=(
            "Khoảng cách |x - lý tưởng| / (cao - thấp), với [thấp, cao] là thang điểm khai báo "
            "(nếu không có thì là khoảng giá trị quan sát) và điểm lý tưởng là cao với tiêu chí "
            "lợi ích, thấp với tiêu chí chi phí."
        ),
        citation=(
            "Dezert, J., Tchamova, A., Han, D., & Tacnet, J.-M. (2020). The SPOTIS rank reversal "
            "free method for multi-criteria decision-making support. 23rd International "
            "Conference on Information Fusion (FUSION 2020), IEEE, 1-8."
        ),
        higher_is_better=False,
        score_name="distance to the ideal (0-1, lower is better)",
        score_name_vi="khoảng cách tới lý tưởng (0-1, càng thấp càng tốt)",
        normalisation="bounds",
        backend="scikit-criteria",
    ),
)

_BY_ID: Mapping[str, MethodInfo] = MappingProxyType({m.id: m for m in _METHODS})


def list_methods() -> list[MethodInfo]:
    """Every ranking method, in the order a user should meet them."""
    return list(_METHODS)


def method_info(method_id: str) -> MethodInfo:
    """Metadata of ``method_id``.

    Raises
    ------
    MethodError
        If no method has that id; the message lists the valid ids.
    """
    try:
        return _BY_ID[method_id]
    except (KeyError, TypeError):
        valid = ", ".join(_BY_ID)
        raise MethodError(
            f"Unknown ranking method {method_id!r}; choose one of: {valid}."
        ) from None
