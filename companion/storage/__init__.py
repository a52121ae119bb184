"""Durable history in SQLite: schema migrations, row mapping, queries and the single writer."""
