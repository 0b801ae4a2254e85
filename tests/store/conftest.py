"""Every store test runs against SQLite and a throwaway PostgreSQL server."""

from spinewatch.store._testing import database_url, pg_cluster  # noqa: F401 (fixtures)
