"""What every area's REST API is made of: viewsets that read through `visible_to` and write
through `editable_by` and the area's services, and links that point only at rows the caller may
use. It lives here, with the access rules, beneath the areas, so each area declares its own
viewsets in its `api.py` and registers them in its `PlanArea`; `apps/api/urls.py` routes every
registered one.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from apps.accounts.audit import Actor
from apps.accounts.models import Road
from apps.core.cache import plan_cached

from .access import editable_by, visible_to
from .selectors import mentorship_people


def as_drf(error: DjangoValidationError) -> ValidationError:
    """A model's validation error as the API's 400, field by field."""
    return ValidationError(getattr(error, "message_dict", None) or {"detail": error.messages})


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


def api_actor(request) -> Actor:
    return Actor.of(request, road=Road.API)


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
            raise as_drf(error) from error

    def perform_update(self, serializer):
        try:
            serializer.instance = self.update_item(serializer.instance, serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf(error) from error

    def perform_destroy(self, instance):
        self.delete_item(instance)

    @property
    def actor(self) -> Actor:
        return api_actor(self.request)

    # Each change goes through the service the web uses (and so leaves the same audit trail);
    # a viewset without one refuses the method rather than change rows behind the rules' back.
    def create_item(self, data):
        raise exceptions.MethodNotAllowed(self.request.method)

    def update_item(self, instance, data):
        raise exceptions.MethodNotAllowed(self.request.method)

    def delete_item(self, instance):
        raise exceptions.MethodNotAllowed(self.request.method)
