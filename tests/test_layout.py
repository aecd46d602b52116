"""The package's layout follows the flow: one folder per stage, each with its public face, every
module named in the module map (docs/modules.md), none past 400 lines."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import claims

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("text", "ingest", "quantities", "extraction", "validation", "conflicts", "output")
MAP = (ROOT / "docs" / "modules.md").read_text(encoding="utf-8")
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(claims.__path__, "claims.")
    if not info.ispkg and not info.name.endswith(".__main__")
)


def _section(package: str) -> str:
    """The part of the module map under the heading of `claims/<package>/`."""
    start = MAP.index(f"## `claims/{package}/`")
    following = MAP.find("\n## ", start + 1)
    return MAP[start : following if following != -1 else len(MAP)]


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_has_its_folder_and_its_place_in_the_map(stage: str) -> None:
    assert (ROOT / "claims" / stage / "__init__.py").is_file()
    assert f"## `claims/{stage}/`" in MAP


@pytest.mark.parametrize("name", [m for m in MODULES if m.count(".") == 2 and m.split(".")[1] in STAGES])
def test_the_map_names_every_module_of_a_stage(name: str) -> None:
    _, package, module = name.split(".")
    assert f"| `{module}.py` |" in _section(package)


@pytest.mark.parametrize("name", MODULES)
def test_no_module_runs_past_400_lines(name: str) -> None:
    path = ROOT / Path(*name.split(".")).with_suffix(".py")
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


@pytest.mark.parametrize("stage", STAGES)
def test_each_public_name_of_a_stage_loads_from_its_module(stage: str) -> None:
    package = importlib.import_module(f"claims.{stage}")
    for name, module in package._PUBLIC.items():
        assert getattr(package, name) is getattr(importlib.import_module(module), name)
    assert sorted(package.__all__) == sorted(package._PUBLIC)


def test_a_submodule_does_not_shadow_a_public_name_of_its_stage() -> None:
    for stage in STAGES:
        package = importlib.import_module(f"claims.{stage}")
        for name in package._PUBLIC:
            assert not (ROOT / "claims" / stage / f"{name}.py").exists(), f"claims.{stage}.{name}"
