"""Family codes: per-family TOTP secrets, stored encrypted, issued, revoked, put in letters."""
