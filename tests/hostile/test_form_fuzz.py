"""Every endpoint that accepts POST × malformed values: never a 5xx, and a refused request writes nothing.

The endpoints come from the URL conf, walked as tests/web/test_permission_matrix.py walks it: every named view that
accepts POST must have an entry in SPECS (a new form cannot escape the fuzz). Each is sent as the role that may
write there — the valid request is checked to be accepted, so the malformed ones reach the form and the service,
not a 403 — once per malformed value of each field, with the field missing and duplicated, and as a body in a wrong
encoding. After every request that was not accepted, a digest of every table must equal the one taken before it.
URL parameters out of range (years, quarters, ids, slugs that do not exist) answer 404.

Each request runs in a savepoint rolled back afterwards, with the client's cookies restored: every request starts
from the same data and the same session. The figures (endpoints, requests, 5xx, tables changed) are printed at
the end of the module.
"""

from __future__ import annotations

import copy
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.messages import INFO, SUCCESS
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kinerja.accounts.models import Membership, Role
from kinerja.plan import models as m
from kinerja.realisation.models import QuarterReport
from tests.web.test_permission_matrix import SAMPLE, SCOPES

URLENCODED = "application/x-www-form-urlencoded"
# Not compared: the test client's session (every request may write it — messages, language, the idle timeout — and
# it is the client's state, not the application's data) and django-axes' records of login attempts (a refused
# login is recorded there on purpose: that record is the lockout's count).
UNCOMPARED_APPS = {"sessions", "axes"}

# Malformed values sent in every field; two of EXTRA more per field, chosen by the field's name.
CORE = ("abc", "²", str(10**30), "9" * 18, "-1", "a\x00b", "x" * 10_000, "")
EXTRA = ("١٢", "1e5", "NaN", "-0", " 7 ", "1,5", "0x1F", "<b>x</b>", "%00", "💥", "Infinity", "9" * 40,
         "99999999999999999999", "\ufeff1", "1\u00a0000", "2021-01-01")
MISSING = object()
DUPLICATE = object()


# -- the URL conf -------------------------------------------------------------------------------------------------

def routes(resolver=None, prefix=""):
    """(full route, pattern) of every named view, as test_permission_matrix walks the resolver, with the prefix."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), entry


def allowed_methods(callback) -> set[str]:
    """The methods a view accepts: a class-based view's handlers, else require_http_methods' list, else any."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return {name.upper() for name in view_class.http_method_names if hasattr(view_class, name)}
    fn = callback
    while fn is not None:
        code = getattr(fn, "__code__", None)
        if code is not None and code.co_qualname.startswith("require_http_methods."):
            cells = dict(zip(code.co_freevars, (cell.cell_contents for cell in fn.__closure__), strict=True))
            return set(cells["request_method_list"])
        fn = getattr(fn, "__wrapped__", None)
    return {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}


ROUTES = dict((pattern.name, (route, pattern)) for route, pattern in routes())
POST_ENDPOINTS = sorted(name for name, (_route, p) in ROUTES.items() if "POST" in allowed_methods(p.callback))


# -- the endpoints' valid requests --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Spec:
    """One form of one endpoint: the user who may send it, its valid fields (label → value; ``{name}`` is filled
    from what ``setup`` returns, in labels too), the URL's parameters, and how success shows."""

    endpoint: str
    user: str | None
    fields: dict[str, object]
    kwargs: dict[str, str] = field(default_factory=dict)
    setup: Callable[[], dict] = dict
    multipart: bool = False
    files: tuple[str, ...] = ()
    redirect_accepts: bool = False  # success is a redirect (no message): login, imports…
    prime: bool = False  # GET the page first, as a browser does (the password reset link puts its token away)
    own_tables: frozenset[str] = frozenset()  # tables a refused request writes by design (with why, below)
    valid_status: int | None = None  # the valid request answers this (pages that never write: no message)


def _kukar() -> m.Agency:
    return m.Agency.objects.get(slug="dinsos-kukar")


def _entry() -> dict:
    """An indicator and an element of Bidang Rehsos with a Renja 2021 target and pagu, and their versions."""
    from kinerja.web.entry import entry_rows

    unit = _kukar().units.get(key="rehsos")
    rows, budgets = entry_rows(unit, 2021, 1)
    row = next(r for r in rows if r.indicator.value_kind in ("number", "percent") and r.target is not None)
    budget = next(b for b in budgets if b.pagu is not None)
    report_version = QuarterReport.objects.filter(unit=unit, year=2021, quarter=1).values_list("version",
                                                                                               flat=True).first()
    return {"ind": row.indicator.pk, "ver": row.quarters[1].version if 1 in row.quarters else 0,
            "el": budget.element.pk, "rpver": budget.quarters[1].version if 1 in budget.quarters else 0,
            "report_version": report_version or 0}


def _element() -> dict:
    from kinerja.plan.services import latest_revision

    ctx = _entry()
    element = m.PlanElement.objects.get(pk=m.Indicator.objects.get(pk=ctx["ind"]).element_id)
    revision = latest_revision(_kukar(), m.Revision.Document.RENJA, 2021)
    target = m.Target.objects.filter(indicator_id=ctx["ind"], revision=revision, kind="renja", year=2021).first()
    budget = m.Budget.objects.filter(element=element, revision=revision, kind="renja", year=2021).first()
    return {**ctx, "element": element.pk, "name": element.name, "code": element.code, "unit": element.unit.key,
            "version": element.version, "target_version": target.version if target else 0,
            "pagu_version": budget.version if budget else 0}


def _indicator() -> dict:
    ind = m.Indicator.objects.get(pk=_entry()["ind"])
    values = {name: getattr(ind, name) for name in ("name", "satuan", "polarity", "aggregation", "value_kind",
                                                    "numerator_name", "denominator_name", "ikk_code", "formula",
                                                    "data_source")}
    flags = {name: "on" if getattr(ind, name) else "" for name in ("is_iku", "is_ikk", "is_spm")}
    return {**values, **flags, "indicator": ind.pk, "scale": ind.scale_id or "", "factor": ind.factor,
            "ind_unit": ind.unit_id or ind.element.unit_id, "version": ind.version}


def _narrative(indicator: bool) -> dict:
    ctx = _entry()
    rows = m.Narrative.objects.filter(agency=_kukar(), year=2021)
    rows = rows.filter(indicator_id=ctx["ind"], section="analisis") if indicator else rows.filter(
        indicator=None, document="renja", section="latar_belakang")
    return {"indicator": ctx["ind"], "based_on": rows.order_by("-number").values_list("number", flat=True).first()
            or 0}


def _verified() -> dict:
    """Bidang Rehsos' 2021 TW 1 entered, submitted and verified: the whole quarter's approval has a unit to lock."""
    from kinerja.realisation.services import ValueInput, save_quarter, transition

    ctx, agency, users = _entry(), _kukar(), get_user_model().objects
    unit, operator = agency.units.get(key="rehsos"), users.get(username="operator.rehsos.kukar")
    save_quarter(operator, agency, unit, 2021, 1, [ValueInput(ctx["ind"], "7")])
    transition(operator, agency, unit, 2021, 1, "submit")
    report = transition(users.get(username="perencana.kukar"), agency, unit, 2021, 1, "verify")
    return {**ctx, "report_version": report.version}


def _goal() -> dict:
    plan = _kukar().strategic_plans.get(first_year=2021)
    return {"plan": plan.pk, "parent": plan.elements.filter(level=m.Level.GOAL).first().pk}


def _membership() -> dict:
    return {"membership": Membership.objects.get(user__username="operator.linjamsos.kukar").pk}


def _declaration() -> dict:
    """One of Tarakan's demo declarations of kesetaraan satuan (Orang / Kali = Orang …)."""
    return {"declaration": m.MeasureUnitEquivalence.objects.filter(agency__slug="dinsospm-tarakan")
            .order_by("pk").values_list("pk", flat=True).first()}


def _otp_user() -> dict:
    """A kepala dinas with a confirmed TOTP device, asked for the code after the password; the valid code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.create_user("fuzz.otp", password="rahasia-otp-2026")
    Membership.objects.create(user=user, role=Role.KEPALA, agency=_kukar())
    device = TOTPDevice.objects.create(user=user, name="Kinerja", confirmed=True)
    return {"user": user, "code": lambda: _totp(device)}


def _pending_code() -> dict:
    """Enrolment started (the page's first POST): the pending device and its valid code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username="kepala.kukar")
    device = TOTPDevice.objects.create(user=user, name="Kinerja", confirmed=False)
    return {"code": lambda: _totp(device)}


def _totp(device) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _reset_link() -> dict:
    user = get_user_model().objects.get(username="perencana.kukar")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return {"uid": uid, "prime_url": reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(
        user)])}


def _import_job(kind: str, username: str, text: str) -> Callable[[], dict]:
    def setup() -> dict:
        from kinerja.imports import jobs
        from kinerja.imports.models import ImportJob

        user = get_user_model().objects.get(username=username)
        job = ImportJob.objects.create(agency=_kukar(), user=user, kind=kind, year=2021, file_name="tempel.txt")
        job.file.save("fuzz.txt", SimpleUploadedFile("fuzz.txt", text.encode()), save=True)
        jobs.run(job.pk)
        job.refresh_from_db()
        return {"job": job.pk, "fingerprint": job.fingerprint}

    return setup


def _region_settings(form: str, fields: dict) -> Spec:
    return Spec("region-settings", "bappeda.kukar", {"form": form, **{f"{form}-{k}": v for k, v in fields.items()},
                                                     "reason": "uji"},
                {"region": "kukar"}, setup=lambda: {"agency": _kukar().pk})


PLAN_TSV = ("Kode\tProgram/Kegiatan\tIndikator\tSatuan\tTarget\tPagu\n"
            "0000.01.001\tPenyediaan jasa komunikasi, sumber daya air dan listrik\t"
            "Jumlah rekening listrik, air, telepon dan internet (rek/bln)\tbulan\t12\t250.000.000\n")
UNMAPPED_TSV = ("0000.01.001\tPenyediaan jasa komunikasi, sumber daya air dan listrik\t"
                "Jumlah rekening listrik, air, telepon dan internet (rek/bln)\t250.000.000\n")
VERIFY_TSV = "No\tUraian\tTarget\tRealisasi\tCapaian (%)\n1\tJumlah PMKS\t100\t50\t50,00\n"
ENTRY = {"v-{ind}": "7", "ver-{ind}": "{ver}", "note-{ind}": "catatan", "url-{ind}": "",
         "rp-{el}": "1.000.000", "rpver-{el}": "{rpver}", "reason": "uji"}
PASSWORD = "kinerja-demo-2019"
NEW_PASSWORD = "Sandi-baru-yang-kuat-2026"

SPECS: dict[str, Spec] = {
    "login": Spec("login", None, {"username": "perencana.kukar", "password": PASSWORD}, redirect_accepts=True),
    "logout": Spec("logout", "perencana.kukar", {"next": "/"}, redirect_accepts=True),
    "set_language": Spec("set_language", "perencana.kukar", {"language": "en", "next": "/"}, redirect_accepts=True),
    "password_change": Spec("password_change", "perencana.kukar", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        redirect_accepts=True),
    "password_reset": Spec("password_reset", None, {"email": "perencana@example.org"}, redirect_accepts=True),
    "password_reset_confirm": Spec("password_reset_confirm", None, {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        {"uidb64": "{uid}", "token": "set-password"}, setup=_reset_link, prime=True, redirect_accepts=True),
    # django-otp counts a wrong code against the device (its throttling): that write is the refusal itself.
    "otp-verify": Spec("otp-verify", "fuzz.otp", {"code": "{code}"}, setup=_otp_user, redirect_accepts=True,
                       own_tables=frozenset({"otp_totp_totpdevice"})),
    "account-security": Spec("account-security", "kepala.kukar", {"code": "{code}"}, setup=_pending_code,
                             own_tables=frozenset({"otp_totp_totpdevice"})),
    "account-security[start]": Spec("account-security", "kepala.kukar", {"start": "1"}, redirect_accepts=True),
    "verify-table": Spec("verify-table", "perencana.kukar", {"text": VERIFY_TSV, "lang": "id", "output": ""},
                         multipart=True, valid_status=200),
    "verify-table[file]": Spec("verify-table", "perencana.kukar", {
        "table": "tabel.tsv", "lang": "en", "output": "json"}, multipart=True, files=("table",), valid_status=200),
    "quarter-entry": Spec("quarter-entry", "operator.rehsos.kukar", ENTRY,
                          {"year": "2021", "quarter": "1", "unit": "rehsos"}, setup=_entry, multipart=True),
    "quarter-transition": Spec("quarter-transition", "operator.rehsos.kukar", {
        "reason": "", "report_version": "{report_version}"},
        {"year": "2021", "quarter": "1", "unit": "rehsos", "action": "submit"}, setup=_entry),
    "entry-capaian": Spec("entry-capaian", "operator.rehsos.kukar", {"indicator": "{ind}", "year": "2021",
                                                                      "v-{ind}": "7"},
                          setup=_entry, valid_status=200),
    "import-plan": Spec("import-plan", "perencana.kukar", {
        "year": "2021", "text": PLAN_TSV, "note": "Perkada 12/2021", "code_prefix": ""},
        multipart=True, redirect_accepts=True),
    "import-plan[file]": Spec("import-plan", "perencana.kukar", {"year": "2021", "file": "rencana.tsv"},
                              multipart=True, files=("file",), redirect_accepts=True),
    "import-realisation": Spec("import-realisation", "operator.rehsos.kukar", {
        "year": "2021", "quarter": "1", "text": PLAN_TSV, "note": "uji"}, multipart=True, redirect_accepts=True),
    "import-plan-job": Spec("import-plan-job", "perencana.kukar", {
        "id": "{job}", "action": "mapping", "role-1": "kode", "role-2": "nama", "role-3": "indikator",
        "role-4": "pagu", "header_end": "0"}, setup=_import_job("plan", "perencana.kukar", UNMAPPED_TSV),
        redirect_accepts=True),
    "import-plan-job[confirm]": Spec("import-plan-job", "perencana.kukar", {
        "id": "{job}", "action": "confirm", "fingerprint": "{fingerprint}"},
        setup=_import_job("plan", "perencana.kukar", PLAN_TSV), redirect_accepts=True),
    "import-realisation-job": Spec("import-realisation-job", "operator.rehsos.kukar", {
        "id": "{job}", "action": "mapping", "role-1": "kode", "role-2": "nama", "header_end": "0"},
        setup=_import_job("realisation", "operator.rehsos.kukar", UNMAPPED_TSV), redirect_accepts=True),
    "element-edit": Spec("element-edit", "perencana.kukar", {
        "name": "{name} (uji)", "code": "{code}", "unit": "{unit}", "version": "{version}", "reason": "uji"},
        {"element": "{element}"}, setup=_element),
    "element-values": Spec("element-values", "perencana.kukar", {
        "section": "renja", "target-{ind}": "12", "ver-target-{ind}": "{target_version}", "pagu": "1.000.000",
        "ver-pagu": "{pagu_version}", "reason": "uji"}, {"element": "{element}", "year": "2021"}, setup=_element),
    "revision-create": Spec("revision-create", "perencana.kukar", {"reason": "Perkada 7/2021", "element": "{element}"},
                            {"year": "2021"}, setup=_element),
    "element-create": Spec("element-create", "perencana.kukar", {
        "parent": "{parent}", "name": "Sasaran uji", "code": "", "unit": "rehsos", "reason": "uji"},
        {"plan": "{plan}"}, setup=_goal),
    "document-narrative": Spec("document-narrative", "perencana.kukar", {
        "section": "latar_belakang", "text": "Latar belakang uji.", "based_on": "{based_on}", "reason": "uji"},
        {"document": "renja", "year": "2021"}, setup=lambda: _narrative(False)),
    "indicator-narrative": Spec("indicator-narrative", "perencana.kukar", {
        "section": "analisis", "text": "Analisis uji.", "based_on": "{based_on}", "reason": "uji"},
        {"indicator": "{indicator}", "year": "2021"}, setup=lambda: _narrative(True)),
    "indicator-edit": Spec("indicator-edit", "perencana.kukar", {
        "name": "{name} (uji)", "satuan": "{satuan}", "polarity": "{polarity}", "aggregation": "{aggregation}",
        "value_kind": "{value_kind}", "scale": "{scale}", "numerator_name": "{numerator_name}",
        "denominator_name": "{denominator_name}", "factor": "{factor}", "is_iku": "{is_iku}", "is_ikk": "{is_ikk}",
        "ikk_code": "{ikk_code}", "is_spm": "{is_spm}", "formula": "{formula}", "data_source": "{data_source}",
        "unit": "{ind_unit}", "version": "{version}", "reason": "uji"}, {"indicator": "{indicator}"},
        setup=_indicator),
    "document-issue": Spec("document-issue", "perencana.kukar", {"lampiran": "1", "confirm": "1"},
                           {"kind": "lkjip", "year": "2019"}),
    "quarter-batch": Spec("quarter-batch", "kepala.kukar", {
        "unit": "rehsos", "ver-rehsos": "{report_version}", "reason": "", "confirm": "1"},
        {"year": "2021", "quarter": "1", "action": "approve"}, setup=_verified),
    "quarter-batch[ask]": Spec("quarter-batch", "kepala.kukar", {"reason": ""},
                               {"year": "2021", "quarter": "1", "action": "approve"}, setup=_verified,
                               valid_status=200),
    "region-users": Spec("region-users", "bappeda.kukar", {
        "username": "fuzz.baru", "name": "Pengguna Uji", "role": "operator", "agency": "dinsos-kukar",
        "unit": "rehsos", "reason": "uji"}, {"region": "kukar"}),
    "region-settings[agency]": _region_settings("agency", {
        "slug": "dinas-uji", "name": "Dinas Uji", "short_name": "DU", "address": "Jl. Uji", "head_name": "Kepala",
        "head_rank": "Pembina", "head_nip": "197001012000011001", "evaluation_layout": "1"}),
    "region-settings[unit]": _region_settings("unit", {
        "agency": "{agency}", "key": "unit-uji", "name": "Unit Uji", "kind": "bidang"}),
    "region-settings[renstra]": _region_settings("renstra", {
        "agency": "{agency}", "key": "renstra-2027-2031", "name": "Renstra Uji", "first_year": "2027",
        "last_year": "2031", "code_scheme": "permendagri-90"}),
    "region-settings[scale]": _region_settings("scale", {
        "agency": "{agency}", "key": "skala-uji", "name": "Skala Uji", "categories": "Rendah\nSedang\nTinggi"}),
    "region-membership-remove": Spec("region-membership-remove", "bappeda.kukar", {"reason": "uji", "confirm": "1"},
                                     {"region": "kukar", "membership": "{membership}"}, setup=_membership),
    "unit-declare": Spec("unit-declare", "perencana.tarakan", {
        "unit": "Paket Uji", "same_as": "Paket", "reason": "uji", "scope": "pd"}, {"agency": "dinsospm-tarakan"}),
    "unit-withdraw": Spec("unit-withdraw", "perencana.tarakan", {"reason": "uji"},
                          {"agency": "dinsospm-tarakan", "declaration": "{declaration}"}, setup=_declaration),
}

FILES = {  # name → (file name, content): the valid file of a file field
    "tabel.tsv": ("tabel.tsv", VERIFY_TSV.encode()),
    "rencana.tsv": ("rencana.tsv", PLAN_TSV.encode()),
}
BAD_FILES = (
    ("kosong.xlsx", b""),
    ("rusak.xlsx", b"PK\x03\x04" + b"\x00" * 64),
    ("teks.tsv", "Kode\tNama\n1\t\udcff".encode("utf-8", "surrogateescape")),
    ("utf16.tsv", PLAN_TSV.encode("utf-16")),
    ("nul\x00.tsv", b"a\tb\n"),
    ("x" * 300 + ".tsv", b"a\tb\n"),
    ("²", b"\xff\xfe\x00"),
)

# -- sending and checking -----------------------------------------------------------------------------------------

FIGURES = {"endpoints": set(), "requests": 0, "5xx": [], "changed": []}


@pytest.fixture(scope="module", autouse=True)
def figures(request):
    yield
    line = (f"form fuzz: {len(FIGURES['endpoints'])} endpoints fuzzed, {FIGURES['requests']} requests sent, "
            f"{len(FIGURES['5xx'])} answered 5xx, {len(FIGURES['changed'])} refused requests changed tables "
            f"({', '.join(sorted({t for _r, tables in FIGURES['changed'] for t in tables})) or 'none'})")
    lines = [line, *(f"  5xx: {what}" for what in FIGURES["5xx"]),
             *(f"  changed {', '.join(tables)}: {what}" for what, tables in FIGURES["changed"])]
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n" + "\n".join(lines))


def table_digests() -> dict[str, int]:
    """A digest per table of every model (sessions and axes aside): its rows ordered by pk, every value hashed. Read
    with plain SQL, one query per table, to keep a digest per request cheap; compared within one run only."""
    out = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            meta = model._meta
            if meta.proxy or meta.app_label in UNCOMPARED_APPS:
                continue
            quote = connection.ops.quote_name
            cursor.execute(f"SELECT * FROM {quote(meta.db_table)} ORDER BY {quote(meta.pk.column)}")  # noqa: S608
            out[meta.db_table] = hash(tuple(_hashable(row) for row in cursor.fetchall()))
    return out


def _hashable(row: tuple) -> tuple:
    """The row's values, binary ones as bytes; all as their repr where one is not hashable (a decoded JSON value)."""
    values = tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
    try:
        hash(values)
    except TypeError:
        return tuple(repr(v) for v in values)
    return values


@dataclass
class World:
    spec: Spec
    url: str
    data: dict[str, object]  # the valid request: key → value
    labels: dict[str, str]  # label → key
    before: dict[str, int] = field(default_factory=dict)


def _fill(text, ctx: dict):
    return text.format(**ctx) if isinstance(text, str) else text


def prepare(client, spec: Spec, monkeypatch) -> World:
    from kinerja.imports import jobs

    monkeypatch.setattr(jobs, "launch", lambda job_id: None)  # an accepted import is queued, not run here
    client.raise_request_exception = False
    ctx = spec.setup()
    user = ctx.pop("user", None) or (get_user_model().objects.get(username=spec.user) if spec.user else None)
    if user is not None:
        client.force_login(user)
    kwargs = {"agency": SCOPES["own-unit"][0]} if "<slug:agency>" in ROUTES[spec.endpoint][0] else {}
    url = reverse(spec.endpoint, kwargs=kwargs | {k: _fill(v, ctx) for k, v in spec.kwargs.items()})
    if spec.prime:
        client.get(ctx.get("prime_url", url))
    ctx = {k: v() if callable(v) else v for k, v in ctx.items()}
    labels = {label: _fill(label, ctx) for label in spec.fields}
    data = {labels[label]: _file(value) if label in spec.files else _fill(value, ctx)
            for label, value in spec.fields.items()}
    return World(spec, url, data, labels, table_digests())


def _file(name: str) -> SimpleUploadedFile:
    file_name, content = FILES[name]
    return SimpleUploadedFile(file_name, content)


def _fresh(data: dict) -> dict:
    """The request's fields with new file objects (an upload is read once)."""
    return {k: SimpleUploadedFile(v.name, v.file.getvalue()) if isinstance(v, SimpleUploadedFile) else v
            for k, v in data.items()}


def accepted(world: World, response) -> bool:
    """Whether the request was accepted: a success (or info) message added by this request, or for the views that
    say nothing, their redirect. A 4xx or 5xx is never an acceptance, whatever was said before it."""
    if response.status_code >= 400:
        return False
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    return any(message.level in (SUCCESS, INFO) for message in queued) or (
        world.spec.redirect_accepts and response.status_code == 302)


@dataclass
class Outcome:
    status: int
    accepted: bool
    changed: tuple[str, ...]


def send(client, world: World, data: dict | None = None, *, body: bytes | None = None,
         content_type: str = URLENCODED) -> Outcome:
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = _post(client, world, data, body=body, content_type=content_type)
        ok = accepted(world, response)
        try:
            after = {} if ok else table_digests()
        except DatabaseError as exc:  # a database error left the transaction unusable
            after = {"(transaction aborted)": str(exc)}
        transaction.set_rollback(True)
    client.cookies = cookies
    changed = tuple(sorted(t for t in set(after) | set(world.before) if after and after.get(t) != world.before.get(t)
                           and t not in world.spec.own_tables))
    FIGURES["endpoints"].add(world.spec.endpoint)
    FIGURES["requests"] += 1
    return Outcome(response.status_code, ok, changed)


def _post(client, world: World, data: dict | None, *, body: bytes | None = None, content_type: str = URLENCODED):
    """POST the fields (urlencoded as a browser sends a form, multipart where the form uploads), or a raw body."""
    client.cookies.pop("messages", None)
    if body is not None:
        return client.generic("POST", world.url, body, content_type=content_type)
    if world.spec.multipart:
        return client.post(world.url, _fresh(data))
    return client.generic("POST", world.url, urlencode(data, doseq=True), content_type=URLENCODED)


def problems_of(outcome: Outcome, what: str) -> list[str]:
    problems = []
    if outcome.status >= 500:
        problems.append(f"{what}: answered {outcome.status}")
        FIGURES["5xx"].append(what)
    if outcome.changed:
        problems.append(f"{what}: refused ({outcome.status}) but changed {', '.join(outcome.changed)}")
        FIGURES["changed"].append((what, outcome.changed))
    return problems


def _short(value) -> str:
    if value is MISSING:
        return "(missing)"
    if isinstance(value, SimpleUploadedFile):
        return f"file {value.name[:40]!r}"
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:30]}…({len(value)} chars)"


def malformed(label: str) -> list[object]:
    start = zlib.crc32(label.encode()) % len(EXTRA)
    return [*CORE, EXTRA[start], EXTRA[(start + 7) % len(EXTRA)]]


def mutations(world: World, label: str):
    """(description, request fields) with one field malformed, missing or sent twice."""
    key = world.labels[label]
    values = [SimpleUploadedFile(name, content) for name, content in BAD_FILES] if label in world.spec.files \
        else malformed(label)
    for value in [*values, MISSING, DUPLICATE]:
        data = dict(world.data)
        if value is MISSING:
            del data[key]
        elif value is DUPLICATE:
            data[key] = [world.data[key], "²"]
        else:
            data[key] = value
        shown = "(twice, then '²')" if value is DUPLICATE else _short(value)
        yield f"POST {world.url} {key}={shown}", data


# -- the tests ----------------------------------------------------------------------------------------------------

def test_every_post_endpoint_is_fuzzed():
    covered = {spec.endpoint for spec in SPECS.values()}
    assert [name for name in POST_ENDPOINTS if name not in covered] == []
    assert [name for name in covered if name not in POST_ENDPOINTS] == []


@pytest.mark.parametrize("variant", sorted(SPECS))
def test_the_valid_request_is_accepted(client, db, monkeypatch, variant):
    """So that the malformed requests below reach the form and the service, not a 403 or a 404."""
    world = prepare(client, SPECS[variant], monkeypatch)
    status, ok = _valid(client, world)
    assert status < 400 and ok, (variant, status)


def _valid(client, world: World) -> tuple[int, bool]:
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = _post(client, world, world.data)
        ok = response.status_code == world.spec.valid_status if world.spec.valid_status else accepted(world, response)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response.status_code, ok


FIELD_CASES = [pytest.param(variant, label, id=f"{variant}-{label}")
               for variant, spec in sorted(SPECS.items()) for label in spec.fields]


@pytest.mark.parametrize(("variant", "label"), FIELD_CASES)
def test_a_malformed_field_is_refused_cleanly(client, db, monkeypatch, variant, label):
    world = prepare(client, SPECS[variant], monkeypatch)
    problems = []
    for what, data in mutations(world, label):
        problems += problems_of(send(client, world, data), what)
    assert not problems, "\n".join(problems)


def _body_utf16(world: World, charset: bool) -> tuple[bytes, str]:
    body = urlencode(_text_fields(world), doseq=True).encode("utf-16")
    return body, URLENCODED + ("; charset=utf-16" if charset else "")


def _text_fields(world: World) -> dict:
    return {k: v for k, v in world.data.items() if not isinstance(v, SimpleUploadedFile)}


def _body_bad_utf8(world: World) -> tuple[bytes, str]:
    parts = [f"{k}=".encode() + str(v).encode() + b"\xff\xfe\xc3(" for k, v in _text_fields(world).items()]
    return b"&".join(parts), URLENCODED


def _body_multipart_utf16(world: World) -> tuple[bytes, str]:
    boundary = "fuzzbatas"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
             for k, v in _text_fields(world).items()]
    body = ("".join(parts) + f"--{boundary}--\r\n").encode("utf-16")
    return body, f"multipart/form-data; boundary={boundary}; charset=utf-16"


ENCODINGS = {
    "utf-16 declared": lambda world: _body_utf16(world, True),
    "utf-16 undeclared": lambda world: _body_utf16(world, False),
    "invalid utf-8": _body_bad_utf8,
    "multipart utf-16": _body_multipart_utf16,
}
ENCODING_CASES = [pytest.param(variant, encoding, id=f"{variant}-{encoding}")
                  for variant in sorted(SPECS) for encoding in ENCODINGS]


@pytest.mark.parametrize(("variant", "label"), ENCODING_CASES)
def test_a_body_in_a_wrong_encoding_is_refused_cleanly(client, db, monkeypatch, variant, label):
    world = prepare(client, SPECS[variant], monkeypatch)
    body, content_type = ENCODINGS[label](world)
    outcome = send(client, world, body=body, content_type=content_type)
    problems = problems_of(outcome, f"POST {world.url} body {label} ({content_type})")
    if label != "multipart utf-16":  # a urlencoded body that is not UTF-8, declared or not, is refused unread
        assert outcome.status == 400, outcome
    assert not problems, "\n".join(problems)


# -- URL parameters -----------------------------------------------------------------------------------------------

BAD_PARAMS = {
    "year": ("0", "10000", "99999999999999999999", "1999", "2101"),
    "quarter": ("0", "5", "99999999999999999999"),
    "agency": ("tidak-ada",), "region": ("tidak-ada",), "unit": ("tidak-ada",),
    "element": ("99999999999999999999", "0"), "indicator": ("99999999999999999999", "0"),
    "plan": ("99999999999999999999",), "membership": ("99999999999999999999",),
    "realisation": ("99999999999999999999",), "number": ("99999999999999999999", "0"),
}
URL_CASES = sorted(name for name, (route, _p) in ROUTES.items() if set(BAD_PARAMS) & set(re.findall(r"<(?:\w+:)?(\w+)>",
                                                                                                     route)))


def _url(route: str, bad: tuple[str, str] | None) -> str:
    agency, unit = SCOPES["own-unit"]
    values = {**{k: str(v) for k, v in SAMPLE.items()}, "agency": agency, "unit": unit, "region": "kukar",
              "year": "2021", "action": "submit"}
    if bad is not None:
        values[bad[0]] = bad[1]
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: values[match.group(1)], route)


@pytest.mark.parametrize("name", URL_CASES)
def test_url_parameters_out_of_range_answer_404(client, db, name):
    route, pattern = ROUTES[name]
    username = "bappeda.kukar" if "<slug:region>" in route else "perencana.kukar"
    client.force_login(get_user_model().objects.get(username=username))
    client.raise_request_exception = False
    method = "GET" if "GET" in allowed_methods(pattern.callback) else "POST"
    answers = {}
    for param in re.findall(r"<(?:\w+:)?(\w+)>", route):
        for value in BAD_PARAMS.get(param, ()):
            url = _url(route, (param, value))
            with transaction.atomic():
                answers[url] = client.generic(method, url).status_code
                transaction.set_rollback(True)
            FIGURES["requests"] += 1
    wrong = [f"{method} {url}: {status}" for url, status in answers.items() if status != 404]
    assert not wrong, "\n".join(wrong)


# -- the findings, one by one -------------------------------------------------------------------------------------

@pytest.fixture
def planner(client, db):
    client.force_login(get_user_model().objects.get(username="perencana.kukar"))
    client.raise_request_exception = False
    return client


def test_a_malformed_element_on_the_revision_page_creates_no_perubahan(planner):
    """Finding 5: the perubahan was created, then the page answered 500; a retry created a second one."""
    revisions = m.Revision.objects.count()
    for _attempt in range(2):
        response = planner.post(reverse("revision-create", args=["dinsos-kukar", 2021]),
                                {"reason": "Perkada 7/2021", "element": "²"})
        assert response.status_code < 500
    assert m.Revision.objects.count() == revisions


@pytest.mark.parametrize("pagu", ["1" + "0" * 18, "9" * 19, "9" * 30, str(10**30)])
def test_an_oversized_pagu_is_refused_and_the_page_still_opens(planner, pagu):
    """Finding 5: an oversized pagu was saved, then the page answered 500."""
    ctx = _element()
    url = reverse("element-values", args=["dinsos-kukar", ctx["element"], 2021])
    before = table_digests()
    response = planner.post(url, {"section": "renja", "pagu": pagu, "ver-pagu": ctx["pagu_version"], "reason": "uji"})
    assert response.status_code == 200 and table_digests() == before
    assert planner.get(url).status_code == 200


@pytest.mark.parametrize(("field", "value"), [("version", "abc"), ("version", "²"), ("version", str(10**30))])
def test_a_non_numeric_version_is_refused(planner, field, value):
    """Finding 6: int('²') raised although '²'.isdigit() is True."""
    ctx = _element()
    before = table_digests()
    response = planner.post(reverse("element-edit", args=["dinsos-kukar", ctx["element"]]),
                            {"name": "Baru", "code": ctx["code"], "unit": ctx["unit"], field: value})
    assert response.status_code == 200 and table_digests() == before


@pytest.mark.parametrize("year", ["0", "10000", "99999999999999999999"])
def test_a_realisation_url_with_a_year_out_of_range_is_404(planner, year):
    """Finding 6: year 0 and 10000 reached the deadline's date arithmetic."""
    assert planner.get(f"/pd/dinsos-kukar/realisasi/{year}/tw1/").status_code == 404
    assert planner.get(f"/pd/dinsos-kukar/realisasi/{year}/tw1/rehsos/").status_code == 404


@pytest.mark.parametrize(("lang", "expected"), [("id", "Permintaan tidak dapat dibaca"),
                                                ("en", "The request could not be read")])
def test_a_body_the_server_cannot_decode_is_400_in_the_pages_language(planner, lang, expected):
    """Finding 6: a UTF-16 form body answered 500."""
    planner.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    revisions = m.Revision.objects.count()
    response = planner.generic("POST", reverse("revision-create", args=["dinsos-kukar", 2021]),
                               "reason=uji&element=1".encode("utf-16"), content_type=URLENCODED + "; charset=utf-16")
    assert response.status_code == 400 and expected in response.content.decode()
    assert m.Revision.objects.count() == revisions


def test_the_digest_sees_an_update_in_place(db):
    before = table_digests()
    m.Target.objects.filter(pk=m.Target.objects.order_by("pk").values("pk")[:1]).update(text="ubah")
    # The agency's data version moves with it, in the same statement (database triggers).
    changed = {table for table, crc in table_digests().items() if before[table] != crc}
    assert changed == {"plan_target", "dataversion_agencydataversion"}
