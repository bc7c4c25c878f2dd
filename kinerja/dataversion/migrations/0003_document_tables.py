from django.db import migrations

from kinerja.dataversion import triggers

# The tables of the documents' other chapters, added after 0001: the code crosswalk, Tabel 7's funding lines, the
# SPM services and PSKS, the strategic-context tables.
TABLES = (
    "plan_codecrosswalk", "plan_fundingline", "spm_basicservice", "spm_servicerecipient", "spm_servicecomponent",
    "spm_welfarepotential", "strategy_serviceproblem", "strategy_determiningfactor", "strategy_policyreview",
    "strategy_regionalvision", "strategy_regionalmission", "strategy_missiongoal", "strategy_strategy",
    "strategy_policydirection", "strategy_programalignment", "strategy_prioritylink", "strategy_draftingteam",
    "strategy_draftingteammember",
)


def install(apps, schema_editor):
    triggers.install(schema_editor.connection, {t: triggers.PATHS[t] for t in TABLES})


def remove(apps, schema_editor):
    triggers.remove(schema_editor.connection, {t: triggers.PATHS[t] for t in TABLES})


class Migration(migrations.Migration):
    dependencies = [
        ("dataversion", "0002_stored_result"),
        ("plan", "0013_crosswalk_printed_heading"),
        ("spm", "0001_initial"),
        ("strategy", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, remove)]
