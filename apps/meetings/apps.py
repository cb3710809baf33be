from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    summary = "mentoring sessions: agreements, sessions, agendas, notes and action items"
    name = "apps.meetings"
    label = "meetings"
