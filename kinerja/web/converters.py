"""Path converters of the URL conf: a year in a URL is one the application can hold, else the URL matches nothing.

A year outside FIRST_YEAR–LAST_YEAR (0, 10000, twenty digits) answers 404 before any view runs, so no view meets a
year that a date, a deadline or a database column cannot hold. Registered when this module is imported: the URL
modules import it before they build their patterns.
"""

from django.urls import register_converter

FIRST_YEAR = 2000
LAST_YEAR = 2100


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(f"tahun {year} di luar {FIRST_YEAR}–{LAST_YEAR}")
        return year

    def to_url(self, value) -> str:
        return str(value)


register_converter(YearConverter, "year")
