from django.contrib import admin

from .models import Milestone, Step


class StepInline(admin.TabularInline):
    model = Step
    extra = 0


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "horizon", "kind", "status", "target_date", "progress"]
    list_filter = ["horizon", "kind", "status"]
    search_fields = ["title"]
    raw_id_fields = ["owner"]
    inlines = [StepInline]
