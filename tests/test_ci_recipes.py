"""The CI recipes the repository ships: its GitHub Actions workflow runs the README's test command,
and its pre-commit hook, copied into a scratch repository, blocks a commit that adds a conflicting
figure and lets a harmless one through."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _readme_test_command() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text)[1].strip()


def test_the_workflow_runs_the_readme_test_command() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["tests"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert any("bash .ci/run" in run for run in runs)
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8").replace("pip install -q ", "pip install ")
    assert _readme_test_command() in ci_run
    assert any(step.get("uses", "").startswith("actions/checkout") for step in steps)


def test_the_docs_install_this_project_not_the_unrelated_package() -> None:
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```(?:sh|yaml|bash)\n(.*?)```", docs, re.S))
    installs = re.findall(r"pip install ([^\n#`]+)", blocks)
    assert installs and all(not re.fullmatch(r"\s*claims\s*", line) for line in installs), installs
    name = re.search(r'^name = "([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert name is not None and name.group(1) == "claims-news"
    assert all("claims-news" in line or "./" in line for line in installs), installs


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@x", "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")}  # fmt: skip
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None, reason="no pre-commit")
@pytest.mark.skipif(shutil.which("claims") is None, reason="the claims command is not installed")
def test_the_hook_blocks_a_commit_that_adds_a_conflicting_figure(tmp_path: Path) -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    # The repository's own hook definition, run as a local hook with the claims already installed.
    local = {**hook, "language": "system"}
    repo = tmp_path / "news"
    (repo / "corpus").mkdir(parents=True)
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}), encoding="utf-8"
    )
    (repo / "claims.toml").write_text('[check]\npaths = ["corpus"]\n', encoding="utf-8")
    (repo / "corpus" / "a.md").write_text("# 收购\n\nOpenAI以64亿美元收购io公司。\n", encoding="utf-8")
    assert _git(repo, "init", "-q").returncode == 0
    installed = subprocess.run(
        ["pre-commit", "install"], cwd=repo, capture_output=True, text=True, timeout=300
    )
    assert installed.returncode == 0, installed.stderr
    _git(repo, "add", ".")
    first = _git(repo, "commit", "-qm", "one deal")
    assert first.returncode == 0, first.stdout + first.stderr
    (repo / "corpus" / "b.md").write_text(
        "# 收购\n\n另一家媒体称，OpenAI以80亿美元收购io公司。\n", encoding="utf-8"
    )
    _git(repo, "add", ".")
    blocked = _git(repo, "commit", "-qm", "a second figure for the same deal")
    assert blocked.returncode != 0
    assert "FAILED" in blocked.stdout + blocked.stderr and "b.md" in blocked.stdout + blocked.stderr
    (repo / "corpus" / "b.md").write_text("# 发布\n\nGPT-5 在 MMLU 上得分 90%。\n", encoding="utf-8")
    _git(repo, "add", ".")
    harmless = _git(repo, "commit", "-qm", "an unrelated figure")
    assert harmless.returncode == 0, harmless.stdout + harmless.stderr
