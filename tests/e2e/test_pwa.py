"""careerbuilder as an installed app in Chromium: the manifest is installable, the service
worker registers, the offline page shows with the network off, and a check-in written offline
arrives once when the connection is back."""

import pytest
from playwright.sync_api import expect

from apps.checkins.models import CheckIn
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The state of the page's service worker once it is active and done activating.
WORKER_READY = """navigator.serviceWorker.ready.then(({active}) => active.state === "activated"
  ? active.state
  : new Promise(done => active.addEventListener("statechange", () => done(active.state))))"""


# The worker's outbox, read or written from a page of the site (same origin, same database).
OUTBOX = """([method, form]) => new Promise((done, failed) => {
  const opening = indexedDB.open("careerbuilder-outbox", 1);
  opening.onerror = () => failed(opening.error);
  opening.onsuccess = () => {
    const mode = method === "getAll" ? "readonly" : "readwrite";
    const request = opening.result.transaction("forms", mode).objectStore("forms")[method](form);
    request.onsuccess = () => { opening.result.close(); done(request.result); };
    request.onerror = () => failed(request.error);
  };
})"""


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def go_offline(context, offline: bool):
    """The network off (or on again) for the pages and for the service worker's own fetches,
    which `set_offline` alone leaves online in Chromium (see tests/e2e/conftest.py)."""
    context.set_offline(offline)
    context.unroute("**")
    if offline:
        context.route(
            "**",
            lambda route: (
                route.abort("internetdisconnected")
                if route.request.service_worker
                else route.continue_()
            ),
        )


def test_chromium_finds_the_app_installable(
    browser_type, browser_type_launch_args, live_server, tmp_path
):
    # A profile on disk: Chromium installs nothing from an incognito context (Playwright's usual)
    context = browser_type.launch_persistent_context(tmp_path, **browser_type_launch_args)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert page.evaluate(WORKER_READY) == "activated"
    cdp = context.new_cdp_session(page)

    manifest = cdp.send("Page.getAppManifest")
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    context.close()

    assert manifest["url"] == f"{live_server.url}/manifest.webmanifest"
    assert manifest["errors"] == []
    assert errors == []


def test_the_offline_page_shows_with_the_network_off(page, live_server):
    log_in(page, live_server, UserFactory())
    page.goto(f"{live_server.url}/today/")
    assert page.evaluate(WORKER_READY) == "activated"
    page.reload()  # now the worker controls the page
    assert page.evaluate("navigator.serviceWorker.controller !== null")

    go_offline(page.context, True)
    page.goto(f"{live_server.url}/milestones/")

    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(31, 78, 121)")


def test_a_check_in_written_offline_arrives_once_when_back_online(page, live_server):
    user = UserFactory()
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/checkins/new/")
    assert page.evaluate(WORKER_READY) == "activated"
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")

    go_offline(page.context, True)
    page.locator("input[name=north_star_progress][value='4']").check()
    page.locator("input[name=job_or_career][value='2']").check()
    page.locator("input[name=mood][value='3']").check()
    page.get_by_label("What I learned").fill("Written on the train")
    page.get_by_role("button", name="Save check-in").click()

    expect(page.get_by_role("heading", name="Saved on this device")).to_be_visible()
    kept = page.evaluate(OUTBOX, ["getAll"])
    assert len(kept) == 1
    assert not CheckIn.objects.filter(owner=user).exists()

    go_offline(page.context, False)
    page.goto(f"{live_server.url}/today/")  # a page online asks the worker to send the outbox
    arrived(page, lambda: CheckIn.objects.filter(owner=user).exists())
    arrived(page, lambda: page.evaluate(OUTBOX, ["getAll"]) == [])
    assert CheckIn.objects.get(owner=user).learned == "Written on the train"

    # The same form sent again (as a sync and a page's message both might): not saved twice.
    page.evaluate(OUTBOX, ["put", kept[0]])
    page.goto(f"{live_server.url}/checkins/")
    arrived(page, lambda: page.evaluate(OUTBOX, ["getAll"]) == [])
    assert CheckIn.objects.filter(owner=user).count() == 1


def arrived(page, condition, seconds: float = 15):
    """Waits for the worker's replay (it runs apart from the page) to have happened."""
    for _ in range(int(seconds * 10)):
        if condition():
            return
        page.wait_for_timeout(100)
    pytest.fail("the outbox was never sent")
