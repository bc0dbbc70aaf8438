"""The built wheel works on its own: installed into a fresh virtual environment outside the
checkout, it ships the criteria sets and the sample panel and its CLI ranks the sample.

Slow (a wheel build and a few CLI start-ups): ``make test`` runs it, ``make test-fast`` does not.
The new environment gets the project's dependencies through a ``.pth`` line naming the project
environment's site-packages (so nothing is downloaded); such a line only adds the folder to
``sys.path``, it does not run that folder's ``.pth`` files, so the editable install's finder (which
maps ``r57_mcda`` to the checkout) stays out and ``r57_mcda`` comes from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
#: What a build must not see from the working tree (it builds from a copy, not in place, so that
#: setuptools' build/ and egg-info folders never land in the shared checkout).
NOT_SOURCES = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
    ".coverage*",
    "htmlcov",
)


def _run(
    args: list[str | Path], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh venv with only the wheel installed in it; its dependencies are visible."""
    tmp = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "COV_", "COVERAGE"))}
    env["PYTHONNOUSERSITE"] = "1"

    source = tmp / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=NOT_SOURCES)
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", tmp / "dist", source], tmp, env
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (tmp / "dist").glob("r57_mcda-*.whl")

    venv = tmp / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp, env)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    done = _run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel],
        tmp,
        env,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    site = Path(
        _run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp, env
        ).stdout.strip()
    )
    assert site.is_relative_to(venv)
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "zz_r57_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    return venv, env


def test_the_package_is_imported_from_the_wheel_not_the_checkout(
    installed: tuple[Path, dict[str, str]],
) -> None:
    venv, env = installed
    code = (
        "import sys, r57_mcda, r57_mcda.io.bundled as b\n"
        "print(r57_mcda.__file__)\n"
        "print(b.criteria_path())\n"
        "print(any('editable' in type(f).__module__ for f in sys.meta_path))\n"
    )
    out = _run([venv / "bin" / "python", "-c", code], venv.parent, env)
    assert out.returncode == 0, out.stderr
    package, criteria, editable_finder = out.stdout.split("\n")[:3]
    assert Path(package).is_relative_to(venv), package
    assert Path(criteria).is_relative_to(venv), criteria
    assert editable_finder == "False"


def test_the_wheel_ships_the_criteria_sets_and_the_sample_panel(
    installed: tuple[Path, dict[str, str]],
) -> None:
    venv, _ = installed
    (resources,) = venv.glob("lib/python*/site-packages/r57_mcda/resources")
    for folder, patterns in {
        "criteria": ["*.toml"],
        "sample_inputs": ["*.csv", "*.xlsx", "*.md", "*.toml"],
    }.items():
        expected = sorted(p.name for pattern in patterns for p in (ROOT / folder).glob(pattern))
        assert expected, folder
        shipped = sorted(p.name for p in (resources / folder).iterdir())
        assert shipped == expected, folder
        for name in expected:
            copy = resources / folder / name
            assert not copy.is_symlink()
            assert copy.read_bytes() == (ROOT / folder / name).read_bytes(), name


def test_the_wheel_ships_the_message_catalogs(installed: tuple[Path, dict[str, str]]) -> None:
    venv, _ = installed
    (package,) = venv.glob("lib/python*/site-packages/r57_mcda")
    catalogs = sorted(p.name for p in (ROOT / "r57_mcda" / "i18n").glob("*.toml"))
    assert sorted(p.name for p in (package / "i18n").glob("*.toml")) == catalogs


def test_the_installed_cli_ranks_the_sample(installed: tuple[Path, dict[str, str]]) -> None:
    venv, env = installed
    cli = venv / "bin" / "r57-mcda"
    out = _run([cli, "rank", "--sample", "--format", "json"], venv.parent, env)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    ranking = result["ranking"]
    assert len(ranking) == 14
    assert len({row["id"] for row in ranking}) == 14
    assert sorted(row["rank"] for row in ranking)[0] == 1
    assert result["weights_details"] == {"criteria_set": "r57_strategic_technologies"}


def test_the_installed_cli_ranks_with_a_bundled_set_named_by_id(
    installed: tuple[Path, dict[str, str]],
) -> None:
    """``--criteria quick_screen`` finds the set inside the wheel. The sample panel scores the
    12-criterion set, so the quick screen gets its own 3x5 matrix."""
    venv, env = installed
    (venv.parent / "matrix.csv").write_text(
        "technology,strategic_value,impact,feasibility,cost,risk\n"
        "a,5,4,3,2,2\nb,3,3,3,3,3\nc,2,5,4,4,1\n",
        encoding="utf-8",
    )
    args = ["rank", "--matrix", "matrix.csv", "--criteria", "quick_screen", "--format", "json"]
    out = _run([venv / "bin" / "r57-mcda", *args], venv.parent, env)
    assert out.returncode == 0, out.stdout + out.stderr
    ranking = json.loads(out.stdout)["ranking"]
    # Equal weights on 1-5 scales, cost and risk reversed (WSM): a 75, c 65, b 50 (by hand, as in
    # tests/test_cli_report.py).
    assert [(row["id"], row["rank"]) for row in ranking] == [("a", 1), ("c", 2), ("b", 3)]
    assert [row["score"] for row in ranking] == pytest.approx([75.0, 65.0, 50.0])


def test_the_installed_cli_ranks_the_sample_on_the_quick_screen(
    installed: tuple[Path, dict[str, str]],
) -> None:
    """``rank --sample --criteria quick_screen``: the sample panel's own quick-screen scores
    (``expert_scores_quick_screen.csv``) ship in the wheel beside the full set's."""
    venv, env = installed
    args = ["rank", "--sample", "--criteria", "quick_screen", "--format", "json"]
    out = _run([venv / "bin" / "r57-mcda", *args], venv.parent, env)
    assert out.returncode == 0, out.stdout + out.stderr
    result = json.loads(out.stdout)
    assert len(result["ranking"]) == 14
    assert set(result["weights"]) == {"strategic_value", "impact", "feasibility", "cost", "risk"}
    table = _run([venv / "bin" / "r57-mcda", *args[:-2]], venv.parent, env)
    assert table.returncode == 0, table.stderr
    assert "cybersecurity" in table.stdout


def test_the_installed_cli_validates_the_sample(installed: tuple[Path, dict[str, str]]) -> None:
    venv, env = installed
    out = _run([venv / "bin" / "r57-mcda", "validate", "--sample"], venv.parent, env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith("valid: criteria_set r57_strategic_technologies, criteria 12, ")
    assert "technologies 14, experts 9, " in out.stdout


def test_the_installed_cli_creates_a_migrated_study_store(
    installed: tuple[Path, dict[str, str]],
) -> None:
    """The migrations ship in the wheel: a study is created in a fresh SQLite store (in the
    working directory, the default), its schema at the newest version."""
    venv, env = installed
    env = {k: v for k, v in env.items() if k != "R57_DATABASE_URL"}
    cli = venv / "bin" / "r57-mcda"
    work = venv.parent
    sample = ROOT / "sample_inputs"
    create = [
        cli,
        "study",
        "create",
        "--name",
        "Wheel",
        "--criteria",
        "r57_strategic_technologies",
        "--technologies",
        str(sample / "technologies.csv"),
        "--experts",
        str(sample / "experts.csv"),
    ]
    out = _run(create, work, env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "1"
    assert (work / "r57-studies.db").is_file()
    status = _run([cli, "db", "status", "--format", "json"], work, env)
    assert json.loads(status.stdout)["current"] is True
    (migrations,) = venv.glob("lib/python*/site-packages/r57_mcda/study/migrations")
    assert (migrations / "env.py").is_file()
    assert sorted(p.name for p in (migrations / "versions").glob("*.py")) == sorted(
        p.name for p in (ROOT / "r57_mcda" / "study" / "migrations" / "versions").glob("*.py")
    )
