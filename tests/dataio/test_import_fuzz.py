"""The import, fed documents hypothesis builds: of the right format and version (sections of
random rows, valid and dangling references, ids of other people's rows, extra keys such as
`id`, `user_id` and `owner_id`) and arbitrary JSON. It either refuses with a report or imports
into the importer's account only; it never answers 500 and never touches another user's row."""

import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.checkins.models import CheckInRhythm
from apps.dataio import portability
from apps.network.models import Tag
from apps.reminders.models import ReminderPreference
from tests.factories import UserFactory
from tests.worlds import one_of_everything

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    " ",
    "\x00",
    "a\r\nb",
    "9999-12-31",
    "1899-12-31",
    "2026-02-30",
    "0001-01-01",
    "2026-06-01",
    "2026-06-01T09:00:00+02:00",
    "NaN",
    "1e309",
    "<script>x</script>",
    "x" * 300,
    "weekly",
    "off",
    "done",
    "certification",
    "goal",
    "monthly",
    "coffee",
]
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 120),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(NASTY),
)
JSON = st.recursive(
    SCALAR,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
EXTRA_KEYS = ["id", "pk", "user_id", "owner_id", "mentee_id", "job__owner_id", "user"]


def documents(foreign_ids: list[int]):
    """Export documents of the right format and version, rows made of plausible and hostile
    values, references inside the document, dangling, or naming other users' rows."""
    ids = st.integers(1, 4)
    reference = st.one_of(ids, ids, st.sampled_from(foreign_ids), st.integers(), st.none(), JSON)

    def row(model, fields):
        values = {name: SCALAR for name in fields}
        for name in fields:
            if portability.reference_target(model, name):
                values[name] = reference
        extras = {
            key: st.one_of(st.sampled_from(foreign_ids), JSON) for key in EXTRA_KEYS if key != "id"
        }
        return st.fixed_dictionaries(
            {"id": st.one_of(ids, ids, ids, JSON)}, optional={**values, **extras}
        )

    def section(model, fields):
        return st.one_of(
            st.lists(row(model, fields), max_size=4), st.lists(row(model, fields), max_size=1), JSON
        )

    links = st.one_of(
        st.lists(st.lists(st.one_of(ids, st.sampled_from(foreign_ids)), min_size=2, max_size=2)),
        JSON,
    )
    preference = st.one_of(
        st.none(),
        JSON,
        st.fixed_dictionaries(
            {},
            optional={
                **{
                    name: SCALAR
                    for name in portability.PREFERENCE_FIELDS + portability.RHYTHM_FIELDS
                },
                **{key: st.sampled_from(foreign_ids) for key in EXTRA_KEYS},
                "id": st.sampled_from(foreign_ids),
                "checkin_hour": st.one_of(st.integers(-1, 99), SCALAR),
            },
        ),
    )
    sections = {
        area: section(model, fields) for area, (model, _o, fields) in portability.sections().items()
    }
    sections |= {name: links for name in portability.links()}
    comment = st.fixed_dictionaries(
        {"id": st.one_of(ids, ids, JSON)},
        optional={
            "section": st.one_of(st.sampled_from(sorted(portability.commented_sections())), JSON),
            "item_id": reference,
            "parent_id": reference,
            "by_owner": st.one_of(st.booleans(), JSON),
            **{
                name: SCALAR
                for name in [*portability.COMMENT_FIELDS, "author_name", "author_email"]
            },
        },
    )
    sections |= {
        "comments": st.one_of(st.lists(comment, max_size=4), JSON),
        "tags": section(Tag, ["name"]),
        "vision": st.one_of(st.fixed_dictionaries({"beyond_the_paycheck": SCALAR}), JSON),
        "reminder_preference": preference,
    }
    return st.fixed_dictionaries(
        {
            "format": st.just(portability.FORMAT),
            "version": st.sampled_from(range(1, portability.VERSION + 1)),
        },
        optional=sections,
    )


def zipped(document) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("careerbuilder.json", json.dumps(document))
    return buffer.getvalue()


def others_rows(importer) -> dict:
    """Every row the import could reach that is not the importer's."""
    rows = {}
    for model in apps.get_models():
        if hasattr(model, "OWNER_PATH"):
            rows[model._meta.label] = list(
                model.objects.exclude(**{model.OWNER_PATH: importer}).order_by("pk").values()
            )
    rows["preferences"] = list(
        ReminderPreference.objects.exclude(user=importer).order_by("pk").values()
    )
    rows["rhythms"] = list(CheckInRhythm.objects.exclude(user=importer).order_by("pk").values())
    for name, link in portability.links().items():
        rows[name] = list(
            link.through.objects.exclude(**{f"{link.source}__owner": importer})
            .order_by("pk")
            .values()
        )
    rows["users"] = list(
        apps.get_model("accounts", "User")
        .objects.exclude(pk=importer.pk)
        .order_by("pk")
        .values("pk", "email", "display_name", "time_zone", "headline")
    )
    return rows


@pytest.fixture
def importer(client):
    """A stranger with an empty plan who saved reminder settings, beside a victim with a full
    plan: the probe's setting."""
    victim = UserFactory()
    one_of_everything(victim)
    user = UserFactory()
    ReminderPreference.objects.create(user=user, milestone_days_before=9)
    CheckInRhythm.objects.create(user=user, checkin_hour=7)
    client.force_login(user)
    return user


def foreign_ids(importer) -> list[int]:
    """Ids of other people's rows, for documents that name them."""
    ids = {1}
    for model in apps.get_models():
        if hasattr(model, "OWNER_PATH"):
            others = model.objects.exclude(**{model.OWNER_PATH: importer})
            ids |= set(others.values_list("pk", flat=True)[:5])
    ids |= set(ReminderPreference.objects.exclude(user=importer).values_list("pk", flat=True))
    ids |= set(CheckInRhythm.objects.exclude(user=importer).values_list("pk", flat=True))
    return sorted(ids)


def import_once(client, importer, data: bytes) -> None:
    before = others_rows(importer)
    with transaction.atomic():  # each example starts from the same empty account
        response = client.post(
            reverse("dataio:import"), {"file": SimpleUploadedFile("plan.zip", data)}
        )
        assert response.status_code in (200, 400)
        if response.status_code == 400:
            page = response.content.decode()
            assert "errorlist" in page, "a refusal says why"
        assert others_rows(importer) == before
        transaction.set_rollback(True)


@EXAMPLES
@given(data=st.data())
def test_an_export_shaped_document_imports_only_into_the_importers_account(client, importer, data):
    document = data.draw(documents(foreign_ids(importer)))
    import_once(client, importer, zipped(document))


@EXAMPLES
@given(document=JSON)
def test_any_json_is_refused_with_a_reason(client, importer, document):
    import_once(client, importer, zipped(document))


def test_the_probes_document_leaves_user_1s_settings_alone(client, importer):
    victim_preference = ReminderPreference.objects.exclude(user=importer).get()
    document = {
        "format": portability.FORMAT,
        "version": portability.VERSION,
        "reminder_preference": {
            "id": victim_preference.pk,
            "user_id": victim_preference.user_id,
            "paused": True,
            "checkin_cadence": "off",
            "comments": "off",
        },
    }

    response = client.post(
        reverse("dataio:import"), {"file": SimpleUploadedFile("p.zip", zipped(document))}
    )

    assert response.status_code == 200
    victim_preference.refresh_from_db()
    victim_rhythm = CheckInRhythm.objects.get(user=victim_preference.user)
    assert (victim_preference.paused, victim_rhythm.checkin_cadence) == (False, "biweekly")
    mine = ReminderPreference.objects.get(user=importer)
    my_rhythm = CheckInRhythm.objects.get(user=importer)
    assert (mine.paused, my_rhythm.checkin_cadence, mine.comments) == (True, "off", "off")


def test_an_impossible_hour_is_refused_with_a_report_naming_it(client, importer):
    document = {
        "format": portability.FORMAT,
        "version": portability.VERSION,
        "reminder_preference": {"checkin_hour": 99},
    }

    response = client.post(
        reverse("dataio:import"), {"file": SimpleUploadedFile("p.zip", zipped(document))}
    )

    assert response.status_code == 400
    assert "reminder_preference: checkin_hour" in response.content.decode()
    assert CheckInRhythm.objects.get(user=importer).checkin_hour == 7


def test_more_than_ten_thousand_rows_are_refused_unread(client, importer):
    document = {
        "format": portability.FORMAT,
        "version": portability.VERSION,
        "tags": [{"id": n, "name": f"tag {n}"} for n in range(10_001)],
    }

    response = client.post(
        reverse("dataio:import"), {"file": SimpleUploadedFile("p.zip", zipped(document))}
    )

    assert response.status_code == 400
    assert "an import takes at most 10,000" in response.content.decode()


def test_each_bad_row_is_reported(client, importer):
    document = {
        "format": portability.FORMAT,
        "version": portability.VERSION,
        "milestones": [
            {"id": 1, "title": "Fine", "horizon": 5},
            {"id": 2, "title": "", "horizon": 5},
            {"id": 3, "title": "Far", "horizon": 5, "target_date": "9999-12-31"},
        ],
        "steps": [{"id": 1, "milestone_id": 99, "title": "Orphan"}],
    }

    response = client.post(
        reverse("dataio:import"), {"file": SimpleUploadedFile("p.zip", zipped(document))}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "milestones, row 2: title" in page
    assert "milestones, row 3: target_date: Choose a date between" in page
    assert "steps, row 1: milestone_id 99 names no row" in page
    assert not importer.milestones.exists()


def test_snoozes_go_out_and_come_back_and_a_bad_one_is_named(client, importer):
    from apps.dashboard.models import TodaySnooze

    document = {
        "format": portability.FORMAT,
        "version": portability.VERSION,
        "today_snoozes": [{"key": "step:12", "until": "2027-01-04"}],
    }
    client.post(reverse("dataio:import"), {"file": SimpleUploadedFile("s.zip", zipped(document))})
    assert list(TodaySnooze.objects.filter(owner=importer).values_list("key", "until")) == [
        ("step:12", datetime.date(2027, 1, 4))
    ]
    assert portability.export_document(importer)["today_snoozes"] == [
        {"key": "step:12", "until": "2027-01-04"}
    ]

    TodaySnooze.objects.all().delete()
    document["today_snoozes"] = [{"key": "x" * 81, "until": "2027-01-04"}, "nonsense"]
    response = client.post(
        reverse("dataio:import"), {"file": SimpleUploadedFile("s.zip", zipped(document))}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "today_snoozes row 1" in page and "today_snoozes row 2: must be an object" in page
    assert not TodaySnooze.objects.exists()


def test_an_export_of_version_4_still_imports_with_no_snoozes(client, importer):
    document = {"format": portability.FORMAT, "version": 4, "checkins": []}
    response = client.post(
        reverse("dataio:import"), {"file": SimpleUploadedFile("v4.zip", zipped(document))}
    )
    assert response.status_code in (200, 302)
    assert "Nothing was imported" not in response.content.decode()
    upgraded = portability.UPGRADES[4]({"checkins": [{"next_step": "Call Amara"}]})
    assert upgraded["checkins"] == [{"next_step": "Call Amara", "next_step_done_on": None}]
