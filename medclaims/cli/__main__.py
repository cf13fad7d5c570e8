"""``python -m medclaims.cli``."""

import sys

from medclaims.cli import main

sys.exit(main())
