"""`python -m claims` and the `claims` command: the command-line interface.

The command's script imports this module (`main`), and so does every worker process `--jobs`
starts from that script: the interface is imported when `main` runs, never on import, so a worker
loads the extraction alone, not the command line's libraries (about 0.2 s each).
"""


def main() -> None:
    from claims.cli import main as run_command_line

    run_command_line()


if __name__ == "__main__":
    main()
