"""Wagtail hooks of the shared kernel: uploaded documents are served by the rule of
core/media_access.py."""

from wagtail import hooks

from core.media_access import refuse_private_document

hooks.register("before_serve_document", refuse_private_document)
