"""The local Neo4j server (kg neo4j start/stop/status) and the shared connection helper.

Server tests run against the real server started by ``scripts/neo4j-test-server``; no
mocks. A few tests need no server (the unreachable port, missing tools, settings repr).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

import click
import pytest
from click.testing import CliRunner

from kg_builder.errors import Neo4jAuthError, Neo4jError, Neo4jUnavailableError
from kg_builder.neo4j import server
from kg_builder.neo4j.cli import neo4j_group
from kg_builder.neo4j.connection import Neo4jSettings, connect, neo4j_options
from kg_builder.neo4j.testserver import Neo4jTestServer


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening_addresses(port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Local addresses of TCP sockets listening on ``port``, read from /proc/net."""
    found: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            addr_hex, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:  # 0A = LISTEN
                continue
            raw = bytes.fromhex(addr_hex)
            # The kernel prints each 32-bit word in host (little-endian) order.
            data = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            found.append(ipaddress.ip_address(data))
    return found


def _is_loopback(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(addr, "ipv4_mapped", None)
    return (mapped or addr).is_loopback


# --------------------------------------------------------------------------- real server


@pytest.fixture
def test_home(neo4j_test_server: Neo4jTestServer) -> Path:
    """The test server's home (never the default home of `kg neo4j start`)."""
    return neo4j_test_server.home


@pytest.mark.neo4j
def test_status_reports_the_running_server(neo4j_settings: Neo4jSettings, test_home: Path) -> None:
    st = server.status(home=test_home)
    assert st.running, f"status() says not running: {st}"
    assert st.pid is not None and st.pid > 1
    assert st.bolt_port == urlparse(neo4j_settings.uri).port
    assert st.bolt_uri == f"bolt://127.0.0.1:{st.bolt_port}"
    assert st.browser_url == f"http://127.0.0.1:{st.http_port}/browser/"
    assert st.version.startswith("5.26."), st.version
    assert st.rss_bytes is not None and st.rss_bytes > 100 * 2**20
    assert st.provisioned


@pytest.mark.neo4j
def test_status_command_prints_where_it_runs(neo4j_settings: Neo4jSettings, test_home: Path) -> None:
    st = server.status(home=test_home)
    result = CliRunner().invoke(neo4j_group, ["status", "--home", str(test_home)])
    assert result.exit_code == 0, result.output
    assert "running" in result.output and "not running" not in result.output, result.output
    for expected in (st.bolt_uri, st.browser_url, f"Neo4j {st.version}", str(st.pid)):
        assert expected in result.output, result.output
    assert neo4j_settings.password not in result.output


@pytest.mark.neo4j
def test_server_listens_on_loopback_only(neo4j_settings: Neo4jSettings, test_home: Path) -> None:
    if not Path("/proc/net/tcp").exists():
        pytest.skip("needs Linux /proc/net to list listening sockets")
    st = server.status(home=test_home)
    for port in (st.bolt_port, st.http_port):
        addresses = _listening_addresses(port)
        assert addresses, f"nothing listens on port {port}"
        assert all(_is_loopback(a) for a in addresses), f"port {port} listens on {addresses}"


@pytest.mark.neo4j
def test_start_while_running_is_a_noop(neo4j_settings: Neo4jSettings, test_home: Path) -> None:
    before = server.status(home=test_home)
    result = server.start(
        password=neo4j_settings.password,
        bolt_port=before.bolt_port,
        http_port=before.http_port,
        home=test_home,
    )
    assert result.already_running
    assert result.status.pid == before.pid
    assert result.provision is None


@pytest.mark.neo4j
def test_return_one_through_connect(neo4j_driver, neo4j_settings: Neo4jSettings) -> None:
    records, _, _ = neo4j_driver.execute_query("RETURN 1 AS one", database_=neo4j_settings.database)
    assert [r["one"] for r in records] == [1]
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition"
    )
    assert records[0]["edition"] == "community"
    assert records[0]["v"].startswith("5.26.")


@pytest.mark.neo4j
def test_wrong_password_raises_auth_error_without_the_password(
    neo4j_settings: Neo4jSettings,
) -> None:
    wrong = "wrong-" + secrets.token_hex(8)
    with pytest.raises(Neo4jAuthError) as info:
        connect(replace(neo4j_settings, password=wrong))
    message = str(info.value)
    assert neo4j_settings.user in message
    assert neo4j_settings.uri in message
    for secret in (wrong, neo4j_settings.password):
        assert secret not in message
        assert secret not in repr(info.value)
        assert secret not in str(info.value.__cause__)
    # A good login resets Neo4j's failed-attempt counter for the user.
    connect(neo4j_settings).close()


@pytest.mark.neo4j
def test_browser_is_served(neo4j_settings: Neo4jSettings, test_home: Path) -> None:
    st = server.status(home=test_home)
    with urllib.request.urlopen(st.browser_url, timeout=10) as response:
        assert response.status == 200
        assert "<title>Neo4j Browser</title>" in response.read().decode("utf-8", "replace")


@pytest.mark.neo4j
def test_lifecycle_in_a_separate_home(neo4j_settings: Neo4jSettings, test_home: Path, tmp_path: Path) -> None:
    """start (first: sets password) / start again (no-op) / stop / start with wrong password."""
    default = server.status(home=test_home)
    real_lib = default.home / "lib"
    if not default.provisioned:
        pytest.skip("the test server's home is not provisioned (test server not started by kg)")
    home = tmp_path / "home"
    home.mkdir()
    (home / "lib").symlink_to(real_lib)  # reuse the jars instead of a second download
    password = "lifecycle-" + secrets.token_hex(6)
    bolt, http = _free_port(), _free_port()
    settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{bolt}", password=password)
    try:
        with pytest.raises(Neo4jError, match="--password"):
            server.start(home=home, bolt_port=bolt, http_port=http, heap="256m")

        first = server.start(password=password, home=home, bolt_port=bolt, http_port=http, heap="256m")
        assert not first.already_running and first.initial_password_set
        assert first.ready_seconds is not None and first.ready_seconds < 120
        assert first.status.running and first.status.bolt_port == bolt
        conf = (home / "conf" / "neo4j.conf").read_text()
        assert f"server.bolt.listen_address=127.0.0.1:{bolt}" in conf
        assert password not in conf
        with connect(settings) as driver:
            assert driver.execute_query("RETURN 2 AS two").records[0]["two"] == 2

        # The home is private: it holds the password hash (issue 11, item 15).
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        auth = home / "data" / "dbms" / "auth.ini"
        assert auth.is_file() and stat.S_IMODE(auth.stat().st_mode) & 0o077 == 0
        home.chmod(0o755)  # a home made by an older kg_builder: the next start fixes it
        auth.chmod(0o644)

        again = server.start(password=password, home=home, bolt_port=bolt, http_port=http)
        assert again.already_running and again.status.pid == first.status.pid
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        assert stat.S_IMODE(auth.stat().st_mode) & 0o077 == 0

        # Another password than the running server's: checked, refused, exit 2 (not
        # "already running" with exit 0); the server keeps running.
        wrong = "other-" + secrets.token_hex(6)
        with pytest.raises(Neo4jAuthError, match="already running") as info:
            server.start(password=wrong, home=home, bolt_port=bolt, http_port=http)
        assert wrong not in str(info.value) and password not in str(info.value)
        result = subprocess.run(
            [sys.executable, "-m", "kg_builder.neo4j.cli", "start", "--home", str(home)],
            env={**os.environ, "NEO4J_PASSWORD": wrong},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 2, result.stdout + result.stderr
        assert "refuses the given password" in result.stderr and "Traceback" not in result.stderr
        assert wrong not in result.stdout + result.stderr
        assert server.status(home=home).pid == first.status.pid
        connect(settings).close()  # a good login resets the failed-attempt counter

        stopped = server.stop(home=home)
        assert stopped.was_running and not stopped.forced and stopped.pid == first.status.pid
        assert not server.status(home=home).running
        with pytest.raises(Neo4jUnavailableError):
            connect(settings)
        assert not server.stop(home=home).was_running

        with pytest.raises(Neo4jAuthError) as info:
            server.start(password="not-" + password, home=home, bolt_port=bolt, http_port=http)
        assert password not in str(info.value)
        assert server.status(home=home).running  # left running, as documented
        with connect(settings) as driver:
            driver.verify_connectivity()
        logs = "".join(p.read_text(errors="replace") for p in (home / "logs").glob("*.log"))
        assert password not in logs
    finally:
        server.stop(home=home)
    assert not server.status(home=home).running


# --------------------------------------------------------------------------- no server


def test_unreachable_port_raises_unavailable_quickly() -> None:
    settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{_free_port()}", password="secret-pw-123")
    began = time.monotonic()
    with pytest.raises(Neo4jUnavailableError) as info:
        connect(settings)
    assert time.monotonic() - began < 5
    message = str(info.value)
    assert settings.uri in message
    assert "kg neo4j start" in message
    assert "secret-pw-123" not in message


def test_settings_repr_hides_the_password() -> None:
    settings = Neo4jSettings(uri="bolt://127.0.0.1:7687", user="neo4j", password="s3cret-value")
    for shown in (repr(settings), str(settings), f"{settings}", repr([settings])):
        assert "s3cret-value" not in shown
        assert "'***'" in shown and "bolt://127.0.0.1:7687" in shown
    assert "password=None" in repr(Neo4jSettings())


def test_neo4j_options_read_the_environment() -> None:
    seen: list[Neo4jSettings] = []

    @click.command()
    @neo4j_options
    def probe(neo4j_settings: Neo4jSettings) -> None:
        seen.append(neo4j_settings)
        click.echo(repr(neo4j_settings))

    env = {
        "NEO4J_URI": "bolt://127.0.0.1:17687",
        "NEO4J_USERNAME": "analyst",
        "NEO4J_PASSWORD": "from-env-pw",
        "NEO4J_DATABASE": "news",
    }
    result = CliRunner().invoke(probe, [], env=env)
    assert result.exit_code == 0, result.output
    assert seen[-1] == Neo4jSettings("bolt://127.0.0.1:17687", "analyst", "from-env-pw", "news")
    assert "from-env-pw" not in result.output

    result = CliRunner().invoke(probe, ["--password", "flag-pw-1234", "--user", "bob"], env=env)
    assert result.exit_code == 0, result.output
    assert (seen[-1].user, seen[-1].password) == ("bob", "flag-pw-1234")

    empty = {k: None for k in env}
    result = CliRunner().invoke(probe, [], env=empty)
    assert result.exit_code == 0, result.output
    assert seen[-1] == Neo4jSettings("bolt://127.0.0.1:7687", "neo4j", None, "neo4j")


def test_missing_java_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(Neo4jError) as info:
        server.find_java()
    message = str(info.value)
    assert "apt-get install openjdk-17-jre-headless maven" in message
    assert "docker run -p 7474:7474 -p 7687:7687" in message and "neo4j:5.26" in message
    with pytest.raises(Neo4jError, match="Maven"):
        server.find_maven()


def test_old_java_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_home = tmp_path / "jdk"
    (fake_home / "bin").mkdir(parents=True)
    java = fake_home / "bin" / "java"
    # A stand-in executable, not a mock of the code under test: it prints what Java 11 prints.
    java.write_text("#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n")
    java.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(fake_home))
    with pytest.raises(Neo4jError, match=r"Java 17 or newer.*Java 11"):
        server.find_java()


def test_pom_pins_a_526_server_and_a_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    neo4j_version, browser_version = server.pinned_versions()
    assert neo4j_version.startswith("5.26.")
    assert browser_version.split(".")[0] == "5"
    monkeypatch.delenv("KG_NEO4J_HOME", raising=False)
    assert server.neo4j_home().name == f"neo4j-{neo4j_version}"
    monkeypatch.setenv("KG_NEO4J_HOME", "/tmp/elsewhere")
    assert server.neo4j_home() == Path("/tmp/elsewhere")


def test_bad_sizes_and_ports_are_refused() -> None:
    with pytest.raises(Neo4jError, match="512m"):
        server.start(password="long-enough-pw", heap="lots")
    with pytest.raises(Neo4jError, match="TCP port"):
        server.start(password="long-enough-pw", bolt_port=0)
    with pytest.raises(Neo4jError, match="two ports"):
        server.start(password="long-enough-pw", bolt_port=7000, http_port=7000)
