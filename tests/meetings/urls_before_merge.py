"""Stand-ins for the meetings pages the lead is writing (apps/meetings/urls.py), so that the
reminders and the Today list can build their links on this branch: the project's URLconf plus
the URL names they use, answering a placeholder. tests/meetings/conftest.py uses it only while
the real names are missing. Delete both at the merge."""

from django.http import HttpResponse
from django.urls import include, path

from careerbuilder.urls import urlpatterns as project

NAMES = ("pair", "session", "closing", "action_done", "agreement_confirm", "session_accept")


def stand_in(request, pk):
    return HttpResponse("A meetings page (stand-in until the merge).")


urlpatterns = [
    *project,
    path(
        "meetings/",
        include(([path(f"{name}/<int:pk>/", stand_in, name=name) for name in NAMES], "meetings")),
    ),
]
