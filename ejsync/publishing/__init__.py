"""Publishing the site and the diaries to object storage, one prefix per build."""
