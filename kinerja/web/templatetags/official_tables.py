"""``{% official_tables agency as tables %}``: the official tables of REPORTS.md §C–§F with data for the agency."""

from django import template

register = template.Library()


@register.simple_tag
def official_tables(agency):
    from kinerja.web.tables import available

    return available(agency)
