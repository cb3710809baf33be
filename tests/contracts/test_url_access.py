"""Every URL of the project × every role, with the exact status each must get.

The URLconf is walked, so a new URL fails these tests until it is given its rule here.
Roles: the plan's owner, a mentor with every area shared, a mentor with nothing shared, a former
mentor (the mentorship ended), another user, and an anonymous visitor.
"""

import pytest
from django.urls import resolve, reverse

from apps.api.urls import router
from tests.urlconf import project_routes
from tests.worlds import world

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other", "former", "unshared", "mentor", "owner"]  # owner last: it deletes


def expect(owner, mentor=404, unshared=404, former=404, other=404, anonymous=302):
    return {
        "owner": owner,
        "mentor": mentor,
        "unshared": unshared,
        "former": former,
        "other": other,
        "anonymous": anonymous,
    }


def everyone(status, anonymous=302):
    return expect(status, status, status, status, status, anonymous)


VIEW = expect(200, mentor=200)  # a plan item's page: the owner and a mentor it is shared with
EDIT = expect(200)  # a page that changes a plan item: the owner only
PAIR = expect(200, mentor=200)  # a page of the pair's record: its two sides
PAIR_POST = expect(302, mentor=302)


def post(owner_status):
    return ("post", expect(owner_status))


def pk(attribute):
    return lambda plan: {"pk": getattr(plan, attribute).pk}


# route name → (method, sample arguments, expected status per role)
RULES = {
    "landing": ("get", None, everyone(302, anonymous=200)),
    "healthz": ("get", None, everyone(200, anonymous=200)),
    "metrics": ("get", None, everyone(404, anonymous=404)),  # off without METRICS_TOKEN
    # installing the app and its offline pages: public, nothing personal (apps/dashboard/pwa.py)
    "manifest": ("get", None, everyone(200, anonymous=200)),
    "service_worker": ("get", None, everyone(200, anonymous=200)),
    "offline": ("get", None, everyone(200, anonymous=200)),
    "offline_saved": ("get", None, everyone(200, anonymous=200)),
    # the JavaScript catalogue and a visitor's choice of language: public, nothing personal
    "javascript-catalog": ("get", None, everyone(200, anonymous=200)),
    "set_language": ("post", None, everyone(302, anonymous=302)),
    # mentors without a plan of their own land on their mentees
    "dashboard": ("get", None, expect(200, mentor=302, unshared=302, former=200, other=200)),
    "today": ("get", None, everyone(200)),
    # an item that is not on the visitor's own list is "no longer on your list", changing nothing
    "today_done": ("post", lambda plan: {"key": f"step:{plan.step.pk}"}, everyone(302)),
    "today_snooze": ("post", lambda plan: {"key": f"step:{plan.step.pk}"}, everyone(302)),
    "setup": ("get", None, everyone(302)),
    "setup_step": ("get", lambda plan: {"step": "values"}, everyone(302)),
    "setup_skip": ("post", lambda plan: {"step": "values"}, everyone(302)),
    "accounts:profile": ("get", None, everyone(200)),
    "accounts:delete": ("get", None, everyone(200)),
    # vision
    "vision:index": ("get", None, everyone(200)),
    "vision:edit": ("get", None, everyone(200)),
    "vision:history": ("get", None, everyone(200)),
    "vision:values": ("get", None, everyone(200)),
    "vision:horizon_detail": ("get", pk("horizon"), VIEW),
    "vision:value_edit": ("get", pk("value"), EDIT),
    "vision:value_delete": ("get", pk("value"), EDIT),
    "vision:value_move": ("post", pk("value"), expect(302)),
    "vision:jobs": ("get", None, everyone(200)),
    "vision:job_create": ("get", None, everyone(200)),
    "vision:job_detail": ("get", pk("job"), VIEW),
    "vision:job_edit": ("get", pk("job"), EDIT),
    "vision:job_delete": ("get", pk("job"), EDIT),
    "vision:ledger_create": ("get", pk("job"), EDIT),
    "vision:ledger_edit": ("get", pk("ledger_entry"), EDIT),
    "vision:ledger_delete": ("get", pk("ledger_entry"), EDIT),
    # milestones
    "milestones:index": ("get", None, everyone(200)),
    "milestones:create": ("get", None, everyone(200)),
    "milestones:detail": ("get", pk("milestone"), VIEW),
    "milestones:edit": ("get", pk("milestone"), EDIT),
    "milestones:delete": ("get", pk("milestone"), EDIT),
    "milestones:status": ("post", pk("milestone"), expect(400)),
    "milestones:reflect": ("post", pk("milestone"), expect(302)),
    "milestones:step_create": ("post", pk("milestone"), expect(200)),
    "milestones:step_toggle": ("post", pk("step"), expect(302)),
    "milestones:step_move": ("post", pk("step"), expect(400)),
    "milestones:step_edit": ("get", pk("step"), EDIT),
    "milestones:step_delete": ("get", pk("step"), EDIT),
    # learning
    "learning:index": ("get", None, everyone(200)),
    "learning:skill_create": ("get", None, everyone(200)),
    "learning:skill_detail": ("get", pk("skill"), VIEW),
    "learning:skill_edit": ("get", pk("skill"), EDIT),
    "learning:skill_delete": ("get", pk("skill"), EDIT),
    "learning:item_create": ("get", None, everyone(200)),
    "learning:item_detail": ("get", pk("learning_item"), VIEW),
    "learning:item_edit": ("get", pk("learning_item"), EDIT),
    "learning:item_delete": ("get", pk("learning_item"), EDIT),
    # network
    # posted with nothing chosen: the list again, with what to choose (400)
    "network:contacts_bulk_edit": ("post", None, everyone(400)),
    "network:index": ("get", None, everyone(200)),
    "network:contact_create": ("get", None, everyone(200)),
    "network:contact_detail": ("get", pk("contact"), VIEW),
    "network:contact_edit": ("get", pk("contact"), EDIT),
    "network:contact_delete": ("get", pk("contact"), EDIT),
    "network:interaction_create": ("post", pk("contact"), expect(200)),
    "network:interaction_delete": ("get", pk("interaction"), EDIT),
    "network:reach_out": ("get", None, everyone(200)),
    "network:events": ("get", None, everyone(200)),
    "network:event_create": ("get", None, everyone(200)),
    "network:event_detail": ("get", pk("event"), VIEW),
    "network:event_edit": ("get", pk("event"), EDIT),
    "network:event_delete": ("get", pk("event"), EDIT),
    "network:import": ("get", None, everyone(200)),
    "network:inbox": ("get", None, everyone(200)),  # each sees their own
    # the email providers' webhooks: off (404) until ANYMAIL_WEBHOOK_SECRET is set
    **{
        f"anymail:{provider}_{kind}_webhook": ("post", None, everyone(404, anonymous=404))
        for provider in ("postmark", "mailgun", "sendgrid")
        for kind in ("inbound", "tracking")
    },
    "network:inbox_add": ("post", pk("inbox_entry"), expect(302)),
    "network:inbox_ignore": ("post", pk("inbox_entry"), expect(302)),
    "network:mail_drop_replace": ("post", None, everyone(302)),
    # opportunities: the owner's; a mentor they are shared with sees each one's page and the
    # comparison, never changes one
    "opportunities:index": ("get", None, everyone(200)),
    "opportunities:create": ("get", None, everyone(200)),
    "opportunities:import": ("get", None, everyone(200)),
    "opportunities:ownership": ("get", None, everyone(200)),
    "opportunities:ownership_start": ("post", None, everyone(302)),  # refused: nothing chosen
    # with nothing (of one's own) to compare: the page says to choose two to four
    "opportunities:compare": ("get", None, everyone(400)),
    "opportunities:detail": ("get", pk("opportunity"), VIEW),
    "opportunities:edit": ("get", pk("opportunity"), EDIT),
    "opportunities:delete": ("get", pk("opportunity"), EDIT),
    "opportunities:decide": ("get", pk("opportunity"), EDIT),
    "opportunities:score": ("get", pk("opportunity"), EDIT),
    "opportunities:move": ("post", pk("opportunity"), expect(400)),
    "opportunities:snooze": ("post", pk("opportunity"), expect(400)),
    "opportunities:introduction": ("post", pk("opportunity"), expect(400)),
    "opportunities:action_done": ("post", pk("opportunity"), expect(302)),
    # mentoring
    "mentoring:index": ("get", None, everyone(200)),
    "mentoring:invite": ("post", None, everyone(302)),
    "mentoring:invitation_cancel": ("post", pk("invitation"), expect(302)),
    "mentoring:invitation": ("get", lambda plan: {"token": plan.token}, everyone(200, 200)),
    "mentoring:sharing": ("post", pk("mentorship"), expect(302)),
    "mentoring:end": ("get", pk("mentorship"), expect(200, mentor=200)),
    "mentoring:mentee": (
        "get",
        lambda plan: {"user_id": plan.owner.pk},
        expect(404, mentor=200, unshared=200),
    ),
    # the mentor's "since you last looked" moves on a POST, for a mentor of the page's mentee
    "mentoring:mentee_looked": (
        "post",
        lambda plan: {"user_id": plan.owner.pk},
        expect(404, mentor=302, unshared=302),
    ),
    "mentoring:comments": ("get", None, everyone(200)),
    # mentoring sessions: the pair's own record, for both sides of the active mentorship (the
    # world's session is between the owner and "mentor"); nobody else, not even another mentor
    # of the same mentee or a former one. A refused action says why (302 with a message).
    "meetings:index": ("get", None, everyone(200)),
    "meetings:pair": ("get", pk("mentorship"), PAIR),
    "meetings:agreement_propose": ("get", pk("mentorship"), PAIR),
    "meetings:session_propose": ("get", pk("mentorship"), PAIR),
    "meetings:session_log": ("get", pk("mentorship"), PAIR),
    "meetings:point_add": ("post", pk("mentorship"), PAIR_POST),
    "meetings:agreement_confirm": ("post", pk("agreement"), PAIR_POST),
    "meetings:agreement_withdraw": ("post", pk("agreement"), PAIR_POST),
    "meetings:session": ("get", pk("session"), PAIR),
    "meetings:session_accept": ("post", pk("session"), PAIR_POST),
    "meetings:session_decline": ("post", pk("session"), PAIR_POST),
    "meetings:session_move": ("get", pk("session"), PAIR),
    "meetings:session_cancel": ("post", pk("session"), PAIR_POST),
    "meetings:session_finish": ("post", pk("session"), PAIR_POST),
    "meetings:session_notes": ("post", pk("session"), PAIR_POST),
    "meetings:private_notes": ("post", pk("session"), expect(404, mentor=302)),  # his alone
    "meetings:action_add": ("post", pk("session"), PAIR_POST),
    "meetings:point_discussed": ("post", pk("talking_point"), PAIR_POST),
    "meetings:point_delete": ("get", pk("talking_point"), EDIT),  # its author's
    "meetings:action_done": ("post", pk("action_item"), PAIR_POST),
    # the mentee's own action item goes into her plan by her hand only
    "meetings:action_milestone": ("post", pk("action_item"), expect(302, mentor=403)),
    "meetings:action_step": ("post", pk("action_item"), PAIR_POST),  # none chosen: says so
    "meetings:action_delete": ("get", pk("action_item"), PAIR),
    # the closing reflections of an ended mentorship: its two sides, nothing of the plan
    "meetings:closing": ("get", pk("former_mentorship"), expect(200, former=200)),
    "mentoring:comments_read": ("post", None, everyone(302)),
    "mentoring:comment_create": (
        "post",
        lambda plan: {"kind": "milestone", "pk": plan.milestone.pk},
        expect(302, mentor=302),
    ),
    # a cheer is a mentor's: the owner's own check-in answers 404, as anybody's unseen one
    # (posted with no reaction: back to the check-in, saying to choose one)
    "mentoring:cheer": (
        "post",
        lambda plan: {"kind": "checkin", "pk": plan.checkin.pk},
        expect(404, mentor=302),
    ),
    # the career record: the owner's documents; a mentor sees one only when it is shared with
    # them by name (the world shares its document with "mentor", not with "unshared")
    "record:index": ("get", None, everyone(200)),
    "record:create": ("get", None, everyone(200)),
    "record:detail": ("get", pk("brag_document"), VIEW),
    "record:edit": ("get", pk("brag_document"), EDIT),
    "record:gather": ("post", pk("brag_document"), expect(302)),
    "record:share": ("post", pk("brag_document"), expect(302)),
    "record:delete": ("get", pk("brag_document"), EDIT),
    "record:print": ("get", lambda plan: {"pk": plan.brag_document.pk, "number": 1}, VIEW),
    "record:download": (
        "get",
        lambda plan: {"pk": plan.brag_document.pk, "number": 1, "fmt": "md"},
        VIEW,
    ),
    # check-ins and reminders
    "checkins:index": ("get", None, everyone(200)),
    "checkins:create": ("get", None, everyone(200)),
    "checkins:detail": ("get", pk("checkin"), VIEW),
    "checkins:make_milestone": ("post", pk("checkin"), expect(302)),
    "checkins:delete": ("get", pk("checkin"), EDIT),
    "reminders:preferences": ("get", None, everyone(200)),
    # signed links from emails: anyone holding a valid link, logged in or not
    "reminders:unsubscribe": ("get", lambda plan: {"token": plan.unsubscribe}, everyone(200, 200)),
    "reminders:snooze": ("get", lambda plan: {"token": plan.snooze}, everyone(200, 200)),
    "reminders:checkin": ("get", lambda plan: {"token": plan.checkin_link}, everyone(200, 200)),
    # data in and out: one's own data; the calendar feed answers to its secret key alone
    "dataio:index": ("get", None, everyone(200)),
    "dataio:calendar_regenerate": ("post", None, everyone(302)),
    "dataio:calendar_feed": ("get", lambda plan: {"key": plan.feed_key}, everyone(200, 200)),
    "dataio:export": ("post", None, everyone(200)),
    "dataio:resume": ("post", None, everyone(200)),  # each their own career record
    "dataio:resume_import": ("post", None, everyone(400)),  # no file: the form says so
    "dataio:resume_preview": ("get", pk("resume_preview"), expect(200)),
    "dataio:resume_import_progress": ("get", pk("imported_preview"), expect(200)),
    "dataio:import": ("post", None, everyone(400)),
    # the résumé in the REST API: each their own; anonymous callers get 401 with a Bearer challenge
    "dataio_api:resume": ("post", None, everyone(200, anonymous=401)),  # logged: a POST
    "dataio_api:resume_previews": ("post", None, everyone(400, anonymous=401)),  # no file
    "dataio_api:resume_preview_accept": (  # only its owner's, who must choose rows (400)
        "post",
        pk("resume_preview"),
        expect(400, anonymous=401),
    ),
    "mentoring:comment_edit": ("get", pk("mentor_comment"), expect(404, mentor=200)),
    "mentoring:comment_delete": ("get", pk("mentor_comment"), expect(404, mentor=200)),
}


# The REST API: every list is one's own rows (and what mentees share); every object reads like
# its page. Anonymous callers get 401 with a Bearer challenge. Writes are tested in tests/api.
# The collections come from the areas' registrations (router), each object from the world.
def api_object(model):
    """The world's first sample of `model` (the plan's, or the mentor's comment)."""
    return lambda plan: {"pk": next(v for v in vars(plan).values() if isinstance(v, model)).pk}


def api_rules(registry) -> dict:
    rules = {}
    for _prefix, viewset, basename in registry:
        model = viewset.serializer_class.Meta.model
        rules[f"api:{basename}-list"] = ("get", None, everyone(200, anonymous=401))
        rules[f"api:{basename}-detail"] = ("get", api_object(model), {**VIEW, "anonymous": 401})
    return rules


API_BASENAMES = sorted(basename for _prefix, _viewset, basename in router.registry)
RULES.update(api_rules(router.registry))
# A mentoring pair's record: both sides act on it while the mentorship lasts (the mentor first
# here, so the owner then finds what he did: a proposal of hers he confirmed is not hers to
# confirm again); anyone else finds nothing. The world's agreement and session are proposals of
# the owner's, its held session has the mentor's private notes, its talking point and action
# item are hers.
PAIR_ACTION = {"anonymous": 401}
RULES.update(
    {
        "api:agreement-confirm": ("post", pk("agreement"), expect(400, mentor=200, **PAIR_ACTION)),
        "api:agreement-withdraw": ("post", pk("agreement"), expect(400, mentor=200, **PAIR_ACTION)),
        "api:session-accept": ("post", pk("session"), expect(400, mentor=200, **PAIR_ACTION)),
        "api:session-decline": ("post", pk("session"), expect(400, mentor=200, **PAIR_ACTION)),
        "api:session-cancel": ("post", pk("session"), expect(400, mentor=200, **PAIR_ACTION)),
        "api:session-finish": ("post", pk("held_session"), expect(200, mentor=200, **PAIR_ACTION)),
        # the mentor's own: never the mentee's
        "api:session-private-notes": (
            "get",
            pk("held_session"),
            expect(404, mentor=200, **PAIR_ACTION),
        ),
        # posted without the session it was discussed in (400), or turning the mentee's action
        # item into her milestone (hers alone: 403 for the mentor) or step (which milestone? 400)
        "api:talkingpoint-discussed": (
            "post",
            pk("talking_point"),
            expect(400, mentor=400, **PAIR_ACTION),
        ),
        "api:actionitem-milestone": (
            "post",
            pk("action_item"),
            expect(200, mentor=403, **PAIR_ACTION),
        ),
        "api:actionitem-step": ("post", pk("action_item"), expect(400, mentor=400, **PAIR_ACTION)),
    }
)
RULES["api:tokens"] = ("get", None, everyone(200))
RULES["api:token_revoke"] = ("post", pk("api_token"), expect(302))

ROUTES = project_routes()


def test_every_url_has_an_access_rule():
    missing = sorted(route.name for route in ROUTES if route.name not in RULES)
    stale = sorted(set(RULES) - {route.name for route in ROUTES})

    assert not missing, f"give these URLs a rule: {missing}"
    assert not stale, f"these rules name no URL: {stale}"


@pytest.fixture
def people(db):
    """A full plan, its owner, a mentor it is all shared with, a mentor it is not, a former
    mentor and a stranger (tests/worlds.py)."""
    return world()


def statuses(client, users, route_name: str, rule, sample) -> dict[str, int]:
    """What each role gets from the route, under `rule` (its method and sample arguments)."""
    method, sample_kwargs, expected = rule
    url = reverse(route_name, kwargs=sample_kwargs(sample) if sample_kwargs else None)
    got = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        response = getattr(client, method)(url)
        got[role] = response.status_code
        if role == "anonymous" and response.status_code == 302 and expected[role] == 302:
            login = reverse("account_login")
            public = route_name in ("landing", "set_language")  # they send the visitor on
            assert response.url.startswith(login) or public, response.url
    return got


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_each_role_gets_exactly_its_status(client, people, route):
    sample, users = people
    rule = RULES[route.name]
    assert statuses(client, users, route.name, rule, sample) == rule[2]


# Who may change the world's sample of each collection, where it is not the owner alone: an
# authored row its author (the mentor's comment, the owner's talking point); a row of a pair's
# own record (PAIR_FIELD) either side, while the mentorship lasts.
AUTHORS = {"comment": ("mentor",), "talkingpoint": ("owner",)}


def changers(basename: str) -> tuple[str, ...]:
    if basename in AUTHORS:
        return AUTHORS[basename]
    viewset = dict((b, v) for _p, v, b in router.registry)[basename]
    pair = hasattr(viewset.serializer_class.Meta.model, "PAIR_FIELD")
    return ("owner", "mentor") if pair else ("owner",)


@pytest.mark.parametrize("basename", API_BASENAMES)
def test_only_the_owner_or_author_may_change_an_api_object(client, people, basename):
    sample, users = people
    url = reverse(f"api:{basename}-detail", kwargs=RULES[f"api:{basename}-detail"][1](sample))
    changer, *others = changers(basename)

    got = {}
    for role in ["anonymous", "other", "former", "unshared", "mentor", "owner"]:
        if role in (changer, *others):
            continue
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        patch = client.patch(url, {}, content_type="application/json").status_code
        delete = client.delete(url).status_code
        got[role] = (patch, delete)

    allowed = resolve(url).func.cls.http_method_names
    refused = tuple(404 if method in allowed else 405 for method in ("patch", "delete"))
    expected = {role: refused for role in got}
    expected["anonymous"] = (401, 401)
    assert got == expected
    for role in others:  # the other side of a pair changes it too
        client.force_login(users[role])
        assert client.patch(url, {}, content_type="application/json").status_code in (200, 405)
    client.force_login(users[changer])
    assert client.delete(url).status_code in (204, 405)
