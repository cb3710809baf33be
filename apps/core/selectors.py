from dataclasses import dataclass

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


def setup_status(*, owner) -> list[SetupItem]:
    """The first-run steps in order, each done or not, skipped or not."""
    done = {
        SetupStep.VISION: Horizon.objects.filter(owner=owner, is_north_star=True).exists(),
        SetupStep.VALUES: Value.objects.filter(owner=owner).exists(),
        SetupStep.JOB: LedgerEntry.objects.filter(
            job__owner=owner, job__end_date__isnull=True
        ).exists(),
        SetupStep.MILESTONE: Milestone.objects.filter(owner=owner).exists(),
    }
    skipped = set(SetupSkip.objects.filter(owner=owner).values_list("step", flat=True))
    return [
        SetupItem(step.value, step.label, done[step], step.value in skipped) for step in SetupStep
    ]


def next_setup_step(*, owner) -> SetupItem | None:
    return next(
        (item for item in setup_status(owner=owner) if not item.done and not item.skipped), None
    )
