"""The REST API: the same access rules as the web, the same services for every change.

Everyone reads what `visible_to` allows (their own plan, and what mentees share with them) and
changes only their own rows (`editable_by`); a mentor writes nothing but comments.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from apps.accounts.audit import Actor
from apps.accounts.models import Road
from apps.checkins import services as checkin_services
from apps.checkins.models import CheckIn
from apps.core.areas import commentable
from apps.core.cache import plan_cached
from apps.learning import services as learning_services
from apps.learning.models import LearningItem, Skill
from apps.mentoring import services as mentoring_services
from apps.mentoring.models import Comment
from apps.milestones import services as milestone_services
from apps.milestones.models import Milestone, Step
from apps.network import services as network_services
from apps.network.models import Contact, Event, Interaction
from apps.sharing.access import editable_by, visible_to
from apps.sharing.selectors import mentorship_people
from apps.vision import services as vision_services
from apps.vision.models import Horizon, Job, LedgerEntry, Value

from . import filters, serializers


def _as_drf(error: DjangoValidationError) -> ValidationError:
    return ValidationError(getattr(error, "message_dict", None) or {"detail": error.messages})


class PlanViewSet(viewsets.ModelViewSet):
    """Reads through `visible_to`, writes through `editable_by` and the app's services."""

    permission_classes = [permissions.IsAuthenticated]
    base_queryset = None

    def list(self, request, *args, **kwargs):
        """Lists are cached until a plan they show changes (see apps.core.cache)."""
        people = [request.user.pk, *mentorship_people(user=request.user)]
        data = plan_cached(
            f"api:{type(self).__name__}",
            people,
            [request.get_full_path()],
            lambda: super(PlanViewSet, self).list(request, *args, **kwargs).data,
            viewer=request.user,
            request=request,
        )
        return Response(data)

    def get_queryset(self):
        rows = self.base_queryset.all()
        if self.request.method in permissions.SAFE_METHODS:
            return visible_to(self.request.user, rows)
        return editable_by(self.request.user, rows)

    def perform_create(self, serializer):
        try:
            serializer.instance = self.create_item(serializer.validated_data)
        except DjangoValidationError as error:
            raise _as_drf(error) from error

    def perform_update(self, serializer):
        try:
            serializer.instance = self.update_item(serializer.instance, serializer.validated_data)
        except DjangoValidationError as error:
            raise _as_drf(error) from error

    def perform_destroy(self, instance):
        self.delete_item(instance)

    @property
    def actor(self) -> Actor:
        return Actor.of(self.request, road=Road.API)

    # Each change goes through the service the web uses (and so leaves the same audit trail);
    # a viewset without one refuses the method rather than change rows behind the rules' back.
    def create_item(self, data):
        raise exceptions.MethodNotAllowed(self.request.method)

    def update_item(self, instance, data):
        raise exceptions.MethodNotAllowed(self.request.method)

    def delete_item(self, instance):
        raise exceptions.MethodNotAllowed(self.request.method)


class HorizonViewSet(PlanViewSet):
    base_queryset = Horizon.objects.all()
    serializer_class = serializers.HorizonSerializer
    http_method_names = ["get", "put", "patch", "head", "options"]

    def update_item(self, instance, data):
        return vision_services.horizon_update(horizon=instance, **data)


class ValueViewSet(PlanViewSet):
    base_queryset = Value.objects.all()
    serializer_class = serializers.ValueSerializer

    def create_item(self, data):
        return vision_services.value_create(owner=self.request.user, **data)

    def update_item(self, instance, data):
        merged = {"name": instance.name, "meaning": instance.meaning, **data}
        return vision_services.value_update(value=instance, **merged)

    def delete_item(self, instance):
        vision_services.value_delete(value=instance, actor=self.actor)


class JobViewSet(PlanViewSet):
    base_queryset = Job.objects.all()
    serializer_class = serializers.JobSerializer

    def create_item(self, data):
        return vision_services.job_create(owner=self.request.user, **data)

    def update_item(self, instance, data):
        return vision_services.job_update(job=instance, **data)

    def delete_item(self, instance):
        vision_services.job_delete(job=instance, actor=self.actor)


class LedgerEntryViewSet(PlanViewSet):
    base_queryset = LedgerEntry.objects.select_related("job")
    serializer_class = serializers.LedgerEntrySerializer
    filterset_class = filters.LedgerEntryFilter

    def create_item(self, data):
        return vision_services.ledger_entry_create(**data)

    def update_item(self, instance, data):
        return vision_services.ledger_entry_update(entry=instance, **data)

    def delete_item(self, instance):
        vision_services.ledger_entry_delete(entry=instance, actor=self.actor)


class MilestoneViewSet(PlanViewSet):
    base_queryset = Milestone.objects.all()
    serializer_class = serializers.MilestoneSerializer
    filterset_class = filters.MilestoneFilter

    def create_item(self, data):
        return milestone_services.milestone_create(owner=self.request.user, **data)

    def update_item(self, instance, data):
        status = data.pop("status", instance.status)
        return milestone_services.milestone_update(milestone=instance, status=status, **data)

    def delete_item(self, instance):
        milestone_services.milestone_delete(milestone=instance, actor=self.actor)


class StepViewSet(PlanViewSet):
    base_queryset = Step.objects.select_related("milestone")
    serializer_class = serializers.StepSerializer
    filterset_class = filters.StepFilter

    def create_item(self, data):
        step = milestone_services.step_create(milestone=data["milestone"], title=data["title"])
        if data.get("done"):
            milestone_services.step_set_done(step=step, done=True)
        return step

    def update_item(self, instance, data):
        if "title" in data:
            milestone_services.step_update(step=instance, title=data["title"])
        if "done" in data:
            milestone_services.step_set_done(step=instance, done=data["done"])
        return instance

    def delete_item(self, instance):
        milestone_services.step_delete(step=instance, actor=self.actor)


class SkillViewSet(PlanViewSet):
    base_queryset = Skill.objects.all()
    serializer_class = serializers.SkillSerializer

    def create_item(self, data):
        return learning_services.skill_create(owner=self.request.user, **data)

    def update_item(self, instance, data):
        return learning_services.skill_update(skill=instance, **data)

    def delete_item(self, instance):
        learning_services.skill_delete(skill=instance, actor=self.actor)


class LearningItemViewSet(PlanViewSet):
    base_queryset = LearningItem.objects.prefetch_related("skills")
    serializer_class = serializers.LearningItemSerializer
    filterset_class = filters.LearningItemFilter

    def create_item(self, data):
        return learning_services.learning_item_create(owner=self.request.user, **data)

    def update_item(self, instance, data):
        skills = data.pop("skills", list(instance.skills.all()))
        return learning_services.learning_item_update(item=instance, skills=skills, **data)

    def delete_item(self, instance):
        learning_services.learning_item_delete(item=instance, actor=self.actor)


class ContactViewSet(PlanViewSet):
    base_queryset = Contact.objects.prefetch_related("tags", "horizons", "milestones")
    serializer_class = serializers.ContactSerializer
    filterset_class = filters.ContactFilter

    def create_item(self, data):
        return network_services.contact_create(owner=self.request.user, **data)

    def update_item(self, instance, data):
        current = {
            "tag_names": [tag.name for tag in instance.tags.all()],
            "horizons": list(instance.horizons.all()),
            "milestones": list(instance.milestones.all()),
        }
        return network_services.contact_update(contact=instance, **{**current, **data})

    def delete_item(self, instance):
        network_services.contact_delete(contact=instance, actor=self.actor)


class InteractionViewSet(PlanViewSet):
    base_queryset = Interaction.objects.select_related("contact")
    serializer_class = serializers.InteractionSerializer
    filterset_class = filters.InteractionFilter
    http_method_names = ["get", "post", "delete", "head", "options"]

    def create_item(self, data):
        return network_services.interaction_log(**data)

    def delete_item(self, instance):
        network_services.interaction_delete(interaction=instance, actor=self.actor)


class EventViewSet(PlanViewSet):
    base_queryset = Event.objects.prefetch_related("contacts")
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter

    def create_item(self, data):
        return network_services.event_create(owner=self.request.user, **data)

    def update_item(self, instance, data):
        contacts = data.pop("contacts", list(instance.contacts.all()))
        return network_services.event_update(event=instance, contacts=contacts, **data)

    def delete_item(self, instance):
        network_services.event_delete(event=instance, actor=self.actor)


class CheckInViewSet(PlanViewSet):
    base_queryset = CheckIn.objects.all()
    serializer_class = serializers.CheckInSerializer
    filterset_class = filters.CheckInFilter
    http_method_names = ["get", "post", "delete", "head", "options"]

    def create_item(self, data):
        return checkin_services.checkin_create(owner=self.request.user, **data)

    def delete_item(self, instance):
        checkin_services.checkin_delete(checkin=instance, actor=self.actor)


class CommentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Comments on plans one owns or mentors; mentors and mentees both write them."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = serializers.CommentSerializer
    queryset = Comment.objects.none()  # the schema's model; get_queryset decides the rows

    def get_queryset(self):
        comments = Comment.objects.select_related("author", "content_type").filter(
            deleted_at__isnull=True
        )
        visible = visible_to(self.request.user, comments)
        if self.request.method in permissions.SAFE_METHODS:
            return visible.order_by("-created_at")
        return visible.filter(author=self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        kinds = commentable()
        model = kinds.get(data["item_kind"])
        if model is None:
            raise ValidationError({"item_kind": f"One of: {', '.join(sorted(kinds))}."})
        item = get_object_or_404(
            visible_to(self.request.user, model.objects.all()), pk=data["item_id"]
        )
        parent = data.get("parent")
        try:
            serializer.instance = mentoring_services.comment_create(
                author=self.request.user, item=item, body=data["body"], parent=parent
            )
        except DjangoValidationError as error:
            raise _as_drf(error) from error

    def perform_update(self, serializer):
        try:
            serializer.instance = mentoring_services.comment_update(
                comment=serializer.instance,
                user=self.request.user,
                body=serializer.validated_data.get("body", serializer.instance.body),
            )
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from error

    def perform_destroy(self, instance):
        mentoring_services.comment_delete(
            comment=instance, actor=Actor.of(self.request, road=Road.API)
        )


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@permission_classes([permissions.AllowAny])
def not_found(request):
    """Any other address under the API answers in JSON too."""
    raise exceptions.NotFound("There is no such API address.")
