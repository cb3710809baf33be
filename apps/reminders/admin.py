from django.contrib import admin

from .models import Delivery, DispatcherState, Reminder, ReminderPreference


class ReminderInline(admin.TabularInline):
    model = Reminder
    extra = 0
    fields = ["kind", "period", "subject", "created_at"]
    readonly_fields = fields


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Sent, failed and pending reminder emails, for staff."""

    list_display = ["pk", "user", "status", "attempts", "created_at", "sent_at", "last_error"]
    list_filter = ["status"]
    search_fields = ["user__email"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    inlines = [ReminderInline]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "period", "subject", "delivery", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__email", "subject"]
    raw_id_fields = ["user", "delivery"]


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "comments", "paused", "snoozed_until"]
    raw_id_fields = ["user"]


@admin.register(DispatcherState)
class DispatcherStateAdmin(admin.ModelAdmin):
    list_display = ["last_run_at"]
