from rest_framework import serializers

from apps.checkins.models import CheckIn
from apps.core.limits import one_line
from apps.learning.models import LearningItem, Skill
from apps.mentoring.models import Comment
from apps.milestones.models import Milestone, Step
from apps.network.models import Contact, Event, Interaction
from apps.sharing.access import editable_by, visible_to
from apps.vision.models import Horizon, Job, LedgerEntry, Value


class OwnedRelatedField(serializers.PrimaryKeyRelatedField):
    """Links only to the requesting user's own rows; anything else is "does not exist"."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return editable_by(self.context["request"].user, self.model.objects.all())


class VisibleRelatedField(OwnedRelatedField):
    """Links to rows the requesting user may see; a forbidden row "does not exist", like a
    missing one."""

    def get_queryset(self):
        return visible_to(self.context["request"].user, self.model.objects.all())


class HorizonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Horizon
        fields = ["id", "years", "statement", "target_role", "why", "is_north_star", "updated_at"]
        read_only_fields = ["years", "is_north_star", "updated_at"]


class ValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Value
        fields = ["id", "name", "meaning", "position"]
        read_only_fields = ["position"]


class JobSerializer(serializers.ModelSerializer):
    class Meta:
        model = Job
        fields = ["id", "title", "organisation", "start_date", "end_date"]


class LedgerEntrySerializer(serializers.ModelSerializer):
    job = OwnedRelatedField(Job)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "job",
            "recorded_on",
            "skills",
            "connections",
            "knowledge",
            "still_want",
            "score_1",
            "score_5",
            "score_10",
            "score_20",
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = [
            "id",
            "horizon",
            "title",
            "description",
            "kind",
            "target_date",
            "status",
            "progress",
            "lessons",
            "impact",
            "closed_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["closed_on", "created_at", "updated_at"]


class StepSerializer(serializers.ModelSerializer):
    milestone = OwnedRelatedField(Milestone)

    class Meta:
        model = Step
        fields = ["id", "milestone", "title", "done", "done_at", "due_on", "position"]
        read_only_fields = ["position", "done_at"]


class SkillSerializer(serializers.ModelSerializer):
    milestone = OwnedRelatedField(Milestone, required=False, allow_null=True)

    class Meta:
        model = Skill
        fields = ["id", "name", "current_level", "target_level", "why", "horizon", "milestone"]


class LearningItemSerializer(serializers.ModelSerializer):
    milestone = OwnedRelatedField(Milestone, required=False, allow_null=True)
    skills = OwnedRelatedField(Skill, many=True, required=False)

    class Meta:
        model = LearningItem
        fields = [
            "id",
            "kind",
            "title",
            "provider",
            "link",
            "status",
            "hours_spent",
            "started_on",
            "finished_on",
            "issued_on",
            "expires_on",
            "skills",
            "milestone",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class ContactSerializer(serializers.ModelSerializer):
    tag_names = serializers.ListField(
        child=serializers.CharField(max_length=40, validators=[one_line]),
        required=False,
        write_only=True,
    )
    tags = serializers.SerializerMethodField()
    milestones = OwnedRelatedField(Milestone, many=True, required=False)
    horizons = OwnedRelatedField(Horizon, many=True, required=False)

    class Meta:
        model = Contact
        fields = [
            "id",
            "name",
            "organisation",
            "role",
            "email",
            "profile_url",
            "where_met",
            "relationship",
            "tags",
            "tag_names",
            "notes",
            "horizons",
            "milestones",
            "cadence",
            "last_contacted_on",
            "next_due_on",
        ]
        read_only_fields = ["last_contacted_on", "next_due_on"]

    def get_tags(self, contact) -> list[str]:
        return [tag.name for tag in contact.tags.all()]


class InteractionSerializer(serializers.ModelSerializer):
    contact = OwnedRelatedField(Contact)

    class Meta:
        model = Interaction
        fields = ["id", "contact", "date", "kind", "notes"]


class EventSerializer(serializers.ModelSerializer):
    contacts = OwnedRelatedField(Contact, many=True, required=False)

    class Meta:
        model = Event
        fields = ["id", "name", "kind", "date", "location", "attended", "notes", "contacts"]


class CheckInSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckIn
        fields = [
            "id",
            "created_at",
            "north_star_progress",
            "job_or_career",
            "learned",
            "network",
            "next_step",
            "next_step_milestone",
            "mood",
            "previous_step",
            "previous_step_outcome",
            "notes",
        ]
        # previous_step is last time's commitment, copied when the check-in is made
        read_only_fields = ["created_at", "next_step_milestone", "previous_step"]


class CommentSerializer(serializers.ModelSerializer):
    item_kind = serializers.CharField(write_only=True)
    item_id = serializers.IntegerField(write_only=True)
    item = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    parent = VisibleRelatedField(Comment, required=False, allow_null=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "item_kind",
            "item_id",
            "item",
            "parent",
            "author",
            "body",
            "created_at",
            "edited_at",
        ]
        read_only_fields = ["created_at", "edited_at"]

    def get_item(self, comment) -> dict:
        return {"kind": comment.content_type.model, "id": comment.object_id}

    def get_author(self, comment) -> str:
        return str(comment.author)
