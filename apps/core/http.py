"""Small helpers the plan's views share."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme


def after_save(request, *, default: str, message: str = ""):
    """Where a successful form goes: back where it was opened from (`?next=`, e.g. the first-run
    guide), or the page it belongs to."""
    if message:
        messages.success(request, message)
    return redirect(safe_next_url(request, default))


def confirm_delete(
    request, *, what: str, name: str, cancel_url: str, detail: str = "", action: str = "Delete"
):
    """The confirmation page shown before anything is deleted (or ended)."""
    return render(
        request,
        "core/confirm_delete.html",
        {"what": what, "name": name, "cancel_url": cancel_url, "detail": detail, "action": action},
    )


PAST_TENSE = {"Delete": "Deleted", "End": "Ended"}


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
    messages.success(request, f"{PAST_TENSE[action]} the {what} “{name}”.")
    return redirect(done_url)


def safe_next_url(request, default: str) -> str:
    """The page to go back to (`next`, posted or in the address), when it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default
