"""The database triggers that move an agency's data version in the same transaction as the write.

Each tracked table names how a row leads to its agency (``PATHS``). SQLite gets one row-level trigger per table and
event; PostgreSQL one statement-level trigger per table and event over its transition tables, so a bulk COPY of a
hundred thousand realisations moves each agency's version once per statement, not once per row. The bump is an
upsert: the first write of an agency creates its counter.

Tables not tracked, and why: the audit trail and import jobs record writes that already move the version; user
memberships change who may see data, not the data.
"""

from __future__ import annotations

from dataclasses import dataclass

VERSION_TABLE = "dataversion_agencydataversion"
EVENTS = ("INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class Path:
    """How a row of a table leads to the agencies whose data it is.

    ``row``: a SELECT of column ``a`` for one row, its columns written ``{r}.column`` (SQLite triggers).
    ``rows``: the same over a set of rows, the table written ``{t}`` (PostgreSQL transition tables).
    """

    row: str
    rows: str


_SP_OF_ELEMENT = ("FROM plan_planelement e JOIN plan_strategicplan sp ON sp.id = e.strategic_plan_id "
                  "WHERE e.id = {r}.element_id")
_SP_OF_INDICATOR = ("FROM plan_indicator i JOIN plan_planelement e ON e.id = i.element_id "
                    "JOIN plan_strategicplan sp ON sp.id = e.strategic_plan_id WHERE i.id = {r}.indicator_id")

AGENCY = Path("SELECT {r}.id AS a", "SELECT id AS a FROM {t}")
REGION = Path("SELECT id AS a FROM plan_agency WHERE region_id = {r}.id",
              "SELECT ag.id AS a FROM plan_agency ag JOIN {t} ON ag.region_id = {t}.id")
DIRECT = Path("SELECT {r}.agency_id AS a", "SELECT agency_id AS a FROM {t}")
AGENCY_OR_REGION = Path(
    "SELECT {r}.agency_id AS a UNION SELECT id AS a FROM plan_agency WHERE region_id = {r}.region_id",
    "SELECT agency_id AS a FROM {t} "
    "UNION SELECT ag.id AS a FROM plan_agency ag JOIN {t} ON ag.region_id = {t}.region_id",
)
STRATEGIC_PLAN = Path(
    "SELECT agency_id AS a FROM plan_strategicplan WHERE id = {r}.strategic_plan_id",
    "SELECT sp.agency_id AS a FROM {t} JOIN plan_strategicplan sp ON sp.id = {t}.strategic_plan_id",
)
ELEMENT = Path(
    "SELECT sp.agency_id AS a " + _SP_OF_ELEMENT,
    "SELECT sp.agency_id AS a FROM {t} JOIN plan_planelement e ON e.id = {t}.element_id "
    "JOIN plan_strategicplan sp ON sp.id = e.strategic_plan_id",
)
INDICATOR = Path(
    "SELECT sp.agency_id AS a " + _SP_OF_INDICATOR,
    "SELECT sp.agency_id AS a FROM {t} JOIN plan_indicator i ON i.id = {t}.indicator_id "
    "JOIN plan_planelement e ON e.id = i.element_id JOIN plan_strategicplan sp ON sp.id = e.strategic_plan_id",
)

REGION_OF_ROW = Path("SELECT id AS a FROM plan_agency WHERE region_id = {r}.region_id",
                    "SELECT ag.id AS a FROM plan_agency ag JOIN {t} ON ag.region_id = {t}.region_id")
SPM_SERVICE = Path("SELECT agency_id AS a FROM spm_basicservice WHERE id = {r}.service_id",
                   "SELECT s.agency_id AS a FROM {t} JOIN spm_basicservice s ON s.id = {t}.service_id")
VISION = Path(
    "SELECT ag.id AS a FROM plan_agency ag JOIN strategy_regionalvision v ON v.region_id = ag.region_id "
    "WHERE v.id = {r}.vision_id",
    "SELECT ag.id AS a FROM {t} JOIN strategy_regionalvision v ON v.id = {t}.vision_id "
    "JOIN plan_agency ag ON ag.region_id = v.region_id",
)
STRATEGY = Path(
    "SELECT sp.agency_id AS a FROM strategy_strategy s JOIN plan_strategicplan sp ON sp.id = s.strategic_plan_id "
    "WHERE s.id = {r}.strategy_id",
    "SELECT sp.agency_id AS a FROM {t} JOIN strategy_strategy s ON s.id = {t}.strategy_id "
    "JOIN plan_strategicplan sp ON sp.id = s.strategic_plan_id",
)
TEAM = Path("SELECT agency_id AS a FROM strategy_draftingteam WHERE id = {r}.team_id",
            "SELECT d.agency_id AS a FROM {t} JOIN strategy_draftingteam d ON d.id = {t}.team_id")

# Every table whose rows a computed result may read. tests/dataversion checks that each model holding agency data
# is here or in UNTRACKED, so a new table cannot be forgotten.
PATHS: dict[str, Path] = {
    "plan_region": REGION,
    "plan_agency": AGENCY,
    "plan_unit": DIRECT,
    "plan_strategicplan": DIRECT,
    "plan_revision": DIRECT,
    "plan_categoryscale": DIRECT,
    "plan_measureunitequivalence": AGENCY_OR_REGION,
    "plan_planelement": STRATEGIC_PLAN,
    "plan_indicator": ELEMENT,
    "plan_target": INDICATOR,
    "plan_realisation": INDICATOR,
    "plan_carriedrealisation": INDICATOR,
    "plan_budget": ELEMENT,
    "plan_budgetrealisation": ELEMENT,
    "plan_carriedbudgetrealisation": ELEMENT,
    "plan_printedfigure": DIRECT,
    "plan_narrative": DIRECT,
    "plan_rkpdreview": DIRECT,
    "plan_proposal": DIRECT,
    "plan_issueddocument": DIRECT,
    "realisation_quarterreport": DIRECT,
    # The tables of the documents' other chapters (issue 14): what a generated document reads.
    "plan_codecrosswalk": DIRECT,
    "plan_fundingline": DIRECT,
    "spm_basicservice": DIRECT,
    "spm_servicerecipient": SPM_SERVICE,
    "spm_servicecomponent": SPM_SERVICE,
    "spm_welfarepotential": DIRECT,
    "strategy_serviceproblem": DIRECT,
    "strategy_determiningfactor": DIRECT,
    "strategy_policyreview": DIRECT,
    "strategy_regionalvision": REGION_OF_ROW,
    "strategy_regionalmission": VISION,
    "strategy_missiongoal": STRATEGIC_PLAN,
    "strategy_strategy": STRATEGIC_PLAN,
    "strategy_policydirection": STRATEGY,
    "strategy_programalignment": DIRECT,
    "strategy_prioritylink": DIRECT,
    "strategy_draftingteam": DIRECT,
    "strategy_draftingteammember": TEAM,
}
UNTRACKED = frozenset({"realisation_auditentry", "imports_importjob", "accounts_membership"})


def _bump(select: str) -> str:
    # ``WHERE a IS NOT NULL`` also settles SQLite's parse of INSERT … SELECT … ON CONFLICT (it needs a WHERE).
    # Only our own table names and path constants are formatted in: DDL, no user input.
    return (f"INSERT INTO {VERSION_TABLE} (agency_id, version) SELECT DISTINCT a, 1 FROM ({select}) AS changed "  # noqa: S608
            f"WHERE a IS NOT NULL ORDER BY a "
            f"ON CONFLICT (agency_id) DO UPDATE SET version = {VERSION_TABLE}.version + 1")


def _name(table: str, event: str) -> str:
    return f"kinerja_dv_{table}_{event.lower()}"


def sqlite_statements(paths: dict[str, Path]) -> list[str]:
    statements = []
    for table, path in paths.items():
        for event in EVENTS:
            rows = {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["NEW", "OLD"]}[event]
            select = " UNION ".join(path.row.format(r=r) for r in rows)
            statements.append(f"DROP TRIGGER IF EXISTS {_name(table, event)}")
            statements.append(f"CREATE TRIGGER {_name(table, event)} AFTER {event} ON {table} FOR EACH ROW "
                              f"BEGIN {_bump(select)}; END")
    return statements


def postgres_statements(paths: dict[str, Path]) -> list[str]:
    statements = []
    for table, path in paths.items():
        for event in EVENTS:
            name = _name(table, event)
            transitions = {"INSERT": {"NEW": "new_rows"}, "DELETE": {"OLD": "old_rows"},
                           "UPDATE": {"NEW": "new_rows", "OLD": "old_rows"}}[event]
            select = " UNION ".join(path.rows.format(t=t) for t in transitions.values())
            referencing = " ".join(f"{kind} TABLE AS {t}" for kind, t in transitions.items())
            statements.append(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                              f"BEGIN {_bump(select)}; RETURN NULL; END $$")
            statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            statements.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
                              f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()")
    return statements


def drop_statements(vendor: str, paths: dict[str, Path]) -> list[str]:
    statements = []
    for table in paths:
        for event in EVENTS:
            name = _name(table, event)
            if vendor == "postgresql":
                statements += [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
            else:
                statements.append(f"DROP TRIGGER IF EXISTS {name}")
    return statements


def install(connection, paths: dict[str, Path]) -> None:
    """Create (or replace) the triggers of ``paths`` on the connection's database."""
    if connection.vendor == "postgresql":
        statements = postgres_statements(paths)
    elif connection.vendor == "sqlite":
        statements = sqlite_statements(paths)
    else:
        raise NotImplementedError(f"data version triggers for {connection.vendor}")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def remove(connection, paths: dict[str, Path]) -> None:
    with connection.cursor() as cursor:
        for statement in drop_statements(connection.vendor, paths):
            cursor.execute(statement)
