"""Small helpers for the entry screen's form fields."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from kinerja.engine import format_rupiah
from kinerja.reports.lang import current_lang

register = template.Library()

ACTION_LABELS = {
    "submit": "Ajukan", "verify": "Verifikasi", "approve": "Setujui", "return": "Kembalikan",
    "reopen": "Buka kembali (pengecualian kunci)",
}


@register.simple_tag
def posted_or(posted, prefix, pk, stored):
    """What the user posted for this field (kept after an error), else the stored value."""
    name = f"{prefix}{pk}"
    if posted and name in posted:
        return posted[name]
    if stored is None:
        return ""
    if isinstance(stored, Decimal):
        text = format(stored, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return stored


@register.simple_tag
def field_error(errors, prefix, pk, suffix):
    message = errors.get(f"{prefix}{pk}{suffix}") if errors else None
    return format_html('<span class="field-error" role="alert">{}</span>', message) if message else ""


@register.simple_tag
def action_label(action):
    return _(ACTION_LABELS.get(action, action))


@register.filter
def rupiah(value):
    return format_rupiah(value, current_lang()) if value is not None else "—"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def and_not(value, other):
    """``editable|and_not:row.annual``: the page is open and this line is not held as an annual total."""
    return bool(value) and not other
