"""``python -m nlp_quotes`` is the ``nlp-quotes`` command."""

import sys

from nlp_quotes.cli import main

sys.exit(main())
