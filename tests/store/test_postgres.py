"""A bureau on a PostgreSQL server: the URL is recorded without its password, writers take turns, a device refuses a
server, and a server that cannot be used is one clear Chinese line. Runs only with INSPECTOR_TEST_DATABASE_URL set."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import col, select

from inspector_app.cli.main import main
from inspector_app.domain.enums import Outcome, Role
from inspector_app.domain.errors import ValidationError
from inspector_app.services import hazards, health, inspections, ledger, registry, setup
from inspector_app.services.context import App, open_app
from inspector_app.services.timeutil import today
from inspector_app.store.db import WRITER_LOCK_KEY, storage_error
from inspector_app.store.models import AuditEvent, Setting
from tests.database_server import Server, needs_server
from tests.services.helpers import started

pytestmark = needs_server
CJK = re.compile(r"[\u4e00-\u9fff]")


def _error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    line = lines[0].removeprefix("inspector-app: ")
    assert CJK.match(line) and "Traceback" not in err and "sqlalchemy" not in err.lower(), err
    return line


@pytest.fixture
def server_url(pg_server: Server) -> str:
    """A fresh, empty database on the test server, its URL with the password (as a DBA would hand it over)."""
    return pg_server.create()


@pytest.fixture
def bureau(tmp_path: Path, server_url: str) -> Iterator[App]:
    setup.init(tmp_path / "bureau", role=Role.BUREAU, authority="测试市应急管理局", short="测", database_url=server_url)
    with open_app(tmp_path / "bureau", actor="局端") as app:
        yield app


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_init_records_the_server_without_its_password(
    tmp_path: Path, server_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bureau"
    assert main(["--data-dir", str(folder), "--database-url", server_url, "init", "--role", "bureau"]) == 0
    capsys.readouterr()
    password = make_url(server_url).password
    assert password and password not in "".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())
    recorded = json.loads((folder / "database.json").read_text(encoding="utf-8"))
    assert make_url(recorded["url"]).database == make_url(server_url).database
    assert not (folder / "inspector.sqlite3").exists()
    assert {"keys", "media", "backups"} & {p.name for p in folder.iterdir()} >= {"media", "backups"}

    # Later commands need only the folder: the password comes from PGPASSWORD (set by the test session).
    assert main(["--data-dir", str(folder), "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["role"] == "bureau" and info["database"]["backend"] == "postgresql"
    assert password not in info["database"]["location"]
    assert main(["--data-dir", str(folder), "info"]) == 0
    assert "PostgreSQL" in capsys.readouterr().out
    assert main(["--data-dir", str(folder), "check"]) == 0


def test_a_database_that_already_holds_a_bureau_is_not_taken_by_a_second_folder(
    tmp_path: Path, server_url: str
) -> None:
    """Clerks share the bureau's folder (its keys and media); a second folder would replace the bureau's key."""
    first = setup.init(tmp_path / "one", role=Role.BUREAU, database_url=server_url)
    with pytest.raises(ValidationError, match="共用该局的数据文件夹"):
        setup.init(tmp_path / "two", role=Role.BUREAU, database_url=server_url)
    assert not (tmp_path / "two").exists()
    again = setup.init(tmp_path / "one", role=Role.BUREAU)  # the folder itself may be initialised again
    assert (again.created, again.device_id) == (False, first.device_id)
    with open_app(tmp_path / "one") as one, open_app(tmp_path / "one", actor="另一位科员") as other:
        registry.add_inspector(one, "王五", "43090300000009")
        assert [i.name for i in registry.list_inspectors(other)] == ["王五"]


def test_a_device_refuses_a_server(tmp_path: Path, server_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "device"
    assert main(["--data-dir", str(folder), "--database-url", server_url, "init"]) == 1
    assert "执法终端" in _error_line(capsys)
    assert not folder.exists()
    with pytest.raises(ValidationError, match="执法终端"):
        setup.init(folder, role=Role.DEVICE, database_url=server_url)

    setup.init(folder)  # a device on its own SQLite file; the server cannot be slipped in afterwards
    assert main(["--data-dir", str(folder), "--database-url", server_url, "info"]) == 1
    assert "本机数据库" in _error_line(capsys)


def test_a_server_that_cannot_be_used_is_one_clear_line(
    tmp_path: Path, server_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    good = make_url(server_url)
    cases = {
        "密码错误": good.set(password="certainly-not-the-password"),
        "连接被拒绝": good.set(host="127.0.0.1", port=_closed_port()),
        "没有这个数据库": good.set(database="inspector_no_such_database"),
    }
    for expected, url in cases.items():
        folder = tmp_path / expected
        argv = ["--data-dir", str(folder), "--database-url", url.render_as_string(hide_password=False)]
        assert main([*argv, "init", "--role", "bureau"]) == 1
        line = _error_line(capsys)
        assert expected in line, line
        assert "certainly-not-the-password" not in line
        assert not folder.exists()  # nothing half-made


def test_a_server_that_stops_answering_later_is_one_clear_line(
    tmp_path: Path, server_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bureau"
    setup.init(folder, role=Role.BUREAU, database_url=server_url)
    monkeypatch.setenv("PGPASSWORD", "certainly-not-the-password")
    assert main(["--data-dir", str(folder), "info"]) == 1
    assert "密码错误" in _error_line(capsys)
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    assert main(["--data-dir", str(folder), "info"]) == 1
    assert "PGPASSWORD" in _error_line(capsys)


def test_a_url_naming_another_database_is_refused(tmp_path: Path, bureau: App, server_url: str) -> None:
    other = make_url(server_url).set(database="some_other_database").render_as_string(hide_password=False)
    with pytest.raises(ValidationError, match="不一致"):
        open_app(bureau.data.root, database_url=other)
    assert storage_error(RuntimeError("x")).message.startswith("数据库错误")


def test_two_writers_take_turns(bureau: App) -> None:
    """The advisory lock stands in for SQLite's BEGIN IMMEDIATE: a second writer waits for the first to commit."""
    order: list[str] = []
    inside = threading.Event()
    with open_app(bureau.data.root, actor="另一位") as other:

        def first() -> None:
            with bureau.write() as s:
                s.add(Setting(key="first", value="1"))
                s.flush()
                order.append("first in")
                inside.set()
                time.sleep(0.5)
                order.append("first out")

        def second() -> None:
            inside.wait(10)
            with other.write() as s:
                s.add(Setting(key="second", value="2"))
                s.flush()  # the session connects, and so takes the lock, on its first statement
                order.append("second in")

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert order == ["first in", "first out", "second in"]
    with bureau.read() as s:
        lock_key = s.exec(select(Setting.value).where(Setting.key == "first")).one()
    assert lock_key == "1" and WRITER_LOCK_KEY > 0


def test_concurrent_writers_keep_one_audit_chain(bureau: App) -> None:
    """Four clerks adding people at once: every audit seq is allocated once and the chain still verifies."""
    errors: list[BaseException] = []

    def clerk(n: int) -> None:
        try:
            with open_app(bureau.data.root, actor=f"科员{n}") as app:
                for i in range(5):
                    registry.add_inspector(app, f"科员{n}号{i}", f"4309030010{n:02d}{i:02d}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=clerk, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with bureau.read() as s:
        seqs = list(s.exec(select(AuditEvent.seq).order_by(col(AuditEvent.seq))))
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert len(registry.list_inspectors(bureau)) == 20
    assert health.check(bureau) == []


def test_the_ledger_keys_rows_by_id_on_a_server(bureau: App) -> None:
    insp = started(bureau, started_at=datetime.now(UTC) - timedelta(days=5))
    items = inspections.template_for(bureau, insp).items[:3]
    for n, item in enumerate(items):
        inspections.record_result(bureau, insp, item.id, Outcome.FAIL, note="现场发现")
        hazards.raise_from_item(bureau, insp, item.id, deadline=today() + timedelta(days=n - 2))
    assert not ledger.uses_rowid(bureau)
    keys = ledger.ledger_keys(bureau)
    assert len(keys) == ledger.count_hazards(bureau) == 3
    assert [r["id"] for r in ledger.ledger_rows(bureau, keys)] == list(keys)
    for column in ledger.SORT_COLUMNS:
        for descending in (False, True):
            assert sorted(ledger.ledger_keys(bureau, sort_column=column, descending=descending)) == sorted(keys)
    overdue = ledger.LedgerFilter(overdue_only=True)
    assert 1 <= ledger.count_hazards(bureau, overdue) == len(ledger.ledger_keys(bureau, overdue)) < 3
    assert ledger.count_hazards(bureau, ledger.LedgerFilter(text="测试企业")) == 3
    stats = ledger.ledger_stats(bureau)
    assert (stats.total.found, stats.total.closed) == (3, 0)
    assert health.check(bureau) == []
