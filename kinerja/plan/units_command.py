"""``kinerja units list|declare|withdraw``: the kesetaraan satuan of an agency, and the unit mismatches to settle."""

from __future__ import annotations

import argparse
import json
import sys

DESCRIPTION = ("Kesetaraan satuan: dua ejaan satuan yang dinyatakan satu satuan oleh perencana perangkat daerah "
               "(atau admin Pemda untuk seluruh perangkat daerahnya), dengan alasan, tercatat di jejak audit. "
               "`list` menampilkan pernyataan yang berlaku dan setiap satuan yang berbeda (realisasi dan target, "
               "antartahun dalam proyeksi), termasuk yang sudah diselesaikan. Status keluar 2 bila masukan salah "
               "atau pernyataan ditolak (tidak ada yang disimpan).")


def add_units_parser(sub) -> argparse.ArgumentParser:
    units = sub.add_parser("units", help="declared unit equivalences (kesetaraan satuan) and the unit mismatches",
                           description=DESCRIPTION)
    verbs = units.add_subparsers(dest="verb", required=True, metavar="VERB")
    listing = verbs.add_parser("list", help="the declarations in force and every unit mismatch")
    listing.add_argument("--agency", required=True, help="agency slug, e.g. dinsospm-tarakan")
    listing.add_argument("--year", type=int, help="a Renja year (default: every Renja year)")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    declare = verbs.add_parser("declare", help="declare that UNIT is the same unit as SAME_AS")
    withdraw = verbs.add_parser("withdraw", help="withdraw the declaration of UNIT")
    for parser in (declare, withdraw):
        parser.add_argument("--agency", required=True, help="agency slug, e.g. dinsospm-tarakan")
        parser.add_argument("--unit", required=True, help="the spelling declared, e.g. 'Orang / Kali'")
        parser.add_argument("--reason", required=True, help="why (kept in the audit trail)")
        parser.add_argument("--user", required=True, help="who declares (username; perencana, or admin pemda)")
        parser.add_argument("--region", action="store_true",
                            help="for every agency of the agency's Pemda (admin pemda only)")
    declare.add_argument("--same-as", required=True, help="the unit it is the same as, e.g. Orang")
    units.set_defaults(func=run)
    return units


def run(args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model

    from kinerja.cli import CommandError
    from kinerja.consistency import CheckError, check_units
    from kinerja.plan import models as m
    from kinerja.reports.data import ReportError, find_agency

    from .units import UnitDeclarationError, canonicaliser, declarations_for, declare, withdraw

    try:
        agency = find_agency(args.agency)
    except ReportError as exc:
        raise CommandError(str(exc)) from exc
    if args.verb == "list":
        try:
            report = check_units(agency, args.year)
        except CheckError as exc:
            raise CommandError(str(exc)) from exc
        declarations = declarations_for(agency)
        if args.format == "json":
            sys.stdout.write(json.dumps({
                "agency": agency.slug, "year": args.year,
                "declarations": [_as_dict(d) for d in declarations],
                "mismatches": [f.as_dict() for f in report.findings],
                "settled": [f.as_dict() for f in report.settled],
            }, ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(_text(declarations, report))
        return 1 if report.findings else 0
    user_model = get_user_model()
    try:
        user = user_model.objects.get(username=args.user)
    except user_model.DoesNotExist:
        raise CommandError(f"pengguna {args.user!r} tidak ada") from None
    scope = {"region": agency.region} if args.region else {"agency": agency}
    try:
        if args.verb == "declare":
            declaration = declare(user, unit=args.unit, same_as=args.same_as, reason=args.reason, **scope)
            print(f"Dinyatakan: {declaration} ({_scope(declaration)}), oleh {user.username}")
        else:
            edge = canonicaliser(agency).edges
            from kinerja.engine import normalise_unit

            found = edge.get(normalise_unit(args.unit))
            wanted = (found is not None and (found.region_id is not None) == bool(args.region))
            if not wanted:
                mine = m.MeasureUnitEquivalence.objects.filter(**scope)
                known = ", ".join(str(d) for d in mine) or "(belum ada)"
                raise CommandError(f"tidak ada pernyataan kesetaraan untuk satuan {args.unit!r} "
                                   f"({'Pemda' if args.region else agency.slug}). Yang ada: {known}")
            withdraw(user, found, args.reason)
            print(f"Ditarik: {found} ({_scope(found)}), oleh {user.username}")
    except (UnitDeclarationError, PermissionError) as exc:
        raise CommandError(f"{args.user}: {exc}") from exc
    return 0


def _scope(declaration) -> str:
    return f"Pemda {declaration.region.name}" if declaration.region_id else declaration.agency.slug


def _as_dict(declaration) -> dict:
    return {"unit": declaration.unit, "same_as": declaration.same_as, "reason": declaration.reason,
            "scope": "pemda" if declaration.region_id else "pd",
            "declared_by": declaration.declared_by.username if declaration.declared_by else None,
            "declared_at": declaration.declared_at.isoformat()}


def _text(declarations, report) -> str:
    lines = ["Kesetaraan satuan yang berlaku:"]
    for d in declarations:
        who = d.declared_by.username if d.declared_by else "data demo"
        lines.append(f"  {d.unit} = {d.same_as} ({_scope(d)}; {who}, {d.declared_at:%Y-%m-%d}) — {d.reason}")
    if not declarations:
        lines.append("  (belum ada)")
    for title, found in (("Satuan berbeda yang belum diselesaikan", report.findings),
                         ("Satuan berbeda yang sudah diselesaikan oleh kesetaraan satuan", report.settled)):
        lines.append(f"{title}: {len(found)}")
        for f in found:
            lines.append(f"  {f.year or '—'} {f.reference} · {f.indicator.name} — {f.detail}")
    return "\n".join(lines) + "\n"
