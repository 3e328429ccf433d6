"""``python -m rnnbib``."""

from .cli import main

raise SystemExit(main())
