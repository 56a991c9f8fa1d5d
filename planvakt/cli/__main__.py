"""``python -m planvakt.cli``."""

from planvakt.cli.app import main

raise SystemExit(main())
