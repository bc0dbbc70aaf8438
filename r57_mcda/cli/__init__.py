"""The ``r57-mcda`` command line: parse arguments, call the library, print or write results.

Exit status: 0 success, 2 invalid input or arguments, 1 unexpected failure.
Heavy libraries (pandas, scikit-criteria) are imported inside the commands, so that
``r57-mcda --help`` starts quickly.

Problems, warnings, errors and notes are printed in the language of ``--lang`` (before or after
the subcommand), by default the environment variable ``R57_LANG``, else English.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from r57_mcda import __version__
from r57_mcda.cli.commands import REGISTRARS
from r57_mcda.errors import InputError, R57Error
from r57_mcda.i18n import LANGUAGES, t

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INVALID = 2

#: The environment variable that sets the default language of the messages.
LANG_VARIABLE = "R57_LANG"


def default_lang() -> str:
    """The language of ``R57_LANG`` when it names a supported one ("en", "vi"), else "en"."""
    value = os.environ.get(LANG_VARIABLE, "").strip().lower()
    return value if value in LANGUAGES else "en"


class DefaultsHelpFormatter(argparse.HelpFormatter):
    """Every option's help ends with its default, unless the help already says it or the
    option has none worth saying (flags, options left unset by default)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (
            "default" in text
            or default in (None, False, argparse.SUPPRESS)
            or default == []
            or not action.option_strings
        ):
            return text
        return f"{text} (default: %(default)s)" if text else "(default: %(default)s)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="r57-mcda",
        description=(
            "Multi-criteria decision support for selecting strategic technologies "
            "(Resolution 57-NQ/TW). Run a subcommand with --help for its options."
        ),
    )
    parser.add_argument("--version", action="version", version=f"r57-mcda {__version__}")
    lang_help = (
        "language of the messages, warnings and notes (and of the report and method texts): "
        f"en or vi (default: ${LANG_VARIABLE}, else en)"
    )
    parser.add_argument("--lang", choices=tuple(LANGUAGES), default=default_lang(), help=lang_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in REGISTRARS:
        register(sub)
    # Also accepted after the subcommand; unset there, it keeps the global value.
    for command in sub.choices.values():
        command.formatter_class = DefaultsHelpFormatter
        command.add_argument(
            "--lang", choices=tuple(LANGUAGES), default=argparse.SUPPRESS, help=lang_help
        )
    return parser


def _report(error: R57Error, lang: str) -> None:
    if isinstance(error, InputError):
        errors = error.errors
        warnings = [p for p in error.problems if p.severity != "error"]
        head = t("cli_problems_in_input", lang, n=len(errors))
        print(f"r57-mcda: {head}", file=sys.stderr)
        for p in errors:
            print(f"  {t('input_severity_error', lang)}: {p.render(lang)}", file=sys.stderr)
        for p in warnings:
            print(f"  {t('input_severity_warning', lang)}: {p.render(lang)}", file=sys.stderr)
    else:
        print(f"r57-mcda: {error.text(lang)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    # Small matrix products are slower, and erratic on a shared machine, with several BLAS
    # threads; numpy is not imported yet here, so this takes effect unless the user set it.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.handler(args)
    except R57Error as exc:
        _report(exc, args.lang)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print(f"r57-mcda: {t('cli_interrupted', args.lang)}", file=sys.stderr)
        return 130
    return status
