"""The translation catalogues in locale/: extract, fill, check.

    python scripts/i18n.py extract PATH...            the strings marked in these files (JSON lines)
    python scripts/i18n.py missing FILE.json PATH...  those FILE.json does not translate yet
    python scripts/i18n.py fill FILE.json...          fills the catalogues' empty entries
    python scripts/i18n.py check                      fails on an untranslated or fuzzy entry

Translations travel as JSON (a list of {"msgid", "plural"?, "context"?, "<lang>": str | [str]})
because that is what a translator, a platform's export or a script writes most easily; the .po
files stay the source of truth that Django compiles. polib reads and writes them (a well-kept
library: gettext's own format has corners a hand-written parser gets wrong).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
# the catalogues' directory names (Django's to_locale of settings.LANGUAGES, English aside; a
# test checks the two lists agree)
LANGUAGES = ("de", "fr", "es", "pt_BR", "ar")
DOMAINS = ("django", "djangojs")
# what the tree holds besides the app's own sources (collected static files, benchmarks' output)
NOT_OURS = ("staticfiles/*", "var/*", "node_modules/*", "tests/*", "bench/*", "docs/*")
COUNTS = {"%(count)s", "%(counter)s", "%(n)s", "%(number)s"}  # a plural's "one" may spell it out
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]|\{[^{}]*\}")


def _key(entry) -> tuple:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _makemessages(root: Path, languages=LANGUAGES, extra=()) -> None:
    for domain, extensions in (("django", "html,txt,py"), ("djangojs", "js")):
        command = [sys.executable, "-m", "django", "makemessages", "-d", domain, "-e", extensions]
        command += [f"-l={language}" for language in languages]
        command += ["--no-obsolete", "--add-location=file", *extra]
        command += [f"--ignore={path}" for path in NOT_OURS]
        subprocess.run(command, cwd=root, check=True, capture_output=True, env=_plain_env())


def _plain_env() -> dict:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)  # makemessages needs no settings, only ./locale
    return env


def extract(paths: list[str]) -> list:
    """The entries marked in `paths`, read the way `make messages` reads the whole tree."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for path in paths:
            for source in [Path(path)] if Path(path).is_file() else Path(path).rglob("*"):
                if source.is_file() and source.suffix in {".py", ".html", ".txt", ".js"}:
                    target = root / source.resolve().relative_to(ROOT)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(source, target)
        (root / "locale").mkdir()
        _makemessages(root, languages=("de",))
        entries = []
        for domain in DOMAINS:
            po = root / "locale" / "de" / "LC_MESSAGES" / f"{domain}.po"
            if po.exists():
                entries += [entry for entry in polib.pofile(str(po)) if not entry.obsolete]
        return entries


def _translations(files: list[str]) -> dict:
    found = {}
    for file in files:
        for item in json.loads(Path(file).read_text(encoding="utf-8")):
            found[(item.get("context", ""), item["msgid"], item.get("plural", ""))] = item
    return found


def _plural_count(po) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match[1]) if match else 2


def _set(entry, value, nplurals: int) -> bool:
    if entry.msgid_plural:
        forms = [value] if isinstance(value, str) else list(value)
        if not forms or not all(forms):
            return False
        forms += [forms[-1]] * (nplurals - len(forms))  # e.g. Spanish's form for millions
        entry.msgstr_plural = dict(enumerate(forms[:nplurals]))
    else:
        if not isinstance(value, str) or not value:
            return False
        entry.msgstr = value
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    return True


def fill(files: list[str]) -> None:
    found = _translations(files)
    _makemessages(ROOT)
    for language in LANGUAGES:
        for domain in DOMAINS:
            path = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
            if not path.exists():
                continue
            po = polib.pofile(str(path), wrapwidth=100)
            po.metadata["Language"] = language
            nplurals = _plural_count(po)
            for entry in po:
                item = found.get(_key(entry))
                if item and language in item and (not entry.translated() or entry.fuzzy):
                    _set(entry, item[language], nplurals)
            po.save()
            po.save_as_mofile(str(path.with_suffix(".mo")))


def problems() -> list[str]:
    found = []
    for language in LANGUAGES:
        for domain in DOMAINS:
            path = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
            if not path.exists():
                found.append(f"{path.relative_to(ROOT)}: missing")
                continue
            po = polib.pofile(str(path))
            for entry in po:
                where = f"{path.relative_to(ROOT)}: {entry.msgid[:60]!r}"
                if entry.obsolete:
                    continue
                if entry.fuzzy:
                    found.append(f"{where} is fuzzy")
                elif not entry.translated():
                    found.append(f"{where} is not translated")
                else:
                    found += [f"{where} {issue}" for issue in _placeholder_issues(entry)]
    return found


def _placeholder_issues(entry) -> list[str]:
    issues = []
    sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    wanted = set().union(*(set(PLACEHOLDER.findall(text)) for text in sources))
    named = {p for p in wanted if p.startswith("%(") or p.startswith("{")}
    targets = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    for target in targets:
        have = set(PLACEHOLDER.findall(target))
        if have - wanted:
            issues.append(f"has placeholders the original lacks: {sorted(have - wanted)}")
        # a plural form may leave the count out ("one item"), never a named value
        if (not entry.msgid_plural and wanted - have) or named - have - COUNTS:
            issues.append(f"loses placeholders: {sorted(wanted - have)}")
    return issues


def _as_line(entry) -> str:
    return json.dumps(
        {
            "msgid": entry.msgid,
            "plural": entry.msgid_plural or None,
            "context": entry.msgctxt or None,
        },
        ensure_ascii=False,
    )


def main(argv: list[str]) -> int:
    command, args = argv[0], argv[1:]
    if command == "extract":
        for entry in extract(args):
            print(_as_line(entry))
    elif command == "missing":
        found = _translations([args[0]])
        for entry in extract(args[1:]):
            item = found.get(_key(entry), {})
            if not all(item.get(language) for language in LANGUAGES):
                print(_as_line(entry))
    elif command == "fill":
        fill(args)
    elif command == "check":
        found = problems()
        print("\n".join(found) or "Every catalogue is complete.")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
