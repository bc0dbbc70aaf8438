"""Architecture rules: the library never imports streamlit; only r57_mcda/skcriteria_adapter.py
imports scikit-criteria; every package has its place in the layers; modules say their job in a
docstring.

The layer rule itself is import-linter's (``[tool.importlinter]`` in ``pyproject.toml``, run as
``lint-imports`` by ``make test``); these tests check what it cannot see or what must not drift.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "r57_mcda"
#: Not layers: ``python -m r57_mcda`` (it only calls the CLI) and the data package.
NOT_LAYERS = {"r57_mcda.__main__", "r57_mcda.resources"}


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
        if p.name != "__main__.py" and "migrations" not in p.parts
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


def test_only_the_adapter_imports_scikit_criteria() -> None:
    """Function-level imports count too (``ast.walk`` sees them)."""
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "skcriteria" in _imports(p) and p.relative_to(PACKAGE) != Path("skcriteria_adapter.py")
    ]
    assert offenders == []


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _top_level() -> set[str]:
    """The package's top-level modules and subpackages as they are on disk, by dotted name."""
    return {
        f"r57_mcda.{p.stem if p.is_file() else p.name}"
        for p in PACKAGE.iterdir()
        if p.suffix == ".py" or (p / "__init__.py").is_file()
    } - {"r57_mcda.__init__"}


def test_every_top_level_package_has_a_layer() -> None:
    """A new package or base module must be placed in the layers contract, not left outside it."""
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    assert isinstance(layers["layers"], list)
    declared = {
        name.strip("() ") for layer in layers["layers"] for name in re.split(r"[|:]", layer)
    }
    assert _top_level() - NOT_LAYERS - declared == set()


def test_the_forbidden_contracts_cover_every_other_package() -> None:
    """The streamlit and scikit-criteria contracts list every package but their one exception
    (import-linter refuses a source module that does not exist yet, so a new module is added to
    them when it is written)."""
    exceptions = {"streamlit": "r57_mcda.ui", "skcriteria": "r57_mcda.skcriteria_adapter"}
    checked = set()
    for contract in _contracts():
        forbidden = contract.get("forbidden_modules")
        if isinstance(forbidden, list) and forbidden[0] in exceptions:
            sources = contract["source_modules"]
            assert isinstance(sources, list)
            assert set(sources) == _top_level() - {exceptions[forbidden[0]]}, contract["name"]
            checked.add(forbidden[0])
    assert checked == set(exceptions)


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


def test_no_test_module_imports_another() -> None:
    """Shared test code lives in ``tests/helpers/`` or ``conftest.py``, never in a test module."""
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            offenders += [
                f"{path.relative_to(ROOT)}: {n}"
                for n in names
                if re.match(r"(tests\.)?(test_\w+|conftest)$", n)
            ]
    assert offenders == []
