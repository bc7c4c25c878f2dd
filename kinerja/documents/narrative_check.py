"""Narrative that agrees with the numbers: figures quoted in a document's narrative against the figures its own
tables compute.

A quoted figure is a percentage ("82,91 %"), a Rupiah amount ("Rp 5.992.262.500", "19,6 miliar") or a count in the
unit of an indicator ("5.188 orang"). It is checked only when the sentence says what it is about: the nearest name
before it (an indicator, a program, a sasaran, a row of the table such as "Rata-rata capaian kinerja"), or one of
the words a document uses for its summary figures ("rata-rata", "capaian kinerja sasaran", "capaian anggaran"); an
indicator's own analysis is about that indicator when no other name comes first. Everything else is left alone:
a wrong finding costs a planner more than a missed one, so the check stays quiet when

- the figure matches nothing the sentence names, or the subject has no computed figure of the same kind;
- the figure equals any computed figure of its subject once that is rounded (half up) to the decimals written —
  "100 %" for 99,72 is a rounding, not a disagreement;
- the sentence speaks of another year than the document's tables (or than a table's own year), the figure is a
  change ("naik 5 %") or said to be approximate ("sekitar 30 %");
- the computed figure it would be compared with is not one single value (a sasaran with several indicators), or
  no word before the figure (target, realisasi, capaian, anggaran …) says which of several it is.

A difference is reported against the table of the narrative's own chapter first, named as the document prints it
("Tabel 3.2 …"), with the row and column. The tables are those the document shows: a report holding several
printed tables (the LKjIP's) counts in a section only with the tables shown there. Headings and words are read in
Indonesian and English, as the tables and drafts come in the document's language.

The check reads a ``DocumentContent`` (today's data) or the snapshot an issued document froze, so the issued
document's appendix lists the findings of the figures it was issued with.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

from kinerja.engine.numbers import NumberFormatError, NumberKind, format_count, format_number, read_number

from .spec import DOCUMENTS

PERCENT, RUPIAH, COUNT = "percent", "rupiah", "count"

# Roles a computed figure can have, read from its column's heading; a quoted figure's role comes from the word
# before it. Only these roles are ever reported: the others (Renstra to date, efisiensi, quarters …) only
# confirm a figure that equals them.
REPORTED_ROLES = {"target", "realisasi", "capaian", "anggaran", "realisasi_anggaran", "capaian_anggaran"}

# Words before a quoted figure that say which of its subject's figures it is; the last one before it wins.
ROLE_WORDS = (
    ("rata-rata", "average"),
    ("ditargetkan", "target"), ("target", "target"),
    ("capaian anggaran", "capaian_anggaran"), ("capaian kinerja anggaran", "capaian_anggaran"),
    ("realisasi anggaran", "realisasi_anggaran"), ("realisasi keuangan", "capaian_anggaran"),
    ("penyerapan", "capaian_anggaran"), ("serapan", "capaian_anggaran"), ("menyerap", "capaian_anggaran"),
    ("capaian", "capaian"),
    ("tercapai", "realisasi"), ("terealisasi", "realisasi"), ("realisasi", "realisasi"),
    ("pagu", "anggaran"), ("alokasi", "anggaran"), ("anggaran", "anggaran"),
    # The same in English, for text written in English (the drafts of an English document).
    ("average", "average"), ("targeted", "target"),
    ("budget achievement", "capaian_anggaran"), ("budget realisation", "realisasi_anggaran"),
    ("absorption", "capaian_anggaran"), ("absorbed", "capaian_anggaran"),
    ("achievement", "capaian"), ("achieved", "realisasi"), ("realised", "realisasi"), ("realized", "realisasi"),
    ("realisation", "realisasi"), ("realization", "realisasi"),
    ("ceiling", "anggaran"), ("allocation", "anggaran"), ("budget", "anggaran"),
)
# A figure right after these is a change or a remainder, not a level the tables hold.
CHANGE_WORDS = ("naik", "turun", "kenaikan", "penurunan", "selisih", "bertambah", "berkurang", "lebih tinggi",
                "lebih rendah", "peningkatan", "meningkat sebesar", "menurun sebesar", "sisa", "efisiensi", "deviasi",
                "increase", "decrease", "rose", "fell", "up by", "down by", "higher", "lower", "remaining",
                "efficiency", "difference", "gap", "unspent")

# A figure right after these is rounded on purpose ("sekitar 30 %"): not compared.
APPROXIMATE_WORDS = ("sekitar", "kurang lebih", "hampir", "lebih dari", "kurang dari", "di atas", "di bawah",
                     "mendekati", "kira-kira", "±", "about", "around", "nearly", "almost", "more than", "less than",
                     "over", "under", "approximately")

# The summary rows of a document's tables (the LKjIP's BAB IV figures, a table's average) and the words a
# narrative uses for them, by the row's key.
SUMMARY_WORDS = {
    "rata-rata": ("rata-rata", "average"),
    "kinerja": ("capaian kinerja sasaran", "capaian sasaran strategis", "perjanjian kinerja",
                "performance agreement", "strategic objectives"),
    "anggaran": ("capaian anggaran", "capaian kinerja anggaran", "realisasi anggaran", "penyerapan anggaran",
                 "serapan anggaran", "budget achievement", "budget absorption"),
    "jumlah": ("pagu indikatif", "kebutuhan dana", "jumlah pagu", "total pagu", "jumlah anggaran", "total anggaran",
               "indicative ceiling", "funding need", "total budget"),
}

# Indonesian thousands ("1.234.567,89"), English thousands ("1,234,567.89"), or one decimal mark at most.
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_FIGURE = re.compile(rf"(?<![\w.,/])(?P<num>{_NUMBER})(?![\d])")
_MAGNITUDE = {"ribu": 3, "rb": 3, "juta": 6, "jt": 6, "miliar": 9, "milyar": 9, "m": 9, "triliun": 12, "t": 12,
              "thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_AFTER_RUPIAH = re.compile(r"\s*(?:,-)?\s*(?P<mag>ribu|rb|juta|jt|miliar|milyar|triliun|thousand|million|billion|"
                           r"trillion|M|T)?\b", re.IGNORECASE)
_AFTER_MAGNITUDE = re.compile(r"\s+(?P<mag>juta|miliar|milyar|triliun|million|billion|trillion)\b", re.IGNORECASE)
_PERCENT_AFTER = re.compile(r"\s*(?:%|persen\b)", re.IGNORECASE)
_RUPIAH_BEFORE = re.compile(r"\bRp\.?\s*$", re.IGNORECASE)
_WORD_AFTER = re.compile(r"\s+(?P<word>[^\W\d_][\w/]*)")
_WORD_BEFORE = re.compile(r"(?P<word>[^\W\d_][\w/]*)\s+$")
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d.,]\d)")
# Sentence ends; a list item "1)" starts a new sentence too. "Rp." and "No." are no ends.
_SENTENCE_END = re.compile(r"(?<!\bRp)(?<!\bNo)[.!?;:]\s+|\s+(?=\d{1,2}\)\s)|\n+")


@dataclass
class Place:
    """Where a computed figure stands: the document's section and table, the row and the column."""

    table: str
    row: str
    column: str
    order: tuple[int, int]  # table, block: the first place a subject's figure stands is its primary one
    chapter: int = -1  # the document's chapter the table stands in


@dataclass
class Computed:
    value: Decimal
    kind: str
    role: str
    unit: str
    printed: str | None
    place: Place
    years: frozenset[int] = frozenset()  # the years its column heading names ("Realisasi capaian 2023")
    block_years: frozenset[int] = frozenset()  # the years its table's title names ("… Tahun Sebelumnya (2022)")


@dataclass
class Row:
    names: list[str]
    label: str
    figures: list[Computed] = field(default_factory=list)
    summary: str | None = None  # a SUMMARY_WORDS key


@dataclass
class Finding:
    """A figure a narrative quotes that differs from the figure the document's tables compute."""

    document: str
    year: int
    section: str
    section_label: str
    indicator: str
    sentence: str
    quoted: str
    computed: str
    table: str
    row: str
    column: str
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Quoted:
    text: str
    value: Decimal
    quantum: Decimal
    kind: str
    start: int
    end: int
    unit_word: str = ""


# -- the computed figures ------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[“”\"()]", " ", str(text)).casefold().split())


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool) or isinstance(value, dict | list):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _is_percent_unit(unit: str) -> bool:
    return _norm(unit) in {"%", "persen", "persentase"}


def _role(heading: str, kind: str) -> str:
    """A column's role from its heading, in Indonesian or English (the tables are built in the document's
    language)."""
    text = " ".join(heading.casefold().split())
    if "renstra" in text:
        return "renstra"
    if "efisiensi" in text or "efficiency" in text:
        return "efisiensi"
    if re.search(r"\btw\b|triwulan|\bq[1-4]\b|quarter", text):
        return "triwulan"
    if kind == RUPIAH:
        if "sisa" in text or "remaining" in text:
            return "sisa"
        return "realisasi_anggaran" if "realisasi" in text or "realis" in text else "anggaran"
    performance = "kinerja" in text or "performance" in text
    if ("realisasi (%" in text or "realisation (%" in text) and not performance:
        return "capaian_anggaran"
    if "realisasi anggaran" in text or "budget realis" in text:
        return "capaian_anggaran"
    if "achievement realis" in text:
        return "realisasi"
    if ("tingkat capaian" in text or text.startswith("capaian") or "persentase realisasi" in text
            or "achievement" in text or "realisation (%" in text or "realisasi (%" in text):
        return "capaian"
    if "target" in text:
        return "target"
    if "realisasi" in text or "realis" in text:
        return "realisasi"
    return "other"


def _columns(block: dict) -> dict[str, dict]:
    return {str(c.get("number")): c for c in block.get("columns", []) or [] if isinstance(c, dict)}


def _row_unit(row: dict, columns: dict[str, dict]) -> str:
    for key in ("unit", "satuan"):
        if isinstance(row.get(key), str) and row[key].strip():
            return row[key].strip()
    cells = row.get("cells") or {}
    for number, column in columns.items():
        if _norm(column.get("label", "")) in {"satuan", "unit"} and isinstance(cells.get(number), str):
            return cells[number]
    return ""


def _names(row: dict, columns: dict[str, dict]) -> list[str]:
    names = [row.get("indicator"), row.get("name")]
    cells = row.get("cells") if isinstance(row.get("cells"), dict) else {}
    level = str(row.get("level") or row.get("kind") or "")
    for number, column in columns.items():
        heading = _norm(column.get("label", ""))
        text = cells.get(number)
        if not isinstance(text, str):
            continue
        # A program row names its program, a sasaran row its sasaran; a sasaran printed beside a program's
        # budget is not the program's name.
        if level in {"program", "kegiatan", "subkegiatan", "sub_kegiatan"} and heading.startswith("program"):
            names.append(text)
        if level == "sasaran" and heading.startswith(("sasaran", "strategic objective", "objective")):
            names.append(text)
    out = []
    for name in names:
        if isinstance(name, str):
            clean = _norm(name)
            if len(clean) >= 6 and clean not in out:
                out.append(clean)
    return out


def _printed(row: dict, number: str, measure: str) -> str | None:
    printed = row.get("printed")
    if not isinstance(printed, dict):
        return None
    value = printed.get(number)
    if isinstance(value, dict):
        value = value.get(measure)
    return value if isinstance(value, str) else None


def _row_label(row: dict, columns: dict[str, dict]) -> str:
    cells = row.get("cells") if isinstance(row.get("cells"), dict) else {}
    parts = [row.get("code"), row.get("name"), row.get("indicator")]
    label = " — ".join(str(p).strip() for p in parts if isinstance(p, str) and p.strip())
    if label:
        return label
    first = next((cells[n] for n in sorted(cells, key=_column_order) if isinstance(cells.get(n), str)
                  and _decimal(cells[n]) is None), None)
    return str(first or row.get("key") or "")


def _column_order(number: str):
    return (0, int(number), "") if str(number).isdigit() else (1, 0, str(number))


def _heading(column: dict) -> str:
    return " ".join(str(x) for x in (column.get("group"), column.get("label")) if x)


def computed_rows(tables: list[dict], kind: str, lang: str) -> list[Row]:
    """Every row of the tables the document shows, with its figures, kind (percent, Rupiah, count) and role. A
    report holding several printed tables (the LKjIP's) counts in each section only with the tables shown there,
    each named by its printed number and title."""
    from .writer import blocks

    spec = DOCUMENTS.get(kind)
    items = spec.tables() if spec else []
    titles = _section_titles(kind, lang)
    rows: list[Row] = []
    for table_index, table in enumerate(tables):
        data = table.get("data")
        if table.get("status") != "ok" or not isinstance(data, dict):
            continue
        section = table.get("section", "")
        item = items[table_index][1] if table_index < len(items) and items[table_index][0] == section \
            and items[table_index][1].report == table.get("report") else None
        printed = list(getattr(item, "printed", ()) or ())
        keyed = {p.key: p for p in printed if p.key}
        for block_index, (part, block) in enumerate(blocks(data)):
            if keyed and part not in keyed:
                continue  # shown in another section of the document, or not at all
            shown = keyed.get(part) or (printed[0] if printed and not keyed else None)
            where = _table_name(shown, section, titles, block, data, part, int(table.get("year") or 0), lang)
            columns = _columns(block)
            place = Place(where, "", "", (table_index, block_index), _chapter_of(spec, section))
            block_rows = [_row(row, columns, place) for row in block.get("rows", []) or []
                          if isinstance(row, dict) and isinstance(row.get("cells"), dict)]
            block_rows += _table_summaries(block, columns, place)
            block_years = frozenset(int(y) for y in _YEAR.findall(where))
            for row in block_rows:
                for figure in row.figures:
                    figure.block_years = block_years
            rows.extend(block_rows)
    return rows


def _table_name(printed, section: str, titles: dict[str, str], block: dict, data: dict, part: str, year: int,
                lang: str) -> str:
    """"Tabel 3.2 Perbandingan …" as the document prints it; else the section and the table's own title."""
    from .words import word

    if printed is not None:
        title = (printed.title.get(lang) or printed.title.get("id", "")) % {
            "year": year, "prev": year - 1, "next": year + 1, "agency": data.get("agency_name") or ""}
        if printed.number:
            return f"{word(lang, 'table')} {printed.number} {title}"
        if title:
            return " ".join(filter(None, [section, title]))
    title = str((block.get("title") if part else data.get("title")) or "").strip()
    where = " ".join(filter(None, [section, titles.get(section, "")]))
    return f"{where} — {title}" if where and title else (where or title)


def _chapter_of(spec, where: str) -> int:
    """The index of the chapter a section number ("2.4", "IV") or a narrative section ("pendanaan") stands in."""
    from .spec import Narrative

    for index, chapter in enumerate(spec.chapters if spec else ()):
        if where == chapter.numeral or any(isinstance(i, Narrative) and i.section == where for i in chapter.items):
            return index
        for section in chapter.sections:
            if where == section.number or any(isinstance(i, Narrative) and i.section == where
                                              for i in section.items):
                return index
    return -1


def _table_summaries(block: dict, columns: dict[str, dict], place: Place) -> list[Row]:
    """A table's own total row (``total``: column → cell) and average (``average``: K the capaian kinerja, Rp the
    capaian anggaran), as rows the summary words name."""
    out = []
    total = block.get("total")
    if isinstance(total, dict) and total and all(str(k) in columns for k in total):
        out.append(_row({"key": "jumlah", "kind": "total", "cells": total}, columns, place, _("Jumlah")))
    average = block.get("average")
    if isinstance(average, dict) and set(average) <= {"K", "Rp"}:
        label = _("Rata-rata")
        row = Row([], label, summary="rata-rata")
        for measure, role, heading in (("K", "capaian", _("capaian kinerja")),
                                       ("Rp", "capaian_anggaran", _("capaian anggaran"))):
            value = _decimal(average.get(measure))
            if value is not None:
                row.figures.append(Computed(value, PERCENT, role, "%", None, replace(place, row=label, column=heading)))
        out.append(row)
    return out


def _row(row: dict, columns: dict[str, dict], place: Place, label: str | None = None) -> Row:
    unit = _row_unit(row, columns)
    label = label or _row_label(row, columns)
    kind_of_row = str(row.get("kind") or "")
    summary = None
    key = str(row.get("key") or "")
    if kind_of_row in {"conclusion", "average", "total"} or key == "rata-rata":
        summary = "rata-rata" if kind_of_row == "average" or key == "rata-rata" else key
    out = Row(_names(row, columns), label, summary=summary if summary in SUMMARY_WORDS else None)
    for number, cell in row["cells"].items():
        column = columns.get(str(number), {})
        heading = _heading(column)
        if (_norm(column.get("label", "")) in {"no", "no.", "kode", "code", "satuan", "unit"}
                or column.get("kind") in {"text", "label"}):
            continue
        measures = cell.items() if isinstance(cell, dict) else [("", cell)]
        for measure, raw in measures:
            value = _decimal(raw)
            if value is None or measure in {"satuan", "predikat"}:
                continue
            if measure == "Rp" or column.get("kind") == "rupiah" or "(rp)" in heading.casefold():
                kind = RUPIAH
            elif (column.get("kind") == "percent" or "(%" in heading or _is_percent_unit(unit)
                  or _norm(column.get("label", "")).startswith(("capaian", "persentase", "tingkat capaian",
                                                                "achievement", "percentage"))):
                kind = PERCENT
            else:
                kind = COUNT
            name = f"({number}) {column.get('label', '')}".strip()
            if measure == "K":
                name += " — " + _("kinerja")
            elif measure == "Rp" and "rp" not in name.casefold():
                name += " — " + _("anggaran")
            out.figures.append(Computed(value, kind, _role(heading, kind), unit, _printed(row, str(number), measure),
                                        replace(place, row=label, column=name),
                                        frozenset(int(y) for y in _YEAR.findall(heading))))
    for key in ("numerator", "denominator"):
        value = _decimal(row.get(key))
        if value is not None:
            out.figures.append(Computed(value, COUNT, "jumlah", "", None, replace(place, row=label, column=key)))
    return out


def _section_titles(kind: str, lang: str) -> dict[str, str]:
    spec = DOCUMENTS.get(kind)
    if spec is None:
        return {}
    titles = {}
    for chapter in spec.chapters:
        titles[chapter.numeral] = chapter.title.get(lang, chapter.title["id"])
        for section in chapter.sections:
            titles[section.number] = section.title.get(lang, section.title["id"])
    return titles


# -- the quoted figures --------------------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start:match.end()].strip()
        if piece:
            out.append(piece)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def quoted_figures(sentence: str) -> list[Quoted]:
    """The percentages, Rupiah amounts and counts with a unit word a sentence quotes."""
    found = []
    for match in _FIGURE.finditer(sentence):
        digits, before, after = match["num"], sentence[:match.start()], sentence[match.end():]
        try:
            if _RUPIAH_BEFORE.search(before) or _AFTER_MAGNITUDE.match(after) or re.match(r"\s+rupiah\b", after,
                                                                                        re.IGNORECASE):
                tail = _AFTER_RUPIAH.match(after) if _RUPIAH_BEFORE.search(before) else _AFTER_MAGNITUDE.match(after)
                magnitude = (tail["mag"] if tail and tail["mag"] else "")
                if magnitude in {"m", "t"}:  # a lone lower-case m or t is no magnitude
                    magnitude = ""
                reading = read_number(digits, NumberKind.RUPIAH)
                exponent = _MAGNITUDE.get(magnitude.casefold(), 0)
                end = match.end() + (tail.end() if tail and magnitude else 0)
                found.append(Quoted(sentence[match.start() - len(_RUPIAH_BEFORE.search(before)[0])
                                             if _RUPIAH_BEFORE.search(before) else match.start():end].strip(),
                                    reading.value.scaleb(exponent), Decimal(1).scaleb(exponent - reading.decimals),
                                    RUPIAH, match.start(), end))
            elif (percent := _PERCENT_AFTER.match(after)) is not None:
                reading = read_number(digits, NumberKind.PERCENT)
                found.append(Quoted(sentence[match.start():match.end() + percent.end()].strip(), reading.value,
                                    Decimal(1).scaleb(-reading.decimals), PERCENT, match.start(),
                                    match.end() + percent.end()))
            elif re.fullmatch(r"(?:19|20)\d{2}", digits):
                continue  # a year, not a count
            else:
                reading = read_number(digits, NumberKind.COUNT)
                word = _WORD_AFTER.match(after)
                word_before = _WORD_BEFORE.search(before)
                found.append(Quoted(digits, reading.value, Decimal(1).scaleb(-reading.decimals), COUNT,
                                    match.start(), match.end(),
                                    unit_word=";".join(filter(None, [word["word"] if word else "",
                                                                     word_before["word"] if word_before else ""]))))
        except NumberFormatError:
            continue  # a figure the rules cannot read with certainty is not checked
    return found


def _mentions(sentence: str, rows: list[Row]) -> list[tuple[int, int, str, list[Row]]]:
    """(start, end, kind, rows) of every name and summary word in the sentence; the longest name at a place wins.
    A name matches whatever spaces, quotes or brackets stand between its words."""
    text = sentence.casefold()
    named: dict[str, list[Row]] = {}
    summary: dict[str, list[Row]] = {}
    for row in rows:
        for name in row.names:
            named.setdefault(name, []).append(row)
        if row.summary:
            for word in SUMMARY_WORDS[row.summary]:
                summary.setdefault(word, []).append(row)
    found = []
    for kind, table in (("named", named), ("summary", summary)):
        for name, owners in table.items():
            for match in _name_pattern(name).finditer(text):
                found.append((match.start(), match.end(), kind, owners))
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept: list[tuple[int, int, str, list[Row]]] = []
    for mention in found:
        if any(mention[0] >= k[0] and mention[1] <= k[1] and k[2] == mention[2] for k in kept):
            continue  # inside a longer name of the same kind
        kept.append(mention)
    return kept


_PATTERNS: dict[str, re.Pattern] = {}


def _name_pattern(name: str) -> re.Pattern:
    if name not in _PATTERNS:
        words = [re.escape(w) for w in name.split()]
        _PATTERNS[name] = re.compile(r"(?<!\w)" + r"[\s“”\"()]+".join(words) + r"(?!\w)")
    return _PATTERNS[name]


# -- matching --------------------------------------------------------------------------------------------------


def _same(quoted: Quoted, value: Decimal) -> bool:
    return value.quantize(quoted.quantum, rounding=ROUND_HALF_UP) == quoted.value.quantize(quoted.quantum)


def _lead_in(sentence: str, start: int, since: int) -> str:
    return sentence[since:start].casefold()


def _quoted_role(lead_in: str, kind: str) -> str | None:
    """The role word that ends last before the figure; of two ending at the same place the longer
    ("realisasi anggaran" over "anggaran")."""
    best, best_key = None, (-1, 0)
    for word, role in ROLE_WORDS:
        at = lead_in.rfind(word)
        if at < 0:
            continue
        key = (at + len(word), len(word))
        if key > best_key:
            best, best_key = role, key
    if best == "realisasi_anggaran" and kind == PERCENT:
        return "capaian_anggaran"
    if best == "capaian_anggaran" and kind == RUPIAH:
        return "realisasi_anggaran"
    return best


def _subject(sentence: str, quoted: Quoted, since: int, mentions, default: list[Row]
             ) -> tuple[list[Row], list[Row]]:
    """(rows a quoted figure may equal, rows a difference is reported against): the same for a name; for a
    summary word ("rata-rata" names the average of Tabel 3.2 and that of the conclusion), every row the word names
    may be meant, and the one whose label shares most words with the sentence is reported."""
    before = [m for m in mentions if m[1] <= quoted.start]
    window = [m for m in before if m[0] >= since]
    for pool in (window, before):
        # The nearest name whose rows hold a figure of the quoted kind: "Program X (Bidang Y) beranggaran Rp …"
        # is about program X even when Y names a row of another table.
        named = [m for m in pool if m[2] == "named" and any(f.kind == quoted.kind for r in m[3] for f in r.figures)]
        if named:
            return named[-1][3], named[-1][3]
        summaries = [m for m in pool if m[2] == "summary"]
        if summaries:
            return summaries[-1][3], _closest_label(summaries[-1][3], sentence)
    return default, default


def _closest_label(rows: list[Row], sentence: str) -> list[Row]:
    """Of the summary rows a word names, those whose label shares the most words with the sentence."""
    words = set(_norm(sentence).split())
    scored = [(len(set(_norm(r.label).split()) & words), r) for r in rows]
    best = max(score for score, _r in scored)
    return [r for score, r in scored if score == best]


def _candidates(rows: list[Row], quoted: Quoted, years: set[int]) -> list[Computed]:
    # A column of a multi-year table is another year's figure unless the sentence names its year.
    # A table of another year than the one the sentence names is left out too.
    figures = [f for r in rows for f in r.figures if f.kind == quoted.kind and (not f.years or f.years & years)
               and not (years and f.block_years and not f.block_years & years)]
    if quoted.kind != COUNT:
        return figures
    words = {w.casefold() for w in quoted.unit_word.split(";") if w}
    if not words:
        return []
    # A count is compared only with figures in the unit the sentence writes beside it ("5.188 orang",
    # "nilai 92,45"); the numerator and denominator only confirm.
    return [f for f in figures if f.role == "jumlah"
            or (f.unit and _norm(f.unit).split()[0] in words)]


def check_document(kind: str, year: int, narratives: dict, analyses: dict, tables: list[dict],
                   lang: str = "id", trace: list | None = None) -> list[Finding]:
    """Every figure quoted in the document's narrative that differs from the figure its tables compute.

    ``trace``, when given, receives (section, quoted figure, outcome) for every figure read: for reviewing."""
    from kinerja.plan import models as m

    with translation.override(lang):
        rows = computed_rows(tables, kind, lang)
        if not rows:
            return []
        years = {year} | {int(t["year"]) for t in tables if t.get("status") == "ok" and t.get("year")}
        texts = []
        for section, entry in narratives.items():
            text = (entry or {}).get("text") or ""
            texts.append((section, _section_label(m, section), "", text, []))
        for _year, entries in sorted(analyses.items(), key=lambda item: str(item[0])):
            for entry in entries:
                name = _norm(entry.get("name") or "")
                own = [r for r in rows if name and name in r.names]
                for section, text in (entry.get("sections") or {}).items():
                    texts.append((section, _section_label(m, section), entry.get("name") or "", text or "", own))
        findings = []
        for section, label, indicator, text, own in texts:
            for sentence in sentences(text):
                findings.extend(_check_sentence(kind, year, section, label, indicator, sentence, rows, own, years,
                                                trace, _chapter_of(DOCUMENTS.get(kind), section)))
        return findings


def _section_label(m, section: str) -> str:
    try:
        return str(m.Narrative.Section(section).label)
    except ValueError:
        return section


def _check_sentence(kind, year, section, label, indicator, sentence, rows, own, years, trace=None,
                    chapter: int = -1) -> list[Finding]:
    sentence = " ".join(sentence.split())
    figures = quoted_figures(sentence)

    def note(quoted: Quoted, outcome: str) -> None:
        if trace is not None:
            trace.append((section, indicator, quoted.text, outcome))

    named_years = {int(y) for y in _YEAR.findall(sentence)}
    if named_years - years:
        for quoted in figures:
            note(quoted, "other year")
        return []  # another year's figures: the document's tables may not hold them
    if not figures:
        return []
    mentions = _mentions(sentence, rows)
    findings, since = [], 0
    for quoted in figures:
        lead_in = _lead_in(sentence, quoted.start, since)
        window_start = since
        since = quoted.end
        if any(word in lead_in[-30:] for word in CHANGE_WORDS):
            note(quoted, "change")
            continue
        if any(re.search(rf"(?<!\w){re.escape(word)}\s*(?:rp\.?\s*)?$", lead_in) for word in APPROXIMATE_WORDS):
            note(quoted, "approximate")
            continue
        possible, subject = _subject(sentence, quoted, window_start, mentions, own)
        if "rata-rata" in lead_in and not any(r.summary for r in subject):
            # "Program X mencatat rata-rata capaian 94,09 %": the average of X's rows, not a figure of X's own.
            note(quoted, "average of a named element")
            continue
        candidates = _candidates(subject, quoted, named_years)
        if not candidates:
            note(quoted, "no subject" if not subject else "no figure of its kind")
            continue
        equal = next((c for c in [*candidates, *_candidates(possible, quoted, named_years)]
                      if _same(quoted, c.value)), None)
        if equal is not None:
            note(quoted, "equal " + equal.place.row[:60])
            continue
        role = _quoted_role(lead_in, quoted.kind)
        if role in REPORTED_ROLES:
            narrowed = [c for c in candidates if c.role == role]
        else:
            narrowed = [c for c in candidates if c.role in REPORTED_ROLES]
        if not narrowed:
            note(quoted, f"role {role} not held")
            continue
        if role not in REPORTED_ROLES and len({c.value for c in narrowed}) != 1:
            note(quoted, "no role word, several figures")
            continue  # no word says which of the subject's figures is meant
        # The table of the narrative's own chapter first, then the document's order.
        first = min((c.place.chapter != chapter, c.place.order) for c in narrowed)
        primary = [c for c in narrowed if (c.place.chapter != chapter, c.place.order) == first]
        if len({c.value for c in primary}) != 1:
            note(quoted, "ambiguous")
            continue  # several figures could be meant: no guessing
        note(quoted, "FINDING")
        computed = primary[0]
        findings.append(Finding(
            document=kind, year=year, section=section, section_label=label, indicator=indicator,
            sentence=sentence, quoted=quoted.text, computed=_format(computed, quoted),
            table=computed.place.table, row=computed.place.row, column=computed.place.column,
            note=_note(computed, quoted)))
    return findings


def _format(computed: Computed, quoted: Quoted) -> str:
    lang = translation.get_language() or "id"
    lang = "en" if lang.startswith("en") else "id"
    places = max(-quoted.quantum.as_tuple().exponent, 0) if quoted.quantum < 1 else 0
    if computed.kind == PERCENT:
        return f"{format_number(computed.value, max(places, 2), lang)} %"
    if computed.kind == RUPIAH:
        return f"Rp {format_number(computed.value, 0 if computed.value == computed.value.to_integral() else 2, lang)}"
    return format_count(computed.value, lang, max_places=max(places, 2))


def _note(computed: Computed, quoted: Quoted) -> str:
    """Why the figures may differ, where the table says: the published document printed the quoted figure."""
    if computed.printed is None:
        return ""
    kind = {PERCENT: NumberKind.PERCENT, RUPIAH: NumberKind.RUPIAH}.get(computed.kind, NumberKind.COUNT)
    try:
        printed = read_number(computed.printed.replace("%", "").strip(), kind).value
    except NumberFormatError:
        return ""
    if printed == quoted.value:
        return _("sama dengan angka yang tercetak di tabel dokumen yang dipublikasikan, yang tidak sesuai dengan "
                 "hasil hitung")
    return ""


# -- entry points ------------------------------------------------------------------------------------------------


def check_content(content, trace: list | None = None) -> list[Finding]:
    """The findings of a gathered ``DocumentContent`` (today's data)."""
    return check_snapshot(content.snapshot(), trace)


def check_snapshot(snapshot: dict, trace: list | None = None) -> list[Finding]:
    """The findings of a document as ``DocumentContent.snapshot`` (or an issued version) holds it."""
    return check_document(snapshot["kind"], int(snapshot["year"]), snapshot.get("narratives") or {},
                          snapshot.get("analyses") or {}, snapshot.get("tables") or [], snapshot.get("lang") or "id",
                          trace)


def documents_with_narrative(agency, year: int | None = None) -> list[tuple[str, int]]:
    """(kind, year) of every document of the agency that has a stored narrative or indicator analysis in it."""
    from kinerja.documents.spec import Analyses
    from kinerja.plan import models as m

    found: set[tuple[str, int]] = set()
    planned = set(m.Revision.objects.filter(agency=agency, year__isnull=False).values_list("document", "year"))
    rows = m.Narrative.objects.filter(agency=agency)
    for document, narrative_year in rows.filter(indicator__isnull=True).values_list("document", "year").distinct():
        if document in DOCUMENTS:
            found.add((document, narrative_year))
    analysis_years = set(rows.filter(indicator__isnull=False).values_list("year", flat=True).distinct())
    for kind, spec in DOCUMENTS.items():
        offsets = {item.year_offset for chapter in spec.chapters for section in chapter.sections
                   for item in section.items if isinstance(item, Analyses)}
        # An analysis belongs to a document only of a year the agency has a plan for (a Renja; for an LKjIP,
        # its Perjanjian Kinerja): not to every Renja two years on.
        plan = m.Revision.Document.RENJA if kind == "renja" else m.Revision.Document.PK
        found.update((kind, y - offset) for y in analysis_years for offset in offsets
                     if (plan, y - offset) in planned)
    return sorted(d for d in found if year is None or d[1] == year)


def check_agency_documents(agency, year: int | None = None, lang: str = "id") -> list[Finding]:
    """The findings of every document of the agency (of ``year``) that holds narrative."""
    from .content import gather

    findings = []
    for kind, document_year in documents_with_narrative(agency, year):
        content = gather(agency, kind, document_year, lang=lang, grids=False)
        findings.extend(check_content(content))
    return findings


def finding_line(finding: Finding) -> str:
    """One finding as a line of text, in the active language."""
    where = f"{finding.section_label}" + (f" · {finding.indicator}" if finding.indicator else "")
    return _("%(document)s %(year)s, %(where)s: tertulis %(quoted)s, hasil hitung %(computed)s (%(table)s; baris "
             "%(row)s; kolom %(column)s) — \"%(sentence)s\"") % {
        "document": finding.document.replace("renja", "Renja").replace("lkjip", "LKjIP"), "year": finding.year,
        "where": where, "quoted": finding.quoted, "computed": finding.computed, "table": finding.table,
        "row": finding.row, "column": finding.column, "sentence": excerpt(finding)}


def excerpt(finding: Finding, width: int = 80) -> str:
    """The sentence around the quoted figure, at most ``width`` characters either side."""
    text = " ".join(finding.sentence.split())
    at = text.find(finding.quoted)
    if at < 0:
        at = 0
    start, end = max(at - width, 0), min(at + len(finding.quoted) + width, len(text))
    if start:  # whole words only
        start = text.find(" ", start, at) + 1 or start
    if end < len(text):
        end = max(text.rfind(" ", at + len(finding.quoted), end), at + len(finding.quoted))
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
