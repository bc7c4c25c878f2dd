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
