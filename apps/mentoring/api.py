"""Comments in the REST API: on plans one owns or mentors; mentors and mentees both write them,
each edits and deletes only their own."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError

from apps.core.areas import commentable
from apps.sharing.access import visible_to
from apps.sharing.api import VisibleRelatedField, api_actor, as_drf

from . import services
from .models import Comment


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
        return comment.author_full_name()


class CommentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = CommentSerializer
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
            raise ValidationError(
                {"item_kind": _("One of: %(kinds)s.") % {"kinds": ", ".join(sorted(kinds))}}
            )
        item = get_object_or_404(
            visible_to(self.request.user, model.objects.all()), pk=data["item_id"]
        )
        try:
            serializer.instance = services.comment_create(
                author=self.request.user, item=item, body=data["body"], parent=data.get("parent")
            )
        except DjangoValidationError as error:
            raise as_drf(error) from error

    def perform_update(self, serializer):
        try:
            serializer.instance = services.comment_update(
                comment=serializer.instance,
                user=self.request.user,
                body=serializer.validated_data.get("body", serializer.instance.body),
            )
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from error

    def perform_destroy(self, instance):
        services.comment_delete(comment=instance, actor=api_actor(self.request))
