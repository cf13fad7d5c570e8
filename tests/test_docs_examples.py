"""Every example in the docs and the README runs as pasted from the repository root.

Each Markdown file's ``python`` blocks run in order in one namespace, its ``sh``
blocks line by line in bash (``medclaims`` is this tree's ``python -m medclaims.cli``), in a
scratch folder laid out like the repository root (``samples/`` and ``docs/``
linked), so examples that write files leave nothing behind.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"```(python|sh)\n(.*?)```", re.DOTALL)


def _blocks(path: Path) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _BLOCK.finditer(path.read_text(encoding="utf-8"))]


def _commands(block: str) -> list[str]:
    """The ``medclaims`` command lines of a shell block (continuations joined)."""
    lines = block.replace("\\\n", " ").splitlines()
    out = []
    for line in lines:
        line = line.strip()
        if line.startswith("medclaims "):
            out.append(line)
    return out


@pytest.fixture
def root_like(tmp_path: Path) -> Path:
    for name in ("samples", "docs", "benchmarks", "scripts"):
        (tmp_path / name).symlink_to(ROOT / name)
    return tmp_path


@pytest.mark.parametrize("path", [p for p in DOCS if _blocks(p)], ids=lambda p: p.name)
def test_examples_run_as_pasted(path: Path, root_like: Path) -> None:
    namespace: dict[str, object] = {"__name__": "docs_example"}
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    for name in [n for n in env if n.startswith("MEDCLAIMS_")]:
        del env[name]
    cwd = os.getcwd()
    os.chdir(root_like)
    try:
        for kind, block in _blocks(path):
            if kind == "python":
                exec(compile(block, str(path.name), "exec"), namespace)
                continue
            for command in _commands(block):
                # The shell runs the line as pasted; `medclaims` is the module of this tree.
                script = f'medclaims() {{ "{sys.executable}" -m medclaims.cli "$@"; }}\n{command}'
                done = subprocess.run(
                    ["bash", "-c", script], capture_output=True, env=env, timeout=300
                )
                assert b"Traceback" not in done.stderr, (command, done.stderr[-1500:])
                assert done.returncode == 0, (command, done.stderr[-1500:])
    finally:
        os.chdir(cwd)
