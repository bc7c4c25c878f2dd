"""Ten people open the entry screen before a value exists and save at once: one value is stored, the other nine are
refused and shown it — with real concurrent requests against a running server, on the suite's database engine."""

import re
import threading

import pytest

from tests.served import Served, own_database

YEAR, QUARTER, UNIT = 2021, 2, "rehsos"
PAGE = f"/pd/dinsos-kukar/realisasi/{YEAR}/tw{QUARTER}/{UNIT}/"
SAVERS = 10


@pytest.fixture
def database_url(tmp_path):
    with own_database(tmp_path, "concurrent") as url:
        yield url


@pytest.fixture
def server(database_url, tmp_path):
    served = Served(database_url, tmp_path)
    served.run("demo")
    served.start()
    yield served
    served.stop()


def _empty_fields(page: str) -> tuple[str, str]:
    """An indicator and a budget line of the page that hold no value yet (their forms carry version 0)."""
    indicator = re.search(r'name="ver-(\d+)" value="0"', page)
    element = re.search(r'name="rpver-(\d+)" value="0"', page)
    assert indicator and element, "the quarter already holds every value"
    return indicator.group(1), element.group(1)


def _save_at_once(clients: list[Served], data: list[dict]) -> list[str]:
    barrier, pages = threading.Barrier(len(clients)), [""] * len(clients)

    def save(index: int) -> None:
        barrier.wait()
        status, pages[index] = clients[index].post(PAGE, data[index])
        assert status < 500, (status, pages[index][:500])

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return pages


@pytest.mark.slow
def test_concurrent_first_entries_store_one_value_and_refuse_the_rest(server):
    clients = [server.client() for _ in range(SAVERS)]
    for client in clients:
        client.login("operator.rehsos.kukar")
    opened = [client.get(PAGE) for client in clients]
    assert all(status == 200 for status, _page in opened)
    indicator, element = _empty_fields(opened[0][1])
    data = [{f"v-{indicator}": str(i + 1), f"ver-{indicator}": "0", f"note-{indicator}": "", f"url-{indicator}": "",
             f"rp-{element}": f"{(i + 1) * 1000}", f"rpver-{element}": "0", "save": "", "reason": ""}
            for i in range(SAVERS)]
    pages = _save_at_once(clients, data)

    saved = [i for i, page in enumerate(pages) if "Tersimpan:" in page]
    refused = [i for i, page in enumerate(pages) if "Tidak ada yang disimpan" in page]
    assert len(saved) == 1 and len(refused) == SAVERS - 1, (saved, refused)
    winner = saved[0]
    status, page = clients[refused[0]].get(PAGE)
    assert status == 200
    assert re.search(rf'name="v-{indicator}"[^>]*value="{winner + 1}"', page)
    # The entry grid shows amounts in Indonesian format: 3000 → "3.000".
    assert re.search(rf'name="rp-{element}"[^>]*value="{winner + 1}\.000"', page)
    # Each refused saver was shown the value that was stored instead of theirs.
    for index in refused:
        assert f"menjadi {winner + 1}" in pages[index]
