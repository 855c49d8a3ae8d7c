"""The possible actions move from the Pact page's sections (blocks) to PossibleAction rows.

Each action of the live Pact page keeps its P, title, description, cost and order, and gets a
stable identifier made from its P and title (e.g. prevention-train-the-people-who-work-with-
children, shortened at a hyphen to 60 characters, with -2, -3... when two would be the same).
The `actions` of each section are then taken out of the page's stored sections. Older
revisions keep them, which is harmless: a section block ignores a child it no longer has.

Reversed, the current actions are written back into the page's sections.
"""

import re

from django.db import migrations
from django.utils.text import slugify

CODE_LENGTH = 60


def code_for(p, title, taken):
    words = re.sub(r"[^a-z0-9]+", "-", slugify(title)).strip("-") or "action"
    code = f"{p}-{words}"
    if len(code) > CODE_LENGTH:
        code = code[: CODE_LENGTH + 1].rsplit("-", 1)[0]
    candidate, n = code, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = code[: CODE_LENGTH - len(suffix)].rstrip("-") + suffix
    taken.add(candidate)
    return candidate


def actions_to_rows(apps, schema_editor):
    PactPage = apps.get_model("pact", "PactPage")
    PossibleAction = apps.get_model("monitoring", "PossibleAction")
    taken = set(PossibleAction.objects.values_list("code", flat=True))
    for page in PactPage.objects.all():
        sections = list(page.sections.raw_data)
        changed = False
        for section in sections:
            value = section.get("value") or {}
            if "actions" not in value:
                continue
            for order, item in enumerate(value.pop("actions") or []):
                action = item.get("value", item) if isinstance(item, dict) else {}
                title = (action.get("title") or "").strip()[:200]
                if not title:
                    continue
                p = section["type"]
                if PossibleAction.objects.filter(p=p, title=title).exists():
                    continue
                PossibleAction.objects.create(
                    code=code_for(p, title, taken),
                    p=p,
                    title=title,
                    description=action.get("description") or "",
                    cost=action.get("cost") or "",
                    sort_order=(order + 1) * 10,
                )
            changed = True
        if changed:
            # Raw JSON, past the historical block (which would put the actions back, empty).
            PactPage.objects.filter(pk=page.pk).update(sections=sections)


def rows_to_actions(apps, schema_editor):
    PactPage = apps.get_model("pact", "PactPage")
    PossibleAction = apps.get_model("monitoring", "PossibleAction")
    for page in PactPage.objects.all():
        sections = list(page.sections.raw_data)
        for section in sections:
            actions = PossibleAction.objects.filter(
                p=section["type"], retired_on__isnull=True
            ).order_by("sort_order", "pk")
            section.setdefault("value", {})["actions"] = [
                {
                    "type": "item",
                    "value": {
                        "title": a.title,
                        "description": a.description,
                        "cost": a.cost,
                    },
                }
                for a in actions
            ]
        PactPage.objects.filter(pk=page.pk).update(sections=sections)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
        ("pact", "0008_target_groups"),
    ]
    # While the Pact page's historical sections still have their actions.
    run_before = [("pact", "0009_checklist_sections_without_actions")]

    operations = [migrations.RunPython(actions_to_rows, rows_to_actions)]
