"""``{% import_links agency as links %}``: the import pages the current user may open for an agency."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from kinerja.accounts.permissions import Capability, can, units_for

register = template.Library()


@register.simple_tag(takes_context=True)
def import_links(context, agency) -> list[tuple[str, str]]:
    user = context["request"].user
    links = []
    if can(user, Capability.EDIT_PLAN, agency):
        links.append((reverse("import-plan", args=[agency.slug]), _("Impor rencana (target, pagu)")))
    if units_for(user, Capability.ENTER_REALISATION, agency):
        links.append((reverse("import-realisation", args=[agency.slug]), _("Impor realisasi")))
    return links
