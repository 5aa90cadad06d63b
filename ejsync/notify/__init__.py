"""E-mail notifications to families: subscriptions, the outbox, the digest and the sender."""
