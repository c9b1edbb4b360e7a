"""A local Neo4j 5.26 LTS Community server without Docker.

Maven fetches the server and Neo4j Browser jars from Maven Central (``neo4j/pom.xml``)
into a cache home, ``~/.cache/kg_builder/neo4j-<version>`` unless ``KG_NEO4J_HOME``
says otherwise. The server runs detached from that home as
``java -cp lib/* org.neo4j.server.CommunityEntryPoint`` with a generated ``neo4j.conf``
that listens on 127.0.0.1 only. Layout of the home::

    lib/        jars (and .kg_builder-provisioned.json once Maven finished)
    conf/       neo4j.conf, rewritten on every start
    data/ logs/ run/ import/ plugins/
    logs/console.log   the JVM's stdout and stderr
    run/kg_builder-neo4j.pid, run/kg_builder-neo4j.json   what runs, on which ports

Passwords travel only through a mode-0600 Java argument file that is deleted at once,
never through a command line, an environment handed to the server, a log or a message.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kg_builder.errors import Neo4jAuthError, Neo4jError

__all__ = [
    "DEFAULT_BOLT_PORT",
    "DEFAULT_HEAP",
    "DEFAULT_HTTP_PORT",
    "DEFAULT_PAGECACHE",
    "JVM_OPTIONS",
    "ProvisionResult",
    "ServerStatus",
    "StartResult",
    "StopResult",
    "find_java",
    "find_maven",
    "find_pom",
    "neo4j_home",
    "pinned_versions",
    "provision",
    "start",
    "status",
    "stop",
]

LISTEN_HOST = "127.0.0.1"
DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
DEFAULT_HEAP = "1g"
# Small on purpose: CI runs on a 2-core box next to spaCy and the tests.
DEFAULT_PAGECACHE = "256m"
DEFAULT_START_TIMEOUT = 120.0
DEFAULT_STOP_TIMEOUT = 60.0
MIN_JAVA_VERSION = 17
# Neo4j's own default for dbms.security.auth_minimum_password_length.
MIN_PASSWORD_LENGTH = 8
MAVEN_TIMEOUT = 1800.0

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"

# The server.jvm.additional lines of the neo4j.conf shipped with Neo4j 5.26. Neo4j's
# bootloader (bin/neo4j) passes them to the JVM; we start the JVM ourselves, so they are
# repeated here. The bootloader also adds -Dfile.encoding=UTF-8 and -Xms/-Xmx from
# server.memory.heap.*, which _server_command adds explicitly.
JVM_OPTIONS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+AlwaysPreTouch",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
    "-Dfile.encoding=UTF-8",
)

INSTALL_HINT = (
    "Install Java 17+ and Maven, e.g. `apt-get install openjdk-17-jre-headless maven` "
    "(Debian/Ubuntu), then run `kg neo4j start` again. Alternatively run Neo4j in Docker: "
    "`docker run -p 7474:7474 -p 7687:7687 -e NEO4J_AUTH=neo4j/<password> neo4j:5.26` "
    "and point kg at it with NEO4J_URI/NEO4J_PASSWORD."
)

_MARKER = ".kg_builder-provisioned.json"
_PID_FILE = "kg_builder-neo4j.pid"
_STATE_FILE = "kg_builder-neo4j.json"
_SIZE_RE = re.compile(r"^[1-9][0-9]*[kmg]?$")
# Environment variables that may hold credentials; the server process never needs them.
_SECRET_ENV = ("NEO4J_PASSWORD", "KG_TEST_NEO4J_PASSWORD", "NEO4J_AUTH")


@dataclass(frozen=True)
class ProvisionResult:
    """Where the server jars are and whether Maven had to run for them."""

    home: Path
    lib: Path
    neo4j_version: str
    browser_version: str
    downloaded: bool
    seconds: float
    jar_count: int


@dataclass(frozen=True)
class ServerStatus:
    """What runs where: the answer of :func:`status`."""

    running: bool
    home: Path
    version: str
    bolt_port: int
    http_port: int
    pid: int | None = None
    started_at: str | None = None
    rss_bytes: int | None = None
    provisioned: bool = False

    @property
    def bolt_uri(self) -> str:
        """The Bolt URI clients connect to."""
        return f"bolt://{LISTEN_HOST}:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        """Neo4j Browser, served by the server's HTTP connector."""
        return f"http://{LISTEN_HOST}:{self.http_port}/browser/"

    @property
    def log_file(self) -> Path:
        """The JVM's stdout/stderr; Neo4j's own logs are beside it."""
        return self.home / "logs" / "console.log"


@dataclass(frozen=True)
class StartResult:
    """The outcome of :func:`start`."""

    status: ServerStatus
    already_running: bool
    provision: ProvisionResult | None = None
    initial_password_set: bool = False
    ready_seconds: float | None = None


@dataclass(frozen=True)
class StopResult:
    """The outcome of :func:`stop`."""

    was_running: bool
    pid: int | None
    seconds: float
    forced: bool


# ---------------------------------------------------------------------------
# Locating the pom, the home, Java and Maven


def find_pom() -> Path:
    """Return the Maven project that pins the Neo4j and Neo4j Browser versions.

    Looked for beside this module (a wheel may ship it there) and at ``neo4j/pom.xml``
    in the source tree.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "pom.xml", here.parents[1] / "neo4j" / "pom.xml"):
        if candidate.is_file():
            return candidate
    raise Neo4jError(
        "neo4j/pom.xml, which pins the Neo4j server version, was not found next to "
        f"{here} nor in the source tree. Run kg from a kg_builder checkout, or use Docker: "
        "`docker run -p 7474:7474 -p 7687:7687 -e NEO4J_AUTH=neo4j/<password> neo4j:5.26`."
    )


def pinned_versions(pom: Path | None = None) -> tuple[str, str]:
    """Return ``(neo4j_version, browser_version)`` as pinned in the pom's properties."""
    pom = pom or find_pom()
    text = pom.read_text(encoding="utf-8")
    found = []
    for key in ("neo4j.version", "neo4j-browser.version"):
        match = re.search(rf"<{re.escape(key)}>\s*([^<\s]+)\s*</{re.escape(key)}>", text)
        if not match:
            raise Neo4jError(f"{pom} has no <{key}> property; restore it from git.")
        found.append(match.group(1))
    return found[0], found[1]


def neo4j_home(*, version: str | None = None) -> Path:
    """Return the server home: ``$KG_NEO4J_HOME`` or ``~/.cache/kg_builder/neo4j-<version>``."""
    override = os.environ.get("KG_NEO4J_HOME")
    if override:
        return Path(override).expanduser().resolve()
    version = version or pinned_versions()[0]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return (cache / "kg_builder" / f"neo4j-{version}").resolve()


def _java_version(java: str) -> int:
    """Return the feature version (17, 21, …) that ``java -version`` reports."""
    try:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except OSError as exc:
        raise Neo4jError(f"Cannot run {java}: {exc}. {INSTALL_HINT}") from exc
    match = re.search(r'version "(\d+)(?:\.(\d+))?', proc.stderr + proc.stdout)
    if not match:
        raise Neo4jError(f"Cannot tell the version of {java} from `java -version`. {INSTALL_HINT}")
    major = int(match.group(1))
    # Java 8 and older call themselves 1.x.
    return int(match.group(2) or 0) if major == 1 else major


def find_java() -> str:
    """Return a Java 17+ executable (``$JAVA_HOME/bin/java`` first, then ``PATH``)."""
    java_home = os.environ.get("JAVA_HOME")
    java: str | None = None
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        java = str(Path(java_home) / "bin" / "java")
    else:
        java = shutil.which("java")
    if java is None:
        raise Neo4jError(
            "The local Neo4j server needs Java 17 or newer, and no `java` was found "
            f"(not on PATH, JAVA_HOME unset or wrong). {INSTALL_HINT}"
        )
    version = _java_version(java)
    if version < MIN_JAVA_VERSION:
        raise Neo4jError(
            f"Neo4j 5.26 needs Java {MIN_JAVA_VERSION} or newer, but {java} is Java {version}. "
            f"Set JAVA_HOME to a newer JDK. {INSTALL_HINT}"
        )
    return java


def find_maven() -> str:
    """Return the ``mvn`` executable used to fetch the server jars."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jError(
            "Maven (`mvn`) is needed once, to download the Neo4j server jars, and it is not "
            f"on PATH. {INSTALL_HINT}"
        )
    return mvn


# ---------------------------------------------------------------------------
# Provisioning


@contextlib.contextmanager
def _locked(home: Path) -> Iterator[None]:
    """Serialize provisioning and starting across processes (CI may call start twice).

    The home is made private (0700): it holds the password hash (data/dbms/auth.ini),
    the database and the logs.
    """
    home.mkdir(parents=True, exist_ok=True)
    _make_private(home)
    with open(home / ".kg_builder.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _make_private(home: Path) -> None:
    """Mode 0700 on the home and 0600 on the password files Neo4j keeps in it."""
    try:
        os.chmod(home, 0o700)
        for name in ("auth.ini", "auth"):
            path = home / "data" / "dbms" / name
            if path.is_file():
                os.chmod(path, 0o600)
    except OSError as exc:
        raise Neo4jError(f"cannot make the Neo4j home {home} private (mode 0700): {exc}") from exc


def _pom_digest(pom: Path) -> str:
    return hashlib.sha256(pom.read_bytes()).hexdigest()


def _read_marker(lib: Path) -> dict[str, object] | None:
    try:
        return json.loads((lib / _MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _provisioned(lib: Path, pom: Path) -> bool:
    marker = _read_marker(lib)
    return marker is not None and marker.get("pom_sha256") == _pom_digest(pom) and any(lib.glob("*.jar"))


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _provision_locked(home: Path, pom: Path) -> ProvisionResult:
    neo4j_version, browser_version = pinned_versions(pom)
    lib = home / "lib"
    if _provisioned(lib, pom):
        return ProvisionResult(
            home=home,
            lib=lib,
            neo4j_version=neo4j_version,
            browser_version=browser_version,
            downloaded=False,
            seconds=0.0,
            jar_count=len(list(lib.glob("*.jar"))),
        )
    find_java()  # Maven needs it too; say so before Maven fails less clearly.
    mvn = find_maven()
    partial = home / "lib.partial"
    shutil.rmtree(partial, ignore_errors=True)
    began = time.monotonic()
    command = [
        mvn,
        "-B",
        "-q",
        "-f",
        str(pom),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={partial}",
    ]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=MAVEN_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise Neo4jError(
            f"Maven did not finish downloading Neo4j {neo4j_version} within "
            f"{MAVEN_TIMEOUT:.0f} s. Check access to Maven Central (proxies go in "
            "~/.m2/settings.xml) and run `kg neo4j start` again."
        ) from exc
    if proc.returncode != 0:
        raise Neo4jError(
            f"Maven could not download Neo4j {neo4j_version} (exit {proc.returncode}). Check "
            "access to Maven Central (proxies go in ~/.m2/settings.xml) and run "
            f"`kg neo4j start` again. Maven said:\n{_tail(proc.stdout + proc.stderr)}"
        )
    server_jar = partial / f"neo4j-{neo4j_version}.jar"
    browser_jar = partial / f"neo4j-browser-{browser_version}.jar"
    for needed in (server_jar, browser_jar):
        if not needed.is_file():
            raise Neo4jError(
                f"Maven finished but {needed.name} is missing from {partial}; "
                f"delete {home} and run `kg neo4j start` again."
            )
    jars = sorted(partial.glob("*.jar"))
    shutil.rmtree(lib, ignore_errors=True)
    os.replace(partial, lib)
    marker = {
        "neo4j_version": neo4j_version,
        "browser_version": browser_version,
        "pom_sha256": _pom_digest(pom),
        "jar_count": len(jars),
        "completed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    # Written last: its presence means the jar set is complete.
    (lib / _MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    return ProvisionResult(
        home=home,
        lib=lib,
        neo4j_version=neo4j_version,
        browser_version=browser_version,
        downloaded=True,
        seconds=time.monotonic() - began,
        jar_count=len(jars),
    )


def provision(*, home: Path | None = None) -> ProvisionResult:
    """Download the Neo4j server and Browser jars into ``<home>/lib`` unless already there.

    Maven runs only when the lib directory lacks a completion marker for the current
    ``neo4j/pom.xml``; otherwise this returns at once with ``downloaded=False``.
    """
    pom = find_pom()
    home = home or neo4j_home(version=pinned_versions(pom)[0])
    with _locked(home):
        return _provision_locked(home, pom)


# ---------------------------------------------------------------------------
# Processes


def _cmdline(pid: int) -> str | None:
    """The command line of a live, non-zombie process, or None."""
    proc = Path(f"/proc/{pid}")
    if Path("/proc/self").exists():
        try:
            stat = (proc / "stat").read_text()
            # The state follows the parenthesised command name, which may hold spaces.
            if stat[stat.rindex(")") + 2] == "Z":
                with contextlib.suppress(ChildProcessError, OSError):
                    os.waitpid(pid, os.WNOHANG)
                return None
            return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, IndexError):
            return None
    try:  # macOS and other systems without /proc
        os.kill(pid, 0)
    except OSError:
        return None
    out = subprocess.run(
        ["ps", "-o", "command=", "-p", str(pid)], capture_output=True, text=True, check=False
    )
    return out.stdout.strip() or None


def _is_our_server(pid: int, home: Path) -> bool:
    cmd = _cmdline(pid)
    return cmd is not None and ENTRY_POINT in cmd and f"--home-dir={home}" in cmd


def _rss_bytes(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _read_state(home: Path) -> dict[str, object]:
    try:
        return json.loads((home / "run" / _STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _read_pid(home: Path) -> int | None:
    try:
        return int((home / "run" / _PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return None


def _clear_run_files(home: Path) -> None:
    for name in (_PID_FILE, _STATE_FILE):
        with contextlib.suppress(FileNotFoundError):
            (home / "run" / name).unlink()


def status(*, home: Path | None = None) -> ServerStatus:
    """Report whether the local server runs, with its pid, ports, version and memory."""
    home = home or neo4j_home()
    state = _read_state(home)
    marker = _read_marker(home / "lib")
    version = str(state.get("neo4j_version") or (marker or {}).get("neo4j_version") or _safe_pinned_version())
    bolt_port = int(state.get("bolt_port", DEFAULT_BOLT_PORT))  # type: ignore[arg-type]
    http_port = int(state.get("http_port", DEFAULT_HTTP_PORT))  # type: ignore[arg-type]
    pid = _read_pid(home)
    running = pid is not None and _is_our_server(pid, home)
    return ServerStatus(
        running=running,
        home=home,
        version=version,
        bolt_port=bolt_port,
        http_port=http_port,
        pid=pid if running else None,
        started_at=str(state["started_at"]) if running and "started_at" in state else None,
        rss_bytes=_rss_bytes(pid) if running and pid is not None else None,
        provisioned=marker is not None,
    )


def _safe_pinned_version() -> str:
    try:
        return pinned_versions()[0]
    except Neo4jError:
        return "unknown"


# ---------------------------------------------------------------------------
# Starting


def _check_size(name: str, value: str) -> str:
    value = value.strip().lower()
    if not _SIZE_RE.match(value):
        raise Neo4jError(f"{name} {value!r} is not a size like 512m or 2g (digits, then k, m or g).")
    return value


def _check_port(name: str, port: int) -> None:
    if not 1 <= port <= 65535:
        raise Neo4jError(f"{name} {port} is not a TCP port (1-65535).")


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LISTEN_HOST, port))
        except OSError:
            return True
    return False


def render_config(*, home: Path, bolt_port: int, http_port: int, heap: str, pagecache: str) -> str:
    """Return the ``neo4j.conf`` text for a loopback-only server rooted at ``home``."""
    lines = [
        "# Generated by kg_builder (kg neo4j start) on every start; edits are overwritten.",
        f"server.directories.data={home / 'data'}",
        f"server.directories.logs={home / 'logs'}",
        f"server.directories.run={home / 'run'}",
        f"server.directories.lib={home / 'lib'}",
        f"server.directories.import={home / 'import'}",
        f"server.directories.plugins={home / 'plugins'}",
        # Loopback only: a test server must not be reachable from the network.
        f"server.default_listen_address={LISTEN_HOST}",
        f"server.default_advertised_address={LISTEN_HOST}",
        "server.bolt.enabled=true",
        f"server.bolt.listen_address={LISTEN_HOST}:{bolt_port}",
        f"server.bolt.advertised_address={LISTEN_HOST}:{bolt_port}",
        "server.http.enabled=true",
        f"server.http.listen_address={LISTEN_HOST}:{http_port}",
        f"server.http.advertised_address={LISTEN_HOST}:{http_port}",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        "dbms.usage_report.enabled=false",
        # Informational: the launcher would turn these into -Xms/-Xmx; we pass those ourselves.
        f"server.memory.heap.initial_size={heap}",
        f"server.memory.heap.max_size={heap}",
        f"server.memory.pagecache.size={pagecache}",
        # A local exploration server needs no history: keep at most 1 GB of transaction
        # logs (Neo4j's default keeps 2 days, which a few loads of a large store turn into
        # many GB). Pruning happens at checkpoints (every 15 minutes in Community).
        "db.tx_log.rotation.retention_policy=1G size",
        # Netty's default 5 s quiet period, paid once per Bolt event loop group, made every
        # stop take ~12 s; connections are already drained by then. Internal to 5.26.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=1",  # seconds
    ]
    lines += [f"server.jvm.additional={option}" for option in JVM_OPTIONS]
    return "\n".join(lines) + "\n"


def _server_command(java: str, home: Path, heap: str) -> list[str]:
    return [
        java,
        "-cp",
        str(home / "lib" / "*"),
        *JVM_OPTIONS,
        f"-Xms{heap}",
        f"-Xmx{heap}",
        ENTRY_POINT,
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
    ]


def _child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SECRET_ENV}
    env["NEO4J_HOME"] = str(home)
    env["NEO4J_CONF"] = str(home / "conf")
    return env


def _argfile_quote(value: str) -> str:
    """Quote one argument for a Java launcher @argfile."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
        .replace("\f", "\\f")
    )
    return f'"{escaped}"'


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Neo4jError(
            f"The Neo4j password must have at least {MIN_PASSWORD_LENGTH} characters "
            "(Neo4j's dbms.security.auth_minimum_password_length); choose a longer one."
        )
    if password.startswith("@"):
        # neo4j-admin's picocli would read it as the name of an argument file.
        raise Neo4jError("The Neo4j password must not start with '@'; choose another one.")


def _set_initial_password(java: str, home: Path, password: str) -> None:
    """Run ``neo4j-admin dbms set-initial-password`` without the password on a command line."""
    argfile = home / "run" / "set-initial-password.args"
    with contextlib.suppress(FileNotFoundError):
        argfile.unlink()
    fd = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"{ADMIN_ENTRY_POINT} dbms set-initial-password {_argfile_quote(password)}\n")
        proc = subprocess.run(
            [java, "-cp", str(home / "lib" / "*"), f"@{argfile}"],
            cwd=home,
            env=_child_env(home),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        with contextlib.suppress(FileNotFoundError):
            argfile.unlink()
    if proc.returncode != 0:
        said = _tail(proc.stdout + proc.stderr).replace(password, "***")
        raise Neo4jError(f"neo4j-admin could not set the initial password (exit {proc.returncode}):\n{said}")


def _log_tail(home: Path, lines: int = 25) -> str:
    parts = []
    for name in ("console.log", "neo4j.log"):
        path = home / "logs" / name
        with contextlib.suppress(OSError):
            text = path.read_text(encoding="utf-8", errors="replace")
            if text.strip():
                parts.append(f"--- {path} (last lines) ---\n{_tail(text, lines)}")
    return "\n".join(parts) or f"(no output in {home / 'logs'})"


def _wait_for_bolt(
    *, uri: str, password: str | None, process: subprocess.Popen[bytes], home: Path, timeout: float
) -> tuple[float, bool]:
    """Poll Bolt with the official driver until it answers; return (seconds, auth_ok).

    A refused login also proves Bolt answers, so a start without a password probes with
    a user that does not exist rather than spending the real user's failed-login budget.
    """
    import neo4j
    from neo4j.exceptions import AuthError, ClientError, DriverError, TransientError

    auth = ("neo4j", password) if password else ("kg_builder_readiness_probe", "-")
    began = time.monotonic()
    last_error = "no answer yet"
    driver = neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=2.0, max_connection_pool_size=1)
    try:
        while True:
            try:
                driver.verify_connectivity()
                return time.monotonic() - began, True
            except AuthError:
                return time.monotonic() - began, password is None
            except ClientError as exc:
                if exc.code and "AuthenticationRateLimit" in exc.code:
                    return time.monotonic() - began, False
                last_error = str(exc.code)  # e.g. the default database still starting
            except (DriverError, TransientError, OSError) as exc:
                last_error = type(exc).__name__  # not listening yet, or still starting
            if process.poll() is not None:
                raise Neo4jError(
                    f"The Neo4j server exited with code {process.returncode} before Bolt "
                    f"answered.\n{_log_tail(home)}"
                )
            if time.monotonic() - began > timeout:
                _terminate(process.pid, timeout=30.0)
                raise Neo4jError(
                    f"Neo4j did not answer on {uri} within {timeout:.0f} s (last: {last_error}) "
                    f"and was stopped. Raise --timeout on a slow machine.\n{_log_tail(home)}"
                )
            time.sleep(0.5)
    finally:
        driver.close()


def _check_running_password(current: ServerStatus, password: str) -> None:
    """Raise Neo4jAuthError when the running server refuses ``password`` for user neo4j."""
    import neo4j
    from neo4j.exceptions import AuthError, ClientError, DriverError

    uri = current.bolt_uri
    driver = neo4j.GraphDatabase.driver(uri, auth=("neo4j", password), connection_timeout=10.0)
    try:
        driver.verify_connectivity()
    except (AuthError, ClientError) as exc:
        limited = isinstance(exc, ClientError) and "AuthenticationRateLimit" in str(exc.code)
        if not isinstance(exc, AuthError) and not limited:
            raise Neo4jError(f"Neo4j at {uri} refused the connection: {exc.code}.") from None
        raise Neo4jAuthError(
            f"Neo4j is already running at {uri} (home {current.home}) but refuses the given "
            "password for user neo4j"
            + (" (locked for a few seconds after repeated failed logins)" if limited else "")
            + ". The password is set on the first start of a home only; use that one, or "
            f"`kg neo4j stop --home {current.home}` and delete {current.home / 'data'} to start "
            "over with a new one."
        ) from None
    except (DriverError, OSError) as exc:
        raise Neo4jError(
            f"Neo4j runs (pid {current.pid}) but does not answer at {uri} ({type(exc).__name__}); "
            f"see {current.log_file}."
        ) from None
    finally:
        driver.close()


def start(
    *,
    password: str | None = None,
    bolt_port: int = DEFAULT_BOLT_PORT,
    http_port: int = DEFAULT_HTTP_PORT,
    heap: str = DEFAULT_HEAP,
    pagecache: str = DEFAULT_PAGECACHE,
    home: Path | None = None,
    timeout: float = DEFAULT_START_TIMEOUT,
) -> StartResult:
    """Provision if needed, then start the server detached and wait until Bolt answers.

    The first start of a home needs ``password``: it becomes the ``neo4j`` user's initial
    password. Later starts accept it to check it works (raising :class:`Neo4jAuthError`
    when the server refuses it, with the server left running). Starting while the server
    already runs changes nothing and returns its status with ``already_running=True``,
    after checking ``password`` (when given) against it: a refused one raises
    :class:`Neo4jAuthError`. The home is made private (mode 0700) on every start.
    """
    _check_port("--bolt-port", bolt_port)
    _check_port("--http-port", http_port)
    if bolt_port == http_port:
        raise Neo4jError(f"--bolt-port and --http-port are both {bolt_port}; pick two ports.")
    heap = _check_size("--heap", heap)
    pagecache = _check_size("--pagecache", pagecache)
    pom = find_pom()
    home = (home or neo4j_home(version=pinned_versions(pom)[0])).resolve()
    with _locked(home):
        current = status(home=home)
        if current.running:
            if password:
                _check_running_password(current, password)
            return StartResult(status=current, already_running=True)
        java = find_java()
        prov = _provision_locked(home, pom)
        for name, port in (("Bolt", bolt_port), ("HTTP", http_port)):
            if _port_in_use(port):
                raise Neo4jError(
                    f"{name} port {LISTEN_HOST}:{port} is already in use by another program. "
                    f"Stop it, or choose another port with --{name.lower()}-port."
                )
        for sub in ("conf", "data", "logs", "run", "import", "plugins"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        (home / "conf" / "neo4j.conf").write_text(
            render_config(
                home=home, bolt_port=bolt_port, http_port=http_port, heap=heap, pagecache=pagecache
            ),
            encoding="utf-8",
        )
        first_start = not (home / "data" / "databases" / "system").exists()
        if first_start:
            if not password:
                raise Neo4jError(
                    "The first start of a Neo4j home sets the initial password of user neo4j: "
                    "pass --password or set NEO4J_PASSWORD "
                    f"(at least {MIN_PASSWORD_LENGTH} characters)."
                )
            _check_password(password)
            _set_initial_password(java, home, password)
            _make_private(home)
        log_path = home / "logs" / "console.log"
        with open(log_path, "ab") as log:
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            log.write(f"--- kg_builder: starting Neo4j {prov.neo4j_version} at {stamp}\n".encode())
            log.flush()
            process = subprocess.Popen(
                _server_command(java, home, heap),
                cwd=home,
                env=_child_env(home),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own session and process group: survives the CLI
                close_fds=True,
            )
        (home / "run" / _PID_FILE).write_text(f"{process.pid}\n")
        state = {
            "pid": process.pid,
            "bolt_port": bolt_port,
            "http_port": http_port,
            "heap": heap,
            "pagecache": pagecache,
            "neo4j_version": prov.neo4j_version,
            "browser_version": prov.browser_version,
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (home / "run" / _STATE_FILE).write_text(json.dumps(state, indent=2) + "\n")
        uri = f"bolt://{LISTEN_HOST}:{bolt_port}"
        try:
            ready, auth_ok = _wait_for_bolt(
                uri=uri, password=password, process=process, home=home, timeout=timeout
            )
        except BaseException:
            if process.poll() is not None:
                _clear_run_files(home)
            raise
        if not auth_ok:
            raise Neo4jAuthError(
                f"Neo4j is running at {uri} but refuses the given password for user neo4j. "
                "The password is set on the first start of a home only; use that one, or "
                f"`kg neo4j stop` and delete {home / 'data'} to start over with a new one."
            )
        return StartResult(
            status=status(home=home),
            already_running=False,
            provision=prov,
            initial_password_set=first_start,
            ready_seconds=ready,
        )


# ---------------------------------------------------------------------------
# Stopping


def _alive(pid: int) -> bool:
    return _cmdline(pid) is not None


def _terminate(pid: int, *, timeout: float) -> bool:
    """SIGTERM the server's process group, SIGKILL it after ``timeout``; True if forced."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return False
        time.sleep(0.25)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10.0
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return True


def stop(*, home: Path | None = None, timeout: float = DEFAULT_STOP_TIMEOUT) -> StopResult:
    """Shut the local server down cleanly: SIGTERM, wait up to ``timeout``, then SIGKILL."""
    home = home or neo4j_home()
    current = status(home=home)
    if not current.running or current.pid is None:
        _clear_run_files(home)
        return StopResult(was_running=False, pid=None, seconds=0.0, forced=False)
    began = time.monotonic()
    forced = _terminate(current.pid, timeout=timeout)
    if _alive(current.pid):
        raise Neo4jError(f"Neo4j (pid {current.pid}) survived SIGKILL; check `ps -p {current.pid}`.")
    _clear_run_files(home)
    return StopResult(was_running=True, pid=current.pid, seconds=time.monotonic() - began, forced=forced)
