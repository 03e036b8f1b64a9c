from parplan.cli import main

main()
