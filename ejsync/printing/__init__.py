"""Print editions (PDF/A journals, summaries, family printouts), their archive and backups."""
