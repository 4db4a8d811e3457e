"""`python -m roles_cli` runs the `roles` command."""

from roles_cli.cli import main

if __name__ == "__main__":
    main()
