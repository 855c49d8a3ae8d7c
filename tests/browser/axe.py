"""WCAG 2.2 A/AA checks with axe-core, run inside the page under test.

axe-core comes from npm (package.json; `npm ci` puts it in node_modules/). It is evaluated in the
page through the DevTools protocol (page.evaluate), which the site's Content Security Policy does
not govern: a <script> tag added by Playwright's add_script_tag would be inline script, and the
public CSP (script-src 'self') rightly blocks it.
"""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE_SCRIPT = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"

# The rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA (EN 301 549 asks for 2.1 AA).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe_source = None


def _load_axe(page):
    global _axe_source
    if page.evaluate("typeof window.axe === 'undefined'"):
        if _axe_source is None:
            _axe_source = AXE_SCRIPT.read_text(encoding="utf-8")
        page.evaluate(_axe_source)


def axe_violations(page, context=None):
    """The WCAG A/AA violations axe finds on the page as it is now (or in the part of it that
    `context` names: a CSS selector, or an axe context object such as {"exclude": [...]})."""
    _load_axe(page)
    results = page.evaluate(
        "([context, options]) => axe.run(context || document, options)",
        [
            context,
            {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
        ],
    )
    return results["violations"]


def describe_violations(violations):
    """Violations as a reader wants them: rule, impact, what it asks, and where it failed."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): "
            f"{violation['help']}\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " >> ".join(
                " ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page, context=None):
    """Fail, listing every violation readably, if axe finds any WCAG 2.2 A/AA violation."""
    violations = axe_violations(page, context)
    assert not violations, (
        f"axe found {len(violations)} WCAG A/AA violation(s) on {page.url}:\n"
        + describe_violations(violations)
    )
