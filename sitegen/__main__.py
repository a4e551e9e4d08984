"""``python -m sitegen OUT N [--seed S]``: write a generated help center of N articles to OUT."""

from sitegen.generate import main

raise SystemExit(main())
