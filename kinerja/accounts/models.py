"""Who may see and change what: a user's roles, per region, agency and unit."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN_PEMDA = "admin_pemda", _("Admin Pemda (Bappeda)")
    PERENCANA = "perencana", _("Perencana (Sub Bagian Program)")
    OPERATOR = "operator", _("Operator unit")
    KEPALA = "kepala", _("Kepala Dinas")
    PEMERIKSA = "pemeriksa", _("Pemeriksa (Inspektorat)")


class Membership(models.Model):
    """Keanggotaan: a user's role in a region (admin pemda), an agency, or one unit of it (operator)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    region = models.ForeignKey("plan.Region", on_delete=models.PROTECT, null=True, blank=True)
    agency = models.ForeignKey("plan.Agency", on_delete=models.PROTECT, null=True, blank=True)
    unit = models.ForeignKey("plan.Unit", on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="admin_pemda", region__isnull=False, agency__isnull=True)
                           | (~Q(role="admin_pemda") & Q(agency__isnull=False))),
                name="membership_scope_matches_role",
            ),
            models.CheckConstraint(
                condition=~Q(role="operator") | Q(unit__isnull=False), name="operator_has_unit",
            ),
        ]
        verbose_name = _("Keanggotaan")
        verbose_name_plural = _("Keanggotaan")

    def __str__(self) -> str:
        scope = self.unit or self.agency or self.region
        return f"{self.user} — {self.get_role_display()} — {scope}"

    @staticmethod
    def agencies_visible_to(user):
        """Primary keys of the agencies a user may read (a queryset, for use in a subquery)."""
        from kinerja.plan.models import Agency

        if not user.is_authenticated:
            return Agency.objects.none().values("pk")
        if user.is_superuser:
            return Agency.objects.values("pk")
        memberships = Membership.objects.filter(user=user)
        return Agency.objects.filter(
            Q(pk__in=memberships.values("agency")) | Q(region__in=memberships.values("region"))
        ).values("pk")
