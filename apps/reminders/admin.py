from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection
from django.utils import timezone
from django.utils.functional import cached_property

from .models import Delivery, DispatcherState, Moment, Reminder, ReminderPreference
from .selectors import engine_figures


class LargeTablePaginator(Paginator):
    """Counts an unfiltered table from PostgreSQL's statistics instead of scanning it, so the admin
    lists of tables with millions of rows open at once (a filtered list still counts exactly)."""

    @cached_property
    def count(self):
        query = self.object_list.query
        if connection.vendor == "postgresql" and not query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
                    [query.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > 10_000:
                return row[0]
        return super().count


class LargeTableAdmin(admin.ModelAdmin):
    paginator = LargeTablePaginator
    show_full_result_count = False


class ReminderInline(admin.TabularInline):
    model = Reminder
    extra = 0
    fields = ["kind", "period", "subject", "created_at"]
    readonly_fields = fields


@admin.register(Delivery)
class DeliveryAdmin(LargeTableAdmin):
    """Sent, failed and pending reminder emails, for staff."""

    list_display = ["pk", "user", "status", "attempts", "created_at", "sent_at", "last_error"]
    list_filter = ["status"]
    search_fields = ["user__email"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    inlines = [ReminderInline]


@admin.register(Reminder)
class ReminderAdmin(LargeTableAdmin):
    list_display = ["user", "kind", "period", "subject", "delivery", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__email", "subject"]
    raw_id_fields = ["user", "delivery"]


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "comments", "paused", "snoozed_until"]
    raw_id_fields = ["user"]


@admin.register(Moment)
class MomentAdmin(LargeTableAdmin):
    """When each thing of a plan next needs the dispatcher (read-only: triggers keep them)."""

    list_display = ["user", "source", "due_at", "last_period"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["user", "source", "due_at", "last_period"]


@admin.register(DispatcherState)
class DispatcherStateAdmin(admin.ModelAdmin):
    """Each dispatch partition's last run, with the engine's figures above the list (the same
    as /metrics)."""

    list_display = [
        "partition",
        "last_run_at",
        "last_duration",
        "last_recorded",
        "users_skipped",
        "last_failed_at",
        "last_error",
    ]
    readonly_fields = list_display

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "figures": engine_figures(timezone.now())}
        return super().changelist_view(request, extra_context)
