from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.urls import reverse

from apps.milestones.models import Milestone
from apps.vision.models import Horizon, LedgerEntry, Value

from .models import SetupSkip, SetupStep


@dataclass(frozen=True)
class SetupItem:
    step: str
    label: str
    done: bool
    skipped: bool

    @property
    def url(self) -> str:
        return reverse("setup_step", args=[self.step])


def _done_query(step: str):
    """Whether the user (OuterRef "pk") has done a first-run step, as an EXISTS subquery."""
    owner = OuterRef("pk")
    return {
        SetupStep.VISION: Horizon.objects.filter(owner=owner, is_north_star=True),
        SetupStep.VALUES: Value.objects.filter(owner=owner),
        SetupStep.JOB: LedgerEntry.objects.filter(job__owner=owner, job__end_date__isnull=True),
        SetupStep.MILESTONE: Milestone.objects.filter(owner=owner),
    }[step]


def setup_status(*, owner) -> list[SetupItem]:
    """The first-run steps in order, each done or not, skipped or not, in one query."""
    annotations = {}
    for step in SetupStep.values:
        annotations[f"done_{step}"] = Exists(_done_query(step))
        annotations[f"skipped_{step}"] = Exists(
            SetupSkip.objects.filter(owner=OuterRef("pk"), step=step)
        )
    state = get_user_model().objects.filter(pk=owner.pk).values(**annotations).get()
    return [
        SetupItem(step.value, step.label, state[f"done_{step}"], state[f"skipped_{step}"])
        for step in SetupStep
    ]


def next_setup_step(*, owner) -> SetupItem | None:
    return next(
        (item for item in setup_status(owner=owner) if not item.done and not item.skipped), None
    )
