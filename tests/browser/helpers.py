"""What browser journeys share: screen sizes, keyboard use, layout and console checks, the test
e-mail outbox and logging in. Each helper takes a Playwright page and fails with a message that
says what a person would have met."""

import html
import re
from importlib import import_module
from urllib.parse import urlsplit, urlunsplit
from weakref import WeakKeyDictionary

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

from tests.browser.axe import BASE_DIR
from tests.factories import TEST_PASSWORD

ARTIFACTS_DIR = BASE_DIR / "tests" / "artifacts"

# Screen sizes: a laptop, and a common small phone (WCAG 1.4.10 Reflow goes down to 320 CSS px).
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 360, "height": 800}


def use_desktop(page):
    page.set_viewport_size(DESKTOP)


def use_narrow(page):
    page.set_viewport_size(NARROW)


# Screen layout

_OVERFLOW_SCRIPT = """() => {
    const width = document.documentElement.clientWidth;
    if (document.scrollingElement.scrollWidth <= width) {
        return null;
    }
    const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (typeof el.className === "string" && el.className.trim()
            ? "." + el.className.trim().split(/\\s+/).join(".") : "");
    // An element sticks out if its box, or content overflowing it, passes the window's edge;
    // name only the innermost ones, where the cause is.
    const wide = [...document.body.querySelectorAll("*")].filter((el) => {
        const rect = el.getBoundingClientRect();
        return rect.left + Math.max(rect.width, el.scrollWidth) > width + 0.5;
    });
    const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)))
        .map((el) => describe(el) + " reaches "
            + Math.round(el.getBoundingClientRect().left + Math.max(
                el.getBoundingClientRect().width, el.scrollWidth)) + "px");
    return {width: width, scrollWidth: document.scrollingElement.scrollWidth,
            wide: innermost.slice(0, 10)};
}"""


def assert_no_horizontal_scroll(page):
    """Fail if the page is wider than the window (WCAG 1.4.10 Reflow), naming what sticks out."""
    overflow = page.evaluate(_OVERFLOW_SCRIPT)
    assert overflow is None, (
        f"{page.url} scrolls sideways: {overflow['scrollWidth']}px of content in a "
        f"{overflow['width']}px window. Too wide: " + "; ".join(overflow["wide"])
    )


# Scripts that change the page after it loaded


def wait_for_map(page):
    """If the page has the signatories' map, bring it into view (it is drawn only when it comes
    near the window, as a reader scrolls to it), wait until its markers are drawn
    (signatory_map.js sets data-markers then) and stand still: the cluster layer swaps old
    markers for new ones with an animation of its own (class leaflet-cluster-anim) after the map
    zoomed to them. A page without a map returns at once."""
    the_map = page.locator("#signatory-map")
    if the_map.count():
        the_map.scroll_into_view_if_needed()
    page.wait_for_function(
        """() => {
            const map = document.getElementById("signatory-map");
            if (!map || map.querySelector(".signatory-map__error")) {
                return true;
            }
            return map.hasAttribute("data-markers")
                && !map.querySelector(".leaflet-cluster-anim, .leaflet-zoom-anim");
        }"""
    )


# Keyboard

_DESCRIBE_FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) { return "nothing (the page body)"; }
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "")
        + (text ? ' "' + text.slice(0, 40) + '"' : "");
}"""


def focused(page):
    """The element that has the keyboard focus, described for a failure message."""
    return page.evaluate(_DESCRIBE_FOCUS)


def tab_to(page, selector, max_presses=40):
    """Press Tab, as a keyboard user would, until the element matching `selector` has the focus;
    fail, listing the stops passed, if it is not reached within `max_presses`."""
    stops = []
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return page.locator(selector)
        stops.append(focused(page))
    raise AssertionError(
        f"Tab never reached {selector!r} on {page.url}; it went through: " + " | ".join(stops)
    )


_VISIT_FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) { return false; }
    window.__tabStopsSeen = window.__tabStopsSeen || new WeakSet();
    if (window.__tabStopsSeen.has(el)) { return false; }
    window.__tabStopsSeen.add(el);
    return true;
}"""


def tab_stops(page, max_presses=100):
    """Press Tab through the whole page once, from where the focus is; yield a description of
    each element reached, while it has the focus, until the focus leaves the page or comes back
    to an element already passed."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if not page.evaluate(_VISIT_FOCUS):
            return
        yield focused(page)
    raise AssertionError(f"More than {max_presses} Tab stops on {page.url}: a keyboard trap?")


def focus_outline(page):
    """The focused element's computed outline, as {"style", "width"} (width in px)."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return {style: style.outlineStyle, width: parseFloat(style.outlineWidth) || 0};
        }"""
    )


# Console: Content Security Policy reports and script errors


class ConsoleLog:
    """Everything a page wrote to the browser console, and the errors its scripts threw."""

    def __init__(self, page):
        self.messages = []
        self.script_errors = []
        page.on("console", lambda message: self.messages.append((message.type, message.text)))
        page.on("pageerror", lambda error: self.script_errors.append(str(error)))

    def csp_violations(self):
        return [text for _type, text in self.messages if "Content Security Policy" in text]

    def errors(self):
        return [text for kind, text in self.messages if kind == "error"]


_console_logs = WeakKeyDictionary()


def watch_console(page):
    """Start recording the page's console (the `page` fixture does it for every page)."""
    _console_logs[page] = ConsoleLog(page)
    return _console_logs[page]


def console_log(page):
    return _console_logs[page]


def assert_no_csp_violations(page):
    """Fail if the browser refused anything under the Content Security Policy: a blocked inline
    script, style attribute or foreign origin is a feature that is broken in production."""
    violations = console_log(page).csp_violations()
    assert not violations, f"Content Security Policy violations on {page.url}:\n" + "\n".join(
        violations
    )


def assert_no_script_errors(page):
    """Fail if a script on the page threw an uncaught error."""
    errors = console_log(page).script_errors
    assert not errors, f"Script errors on {page.url}:\n" + "\n".join(errors)


# E-mail

_URL = re.compile(r"https?://[^\s<>\"']+")


def outbox_link(pattern, to=None):
    """The link matching the regular expression `pattern` in the newest e-mail that has one (sent
    to `to`, if given), as a path the page can open: page.goto(outbox_link(r"/verify/")).

    The live server runs in a thread of the test process and sends through Django's in-memory
    backend, so django.core.mail.outbox holds what it sent. Links are made with the site's
    configured base URL, not the live server's address; only their path, query and fragment
    are kept. Wait for the page to confirm the e-mail was sent before calling this.
    """
    from django.core import mail

    for message in reversed(mail.outbox):
        if to and to.lower() not in (address.lower() for address in message.to):
            continue
        texts = [message.body, *(alternative[0] for alternative in message.alternatives)]
        for text in texts:
            for url in _URL.findall(text):
                url = html.unescape(url).rstrip(".,;:)")
                if re.search(pattern, url):
                    parts = urlsplit(url)
                    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    sent = "; ".join(f"{m.subject!r} to {', '.join(m.to)}" for m in mail.outbox) or "nothing"
    raise AssertionError(
        f"No e-mail{f' to {to}' if to else ''} has a link matching {pattern!r}. Sent: {sent}."
    )


# Logging in


def login_admin(page, user, password=TEST_PASSWORD):
    """Log in through the Wagtail admin's login form, as a person does (accounts made by
    UserFactory have TEST_PASSWORD); fail with the form's own message if it refuses.

    Accounts that use two-step login (the secretariat and superusers must) then type the code
    their authenticator app would show: the account is given a real device first if it has
    none (tests/two_factor.py)."""
    from django.contrib.auth import get_user_model

    from accounts.two_factor import has_two_factor, two_factor_required
    from tests.two_factor import device_for, unused_code

    email = user if isinstance(user, str) else user.email
    account = get_user_model().objects.filter(email__iexact=email).first()
    device = None
    if account is not None and (two_factor_required(account) or has_two_factor(account)):
        device = device_for(account)
    page.goto("/admin/login/")
    page.locator("input[name='username']").fill(email)
    page.locator("input[name='password']").fill(password)
    with page.expect_navigation():
        page.locator("form.login-form button[type='submit']").click()
    if "/admin/login/" in page.url:
        shown = page.locator(".messages, .error-message").all_inner_texts()
        raise AssertionError(f"{email} could not log in: {' '.join(shown) or 'no message shown'}")
    if device is not None and "/account/two-factor/verify/" in page.url:
        page.locator("input[name='code']").fill(unused_code(device))
        with page.expect_navigation():
            page.locator("form.join-form button[type='submit']").click()
        if "/account/two-factor/" in page.url:
            raise AssertionError(f"{email} could not pass two-step login.")


def force_login(page, user, base_url):
    """Give the page's browser context a logged-in session for `user` without the login form, as
    Django's test client does: for journeys where logging in is not what is being tried."""
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # Past two-step login too, with a real device, for accounts that use it.
    from accounts.two_factor import has_two_factor, two_factor_required
    from tests.two_factor import device_for, mark_session_verified

    if two_factor_required(user) or has_two_factor(user):
        mark_session_verified(session, device_for(user))
    session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base_url}]
    )


# When a test fails


def save_screenshots(test_name, pages):
    """Save a full-page screenshot of each page to tests/artifacts/<test name>.png (then -2.png,
    -3.png... for a journey's other people); returns the files written."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "-", test_name).strip("-")
    saved = []
    for number, page in enumerate(pages, start=1):
        if page.is_closed():
            continue
        path = ARTIFACTS_DIR / (f"{stem}.png" if number == 1 else f"{stem}-{number}.png")
        page.screenshot(path=path, full_page=True)
        saved.append(path)
    return saved
