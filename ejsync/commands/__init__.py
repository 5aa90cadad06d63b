"""Sub-commands of `ejsync`: one module each, exposing `register(subparsers)`."""
