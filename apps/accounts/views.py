from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import audit, languages, services
from .forms import DeleteAccountForm, ProfileForm
from .selectors import suppressed_for


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = services.user_update_profile(user=request.user, **form.cleaned_data)
        languages.remember(request, user.language)
        if user.language:  # the message already speaks the language just chosen
            translation.activate(user.language)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "security_events": audit.recent_events(user=request.user),
            "mfa_enabled": is_mfa_enabled(request.user),
            "suppressed": suppressed_for(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.user_delete(user=user)
        audit.logger.info("account_deleted: user %s", user.pk)  # nothing left to show it to
        messages.success(request, _("Your account and everything in it have been deleted."))
        return redirect("landing")
    return render(request, "accounts/delete.html", {"form": form})
