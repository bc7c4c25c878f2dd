"""The web application with the naive loaders of ``benchmarks.naive``: the baseline server of the benchmark."""

from kinerja.wsgi import application

__all__ = ["application"]


def _install() -> None:
    # Imported only now: benchmarks.naive uses the models, which exist once kinerja.wsgi has set Django up.
    from benchmarks.naive import install

    install()


_install()
