"""`python -m claims` runs the command-line interface."""

from claims.cli import main

main()
