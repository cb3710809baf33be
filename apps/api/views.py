"""The REST API's own views. The collections are the areas' (each area's `api.py`, built on
`apps/sharing/api.py`: the same access rules as the web, the same services for every change)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions
from rest_framework.decorators import api_view, permission_classes


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@permission_classes([permissions.AllowAny])
def not_found(request):
    """Any other address under the API answers in JSON too."""
    raise exceptions.NotFound(_("There is no such API address."))
