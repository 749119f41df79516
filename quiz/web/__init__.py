"""The web layer: blueprints with thin views, forms, access rules, error pages, security headers and the live bank."""
