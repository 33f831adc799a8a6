"""What tests share besides fixtures, one module per area, always imported absolutely:
`from tests.support.engine import make_service`. Every world the tests build is in `worlds`.
Fixtures live in the conftest.py files, which nothing imports."""
