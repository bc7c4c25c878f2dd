"""Forms of the web app: they validate shapes; the services in plan/ and realisation/ decide and save.

Every POST goes through one: a field the page sends hidden (a version, an id) is a whole number within its column,
text is bounded and free of NUL characters, so a malformed request is refused before anything is written.
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.models import Role
from kinerja.engine import NumberFormatError, NumberKind, read_number
from kinerja.plan import models as m
from kinerja.plan.services import INDICATOR_FIELDS
from kinerja.reports.lang import current_lang

VERSION_MAX = 2_147_483_647  # PositiveIntegerField on PostgreSQL
ID_MAX = 9_223_372_036_854_775_807  # BigAutoField
REASON_MAX = 2_000
NAME_MAX = 2_000
NARRATIVE_MAX = 200_000


def version_field(*, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=_("versi"), min_value=0, max_value=VERSION_MAX, required=required)


def id_field(label, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, max_value=ID_MAX, required=required)


def reason_field() -> forms.CharField:
    return forms.CharField(label=_("alasan"), max_length=REASON_MAX, required=False)


def describe_errors(form: forms.Form) -> str:
    """The form's errors in one line, each after its field's label (a hidden field has no place to show its own)."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field is not None and field.label else name
        parts.append(f"{label}: {' '.join(errors)}")
    return "; ".join(parts)


def refuse(request, form: forms.Form) -> dict[str, str]:
    """A form that did not validate: nothing is written. Its errors in a message (all of them: a hidden field has no
    place of its own on the page), and per field for the page to show beside each."""
    messages.error(request, gettext("Tidak ada yang disimpan: %(errors)s") % {"errors": describe_errors(form)})
    return {name: " ".join(errors) for name, errors in form.errors.items()}


CHOOSE = _("— pilih —")


def label_empty_choices(form: forms.BaseForm) -> None:
    """The empty choice of each select says what to do ("— pilih —"), not Django's "---------"."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = CHOOSE
        elif isinstance(field, forms.ChoiceField):
            field.choices = [(value, CHOOSE if value == "" and str(label).startswith("---") else label)
                             for value, label in field.choices]


class LoginForm(AuthenticationForm):
    """Django's login form with the username's length checked as a field (Django sets only the widget's maxlength):
    an overlong username is refused before it reaches authenticate() and the lockout's record of the attempt."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class VersionedForm(forms.Form):
    """An edit of a stored record: the version the page was shown with, and why it changes."""

    version = version_field()
    reason = reason_field()


class ElementForm(VersionedForm):
    """An element's attributes (the service checks the code against the level and the unit against the agency)."""

    name = forms.CharField(label=_("nama"), max_length=NAME_MAX, required=False)
    code = forms.CharField(label=_("kode"), max_length=60, required=False)
    unit = forms.CharField(label=_("unit"), max_length=50, required=False)


class ElementCreateForm(forms.Form):
    parent = id_field(_("unsur induk"), required=False)
    name = forms.CharField(label=_("nama"), max_length=NAME_MAX, required=False)
    code = forms.CharField(label=_("kode"), max_length=60, required=False)
    unit = forms.CharField(label=_("unit"), max_length=50, required=False)
    reason = reason_field()


class RevisionForm(forms.Form):
    """A Renja perubahan: why, and the element whose page it was started from (where to go back)."""

    reason = reason_field()
    element = id_field(_("unsur rencana"), required=False)


class NarrativeForm(forms.Form):
    section = forms.CharField(label=_("bagian"), max_length=40)
    text = forms.CharField(label=_("teks"), max_length=NARRATIVE_MAX, required=False)
    based_on = forms.IntegerField(label=_("versi"), min_value=0, max_value=VERSION_MAX, required=False)
    reason = reason_field()


class ValuesForm(forms.Form):
    """One year's targets of an element's indicators and its pagu, each with the version it was shown with (0: none
    stored yet). The text of a target or pagu is read by the service (plan.values), which knows its column."""

    section = forms.ChoiceField(label=_("bagian"), choices=[("renja", "renja"), ("forward", "forward")],
                                required=False)
    pagu = forms.CharField(label=_("pagu"), max_length=200, required=False)
    reason = reason_field()

    def __init__(self, data, *, indicators):
        super().__init__(data)
        self.indicator_ids = [ind.pk for ind in indicators]
        for pk in self.indicator_ids:
            self.fields[f"target-{pk}"] = forms.CharField(label=_("target"), max_length=200, required=False)
            self.fields[f"ver-target-{pk}"] = version_field(required=False)
        self.fields["ver-pagu"] = version_field(required=False)

    def clean_section(self) -> str:
        return self.cleaned_data["section"] or "renja"

    def posted_section(self) -> str:
        """The section the form was sent from, where its errors are shown ("renja" when not a known one)."""
        self.is_valid()
        return self.cleaned_data.get("section") or "renja"

    def posted_targets(self) -> dict[int, str]:
        """The targets sent (a target left out of the request is left as it is)."""
        return {pk: self.cleaned_data[f"target-{pk}"] for pk in self.indicator_ids if f"target-{pk}" in self.data}

    def posted_pagu(self) -> str | None:
        return self.cleaned_data["pagu"] if "pagu" in self.data else None

    def versions(self) -> dict[str, int]:
        return {name[4:]: value for name, value in self.cleaned_data.items()
                if name.startswith("ver-") and value is not None}


class IssueForm(forms.Form):
    lampiran = forms.ChoiceField(label=_("lampiran"), choices=[("", ""), ("1", "1")], required=False)


class MemberForm(forms.Form):
    """A user added to one of the region's agencies: the agency among the region's, the unit among the chosen
    agency's (an operator needs one). Bound to the POST, so a refused form shows again with every value entered."""

    username = forms.RegexField(label=_("Nama pengguna"), regex=r"^[\w.-]+\Z", max_length=150,
                                help_text=_("Huruf, angka, titik, garis bawah atau tanda hubung, mis. "
                                            "operator.rehsos.kukar."),
                                error_messages={"invalid": _(
                                    "hanya huruf, angka, titik, garis bawah atau tanda hubung")})
    name = forms.CharField(label=_("Nama lengkap"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Peran"), choices=[(value, label) for value, label in Role.choices
                                                        if value != Role.ADMIN_PEMDA],
                             error_messages={"invalid_choice": _(
                                 "pilih peran (admin pemda ditetapkan oleh pengelola sistem)")})
    agency = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=m.Agency.objects.none(),
                                    to_field_name="slug", empty_label=None,
                                    error_messages={"invalid_choice": _("pilih perangkat daerah wilayah ini")})
    unit = forms.ChoiceField(label=_("Unit (untuk operator)"), required=False,
                             error_messages={"invalid_choice": _("pilih unit dari daftar")})
    reason = forms.CharField(label=_("Alasan"), max_length=REASON_MAX, required=False)

    def __init__(self, *args, region: m.Region, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = list(region.agencies.prefetch_related("units").order_by("name"))
        self.fields["agency"].queryset = region.agencies.order_by("name")
        self.fields["unit"].choices = [("", "—")] + [
            (agency.short_name or agency.name, [(u.key, u.name) for u in agency.units.all()])
            for agency in agencies if agency.units.all()]

    def clean(self):
        cleaned = super().clean()
        agency, key, role = cleaned.get("agency"), cleaned.get("unit"), cleaned.get("role")
        cleaned["unit_obj"] = None
        if agency is not None and key:
            cleaned["unit_obj"] = agency.units.filter(key=key).first()
            if cleaned["unit_obj"] is None:
                self.add_error("unit", _("unit ini bukan bagian dari perangkat daerah yang dipilih"))
        if role == Role.OPERATOR and agency is not None and not key:
            self.add_error("unit", _("operator memerlukan unit"))
        return cleaned


class ReasonForm(forms.Form):
    reason = reason_field()


class RevokeForm(forms.Form):
    """Revoking a membership: why, and ``confirm=1`` once the admin has seen what it does (without it the view only
    shows the confirmation)."""

    reason = forms.CharField(label=_("Alasan"), max_length=REASON_MAX, required=False)
    confirm = forms.ChoiceField(label=_("konfirmasi"), choices=[("", ""), ("1", "1")], required=False)


class LocalDecimalField(forms.CharField):
    """A decimal written as people write it (``100``, ``12,5``) and shown in the page's language so that the text
    reads back to exactly the stored value (``100.0000`` is shown ``100``); refused beyond the column's digits."""

    TEXT_MAX = 60

    def __init__(self, *, max_digits: int, decimal_places: int, min_value: Decimal | None = None, **kwargs):
        super().__init__(**kwargs)
        self.max_digits, self.decimal_places, self.min_value = max_digits, decimal_places, min_value
        self.widget.attrs.update({"inputmode": "decimal", "maxlength": str(self.TEXT_MAX)})

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            from kinerja.web.entry import shown_number

            return shown_number(value, NumberKind.COUNT, current_lang())
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(text) > self.TEXT_MAX:
            raise forms.ValidationError(gettext("terlalu panjang untuk sebuah angka"))
        try:
            reading = read_number(text, NumberKind.COUNT)
        except NumberFormatError as exc:
            raise forms.ValidationError(exc.reason_in(current_lang())) from None
        if reading.unit:
            raise forms.ValidationError(gettext("tulis angkanya saja, tanpa satuan (%(unit)s)") % {
                "unit": reading.unit})
        value = reading.value
        places = max(0, -value.normalize().as_tuple().exponent)
        if places > self.decimal_places:
            raise forms.ValidationError(gettext("paling banyak %(n)s angka di belakang koma") % {
                "n": self.decimal_places})
        if abs(value) >= Decimal(10) ** (self.max_digits - self.decimal_places):
            raise forms.ValidationError(gettext("terlalu besar: paling banyak %(n)s angka sebelum koma") % {
                "n": self.max_digits - self.decimal_places})
        if self.min_value is not None and value < self.min_value:
            raise forms.ValidationError(gettext("harus lebih dari 0") if self.min_value > 0 else
                                        gettext("tidak boleh negatif"))
        return value


class IndicatorForm(forms.ModelForm):
    """Indikator kinerja and every attribute it carries, labelled by the model's (translatable) verbose names; the
    factor shown and read as a number in the page's language."""

    factor = LocalDecimalField(label=_("Faktor pengali rasio"), max_digits=12, decimal_places=4,
                               min_value=Decimal("0.0001"),
                               help_text=_("Rasio = pembilang ÷ penyebut × faktor; 100 untuk persen."))

    class Meta:
        model = m.Indicator
        fields = INDICATOR_FIELDS
        widgets = {"name": forms.Textarea(attrs={"rows": 2}), "formula": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, agency: m.Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = agency.units.all()
        self.fields["unit"].required = True
        self.fields["scale"].queryset = m.CategoryScale.objects.filter(agency__in=[agency, None]) | \
            m.CategoryScale.objects.filter(agency__isnull=True)
        self.fields["aggregation"].required = True
        self.fields["factor"].required = True
        for name in ("name", "formula"):  # text columns without a length of their own: bounded like an element's name
            self.fields[name].max_length = NAME_MAX
            self.fields[name].validators.append(MaxLengthValidator(NAME_MAX))
            self.fields[name].widget.attrs["maxlength"] = str(NAME_MAX)
        label_empty_choices(self)


class AgencyForm(forms.ModelForm):
    """Perangkat daerah of the region."""

    class Meta:
        model = m.Agency
        fields = ("slug", "name", "short_name", "address", "head_name", "head_rank", "head_nip", "evaluation_layout")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_empty_choices(self)


class UnitForm(forms.ModelForm):
    class Meta:
        model = m.Unit
        fields = ("agency", "key", "name", "kind")

    def __init__(self, *args, region: m.Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = region.agencies.all()
        label_empty_choices(self)


class StrategicPlanForm(forms.ModelForm):
    class Meta:
        model = m.StrategicPlan
        fields = ("agency", "key", "name", "first_year", "last_year", "code_scheme")

    def __init__(self, *args, region: m.Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = region.agencies.all()
        label_empty_choices(self)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and not (first <= last <= first + 5):
            raise forms.ValidationError(_("Periode Renstra: tahun akhir tidak sebelum tahun awal, paling lama "
                                          "6 tahun"))
        agency = cleaned.get("agency")
        if agency and first and last and agency.strategic_plans.filter(first_year__lte=last,
                                                                        last_year__gte=first).exists():
            raise forms.ValidationError(_("Periode ini tumpang tindih dengan Renstra lain perangkat daerah yang "
                                          "sama"))
        return cleaned


class ScaleForm(forms.Form):
    """An ordered category scale (e.g. kategori kelurahan): labels lowest first, one per line."""

    agency = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=m.Agency.objects.none())
    key = forms.SlugField(label=_("Kode singkat skala"), max_length=m.CategoryScale._meta.get_field("key").max_length,
                          help_text=_("Huruf kecil, angka dan tanda hubung, mis. kategori-kelurahan."))
    name = forms.CharField(label=_("Nama skala"), max_length=m.CategoryScale._meta.get_field("name").max_length)
    categories = forms.CharField(label=_("Kategori"), widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=_("Satu kategori per baris, dari yang terendah"))

    def __init__(self, *args, region: m.Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = region.agencies.all()
        label_empty_choices(self)

    def clean(self):
        cleaned = super().clean()
        agency, key = cleaned.get("agency"), cleaned.get("key")
        if agency and key and agency.scales.filter(key=key).exists():
            self.add_error("key", _("Skala dengan kode singkat ini sudah ada pada perangkat daerah tersebut"))
        return cleaned

    def clean_categories(self):
        labels = [" ".join(line.split()) for line in self.cleaned_data["categories"].splitlines() if line.strip()]
        if len(labels) < 2:
            raise forms.ValidationError(_("Skala memerlukan sedikitnya dua kategori"))
        if len({label.casefold() for label in labels}) != len(labels):
            raise forms.ValidationError(_("Kategori tidak boleh berulang"))
        return labels
