"""LinkedIn's export files, in LinkedIn's own column layout ("Get a copy of your data"), with the
quirks its files have: notes above the header, a byte-order mark on some files, quoted
descriptions over several lines, month-year and day-month-year dates, empty end dates."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

PROFILE = (
    "\ufeffFirst Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
    "Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\r\n"
    'Amara,Obi,,,"Apr 12, 1990",Product manager for clinical tools,"Safer care, sooner.\r\n'
    'Nurses first.",Hospital & Health Care,LS1,"Leeds, England, United Kingdom",,,\r\n'
)
POSITIONS = (
    "\ufeffCompany Name,Title,Description,Location,Started On,Finished On\r\n"
    'Healthwise,Product Manager,"Owns the clinical tools.\r\nTalks to nurses weekly.",'
    '"Leeds, United Kingdom",Mar 2024,\r\n'
    "City Hospital,Staff Nurse,,Leeds,Sep 2019,Feb 2024\r\n"
)
PROJECTS = (
    "Title,Description,Url,Started On,Finished On\r\n"
    'Ward handover app,"Paper to tablets.\r\nThree wards.",www.example.com/handover,'
    "Jan 2022,Jun 2022\r\n"
)
HONORS = "Title,Description,Issued On\r\nNurse of the year,For the handover work,Nov 2022\r\n"
VOLUNTEERING = (
    "Company Name,Role,Cause,Description,Started On,Finished On\r\n"
    "St John Ambulance,First aider,Health,Weekend events,Jun 2015,Dec 2018\r\n"
    "Food bank,Driver,Poverty Alleviation,,Jan 2023,\r\n"
)
LANGUAGES = (
    "Name,Proficiency\r\n"
    "English,Native or bilingual proficiency\r\n"
    "French,Limited working proficiency\r\n"
    "Yoruba,\r\n"
)
RECOMMENDATIONS = (
    "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\r\n"
    'Grace,Hopper,City Hospital,Ward Manager,"Amara changed how we hand over.\r\n'
    'Highly recommended.","11/05/22, 10:12 AM",VISIBLE\r\n'
)
CONNECTIONS_NOTES = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address using this setting."\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
)
CONNECTIONS = CONNECTIONS_NOTES + (
    "Grace,Hopper,https://www.linkedin.com/in/gracehopper,grace@example.com,City Hospital,"
    "Ward Manager,15 Mar 2021\r\n"
    "Alan,Turing,https://www.linkedin.com/in/alanturing,,Healthwise,"
    '"=HYPERLINK(""http://evil.example"",""x"")",02 Jan 2024\r\n'
)
SKILLS = "Name\r\nDiscovery\r\nclinical safety\r\n"
CERTIFICATIONS = (
    "Name,Url,Authority,Started On,Finished On,License Number\r\n"
    "CPHIMS,https://example.com/c,HIMSS,Nov 2023,Nov 2026,12345\r\n"
)
EDUCATION = (
    "School Name,Start Date,End Date,Notes,Degree Name,Activities\r\n"
    "Leeds University,2015,2019,,BSc Nursing,Choir\r\n"
)
COURSES = "Name,Number\r\nProduct discovery,PD-101\r\n"
# files of the export careerbuilder does not read
UNUSED = {
    "Invitations.csv": "From,To,Sent At,Message,Direction\r\n",
    "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On\r\n",
    "messages.csv": "CONVERSATION ID,FROM,TO,DATE,CONTENT\r\n",
}
EVERY_FILE = {
    "Profile.csv": PROFILE,
    "Positions.csv": POSITIONS,
    "Skills.csv": SKILLS,
    "Languages.csv": LANGUAGES,
    "Certifications.csv": CERTIFICATIONS,
    "Education.csv": EDUCATION,
    "Courses.csv": COURSES,
    "Projects.csv": PROJECTS,
    "Honors.csv": HONORS,
    "Volunteering.csv": VOLUNTEERING,
    "Recommendations_Received.csv": RECOMMENDATIONS,
    "Connections.csv": CONNECTIONS,
    **UNUSED,
}


def connections(count: int) -> str:
    """LinkedIn's Connections.csv with `count` people (its maximum is 30,000)."""
    return CONNECTIONS_NOTES + "".join(
        f"Person,Number {n},https://www.linkedin.com/in/person-{n},"
        f"{f'person{n}@example.com' if n % 3 == 0 else ''},Company {n % 97},"
        f"Engineer,{n % 28 + 1:02d} Mar 2021\r\n"
        for n in range(count)
    )


def export_zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(f"Basic_LinkedInDataExport/{name}", text.encode())
    return buffer.getvalue()


def upload(client, name: str, content: bytes):
    return client.post(reverse("dataio:resume_import"), {"file": SimpleUploadedFile(name, content)})
