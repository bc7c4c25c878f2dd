"""Consistent tables built by the rules, printed as a planner would paste them (tab-separated, Indonesian
numbers), with the position of every derived figure so a test can alter one.

Table 1 has the layout of REPORTS.md §A layout 1 with the quarters printed: a program (a percentage indicator,
its Rupiah the sums of its kegiatan) and its kegiatan (counts), columns 5–15 in K and Rp, the rata-rata capaian
and predikat lines, and the rata-rata of programs. Table 2 is a budget table (anggaran, realisasi, %, sisa) with a
total, like seed 003 Tabel 3.12.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from kinerja.engine import format_number, predikat

PREDIKAT = ("Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah")


@dataclass
class Kegiatan:
    target_renstra: int
    before: int
    target: int
    quarters: tuple[int, int, int, int]
    rp_renstra: int
    rp_before: int
    rp_target: int
    rp_quarters: tuple[int, int, int, int]
    unit: str = ""


@dataclass
class Program:
    before: Decimal  # percentages, levels
    target: Decimal
    quarters: tuple[Decimal, Decimal, Decimal, Decimal]


@dataclass
class Budget:
    anggaran: int
    realisasi: int


@dataclass
class Derived:
    """A derived figure at (line, position), 1-based, and how to alter it beyond rounding."""

    line: int
    position: int
    kind: str  # "count", "rupiah", "percent", "predikat"


@dataclass
class Built:
    lines: list[list[str]] = field(default_factory=list)
    derived: list[Derived] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join("\t".join(cells) for cells in self.lines) + "\n"

    def altered(self, target: Derived) -> str:
        lines = [list(cells) for cells in self.lines]
        old = lines[target.line - 1][target.position - 1]
        lines[target.line - 1][target.position - 1] = alter(old, target.kind)
        return "\n".join("\t".join(cells) for cells in lines) + "\n"


def pct(value: Decimal) -> str:
    return f"{format_number(value, 2)} %"


def rp(value: int) -> str:
    return format_number(Decimal(value), 0)


def count(value: int, unit: str = "") -> str:
    text = format_number(Decimal(value), 0)
    return f"{text} {unit}" if unit else text


def ratio(part, whole) -> Decimal:
    return Decimal(part) * 100 / Decimal(whole)


def alter(text: str, kind: str) -> str:
    """A figure changed by much more than its printed precision, upwards (so a count never lands on the last
    value, which the verifier accepts for a level)."""
    if kind == "predikat":
        return PREDIKAT[(PREDIKAT.index(text) + 2) % len(PREDIKAT)]
    if kind == "percent":
        value = Decimal(text.removesuffix(" %").replace(".", "").replace(",", "."))
        return pct(value + Decimal("11.11"))
    number, _, unit = text.partition(" ")
    value = int(number.replace(".", ""))
    if kind == "rupiah":
        return rp(value * 2 + 1000)
    return count(value * 2 + 3, unit)


def build(program: Program, kegiatan: list[Kegiatan], budgets: list[Budget]) -> Built:
    built = Built()
    width = 3 + 22
    header = ["No", "Program/Kegiatan", "Indikator"]
    for label in ("Target Renstra (akhir periode)", "Realisasi Renstra s/d 2018", "Target 2019",
                  "Realisasi TW I", "Realisasi TW II", "Realisasi TW III", "Realisasi TW IV", "Realisasi 2019",
                  "Tingkat Capaian 2019 (%)", "Realisasi Renstra s/d 2019", "Tingkat Capaian Renstra (%)"):
        header += [label, ""]
    built.lines.append(header)
    built.lines.append(["", "", ""] + ["K", "Rp"] * 11)
    numbers = ["5", "6", "7", "8", "9", "10", "11", "12=8+9+10+11", "13=12/7x100%", "14 = 6 + 12", "15=14/5 x100%"]
    built.lines.append(["", "", ""] + [cell for n in numbers for cell in (n, "")])

    def position(column: int, measure: str) -> int:
        """1-based position of official column 5–15, K or Rp."""
        return 3 + (column - 5) * 2 + (1 if measure == "K" else 2)

    # The program: a percentage indicator (levels: the last value counts); its Rupiah are its kegiatan's sums.
    sums = {name: sum(getattr(k, name) for k in kegiatan) for name in ("rp_renstra", "rp_before", "rp_target")}
    rp_quarters = [sum(k.rp_quarters[q] for k in kegiatan) for q in range(4)]
    rp_year = sum(rp_quarters)
    rp_through = sums["rp_before"] + rp_year
    year_k = program.quarters[-1]
    through_k = year_k
    row = ["1", "Program Uji Coba Pelayanan", "Persentase layanan yang terpenuhi (%)"]
    row += [pct(Decimal(100)), rp(sums["rp_renstra"]), pct(program.before), rp(sums["rp_before"]),
            pct(program.target), rp(sums["rp_target"])]
    for q in range(4):
        row += [pct(program.quarters[q]), rp(rp_quarters[q])]
    row += [pct(year_k), rp(rp_year), pct(ratio(year_k, program.target)), pct(ratio(rp_year, sums["rp_target"])),
            pct(through_k), rp(rp_through), pct(ratio(through_k, 100)), pct(ratio(rp_through, sums["rp_renstra"]))]
    built.lines.append(row)
    line = len(built.lines)
    for column in range(5, 16):
        built.derived.append(Derived(line, position(column, "Rp"), "percent" if column in (13, 15) else "rupiah"))
    for column in (12, 13, 14, 15):
        built.derived.append(Derived(line, position(column, "K"), "percent"))

    capaian_k, capaian_rp = [], []
    for number, k in enumerate(kegiatan, start=1):
        year = sum(k.quarters)
        rp_k_year = sum(k.rp_quarters)
        through = k.before + year
        rp_k_through = k.rp_before + rp_k_year
        capaian_k.append(ratio(year, k.target))
        capaian_rp.append(ratio(rp_k_year, k.rp_target))
        row = [str(number), f"Kegiatan uji {number}", f"Jumlah layanan uji {number}"]
        row += [count(k.target_renstra, k.unit), rp(k.rp_renstra), count(k.before, k.unit), rp(k.rp_before),
                count(k.target, k.unit), rp(k.rp_target)]
        for q in range(4):
            row += [count(k.quarters[q], k.unit), rp(k.rp_quarters[q])]
        row += [count(year, k.unit), rp(rp_k_year), pct(capaian_k[-1]), pct(capaian_rp[-1]),
                count(through, k.unit), rp(rp_k_through), pct(ratio(through, k.target_renstra)),
                pct(ratio(rp_k_through, k.rp_renstra))]
        built.lines.append(row)
        line = len(built.lines)
        for column, kind in ((12, "count"), (13, "percent"), (14, "count"), (15, "percent")):
            built.derived.append(Derived(line, position(column, "K"), kind))
            built.derived.append(Derived(line, position(column, "Rp"), "percent" if kind == "percent" else "rupiah"))

    averages = [sum(capaian_k) / len(capaian_k), sum(capaian_rp) / len(capaian_rp)]
    label_at = position(12, "Rp") - 1  # the label stands just before the capaian columns
    for label, values, kind in (
        ("Rata-Rata Capaian Kinerja (%)", [pct(a) for a in averages], "percent"),
        ("Predikat kinerja", [predikat(a).value for a in averages], "predikat"),
        ("Rata-rata capaian program", [pct(a) for a in averages], "percent"),
        ("Predikat kinerja", [predikat(a).value for a in averages], "predikat"),
    ):
        row = [""] * width
        row[label_at] = label
        row[label_at + 1], row[label_at + 2] = values
        built.lines.append(row)
        line = len(built.lines)
        built.derived += [Derived(line, label_at + 2, kind), Derived(line, label_at + 3, kind)]

    built.lines.append(["Tabel 2 menyajikan realisasi anggaran setiap program pada tahun 2019"])
    built.lines.append(["Program/Kegiatan", "Anggaran (Rp)", "Realisasi (Rp)", "Realisasi (%)", "Sisa Anggaran (Rp)"])
    for number, b in enumerate(budgets, start=1):
        built.lines.append([f"Program anggaran {number}", rp(b.anggaran), rp(b.realisasi),
                            pct(ratio(b.realisasi, b.anggaran)), rp(b.anggaran - b.realisasi)])
        line = len(built.lines)
        built.derived += [Derived(line, 4, "percent"), Derived(line, 5, "rupiah")]
    total_a = sum(b.anggaran for b in budgets)
    total_r = sum(b.realisasi for b in budgets)
    built.lines.append(["Total", rp(total_a), rp(total_r), pct(ratio(total_r, total_a)), rp(total_a - total_r)])
    line = len(built.lines)
    built.derived += [Derived(line, 2, "rupiah"), Derived(line, 3, "rupiah"), Derived(line, 4, "percent"),
                      Derived(line, 5, "rupiah")]
    return built


def two_places(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
