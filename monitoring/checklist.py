"""A signatory's checklist of the Pact's possible actions: its form in the admin, and what the
public page shows.

The rows (SignatoryAction) belong to the signatory's page, so the checklist is edited on the
page's edit form and saved in its revisions: a signatory's change waits for the secretariat's
review like the rest of its page, and the rows in the database are the approved ones.

The edit form shows one set of fields per current action, grouped by P, whether or not the
signatory has a row for it yet (`ChecklistForm`, carried by `ChecklistPageForm` beside the
page's own fields and drawn by `ChecklistPanel`). On save, an action left "not started" with no
note and no evidence has no row; rows of retired actions, which the form does not show, are kept
as they are, and so is the row of an action the form did not send (one the secretariat added
while the form was open), so nothing is lost.

This module imports no other app of the project beyond core: the initiatives that may be evidence
are found through the evidence field's own model (pact.InitiativePage).
"""

import functools

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin import compare
from wagtail.admin.panels import Panel

from core.four_ps import FOUR_PS
from core.media_choices import MediaCheckedPageForm

from .models import ActionState, PossibleAction, SignatoryAction
from .models.actions import FIRST_YEAR, LAST_YEAR
from .status import today

PREFIX = "checklist"
FIELDS = ("state", "year", "note", "evidence")


def initiative_model():
    """pact.InitiativePage, the model of a row's evidence."""
    return SignatoryAction._meta.get_field("evidence").related_model


def own_initiatives(signatory):
    """The initiatives a signatory may give as evidence: its own (the pages under it)."""
    model = initiative_model()
    if signatory is None or not signatory.pk or not signatory.path:
        return model.objects.none()
    return model.objects.child_of(signatory).order_by("title", "pk")


def field_name(action, part):
    return f"{action.code}.{part}"


class EvidenceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title if obj.live else f"{obj.title} (not published yet)"


class ChecklistForm(forms.Form):
    """One state, year, note and evidence per current action of the Pact."""

    def __init__(self, data=None, *, signatory, **kwargs):
        self.signatory = signatory
        self.actions = list(PossibleAction.objects.current().in_pact_order())
        self.existing = {row.action_id: row for row in signatory.action_items.all()}
        initiatives = own_initiatives(signatory)
        initial = {}
        for action in self.actions:
            row = self.existing.get(action.pk)
            initial[field_name(action, "state")] = row.state if row else ActionState.NOT_STARTED
            initial[field_name(action, "year")] = row.year if row else None
            initial[field_name(action, "note")] = row.note if row else ""
            initial[field_name(action, "evidence")] = (
                [initiative.pk for initiative in row.evidence.all()] if row else []
            )
        super().__init__(data, prefix=PREFIX, initial=initial, **kwargs)
        for action in self.actions:
            self.fields[field_name(action, "state")] = forms.ChoiceField(
                label="Where you stand",
                choices=ActionState.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[field_name(action, "year")] = forms.IntegerField(
                label="Year",
                required=False,
                min_value=FIRST_YEAR,
                max_value=LAST_YEAR,
                help_text="Planned: the target year. In place: the year it started.",
                error_messages={
                    "min_value": f"Give a year from {FIRST_YEAR} to {LAST_YEAR}.",
                    "max_value": f"Give a year from {FIRST_YEAR} to {LAST_YEAR}.",
                    "invalid": "Give the year as four digits, e.g. 2026.",
                },
            )
            self.fields[field_name(action, "note")] = forms.CharField(
                label="Note (optional)",
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="A sentence on what you do or plan, shown on your public page.",
            )
            self.fields[field_name(action, "evidence")] = EvidenceField(
                label="Your initiatives that show it (optional)",
                queryset=initiatives,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "invalid_choice": "Choose among your own initiatives: %(value)s is not one.",
                    "invalid_pk_value": "Choose among your own initiatives.",
                },
            )

    def sent(self, action):
        """Whether the form that was sent showed this action (an action added by the
        secretariat while the form was open was not shown, so it keeps its row)."""
        return self.is_bound and self.add_prefix(field_name(action, "state")) in self.data

    def clean(self):
        cleaned = super().clean()
        this_year = today().year
        for action in self.actions:
            if not self.sent(action):
                continue
            state_name, year_name = field_name(action, "state"), field_name(action, "year")
            state = cleaned.get(state_name) or ActionState.NOT_STARTED
            cleaned[state_name] = state
            year = cleaned.get(year_name)
            if state == ActionState.NOT_STARTED or year_name in self.errors:
                continue
            if year is None:
                which = "target year" if state == ActionState.PLANNED else "year it started"
                self.add_error(year_name, f"Give the {which}, or choose “Not started”.")
            elif state == ActionState.IN_PLACE and year > this_year:
                self.add_error(
                    year_name,
                    f"An action in place started in {this_year} or before; "
                    f"for {year}, choose “Planned”.",
                )
        return cleaned

    def actions_with_errors(self):
        """The actions with a mistake, to name them at the top of the panel."""
        return [
            action
            for action in self.actions
            if any(field_name(action, part) in self.errors for part in FIELDS)
        ]

    def has_changed(self):
        return self.is_bound and any(
            self.sent(action)
            and any(field_name(action, part) in self.changed_data for part in FIELDS)
            for action in self.actions
        )

    def rows(self):
        """The page's checklist rows after this form: see the module's docstring."""
        rows = dict(self.existing)
        for action in self.actions:
            if not self.sent(action):
                continue
            get = self.cleaned_data.get
            state = get(field_name(action, "state")) or ActionState.NOT_STARTED
            note = (get(field_name(action, "note")) or "").strip()
            evidence = list(get(field_name(action, "evidence")) or [])
            if state == ActionState.NOT_STARTED and not note and not evidence:
                rows.pop(action.pk, None)
                continue
            row = rows.get(action.pk) or SignatoryAction(action=action)
            row.state = state
            row.year = None if state == ActionState.NOT_STARTED else get(field_name(action, "year"))
            row.note = note
            row.evidence = evidence
            rows[action.pk] = row
        order = {action.pk: index for index, action in enumerate(self.actions)}
        ordered = sorted(
            rows.values(), key=lambda row: (order.get(row.action_id, 10**6), row.pk or 0)
        )
        for index, row in enumerate(ordered):
            row.sort_order = index
        return ordered

    def groups(self):
        """[(P, [(action, {part: bound field})])] in the Pact's order, for the panel."""
        by_p = {p.slug: [] for p in FOUR_PS}
        for action in self.actions:
            bound = {part: self[field_name(action, part)] for part in FIELDS}
            by_p[action.p].append((action, bound))
        return [(p, by_p[p.slug]) for p in FOUR_PS if by_p[p.slug]]


class ChecklistPageForm(MediaCheckedPageForm):
    """The signatory page's edit form, with its checklist (`self.checklist`) beside its fields.

    The checklist is a form of its own rather than fields of this one, because its fields
    depend on the data (one set per current action) while a page form's fields are fixed.
    A request that sends no checklist field at all (an API client, an older form) leaves the
    checklist as it is.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sent = self.is_bound and any(key.startswith(f"{PREFIX}-") for key in self.data)
        self.checklist = ChecklistForm(self.data if sent else None, signatory=self.instance)

    def is_valid(self):
        page_is_valid = super().is_valid()
        checklist_is_valid = not self.checklist.is_bound or self.checklist.is_valid()
        if not checklist_is_valid:
            # The edit view lists the form's errors at the top: say where to look.
            self.add_error(None, ValidationError(self.checklist_message()))
        return page_is_valid and checklist_is_valid

    def checklist_message(self):
        names = [f"{a.title} ({a.get_p_display()})" for a in self.checklist.actions_with_errors()]
        return "Check your actions of the Pact: " + "; ".join(names) + "."

    def has_changed(self):
        return super().has_changed() or self.checklist.has_changed()

    def save(self, commit=True):
        if self.checklist.is_bound and self.checklist.is_valid():
            self.instance.action_items = self.checklist.rows()
        return super().save(commit=commit)


class ChecklistPanel(Panel):
    """The checklist on the signatory page's edit form: one row per current action, by P."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "monitoring/panels/checklist.html"

        def is_shown(self):
            return isinstance(getattr(self.form, "checklist", None), ChecklistForm)

        def get_comparison(self):
            """The checklist in the revisions' comparison (what the secretariat reviews): rows
            added, removed and changed, field by field."""
            fields = [SignatoryAction._meta.get_field(name) for name in ("action", *FIELDS)]
            field_comparisons = [
                functools.partial(
                    compare.ChoiceFieldComparison
                    if field.choices
                    else compare.M2MFieldComparison
                    if field.many_to_many
                    else compare.ForeignObjectComparison
                    if field.is_relation
                    else compare.FieldComparison,
                    field,
                )
                for field in fields
            ]
            relation = self.panel.model._meta.get_field("action_items")
            return [
                functools.partial(
                    compare.ChildRelationComparison,
                    relation,
                    field_comparisons,
                    label=self.heading,
                )
            ]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            checklist = self.form.checklist
            context["checklist"] = checklist
            context["groups"] = checklist.groups()
            context["has_initiatives"] = bool(checklist.actions) and (
                own_initiatives(self.instance).exists()
            )
            return context


def public_checklist(signatory, visible_initiatives):
    """What the signatory's public page shows: [(P, [row, ...])], by P in the Pact's order, of
    its rows for current actions that are in place or planned, each with `.action` and
    `.public_evidence` (only the initiatives in `visible_initiatives`, the ones the public
    may see, in that order)."""
    visible = {initiative.pk: initiative for initiative in visible_initiatives}
    rows = [
        row
        for row in signatory.action_items.all()
        .select_related("action")
        .prefetch_related("evidence")
        if row.state != ActionState.NOT_STARTED and row.action.retired_on is None
    ]
    by_p = {p.slug: [] for p in FOUR_PS}
    for row in rows:
        evidence = {initiative.pk for initiative in row.evidence.all()}
        row.public_evidence = [visible[pk] for pk in visible if pk in evidence]
        by_p[row.action.p].append(row)
    return [
        (p, sorted(by_p[p.slug], key=lambda row: (row.action.sort_order, row.action.pk)))
        for p in FOUR_PS
        if by_p[p.slug]
    ]
