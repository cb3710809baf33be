"""Draws docs/layers.svg from the import-linter contract in pyproject.toml: one band per layer,
top to bottom, the apps of a layer side by side, each with its AppConfig's `summary`.

    python scripts/layers.py            # writes docs/layers.svg
    python scripts/layers.py --check    # fails if docs/layers.svg is not what the contract draws
"""

import html
import os
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIDTH, BAND, GAP, MARGIN = 720, 40, 10, 20


def layers() -> list[list[str]]:
    contract = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    [layered] = [c for c in contract["contracts"] if c["type"] == "layers"]
    return [[app.strip() for app in layer.split("|")] for layer in layered["layers"]]


def summaries() -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerbuilder.settings")
    import django
    from django.apps import apps

    django.setup()
    return {
        config.label: getattr(config, "summary", "")
        for config in apps.get_app_configs()
        if config.name.startswith("apps.")
    }


def svg(layers: list[list[str]], notes: dict[str, str]) -> str:
    height = MARGIN + len(layers) * (BAND + GAP)
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="system-ui, sans-serif" font-size="14">',
        "  <title>careerbuilder's apps in layers: each imports only the layers beneath it</title>",
        "  <style>",
        "    .layer { fill: #eef3f8; stroke: #1f4e79; stroke-width: 1.5; }",
        "    .top { fill: #fdf1e4; stroke: #a85b12; }",
        "    .base { fill: #e9f5ec; stroke: #2e7d4f; }",
        "    .name { font-weight: 600; fill: #1c2430; }",
        "    .note { fill: #5b6675; font-size: 12px; }",
        "  </style>",
        "  <g>",
    ]
    for number, layer in enumerate(layers):
        y = 10 + number * (BAND + GAP)
        kind = "top" if number < 2 else "base" if number == len(layers) - 1 else ""
        width = (WIDTH - 2 * MARGIN - (len(layer) - 1) * MARGIN) // len(layer)
        for position, app in enumerate(layer):
            x = MARGIN + position * (width + MARGIN)
            note = html.escape(notes.get(app, ""))
            classes = " ".join(filter(None, ["layer", kind]))
            lines.append(
                f'    <rect class="{classes}" x="{x}" y="{y}" width="{width}" height="{BAND}" '
                f'rx="6"/><text class="name" x="{x + 15}" y="{y + 25}">{app}</text>'
                f'<text class="note" x="{x + 25 + 9 * len(app)}" y="{y + 25}">{note}</text>'
            )
    lines += ["  </g>", "</svg>", ""]
    return "\n".join(lines)


def main() -> int:
    drawn = svg(layers(), summaries())
    target = ROOT / "docs" / "layers.svg"
    if "--check" in sys.argv:
        if target.read_text() != drawn:
            print("docs/layers.svg is not what pyproject.toml's contract draws: run make layers")
            return 1
        return 0
    target.write_text(drawn)
    return 0


if __name__ == "__main__":
    sys.exit(main())
