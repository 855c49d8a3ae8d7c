"""What a signatory may do in the Wagtail admin: the one home of these rules.

docs/permissions.md explains the model, why it is built this way and Wagtail's known limits.

- grants.py: the shared groups, the "Secretariat review" workflow and what each approved
  signatory's own group is given (accounts/approval.py calls it at approval);
- signatories.py: who is a signatory, its own page (read from its rights) and what it may link to;
- page_tester.py: what a signatory may not do to its own page, whatever its group allows;
- narrow_admin.py: the admin allow-list middleware and the menu, reports, settings and page
  chooser hooks (registered in pact/wagtail_hooks.py).

Nothing is re-exported here, so pact.models can import page_tester.py without importing the
modules that need pact.models.
"""
