"""docs/security.md names, for each risk, the test that covers it: each named test exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_test_the_threat_model_names_exists():
    text = (ROOT / "docs" / "security.md").read_text()
    named = re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`", text)
    previous_file = None
    for path, name in named:
        source = (ROOT / path).read_text()
        previous_file = path
        if name:
            assert re.search(rf"^def {name}\(", source, re.M), f"{path}::{name} is missing"
    assert previous_file, "the threat model names no test"
    for name in re.findall(r"`::(\w+)`", text):  # shorthand for the file named before it
        assert any(re.search(rf"^def {name}\(", (ROOT / p).read_text(), re.M) for p, _ in named), (
            f"::{name} is missing"
        )
