"""The `claims` command-line app: one typer app; each command lives in its own module."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import typer
from rich.console import Console

from claims import __version__
from claims.output.atomic import cannot_write

app = typer.Typer(
    name="claims",
    help="Extract quantitative claims from AI news, validate them and flag conflicting figures.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)


def counted(count: int, thing: str) -> str:
    """`1 document`, `3 documents`: a count in a summary line.

    >>> counted(1, "segment"), counted(0, "segment")
    ('1 segment', '0 segments')
    """
    return f"{count} {thing}" if count == 1 else f"{count} {thing}s"


@dataclass(slots=True)
class Output:
    """How loud the CLI is; commands print through it so -q and -v work everywhere."""

    verbosity: int = 0  # -1 quiet, 0 normal, 1 verbose
    skipped: int = 0  # inputs reported and skipped in this command; any makes the exit status 1
    stdout_closed: bool = False
    console: Console | None = None
    errors: Console | None = None

    def __post_init__(self) -> None:
        self.console = Console(highlight=False, soft_wrap=True)
        self.console.on_broken_pipe = self._stdout_gone  # rich would exit 1 there
        self.errors = Console(stderr=True, highlight=False, soft_wrap=True)

    def say(self, message: str) -> None:
        """A progress or summary line on stdout. A reader that stops reading (`| head -1`) must not
        stop the work: once stdout is closed, lines are dropped and the outputs are still written."""
        if self.verbosity >= 0 and not self.stdout_closed:
            try:
                self.console.print(message, markup=False)
            except OSError as error:  # stdout that cannot take more (a full disk): the work goes on
                self._stdout_gone()
                lost = cannot_write("standard output", error)
                self.warn(f"{lost}; the summary lines that follow are dropped")

    def data(self, text: str | bytes) -> None:
        """A command's result written to stdout; a reader that closes early ends it quietly."""
        if self.stdout_closed:
            return
        try:
            if isinstance(text, bytes):
                sys.stdout.flush()
                sys.stdout.buffer.write(text)
                sys.stdout.buffer.flush()
            else:
                sys.stdout.write(text)
                sys.stdout.flush()
        except BrokenPipeError:
            self._stdout_gone()
        except OSError as error:  # a full disk, or a device, behind the redirect: the result is lost
            self._stdout_gone()
            raise cannot_write("standard output", error) from None

    def _stdout_gone(self) -> None:
        self.stdout_closed = True
        # stdout's buffer still holds bytes that Python would try (and fail) to flush at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    def detail(self, message: str) -> None:
        if self.verbosity > 0:
            self.errors.print(message, markup=False)

    def warn(self, message: str) -> None:
        """A problem that does not stop the run; always shown, on stderr."""
        self.errors.print(f"warning: {message}", markup=False)

    def skip(self, problem: object) -> None:
        """An input left out of the outputs (a bad file or document): warned now, counted for the exit."""
        self.skipped += 1
        self.warn(f"{problem} (skipped)")

    @property
    def show_progress(self) -> bool:
        return self.verbosity >= 0 and self.errors.is_terminal


OUTPUT = Output()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claims {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors and warnings."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Print more detail on stderr."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Extract quantitative claims from AI news, validate them and flag conflicting figures.

    Run `claims run` with no arguments to process the bundled sample corpus end to end.
    """
    OUTPUT.verbosity = -1 if quiet else (1 if verbose else 0)
    OUTPUT.skipped = 0
