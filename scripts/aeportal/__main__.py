import sys

from aeportal.cli import main

sys.exit(main())
