from django.apps import AppConfig


class SharingConfig(AppConfig):
    """Who shares what with whom: the mentorships and their per-area switches, and the one
    access module every view and query asks. Beneath the plan areas, so they can ask it."""

    summary = "mentorships, shareable areas, access (visible_to, editable_by)"

    name = "apps.sharing"
    label = "sharing"
