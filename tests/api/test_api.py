import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.audit import Actor
from apps.api.models import PersonalAccessToken
from apps.api.services import token_create
from apps.milestones.models import Milestone
from tests.factories import ContactFactory, MentorshipFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def bearer(user):
    _token, secret = token_create(user=user, name="script", actor=Actor(user))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_the_owner_creates_reads_updates_and_deletes_a_milestone(api, user):
    created = api.post(
        f"{API}/milestones/", {"title": "Give a talk", "horizon": 1, "kind": "challenge"}
    )
    assert created.status_code == 201
    pk = created.json()["id"]

    assert api.get(f"{API}/milestones/{pk}/").json()["title"] == "Give a talk"
    done = api.patch(f"{API}/milestones/{pk}/", {"status": "done"})
    assert done.json()["progress"] == 100 and done.json()["closed_on"]
    assert api.delete(f"{API}/milestones/{pk}/").status_code == 204
    assert not Milestone.objects.exists()


def test_bad_input_answers_400_with_the_reason(api):
    response = api.post(f"{API}/milestones/", {"title": "", "horizon": 3, "progress": 150})

    assert response.status_code == 400
    body = response.json()
    assert set(body) >= {"title", "horizon", "progress"}
    assert body["progress"] == ["Progress is a percentage from 0 to 100."]


def test_lists_are_paginated_and_filtered(api, user):
    MilestoneFactory(owner=user, status="done", target_date="2026-01-10")
    MilestoneFactory(owner=user, status="planned", target_date="2026-05-10")

    page = api.get(f"{API}/milestones/", {"status": "planned"}).json()
    assert page["count"] == 1 and "next" in page and page["results"][0]["status"] == "planned"
    page = api.get(f"{API}/milestones/", {"target_date_after": "2026-03-01"}).json()
    assert [m["target_date"] for m in page["results"]] == ["2026-05-10"]


def test_linking_another_users_milestone_is_a_400(api, other_user):
    theirs = MilestoneFactory(owner=other_user)

    response = api.post(f"{API}/steps/", {"milestone": theirs.pk, "title": "Sneak in"})

    assert response.status_code == 400
    assert "milestone" in response.json()


def test_a_mentor_reads_what_is_shared_and_changes_nothing(user):
    mentor = UserFactory()
    MentorshipFactory(mentee=user, mentor=mentor, share_network=False)
    milestone = MilestoneFactory(owner=user)
    contact = ContactFactory(owner=user)
    client = APIClient()
    client.force_authenticate(mentor)

    assert client.get(f"{API}/milestones/{milestone.pk}/").status_code == 200
    assert client.get(f"{API}/contacts/{contact.pk}/").status_code == 404
    assert (
        client.patch(f"{API}/milestones/{milestone.pk}/", {"title": "Mine now"}).status_code == 404
    )
    assert client.delete(f"{API}/milestones/{milestone.pk}/").status_code == 404
    milestone.refresh_from_db()
    assert milestone.title != "Mine now"


def test_a_mentor_comments_through_the_api(user):
    mentor = UserFactory()
    MentorshipFactory(mentee=user, mentor=mentor, share_network=False)
    milestone = MilestoneFactory(owner=user)
    contact = ContactFactory(owner=user)
    client = APIClient()
    client.force_authenticate(mentor)

    created = client.post(
        f"{API}/comments/", {"item_kind": "milestone", "item_id": milestone.pk, "body": "Nice"}
    )
    refused = client.post(
        f"{API}/comments/", {"item_kind": "contact", "item_id": contact.pk, "body": "Peek"}
    )
    unknown = client.post(f"{API}/comments/", {"item_kind": "user", "item_id": 1, "body": "x"})

    assert created.status_code == 201
    assert created.json()["item"] == {"kind": "milestone", "id": milestone.pk}
    assert refused.status_code == 404
    assert unknown.status_code == 400 and "item_kind" in unknown.json()


def test_a_personal_access_token_works_and_records_its_last_use(user):
    client = bearer(user)

    response = client.get(f"{API}/milestones/")

    assert response.status_code == 200
    assert PersonalAccessToken.objects.get(user=user).last_used_at is not None


def test_a_revoked_or_unknown_token_is_refused_with_a_reason(user, client):
    api_client = bearer(user)
    client.force_login(user)
    token = PersonalAccessToken.objects.get(user=user)
    client.post(reverse("api:token_revoke", args=[token.pk]))

    response = api_client.get(f"{API}/milestones/")

    assert response.status_code == 401
    assert response.json() == {"detail": "This token is not valid or has been revoked."}
    assert response["WWW-Authenticate"] == "Bearer"


def test_tokens_are_shown_once_and_stored_hashed(user_client, user):
    response = user_client.post(reverse("api:tokens"), {"name": "Spreadsheet"})

    page = response.content.decode()
    secret = page.split('id="new-token" value="')[1].split('"')[0]
    token = PersonalAccessToken.objects.get(user=user)
    assert secret.startswith("cb_") and secret not in token.token_hash
    assert secret not in user_client.get(reverse("api:tokens")).content.decode()


def test_anonymous_callers_get_401(client):
    assert client.get(f"{API}/milestones/").status_code == 401


def test_the_openapi_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    docs = client.get(reverse("api:docs")).content.decode()

    assert schema.status_code == 200
    assert "/api/v1/milestones/" in schema.content.decode()
    assert "/static/drf_spectacular_sidecar/" in docs
    assert "cdn." not in docs and "unpkg" not in docs and "jsdelivr" not in docs


@pytest.mark.parametrize("milestones", [1, 60])
def test_api_list_queries_do_not_grow(api, user, django_assert_max_num_queries, milestones):
    for _ in range(milestones):
        ContactFactory(owner=user).milestones.add(MilestoneFactory(owner=user))

    with django_assert_max_num_queries(8):
        assert api.get(f"{API}/contacts/").status_code == 200
    with django_assert_max_num_queries(6):
        assert api.get(f"{API}/milestones/").status_code == 200


@pytest.mark.parametrize(
    ("endpoint", "parameter", "factory"),
    [
        ("ledger-entries", "job", "job"),
        ("steps", "milestone", "milestone"),
        ("interactions", "contact", "contact"),
    ],
)
def test_filtering_by_anothers_item_answers_like_a_missing_one(api, endpoint, parameter, factory):
    from tests import factories

    theirs = getattr(factories, f"{factory.title()}Factory")()

    forbidden = api.get(f"{API}/{endpoint}/", {parameter: theirs.pk})
    missing = api.get(f"{API}/{endpoint}/", {parameter: theirs.pk + 10_000})

    assert forbidden.status_code == missing.status_code == 200
    assert forbidden.json()["results"] == missing.json()["results"] == []


def test_replying_to_anothers_comment_answers_like_a_missing_one(api, user):
    from apps.mentoring import services as mentoring_services

    stranger_item = MilestoneFactory()
    theirs = mentoring_services.comment_create(
        author=stranger_item.owner, item=stranger_item, body="Private"
    )
    mine = MilestoneFactory(owner=user)

    def reply_to(parent):
        return api.post(
            f"{API}/comments/",
            {"item_kind": "milestone", "item_id": mine.pk, "body": "Hi", "parent": parent},
        )

    forbidden, missing = reply_to(theirs.pk), reply_to(theirs.pk + 10_000)

    assert forbidden.status_code == missing.status_code == 400
    assert list(forbidden.json()) == list(missing.json()) == ["parent"]
    assert forbidden.json()["parent"][0].replace(str(theirs.pk), "N") == missing.json()["parent"][
        0
    ].replace(str(theirs.pk + 10_000), "N")


@pytest.mark.parametrize(
    "tail",
    ["nothing/", "steps/%0A/", "steps/x%0Ay", "steps/%0D%0A", "%F0%94%87%A1%0A/", "steps/1/x"],
)
def test_any_other_api_address_answers_json(api, tail):
    response = api.get(f"{API}/{tail}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]  # a line break in the path once fell through to HTML
