from django.db import migrations, models

from kinerja.dataversion import triggers

# The tables tracked from the start; a later migration that adds a table installs its own trigger.
TABLES = (
    "plan_region", "plan_agency", "plan_unit", "plan_strategicplan", "plan_revision", "plan_categoryscale",
    "plan_measureunitequivalence", "plan_planelement", "plan_indicator", "plan_target", "plan_realisation",
    "plan_carriedrealisation", "plan_budget", "plan_budgetrealisation", "plan_carriedbudgetrealisation",
    "plan_printedfigure", "plan_narrative", "plan_rkpdreview", "plan_proposal", "plan_issueddocument",
    "realisation_quarterreport",
)


def install(apps, schema_editor):
    triggers.install(schema_editor.connection, {t: triggers.PATHS[t] for t in TABLES})


def remove(apps, schema_editor):
    triggers.remove(schema_editor.connection, {t: triggers.PATHS[t] for t in TABLES})


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("plan", "0010_agency_signature_place"),
        ("realisation", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AgencyDataVersion",
            fields=[
                ("agency_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(default=1)),
            ],
            options={"verbose_name": "Versi data Perangkat Daerah", "verbose_name_plural": "Versi data Perangkat Daerah"},
        ),
        migrations.CreateModel(
            name="DatabaseIdentity",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32, unique=True)),
            ],
            options={"verbose_name": "Identitas basis data", "verbose_name_plural": "Identitas basis data"},
        ),
        migrations.RunPython(install, remove),
    ]
