"""``python -m grokking_spec`` is the ``grokking-spec`` command."""

from grokking_spec.cli import main

raise SystemExit(main())
