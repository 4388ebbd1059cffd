
# The product version a laptop reports to the server (User-Agent "poruch-client/<version>"); pyproject.toml has the same.
APP_VERSION = "0.1.0"
