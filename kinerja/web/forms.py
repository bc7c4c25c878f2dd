"""Forms of the web app: they validate shapes; the services in plan/ and realisation/ decide and save."""

from django import forms

from kinerja.plan import models as m
from kinerja.plan.services import INDICATOR_FIELDS


class IndicatorForm(forms.ModelForm):
    """Indikator kinerja and every attribute it carries."""

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


class AgencyForm(forms.ModelForm):
    """Perangkat daerah of the region."""

    class Meta:
        model = m.Agency
        fields = ("slug", "name", "short_name", "address", "head_name", "head_rank", "head_nip", "evaluation_layout")


class UnitForm(forms.ModelForm):
    class Meta:
        model = m.Unit
        fields = ("agency", "key", "name", "kind")

    def __init__(self, *args, region: m.Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = region.agencies.all()


class StrategicPlanForm(forms.ModelForm):
    class Meta:
        model = m.StrategicPlan
        fields = ("agency", "key", "name", "first_year", "last_year", "code_scheme")

    def __init__(self, *args, region: m.Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = region.agencies.all()

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and not (first <= last <= first + 5):
            raise forms.ValidationError("Periode Renstra: tahun akhir tidak sebelum tahun awal, paling lama 6 tahun")
        agency = cleaned.get("agency")
        if agency and first and last and agency.strategic_plans.filter(first_year__lte=last,
                                                                        last_year__gte=first).exists():
            raise forms.ValidationError("Periode ini tumpang tindih dengan Renstra lain perangkat daerah yang sama")
        return cleaned


class ScaleForm(forms.Form):
    """An ordered category scale (e.g. kategori kelurahan): labels lowest first, one per line."""

    agency = forms.ModelChoiceField(queryset=m.Agency.objects.none())
    key = forms.SlugField()
    name = forms.CharField(max_length=200)
    categories = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text="Satu kategori per baris, dari yang terendah")

    def __init__(self, *args, region: m.Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = region.agencies.all()

    def clean_categories(self):
        labels = [" ".join(line.split()) for line in self.cleaned_data["categories"].splitlines() if line.strip()]
        if len(labels) < 2:
            raise forms.ValidationError("Skala memerlukan sedikitnya dua kategori")
        if len({label.casefold() for label in labels}) != len(labels):
            raise forms.ValidationError("Kategori tidak boleh berulang")
        return labels
