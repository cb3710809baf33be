from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The pages that gather every area: the landing page, the dashboard and its Today list, the
    first-run guide, the navigation summary, the health endpoint and the demo data. On top of the
    plan areas, mentoring and reminders, which it reads."""

    summary = "pages, Today, guide, /healthz, demo"

    name = "apps.dashboard"
    label = "dashboard"

    def ready(self):
        from apps.checkins.models import CheckInRhythm
        from apps.core.cache import plan_changed_for
        from apps.sharing.models import Mentorship

        # The Today list is kept in the plan cache: a new check-in rhythm moves the check-in, a
        # mentorship begun or ended changes what waits for the mentor.
        plan_changed_for(CheckInRhythm, owner_id=lambda rhythm: rhythm.user_id)
        plan_changed_for(Mentorship, owner_id=lambda mentorship: mentorship.mentor_id)
