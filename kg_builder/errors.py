"""One exception root for kg_builder; a subclass per pipeline stage.

Messages say what was wrong and what to do about it. Only the CLI turns
these into exit codes (see ``EXIT_CODES`` in :mod:`kg_builder.cli`).
"""

from __future__ import annotations


class KGBuilderError(Exception):
    """Root of every error kg_builder raises on purpose."""


class IngestError(KGBuilderError):
    """An input could not be read or holds no article text."""

    def __init__(self, message: str, *, source: str = "", line: int | None = None) -> None:
        self.source = source
        self.line = line
        where = source + (f":{line}" if line is not None else "")
        super().__init__(f"{where}: {message}" if where else message)


class LanguageError(KGBuilderError):
    """A language is unknown, unsupported, or its model is not installed."""


class ModelMissingError(LanguageError):
    """A spaCy model package the pipeline needs is not installed."""


class ExtractionError(KGBuilderError):
    """An extractor failed on an article."""


class ValidationError(KGBuilderError):
    """The RDF produced for an article violates the SHACL shapes."""


class StoreError(KGBuilderError):
    """The embedded RDF store cannot be opened, read or written."""


class ExportError(KGBuilderError):
    """An export format is unknown or the output cannot be written."""


class EvaluationError(KGBuilderError):
    """Gold annotations are missing or malformed."""


class ActorDictionaryError(KGBuilderError):
    """An actor dictionary file is missing or malformed."""


class Neo4jError(KGBuilderError):
    """Neo4j cannot be provisioned, started, reached or written."""


class Neo4jAuthError(Neo4jError):
    """Neo4j refused the credentials."""


class Neo4jUnavailableError(Neo4jError):
    """No Neo4j server answers at the given URI."""


class QueryError(KGBuilderError):
    """A curated query is unknown or its parameters are wrong."""


class AnalyticsError(KGBuilderError):
    """An analysis or picture cannot be made: unknown actor, bad filter, unknown output format."""
