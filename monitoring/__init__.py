"""Monitoring the Pact: the possible actions, each signatory's checklist, action plans and
progress reports, the deadlines and the public status they give (docs/monitoring.md)."""
