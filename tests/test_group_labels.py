"""Group labels: from the data (`group_name`, `group_name_vi`), else the catalog, else the id."""

from __future__ import annotations

from r57_mcda.io.bundled import sample_paths
from r57_mcda.io.panel import load_experts, load_technologies
from r57_mcda.models import Expert, Technology, group_label

EXPERTS_CSV = (
    "id,name,group,group_name,group_name_vi\n"
    "e1,A,academy,Academy of Sciences,Viện Hàn lâm\n"
    "e2,B,academy,,\n"
    "e3,C,science,,\n"
    "e4,D,ngo,Civil society,\n"
    "e5,E,,,\n"
).encode()


def test_labels_given_in_the_experts_file() -> None:
    experts = load_experts(EXPERTS_CSV, name="experts.csv")
    assert experts[0] == Expert("e1", "A", "academy", "Academy of Sciences", "Viện Hàn lâm")
    # Any member of the group may carry the label; the others need not repeat it.
    assert group_label("academy", "en", experts) == "Academy of Sciences"
    assert group_label("academy", "vi", experts) == "Viện Hàn lâm"
    # No Vietnamese label: the English one; a known id without a label: the catalog's.
    assert group_label("ngo", "vi", experts) == "Civil society"
    assert group_label("science", "vi", experts) == "Khoa học"
    assert group_label("", "vi", experts) == ""


def test_catalog_labels_of_the_sample_groups_and_the_id_otherwise() -> None:
    experts = load_experts(sample_paths()["experts"])
    assert {group_label(e.group, "en", experts) for e in experts} == {
        "Science",
        "Industry",
        "Government",
    }
    assert {group_label(e.group, "vi") for e in experts} == {
        "Khoa học",
        "Doanh nghiệp",
        "Quản lý nhà nước",
    }
    technologies = load_technologies(sample_paths()["technologies"])
    labels = {t.group: group_label(t.group, "vi", technologies) for t in technologies}
    assert labels["life sciences"] == "Khoa học sự sống"
    assert labels["digital"] == "Công nghệ số"
    assert all(label != group for group, label in labels.items())
    assert group_label("fusion", "vi") == "fusion"
    # An id that only looks like a catalog key is not looked up there.
    assert group_label("divergence", "en") == "divergence"


def test_technology_group_labels_from_the_technologies_file() -> None:
    csv = (
        "id,name,group,group_name,group_name_vi\n"
        "a,A,digital,Digital transformation,Chuyển đổi số\n"
        "b,B,digital,,\n"
    ).encode()
    technologies = load_technologies(csv, name="technologies.csv")
    assert technologies[1] == Technology("b", "B", group="digital")
    # The data's label wins over the catalog's for a known id.
    assert group_label("digital", "en", technologies) == "Digital transformation"
    assert group_label("digital", "vi", technologies) == "Chuyển đổi số"
    assert group_label("digital", "vi") == "Công nghệ số"
