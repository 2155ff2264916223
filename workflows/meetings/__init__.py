"""Meetings of a collaboration case, action items, calendar export and the case plan
(product.md C8)."""
