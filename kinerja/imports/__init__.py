"""Importing plans, targets, pagu and realisations from XLSX, CSV/TSV or a table pasted from Word or Excel.

``reading`` turns a file into rows with their positions (pure Python, no Django); ``snapshot`` holds what is
stored as plain values and ``matching`` compares the rows with it, listing what would change (pure as well);
``state`` takes that snapshot from the database; ``services`` applies a preview in one transaction with an audit
entry per change; ``jobs`` runs a web import in the background; ``views`` are the pages under /pd/<agency>/impor/
and ``command`` is ``kinerja import``. See docs/import.md.
"""
