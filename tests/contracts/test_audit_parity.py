"""The same action leaves the same audit trail whichever road it came by: every object the API
deletes is deleted through the service the web uses, which records it (with the road)."""

import pytest
from django.urls import resolve, reverse
from rest_framework.test import APIClient

from apps.accounts.models import SecurityEvent, SecurityEventKind
from apps.api.urls import router
from tests.worlds import world

pytestmark = pytest.mark.django_db

# API basename → the web page that deletes the same object, and the sample object.
WEB_TWIN = {
    "value": ("vision:value_delete", "value"),
    "job": ("vision:job_delete", "job"),
    "ledgerentry": ("vision:ledger_delete", "ledger_entry"),
    "milestone": ("milestones:delete", "milestone"),
    "step": ("milestones:step_delete", "step"),
    "skill": ("learning:skill_delete", "skill"),
    "learningitem": ("learning:item_delete", "learning_item"),
    "contact": ("network:contact_delete", "contact"),
    "interaction": ("network:interaction_delete", "interaction"),
    "event": ("network:event_delete", "event"),
    "checkin": ("checkins:delete", "checkin"),
    "comment": ("mentoring:comment_delete", "mentor_comment"),
    "opportunity": ("opportunities:delete", "opportunity"),
    "talkingpoint": ("meetings:point_delete", "talking_point"),
    "actionitem": ("meetings:action_delete", "action_item"),
}


def deletable_through_the_api() -> set[str]:
    return {
        basename
        for _prefix, viewset, basename in router.registry
        if "delete" in getattr(viewset, "http_method_names", ["delete"])
    }


def test_every_api_delete_has_a_web_twin():
    assert deletable_through_the_api() == set(WEB_TWIN)


def trail(user) -> tuple:
    event = SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.DELETED).first()
    assert event is not None, "no deletion was recorded"
    return event.kind, event.detail, event.road


@pytest.mark.parametrize("basename", sorted(WEB_TWIN))
def test_a_delete_leaves_the_same_trail_from_the_web_and_the_api(client, basename):
    route, attribute = WEB_TWIN[basename]
    actor_role = "mentor" if basename == "comment" else "owner"

    web_sample, web_users = world()
    client.force_login(web_users[actor_role])
    url = reverse(route, args=[getattr(web_sample, attribute).pk])
    assert client.post(url).status_code == 302

    api_sample, api_users = world()
    api = APIClient()
    api.force_authenticate(api_users[actor_role])
    detail = reverse(f"api:{basename}-detail", args=[getattr(api_sample, attribute).pk])
    assert resolve(detail).url_name == f"{basename}-detail"
    assert api.delete(detail).status_code == 204

    web_kind, web_detail, web_road = trail(web_users[actor_role])
    api_kind, api_detail, api_road = trail(api_users[actor_role])
    assert (web_kind, web_detail) == (api_kind, api_detail)
    assert (web_road, api_road) == ("web", "api")
