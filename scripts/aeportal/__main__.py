from aeportal.cli.commands import run

run()
