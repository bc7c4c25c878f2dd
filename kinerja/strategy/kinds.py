"""The importable table kinds and their columns, without Django (the command line lists them before it starts)."""

# kind: (what it is, every column, the columns a file must have)
KIND_COLUMNS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "permasalahan": ("identifikasi permasalahan", ("aspek", "masalah", "nomor", "permasalahan"),
                     ("aspek", "permasalahan")),
    "faktor-penentu": ("faktor penghambat dan pendorong",
                       ("jenis", "no", "misi_program", "unsur", "permasalahan", "penghambat", "pendorong"),
                       ("jenis", "misi_program")),
    "telaahan-kebijakan": ("telaahan Renstra K/L dan provinsi",
                           ("telaahan", "dokumen", "no", "sasaran", "permasalahan", "penghambat", "pendorong"),
                           ("telaahan", "dokumen", "sasaran")),
    "visi-misi": ("visi dan misi RPJMD", ("jenis", "no", "uraian"), ("jenis", "uraian")),
    "misi-tujuan": ("misi yang relevan dan tujuan", ("misi", "misi_tercetak", "tujuan"), ("misi", "tujuan")),
    "strategi-kebijakan": ("strategi dan arah kebijakan",
                           ("no_strategi", "strategi", "unsur", "no_arah", "arah_kebijakan"),
                           ("strategi", "arah_kebijakan")),
    "keselarasan-program": ("keselarasan program", ("sasaran", "sasaran_unsur", "indikator", "program",
                                                    "program_unsur"), ("sasaran", "program")),
    "keterkaitan-prioritas": ("keterkaitan prioritas",
                              ("no", "kode", "prioritas_nasional", "prioritas_provinsi", "bidang_urusan", "program",
                               "kegiatan", "subkegiatan", "pagu", "ket"), ("subkegiatan",)),
    "tim-penyusun": ("tim penyusun", ("no", "nama", "jabatan"), ("nama",)),
}
