"""The ``r57-mcda`` command line: parse arguments, call the library, print or write results.

Exit status: 0 success, 2 invalid input or arguments, 1 unexpected failure.
Heavy libraries (pandas, scikit-criteria) are imported inside the commands, so that
``r57-mcda --help`` starts quickly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from r57_mcda import __version__
from r57_mcda.cli.commands import REGISTRARS
from r57_mcda.errors import InputError, R57Error

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INVALID = 2


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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in REGISTRARS:
        register(sub)
    return parser


def _report(error: R57Error) -> None:
    if isinstance(error, InputError):
        errors = error.errors
        warnings = [p for p in error.problems if p.severity != "error"]
        n = len(errors)
        print(f"r57-mcda: {n} problem{'s' if n != 1 else ''} in the input:", file=sys.stderr)
        for p in errors:
            print(f"  error: {p}", file=sys.stderr)
        for p in warnings:
            print(f"  warning: {p}", file=sys.stderr)
    else:
        print(f"r57-mcda: {error}", file=sys.stderr)


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
        _report(exc)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("r57-mcda: interrupted", file=sys.stderr)
        return 130
    return status
