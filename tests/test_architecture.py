"""Architecture rules: the library never imports streamlit; only the ranking package imports
scikit-criteria; public modules say their job in a docstring."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "r57_mcda"


def _library_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_library_never_imports_streamlit_in_a_fresh_interpreter() -> None:
    modules = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in _library_modules()
        if p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == ""
    assert len(modules) > 10


def test_no_library_file_imports_streamlit() -> None:
    offenders = [p.name for p in _library_modules() if "streamlit" in _imports(p)]
    assert offenders == []


def test_only_the_ranking_package_imports_scikit_criteria() -> None:
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "skcriteria" in _imports(p) and p.relative_to(PACKAGE).parts[0] != "ranking"
    ]
    assert offenders == []


def test_every_module_opens_with_a_docstring() -> None:
    missing = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []


def test_cli_help_imports_no_heavy_library() -> None:
    """``r57-mcda --help`` must start fast: no pandas, numpy, scikit-criteria or openpyxl."""
    code = (
        "import sys\n"
        "from r57_mcda.cli import build_parser\n"
        "build_parser()\n"
        "heavy = {'pandas', 'numpy', 'skcriteria', 'openpyxl', 'scipy', 'streamlit'}\n"
        "print(','.join(sorted(heavy & {m.split('.')[0] for m in sys.modules})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == ""


def test_io_package_reexports_resolve() -> None:
    import r57_mcda.io as io_package

    for name in io_package.__all__:
        assert getattr(io_package, name) is not None
