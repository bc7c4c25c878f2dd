"""Quarterly entry and the workflow: atomic saves, optimistic locking, audit, locking after approval."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from kinerja.plan import models as m
from kinerja.realisation.models import AuditEntry, Status
from kinerja.realisation.services import (
    BudgetInput,
    ConflictError,
    EntryError,
    ValueInput,
    WorkflowError,
    default_deadline,
    save_quarter,
    transition,
    unit_indicators,
)

User = get_user_model()
YEAR, QUARTER = 2021, 1


@pytest.fixture
def rehsos(kukar):
    return kukar.units.get(key="rehsos")


@pytest.fixture
def operator(db):
    return User.objects.get(username="operator.rehsos.kukar")


@pytest.fixture
def perencana(db):
    return User.objects.get(username="perencana.kukar")


@pytest.fixture
def kepala(db):
    return User.objects.get(username="kepala.kukar")


@pytest.fixture
def indicator(rehsos):
    return unit_indicators(rehsos, YEAR).get(element__key="P05.K01", position=0)


def test_operator_reports_only_the_units_indicators(rehsos):
    elements = {ind.element.unit_id or ind.unit_id for ind in unit_indicators(rehsos, YEAR)}
    assert elements == {rehsos.pk}


def test_save_creates_values_and_audits_them(kukar, rehsos, operator, indicator):
    result = save_quarter(operator, kukar, rehsos, YEAR, QUARTER, [ValueInput(indicator.pk, "12", note="RPTC")],
                          [BudgetInput(indicator.element_id, "75.000.000")])
    assert result.changed == 2
    value = m.Realisation.objects.get(indicator=indicator, year=YEAR, period=QUARTER)
    assert value.value == 12 and value.note == "RPTC"
    budget = m.BudgetRealisation.objects.get(element=indicator.element, year=YEAR, period=QUARTER)
    assert budget.amount == Decimal("75000000")
    assert AuditEntry.objects.filter(user=operator, action="isi realisasi", new="12").exists()


def test_malformed_value_saves_nothing(kukar, rehsos, operator, indicator):
    with pytest.raises(EntryError) as error:
        save_quarter(operator, kukar, rehsos, YEAR, QUARTER, [ValueInput(indicator.pk, "12")],
                     [BudgetInput(indicator.element_id, "1.5277.858.386,00")])
    assert f"anggaran-{indicator.element_id}" in error.value.errors
    assert not m.Realisation.objects.filter(indicator=indicator, period=QUARTER).exists()


def test_operator_cannot_enter_for_another_unit(kukar, operator):
    other = kukar.units.get(key="linjamsos")
    with pytest.raises(PermissionError):
        save_quarter(operator, kukar, other, YEAR, QUARTER, [])


def test_operator_cannot_send_another_units_indicator(kukar, rehsos, operator):
    foreign = m.Indicator.objects.filter(element__strategic_plan__agency=kukar).exclude(
        element__unit=rehsos).first()
    with pytest.raises(PermissionError):
        save_quarter(operator, kukar, rehsos, YEAR, QUARTER, [ValueInput(foreign.pk, "1")])


def test_second_concurrent_save_is_refused_with_the_others_value(kukar, rehsos, operator, indicator):
    save_quarter(operator, kukar, rehsos, YEAR, QUARTER, [ValueInput(indicator.pk, "10")])
    read_version = m.Realisation.objects.get(indicator=indicator, period=QUARTER).version
    colleague = User.objects.create_user("operator2", password="x-not-used-123")
    colleague.memberships.create(role="operator", agency=kukar, unit=rehsos)
    save_quarter(colleague, kukar, rehsos, YEAR, QUARTER, [ValueInput(indicator.pk, "11", version=read_version)])
    with pytest.raises(ConflictError) as error:
        save_quarter(operator, kukar, rehsos, YEAR, QUARTER, [ValueInput(indicator.pk, "99", version=read_version)])
    assert error.value.conflicts == {f"indikator-{indicator.pk}": "11"}
    assert m.Realisation.objects.get(indicator=indicator, period=QUARTER).value == 11


def test_outlier_is_a_warning_not_a_block(kukar, rehsos, operator, indicator):
    result = save_quarter(operator, kukar, rehsos, YEAR, QUARTER, [ValueInput(indicator.pk, "500")])
    assert "300 %" in result.warnings[f"indikator-{indicator.pk}-value"]
    assert m.Realisation.objects.get(indicator=indicator, period=QUARTER).value == 500


def test_unit_mismatch_is_a_warning(kukar, rehsos, operator, indicator):
    result = save_quarter(operator, kukar, rehsos, YEAR, QUARTER, [ValueInput(indicator.pk, "12 Keluarga")])
    assert "satuan" in result.warnings[f"indikator-{indicator.pk}-value"]


def test_full_workflow_locks_after_approval(kukar, rehsos, operator, perencana, kepala, indicator):
    save_quarter(operator, kukar, rehsos, YEAR, QUARTER, [ValueInput(indicator.pk, "12")])
    transition(operator, kukar, rehsos, YEAR, QUARTER, "submit", now=dt.datetime(2021, 4, 5, tzinfo=dt.UTC))
    with pytest.raises(WorkflowError):
        save_quarter(operator, kukar, rehsos, YEAR, QUARTER, [ValueInput(indicator.pk, "13")], reason="salah ketik")
    with pytest.raises(PermissionError):
        transition(operator, kukar, rehsos, YEAR, QUARTER, "verify")
    transition(perencana, kukar, rehsos, YEAR, QUARTER, "verify")
    with pytest.raises(PermissionError):
        transition(perencana, kukar, rehsos, YEAR, QUARTER, "approve")
    report = transition(kepala, kukar, rehsos, YEAR, QUARTER, "approve")
    assert report.status == Status.APPROVED and report.locked and not report.submitted_late
    with pytest.raises(WorkflowError):
        save_quarter(operator, kukar, rehsos, YEAR, QUARTER, [ValueInput(indicator.pk, "13")], reason="x")
    # A lock exception is explicit and recorded, and later changes need a reason.
    with pytest.raises(WorkflowError):
        transition(kepala, kukar, rehsos, YEAR, QUARTER, "reopen")
    transition(kepala, kukar, rehsos, YEAR, QUARTER, "reopen", "koreksi data BPS")
    with pytest.raises(EntryError):
        save_quarter(operator, kukar, rehsos, YEAR, QUARTER, [ValueInput(indicator.pk, "13")])
    save_quarter(operator, kukar, rehsos, YEAR, QUARTER, [ValueInput(indicator.pk, "13")], reason="koreksi")
    actions = list(AuditEntry.objects.filter(object_type="realisation.quarterreport").values_list("action", flat=True))
    assert actions == ["reopen", "approve", "verify", "submit"]
    change = AuditEntry.objects.get(action="ubah realisasi", field="value")
    assert (change.old, change.new, change.reason) == ("12", "13", "koreksi")


def test_return_needs_a_reason_and_reopens_entry(kukar, rehsos, operator, perencana, indicator):
    save_quarter(operator, kukar, rehsos, YEAR, QUARTER, [ValueInput(indicator.pk, "12")])
    transition(operator, kukar, rehsos, YEAR, QUARTER, "submit")
    with pytest.raises(WorkflowError):
        transition(perencana, kukar, rehsos, YEAR, QUARTER, "return")
    report = transition(perencana, kukar, rehsos, YEAR, QUARTER, "return", "bukti belum dilampirkan")
    assert report.status == Status.RETURNED
    save_quarter(operator, kukar, rehsos, YEAR, QUARTER, [ValueInput(indicator.pk, "12", evidence_url="https://x.id/b")],
                 reason="bukti dilampirkan")


def test_late_submission_is_recorded(kukar, rehsos, operator):
    assert default_deadline(2019, 4) == dt.date(2020, 1, 10)
    report = transition(operator, kukar, rehsos, YEAR, QUARTER, "submit",
                        now=dt.datetime(2021, 4, 20, 12, tzinfo=dt.UTC))
    assert report.submitted_late


def test_audit_entries_cannot_be_changed_or_deleted(kukar, rehsos, operator):
    transition(operator, kukar, rehsos, YEAR, QUARTER, "submit")
    entry = AuditEntry.objects.first()
    entry.reason = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_a_year_stored_as_one_total_takes_no_quarters(kukar, rehsos, operator):
    indicator_2019 = unit_indicators(rehsos, 2019).get(element__key="P05.K01", position=0)
    with pytest.raises(EntryError) as error:
        save_quarter(operator, kukar, rehsos, 2019, 1, [ValueInput(indicator_2019.pk, "12")])
    assert "total tahunan" in error.value.errors[f"indikator-{indicator_2019.pk}-value"]
