"""The year (and agency) each catalog report is built for in the tests that go through every report."""

YEARS = {"renja-evaluasi": 2019, "renja-rencana": 2021, "rkpd-review": 2021, "usulan": 2021,
         "kinerja-pelayanan": 2021, "tujuan-sasaran": 2021, "pk": 2023, "iku": 2023, "lkjip": 2023,
         "ikk": 2021,  # seed 000's IKK table
         # the strategic-context tables (kinerja/strategy)
         "permasalahan": 2021, "faktor-penentu": 2021, "telaahan-kebijakan": 2021, "visi-misi": 2023,
         "strategi-kebijakan": 2023, "keselarasan-program": 2023, "keterkaitan-prioritas": 2024,
         "tim-penyusun": 2021,
         # the plan tables: crosswalk, program history, Tabel 7, PSKS, SPM services
         "kode-lama": 2021, "riwayat-program": 2023, "pendanaan": 2021, "psks": 2023, "spm-layanan": 2023}
# Built for Dinas Sosial Kutai Kartanegara unless named here (seed 001's tables are Tarakan's).
AGENCIES = {"keterkaitan-prioritas": "dinsospm-tarakan"}


def agency_of(name: str) -> str:
    return AGENCIES.get(name, "dinsos-kukar")
