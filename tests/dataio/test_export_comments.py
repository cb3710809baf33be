"""The export carries the comments on the owner's items, the owner's and their mentors', and the
import puts each back under its item's new row: the owner's as the importer's, a mentor's with
its author kept as text, giving that mentor no access. Every commentable kind is covered, as the
area registry lists them."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.audit import Actor
from apps.core.areas import commentable
from apps.core.ownership import owner_of
from apps.dataio import portability
from apps.mentoring import services as mentoring_services
from apps.mentoring.models import Comment, Notification
from apps.sharing.models import Mentorship
from tests.factories import UserFactory
from tests.worlds import world

pytestmark = pytest.mark.django_db

GOLDEN_V6 = Path(__file__).parent / "golden" / "export-v6.json"


def sample_of(sample, model):
    return next(value for value in vars(sample).values() if isinstance(value, model))


@pytest.fixture
def commented():
    """A plan with, on one item of every commentable kind, a mentor's question and the owner's
    answer to it."""
    sample, users = world()
    Comment.objects.all().delete()  # the world's own comment: only this fixture's count
    items = {kind: sample_of(sample, model) for kind, model in commentable().items()}
    for kind, item in items.items():
        question = mentoring_services.comment_create(
            author=users["mentor"], item=item, body=f"Mentor asks about the {kind}?"
        )
        mentoring_services.comment_create(
            author=users["owner"], item=item, body=f"Owner answers on the {kind}.", parent=question
        )
    return users, items


def zipped(document: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("careerbuilder.json", json.dumps(document))
    return buffer.getvalue()


def import_into_new_account(client, data: bytes):
    newcomer = UserFactory(display_name="Newcomer")
    client.force_login(newcomer)
    response = client.post(reverse("dataio:import"), {"file": SimpleUploadedFile("p.zip", data)})
    return newcomer, response


@pytest.fixture
def restored(client, commented):
    users, items = commented
    newcomer, response = import_into_new_account(client, portability.export_zip(users["owner"]))
    assert response.status_code == 200, response.content.decode()[-2000:]
    return users, items, newcomer


def restored_on(newcomer, kind) -> list[Comment]:
    content_type = ContentType.objects.get_for_model(commentable()[kind])
    return list(Comment.objects.filter(plan_owner=newcomer, content_type=content_type))


def test_every_commentable_kind_is_an_export_section():
    assert set(portability.commented_sections().values()) == set(commentable().values())


def test_the_export_names_each_comment_by_its_item_and_its_author(commented):
    users, items = commented
    rows = portability.export_document(users["owner"])["comments"]

    assert len(rows) == 2 * len(items)
    sections = {model: name for name, model in portability.commented_sections().items()}
    for kind, item in items.items():
        question, answer = [row for row in rows if row["body"].endswith(f"the {kind}?")] + [
            row for row in rows if row["body"].endswith(f"the {kind}.")
        ]
        assert (question["section"], question["item_id"]) == (sections[type(item)], item.pk)
        assert question["by_owner"] is False and answer["by_owner"] is True
        assert question["author_name"] == users["mentor"].display_name
        assert question["author_email"] == users["mentor"].email
        assert answer["parent_id"] == question["id"]
        assert question["created_at"]


def test_the_import_puts_each_comment_under_its_items_new_row(restored):
    users, items, newcomer = restored

    for kind, item in items.items():
        question, answer = restored_on(newcomer, kind)
        assert owner_of(question.item) == newcomer and str(question.item) == str(item)
        assert question.body == f"Mentor asks about the {kind}?"
        assert question.author is None
        assert question.author_full_name() == users["mentor"].display_name
        assert question.author_email == users["mentor"].email
        assert (answer.author, answer.parent, answer.item) == (newcomer, question, question.item)


def test_restored_comments_show_on_their_items_pages(client, restored):
    users, items, newcomer = restored
    client.force_login(newcomer)

    for kind in items:
        question, _answer = restored_on(newcomer, kind)
        page = client.get(question.item.get_absolute_url()).content.decode()
        assert f"Mentor asks about the {kind}?" in page
        assert f"Owner answers on the {kind}." in page
        assert users["mentor"].get_short_name() in page and "(imported)" in page


def test_a_restored_mentors_comment_gives_that_mentor_no_access(client, restored):
    users, items, newcomer = restored
    client.force_login(users["mentor"])

    assert not Mentorship.objects.filter(mentee=newcomer).exists()
    assert not Notification.objects.filter(comment__plan_owner=newcomer).exists()
    for kind in items:
        question, _answer = restored_on(newcomer, kind)
        assert client.get(question.item.get_absolute_url()).status_code == 404
    listed = {comment["id"] for comment in client.get("/api/v1/comments/").json()["results"]}
    assert listed and not listed & set(
        Comment.objects.filter(plan_owner=newcomer).values_list("pk", flat=True)
    )


def test_the_readable_export_lists_restored_comments_with_their_authors(restored):
    users, _items, newcomer = restored
    with zipfile.ZipFile(io.BytesIO(portability.export_zip(newcomer))) as archive:
        text = archive.read("careerbuilder.md").decode()
        html = archive.read("careerbuilder.html").decode()

    milestone = text.split("## Milestones")[1].split("## Learning")[0]
    assert f"> **{users['mentor'].display_name}**" in milestone
    assert "Mentor asks about the milestone?" in milestone
    assert f"> **{newcomer.display_name}**" in milestone
    assert "Mentor asks about the checkin?" in text.split("## Check-ins")[1]
    learning = text.split("## Learning")[1].split("## Opportunities")[0]
    assert "Mentor asks about the skill?" in learning
    assert "Mentor asks about the learningitem?" in learning
    assert "Mentor asks about the learningitem?" in html


def test_restored_comments_export_again_with_their_authors(restored):
    users, _items, newcomer = restored
    rows = portability.export_document(newcomer)["comments"]

    mentors = [row for row in rows if not row["by_owner"]]
    assert {row["author_email"] for row in mentors} == {users["mentor"].email}
    assert {row["author_email"] for row in rows if row["by_owner"]} == {newcomer.email}


def test_a_deleted_comment_keeps_its_place_in_the_thread(client, commented):
    users, _items = commented
    question = Comment.objects.filter(author=users["mentor"]).first()
    mentoring_services.comment_delete(comment=question, actor=Actor(users["mentor"]))

    newcomer, response = import_into_new_account(client, portability.export_zip(users["owner"]))

    assert response.status_code == 200
    kept = Comment.objects.get(plan_owner=newcomer, deleted_at__isnull=False)
    assert kept.body == "" and kept.replies.count() == 1


def test_a_version_6_export_imports_with_no_comments(client):
    document = json.loads(GOLDEN_V6.read_text())
    assert document["version"] == 6 and "comments" not in document

    newcomer, response = import_into_new_account(client, zipped(document))

    assert response.status_code == 200
    assert newcomer.milestones.exists()
    assert not Comment.objects.filter(plan_owner=newcomer).exists()


def test_bad_comments_are_each_named_and_nothing_is_imported(client):
    document = json.loads(GOLDEN_V6.read_text())
    milestone = document["milestones"][0]["id"]
    document["version"] = portability.VERSION
    document["comments"] = [
        {"id": 1, "section": "values", "item_id": 1, "by_owner": True, "body": "On a value"},
        {"id": 2, "section": "milestones", "item_id": 999, "by_owner": True, "body": "Lost"},
        {"id": 3, "section": "milestones", "item_id": milestone, "by_owner": False, "body": "?"},
        {"id": 4, "section": "milestones", "item_id": milestone, "by_owner": "yes", "body": "x"},
        {"id": 5, "section": ["x"], "item_id": [1], "parent_id": {}, "by_owner": True},
        {
            "id": 6,
            "section": "milestones",
            "item_id": milestone,
            "parent_id": 2,
            "by_owner": True,
            "body": "A reply to nothing",
        },
    ]

    newcomer, response = import_into_new_account(client, zipped(document))

    page = response.content.decode()
    assert response.status_code == 400
    assert "comments, row 1: section must be one of:" in page
    assert "comments, row 2: item_id 999 names no row in “milestones”" in page
    assert "comments, row 3: A comment needs its author" in page
    assert "comments, row 4: by_owner must be true or false" in page
    assert "comments, row 5: section must be one of:" in page
    assert "comments, row 6: parent_id must be an earlier comment on the same item" in page
    assert not newcomer.milestones.exists()
    assert not Comment.objects.filter(plan_owner=newcomer).exists()
