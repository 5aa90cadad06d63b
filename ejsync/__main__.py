"""Allow `python -m ejsync`."""

from ejsync.cli import main

if __name__ == "__main__":  # not again in worker processes, which import this module too
    raise SystemExit(main())
