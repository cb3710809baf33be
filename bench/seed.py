"""Seeds PostgreSQL with many users with realistic plans, through COPY, for the benchmark.

`seed_users(total=N)` grows the benchmark population to N users (it can be called with 1,000 and
then 10,000). Each user gets about 110 rows: vision, horizons, values, a job with a ledger entry,
milestones with steps, skills, learning items, contacts with interactions, check-ins, comments and
notifications. Every tenth user is a mentor of five mentees. All share one password.
"""

import datetime
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.checkins.models import CheckIn
from apps.learning.models import LearningItem, Skill
from apps.meetings.models import ActionItem, Agreement, Session, TalkingPoint
from apps.mentoring.models import Comment, Notification
from apps.milestones.models import Milestone, Step
from apps.network.models import Contact, Interaction
from apps.opportunities.models import HorizonScore, Opportunity, StageMove, ValueScore
from apps.sharing.models import Mentorship
from apps.vision.models import Horizon, Job, LedgerEntry, Value, Vision

BENCH_PASSWORD = "bench-password-2026"
EMAIL = "bench-{}@example.com"
MENTEES_PER_MENTOR = 5

WORDS = [
    "data",
    "platform",
    "team",
    "lead",
    "analytics",
    "cloud",
    "product",
    "design",
    "strategy",
    "customer",
    "growth",
    "research",
    "delivery",
    "quality",
    "people",
    "finance",
    "operations",
    "security",
    "mobile",
    "search",
    "pricing",
    "logistics",
]
SKILLS = [
    "SQL",
    "Python",
    "Negotiation",
    "Public",
    "speaking",
    "Writing",
    "Statistics",
    "Leadership",
    "Hiring",
    "Coaching",
    "Forecasting",
    "Kubernetes",
    "Budgeting",
    "Facilitation",
    "Storytelling",
    "Accessibility",
    "Spanish",
]
NAMES = [
    "Ana",
    "Ben",
    "Chloé",
    "Dev",
    "Eva",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jon",
    "Kai",
    "Lena",
    "Mo",
    "Nia",
    "Omar",
    "Pia",
    "Raj",
    "Sara",
    "Tom",
    "Uma",
]


def email_for(index: int) -> str:
    return EMAIL.format(index)


def is_mentor(index: int) -> bool:
    return index % 10 == 0


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


class _Copier:
    """Writes rows of one model with COPY, giving ids itself and filling unnamed columns."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')
            self.next_id = cursor.fetchone()[0] + 1
        self.rows: list[tuple] = []
        self.now = timezone.now()

    def add(self, **values) -> int:
        values.setdefault("id", self.next_id)
        self.next_id = max(self.next_id, values["id"]) + 1
        self.rows.append(tuple(self._value(field, values) for field in self.fields))
        return values["id"]

    def _value(self, field, values):
        if field.attname in values:
            value = values[field.attname]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = self.now
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        else:
            value = ""
        if isinstance(field, models.JSONField):
            return field.get_db_prep_save(value, connection)
        return value

    def flush(self) -> int:
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                for row in self.rows:
                    copy.write_row(row)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT MAX(id) FROM "{table}"))'
            )
        written, self.rows = len(self.rows), []
        return written


def copy_without_triggers(copiers) -> int:
    """Flushes the copiers in one transaction with the moment triggers off (COPY fires row
    triggers: a million of them would triple the time), then queues every user whose moments
    must be worked out with one set-based INSERT."""
    written = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
        for copier in copiers:
            written += copier.flush()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            cursor.execute(
                "INSERT INTO reminders_momentchange (user_id) SELECT u.id FROM accounts_user u "
                "WHERE NOT EXISTS (SELECT 1 FROM reminders_moment m WHERE m.user_id = u.id) "
                "ON CONFLICT (user_id) DO NOTHING"
            )
    return written


def vacuum() -> None:
    with connection.cursor() as cursor:  # VACUUM too, or autovacuum does it during the measurements
        cursor.execute("VACUUM ANALYZE")


@dataclass
class _Batch:
    """What every part of one user's plan draws on: the random numbers (taken in a fixed order, so
    one seed always gives the same rows), the day and moment the plan is dated from, and each
    model's copier."""

    rng: random.Random
    today: datetime.date
    now: datetime.datetime
    add: dict[type[models.Model], Callable[..., int]]
    # the last user's horizons and values, which their opportunities are scored against
    horizon_ids: list[int] = field(default_factory=list)
    value_ids: list[int] = field(default_factory=list)


def seed_users(
    *, total: int, contacts_due: int = 10, seed: int = 2026, analyze: bool = True
) -> int:
    """Grows the benchmark population to `total` users; returns how many rows it wrote.

    The plans are shaped so that, for the reminder benchmark, exactly `contacts_due` reminders are
    due per user: that many contacts to reach out to, and no milestone, certification, check-in
    or comment digest inside its reminder window.
    """
    existing = User.objects.filter(email__startswith="bench-").count()
    if existing >= total:
        return 0
    password = make_password(BENCH_PASSWORD)
    milestone_type = ContentType.objects.get_for_model(Milestone)
    tables = {
        model: _Copier(model)
        for model in (
            User,
            EmailAddress,
            Vision,
            Horizon,
            Value,
            Job,
            LedgerEntry,
            Milestone,
            Step,
            Skill,
            LearningItem,
            Contact,
            Interaction,
            CheckIn,
            Comment,
            Notification,
            Mentorship,
            Agreement,
            Session,
            ActionItem,
            TalkingPoint,
            LearningItem.skills.through,
            Opportunity,
            StageMove,
            HorizonScore,
            ValueScore,
        )
    }
    batch = _Batch(
        rng=random.Random(seed + existing),
        today=timezone.localdate(),
        now=timezone.now(),
        add={model: copier.add for model, copier in tables.items()},
    )
    user_ids: dict[int, int] = dict(
        (int(email.split("-")[1].split("@")[0]), pk)
        for pk, email in User.objects.filter(email__startswith="bench-").values_list("pk", "email")
    )

    for index in range(existing, total):
        user_id = user_ids[index] = _seed_account_and_vision(batch, index=index, password=password)
        milestone_ids = _seed_milestones(batch, user_id=user_id)
        _seed_learning(batch, user_id=user_id)
        _seed_network(batch, user_id=user_id, contacts_due=contacts_due)
        _seed_checkins(batch, user_id=user_id)
        _seed_opportunities(batch, user_id=user_id)
        _seed_mentoring(
            batch,
            index=index,
            user_id=user_id,
            mentor_id=user_ids.get(index - index % 10),
            milestone_ids=milestone_ids,
            milestone_type=milestone_type,
        )

    written = copy_without_triggers(tables.values())
    if analyze:
        vacuum()
    return written


def _seed_account_and_vision(batch: _Batch, *, index: int, password: str) -> int:
    """The user and their verified address, vision, horizons, values, job and a ledger entry."""
    rng, add, today = batch.rng, batch.add, batch.today
    user_id = add[User](
        email=email_for(index),
        password=password,
        is_active=True,
        date_joined=batch.now - datetime.timedelta(days=400),
        display_name=f"{rng.choice(NAMES)} {index}",
        headline=f"{rng.choice(WORDS).capitalize()} analyst",
        time_zone="Europe/London",
    )
    add[EmailAddress](user_id=user_id, email=email_for(index), verified=True, primary=True)
    add[Vision](owner_id=user_id, beyond_the_paycheck=_text(rng, 14))
    batch.horizon_ids, batch.value_ids = [], []
    for years in (1, 5, 10, 20):
        batch.horizon_ids.append(
            add[Horizon](
                owner_id=user_id,
                years=years,
                statement=_text(rng, 12),
                target_role=_text(rng, 3),
                why=_text(rng, 10),
                is_north_star=years == 10,
            )
        )
    for position in range(3):
        batch.value_ids.append(
            add[Value](owner_id=user_id, name=f"{rng.choice(WORDS)} {position}", position=position)
        )
    job_id = add[Job](
        owner_id=user_id,
        title="Analyst",
        organisation="Acme",
        start_date=today - datetime.timedelta(days=700),
    )
    add[LedgerEntry](
        job_id=job_id,
        recorded_on=today - datetime.timedelta(days=30),
        skills=_text(rng, 8),
        score_1=4,
        score_5=3,
        score_10=2,
        score_20=2,
    )
    return user_id


def _seed_milestones(batch: _Batch, *, user_id: int) -> list[int]:
    """Ten milestones with one to four steps each; returns their ids."""
    rng, add, today = batch.rng, batch.add, batch.today
    milestone_ids = []
    for m in range(10):
        status = rng.choice(["planned", "in_progress", "in_progress", "done"])
        milestone_ids.append(
            add[Milestone](
                owner_id=user_id,
                horizon=rng.choice([1, 5, 10, 20]),
                title=_text(rng, 5),
                description=_text(rng, 40),
                kind=rng.choice(["goal", "challenge", "learning"]),
                target_date=today + datetime.timedelta(days=rng.randint(10, 700)),
                status=status,
                progress=100 if status == "done" else rng.randint(0, 90),
                closed_on=today - datetime.timedelta(days=m * 9) if status == "done" else None,
            )
        )
        for position in range(rng.randint(1, 4)):
            add[Step](
                milestone_id=milestone_ids[-1],
                title=_text(rng, 4),
                done=rng.random() < 0.4,
                position=position,
            )
    return milestone_ids


def _seed_learning(batch: _Batch, *, user_id: int) -> None:
    """Eight skills, and eight learning items (two of them certifications) each with a skill."""
    rng, add, today = batch.rng, batch.add, batch.today
    skill_ids = [
        add[Skill](
            owner_id=user_id,
            name=name,
            current_level=rng.randint(1, 3),
            target_level=rng.randint(3, 5),
            why=_text(rng, 8),
        )
        for name in rng.sample(SKILLS, 8)
    ]
    for number in range(8):
        certification = number < 2
        item_id = add[LearningItem](
            owner_id=user_id,
            kind="certification" if certification else "course",
            title=_text(rng, 4),
            provider="Coursera",
            status=rng.choice(["planned", "in_progress", "done"]),
            hours_spent=rng.randint(0, 40),
            started_on=today - datetime.timedelta(days=rng.randint(30, 300)),
            issued_on=today - datetime.timedelta(days=300) if certification else None,
            expires_on=today + datetime.timedelta(days=rng.randint(70, 400))
            if certification
            else None,
        )
        add[LearningItem.skills.through](learningitem_id=item_id, skill_id=rng.choice(skill_ids))


def _seed_network(batch: _Batch, *, user_id: int, contacts_due: int) -> None:
    """Fifteen contacts with an interaction each; the first `contacts_due` are due now."""
    rng, add, today = batch.rng, batch.add, batch.today
    for number in range(15):
        due = number < contacts_due
        last = today - datetime.timedelta(days=rng.randint(61, 200) if due else rng.randint(1, 50))
        contact_id = add[Contact](
            owner_id=user_id,
            name=f"{rng.choice(NAMES)} {rng.choice(WORDS).capitalize()}",
            organisation="Globex",
            email="",
            cadence=rng.choice(["monthly", "quarterly"]),
            last_contacted_on=last,
            next_due_on=last + datetime.timedelta(days=60),
            relationship=rng.choice(["peer", "mentor", "sponsor"]),
        )
        add[Interaction](contact_id=contact_id, date=last, kind="coffee", notes=_text(rng, 8))


def _seed_checkins(batch: _Batch, *, user_id: int) -> None:
    """A check-in a week for the last six weeks."""
    rng = batch.rng
    for week in range(6):
        batch.add[CheckIn](
            owner_id=user_id,
            created_at=batch.now - datetime.timedelta(days=7 * week + 1),
            north_star_progress=rng.randint(1, 5),
            job_or_career=rng.randint(1, 5),
            learned=_text(rng, 10),
            next_step=_text(rng, 6),
        )


OPPORTUNITY_STAGES = ["idea", "exploring", "applied", "interviewing", "offer", "declined"]


def _seed_opportunities(batch: _Batch, *, user_id: int) -> None:
    """Six opportunities, one at each open stage and one declined, each with its first move and
    scored against two horizons and every value. None falls due in the reminder benchmark: their
    next actions come in three weeks, and nothing stalls for a month. Their random numbers are
    their own, so the rest of the plans are the same rows with or without them."""
    rng, add, today = random.Random(f"opportunities-{user_id}"), batch.add, batch.today
    for stage in OPPORTUNITY_STAGES:
        moved_on = today - datetime.timedelta(days=2)
        declined = stage == "declined"
        opportunity_id = add[Opportunity](
            owner_id=user_id,
            kind=rng.choice(["role", "internal_role", "project", "stretch", "talk"]),
            title=_text(rng, 4),
            organisation=rng.choice(["Globex", "Initech", "Acme", "Umbrella"]),
            source="A colleague",
            description=_text(rng, 40),
            stage=stage,
            moved_on=moved_on,
            next_action="" if declined else _text(rng, 4),
            next_action_on=None if declined else today + datetime.timedelta(days=21),
            stall_after_days=30,
            decided_on=moved_on if declined else None,
            decision_reason=_text(rng, 10) if declined else "",
            pay=rng.randint(1, 5),
        )
        add[StageMove](opportunity_id=opportunity_id, stage=stage, moved_on=moved_on)
        for horizon_id in batch.horizon_ids[:2]:
            add[HorizonScore](
                opportunity_id=opportunity_id, horizon_id=horizon_id, score=rng.randint(1, 5)
            )
        for value_id in batch.value_ids:
            add[ValueScore](
                opportunity_id=opportunity_id, value_id=value_id, score=rng.randint(1, 5)
            )


def _seed_mentoring(
    batch: _Batch,
    *,
    index: int,
    user_id: int,
    mentor_id: int | None,
    milestone_ids: list[int],
    milestone_type: ContentType,
) -> None:
    """A mentee's mentorship, and five comments on two milestones: by the mentor, who notified the
    mentee (read), or for a user without one, by the user."""
    add, now = batch.add, batch.now
    has_mentor = (not is_mentor(index)) and index % 10 <= MENTEES_PER_MENTOR
    if has_mentor and mentor_id:
        mentorship_id = add[Mentorship](mentee_id=user_id, mentor_id=mentor_id, share_network=True)
        _seed_sessions(batch, mentorship_id=mentorship_id, mentee_id=user_id, mentor_id=mentor_id)
    author_id = mentor_id if has_mentor and mentor_id else user_id
    for number in range(5):
        comment_id = add[Comment](
            plan_owner_id=user_id,
            author_id=author_id,
            content_type_id=milestone_type.pk,
            object_id=milestone_ids[number % 2],
            area="milestones",
            body=_text(batch.rng, 20),
            created_at=now - datetime.timedelta(hours=number * 5),
        )
        if author_id != user_id:
            add[Notification](recipient_id=user_id, comment_id=comment_id, read_at=now)


SESSIONS_HELD = 3


def _seed_sessions(batch: _Batch, *, mentorship_id: int, mentee_id: int, mentor_id: int) -> None:
    """A pair's record: an agreement to meet every four weeks, three sessions held (the last a
    week ago, so nobody is due a nudge) with notes and two action items each, two points to talk
    about, and the next session accepted, three days on (outside Today's day ahead), at the same
    hour for every pair: each mentor's sessions overlap nobody's."""
    add, now, rng = batch.add, batch.now, batch.rng
    add[Agreement](
        mentorship_id=mentorship_id,
        owner_id=mentee_id,
        mentor_name="Bench mentor",
        purpose=_text(rng, 30),
        every_weeks=4,
        until=batch.today + datetime.timedelta(days=365),
        status="active",
        proposed_by_id=mentee_id,
        proposed_at=now - datetime.timedelta(days=90),
        confirmed_at=now - datetime.timedelta(days=89),
    )
    common = {"mentorship_id": mentorship_id, "owner_id": mentee_id, "mentor_id": mentor_id}
    for number in range(SESSIONS_HELD):
        session_id = add[Session](
            **common,
            mentor_name="Bench mentor",
            proposed_by_id=mentee_id,
            starts_at=now - datetime.timedelta(weeks=1 + 4 * number, hours=mentee_id % 50),
            minutes=45,
            status="held",
            notes=_text(rng, 120),
            followup_sent_at=now,
        )
        for item in range(2):
            add[ActionItem](
                session_id=session_id,
                owner_id=mentee_id,
                assignee_id=(mentee_id, mentor_id)[item],
                assignee_name="Bench",
                title=_text(rng, 6),
                due_on=batch.today + datetime.timedelta(days=30),
                done_at=now if number else None,
            )
    for _ in range(2):
        add[TalkingPoint](
            mentorship_id=mentorship_id,
            owner_id=mentee_id,
            author_id=mentee_id,
            author_name="Bench mentee",
            text=_text(rng, 8),
        )
    add[Session](
        **common,
        mentor_name="Bench mentor",
        proposed_by_id=mentee_id,
        starts_at=now + datetime.timedelta(days=3, hours=mentee_id % 50),
        minutes=45,
        status="accepted",
        accepted_at=now,
    )


def bench_users(*, mentors: bool, count: int, population: int) -> Iterator[str]:
    """Emails of `count` seeded users spread over the population: mentors or mentees."""
    indexes: Iterable[int] = (
        range(0, population, 10)
        if mentors
        else (i for i in range(population) if 0 < i % 10 <= MENTEES_PER_MENTOR)
    )
    chosen = list(indexes)
    step = max(len(chosen) // count, 1)
    return (email_for(i) for i in chosen[::step][:count])
