"""The settings page where people create, see and revoke their API tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.audit import Actor
from apps.core.limits import LABEL_LENGTH
from apps.sharing.access import get_editable_or_404

from . import services
from .models import PersonalAccessToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=LABEL_LENGTH,
        help_text=gettext_lazy("What it is for, e.g. “My spreadsheet”."),
        validators=PersonalAccessToken._meta.get_field("name").validators,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = services.token_create(
            user=request.user, name=form.cleaned_data["name"], actor=Actor.of(request)
        )
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": PersonalAccessToken.objects.filter(user=request.user),
        },
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_editable_or_404(request.user, PersonalAccessToken.objects.all(), pk=pk)
    services.token_revoke(token=token, actor=Actor.of(request))
    messages.success(
        request, gettext("The token “%(name)s” no longer works.") % {"name": token.name}
    )
    return redirect("api:tokens")
