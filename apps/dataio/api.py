"""The résumé in the REST API (/api/v1/resume/): the career record as JSON Resume, and a JSON
Resume (or LinkedIn's export) read into a preview, then accepted, as the web's Your data page
does. These views live here rather than in apps/api, which sits beside this app (sibling layers
never import each other); authentication, permissions and throttling are the REST_FRAMEWORK
defaults of every API view, so a session or a personal access token both work."""

import json

from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.sharing.api import api_actor

from . import linkedin, resume, services
from .models import ImportStatus, ResumePreview, RowChoice
from .views import shown_problems

TAGS = ["resume"]


class ResumeUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=gettext_lazy(
            "A JSON Resume file, or LinkedIn's data export (its ZIP, or a CSV from it)."
        )
    )


class ResumePreviewSerializer(serializers.Serializer):
    """What a file would add: each row numbered, what it matches in the plan already (an id, or
    null when it is new), and the rows the file could not give, with why."""

    id = serializers.IntegerField()
    rows = serializers.ListField(child=serializers.DictField())
    problems = serializers.ListField(child=serializers.CharField())
    expires_at = serializers.DateTimeField()
    accept_url = serializers.URLField()


class ResumeAcceptSerializer(serializers.Serializer):
    rows = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=99_999),
        max_length=10_000,
        help_text=gettext_lazy(
            "The numbers of the preview's rows to add or merge (an empty list adds none); "
            "the others are skipped."
        ),
    )
    replace = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=99_999),
        max_length=10_000,
        required=False,
        default=list,
        help_text=gettext_lazy(
            "Of those, the rows whose match in the plan takes the file's values (replace)."
        ),
    )


class ResumeAddedSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ImportStatus.choices,
        help_text=gettext_lazy("done, or waiting/running for a long file imported in a worker"),
    )
    added = serializers.IntegerField(default=0)
    merged = serializers.IntegerField(default=0)
    replaced = serializers.IntegerField(default=0)
    skipped = serializers.IntegerField(default=0)
    problems = serializers.ListField(child=serializers.CharField())


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    problems = serializers.ListField(child=serializers.CharField(), required=False)


def refusal(detail: str, problems=None, code=status.HTTP_400_BAD_REQUEST) -> Response:
    """A 4xx whose body says why (`detail`) and, for a file, which rows could not be read."""
    body = {"detail": detail} if problems is None else {"detail": detail, "problems": problems}
    return Response(body, status=code)


class ResumeView(APIView):
    """A POST, as the web's download is: each one is an export in the security log, and a GET
    never changes anything, not even the log (link prefetchers send the session's cookie too)."""

    @extend_schema(
        tags=TAGS,
        summary="Your career record as JSON Resume",
        description=(
            "The JSON Resume (v1.0.0) document of your career history, skills, certifications "
            "and courses, as the web's download gives it. A POST with no body, since each one "
            "is an export in your security activity."
        ),
        request=None,
        responses={200: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        document = services.resume_export(
            user=request.user, actor=api_actor(request), now=timezone.now()
        )
        return Response(document)


class ResumePreviewsView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Read a résumé into a preview",
        description=(
            "Send a JSON Resume document as the JSON body, or a file (a JSON Resume, or "
            "LinkedIn's export) as multipart data. Nothing is added to the plan yet: the answer "
            "lists what would be, row by row, and the address that accepts the rows chosen, "
            "within the hour."
        ),
        request={
            "application/json": OpenApiTypes.OBJECT,
            "multipart/form-data": ResumeUploadSerializer,
        },
        responses={
            201: ResumePreviewSerializer,
            400: OpenApiResponse(
                RefusalSerializer,
                description="The file is refused, or holds nothing that can be added; "
                "`detail` says why and `problems` names each bad row.",
            ),
        },
        examples=[
            OpenApiExample(
                "A JSON Resume",
                value={
                    "work": [{"name": "Northwind", "position": "Analyst", "startDate": "2021-03"}]
                },
                request_only=True,
                media_type="application/json",
            )
        ],
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is not None:
            data, filename = upload.read(linkedin.MAX_LINKEDIN_BYTES + 1), upload.name
        elif isinstance(request.data, QueryDict):  # a form, or multipart data with no file
            return refusal(_("Send a JSON Resume as the JSON body, or a file as multipart data."))
        else:  # the JSON body, as the file it stands for
            try:
                data, filename = json.dumps(request.data).encode(), "resume.json"
            except RecursionError:  # nested as deeply as the parser could bear
                return refusal(_("This file is nested too deeply."))
        try:
            preview, problems = services.resume_preview_create(
                user=request.user, data=data, filename=filename
            )
        except resume.ResumeRefused as refused:
            return refusal(str(refused))
        if preview is None:
            return refusal(_("Nothing in this file can be added."), shown_problems(problems))
        url = reverse("dataio_api:resume_preview_accept", args=[preview.pk])
        body = {
            "id": preview.pk,
            "rows": [{"number": number, **row} for number, row in enumerate(preview.rows)],
            "problems": shown_problems(problems),
            "expires_at": preview.expires_at,
            "accept_url": request.build_absolute_uri(url),
        }
        return Response(ResumePreviewSerializer(body).data, status=status.HTTP_201_CREATED)


class ResumePreviewAcceptView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Add the chosen rows of a résumé preview",
        description=(
            "Adds the rows chosen by number to your plan, all or nothing: a row matching what "
            "the plan has fills only what that lacks. A preview is accepted once, within the "
            "hour it was made."
        ),
        request=ResumeAcceptSerializer,
        responses={
            200: ResumeAddedSerializer,
            202: OpenApiResponse(
                ResumeAddedSerializer,
                description="A long file: imported in a worker; its preview page shows how far.",
            ),
            410: OpenApiResponse(
                RefusalSerializer, description="The preview was accepted already, or expired."
            ),
        },
    )
    def post(self, request, pk):
        preview = get_object_or_404(ResumePreview, pk=pk, owner=request.user)
        serializer = ResumeAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        chosen = set(serializer.validated_data["rows"])
        replace = set(serializer.validated_data["replace"])
        if unknown := sorted(n for n in chosen | replace if n >= len(preview.rows)):
            raise ValidationError(
                {
                    "rows": [
                        _("This preview has no row %(number)d.") % {"number": number}
                        for number in unknown[:10]
                    ]
                }
            )
        choices = [
            RowChoice.SKIP
            if number not in chosen
            else RowChoice.REPLACE
            if number in replace
            else RowChoice.MERGE
            for number in range(len(preview.rows))
        ]
        try:
            preview = services.resume_preview_accept(
                preview=preview, choices=choices, now=timezone.now()
            )
        except (services.PreviewGone, ResumePreview.DoesNotExist):  # gone, or purged since
            return refusal(
                _("This preview was accepted already or has expired: send the file again."),
                code=status.HTTP_410_GONE,
            )
        done = preview.status == ImportStatus.DONE
        return Response(
            ResumeAddedSerializer(
                {"status": preview.status, **preview.counts, "problems": preview.problems}
            ).data,
            status=status.HTTP_200_OK if done else status.HTTP_202_ACCEPTED,
        )
