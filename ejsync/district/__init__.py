"""A district of schools: one TOML file, each school in its own folder, database and keys."""
