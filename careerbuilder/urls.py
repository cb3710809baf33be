from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

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
]
