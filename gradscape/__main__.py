"""``python -m gradscape``: the same as the ``gradscape`` command."""

from gradscape.app.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main())
