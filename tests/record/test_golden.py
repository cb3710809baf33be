"""Golden files of the Markdown documents: the readable export of a known plan and the brag
document of its years. A change to either is a change to these reviewed files, made on purpose
(UPDATE_GOLDEN=1 rewrites them; review the diff). Ids in addresses depend on the database's
sequences, so they read <id> here."""

import datetime
import os
import re
from pathlib import Path

import pytest
import time_machine

from apps.dataio.readable import readable_markdown
from apps.record import render, selectors
from tests.factories import UserFactory
from tests.worlds import one_of_everything

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent / "golden"
NOW = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)


def _stable(text: str) -> str:
    return re.sub(r"/\d+/", "/<id>/", re.sub(r"#comment-\d+", "#comment-<id>", text))


def _matches(name: str, text: str) -> None:
    golden = HERE / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text)
    assert text == golden.read_text()


@pytest.fixture
def maya(settings):
    settings.SITE_URL = "https://careerbuilder.example"
    with time_machine.travel(NOW, tick=False):
        owner = UserFactory(email="maya@example.com", display_name="Maya Okafor")
        plan = one_of_everything(owner)
    return owner, plan


def test_the_readable_export_is_the_golden_file(maya):
    owner, _plan = maya
    with time_machine.travel(NOW, tick=False):
        _matches("careerbuilder.md", _stable(readable_markdown(owner)))


def test_the_brag_document_is_the_golden_file(maya):
    _owner, plan = maya
    version = plan.brag_document.versions.get()
    with time_machine.travel(NOW, tick=False):
        for by in ("horizon", "value"):
            markdown = render.as_markdown(selectors.printable(version, by=by))
            _matches(f"brag-by-{by}.md", _stable(markdown))
