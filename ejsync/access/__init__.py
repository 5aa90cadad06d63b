"""Family access: per-family TOTP codes, access letters and the diary gate."""
