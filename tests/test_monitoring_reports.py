"""Action plans and progress reports (issue 19, part 2): the review flow from the signatory's
narrow admin to the public report, the snapshot written once, the deadlines and statuses over
time (clock frozen), the reminders (once per deadline across re-runs), the secretariat's
dashboard and holds."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from monitoring import status
from monitoring.models import (
    ActionState,
    MonitoringReportPage,
    MonitoringSettings,
    PossibleAction,
    ReminderSent,
    ReportKind,
    ReportSnapshot,
    SignatoryAction,
    SignatoryMonitoring,
)
from monitoring.reminders import send_reminders
from monitoring.review import refresh_all_deadlines
from pact.models import SignatoryPage
from tests.conftest import purged_paths
from tests.factories import InitiativePageFactory, make_signatory

pytestmark = pytest.mark.django_db

Status = status.Status


def at(day):
    """Freeze the clock at noon, Strasbourg time, on `day`."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(11, 0), tzinfo=datetime.UTC), tick=False
    )


def report_form(**overrides):
    data = {
        "title": "Our action plan",
        "slug": "action-plan",
        "kind": ReportKind.ACTION_PLAN,
        "narrative": streamfield([("paragraph", rich_text("<p>What we will do.</p>"))]),
        "professionals_trained": "40",
        "children_and_families_reached": "",
        "services_set_up": "2",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def actions():
    training = PossibleAction.objects.create(
        code="prevention-training", p="prevention", title="Train staff who work with children"
    )
    helpline = PossibleAction.objects.create(
        code="protection-helpline", p="protection", title="Run a helpline for children"
    )
    PossibleAction.objects.create(
        code="prevention-retired",
        p="prevention",
        title="An action the Pact no longer lists",
        retired_on=datetime.date(2025, 1, 1),
    )
    return training, helpline


def set_checklist(page, rows):
    """Publish `rows` ([(action, state, year, evidence)]) as the signatory's live checklist."""
    page = SignatoryPage.objects.get(pk=page.pk)
    page.action_items = [
        SignatoryAction(action=action, state=state, year=year, evidence=evidence)
        for action, state, year, evidence in rows
    ]
    page.save_revision().publish()
    return page


def add_report(signatory, kind=ReportKind.ACTION_PLAN, slug="plan", publish=True, **fields):
    fields.setdefault("title", f"Report {slug}")
    report = MonitoringReportPage(slug=slug, kind=kind, **fields)
    signatory.add_child(instance=report)
    if publish:
        report.save_revision().publish()
    return report


def record_of(page):
    return SignatoryMonitoring.objects.get(signatory_id=page.pk)


@pytest.fixture
def signatory(directory, secretariat_user):
    """An approved signatory that joined on 10 January 2026."""
    with at(datetime.date(2026, 1, 10)):
        application = make_signatory(directory, secretariat_user, "City of Sampleton")
    return application


# --- Approval starts the clock ---------------------------------------------------------------


def test_approval_starts_the_action_plan_clock(signatory):
    record = record_of(signatory.page)
    assert record.joined_on == datetime.date(2026, 1, 10)
    assert record.stage == status.Stage.JOINED
    assert record.next_deadline_kind == "action_plan"
    assert record.next_deadline == datetime.date(2027, 1, 10)
    with at(datetime.date(2026, 6, 1)):
        assert status.status_of(signatory.page) == Status.JOINED


# --- The review flow, from the narrow admin to the public report -----------------------------


def test_signatory_writes_a_plan_the_secretariat_accepts_it_and_the_clock_moves(
    client, signatory, secretariat_user
):
    training, helpline = actions()
    page = signatory.page
    initiative = InitiativePageFactory(parent=page, title="Safe schools")
    hidden = InitiativePageFactory(parent=page, title="Draft idea")
    hidden.unpublish()
    set_checklist(
        page,
        [
            (training, ActionState.IN_PLACE, 2024, [initiative, hidden]),
            (helpline, ActionState.PLANNED, 2027, []),
        ],
    )

    # The signatory sees its deadline and writes its plan in its own admin.
    client.force_login(signatory.user)
    with at(datetime.date(2026, 11, 2)):
        dashboard = client.get("/admin/").content.decode()
        assert "Your next deadline" in dashboard and "10 January 2027" in dashboard
        response = client.post(
            f"/admin/pages/add/monitoring/monitoringreportpage/{page.pk}/",
            report_form(**{"action-submit": "Submit"}),
        )
        assert response.status_code == 302, response.context["form"].errors
    report = MonitoringReportPage.objects.get()
    assert not report.live and report.workflow_in_progress
    assert not ReportSnapshot.objects.exists()
    assert client.get("/admin/").content.decode().count("Awaiting review") == 1
    client.logout()
    assert client.get(f"{page.url}action-plan/").status_code == 404

    # The secretariat sees it waiting, and approves it.
    client.force_login(secretariat_user)
    with at(datetime.date(2026, 11, 20)):
        waiting = client.get("/admin/monitoring/?show=awaiting").content.decode()
        assert "Our action plan" in waiting and "City of Sampleton" in waiting
        state = WorkflowState.objects.active().for_instance(report).get()
        response = client.post(
            f"/admin/pages/workflow/action/{report.pk}/approve/{state.current_task_state.pk}/",
            {"comment": "Thank you."},
        )
        assert response.status_code in (200, 302)
    report.refresh_from_db()
    assert report.live
    snapshot = ReportSnapshot.objects.get(report=report)
    assert snapshot.accepted_on == datetime.date(2026, 11, 20)
    assert [(row["code"], row["state"], row["year"]) for row in snapshot.checklist] == [
        ("prevention-training", "in_place", 2024),
        ("protection-helpline", "planned", 2027),
    ]
    record = record_of(page)
    assert record.stage == status.Stage.ACTION_PLAN
    assert record.plan_accepted_on == datetime.date(2026, 11, 20)
    assert record.next_deadline_kind == "progress_report"
    assert record.next_deadline == datetime.date(2028, 11, 20)
    with at(datetime.date(2027, 2, 1)):
        assert status.status_of(page) == Status.ACTION_PLAN
    client.logout()

    # The public report: accepted date, figures, checklist per P, evidence only when visible.
    html = client.get(report.url).content.decode()
    assert "Accepted by the Congress secretariat on" in html and "20 November 2026" in html
    assert "Professionals trained" in html and ">40<" in html
    assert "Train staff who work with children" in html and "In place since 2024" in html
    assert "Planned for 2027" in html
    assert f'href="{initiative.url}"' in html and "Draft idea" not in html
    assert "An action the Pact no longer lists" not in html
    assert "private.person@example.org" not in html


def test_the_snapshot_is_written_once_whatever_is_published_later(signatory):
    training, _ = actions()
    page = set_checklist(signatory.page, [(training, ActionState.PLANNED, 2027, [])])
    with at(datetime.date(2026, 5, 4)):
        report = add_report(page)
    set_checklist(page, [(training, ActionState.IN_PLACE, 2026, [])])
    with at(datetime.date(2026, 9, 9)):
        report.title = "Our corrected plan"
        report.save_revision().publish()
        report.revisions.order_by("created_at").first().publish()
    snapshot = ReportSnapshot.objects.get(report=report)
    assert snapshot.accepted_on == datetime.date(2026, 5, 4)
    assert snapshot.checklist[0]["state"] == "planned"
    assert record_of(page).plan_accepted_on == datetime.date(2026, 5, 4)


def test_a_signatory_cannot_add_a_report_under_another_signatory(
    client, directory, secretariat_user, signatory
):
    other = make_signatory(directory, secretariat_user, "Town of Elsewhere")
    client.force_login(signatory.user)
    response = client.post(
        f"/admin/pages/add/monitoring/monitoringreportpage/{other.page.pk}/",
        report_form(**{"action-submit": "Submit"}),
    )
    assert response.status_code in (302, 403)
    assert not MonitoringReportPage.objects.exists()
    assert client.get("/admin/monitoring/").status_code == 403
    assert client.post(f"/admin/monitoring/{signatory.page.pk}/hold/").status_code == 403
    assert not record_of(signatory.page).held


def test_an_untrusted_signatory_cannot_publish_its_report_itself(client, signatory):
    client.force_login(signatory.user)
    client.post(
        f"/admin/pages/add/monitoring/monitoringreportpage/{signatory.page.pk}/",
        report_form(**{"action-publish": "Publish"}),
    )
    report = MonitoringReportPage.objects.get()
    assert not report.live
    assert not ReportSnapshot.objects.exists()
    assert record_of(signatory.page).stage == status.Stage.JOINED


def test_unpublishing_or_deleting_an_accepted_report_puts_the_clock_back(
    signatory, django_capture_on_commit_callbacks
):
    page = signatory.page
    with at(datetime.date(2026, 6, 1)):
        plan = add_report(page)
    with at(datetime.date(2028, 5, 1)):
        progress = add_report(page, kind=ReportKind.PROGRESS_REPORT, slug="progress")
    record = record_of(page)
    assert record.stage == status.Stage.REPORTING
    assert record.next_deadline == datetime.date(2030, 5, 1)

    progress.unpublish()
    record = record_of(page)
    assert record.stage == status.Stage.ACTION_PLAN
    assert record.next_deadline == datetime.date(2028, 6, 1)

    with django_capture_on_commit_callbacks(execute=True):
        plan.delete()
    record = record_of(page)
    assert record.stage == status.Stage.JOINED
    assert record.plan_accepted_on is None
    assert record.next_deadline == datetime.date(2027, 1, 10)


# --- Statuses over time ----------------------------------------------------------------------


def statuses_on(day, page):
    """The status in Python and in SQL, which must agree."""
    with at(day):
        python = status.status_of(SignatoryPage.objects.get(pk=page.pk))
        sql = status.with_status(SignatoryPage.objects.filter(pk=page.pk)).get().monitoring_status
    assert python == sql
    return python


def test_statuses_over_time(signatory):
    page = signatory.page
    assert statuses_on(datetime.date(2026, 1, 10), page) == Status.JOINED
    assert statuses_on(datetime.date(2027, 1, 10), page) == Status.JOINED  # due that day
    assert statuses_on(datetime.date(2027, 1, 11), page) == Status.OVERDUE
    assert statuses_on(datetime.date(2027, 7, 9), page) == Status.OVERDUE  # 180 days late
    assert statuses_on(datetime.date(2027, 7, 10), page) == Status.ON_HOLD

    with at(datetime.date(2027, 8, 1)):
        add_report(page)  # the plan, late, is accepted: the clock starts again
    assert statuses_on(datetime.date(2027, 8, 1), page) == Status.ACTION_PLAN
    assert statuses_on(datetime.date(2029, 8, 1), page) == Status.ACTION_PLAN
    assert statuses_on(datetime.date(2029, 8, 2), page) == Status.OVERDUE

    with at(datetime.date(2029, 9, 1)):
        add_report(page, kind=ReportKind.PROGRESS_REPORT, slug="first-report")
    assert statuses_on(datetime.date(2030, 1, 1), page) == Status.REPORTING
    assert statuses_on(datetime.date(2031, 9, 2), page) == Status.OVERDUE


def test_the_signatory_page_lists_its_accepted_reports_and_what_is_due_next(client, signatory):
    page = signatory.page
    with at(datetime.date(2026, 3, 2)):
        add_report(page, title="Our plan for 2026")
        add_report(page, kind=ReportKind.PROGRESS_REPORT, slug="draft-report", publish=False)
        body = client.get(page.url).content.decode()
    assert "Our plan for 2026</a>: action plan, accepted on 2 March 2026" in body
    assert "Report draft-report" not in body  # in review, not accepted: not listed
    assert "Next: progress report due by 2 March 2028." in body
    with at(datetime.date(2028, 4, 1)):
        assert (
            "Next: progress report was due by 2 March 2028."
            in client.get(page.url).content.decode()
        )


def test_the_secretariats_hold_wins_over_the_deadlines_and_is_lifted(
    client, signatory, secretariat_user
):
    page = signatory.page
    client.force_login(secretariat_user)
    url = f"/admin/monitoring/{page.pk}/hold/"
    assert "Put on hold" in client.get(url).content.decode()

    refused = client.post(url, {"note": ""})
    assert refused.status_code == 400
    assert "Say why it is put on hold" in refused.content.decode()
    too_long = client.post(url, {"note": "x" * 301})
    assert too_long.status_code == 400 and "x" * 301 in too_long.content.decode()
    assert not record_of(page).held

    assert client.post(url, {"note": "No answer to three letters."}).status_code == 302
    record = record_of(page)
    assert record.held and record.hold_note == "No answer to three letters."
    assert statuses_on(datetime.date(2026, 2, 1), page) == Status.ON_HOLD
    with at(datetime.date(2026, 2, 1)):
        listing = client.get("/admin/monitoring/?show=on_hold").content.decode()
    assert "City of Sampleton" in listing and "No answer to three letters." in listing

    # A report accepted meanwhile keeps the hold: only the secretariat lifts it.
    with at(datetime.date(2026, 3, 1)):
        add_report(page)
    assert record_of(page).held
    assert client.post(url).status_code == 302
    assert statuses_on(datetime.date(2026, 3, 2), page) == Status.ACTION_PLAN


# --- The secretariat's dashboard -------------------------------------------------------------


def test_dashboard_counts_and_lists(client, directory, secretariat_user):
    with at(datetime.date(2025, 9, 1)):
        make_signatory(directory, secretariat_user, "Late Town")
    with at(datetime.date(2024, 1, 1)):
        make_signatory(directory, secretariat_user, "Silent Town")
    with at(datetime.date(2025, 12, 20)):
        make_signatory(directory, secretariat_user, "Soon Town")
    with at(datetime.date(2026, 6, 1)):
        make_signatory(directory, secretariat_user, "New Town")
    with at(datetime.date(2026, 12, 1)):
        client.force_login(secretariat_user)
        overdue = client.get("/admin/monitoring/").content.decode()
        due_soon = client.get("/admin/monitoring/?show=due_soon").content.decode()
        every = client.get("/admin/monitoring/?show=due").content.decode()
        bad = client.get("/admin/monitoring/?show=everything&page=x")
        home = client.get("/admin/").content.decode()
    assert "Overdue (1)" in overdue and "Late Town" in overdue and "Soon Town" not in overdue
    assert "On hold (1)" in overdue and "Silent Town" not in overdue
    assert "Due soon (1)" in due_soon and "Soon Town" in due_soon and "New Town" not in due_soon
    assert "Soon Town" in every and "New Town" in every and "Late Town" not in every
    assert bad.status_code == 200
    assert "show must be one of overdue" in bad.content.decode()
    assert "Monitoring the Pact" in home and "Open the monitoring dashboard" in home


def test_dashboard_queries_do_not_grow_with_the_signatories(client, directory, secretariat_user):
    def queries():
        with at(datetime.date(2026, 6, 1)):
            client.force_login(secretariat_user)
            with CaptureQueriesContext(connection) as captured:
                assert client.get("/admin/monitoring/?show=due").status_code == 200
        return len(captured)

    with at(datetime.date(2026, 1, 1)):
        make_signatory(directory, secretariat_user, "First Town")
    few = queries()
    with at(datetime.date(2026, 1, 1)):
        for n in range(4):
            make_signatory(directory, secretariat_user, f"Town {n}")
    assert queries() == few


# --- Settings ---------------------------------------------------------------------------------


def test_saving_the_periods_moves_every_deadline(directory, secretariat_user):
    with at(datetime.date(2026, 1, 10)):
        pages = [make_signatory(directory, secretariat_user, f"Town {n}").page for n in range(3)]
    with at(datetime.date(2026, 3, 1)):
        add_report(pages[0])
    periods = MonitoringSettings.load()
    periods.action_plan_months = 6
    periods.report_interval_months = 12
    periods.save()
    assert record_of(pages[1]).next_deadline == datetime.date(2026, 7, 10)
    assert record_of(pages[0]).next_deadline == datetime.date(2027, 3, 1)


def test_signatories_that_joined_before_monitoring_started_count_from_its_start(
    directory, secretariat_user
):
    with at(datetime.date(2019, 5, 2)):
        early = make_signatory(directory, secretariat_user, "Town joined early").page
    with at(datetime.date(2026, 9, 1)):
        late = make_signatory(directory, secretariat_user, "Town joined late").page
    assert statuses_on(datetime.date(2026, 12, 3), early) == Status.ON_HOLD
    periods = MonitoringSettings.load()
    periods.monitoring_started_on = datetime.date(2026, 6, 1)
    periods.save()
    assert record_of(early).next_deadline == datetime.date(2027, 6, 1)
    assert statuses_on(datetime.date(2026, 12, 3), early) == Status.JOINED
    assert record_of(late).next_deadline == datetime.date(2027, 9, 1)  # its own day is later
    status.refresh(early)  # the same rule when one signatory is recomputed
    assert record_of(early).next_deadline == datetime.date(2027, 6, 1)


def test_refreshing_all_deadlines_reads_in_chunks(directory, secretariat_user, monkeypatch):
    with at(datetime.date(2026, 1, 10)):
        for n in range(5):
            make_signatory(directory, secretariat_user, f"Town {n}")
    monkeypatch.setattr("monitoring.review.CHUNK_SIZE", 2)
    periods = MonitoringSettings.load()
    periods.action_plan_months = 3
    with CaptureQueriesContext(connection) as captured:
        assert refresh_all_deadlines(periods) == 5
    # Three chunks read, each written in one bulk update, and one last empty read.
    assert len(captured) <= 3 * 2 + 1 + 3  # bulk_update may open a savepoint per batch
    assert {r.next_deadline for r in SignatoryMonitoring.objects.all()} == {
        datetime.date(2026, 4, 10)
    }


def test_a_hold_purges_what_shows_the_status(
    client, signatory, secretariat_user, shared_cache, directory
):
    page = signatory.page
    client.force_login(secretariat_user)
    shared_cache.clear()
    hold = f"/admin/monitoring/{page.pk}/hold/"
    assert client.post(hold, {"note": "No answer."}).status_code == 302
    put_on_hold = purged_paths(shared_cache)
    assert {page.url, "/participants/", "/participants/map.geojson"} <= put_on_hold
    shared_cache.clear()
    assert client.post(hold).status_code == 302  # lifted
    assert page.url in purged_paths(shared_cache)


# --- Reminders --------------------------------------------------------------------------------


def run_reminders(day):
    before = len(mail.outbox)
    with at(day):
        send_reminders()
    return mail.outbox[before:]


def test_reminders_go_once_before_and_once_when_missed(signatory):
    # Due 10 January 2027; reminders start 30 days before.
    assert run_reminders(datetime.date(2026, 12, 10)) == []
    first = run_reminders(datetime.date(2026, 12, 11))
    assert len(first) == 1
    assert first[0].to == [signatory.email]
    assert "action plan is due on 10 January 2027" in first[0].subject
    assert "/admin/pages/add/monitoring/monitoringreportpage/" in first[0].body
    assert run_reminders(datetime.date(2026, 12, 11)) == []
    assert run_reminders(datetime.date(2027, 1, 10)) == []

    missed = run_reminders(datetime.date(2027, 1, 11))
    assert len(missed) == 1 and "overdue" in missed[0].subject
    assert run_reminders(datetime.date(2027, 1, 11)) == []
    assert run_reminders(datetime.date(2027, 3, 1)) == []
    assert ReminderSent.objects.count() == 2

    # Accepted: the next deadline is a new one, with its own reminders.
    with at(datetime.date(2027, 3, 1)):
        add_report(signatory.page)
    assert len(run_reminders(datetime.date(2029, 2, 1))) == 1
    assert run_reminders(datetime.date(2029, 2, 2)) == []


def test_a_reminder_claimed_by_another_run_is_not_sent_again(signatory):
    ReminderSent.objects.create(
        signatory=signatory.page,
        deadline_kind="action_plan",
        deadline=datetime.date(2027, 1, 10),
        stage="before",
    )
    assert run_reminders(datetime.date(2026, 12, 20)) == []


def test_no_reminder_while_a_report_waits_for_review_nor_on_hold(client, signatory):
    client.force_login(signatory.user)
    client.post(
        f"/admin/pages/add/monitoring/monitoringreportpage/{signatory.page.pk}/",
        report_form(**{"action-submit": "Submit"}),
    )
    assert MonitoringReportPage.objects.get().workflow_in_progress
    assert run_reminders(datetime.date(2026, 12, 20)) == []
    assert not ReminderSent.objects.exists()

    WorkflowState.objects.all().delete()
    record = record_of(signatory.page)
    record.held = True
    record.save()
    assert run_reminders(datetime.date(2026, 12, 20)) == []
    record.held = False
    record.save()
    assert len(run_reminders(datetime.date(2026, 12, 20))) == 1


def test_the_reminder_command_says_what_it_did(signatory, capsys):
    from django.core.management import call_command

    with at(datetime.date(2026, 12, 20)):
        call_command("send_monitoring_reminders", "--dry-run")
        assert "Would send 1 reminder(s)" in capsys.readouterr().out
        assert not ReminderSent.objects.exists()
        call_command("send_monitoring_reminders")
        call_command("send_monitoring_reminders")
    out = capsys.readouterr().out
    assert "Sent 1 reminder(s)" in out and "Sent 0 reminder(s); 1 sent before" in out
    assert len(mail.outbox) == 2  # the approval e-mail and one reminder


def test_refresh_monitoring_gives_earlier_signatories_their_record(signatory, capsys):
    from django.core.management import call_command

    SignatoryMonitoring.objects.all().delete()
    call_command("refresh_monitoring")
    call_command("refresh_monitoring")
    out = capsys.readouterr().out
    assert "Created 1 record(s); recomputed 0." in out
    assert "Created 0 record(s); recomputed 1." in out
    assert record_of(signatory.page).next_deadline == datetime.date(2027, 1, 10)


def test_moving_a_report_recomputes_both_signatories(directory, secretariat_user, signatory):
    other = make_signatory(directory, secretariat_user, "Town of Elsewhere").page
    with at(datetime.date(2026, 6, 1)):
        plan = add_report(signatory.page)
    assert record_of(signatory.page).stage == status.Stage.ACTION_PLAN
    plan.move(other, pos="last-child")
    assert record_of(signatory.page).stage == status.Stage.JOINED
    assert record_of(other).stage == status.Stage.ACTION_PLAN
