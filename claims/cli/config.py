"""Project defaults for the command line: `claims.toml`, or `[tool.claims]` in `pyproject.toml`.

Found in the current folder (or named by the `CLAIMS_CONFIG` environment variable). A setting is an
option's long name (`out`, `reviews`, `baseline`, `kinds`, `min-severity`) or `paths`; settings at
the top apply to every command that has that option, a table per command (`[run]`, `[check]`, or
`[tool.claims.check]`) to that command alone. What the command line gives always wins. Relative
paths are read from the config file's folder, so the defaults hold wherever the command runs.

    # claims.toml
    kinds = ["score", "price", "parameter_count"]
    reviews = "reviews.toml"

    [run]
    paths = ["news/"]
    out = "build/claims"

    [check]
    paths = ["news/"]
    baseline = "ci/conflicts-baseline.parquet"
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import click

from claims.errors import InputError, ResourceError
from claims.text.tomlfile import read_toml

CONFIG_NAME = "claims.toml"
CONFIG_ENV = "CLAIMS_CONFIG"
# Settings that name files or folders: read relative to the config file.
PATH_SETTINGS = frozenset(
    {"paths", "out_dir", "output", "reviews", "baseline", "documents", "claims_file", "conflicts", "template",
     "jsonld", "claims_path", "file", "path", "corrections"}
)  # fmt: skip


def find_config(folder: Path) -> tuple[Path, dict] | None:
    """The config file that applies in `folder` and its settings, or None."""
    named = os.environ.get(CONFIG_ENV)
    if named:
        path = Path(named)
        if not path.is_file():
            raise ResourceError(f"no such config file (named by {CONFIG_ENV})", path=named)
        return path, _settings(path)
    if (folder / CONFIG_NAME).is_file():
        return folder / CONFIG_NAME, _settings(folder / CONFIG_NAME)
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        settings = _settings(pyproject)
        return (pyproject, settings) if settings else None
    return None


def _settings(path: Path) -> dict:
    data = read_toml(path).data
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("claims", {})
    return data.get("tool", {}).get("claims", data) if "tool" in data else data


def default_map(
    group: click.Group,
    settings: Mapping[str, object],
    path: Path,
    commands: tuple[str, ...] = (),
) -> dict[str, dict]:
    """click's `default_map` for each command of `group` from the settings read at `path`.

    `commands` names every command (those of `group` may be only the one being run). An unknown
    command table or setting is a `ResourceError` naming the file and the setting, as is a top-level
    setting no loaded command has (the caller loads every command before it trusts that).
    """
    known_commands = set(commands) | set(group.commands)
    base = path.parent
    shared = {key: value for key, value in settings.items() if not isinstance(value, dict)}
    tables = {key: value for key, value in settings.items() if isinstance(value, dict)}
    for name in tables:
        if name not in known_commands:
            raise ResourceError(
                f"[{name}]: no such command",
                path=str(path),
                line=_line(path, name),
                hint=f"commands: {', '.join(sorted(known_commands))}",
            )
    used: set[str] = set()
    defaults: dict[str, dict] = {}
    for name, command in group.commands.items():
        names = _setting_names(command)
        chosen: dict[str, object] = {}
        for key, value in shared.items():
            if _key(key) in names:
                chosen[names[_key(key)]] = value
                used.add(key)
        for key, value in tables.get(name, {}).items():
            if _key(key) not in names:
                known = ", ".join(sorted(k for k in names if "_" not in k))
                raise ResourceError(
                    f"[{name}] {key}: no such setting",
                    path=str(path),
                    line=_line(path, f"{name}.{key}"),
                    hint=f"settings: {known}",
                )
            chosen[names[_key(key)]] = value
        for param, value in chosen.items():
            _check(command, param, value, path)
        if chosen:
            defaults[name] = {param: _value(param, value, base) for param, value in chosen.items()}
    unused = sorted(set(shared) - used)
    if unused:
        raise ResourceError(
            f"{unused[0]}: no command has this setting", path=str(path), line=_line(path, unused[0])
        )
    return defaults


def _check(command: click.Command, param_name: str, value: object, path: Path) -> None:
    """A setting's value as its option would take it from the command line: a value the option
    refuses (`jobs = "two"`) is a `ResourceError` naming the file, the line and the setting, not an
    error about an option the user never typed."""
    param = next(p for p in command.params if p.name == param_name)
    if param_name == "kinds":  # a list or a comma-separated text of kinds, checked as --kinds is
        from claims.cli.options import parse_kinds

        try:
            parse_kinds(_value(param_name, value, path.parent))
        except InputError as error:
            message = f"kinds: {error.message.removeprefix('--kinds: ')}"
            raise ResourceError(message, path=str(path), line=_line(path, "kinds"), hint=error.hint) from None
        return
    values = value if isinstance(value, list) and (param.nargs != 1 or param.multiple) else [value]
    for each in values:
        try:
            param.type.convert(each, param, None)
        except Exception as error:  # the option's own refusal (click's BadParameter)
            reason = (getattr(error, "message", None) or str(error)).rstrip(".")
            setting = next((opt.lstrip("-") for opt in param.opts if opt.startswith("--")), param_name)
            raise ResourceError(f"{setting}: {reason}", path=str(path), line=_line(path, setting)) from None


def _line(path: Path, setting: str) -> int | None:
    """The line of `setting` (`kinds`, `run.reviews`) in the config file at `path`."""
    toml = read_toml(path)
    tool = toml.data.get("tool")
    inside = path.name == "pyproject.toml" or (isinstance(tool, dict) and "claims" in tool)
    return toml.line(f"tool.claims.{setting}" if inside else setting)


def _key(key: str) -> str:
    return key.strip().lstrip("-").replace("_", "-").lower()


def _setting_names(command: click.Command) -> dict[str, str]:
    """Setting name -> parameter name: each long option (`out` for `--out`) and each argument."""
    names: dict[str, str] = {}
    for param in command.params:
        if param.name is None:
            continue
        names[_key(param.name)] = param.name
        for opt in param.opts:
            if opt.startswith("--"):
                names[_key(opt)] = param.name
    return names


def _value(param: str, value: object, base: Path) -> object:
    if param == "kinds" and isinstance(value, list):
        return ",".join(str(v) for v in value)
    if param in PATH_SETTINGS:
        if isinstance(value, list):
            return [str(base / str(v)) for v in value]
        if isinstance(value, str):
            return str(base / value)
    return value
