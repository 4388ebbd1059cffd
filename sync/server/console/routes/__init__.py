"""Console routes, one module per resource."""

from sync.server.console.routes import (
    account,
    audit,
    devices,
    district,
    offices,
    partners,
    policies,
    reference,
    reports,
    users,
)

ROUTERS = [account.router, offices.router, users.router, devices.router, policies.router, audit.router,
           reference.router, partners.router, district.router, reports.router]
UPLOAD_PATHS = reference.UPLOAD_PATHS + partners.UPLOAD_PATHS
