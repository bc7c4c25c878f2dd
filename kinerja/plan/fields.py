"""Model fields that keep every value exactly as entered, on SQLite as on PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

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
        if value is None or isinstance(value, Decimal):
            return value
        if isinstance(value, float):  # a row written before the column became text
            return self.context.create_decimal_from_float(value).quantize(Decimal(1).scaleb(-self.decimal_places))
        return Decimal(value)
