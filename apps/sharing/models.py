from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .areas import SHAREABLE_AREAS, switch


class Mentorship(models.Model):
    """A mentor invited by a mentee, and what the mentee shares with them (one switch per
    shareable area, from apps.sharing.areas)."""

    OWNER_PATH = "mentee"  # the mentee owns the sharing switches; either side may end it

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships_as_mentee"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships_as_mentor"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # where the mentor's "since you last looked" starts: moved by a POST from their mentee page
    mentor_looked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "mentoring_mentorship"  # made by the mentoring app, moved here with its rows
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=Q(ended_at__isnull=True),
                name="one_active_mentorship_per_pair",
            ),
            models.CheckConstraint(condition=~Q(mentee=F("mentor")), name="no_self_mentoring"),
        ]

    def __str__(self):
        return f"{self.mentor} mentors {self.mentee}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def shared_areas(self) -> list[str]:
        return [area.key for area in SHAREABLE_AREAS if getattr(self, switch(area.key))]

    @property
    def shared_area_names(self) -> list:
        """The shared areas as a list on a page names them ("vision, checkins"), translated."""
        return [area.in_list for area in SHAREABLE_AREAS if getattr(self, switch(area.key))]


for _area in SHAREABLE_AREAS:
    Mentorship.add_to_class(
        switch(_area.key), models.BooleanField(_area.name.lower(), default=_area.shared_by_default)
    )
