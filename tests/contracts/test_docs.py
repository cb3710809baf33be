"""Docs that cannot drift: every `apps/…` path and `apps.…` Python name the docs and the README
mention exists, and the layer picture is what the import contract draws."""

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PATH = re.compile(r"\bapps/[\w/.]*\w")  # apps/inbound/parsing.py, apps/reminders/sources
NAME = re.compile(r"\bapps(?:\.\w+){1,5}")  # apps.core.limits, apps.network.services.email_log


def mentions(pattern) -> list[tuple[str, str]]:
    found = set()
    for doc in DOCS:
        for line in doc.read_text().splitlines():
            for match in pattern.finditer(line):
                if "<" not in line[match.start() : match.end() + 1]:  # apps/<area>/models.py
                    found.add((doc.name, match.group().rstrip(".")))
    return sorted(found)


@pytest.mark.parametrize(("doc", "path"), mentions(PATH))
def test_every_path_the_docs_mention_exists(doc, path):
    assert (ROOT / path).exists(), f"{doc} mentions {path}, which is not there"


def importable(name: str) -> bool:
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            thing = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(thing, attribute):
                return False
            thing = getattr(thing, attribute)
        return True
    return False


@pytest.mark.parametrize(("doc", "name"), mentions(NAME))
def test_every_python_name_the_docs_mention_exists(doc, name):
    assert importable(name), f"{doc} mentions {name}, which does not exist"


def test_the_layer_picture_is_what_the_contract_draws():
    checked = subprocess.run(
        [sys.executable, "scripts/layers.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
