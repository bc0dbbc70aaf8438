"""``python -m r57_mcda``: the command line."""

from r57_mcda.cli import main

raise SystemExit(main())
