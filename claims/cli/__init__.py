"""Entry point of the `claims` command: errors become one line and an exit code, never a traceback."""

from __future__ import annotations

import signal
import sys
from importlib import import_module
from pathlib import Path

import typer.main

from claims.cli.app import OUTPUT, app
from claims.cli.config import default_map, find_config
from claims.errors import ClaimsError, ResourceError


class Interrupted(BaseException):
    """Ctrl-C or a request to stop (SIGTERM: a scheduler's, a CI job's cancel), raised past click
    (which would turn a KeyboardInterrupt into a bare "Aborted!"); `signum` is the signal's."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted(signum)


# The signals that stop a run the way Ctrl-C does: outputs not yet complete dropped, one line, and
# the exit code a shell gives for the signal (128 + its number).
STOPPING_SIGNALS = (signal.SIGINT, signal.SIGTERM)


# Each command lives in its own module, which registers it on import. Only the module of the
# command being run is imported, so `claims --version` loads no table library and `claims extract`
# no schema or rendering library; help, no command or an unknown one load them all.
COMMANDS = (
    "check",
    "conflicts",
    "explain",
    "export",
    "extract",
    "quantities",
    "report",
    "rules",
    "run",
    "segments",
    "table",
    "validate",
)


def load_commands(args: list[str]) -> bool:
    """Import the module of the command `args` name, or every command module; True when all are."""
    named = next((arg for arg in args if not arg.startswith("-")), None)
    if "--version" in args and named is None:
        return False
    wanted = (
        [named] if named in COMMANDS and not {"--help", "-h"} & set(args[: args.index(named)]) else COMMANDS
    )
    for name in wanted:
        import_module(f"claims.cli.{name}")
    return len(wanted) == len(COMMANDS)


def _defaults(every_command: bool) -> dict[str, dict]:
    """The project's defaults (claims.toml or [tool.claims]) for every command, if a file has them."""
    found = find_config(Path.cwd())
    if found is None:
        return {}
    path, settings = found
    try:
        return default_map(typer.main.get_command(app), settings, path, COMMANDS)
    except ResourceError:
        if every_command:
            raise
        # a setting the loaded command lacks may belong to another: judge with every command loaded
        load_commands([])
        return default_map(typer.main.get_command(app), settings, path, COMMANDS)


GLOBAL_FLAGS = frozenset({"-q", "--quiet", "-v", "--verbose"})  # the root callback's options


def hoisted(args: list[str]) -> list[str]:
    """`claims run -v` as `claims -v run`: the global flags are accepted after the subcommand too.

    >>> hoisted(["run", "-o", "out", "-q"])
    ['-q', 'run', '-o', 'out']
    >>> hoisted(["extract", "--", "-q"])  # after `--` every word is a path
    ['extract', '--', '-q']
    """
    end = args.index("--") if "--" in args else len(args)
    flags = [arg for arg in args[:end] if arg in GLOBAL_FLAGS]
    return flags + [arg for arg in args[:end] if arg not in GLOBAL_FLAGS] + args[end:]


def main() -> None:
    """Run the CLI; a `ClaimsError` prints `error: path:line: message` and exits with its code."""
    sys.argv[1:] = hoisted(sys.argv[1:])
    try:
        every_command = load_commands(sys.argv[1:])
    except ClaimsError as error:  # a command whose module loads a broken grammar or lexicon
        print(f"error: {error}", file=sys.stderr)
        sys.exit(error.exit_code)
    previous = {signum: signal.signal(signum, _interrupt) for signum in STOPPING_SIGNALS}
    try:
        _main(every_command)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _main(every_command: bool = True) -> None:
    OUTPUT.skipped = 0  # this command's own count, even when --version or --help end it early
    try:
        try:
            app(default_map=_defaults(every_command))
        except SystemExit as done:
            if done.code in (0, None) and OUTPUT.skipped:
                # The outputs hold every good input, but a skipped one must not pass unnoticed.
                print(f"error: {OUTPUT.skipped} input(s) skipped; see the warnings above", file=sys.stderr)
                sys.exit(1)
            raise
    except ClaimsError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(error.exit_code)
    except (Interrupted, KeyboardInterrupt) as stop:
        # Every output is written under a temporary name and renamed when complete (claims.output.atomic).
        signum = stop.signum if isinstance(stop, Interrupted) else signal.SIGINT
        how = "interrupted" if signum == signal.SIGINT else "stopped (SIGTERM)"
        print(f"error: {how}; outputs not yet complete were dropped, earlier ones kept", file=sys.stderr)
        sys.exit(128 + signum)
