"""Model fields that keep every value exactly as entered, on SQLite as on PostgreSQL."""

from __future__ import annotations

from decimal import Context, Decimal

from django.db import models

from kinerja.engine import Bounds


class ExactDecimalField(models.DecimalField):
    """A decimal column that reads back exactly what was written, on both databases.

    SQLite has no decimal type: a column declared ``decimal`` has NUMERIC affinity and keeps a value of more than
    15 significant digits as a binary float, so Rp 12.345.678.901.234,56 read back as …,60 and eighteen 9s as
    1E+18, which no longer fits the field. There the column is TEXT holding the value's canonical digits
    (``format(value, "f")`` at the field's places), so anything inside the field's limits reads back identical.
    PostgreSQL keeps ``numeric(max_digits, decimal_places)`` as Django's DecimalField does.

    No database arithmetic or ordering is done on these columns (the rules run in Python on Decimals); a text
    column would order and sum them wrongly on SQLite, so keep it that way.
    """

    def __init__(self, *args, negative: bool = True, **kwargs):
        self.negative = negative
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        if not self.negative:
            kwargs["negative"] = False
        return name, "kinerja.plan.fields.ExactDecimalField", args, kwargs

    @property
    def bounds(self) -> Bounds:
        return Bounds.of_column(self.max_digits, self.decimal_places, negative=self.negative)

    def get_internal_type(self) -> str:
        # Not "DecimalField": Django's SQLite backend would convert each stored text as if it were a float.
        return "ExactDecimalField"

    def db_type(self, connection) -> str:
        if connection.vendor == "sqlite":
            return "text"
        return connection.data_types["DecimalField"] % self.db_type_parameters(connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if value is None or connection.vendor != "sqlite":
            return value
        return format(value.quantize(Decimal(1).scaleb(-self.decimal_places), context=self.context), "f")

    def from_db_value(self, value, expression, connection):
        return stored_decimal(value, self.decimal_places)


def stored_decimal(value, places: int) -> Decimal | None:
    """A value as SQLite returns it, as the Decimal that was stored: canonical text as written by the field, or
    what a raw insert left (a float from before the column became text, an int, ``1.5E+3``)."""
    if value is None:
        return None
    if isinstance(value, str) and len(value) > places and value[-places - 1] == ".":
        return Decimal(value)  # as the field writes it: the common case, kept fast for reports reading thousands
    if isinstance(value, float):
        value = Context(prec=15).create_decimal_from_float(value)
    number = Decimal(value)
    return Decimal(format(number, "f")).quantize(Decimal(1).scaleb(-places), context=Context(prec=60))
