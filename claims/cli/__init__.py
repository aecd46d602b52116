"""Entry point of the `claims` command: errors become one line and an exit code, never a traceback."""

from __future__ import annotations

import sys

from claims.cli import check, conflicts, explain, extract, quantities, report, run, segments, table, validate  # noqa: F401  (each module registers its commands)
from claims.cli.app import OUTPUT, app
from claims.errors import ClaimsError


def main() -> None:
    """Run the CLI; a `ClaimsError` prints `error: path:line: message` and exits with its code."""
    try:
        try:
            app()
        except SystemExit as done:
            if done.code in (0, None) and OUTPUT.skipped:
                # The outputs hold every good input, but a skipped one must not pass unnoticed.
                print(f"error: {OUTPUT.skipped} input(s) skipped; see the warnings above", file=sys.stderr)
                sys.exit(1)
            raise
    except ClaimsError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        sys.exit(130)
