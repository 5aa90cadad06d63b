"""Allow `python -m ejsync`."""

from ejsync.cli import main

raise SystemExit(main())
