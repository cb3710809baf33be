"""Whole worlds for the tests: a user with one of everything in a plan, the people around it
(mentor, unshared mentor, former mentor, stranger), and every URL of the URLconf with the
arguments that reach that plan.

`one_of_everything` is the one builder of a plan with one of everything, at two levels: "full"
goes through the services, the way people fill their plans, with every optional field filled, so
the generated tests that close a class of bug see what a real account holds (a field left out
here is a field they cannot check); "fast" makes one row of each kind from the factories, for the
many tests that only need something to point at. Both give the same names, and
tests/contracts/test_registries.py checks that both hold a row of every kind an area exports.
(The demo's mentee, apps/dashboard/demo.py, tells a story to people trying the app, and
bench/seed.py writes a million rows by COPY: neither is one of everything.)
"""

import datetime
import uuid
from decimal import Decimal
from types import SimpleNamespace

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from apps.accounts.audit import Actor
from apps.api.services import token_create
from apps.checkins import services as checkin_services
from apps.checkins.models import CheckInRhythm
from apps.core.tokens import hash_token
from apps.dataio.models import ResumePreview
from apps.dataio.services import calendar_feed_regenerate
from apps.learning import services as learning_services
from apps.meetings import services as meeting_services
from apps.mentoring import services as mentoring_services
from apps.mentoring.models import Cheer, Invitation
from apps.milestones import services as milestone_services
from apps.network import services as network_services
from apps.network.models import InboxEntry
from apps.opportunities import services as opportunity_services
from apps.record import services as record_services
from apps.reminders.links import make_checkin_link, make_link
from apps.reminders.models import DispatcherState, Reminder, ReminderPreference
from apps.reminders.selectors import checkin_period_now
from apps.sharing.services import mentorship_end
from apps.vision import services as vision_services
from tests.factories import (
    CheckInFactory,
    ContactFactory,
    EventFactory,
    HorizonFactory,
    InteractionFactory,
    JobFactory,
    LearningItemFactory,
    LedgerEntryFactory,
    MentorshipFactory,
    MilestoneFactory,
    OpportunityFactory,
    SkillFactory,
    StepFactory,
    UserFactory,
    ValueFactory,
)
from tests.urlconf import project_routes


def one_of_everything(owner, *, level: str = "full") -> SimpleNamespace:
    """One of everything in `owner`'s plan: "full" through the services with every optional
    field filled in, "fast" from the factories."""
    return _fast_plan(owner) if level == "fast" else _full_plan(owner)


def _fast_plan(owner) -> SimpleNamespace:
    job = JobFactory(owner=owner)
    milestone = MilestoneFactory(owner=owner)
    contact = ContactFactory(owner=owner)
    horizon, value = HorizonFactory(owner=owner, is_north_star=True), ValueFactory(owner=owner)
    opportunity = _scored(OpportunityFactory(owner=owner))
    checkin = CheckInFactory(owner=owner)
    # a cheer from a mentor kept by name, as an import brings it
    cheer = Cheer.objects.create(
        owner=owner, mentor_name="Sam Lee", checkin=checkin, reaction="applause"
    )
    return SimpleNamespace(
        owner=owner,
        inbox_entry=InboxEntry.objects.create(
            owner=owner, email="grace@example.com", date=datetime.date(2026, 1, 2)
        ),
        horizon=horizon,
        value=value,
        job=job,
        past_job=JobFactory(
            owner=owner, start_date=datetime.date(2019, 2, 19), end_date=datetime.date(2022, 11, 30)
        ),
        ledger_entry=LedgerEntryFactory(job=job),
        milestone=milestone,
        step=StepFactory(milestone=milestone),
        skill=SkillFactory(owner=owner),
        learning_item=LearningItemFactory(owner=owner),
        contact=contact,
        interaction=InteractionFactory(contact=contact),
        event=EventFactory(owner=owner),
        checkin=checkin,
        cheer=cheer,
        opportunity=opportunity,
        stage_move=opportunity.moves.get(),
        past_mentorship=_mentoring_history(owner, milestone=milestone, horizon=horizon),
        brag_document=_brag_document(owner),
    )


def _mentoring_history(owner, *, milestone, horizon):
    """A mentorship that has ended, and its record in the mentee's plan: what the pair agreed
    (serving `horizon` and `milestone`), a session they logged with its notes, a point discussed
    in it, an action item for each of them (hers became a step of `milestone`), the mentor's
    private notes (his: never in her export) and both closing reflections. The past mentor sees
    none of it now. Through the services, at fixed moments, at both levels: the rules of a pair's
    record are what makes its rows, and there are few."""
    mentor = UserFactory(display_name="Dana Reyes")
    mentorship = MentorshipFactory(mentee=owner, mentor=mentor)
    as_mentee, as_mentor = Actor(owner), Actor(mentor)
    agreement = meeting_services.agreement_propose(
        mentorship=mentorship,
        actor=as_mentee,
        purpose="Get ready to **lead** the pricing review.",
        every_weeks=3,
        until=datetime.date(2026, 9, 30),
        horizons=[horizon],
        milestones=[milestone],
        today=datetime.date(2026, 3, 1),
    )
    meeting_services.agreement_confirm(agreement=agreement, actor=as_mentor)
    session = meeting_services.session_log(
        mentorship=mentorship,
        actor=as_mentor,
        starts_at=datetime.datetime(2026, 3, 10, 17, 0, tzinfo=datetime.UTC),
        minutes=60,
        place="https://meet.example.com/dana",
        notes="Who owns pricing today, and **what they need** from the review.",
        now=datetime.datetime(2026, 3, 11, 9, 0, tzinfo=datetime.UTC),
    )
    meeting_services.private_note_save(
        session=session, actor=as_mentor, body="She undersells her work: ask for numbers."
    )
    point = meeting_services.talking_point_add(
        mentorship=mentorship, actor=as_mentee, text="How do I ask to lead the review?"
    )
    meeting_services.talking_point_discussed(point=point, actor=as_mentor, session=session)
    hers = meeting_services.action_item_create(
        session=session,
        actor=as_mentor,
        assignee=owner,
        title="Ask finance for last year's pricing data",
        due_on=datetime.date(2026, 3, 31),
    )
    meeting_services.action_item_to_step(item=hers, actor=as_mentee, milestone=milestone)
    his = meeting_services.action_item_create(
        session=session, actor=as_mentee, assignee=mentor, title="Introduce me to the CFO"
    )
    meeting_services.action_item_set_done(item=his, actor=as_mentor)
    mentorship_end(mentorship=mentorship, actor=as_mentee)
    for actor, text in (
        (as_mentee, "Asking for the review early was the right call."),
        (as_mentor, "Maya now leads with numbers."),
    ):
        meeting_services.reflection_write(mentorship=mentorship, actor=actor, text=text)
    return mentorship


def _brag_document(owner):
    """The evidence of 2025 and 2026, gathered for a review (every area's evidence of the plan
    above, from the services that people use)."""
    return record_services.brag_document_create(
        owner=owner,
        purpose="my_review",
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2026, 12, 31),
    )


def _scored(opportunity):
    """An opportunity weighed against its owner's first horizon and value."""
    owner = opportunity.owner
    opportunity.horizon_scores.create(horizon=owner.horizons.first(), score=4)
    opportunity.value_scores.create(value=owner.values.first(), score=3)
    return opportunity


def _full_plan(owner) -> SimpleNamespace:
    owner.display_name, owner.headline, owner.time_zone = (
        "Maya Okafor",
        "Senior analyst at Northwind",
        "Europe/London",
    )
    owner.save()
    vision_services.vision_update(
        owner=owner,
        beyond_the_paycheck="Fair deals for small shops.",
        north_star=10,
        horizons={
            years: {
                "statement": f"Where I am in {years} years.",
                "target_role": f"Role in {years} years",
                "why": f"Why {years} years matters.",
            }
            for years in (1, 5, 10, 20)
        },
    )
    value = vision_services.value_create(owner=owner, name="Honesty", meaning="Say it plainly.")
    vision_services.value_create(owner=owner, name="Curiosity", meaning="Ask why.")
    past_job = vision_services.job_create(
        owner=owner,
        title="Junior analyst",
        organisation="Contoso",
        start_date=datetime.date(2019, 2, 19),
        end_date=datetime.date(2022, 11, 30),
    )
    job = vision_services.job_create(
        owner=owner,
        title="Senior analyst",
        organisation="Northwind",
        start_date=datetime.date(2022, 12, 1),
    )
    ledger_entry = vision_services.ledger_entry_create(
        job=job,
        recorded_on=datetime.date(2026, 2, 19),
        skills="SQL, pricing",
        connections="The operations leads",
        knowledge="How logistics pricing works",
        still_want="A project I own",
        score_1=4,
        score_5=4,
        score_10=3,
        score_20=2,
    )
    milestone = milestone_services.milestone_create(
        owner=owner,
        title="Speak at PyData",
        horizon=5,
        kind="challenge",
        target_date=datetime.date(2027, 2, 19),
        status="in_progress",
        progress=40,
        description="**Submit** a talk.",
        lessons="Start early.",
        impact="People know my work.",
    )
    with_steps = milestone_services.milestone_create(
        owner=owner,
        title="Lead the pricing review",
        horizon=1,
        kind="ownership",
        target_date=datetime.date(2026, 11, 30),
        description="Own it end to end.",
    )
    step = milestone_services.step_create(milestone=with_steps, title="Draft the plan")
    milestone_services.step_create(milestone=with_steps, title="Present it")
    milestone_services.step_set_done(step=step, done=True)
    skill = learning_services.skill_create(
        owner=owner,
        name="Public speaking",
        current_level=2,
        target_level=4,
        why="Talks open doors.",
        horizon=5,
        milestone=milestone,
    )
    learning_item = learning_services.learning_item_create(
        owner=owner,
        kind="certification",
        title="Cloud data engineer",
        provider="Google",
        link="https://example.com/certification",
        status="done",
        hours_spent=Decimal("12.5"),
        started_on=datetime.date(2025, 1, 10),
        finished_on=datetime.date(2025, 3, 10),
        issued_on=datetime.date(2025, 3, 12),
        expires_on=datetime.date(2028, 3, 12),
        licence_number="GCP-PDE-2025-0042",
        skills=[skill],
        milestone=milestone,
    )
    horizon = owner.horizons.get(years=10)
    contact = network_services.contact_create(
        owner=owner,
        name="Amara Nwosu",
        organisation="Fairfreight",
        role="Head of Data",
        email="amara@example.org",
        profile_url="https://www.linkedin.com/in/amara",
        where_met="PyData London",
        relationship="mentor",
        tag_names=["data", "London"],
        cadence="monthly",
        horizons=[horizon],
        milestones=[milestone],
        notes="Knows everyone in logistics.",
    )
    interaction = network_services.interaction_log(
        contact=contact, date=datetime.date(2026, 1, 5), kind="coffee", notes="Talked pricing."
    )
    event = network_services.event_create(
        owner=owner,
        name="PyData London",
        kind="conference",
        date=datetime.date(2026, 6, 12),
        location="London",
        attended=True,
        notes="Three good talks.",
        contacts=[contact],
    )
    checkin = checkin_services.checkin_create(
        owner=owner,
        north_star_progress=4,
        job_or_career=3,
        learned="How to pitch a talk.",
        network="Coffee with Amara.",
        next_step="Send the abstract",
        mood=4,
    )
    checkin_services.checkin_next_step_to_milestone(checkin=checkin)
    cheer = _cheered(checkin)
    CheckInRhythm.objects.create(
        user=owner, checkin_cadence="biweekly", checkin_weekday=3, checkin_hour=8
    )
    ReminderPreference.objects.create(
        user=owner,
        milestone_due=False,
        milestone_days_before=10,
        milestone_overdue=True,
        contact_due=False,
        certification=True,
        comments="weekly",
        quiet_from=22,
        quiet_until=7,
        opportunities=False,
    )
    opportunity, stage_move = _opportunities(owner, contact=contact, horizon=horizon, value=value)
    inbox_entry = InboxEntry.objects.create(
        owner=owner,
        name="Grace Hopper",
        email="grace@example.com",
        subject="Coffee next week?",
        note="Met at the data meetup",
        date=datetime.date(2026, 1, 2),
    )
    return SimpleNamespace(
        owner=owner,
        inbox_entry=inbox_entry,
        horizon=horizon,
        value=value,
        job=job,
        past_job=past_job,
        ledger_entry=ledger_entry,
        milestone=milestone,
        step=step,
        skill=skill,
        learning_item=learning_item,
        contact=contact,
        interaction=interaction,
        event=event,
        checkin=checkin,
        cheer=cheer,
        opportunity=opportunity,
        stage_move=stage_move,
        past_mentorship=_mentoring_history(owner, milestone=with_steps, horizon=horizon),
        brag_document=_brag_document(owner),
    )


def _cheered(checkin):
    """A past mentor's cheer on the check-in: Sam cheered it, then the mentorship ended (the
    cheer stays the owner's; the people around the plan are world()'s)."""
    sam = UserFactory(display_name="Sam Lee")
    mentorship = MentorshipFactory(mentee=checkin.owner, mentor=sam)
    cheer = mentoring_services.cheer_toggle(actor=Actor(sam), item=checkin, reaction="applause")
    mentorship_end(mentorship=mentorship, actor=Actor(sam))
    return cheer


def _opportunities(owner, *, contact, horizon, value):
    """An open opportunity with every field filled, moved, scored and linked to a contact, and
    one declined with its reason."""
    opportunity = opportunity_services.opportunity_create(
        owner=owner,
        on=datetime.date(2026, 10, 1),
        kind="role",
        title="Product manager, clinical tools",
        organisation="Healthwise",
        link="https://example.com/jobs/pm",
        source="Amara's team",
        description="**Own** the roadmap of the clinical tools.",
        contacts=[contact],
        next_action="Follow up with the recruiter",
        next_action_on=datetime.date(2027, 1, 8),
        stall_after_days=21,
        sent_version="Résumé – product, Oct 2026",
        notes="Ask about on-call.",
        stage="exploring",
        stage_label="Reading up",
    )
    stage_move = opportunity_services.opportunity_move(
        opportunity=opportunity,
        stage="applied",
        label="Sent",
        on=datetime.date(2026, 10, 3),
        today=datetime.date(2026, 10, 3),
        note="Applied online.",
        next_action="Follow up with the recruiter",
        next_action_on=datetime.date(2027, 1, 8),
    )
    opportunity_services.opportunity_score(
        opportunity=opportunity,
        horizons={horizon: 5},
        values={value: 4},
        pay=3,
        time=2,
        security=4,
        location=5,
    )
    declined = opportunity_services.opportunity_create(
        owner=owner, on=datetime.date(2026, 9, 1), title="Night-shift lead", organisation="Ward 7"
    )
    opportunity_services.opportunity_decide(
        opportunity=declined,
        decision="declined",
        reason="Nights would end my evening course.",
        on=datetime.date(2026, 9, 10),
        today=datetime.date(2026, 9, 10),
    )
    opportunity.refresh_from_db()
    return opportunity, stage_move


def world() -> tuple[SimpleNamespace, dict]:
    """A full plan and everybody around it: the sample objects every URL can take, and the users
    by role (owner, mentor sharing everything, unshared mentor, former mentor, stranger)."""
    owner = UserFactory()
    plan = one_of_everything(owner)
    mentor, unshared, former, other = (UserFactory() for _ in range(4))
    mentorship = MentorshipFactory(mentee=owner, mentor=mentor)
    MentorshipFactory(
        mentee=owner,
        mentor=unshared,
        share_vision=False,
        share_milestones=False,
        share_learning=False,
        share_network=False,
        share_checkins=False,
        share_opportunities=False,
    )
    former_mentorship = MentorshipFactory(mentee=owner, mentor=former, ended_at=timezone.now())
    meeting_services.reflection_write(
        mentorship=former_mentorship, actor=Actor(owner), text="Former taught me to ask."
    )
    token = f"a-known-token-{uuid.uuid4().hex}"  # several worlds may live in one test
    invitation = Invitation.objects.create(
        mentee=owner,
        email="invitee@example.com",
        token_hash=hash_token(token),
        expires_at=Invitation.default_expiry(),
    )
    comment = mentoring_services.comment_create(
        author=mentor, item=plan.milestone, body="Have you asked **Amara**?"
    )
    record_services.brag_document_share(document=plan.brag_document, mentorships=[mentorship])
    pair = _pair_record(plan, mentorship)
    meeting_services.private_note_save(  # the session the URLs open: its private-notes form edits
        session=pair["session"], actor=Actor(mentorship.mentor), body="Bring the salary data."
    )
    DispatcherState.objects.update_or_create(pk=1, defaults={"last_run_at": timezone.now()})
    period = checkin_period_now(user=owner, now=timezone.now())
    Reminder.objects.create(  # answered from its email: its link's page edits the check-in
        user=owner,
        kind="checkin",
        period=period,
        subject="Time for your check-in",
        checkin=plan.checkin,
    )
    sample = SimpleNamespace(
        **vars(plan),
        **pair,
        mentorship=mentorship,
        invitation=invitation,
        token=token,
        mentor_comment=comment,
        former_mentorship=former_mentorship,
        unsubscribe=make_link(user=owner, action="unsubscribe", kinds=["checkin"]).split("/")[-2],
        snooze=make_link(user=owner, action="snooze").split("/")[-2],
        checkin_link=make_checkin_link(user=owner, period=period).split("/")[-2],
        feed_key=calendar_feed_regenerate(user=owner, actor=Actor(owner)).key,
        api_token=token_create(user=owner, name="Spreadsheet", actor=Actor(owner))[0],
        resume_preview=ResumePreview.objects.create(owner=owner, rows=[]),
        imported_preview=ResumePreview.objects.create(
            owner=owner, rows=[], accepted_at=timezone.now(), status="done"
        ),
    )
    users = {"owner": owner, "mentor": mentor, "unshared": unshared, "former": former}
    users["other"] = other
    # A one-to-one mentorship: both sides are shown the same two plans on some pages.
    users["solo_mentee"], users["solo_mentor"] = UserFactory(), UserFactory()
    one_of_everything(users["solo_mentee"])
    MentorshipFactory(mentee=users["solo_mentee"], mentor=users["solo_mentor"])
    Invitation.objects.create(
        mentee=users["solo_mentee"],
        email="pending@example.com",
        token_hash=hash_token(f"another-known-token-{uuid.uuid4().hex}"),
        expires_at=Invitation.default_expiry(),
    )
    return sample, users


def _pair_record(plan, mentorship) -> dict:
    """The record of the world's mentorship, as it stands mid-way: an agreement the mentee
    proposed, a session she proposed, one the mentor logged (with his private notes), her point
    for the agenda and her action item from it."""
    owner, now = plan.owner, timezone.now()
    as_mentee, as_mentor = Actor(owner), Actor(mentorship.mentor)
    held_session = meeting_services.session_log(
        mentorship=mentorship,
        actor=as_mentor,
        starts_at=(now - datetime.timedelta(days=2)).replace(
            hour=8, minute=0, second=0, microsecond=0
        ),
        minutes=60,
        notes="Talked about saying **no** to side projects.",
    )
    return {
        "agreement": meeting_services.agreement_propose(
            mentorship=mentorship,
            actor=as_mentee,
            purpose="Move into product management within a year.",
            every_weeks=2,
            until=timezone.localdate() + datetime.timedelta(days=180),
            horizons=[plan.horizon],
            milestones=[plan.milestone],
        ),
        "session": meeting_services.session_propose(
            mentorship=mentorship,
            actor=as_mentee,
            starts_at=(now + datetime.timedelta(days=7)).replace(
                hour=9, minute=0, second=0, microsecond=0
            ),
            minutes=45,
            place="https://meet.example.com/pair",
        ),
        "held_session": held_session,
        "private_note": meeting_services.private_note_save(
            session=held_session, actor=as_mentor, body="Ask about her manager next time."
        ),
        "talking_point": meeting_services.talking_point_add(
            mentorship=mentorship, actor=as_mentee, text="How do I say no to side projects?"
        ),
        "action_item": meeting_services.action_item_create(
            session=held_session,
            actor=as_mentor,
            assignee=owner,
            title="List three side projects to drop",
            due_on=timezone.localdate() + datetime.timedelta(days=14),
        ),
    }


def get_urls(sample) -> list[tuple[str, str]]:
    """(route name, URL) of every GET page of the URLconf, with arguments reaching `sample`."""
    from tests.contracts.test_url_access import RULES

    urls = []
    for route in project_routes():
        method, sample_kwargs, _expected = RULES[route.name]
        if method == "get":
            kwargs = sample_kwargs(sample) if sample_kwargs else None
            urls.append((route.name, reverse(route.name, kwargs=kwargs)))
    return urls


# Columns that change by themselves whenever a row is saved or a user signs in.
VOLATILE = {"updated_at", "last_login", "last_used_at"}
# Tables that record what happened rather than hold a plan: sign-ins, sessions, the cache's
# rate-limit history lives in Redis, not here.
NOT_STATE = {"accounts.SecurityEvent", "sessions.Session"}


def database_state() -> dict[str, list[dict]]:
    """Every row of every table, but for the columns and tables that change by themselves."""
    state = {}
    for model in apps.get_models():
        label = model._meta.label
        if label in NOT_STATE:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in VOLATILE]
        state[label] = list(model.objects.order_by("pk").values(*fields))
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


def changed_rows(before: dict, after: dict) -> list:
    """What changed, row by row, for an assertion's message."""
    changes = []
    for label in changed_tables(before, after):
        old = {row.get("id"): row for row in before[label]}
        new = {row.get("id"): row for row in after[label]}
        for key in sorted(old.keys() | new.keys(), key=str):
            if old.get(key) != new.get(key):
                changes.append((label, old.get(key), new.get(key)))
    return changes


def mentoring_truth() -> SimpleNamespace:
    """A mentee and her mentor whose every count is known (tests/contracts/test_truth.py).

    Nora checked in six times (11–16 Feb 2026), each shared with Ben; after the last one she
    changed her vision three times, added a job, two milestones, a contact and a course, and
    commented once on a milestone; Ben commented twice on her plan. So Ben has 6 unread check-ins
    and 1 unread comment, Nora 2 unread comments; her recap holds one vision line and the five
    additions, never her own comment. Both are in London, with check-in reminders off."""
    import time_machine  # a test dependency: the world is built at known moments

    def at(moment: str):
        return time_machine.travel(datetime.datetime.fromisoformat(moment), tick=False)

    with at("2026-02-10 10:00:00+00:00"):
        nora = UserFactory(display_name="Nora Quinn", time_zone="Europe/London")
        ben = UserFactory(display_name="Ben Ortiz", time_zone="Europe/London")
        for person in (nora, ben):
            CheckInRhythm.objects.create(user=person, checkin_cadence="off")
        MentorshipFactory(mentee=nora, mentor=ben)
    checkins = []
    for day in range(11, 17):
        with at(f"2026-02-{day} 18:00:00+00:00"):
            checkins.append(
                checkin_services.checkin_create(
                    owner=nora, north_star_progress=3, job_or_career=4, next_step=f"Step {day}"
                )
            )
    with at("2026-02-25 10:00:00+00:00"):
        for name in ("Care", "Craft", "Courage"):
            vision_services.value_create(owner=nora, name=name, meaning="")
        vision_services.job_create(
            owner=nora,
            title="Clinical informatics lead",
            organisation="St Mary's",
            start_date=datetime.date(2026, 2, 1),
        )
        first, second = (
            milestone_services.milestone_create(owner=nora, horizon=1, kind="goal", title=title)
            for title in ("Finish the product course", "Shadow a product manager")
        )
        network_services.contact_create(owner=nora, name="Amara Obi", cadence="monthly")
        learning_services.learning_item_create(
            owner=nora, kind="course", title="Product discovery", status="in_progress"
        )
        own = mentoring_services.comment_create(
            author=nora, item=second, body="My own note, not news to me."
        )
        mentor_comments = [
            mentoring_services.comment_create(author=ben, item=first, body=body)
            for body in ("**Before we meet:** draft the plan.", "Ask Amara about *discovery*.")
        ]
    return SimpleNamespace(
        mentee=nora,
        mentor=ben,
        checkins=checkins,
        milestones=(first, second),
        own_comment=own,
        mentor_comments=mentor_comments,
        now="2026-02-26 12:00:00+00:00",
    )
