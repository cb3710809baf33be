"""Small helpers the plan's views share."""

import uuid
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import FormSubmission

# The hidden field static/js/app.js adds to forms marked `data-outbox`, and the header the
# service worker (templates/dashboard/sw.js) sends when it replays one written offline.
CLIENT_KEY_FIELD = "client_key"
REPLAY_HEADER = "X-Outbox-Replay"


def after_save(request, *, default: str, message: str = ""):
    """Where a successful form goes: back where it was opened from (`?next=`, e.g. the first-run
    guide), or the page it belongs to."""
    if message:
        messages.success(request, message)
    return redirect(safe_next_url(request, default))


def confirm_delete(
    request, *, what: str, name: str, cancel_url: str, detail: str = "", action: str = "Delete"
):
    """The confirmation page shown before anything is deleted (or ended). `action` is "Delete"
    or "End" (each worded in full by the page); `what` ("milestone"), `name` and `detail` are
    shown as given, so a caller passes them translated."""
    return render(
        request,
        "core/confirm_delete.html",
        {"what": what, "name": name, "cancel_url": cancel_url, "detail": detail, "action": action},
    )


PAST_TENSE = {
    "Delete": gettext_lazy("Deleted the %(what)s “%(name)s”."),
    "End": gettext_lazy("Ended the %(what)s “%(name)s”."),
}


def delete_after_confirmation(
    request,
    *,
    delete,
    what: str,
    name: str,
    cancel_url: str,
    done_url: str,
    detail: str = "",
    action: str = "Delete",
):
    """GET asks first; POST calls `delete` (a service, which records it in the audit log) and
    goes to `done_url`."""
    if request.method != "POST":
        return confirm_delete(
            request, what=what, name=name, cancel_url=cancel_url, detail=detail, action=action
        )
    delete()
    messages.success(request, PAST_TENSE[action] % {"what": what, "name": name})
    return redirect(done_url)


def safe_next_url(request, default: str) -> str:
    """The page to go back to (`next`, posted or in the address), when it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def client_key(request) -> uuid.UUID | None:
    """The random key a page gave the form it posted, if it gave a well-formed one."""
    try:
        return uuid.UUID(request.POST.get(CLIENT_KEY_FIELD, ""))
    except ValueError:
        return None


def submitted_once(done: str):
    """Saves a form posted with a `client_key` once per user and key: the same form sent again
    (replayed from a device's outbox, or a double click) is not saved twice, and goes to `done`
    (a URL name, reversed with the view's arguments, or `?next=`) saying so.

    The wrapped view must answer a redirect when it saved and anything else when it did not: a
    refused form does not use the key up, so the corrected form can be sent. The key is taken
    in the view's transaction, behind a unique constraint: of two copies sent at once, the
    second waits for the first and is refused if the first saved. A replay from the service
    worker gets 204 (saved, now or before) instead of the redirect."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            key = client_key(request) if request.method == "POST" else None
            if key is None or not request.user.is_authenticated:
                return view(request, *args, **kwargs)
            replay = request.headers.get(REPLAY_HEADER) == "1"
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        submission = FormSubmission.objects.create(user=request.user, key=key)
                except IntegrityError:
                    if replay:
                        return HttpResponse(status=204)
                    messages.info(request, _("This was already saved; it was not saved again."))
                    return redirect(safe_next_url(request, reverse(done, kwargs=kwargs)))
                response = view(request, *args, **kwargs)
                saved = response.status_code in (301, 302, 303)
                if not saved:
                    submission.delete()
            return HttpResponse(status=204) if replay and saved else response

        return wrapper

    return decorator
