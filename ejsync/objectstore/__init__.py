"""S3-compatible object storage: where a school keeps its replica and its published pages."""
