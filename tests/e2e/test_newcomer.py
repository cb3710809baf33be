"""Journeys 1 and 5: a newcomer builds a first plan through the real pages, with a mouse and then
with the keyboard alone (every control is reached with Tab; nothing is clicked)."""

import re

import pytest
from playwright.sync_api import expect

from apps.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


class Hands:
    """Uses a page with a mouse, or with the keyboard only."""

    def __init__(self, page, keyboard_only: bool):
        self.page, self.keyboard_only = page, keyboard_only
        self.typed = 0  # fields the person had to fill in
        self.actions = 0  # clicks (or key presses) on buttons, links and choices

    def reach(self, locator):
        """Keyboard: press Tab until `locator` has the focus (it must be reachable)."""
        if not self.keyboard_only:
            return
        handle = locator.element_handle()
        for _ in range(400):
            if self.page.evaluate("element => document.activeElement === element", handle):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"{locator} cannot be reached with the Tab key")

    def fill(self, locator, text):
        self.typed += 1
        self.reach(locator)
        if self.keyboard_only:
            self.page.keyboard.press("Control+A")
            self.page.keyboard.type(text)
        else:
            locator.fill(text)

    def choose(self, locator, value):
        self.actions += 1
        self.reach(locator)
        locator.select_option(value)

    def press(self, locator):
        self.actions += 1
        self.reach(locator)
        if self.keyboard_only:
            self.page.keyboard.press("Enter")
        else:
            locator.click()

    def tick(self, locator):
        self.actions += 1
        self.reach(locator)
        if self.keyboard_only:
            self.page.keyboard.press("Space")
        else:
            locator.check()


def nav_link(page, name):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


@pytest.mark.parametrize("keyboard_only", [False, True], ids=["mouse", "keyboard only"])
def test_a_newcomer_builds_a_plan_and_sees_it_on_the_dashboard(
    page, live_server, mailoutbox, screenshot, keyboard_only
):
    hands = Hands(page, keyboard_only)
    email = f"newcomer-{'keys' if keyboard_only else 'mouse'}@example.com"

    page.goto(f"{live_server.url}/accounts/signup/")
    hands.fill(page.get_by_label("Email"), email)
    hands.fill(page.get_by_label("Display name"), "Nadia")
    hands.choose(page.get_by_label("Time zone"), "Africa/Lagos")
    hands.fill(page.get_by_label("Password:", exact=True), "a-new-career-2026")
    hands.fill(page.get_by_label("Password (again)"), "a-new-career-2026")
    hands.press(page.get_by_role("button", name="Sign Up"))
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    page.goto(re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0))
    hands.press(page.get_by_role("button", name="Confirm"))

    # First run, step 1: the vision with its North Star; the other horizons unfold on demand.
    expect(page.get_by_role("heading", name="Where are you going?")).to_be_visible()
    hands.fill(page.locator("#id_h5-statement"), "Lead my first product launch")
    hands.press(page.get_by_text("Add where you want to be in 1, 10 and 20 years"))
    hands.fill(page.locator("#id_h20-statement"), "Run a studio that builds tools for farmers")
    hands.choose(page.get_by_label("My North Star"), "20")
    hands.press(page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_text("Getting started · step 2 of 4")).to_be_visible()

    # Two milestones, one of them a challenge.
    for title, kind in [("Ship the pilot", "goal"), ("Pitch to the board", "challenge")]:
        page.goto(f"{live_server.url}/milestones/new/")
        hands.fill(page.get_by_label("Title"), title)
        hands.choose(page.get_by_label("Kind"), kind)
        hands.reach(page.get_by_label("Target date"))
        page.get_by_label("Target date").fill("2027-02-01")
        hands.press(page.get_by_role("button", name="Add milestone"))
        expect(page.get_by_role("heading", name=title)).to_be_visible()

    # A skill, a certification and a contact.
    page.goto(f"{live_server.url}/learning/skills/new/")
    hands.fill(page.get_by_label("Name"), "Negotiation")
    hands.choose(page.get_by_label("Where I want to be (1–5)"), "4")
    hands.press(page.get_by_role("button", name="Add skill"))
    expect(page.get_by_text("Added the skill “Negotiation”.")).to_be_visible()  # saved, then on
    page.goto(f"{live_server.url}/learning/items/new/")
    hands.fill(page.get_by_label("Title"), "Product Owner certificate")
    hands.choose(page.get_by_label("Kind"), "certification")
    hands.reach(page.get_by_label("Expires"))
    page.get_by_label("Expires").fill("2027-01-15")
    hands.press(page.get_by_role("button", name="Save"))
    expect(page.get_by_role("heading", name="Product Owner certificate")).to_be_visible()
    page.goto(f"{live_server.url}/network/contacts/new/")
    hands.fill(page.get_by_label("Name"), "Kofi Mensah")
    hands.choose(page.get_by_label("Keep in touch"), "monthly")
    hands.press(page.get_by_role("button", name="Save contact"))
    expect(page.get_by_role("heading", name="Kofi Mensah")).to_be_visible()

    hands.press(nav_link(page, "Dashboard"))
    expect(page.locator(".north-star-statement")).to_contain_text("tools for farmers")
    expect(page.locator("#next-heading + ul")).to_contain_text("Ship the pilot")
    expect(page.locator(".roadmap-wide")).to_contain_text("Pitch to the board")
    learning = page.get_by_role("region", name="Learning in progress")
    expect(learning).to_contain_text("Negotiation")
    expect(learning).to_contain_text("Product Owner certificate")
    expect(page.get_by_role("region", name="Reach out this week")).to_contain_text("1 person")
    screenshot(f"journey-newcomer-{'keyboard' if keyboard_only else 'mouse'}")
    assert User.objects.get(email=email).time_zone == "Africa/Lagos"


# Before issue #19 a first run took about 35 fields and 15 clicks before any payoff (the walk that
# filed it); this journey counts what it takes now, from the empty sign-up form to the dashboard.
FIRST_RUN_FIELDS, FIRST_RUN_ACTIONS = 7, 13


@pytest.mark.parametrize("width", [1280, 375], ids=["1280 px", "375 px"])
def test_a_newcomer_starts_from_an_example_and_reaches_the_dashboard_in_few_steps(
    page, live_server, mailoutbox, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    hands = Hands(page, keyboard_only=False)
    page.goto(f"{live_server.url}/accounts/signup/")
    hands.fill(page.get_by_label("Email"), f"nurse-{width}@example.com")
    hands.fill(page.get_by_label("Display name"), "Ines")
    hands.fill(page.get_by_label("Password:", exact=True), "a-new-career-2026")
    hands.fill(page.get_by_label("Password (again)"), "a-new-career-2026")
    hands.press(page.get_by_role("button", name="Sign Up"))
    page.goto(re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0))
    hands.press(page.get_by_role("button", name="Confirm"))

    # 1. The vision: one question, an example beside it, or a whole starter plan.
    expect(page.get_by_role("heading", name="Where are you going?")).to_be_visible()
    screenshot(f"first-run-vision-{width}")
    hands.press(page.get_by_role("link", name="Changing careers"))
    expect(page.locator("#id_h5-statement")).to_have_value(
        re.compile("first career is an advantage")
    )
    hands.press(page.get_by_role("button", name="Save and continue"))

    # 2. Values: the example's first value is one tap away; the input, empty, is for her own.
    expect(page.get_by_text("Getting started · step 2 of 4")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("")
    expect(page.get_by_label("Name")).to_have_attribute("placeholder", "Curiosity")
    hands.press(page.get_by_role("button", name="Add “Curiosity”"))
    hands.press(page.get_by_role("link", name="Continue"))

    # 3. The current job, then one tap per horizon written.
    hands.fill(page.get_by_label("Title"), "Ward nurse")
    hands.fill(page.get_by_label("Organisation"), "St Mary's")
    hands.fill(page.get_by_role("textbox", name="Started"), "2019-09-01")
    hands.press(page.get_by_role("button", name="Add job"))
    expect(page.get_by_text("A ledger is a dated note")).to_be_visible()
    screenshot(f"first-run-ledger-{width}")
    for years in (1, 5, 10, 20):
        hands.press(page.locator(f"#id_score_{years} label").nth(3))
    hands.press(page.get_by_role("button", name="Save ledger entry"))

    # 4. A first milestone, from the example.
    expect(page.get_by_label("Title")).to_have_value(re.compile("course in my new field"))
    hands.press(page.get_by_role("button", name="Add milestone"))

    expect(page.locator(".north-star-statement")).to_contain_text("first career is an advantage")
    screenshot(f"dashboard-after-first-run-{width}")
    assert (hands.typed, hands.actions) == (FIRST_RUN_FIELDS, FIRST_RUN_ACTIONS)
