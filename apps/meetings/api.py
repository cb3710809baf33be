"""A mentoring pair's record in the REST API: agreements, sessions, talking points and action
items, with the web's rules. Both sides read a row while their mentorship lasts (the mentee
always: it is hers), through `visible_to`; every change goes through the service the web uses,
which says who may make it and when. A service's refusal is a 400 with its reason, or a 403 for
someone who sees the row but may not do this; a row one may not see is a 404, like a missing
one. The mentor's private notes of a session are an action of the session only he can reach.
Moments are given and shown in UTC (ISO 8601), whatever either side's time zone.
"""

import datetime
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.milestones.models import Milestone
from apps.sharing.access import visible_to
from apps.sharing.api import OwnedRelatedField, PlanViewSet, VisibleRelatedField, as_drf
from apps.sharing.models import Mentorship
from apps.vision.models import Horizon, HorizonYears

from . import services
from .models import ActionItem, Agreement, PrivateNote, Session, TalkingPoint


@contextmanager
def refusals():
    """A service's refusal as the API's answer, with its reason: bad input or a rule (400), or
    an action the caller may not take on a row they see (403)."""
    try:
        yield
    except DjangoValidationError as error:
        raise as_drf(error) from error
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error


def side(row, user_id) -> str | None:
    """Which side of the pair `user_id` is on a row: "mentee", "mentor", or None (an imported
    row, or an account since deleted)."""
    if user_id is None:
        return None
    return "mentee" if user_id == row.owner_id else "mentor"


class UtcDateTimeField(serializers.DateTimeField):
    """A moment in UTC, whatever the caller's time zone (the two sides may live in two); a time
    given without an offset is read as UTC."""

    def __init__(self, **kwargs):
        kwargs.setdefault("default_timezone", datetime.UTC)
        super().__init__(**kwargs)


class PairSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: UtcDateTimeField,
    }
    create_only: tuple[str, ...] = ()  # set once, when the row is created

    def validate(self, data):
        if self.instance is not None:
            fixed = sorted(set(self.initial_data) & set(self.create_only))
            if fixed:
                raise serializers.ValidationError(
                    dict.fromkeys(fixed, _("This is set when the row is created."))
                )
        return data


class MentorshipField(serializers.PrimaryKeyRelatedField):
    """A mentorship the caller is one side of, ended ones too (the service then says it has
    ended); anyone else's "does not exist", like a missing one."""

    def get_queryset(self):
        user = self.context["request"].user
        return Mentorship.objects.filter(Q(mentee=user) | Q(mentor=user)).select_related(
            "mentee", "mentor"
        )


class MentorshipFieldSchema(OpenApiSerializerFieldExtension):
    """The schema of `MentorshipField`: an id to send; in an answer, an id or null (an imported
    row has no mentorship)."""

    target_class = MentorshipField

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "integer", **({"nullable": True} if direction == "response" else {})}


class PairViewSet(PlanViewSet):
    """Rows are found among those the caller sees, to read and to change alike (one they may not
    see is a 404); the services decide the rest: who may change what, and when."""

    def get_queryset(self):
        return visible_to(self.request.user, self.base_queryset.all())

    def perform_create(self, serializer):
        with refusals(), transaction.atomic():
            serializer.instance = self.create_item(serializer.validated_data)

    def perform_update(self, serializer):
        with refusals(), transaction.atomic():
            serializer.instance = self.update_item(serializer.instance, serializer.validated_data)

    def perform_destroy(self, instance):
        with refusals():
            self.delete_item(instance)

    def acted(self, row, service, **arguments) -> Response:
        """Runs one of the row's actions, and answers the row as it is now."""
        with refusals():
            service(actor=self.actor, **arguments)
        row.refresh_from_db()
        return Response(self.get_serializer(row).data)

    def body(self, serializer_class):
        """An action's request body, validated (else 400)."""
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# Agreements ---------------------------------------------------------------------------------


class AgreementSerializer(PairSerializer):
    mentorship = MentorshipField()
    horizons = VisibleRelatedField(Horizon, many=True, required=False)
    milestones = VisibleRelatedField(Milestone, many=True, required=False)
    proposed_by = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "mentorship",
            "mentor_name",
            "purpose",
            "horizons",
            "milestones",
            "every_weeks",
            "until",
            "status",
            "proposed_by",
            "proposed_at",
            "confirmed_at",
        ]
        read_only_fields = ["mentor_name", "status", "proposed_at", "confirmed_at"]

    def get_proposed_by(self, agreement) -> str | None:
        return side(agreement, agreement.proposed_by_id)


class AgreementFilter(filters.FilterSet):
    # by id, never looked up (which would tell another pair's mentorship from a missing one)
    mentorship = filters.NumberFilter(field_name="mentorship_id")

    class Meta:
        model = Agreement
        fields = ["mentorship", "status"]


class AgreementViewSet(PairViewSet):
    """What a mentorship is for. One side proposes (a change is a new proposal, which replaces
    the agreement once confirmed); the other confirms, or either withdraws it."""

    base_queryset = Agreement.objects.prefetch_related("horizons", "milestones")
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    http_method_names = ["get", "post", "head", "options"]

    def create_item(self, data):
        return services.agreement_propose(
            mentorship=data["mentorship"],
            actor=self.actor,
            purpose=data["purpose"],
            every_weeks=data.get("every_weeks", Agreement._meta.get_field("every_weeks").default),
            until=data["until"],
            horizons=data.get("horizons", ()),
            milestones=data.get("milestones", ()),
        )

    @extend_schema(request=None, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The other side confirms a proposal: it replaces the agreement in force."""
        agreement = self.get_object()
        return self.acted(agreement, services.agreement_confirm, agreement=agreement)

    @extend_schema(request=None, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Sets a proposal aside: the proposer withdraws it, the other side declines it."""
        agreement = self.get_object()
        return self.acted(agreement, services.agreement_withdraw, agreement=agreement)


# Sessions ------------------------------------------------------------------------------------


class SessionSerializer(PairSerializer):
    mentorship = MentorshipField()
    mentee = serializers.IntegerField(source="owner_id", read_only=True)
    mentor = serializers.IntegerField(source="mentor_id", read_only=True, allow_null=True)
    proposed_by = serializers.SerializerMethodField()
    ends_at = UtcDateTimeField(read_only=True)
    held = serializers.BooleanField(
        write_only=True,
        required=False,
        help_text=gettext_lazy(
            "On creation: true logs a session that took place (a past time; notes welcome), "
            "false or absent proposes a future time for the other side to accept."
        ),
    )
    mentee_answer = serializers.CharField(source="owner_answer", read_only=True)
    create_only = ("mentorship", "held")

    class Meta:
        model = Session
        fields = [
            "id",
            "mentorship",
            "mentee",
            "mentor",
            "mentor_name",
            "proposed_by",
            "starts_at",
            "ends_at",
            "minutes",
            "place",
            "status",
            "held",
            "notes",
            "mentee_answer",
            "mentor_answer",
            "created_at",
            "accepted_at",
        ]
        read_only_fields = ["mentor_name", "status", "mentor_answer", "created_at", "accepted_at"]

    def get_proposed_by(self, session) -> str | None:
        return side(session, session.proposed_by_id)

    def validate(self, data):
        data = super().validate(data)
        if self.instance is None and data.get("notes") and not data.get("held"):
            raise serializers.ValidationError(
                {"notes": _("A proposal has no notes yet: add them later (PATCH).")}
            )
        return data


class SessionFilter(filters.FilterSet):
    mentorship = filters.NumberFilter(field_name="mentorship_id")

    class Meta:
        model = Session
        fields = ["mentorship", "status"]


class PrivateNoteSerializer(PairSerializer):
    updated_at = UtcDateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = PrivateNote
        fields = ["body", "updated_at"]


class SessionViewSet(PairViewSet):
    """A session is proposed (or logged once held), accepted or declined, moved, cancelled and
    followed up; PATCH moves it (`starts_at`, `minutes`, `place`) and writes its shared `notes`.
    Sessions are cancelled, never deleted: they are the pair's history."""

    base_queryset = Session.objects.all()
    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create_item(self, data):
        arguments = {
            "mentorship": data["mentorship"],
            "actor": self.actor,
            "starts_at": data["starts_at"],
            "minutes": data.get("minutes", Session._meta.get_field("minutes").default),
            "place": data.get("place", ""),
        }
        if data.get("held"):
            return services.session_log(**arguments, notes=data.get("notes", ""))
        return services.session_propose(**arguments)

    def update_item(self, session, data):
        if {"starts_at", "minutes", "place"} & set(data):
            session = services.session_move(
                session=session,
                actor=self.actor,
                starts_at=data.get("starts_at", session.starts_at),
                minutes=data.get("minutes", session.minutes),
                place=data.get("place", session.place),
            )
        if "notes" in data:
            session = services.session_notes_save(
                session=session, actor=self.actor, notes=data["notes"]
            )
        return session

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The other side accepts a proposal: both get the calendar invitation."""
        session = self.get_object()
        return self.acted(session, services.session_accept, session=session)

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        session = self.get_object()
        return self.acted(session, services.session_decline, session=session)

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Either side calls a planned session off; an accepted one leaves both calendars."""
        session = self.get_object()
        return self.acted(session, services.session_cancel, session=session)

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        """After the session: it is held, and both get the notes and action items by email."""
        session = self.get_object()
        return self.acted(session, services.session_finish, session=session)

    @extend_schema(request=PrivateNoteSerializer, responses=PrivateNoteSerializer)
    @action(detail=True, methods=["get", "patch"], url_path="private-notes")
    def private_notes(self, request, pk=None):
        """The mentor's own notes of the session, read and written by him alone while the
        mentorship lasts: to anyone else, the mentee too, they are not there (404)."""
        session = self.get_object()
        mentorship = session.mentorship
        if mentorship is None or mentorship.ended_at or mentorship.mentor_id != request.user.pk:
            raise Http404
        data = self.body(PrivateNoteSerializer) if request.method == "PATCH" else {}
        if "body" in data:
            with refusals(), transaction.atomic():
                note = services.private_note_save(
                    session=session, actor=self.actor, body=data["body"]
                )
        else:  # read, or a PATCH that changes nothing
            note = PrivateNote.objects.filter(session=session, author=request.user).first()
        note = note or PrivateNote(session=session, author=request.user)
        return Response(PrivateNoteSerializer(note).data)


# Talking points ------------------------------------------------------------------------------


class TalkingPointSerializer(PairSerializer):
    mentorship = MentorshipField()
    by = serializers.SerializerMethodField()

    class Meta:
        model = TalkingPoint
        fields = ["id", "mentorship", "text", "by", "author_name", "created_at", "discussed_in"]
        read_only_fields = ["author_name", "created_at", "discussed_in"]

    def get_by(self, point) -> str | None:
        return side(point, point.author_id)


class TalkingPointFilter(filters.FilterSet):
    mentorship = filters.NumberFilter(field_name="mentorship_id")
    open = filters.BooleanFilter(
        field_name="discussed_in", lookup_expr="isnull", label=gettext_lazy("Not discussed yet")
    )

    class Meta:
        model = TalkingPoint
        fields = ["mentorship", "open"]


class DiscussedSerializer(serializers.ModelSerializer):
    session = VisibleRelatedField(
        Session,
        source="discussed_in",
        allow_null=True,
        help_text=gettext_lazy(
            "The session of the pair it was discussed in; null: not yet (it carries over)."
        ),
    )

    class Meta:
        model = TalkingPoint
        fields = ["session"]


class TalkingPointViewSet(PairViewSet):
    """What either side wants to raise; it carries over until it is marked discussed. Only its
    author deletes one (anyone else's is a 404, as with comments)."""

    base_queryset = TalkingPoint.objects.all()
    serializer_class = TalkingPointSerializer
    filterset_class = TalkingPointFilter
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        points = super().get_queryset()
        if self.request.method == "DELETE":
            return points.filter(author_id=self.request.user.pk)
        return points

    def create_item(self, data):
        return services.talking_point_add(
            mentorship=data["mentorship"], actor=self.actor, text=data["text"]
        )

    def delete_item(self, point):
        services.talking_point_delete(point=point, actor=self.actor)

    @extend_schema(request=DiscussedSerializer, responses=TalkingPointSerializer)
    @action(detail=True, methods=["post"])
    def discussed(self, request, pk=None):
        """Marks the point discussed in a session (or, with null, not yet)."""
        point = self.get_object()
        session = self.body(DiscussedSerializer)["discussed_in"]
        return self.acted(point, services.talking_point_discussed, point=point, session=session)


# Action items --------------------------------------------------------------------------------


def pair_member(mentorship, user_id):
    """The pair's mentee or mentor with this id; anyone else is None, which the service refuses
    with its reason (no other account is looked up, so none is told apart)."""
    if mentorship is not None:
        for person in (mentorship.mentee, mentorship.mentor):
            if person.pk == user_id:
                return person
    return None


class ActionItemSerializer(PairSerializer):
    session = VisibleRelatedField(Session)
    assignee = serializers.IntegerField(
        source="assignee_id",
        allow_null=True,
        help_text=gettext_lazy("Who does it: the user id of the session's mentee or mentor."),
    )
    done = serializers.BooleanField(
        source="is_done",
        required=False,
        help_text=gettext_lazy("Also true once the milestone or step it became is done."),
    )
    create_only = ("session", "assignee", "title", "due_on")

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "session",
            "assignee",
            "assignee_name",
            "title",
            "due_on",
            "done",
            "done_at",
            "milestone",
            "step",
            "created_at",
        ]
        read_only_fields = ["assignee_name", "done_at", "milestone", "step", "created_at"]


class ActionItemFilter(filters.FilterSet):
    session = filters.NumberFilter(field_name="session_id")
    mentorship = filters.NumberFilter(field_name="session__mentorship_id")

    class Meta:
        model = ActionItem
        fields = ["session", "mentorship"]


class ToMilestoneSerializer(serializers.Serializer):
    horizon = serializers.ChoiceField(choices=HorizonYears.choices, default=HorizonYears.ONE)


class ToStepSerializer(serializers.ModelSerializer):
    milestone = OwnedRelatedField(Milestone, help_text=gettext_lazy("One of your open milestones."))

    class Meta:
        model = ActionItem
        fields = ["milestone"]


class ActionItemViewSet(PairViewSet):
    """What one of the pair said they would do. PATCH marks it done (or not); the mentee turns
    her own into a milestone or a step of her plan."""

    base_queryset = ActionItem.objects.select_related("session__mentorship", "milestone", "step")
    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def create_item(self, data):
        session = data["session"]
        item = services.action_item_create(
            session=session,
            actor=self.actor,
            assignee=pair_member(session.mentorship, data["assignee_id"]),
            title=data["title"],
            due_on=data.get("due_on"),
        )
        if data.get("is_done"):
            item = services.action_item_set_done(item=item, actor=self.actor)
        return item

    def update_item(self, item, data):
        if "is_done" in data:
            item = services.action_item_set_done(item=item, actor=self.actor, done=data["is_done"])
        return item

    def delete_item(self, item):
        services.action_item_delete(item=item, actor=self.actor)

    @extend_schema(request=ToMilestoneSerializer, responses=ActionItemSerializer)
    @action(detail=True, methods=["post"])
    def milestone(self, request, pk=None):
        """The mentee's own action item becomes a milestone of her plan."""
        item = self.get_object()
        horizon = self.body(ToMilestoneSerializer)["horizon"]
        return self.acted(item, services.action_item_to_milestone, item=item, horizon=horizon)

    @extend_schema(request=ToStepSerializer, responses=ActionItemSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        """The mentee's own action item becomes a step of one of her open milestones."""
        item = self.get_object()
        milestone = self.body(ToStepSerializer)["milestone"]
        return self.acted(item, services.action_item_to_step, item=item, milestone=milestone)
