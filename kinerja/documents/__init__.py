"""Whole documents — the Renja and the LKjIP — assembled from the catalog's tables and the stored narrative.

``spec`` says what each document holds, chapter by chapter, naming the catalog tables by their report names;
``content`` gathers them (a table not yet in the catalog, or that cannot be built, becomes a note in its place);
``docx`` writes the DOCX with python-docx; ``pdf`` makes the PDF from it with LibreOffice and fills the daftar isi
with the page numbers LibreOffice laid out; ``issue`` freezes a document as issued and compares it with today's
data. Nothing here computes a figure: every number comes from a catalog table, by the rules.
"""
