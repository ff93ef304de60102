"""Channels that reach people: e-mail over SMTP, Slack and Teams webhooks, QR posters.

Plain functions over plain data, so campaigns, reminders and the command line can share them:
`twoway.notify.email`, `twoway.notify.webhooks`, `twoway.notify.qr`. The app has no models; it
is installed for its templates and translations.
"""
