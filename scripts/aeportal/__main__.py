import sys

from aeportal.cli.commands import main

sys.exit(main())
