"""Reminders as an outbox, and in-app notifications (product.md C9, principle 6).

Other apps schedule reminders through :mod:`workflows.reminders.actions` (``reminders_schedule``,
``reminders_reschedule``, ``reminders_cancel``) inside their own actions' transactions, and
register their target types in :mod:`workflows.reminders.targets`.
"""
