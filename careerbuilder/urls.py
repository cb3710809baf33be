from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.i18n import JavaScriptCatalog, set_language

# The admin signs in through allauth (rate limits, two-factor authentication), staff only.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("apps.dashboard.urls")),
    path("vision/", include("apps.vision.urls")),
    path("milestones/", include("apps.milestones.urls")),
    path("learning/", include("apps.learning.urls")),
    path("network/", include("apps.network.urls")),
    path("mentoring/", include("apps.mentoring.urls")),
    path("checkins/", include("apps.checkins.urls")),
    path("opportunities/", include("apps.opportunities.urls")),
    path("record/", include("apps.record.urls")),
    path("sessions/", include("apps.meetings.urls")),
    path("reminders/", include("apps.reminders.urls")),
    path("data/", include("apps.dataio.urls")),
    path("api/v1/", include("apps.dataio.api_urls")),  # the résumé; before the API's catch-all
    path("api/", include("apps.api.urls")),
    path("anymail/", include("apps.inbound.webhooks")),  # email providers' webhooks
    path("accounts/", include("apps.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # the words of static/js/app.js in the visitor's language; the cache key carries the language
    path(
        "jsi18n/",
        cache_page(3600)(JavaScriptCatalog.as_view(packages=["apps.dashboard"])),
        name="javascript-catalog",
    ),
    # a visitor's choice of language, kept in a cookie; a signed-in user's lives on the profile
    path("i18n/setlang/", set_language, name="set_language"),
]
