from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.core import health
from apps.learning import selectors as learning_selectors
from apps.milestones import selectors as milestone_selectors
from apps.network import selectors as network_selectors
from apps.vision import selectors as vision_selectors

from . import metrics as engine_metrics
from . import selectors, services
from .context_processors import north_star_and_unread_count
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
        return redirect(reverse("mentoring:index") + "#mentees-heading")

    def lazy(read):
        return SimpleLazyObject(read)

    current_job = lazy(lambda: vision_selectors.current_job_for(owner=owner))
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "today": today,
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


@login_required
@require_GET
def setup(request):
    """Sends a newcomer to the next first-run step they have neither done nor skipped."""
    item = selectors.next_setup_step(owner=request.user)
    if item is None:
        messages.success(request, "Your plan is set up. Come back to it often.")
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
