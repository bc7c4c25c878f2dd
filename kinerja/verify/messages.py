"""The verifier's sentences in Indonesian and English: the rule each check applies and the likely causes."""

from __future__ import annotations

LANGS = ("id", "en")

_TEXTS: dict[str, tuple[str, str]] = {
    # rules
    "rule.sum_k": ("{n} = {inputs} (SUM untuk arus; nilai tingkat seperti persentase memakai nilai "
                   "terakhir)",
                   "{n} = {inputs} (SUM for flows; a level such as a percentage takes the last value)"),
    "rule.sum_rp": ("{n} = {inputs} (Rupiah dijumlahkan)", "{n} = {inputs} (Rupiah add up)"),
    "rule.capaian": ("capaian = realisasi / target × 100 ({n} = {a} / {b} × 100)",
                     "capaian = realisasi / target × 100 ({n} = {a} / {b} × 100)"),
    "rule.serapan": ("realisasi anggaran (%) = realisasi / anggaran × 100 ({n} = {a} / {b} × 100)",
                     "budget absorption (%) = realisation / budget × 100 ({n} = {a} / {b} × 100)"),
    "rule.ratio": ("{n} = {a} / {b}", "{n} = {a} / {b}"),
    "rule.ratio_formula": ("pembilang / penyebut{factor} ({a} / {b}{factor})",
                           "numerator / denominator{factor} ({a} / {b}{factor})"),
    "rule.sisa": ("sisa anggaran = anggaran − realisasi ({n} = {a} − {b})",
                  "remaining budget = budget − realisation ({n} = {a} − {b})"),
    "rule.diff": ("{n} = {a} − {b}", "{n} = {a} − {b}"),
    "rule.efisiensi": ("efisiensi = capaian kinerja − realisasi anggaran, bila capaian ≥ 100 % "
                       "({n} = {a} − {b})",
                       "efficiency = performance achievement − budget absorption, where achievement ≥ "
                       "100 % ({n} = {a} − {b})"),
    "rule.parent": ("nilai induk = jumlah rinciannya ({count} baris)",
                    "a parent's amount is the sum of its rows ({count} rows)"),
    "rule.total": ("total = jumlah baris di atasnya ({count} baris)",
                   "a total is the sum of the rows above it ({count} rows)"),
    "rule.average": ("rata-rata capaian baris yang bertarget ({count} dari {rows} baris)",
                     "mean of the capaian of the rows with a target ({count} of {rows} rows)"),
    "rule.table_average": ("rata-rata dari rata-rata capaian program ({count} program)",
                           "mean of the programs' average capaian ({count} programs)"),
    "rule.predikat": ("predikat Permendagri 86/2017 dari rata-rata capaian",
                      "predikat (Permendagri 86/2017) of the average capaian"),
    "rule.sakip": ("nilai SAKIP → predikat ({regulation})",
                   "SAKIP value → grade ({regulation})"),
    "rule.number": ("angka ditulis menurut aturan pembacaan angka",
                    "a number written by the reading rules"),
    # causes
    "cause.percent_summed": ("persentase dijumlahkan antar tahun; nilai tingkat memakai nilai terakhir",
                             "percentages added across years; a level takes the last value"),
    "cause.units_mixed": ("satuan berbeda dijumlahkan atau dibandingkan ({units})",
                          "units mixed ({units})"),
    "cause.from_printed": ("dihitung dari nilai tercetak kolom {columns} yang tidak sesuai aturan",
                           "computed from the printed value of column {columns}, which does not follow the rules"),
    "cause.not_times_100": ("rasio tidak dikali 100", "the ratio is not multiplied by 100"),
    "cause.times_100_twice": ("dikali 100 dua kali", "multiplied by 100 twice"),
    "cause.wrong_unit": ("nilai dalam satuan lain (× {factor})", "a value in the wrong unit (× {factor})"),
    "cause.capped": ("capaian dibatasi 100 %, padahal aturan tidak membatasi",
                     "capaian capped at 100 %, which the rules do not do"),
    "cause.negative": ("dihitung sebagai indikator berpolaritas negatif",
                       "computed as a negative-polarity indicator"),
    "cause.zero_denominator": ("penyebut 0: rasio tidak dapat dihitung", "denominator is 0: the ratio is undefined"),
    "cause.untargeted_zero": ("baris tanpa target dihitung sebagai 0 %",
                              "rows without a target counted as 0"),
    "cause.mean_of_printed": ("rata-rata dari capaian tercetak baris, yang sebagian tidak sesuai aturan",
                              "the mean of the rows' printed capaian, some of which do not follow the rules"),
    "cause.mean_of_printed_averages": ("rata-rata dari rata-rata program yang tercetak, yang sebagian tidak sesuai "
                                       "aturan",
                                       "the mean of the printed program averages, some of which do not follow the "
                                       "rules"),
    "cause.weighted": ("rata-rata berbobot (Σ realisasi / Σ target), padahal RULES §4 merata-ratakan capaian baris",
                       "a weighted mean (Σ realisation / Σ target) where RULES §4 averages the rows' capaian"),
    "cause.unweighted": ("rata-rata tanpa bobot dari baris, padahal baris memiliki bobot (Σ realisasi / Σ anggaran)",
                         "unweighted average where the rows carry weights (Σ realisation / Σ budget)"),
    "cause.predikat_of_printed": ("predikat dari rata-rata tercetak ({value})",
                                  "the predikat of the printed average ({value})"),
    "cause.wrong_scale": ("predikat pada skala yang salah: sesuai {other}, tabel ini memakai {scale}",
                          "grade on the wrong scale: it fits {other}, this table uses {scale}"),
    "cause.no_scale": ("predikat tidak sesuai skala SAKIP mana pun", "the grade fits no SAKIP scale"),
    "cause.malformed": ("angka tidak terbaca: {reason}", "malformed number: {reason}"),
    "cause.malformed_reading": ("{reason}; kemungkinan maksudnya {reading}", "{reason}; probably meant {reading}"),
    "cause.digits_disagree": ("{reason}; tanpa tanda pemisah terbaca {reading}, bukan {expected} menurut aturan",
                              "{reason}; read without its separators it is {reading}, not the {expected} the rules "
                              "give"),
    "cause.digits_unconfirmed": ("{reason}; tanpa tanda pemisah terbaca {reading}, tetapi tidak ada angka yang "
                                 "dihitung darinya yang sesuai",
                                 "{reason}; read without its separators it is {reading}, which no figure computed "
                                 "from it confirms"),
    # notes: not findings
    "note.separators": ("tanda pemisah salah: tanpa tanda pemisah terbaca {reading}, {why}",
                        "separators misplaced: read without them it is {reading}, {why}"),
    "note.confirmed_by": ("sesuai dengan {figure} yang dihitung darinya", "as {figure}, computed from it, confirms"),
    "note.rules_value": ("sama dengan nilai menurut aturan", "the value by the rules"),
    "out.notes": ("{count} catatan: angka dengan tanda pemisah salah yang dikonfirmasi tabel (bukan temuan).",
                  "{count} notes: amounts with misplaced separators that the table confirms (not findings)."),
    "cause.comma_decimal": ("tanda ',' dipakai untuk ribuan dan desimal sekaligus",
                            "',' is used both as the thousands and the decimal mark"),
    "cause.children_sum": ("tidak sama dengan jumlah rincian di bawahnya",
                           "not the sum of the rows under it"),
    "cause.other_column": ("sama dengan kolom {column} baris ini: angka kolom lain tercetak di sini",
                           "equals column {column} of this row: a figure from another column printed here"),
    "cause.printed_nothing": ("dokumen tidak mencetak nilai, aturan memberi nilai",
                              "nothing printed where the rules give a value"),
    "cause.depends": ("kolom {columns}: {reason}", "column {columns}: {reason}"),
    # output
    "out.line": ("baris {line}", "line {line}"),
    "out.column": ("kolom {column}", "column {column}"),
    "out.printed": ("tercetak", "printed"),
    "out.expected": ("seharusnya", "expected"),
    "out.undefined": ("tidak terdefinisi", "undefined"),
    "out.count": ("{count} temuan di {tables} tabel ({rows} baris diperiksa).",
                  "{count} findings in {tables} tables ({rows} rows checked)."),
    "out.none": ("Tidak ada temuan di {tables} tabel ({rows} baris diperiksa).",
                 "No findings in {tables} tables ({rows} rows checked)."),
    "out.sheet_findings": ("Temuan", "Findings"),
    "out.header": ("baris|label baris|kolom|tercetak|seharusnya|aturan|kemungkinan sebab",
                   "line|row|column|printed|expected|rule|likely cause"),
    # why a file is not read as a table (TableReadError)
    "read.not_found": ("berkas tidak ditemukan", "file not found"),
    "read.directory": ("sebuah folder, bukan berkas", "a directory, not a file"),
    "read.unreadable": ("tidak dapat dibaca ({error})", "cannot be read ({error})"),
    "read.empty": ("berkas kosong", "the file is empty"),
    "read.too_large": ("berkas {size} MB, lebih dari batas {limit} MB untuk satu tabel; tidak dibaca",
                       "the file is {size} MB, more than the limit of {limit} MB for one table; not read"),
    "read.utf16": ("teks UTF-16, bukan UTF-8; simpan berkas sebagai UTF-8",
                   "UTF-16 text, not UTF-8; save the file as UTF-8"),
    "read.binary": ("berkas biner, bukan tabel (yang dapat dibaca: teks UTF-8, CSV atau XLSX)",
                    "a binary file, not a table (expected UTF-8 text, CSV or XLSX)"),
    "read.not_utf8": ("bukan teks UTF-8 (bita 0x{byte} pada posisi {position}); simpan berkas sebagai UTF-8",
                      "not UTF-8 text (byte 0x{byte} at position {position}); save the file as UTF-8"),
    "read.no_cells": ("bukan tabel: tidak ada baris dengan lebih dari satu sel",
                      "not a table: no row with more than one cell"),
    "read.no_line_cells": ("bukan tabel: tidak ada baris dengan lebih dari satu sel",
                           "not a table: no line with more than one cell"),
    "read.no_fields": ("bukan tabel: tidak ada baris dengan lebih dari satu kolom",
                       "not a table: no line with more than one field"),
    "read.csv": ("bukan berkas CSV yang dapat dibaca ({error})", "not a readable CSV file ({error})"),
    "read.no_figures": ("bukan tabel: tidak ada kolom yang dipisah tab atau koma, dan tidak ada baris yang diakhiri "
                        "dua angka atau lebih",
                        "not a table: no tab- or comma-separated columns, and no line ending in two or more figures"),
    "read.no_unit_header": ("bukan tabel: tidak ada judul kolom yang diakhiri satuan seperti (Rp) atau (%) di atas "
                            "angka-angkanya",
                            "not a table: no header ending in a unit such as (Rp) or (%) above the figures"),
    "read.xlsx": ("bukan buku kerja XLSX yang dapat dibaca ({error})", "not a readable XLSX workbook ({error})"),
    "read.xlsx_damaged": ("buku kerja rusak ({error})", "the workbook is damaged ({error})"),
    "read.no_sheet": ("buku kerja tidak mempunyai lembar", "the workbook has no sheet"),
    "read.sheet_no_cells": ("bukan tabel: lembar pertama tidak mempunyai baris dengan lebih dari satu sel",
                            "not a table: the first sheet has no row with more than one cell"),
    "read.unchecked": ("bukan tabel yang dapat diperiksa Kinerja: tidak ada judul kolom yang menyebut target, "
                       "realisasi, capaian, anggaran/pagu, realisasi anggaran, persentase atau sisa",
                       "not a table Kinerja can check: no header row names target, realisasi, capaian, "
                       "anggaran/pagu, realisasi anggaran, persentase or sisa"),
}


def text(key: str, lang: str = "id", **values: object) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    template = _TEXTS[key][LANGS.index(lang)]
    return template.format(**values) if values else template
