from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.audit import Actor
from apps.core.charts import bar_chart
from apps.core.http import delete_after_confirmation
from apps.sharing.access import get_editable_or_404, get_visible_or_404

from . import selectors, services
from .forms import LearningFilterForm, LearningItemForm, SkillForm
from .models import LearningItem, LearningKind, Skill

# what a learning item is called within a sentence ("Delete this course?")
ITEM_NOUNS = {
    LearningKind.COURSE: _("course"),
    LearningKind.CERTIFICATION: _("certification"),
    LearningKind.BOOK: _("book"),
    LearningKind.TALK: _("talk"),
    LearningKind.PROJECT: _("project"),
}


@login_required
@require_GET
def index(request):
    owner, today = request.user, timezone.localdate()
    filter_form = LearningFilterForm(request.GET or None)
    items = selectors.learning_items_for(owner=owner)
    if filter_form.is_valid():
        for field in ("kind", "status"):
            if filter_form.cleaned_data[field]:
                items = items.filter(**{field: filter_form.cleaned_data[field]})
    log = selectors.learning_log(owner=owner, today=today)
    log_chart = bar_chart(
        [
            (
                date_format(month.month, "M"),
                month.hours,
                ngettext(
                    "%(hours)s hours, %(count)s item",
                    "%(hours)s hours, %(count)s items",
                    month.items,
                )
                % {"hours": f"{month.hours.normalize():f}", "count": month.items},
            )
            for month in log
        ]
    )
    return render(
        request,
        "learning/index.html",
        {
            "today": today,
            "skills": selectors.skills_for(owner=owner),
            "items": items,
            "filter_form": filter_form,
            "log": log,
            "log_chart": log_chart,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def skill_create(request):
    form = SkillForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        skill = services.skill_create(owner=request.user, **form.cleaned_data)
        messages.success(request, gettext("Added the skill “%(name)s”.") % {"name": skill.name})
        return redirect("learning:index")
    return render(request, "learning/skill_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def skill_edit(request, pk):
    skill = get_editable_or_404(request.user, Skill.objects.all(), pk=pk)
    form = SkillForm(request.POST or None, instance=skill, owner=request.user)
    if request.method == "POST" and form.is_valid():
        services.skill_update(skill=skill, **form.cleaned_data)
        messages.success(request, gettext("Skill saved."))
        return redirect("learning:index")
    return render(request, "learning/skill_form.html", {"form": form, "skill": skill})


@login_required
@require_http_methods(["GET", "POST"])
def skill_delete(request, pk):
    skill = get_editable_or_404(request.user, Skill.objects.all(), pk=pk)
    return delete_after_confirmation(
        request,
        delete=lambda: services.skill_delete(skill=skill, actor=Actor.of(request)),
        what=gettext("skill"),
        name=skill.name,
        cancel_url=reverse("learning:skill_edit", args=[skill.pk]),
        done_url=reverse("learning:index"),
    )


@login_required
@require_GET
def item_detail(request, pk):
    item = get_visible_or_404(request.user, selectors.learning_items_with_links(), pk=pk)
    return render(
        request,
        "learning/item_detail.html",
        {"item": item, "today": timezone.localdate(), "can_edit": item.owner_id == request.user.pk},
    )


@login_required
@require_GET
def skill_detail(request, pk):
    skill = get_visible_or_404(
        request.user,
        Skill.objects.select_related("milestone").prefetch_related("learning_items"),
        pk=pk,
    )
    return render(
        request,
        "learning/skill_detail.html",
        {"skill": skill, "can_edit": skill.owner_id == request.user.pk},
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request):
    form = LearningItemForm(
        request.POST or None, owner=request.user, initial={"kind": request.GET.get("kind")}
    )
    if request.method == "POST" and form.is_valid():
        item = services.learning_item_create(owner=request.user, **form.cleaned_data)
        messages.success(request, gettext("Added “%(title)s”.") % {"title": item.title})
        return redirect("learning:item_detail", item.pk)
    return render(request, "learning/item_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    item = get_editable_or_404(request.user, LearningItem.objects.all(), pk=pk)
    form = LearningItemForm(request.POST or None, instance=item, owner=request.user)
    if request.method == "POST" and form.is_valid():
        services.learning_item_update(item=item, **form.cleaned_data)
        messages.success(request, gettext("Saved."))
        return redirect("learning:item_detail", item.pk)
    return render(request, "learning/item_form.html", {"form": form, "item": item})


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request, pk):
    item = get_editable_or_404(request.user, LearningItem.objects.all(), pk=pk)
    return delete_after_confirmation(
        request,
        delete=lambda: services.learning_item_delete(item=item, actor=Actor.of(request)),
        what=str(ITEM_NOUNS.get(item.kind, item.get_kind_display())),
        name=item.title,
        cancel_url=reverse("learning:item_detail", args=[item.pk]),
        done_url=reverse("learning:index"),
    )
