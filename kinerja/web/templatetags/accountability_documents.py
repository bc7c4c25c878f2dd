"""``{% accountability_documents agency as documents %}``: the LKjIP, Perjanjian Kinerja and IKU of the agency, with
the years that have data (REPORTS.md §G–§I)."""

from django import template

register = template.Library()


@register.simple_tag
def accountability_documents(agency):
    from kinerja.web.accountability import available

    return available(agency)
