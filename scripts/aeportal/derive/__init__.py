"""Pure facts from the model and today: status, scope, KPIs, the client view."""
