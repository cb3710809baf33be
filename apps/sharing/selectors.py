from django.db.models import Q, QuerySet

from .models import Mentorship


def mentors_of(*, mentee) -> QuerySet:
    return Mentorship.objects.filter(mentee=mentee, ended_at__isnull=True).select_related("mentor")


def mentorship_people(*, user) -> list[int]:
    """The ids of the user's current mentors and mentees, whose plans show on the user's page."""
    pairs = Mentorship.objects.filter(
        Q(mentor=user) | Q(mentee=user), ended_at__isnull=True
    ).values_list("mentor_id", "mentee_id")
    return sorted({person for pair in pairs for person in pair} - {user.pk})
