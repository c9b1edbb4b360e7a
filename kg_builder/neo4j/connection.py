"""Neo4j connection settings, their CLI options, and a checked driver factory.

Every command that talks to Neo4j uses :func:`neo4j_options` and :func:`connect`, so the
options, environment variables and error messages are the same everywhere. The password
is never shown: not in ``repr``, not in log lines, not in error messages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    import neo4j

from kg_builder.errors import Neo4jAuthError, Neo4jError, Neo4jUnavailableError

__all__ = [
    "BOLT_SCHEMES",
    "DEFAULT_DATABASE",
    "DEFAULT_URI",
    "DEFAULT_USER",
    "Neo4jSettings",
    "connect",
    "neo4j_options",
    "redact_uri",
]

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
DEFAULT_CONNECT_TIMEOUT = 10.0

F = TypeVar("F", bound=Callable[..., Any])

#: URI schemes of the Bolt protocol, the only one kg speaks (the driver's HTTP query API
#: needs extras kg does not install).
BOLT_SCHEMES: tuple[str, ...] = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@")


def redact_uri(uri: str) -> str:
    """``uri`` with its user info (``user:password@``) replaced by ``***@``, for messages."""
    return _USERINFO.sub(r"\1***@", uri)


def _check_uri(uri: str) -> None:
    """One clear line for a URI kg cannot use, before the driver sees it."""
    shown = redact_uri(uri)
    scheme, sep, _rest = uri.partition("://")
    if not sep or scheme.lower() not in BOLT_SCHEMES:
        raise Neo4jError(
            f"--uri {shown!r} is not a Bolt URI: kg talks to Neo4j over Bolt only "
            f"({', '.join(s + '://' for s in BOLT_SCHEMES)}), e.g. {DEFAULT_URI} "
            "(7474 is Neo4j's HTTP port, for the Browser; 7687 its Bolt port)."
        )
    if _USERINFO.match(uri):
        raise Neo4jError(
            f"--uri {shown!r} holds a user name or password: give them with --user/--password "
            "(NEO4J_USERNAME/NEO4J_PASSWORD) and leave them out of the URI."
        )


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect. ``repr`` and ``str`` hide the password."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str = DEFAULT_DATABASE

    @property
    def shown_uri(self) -> str:
        """The URI for messages and logs: user info (a password) redacted."""
        return redact_uri(self.uri)

    def __repr__(self) -> str:
        shown = "'***'" if self.password else "None"
        return (
            f"Neo4jSettings(uri={self.shown_uri!r}, user={self.user!r}, password={shown}, "
            f"database={self.database!r})"
        )

    __str__ = __repr__


def neo4j_options(func: F) -> F:
    """Add ``--uri --user --password --database`` to a click command.

    Defaults come from ``NEO4J_URI`` (else bolt://127.0.0.1:7687), ``NEO4J_USERNAME``
    (else neo4j), ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` (else neo4j). The command
    receives them as one keyword argument, ``neo4j_settings: Neo4jSettings``, so the
    password travels inside an object whose repr hides it.
    """

    @functools.wraps(func)
    def wrapper(
        *args: Any,
        neo4j_uri: str,
        neo4j_user: str,
        neo4j_password: str | None,
        neo4j_database: str,
        **kwargs: Any,
    ) -> Any:
        kwargs["neo4j_settings"] = Neo4jSettings(
            uri=neo4j_uri,
            user=neo4j_user,
            password=neo4j_password or None,
            database=neo4j_database,
        )
        return func(*args, **kwargs)

    # Applied bottom-up, so --uri is listed first in --help.
    options = [
        click.option(
            "--database",
            "neo4j_database",
            envvar="NEO4J_DATABASE",
            default=DEFAULT_DATABASE,
            show_default=True,
            show_envvar=True,
            help="Neo4j database name.",
        ),
        click.option(
            "--password",
            "neo4j_password",
            envvar="NEO4J_PASSWORD",
            default=None,
            show_envvar=True,
            help="Neo4j password (prefer the environment variable: a command line is visible "
            "to other local users).",
        ),
        click.option(
            "--user",
            "neo4j_user",
            envvar="NEO4J_USERNAME",
            default=DEFAULT_USER,
            show_default=True,
            show_envvar=True,
            help="Neo4j user name.",
        ),
        click.option(
            "--uri",
            "neo4j_uri",
            envvar="NEO4J_URI",
            default=DEFAULT_URI,
            show_default=True,
            show_envvar=True,
            help="Neo4j Bolt URI (bolt:// or neo4j://).",
        ),
    ]
    decorated: Callable[..., Any] = wrapper
    for option in options:
        decorated = option(decorated)
    return decorated  # type: ignore[return-value]


def connect(settings: Neo4jSettings, *, timeout: float = DEFAULT_CONNECT_TIMEOUT) -> neo4j.Driver:
    """Return a driver whose connectivity and credentials have been verified.

    Raises :class:`Neo4jAuthError` when the server refuses the credentials and
    :class:`Neo4jUnavailableError` when nothing answers at ``settings.uri``. The caller
    closes the driver (it is a context manager).
    """
    # Imported here: the driver costs 0.3 s of CPU that `kg build` and other store-only
    # commands never need (the CLI imports this module for its options).
    import neo4j
    from neo4j.exceptions import AuthError, ClientError, ConfigurationError, DriverError

    _check_uri(settings.uri)
    if not settings.password:
        raise Neo4jAuthError(
            f"No password given for Neo4j user {settings.user!r} at {settings.shown_uri}: "
            "pass --password or set NEO4J_PASSWORD."
        )
    try:
        driver = neo4j.GraphDatabase.driver(
            settings.uri,
            auth=(settings.user, settings.password),
            connection_timeout=timeout,
            connection_acquisition_timeout=timeout,
        )
    except (ConfigurationError, ValueError) as exc:
        said = str(exc).replace(settings.uri, settings.shown_uri)
        raise Neo4jError(
            f"{settings.shown_uri!r} is not a usable Neo4j URI ({said}); use e.g. {DEFAULT_URI}."
        ) from None
    try:
        driver.verify_connectivity()
    except AuthError as exc:
        driver.close()
        raise Neo4jAuthError(
            f"Neo4j at {settings.shown_uri} refused the credentials of user {settings.user!r}. "
            "Check --user/--password (NEO4J_USERNAME/NEO4J_PASSWORD); a server started with "
            "`kg neo4j start` keeps the password of its first start."
        ) from exc
    except ClientError as exc:
        driver.close()
        if exc.code and "AuthenticationRateLimit" in exc.code:
            raise Neo4jAuthError(
                f"Neo4j at {settings.shown_uri} temporarily locked user {settings.user!r} after "
                "repeated failed logins; wait a few seconds and retry with the right password."
            ) from exc
        raise Neo4jError(f"Neo4j at {settings.shown_uri} refused the connection: {exc.code}.") from exc
    except (DriverError, OSError) as exc:
        driver.close()
        raise Neo4jUnavailableError(
            f"No Neo4j server answers at {settings.shown_uri} ({type(exc).__name__}). Start a local "
            "one with `kg neo4j start --password ...` (or NEO4J_PASSWORD=... kg neo4j start), "
            "or point NEO4J_URI at a running server."
        ) from exc
    except BaseException:
        driver.close()
        raise
    return driver
