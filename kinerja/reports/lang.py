"""The language reports are written in: Indonesian unless English is active."""

from django.utils.translation import get_language


def current_lang() -> str:
    return "en" if (get_language() or "id").lower().startswith("en") else "id"
