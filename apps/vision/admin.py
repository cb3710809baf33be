from django.contrib import admin

from .models import Horizon, Job, LedgerEntry, Value, Vision, VisionRevision


@admin.register(Vision)
class VisionAdmin(admin.ModelAdmin):
    list_display = ["owner", "updated_at"]
    raw_id_fields = ["owner"]


@admin.register(Horizon)
class HorizonAdmin(admin.ModelAdmin):
    list_display = ["owner", "years", "is_north_star", "updated_at"]
    list_filter = ["years", "is_north_star"]
    raw_id_fields = ["owner"]


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    list_display = ["owner", "position", "name"]
    raw_id_fields = ["owner"]


class LedgerEntryInline(admin.TabularInline):
    model = LedgerEntry
    extra = 0


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["owner", "title", "organisation", "start_date", "end_date"]
    raw_id_fields = ["owner"]
    inlines = [LedgerEntryInline]


@admin.register(VisionRevision)
class VisionRevisionAdmin(admin.ModelAdmin):
    list_display = ["owner", "created_at"]
    raw_id_fields = ["owner"]
