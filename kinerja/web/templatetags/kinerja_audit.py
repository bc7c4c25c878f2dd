"""The link from a figure to its history in the audit trail, shown only to those who may read the trail."""

from django import template

from kinerja.web.audit import audit_link, audit_url

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_history_url(context, agency, **filters):
    """``{% audit_history_url agency indikator=ind.pk tahun=year triwulan=quarter as url %}``: the trail filtered
    to that figure, or '' when the reader may not follow it (the template then shows no link)."""
    request = context.get("request")
    if request is None:
        return ""
    return audit_link(request.user, agency, **filters)


@register.simple_tag
def audit_trail_url(agency, **filters):
    """``{% audit_trail_url agency indikator=… as url %}``: the filtered trail without asking about the reader, for
    a template that asked once (the entry grid's rows, kept for every reader with the same rights)."""
    return audit_url(agency, **filters)
