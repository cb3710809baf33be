"""The plan as one document people read: Markdown and HTML in the export ZIP, beside the JSON
that imports. Vision, career history with its ledger, milestones with their reflections,
learning, opportunities and the decisions on them, check-ins, the mentoring sessions with their
notes and action items, and the comments people wrote on the plan (mentors' and the owner's)
and the mentors' cheers, each under its item. A mentor's private notes are his, never in the
mentee's document."""

from collections import defaultdict

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_noop

from apps.checkins.models import CheckIn
from apps.learning.models import LearningItem, Skill
from apps.meetings.models import LIVE_STATUSES, ActionItem, Agreement, Reflection, Session
from apps.mentoring.models import Cheer, Comment
from apps.milestones.models import Milestone
from apps.opportunities.models import Opportunity
from apps.vision.models import Horizon, Job, Value, Vision

# The documents are written in the language active when the export is made. makemessages reads
# templates ending in .html or .txt only: a sentence the Markdown templates alone say is marked
# here too, so that the catalogues hold it.
MARKDOWN_ONLY = (gettext_noop("%(reaction)s from **%(mentor)s**, %(day)s"),)


def readable_context(user) -> dict:
    comments = defaultdict(list)
    for comment in (
        Comment.objects.filter(plan_owner=user, deleted_at__isnull=True)
        .select_related("author", "content_type")
        .order_by("created_at", "pk")
    ):
        comment.quoted = comment.body.replace("\n", "\n> ")  # every line in the Markdown quote
        comments[(comment.content_type.model, comment.object_id)].append(comment)

    cheers = defaultdict(list)
    for cheer in Cheer.objects.filter(owner=user).select_related("mentor"):
        if cheer.milestone_id:
            cheers[("milestone", cheer.milestone_id)].append(cheer)
        else:
            cheers[("checkin", cheer.checkin_id)].append(cheer)

    def with_comments(rows):
        rows = list(rows)
        for row in rows:
            row.readable_comments = comments.get((row._meta.model_name, row.pk), [])
            row.readable_cheers = cheers.get((row._meta.model_name, row.pk), [])
        return rows

    return {
        "user": user,
        "exported_at": timezone.localtime(),
        "vision": Vision.objects.filter(owner=user).first(),
        "horizons": with_comments(Horizon.objects.filter(owner=user).exclude(statement="")),
        "values": Value.objects.filter(owner=user),
        "jobs": Job.objects.filter(owner=user).prefetch_related("ledger_entries"),
        "milestones": with_comments(
            Milestone.objects.filter(owner=user)
            .prefetch_related("steps")
            .order_by("status", "target_date", "pk")
        ),
        "skills": with_comments(Skill.objects.filter(owner=user)),
        "learning": with_comments(LearningItem.objects.filter(owner=user)),
        "opportunities": with_comments(Opportunity.objects.filter(owner=user)),
        "checkins": with_comments(CheckIn.objects.filter(owner=user).order_by("-created_at")),
        # what was agreed, the sessions that were (or are to be) held, and the last word of each
        "agreements": Agreement.objects.filter(owner=user, confirmed_at__isnull=False),
        "sessions": Session.objects.filter(owner=user, status__in=LIVE_STATUSES)
        .order_by("starts_at", "pk")
        .prefetch_related(
            Prefetch("action_items", ActionItem.objects.select_related("milestone", "step"))
        ),
        "reflections": Reflection.objects.filter(owner=user),
    }


def readable_markdown(user) -> str:
    return render_to_string("dataio/readable.md", readable_context(user))


def readable_html(user) -> str:
    return render_to_string("dataio/readable.html", readable_context(user))
