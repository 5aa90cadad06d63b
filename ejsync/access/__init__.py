"""Family access: the diary gate, its logins and sessions, the family home and the nginx check."""
