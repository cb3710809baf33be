"""State-change helpers every area's services use."""

import datetime

from django.utils import timezone

from .models import FormSubmission


def model_update(*, instance, data: dict, exclude_validation=()):
    """Sets `data` on `instance`, validates it like a form would, and saves just those fields."""
    for field, value in data.items():
        setattr(instance, field, value)
    instance.full_clean(exclude=list(exclude_validation))
    instance.save()
    return instance


FORM_SUBMISSION_DAYS = 30  # the worker replays nothing older (templates/dashboard/sw.js)


def form_submissions_purge(*, now: datetime.datetime | None = None) -> int:
    """Forgets the keys of forms sent more than FORM_SUBMISSION_DAYS ago: a device does not
    replay anything that old, so nothing is left to refuse. Returns how many went."""
    before = (now or timezone.now()) - datetime.timedelta(days=FORM_SUBMISSION_DAYS)
    deleted, _by_model = FormSubmission.objects.filter(created_at__lt=before).delete()
    return deleted
