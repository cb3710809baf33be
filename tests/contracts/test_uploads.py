"""Uploads are limited in size and type; a refused file says why and saves nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.milestones.models import Milestone
from apps.network.models import Contact

pytestmark = pytest.mark.django_db


def error_of(response) -> str:
    assert response.status_code in (200, 400)  # the form again, with the reason
    return response.content.decode()


def test_an_address_book_over_2_mb_is_refused(user_client):
    big = SimpleUploadedFile("Connections.csv", b"First Name,Last Name\n" + b"a,b\n" * 600_000)

    page = error_of(user_client.post(reverse("network:import"), {"file": big}))

    assert "the limit is 2048 KB" in page
    assert not Contact.objects.exists()


def test_an_address_book_of_another_type_is_refused(user_client):
    program = SimpleUploadedFile("contacts.exe", b"MZ\x90\x00")

    page = error_of(user_client.post(reverse("network:import"), {"file": program}))

    assert ".csv" in page and "errorlist" in page
    assert not Contact.objects.exists()


def test_an_export_over_10_mb_is_refused(user_client):
    big = SimpleUploadedFile("export.zip", b"\0" * (10 * 1024 * 1024 + 1))

    page = error_of(user_client.post(reverse("dataio:import"), {"file": big}))

    assert "larger than 10 MB" in page


def test_something_that_is_not_a_zip_is_refused(user_client):
    fake = SimpleUploadedFile("export.zip", b"<html>not a zip</html>")

    page = error_of(user_client.post(reverse("dataio:import"), {"file": fake}))

    assert "not a careerbuilder export" in page
    assert not Milestone.objects.exists()


def test_a_zip_bomb_is_refused_without_unpacking_it(user_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("careerbuilder.json", b" " * (60 * 1024 * 1024))
    bomb = SimpleUploadedFile("export.zip", buffer.getvalue())
    assert len(buffer.getvalue()) < 1024 * 1024

    page = error_of(user_client.post(reverse("dataio:import"), {"file": bomb}))

    assert "more than 50 MB" in page
    assert not Milestone.objects.exists()
