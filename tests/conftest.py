"""Test configuration: hypothesis profiles (CI runs are derandomised, so reproducible) and the
``slow`` marker, set here so that test modules need not remember it.

A test is ``slow`` (left out by ``make test-fast``) when it starts something: its module drives the
app through Streamlit's AppTest (it imports ``AppTest`` or the helpers of
:mod:`tests.helpers.app`), or its own code starts a subprocess (a fresh interpreter, the CLI). A
module can also say ``pytestmark = pytest.mark.slow`` itself (the wheel build does).
"""

from __future__ import annotations

import inspect
import os
from types import ModuleType

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
    settings.load_profile("ci")

#: Whatever a module holds from these modules makes it an AppTest module.
APPTEST_MODULES = ("streamlit.testing", "tests.helpers.app")


def _drives_the_app(module: ModuleType) -> bool:
    return any(
        getattr(value, "__module__", "").startswith(APPTEST_MODULES)
        for value in vars(module).values()
        if callable(value)
    )


def _starts_a_subprocess(function: object) -> bool:
    try:
        source = inspect.getsource(function)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return False
    return "subprocess." in source


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark AppTest modules and subprocess-starting tests ``slow``."""
    apptest: dict[str, bool] = {}
    for item in items:
        if not isinstance(item, pytest.Function) or item.get_closest_marker("slow"):
            continue
        module = item.module
        if module.__name__ not in apptest:
            apptest[module.__name__] = _drives_the_app(module)
        if apptest[module.__name__] or _starts_a_subprocess(item.function):
            item.add_marker(pytest.mark.slow)


# The store's tests take ``db_url`` (an empty database on SQLite, and on PostgreSQL when
# R57_TEST_POSTGRES_URL is set): see tests/helpers/databases.py.
pytest_plugins = ("tests.helpers.databases",)
