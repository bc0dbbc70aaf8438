"""Portfolio problems for tests: the Hillier-Lieberman example as input files, and brute force.

The example is the California Manufacturing Company of Hillier & Lieberman, *Introduction to
Operations Research* (chapter "Integer Programming", the prototype example of binary integer
programming): four yes-or-no decisions, a factory and a warehouse in Los Angeles and in San
Francisco, with net present values 9, 5, 6 and 4 ($ million) and capital needs 6, 3, 5 and 2
out of 10 available; at most one warehouse, and a warehouse only in a city with a new factory.
The book's optimum: both factories, no warehouse, a net present value of 14.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

HL_NPV = {"factory_la": 9.0, "factory_sf": 5.0, "warehouse_la": 6.0, "warehouse_sf": 4.0}
HL_CAPITAL = {"factory_la": 6.0, "factory_sf": 3.0, "warehouse_la": 5.0, "warehouse_sf": 2.0}
HL_BUDGET = 10.0
HL_OPTIMUM = ({"factory_la", "factory_sf"}, 14.0)

_CRITERIA = """\
[criteria_set]
id = "npv_only"
name = "Net present value"
name_vi = "Giá trị hiện tại ròng"

[[criteria]]
id = "npv"
name = "Net present value ($ million)"
name_vi = "Giá trị hiện tại ròng (triệu đô la)"
direction = "benefit"
scale = [0, 100]
weight = 1.0
"""

_CONSTRAINTS = """\
budget = 10
excludes = [["warehouse_la", "warehouse_sf"]]

[requires]
warehouse_la = ["factory_la"]
warehouse_sf = ["factory_sf"]
"""


def hillier_lieberman_files(folder: Path) -> dict[str, Path]:
    """The example as input files in ``folder``: a one-criterion criteria set whose declared
    scale [0, 100] makes each WSM value the net present value itself, the decision matrix,
    the technologies with their capital in ``budget``, and the constraints."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "criteria": folder / "criteria.toml",
        "matrix": folder / "matrix.csv",
        "technologies": folder / "technologies.csv",
        "constraints": folder / "constraints.toml",
    }
    paths["criteria"].write_text(_CRITERIA, encoding="utf-8")
    paths["matrix"].write_text(
        "technology,npv\n" + "".join(f"{k},{v:g}\n" for k, v in HL_NPV.items()), encoding="utf-8"
    )
    paths["technologies"].write_text(
        "id,name,group,budget\n"
        + "".join(
            f"{k},{k.replace('_', ' ')},{k.split('_')[0]},{v:g}\n" for k, v in HL_CAPITAL.items()
        ),
        encoding="utf-8",
    )
    paths["constraints"].write_text(_CONSTRAINTS, encoding="utf-8")
    return paths


def hl_rules(chosen: Collection[str]) -> bool:
    """The example's rules besides the capital: one warehouse at most, each with its factory."""
    warehouses = {"warehouse_la", "warehouse_sf"} & set(chosen)
    return len(warehouses) <= 1 and all(f"factory_{w[-2:]}" in chosen for w in warehouses)


def brute_force(
    values: Mapping[str, float],
    costs: Mapping[str, float],
    budget: float,
    rules: Callable[[Collection[str]], bool] = lambda chosen: True,
) -> tuple[set[str], float, float]:
    """The best subset by enumeration: the greatest value within the budget that the rules
    allow, the cheapest among equal values (1e-9); ``(ids, value, cost)``."""
    ids = list(values)
    best: tuple[set[str], float, float] = (set(), 0.0, 0.0)
    for n in range(len(ids) + 1):
        for chosen in itertools.combinations(ids, n):
            cost = sum(costs[i] for i in chosen)
            if cost > budget + 1e-9 or not rules(chosen):
                continue
            value = sum(values[i] for i in chosen)
            if value > best[1] + 1e-9 or (abs(value - best[1]) <= 1e-9 and cost < best[2]):
                best = (set(chosen), value, cost)
    return best
