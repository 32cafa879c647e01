"""`python -m nianbao` runs the command line."""

from nianbao.cli import main

main()
