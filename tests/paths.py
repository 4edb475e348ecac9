"""Where the tests find the repository, its fixtures and ../shared (test files live one folder per package)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
README = REPO / "README.md"
SHARED = REPO.parent / "shared"
