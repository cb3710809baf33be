import csv
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from vobject.base import line_re

from apps.network import services
from apps.network.importers import _CONTENT_LINE, MAX_IMPORT_BYTES, UnreadableFile, parse_vcards
from apps.network.models import Contact
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"


def run_import(user, name):
    return services.contacts_import(owner=user, file_name=name, data=(FILES / name).read_bytes())


def test_linkedin_export_imports_good_rows_and_explains_the_rest(user):
    report = run_import(user, "Connections.csv")

    assert (report.imported, report.merged) == (3, 1)
    reasons = {row.row: row.reason for row in report.rejected}
    assert reasons == {
        8: "No name.",
        9: "“not-an-email” is not an email address.",
        10: "Too many columns.",
    }
    li = Contact.objects.get(owner=user, name="Li Wei, PhD")
    assert (li.organisation, li.role) == ("Fabrikam, Inc.", "Director, Analytics")
    assert li.where_met == "LinkedIn, connected 28 Nov 2022"


def test_linkedin_export_with_a_byte_order_mark_reads_the_same(user):
    report = run_import(user, "Connections-bom.csv")

    assert (report.imported, report.merged, len(report.rejected)) == (3, 1, 3)


def test_a_latin1_export_keeps_its_accents(user):
    run_import(user, "Connections-latin1.csv")

    assert Contact.objects.filter(owner=user, name="José Gómez").exists()


def test_vcards_import_and_merge_with_what_is_there(user):
    existing = ContactFactory(
        owner=user, name="Jonas Berg", email="", profile_url="https://www.linkedin.com/in/jonasberg"
    )

    report = run_import(user, "contacts.vcf")

    assert (report.imported, report.merged) == (1, 1)
    assert [row.reason for row in report.rejected] == [
        "No name.",
        "The email address is not valid.",
    ]
    existing.refresh_from_db()
    assert existing.email == "jonas@example.com"
    priya = Contact.objects.get(owner=user, name="Priya Raman")
    assert (priya.organisation, priya.role, priya.notes) == (
        "Tailspin Toys Analytics",
        "VP Data",
        "Met at PyData London",
    )


# short enough for vobject's own expression, which is exponential in a line's commas and equals
@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='Xa.;=,":b -_', max_size=12))
def test_the_linear_line_check_accepts_exactly_the_lines_vobject_reads(line):
    assert bool(_CONTENT_LINE.match(line)) == bool(line_re.match(line))


def test_a_card_with_a_line_vobject_cannot_read_is_refused_at_once():
    card = b"BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nX-A;a" + b",b" * 5_000 + b"\nEND:VCARD\n"

    result = parse_vcards(card)

    assert [row.reason for row in result.rejected] == ["Unreadable card (ParseError)."]


def test_folded_lines_and_what_follows_a_card_read_as_before():
    cards = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lo\r\n velace\r\n"
        b"NOTE;CHARSET=utf-8:Met at PyData\r\nEND:VCARD\r\nnot a vCard line\r\n"
    )

    [contact] = parse_vcards(cards).contacts

    assert (contact.name, contact.notes) == ("Ada Lovelace", "Met at PyData")


def test_importing_twice_doubles_nobody(user):
    run_import(user, "Connections.csv")
    second = run_import(user, "Connections.csv")

    assert second.imported == 0
    assert Contact.objects.filter(owner=user).count() == 3


def test_a_merge_never_overwrites_what_the_user_wrote(user):
    ContactFactory(owner=user, name="Amara N.", email="amara@example.org", role="My favourite boss")

    run_import(user, "Connections.csv")

    assert Contact.objects.get(owner=user, email="amara@example.org").role == "My favourite boss"


def test_imports_only_merge_into_the_importers_own_contacts(user, other_user):
    ContactFactory(owner=other_user, email="amara@example.org")

    report = run_import(user, "Connections.csv")

    assert report.imported == 3
    assert Contact.objects.filter(owner=other_user).count() == 1


def test_a_file_that_is_not_an_export_is_refused_whole(user):
    with pytest.raises(UnreadableFile):
        services.contacts_import(owner=user, file_name="notes.csv", data=b"name;phone\nAda;123\n")


def test_a_failure_half_way_leaves_nothing_imported(user, monkeypatch):
    original = Contact.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Contact, "save", failing_save)
    with pytest.raises(RuntimeError):
        run_import(user, "Connections.csv")

    assert not Contact.objects.filter(owner=user).exists()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_the_import_page_shows_the_counts_and_reasons(user_client):
    response = user_client.post(
        reverse("network:import"),
        {"file": upload("Connections.csv", (FILES / "Connections.csv").read_bytes())},
    )

    page = response.content.decode()
    assert "<strong>3</strong> imported" in page
    assert "<strong>1</strong> merged" in page
    assert "<strong>3</strong> rejected" in page
    assert "is not an email address" in page


def test_an_oversized_file_is_refused_with_the_limit(user_client):
    big = b"First Name,Last Name\n" + b"A,B\n" * (MAX_IMPORT_BYTES // 4 + 10)

    response = user_client.post(reverse("network:import"), {"file": upload("Connections.csv", big)})

    assert response.status_code == 200
    assert "the limit is 2048 KB" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_file_of_the_wrong_type_is_refused(user_client):
    response = user_client.post(
        reverse("network:import"), {"file": upload("photo.png", b"\x89PNG")}
    )

    assert "Choose a .csv file from LinkedIn or a .vcf address book." in response.content.decode()


def test_an_unreadable_csv_shows_why_on_the_form(user_client):
    response = user_client.post(reverse("network:import"), {"file": upload("x.csv", b"a,b\n1,2\n")})

    assert "This does not look like LinkedIn" in response.content.decode()


HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
TOO_LONG = "A value is longer than 131,072 characters: this row cannot be read."


def linkedin(*rows: str) -> bytes:
    return "\r\n".join(["Notes:", "", HEADER, *rows, ""]).encode()


def over_the_field_limit(quoted: bool) -> str:
    value = "x" * (csv.field_size_limit() + 1)
    return f'"{value}"' if quoted else value


@pytest.mark.parametrize("quoted", [False, True], ids=["bare", "quoted"])
@pytest.mark.parametrize("column", range(7), ids=HEADER.split(","))
def test_a_value_over_the_csv_field_limit_is_a_reported_row_and_the_rest_imports(
    user, column, quoted
):
    values = ["Ada", "Lovelace", "", "", "", "", ""]
    values[column] = over_the_field_limit(quoted)
    data = linkedin(
        "Amara,Nwosu,,amara@example.org,Northwind,Head of Pricing,14 Mar 2024",
        ",".join(values),
        "Jonas,Berg,,,Contoso,Data Engineer,02 Feb 2023",
    )

    report = services.contacts_import(owner=user, file_name="Connections.csv", data=data)

    assert [(row.row, row.reason) for row in report.rejected] == [(5, TOO_LONG)]
    assert sorted(Contact.objects.filter(owner=user).values_list("name", flat=True)) == [
        "Amara Nwosu",
        "Jonas Berg",
    ]


def test_a_header_over_the_csv_field_limit_refuses_the_file_with_a_reason(user):
    data = linkedin().replace(b"Connected On", over_the_field_limit(quoted=False).encode())

    with pytest.raises(UnreadableFile, match="The header row of this file cannot be read"):
        services.contacts_import(owner=user, file_name="Connections.csv", data=data)


def test_the_import_page_reports_a_value_over_the_csv_field_limit(user_client):
    data = linkedin(f"Ada,Lovelace,,,{over_the_field_limit(quoted=True)},,")

    response = user_client.post(reverse("network:import"), {"file": upload("c.csv", data)})

    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>1</strong> rejected" in page
    assert TOO_LONG in page


def test_the_import_page_sets_a_rhythm_and_a_relationship_for_everyone_new(user_client, user):
    ContactFactory(owner=user, name="Already here", email="amara@example.org", cadence="yearly")
    user_client.post(
        reverse("network:import"),
        {
            "file": upload("Connections.csv", (FILES / "Connections.csv").read_bytes()),
            "cadence": "quarterly",
            "relationship": "sponsor",
        },
    )

    new = Contact.objects.filter(owner=user).exclude(name="Already here")
    assert new.count() == 2  # the two rows for Amara merge into who is already there
    assert set(new.values_list("cadence", "relationship")) == {("quarterly", "sponsor")}
    assert all(contact.next_due_on is not None for contact in new)  # due in their first week
    assert new.get(name="Li Wei, PhD").where_met == "LinkedIn, connected 28 Nov 2022"
    kept = Contact.objects.get(owner=user, email="amara@example.org")
    assert (kept.cadence, kept.relationship) == ("yearly", "peer")
