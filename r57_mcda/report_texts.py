"""English and Vietnamese text of the Excel report (merged into ``i18n.TEXT``)."""

from __future__ import annotations

REPORT_TEXT: dict[str, dict[str, str]] = {}
