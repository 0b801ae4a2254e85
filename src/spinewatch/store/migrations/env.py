"""Alembic environment: runs on a connection handed over by ``spinewatch.store.migrate``.

Offline SQL generation is not supported: the app migrates its own database on start.
"""

from alembic import context

from spinewatch.store._models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic -c src/spinewatch/store/alembic.ini ...` from a checkout
    from sqlalchemy import create_engine

    from spinewatch.store._db import database_url_from_env

    connection = create_engine(database_url_from_env()).connect()

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
