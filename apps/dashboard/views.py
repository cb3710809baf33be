import datetime
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.core import health
from apps.core.cache import plan_cached
from apps.core.http import safe_next_url
from apps.core.i18n import local_date
from apps.learning import selectors as learning_selectors
from apps.milestones import selectors as milestone_selectors
from apps.network import selectors as network_selectors
from apps.vision import selectors as vision_selectors

from . import metrics as engine_metrics
from . import pwa, selectors, services
from .context_processors import north_star_and_unread_count
from .forms import SnoozeForm
from .models import SetupStep


@require_GET
def landing(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "dashboard/landing.html")


@login_required
@require_GET
def dashboard(request):
    """The plan at a glance. Its data is read lazily: a cached page (see the template's
    plan_fragment) reads none of it. The North Star is the one every page shows (navigation)."""
    owner, today = request.user, timezone.localdate()
    north_star, _unread = north_star_and_unread_count(request)  # cached for every page anyway
    if north_star is None and selectors.mentors_without_a_plan(user=owner):
        return redirect("today")  # their morning: what their mentees wait for

    def lazy(read):
        return SimpleLazyObject(read)

    current_job = lazy(lambda: vision_selectors.current_job_for(owner=owner))
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "today": today,
            **_today_context(request),
            "summary": lazy(lambda: selectors.plan_summary(owner=owner)),
            "milestones": lazy(
                lambda: milestone_selectors.milestone_overview(owner=owner, today=today)
            ),
            "current_job": current_job,
            "trajectory": lazy(
                lambda: vision_selectors.job_trajectory(current_job) if current_job else None
            ),
            "learning_in_progress": lazy(
                lambda: list(learning_selectors.learning_in_progress(owner=owner)[:5])
            ),
            "certifications_expiring": lazy(
                lambda: list(learning_selectors.certifications_expiring(owner=owner, today=today))
            ),
            "reach_out": lazy(
                lambda: list(network_selectors.reach_out_this_week(owner=owner, today=today)[:6])
            ),
            "skills_to_grow": lazy(
                lambda: list(learning_selectors.skills_to_grow(owner=owner)[:3])
            ),
        },
    )


TODAY_SHOWN = 10
# Stands for the request's CSRF token in the cached list: known to every worker, guessed by
# nobody (so no text a person writes can ask for the token to be put in its place).
CSRF_SLOT = "csrf-" + hashlib.sha256(f"today:{settings.SECRET_KEY}".encode()).hexdigest()[:32]


def _today_context(
    request, message: tuple[str, str] | None = None, *, keep_slot: bool = False
) -> dict:
    """The Today list as HTML, kept in the plan cache with everything but the request's CSRF
    token: it changes with the user's plan and with what others tell them (both retire the
    cache), with the day, the hour (the check-in comes due at a whole hour of the user's time),
    the language and the page it is on. The most pressing items are shown, the rest are one link
    away (`?all=1`): a morning's list, not the backlog. After an action it is rendered afresh,
    with what was done: the request remembers the plan version it read before. `keep_slot`
    leaves CSRF_SLOT in the HTML, for a page that is cached whole."""
    owner, now = request.user, timezone.now()
    local = timezone.localtime(now)
    vary = _today_vary(request, local)
    limit, back = vary[-2:]

    def render_list():
        today_list = selectors.today_list(owner=owner, today=local.date(), now=now)
        context = {
            "today_list": today_list,
            "today_items": today_list.items[:limit],
            "today_more": len(today_list.items) - len(today_list.items[:limit]),
            "tomorrow": local.date() + datetime.timedelta(days=1),
            "today_message": message,
            # where a form posted without JavaScript comes back to: the page the list is on
            "today_back": back,
            "csrf_token": CSRF_SLOT,
            "mentors": selectors.mentors_anyone(user=owner),
        }
        return render_to_string("dashboard/_today.html", context)

    if message is None:
        html = plan_cached("today", [owner.pk], vary, render_list, viewer=owner, request=request)
    else:
        html = render_list()
    if not keep_slot:
        html = html.replace(CSRF_SLOT, get_token(request))
    return {"today_html": mark_safe(html)}


def _today_vary(request, local: datetime.datetime) -> tuple:
    """What a cached Today list depends on besides the plans (see _today_context); its last two
    are how many items it shows and the page it is on."""
    limit = None if request.GET.get("all") == "1" else TODAY_SHOWN
    back = request.path if request.method == "GET" else request.POST.get("next", "")
    return (
        request.user.time_zone,
        local.date().isoformat(),
        local.hour,
        get_language(),
        limit,
        back,
    )


@login_required
@require_GET
def today(request):
    """The Today list on a page of its own (what the dashboard opens on; HTMX swaps it).

    The page people open every morning is kept whole in the plan cache, as its list is: the
    layout around the list shows only the user's own plan (the North Star, what waits for them)
    and their name, so it is kept under the same key plus the name. A page that carries a
    message, or a query the layout reads (the first-run guide), is rendered afresh."""
    user = request.user
    if len(messages.get_messages(request)) or set(request.GET) - {"all"}:
        return render(request, "dashboard/today.html", _today_context(request))

    def render_page():
        context = {**_today_context(request, keep_slot=True), "csrf_token": CSRF_SLOT}
        return render_to_string("dashboard/today.html", context, request=request)

    vary = (*_today_vary(request, timezone.localtime()), user.get_short_name())
    html = plan_cached("today-page", [user.pk], vary, render_page, viewer=user, request=request)
    return HttpResponse(html.replace(CSRF_SLOT, get_token(request)))


def _today_answer(request, message: tuple[str, str]):
    """After an action on the list: the list again, in place (HTMX), or the page it came from."""
    if request.htmx:
        return HttpResponse(_today_context(request, message)["today_html"])
    getattr(messages, message[0])(request, message[1])
    return redirect(safe_next_url(request, reverse("dashboard")))


GONE = gettext_lazy("That item is no longer on your list: it was done already, or it moved on.")


@login_required
@require_POST
def today_done(request, key):
    try:
        done = services.today_item_done(
            owner=request.user,
            key=key,
            data=request.POST,
            today=timezone.localdate(),
            now=timezone.now(),
        )
    except services.TodayItemGone:
        return _today_answer(request, ("warning", str(GONE)))
    except ValidationError as error:
        return _today_answer(request, ("error", " ".join(error.messages)))
    return _today_answer(request, ("success", done))


@login_required
@require_POST
def today_snooze(request, key):
    today = timezone.localdate()
    form = SnoozeForm(request.POST, today=today)
    if not form.is_valid():
        problems = [message for errors in form.errors.values() for message in errors]
        return _today_answer(request, ("error", " ".join(problems)))
    until = form.cleaned_data["until"]
    try:
        services.today_item_snooze(
            owner=request.user, key=key, until=until, today=today, now=timezone.now()
        )
    except services.TodayItemGone:
        return _today_answer(request, ("warning", str(GONE)))
    except ValidationError as error:
        return _today_answer(request, ("error", " ".join(error.messages)))
    back_on = gettext("Snoozed until %(date)s.") % {"date": local_date(until, "l j F")}
    return _today_answer(request, ("success", back_on))


@login_required
@require_GET
def setup(request):
    """Sends a newcomer to the next first-run step they have neither done nor skipped."""
    item = selectors.next_setup_step(owner=request.user)
    if item is None:
        messages.success(request, gettext("Your plan is set up. Come back to it often."))
        return redirect("dashboard")
    return setup_step(request, item.step)


@login_required
@require_GET
def setup_step(request, step):
    """A first-run step is the area's own page, sent back here (`?next=`) once it is saved."""
    if step not in SetupStep.values:
        raise Http404("There is no such setup step.")
    url = selectors.setup_step_url(owner=request.user, step=step)
    if url is None:
        return redirect("setup")
    return redirect(f"{url}?{urlencode({'next': reverse('setup')})}")


@login_required
@require_POST
def setup_skip(request, step):
    if step not in SetupStep.values:
        raise Http404("There is no such setup step.")
    services.setup_step_skip(owner=request.user, step=step)
    return redirect("setup")


@never_cache
@require_GET
def healthz(request):
    checks = services.health_check()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks, "detail": health.details()},
        status=200 if healthy else 503,
    )


@never_cache
@require_GET
def metrics(request):
    """Prometheus metrics, for a scraper bearing METRICS_TOKEN; without a token set, no page."""
    if not settings.METRICS_TOKEN:
        raise Http404("Metrics are off.")
    if not engine_metrics.authorised(request.headers.get("Authorization", "")):
        return HttpResponseForbidden("A valid bearer token is needed.", content_type="text/plain")
    return HttpResponse(engine_metrics.exposition(), content_type=engine_metrics.CONTENT_TYPE)


@require_GET
@cache_control(no_cache=True)
def web_manifest(request):
    """The web app manifest (apps/dashboard/pwa.py), for anyone: installing needs no account."""
    return JsonResponse(
        pwa.manifest(),
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """The service worker, rendered so that it knows the shell's hashed static names; served
    from the root so that its scope is the whole site, and never from a stale HTTP cache."""
    return HttpResponse(
        render_to_string("dashboard/sw.js", pwa.worker_context()),
        content_type="application/javascript",
    )


@require_GET
def offline(request):
    """What the service worker shows for a page it cannot reach. No personal data: it is kept
    on the device, whoever signs in there next."""
    return render(request, "dashboard/offline.html", {"saved": False})


@require_GET
def offline_saved(request):
    """The service worker's answer to a check-in or a conversation written offline."""
    return render(request, "dashboard/offline.html", {"saved": True})
