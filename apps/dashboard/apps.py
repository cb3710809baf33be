from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The pages that gather every area: the landing page, the dashboard, the first-run guide,
    the navigation summary, the health endpoint and the demo data. On top of the plan areas,
    mentoring and reminders, which it reads."""

    summary = "pages, guide, /healthz, demo"

    name = "apps.dashboard"
    label = "dashboard"
