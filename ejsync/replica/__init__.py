"""Continuous replication of the school database to object storage with Litestream."""
