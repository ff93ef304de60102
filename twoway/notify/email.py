"""E-mail through Django's mail API, so the SMTP settings of `twoway/settings.py` apply.

`invitation_email` and `reminder_email` write a message in the person's language (plain text
and simple HTML); `send_emails` sends a batch over one SMTP connection and reports each
message's outcome instead of raising, so one bad address never stops a campaign.
"""

from __future__ import annotations

import datetime
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# What a failed send raises: SMTP errors, network errors, and ValueError for an address
# Django refuses to put in a header.
SEND_ERRORS = (smtplib.SMTPException, OSError, ValueError)
SMTP_TIMEOUT_S = 30


@dataclass
class OutgoingEmail:
    """One message to one person; `html` is optional."""

    to: str
    subject: str
    text: str
    html: str = ""


@dataclass
class SendReport:
    """Addresses sent to, and the error for each address that failed."""

    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def send_emails(messages: list[OutgoingEmail]) -> SendReport:
    """Send every message over one SMTP connection; failures are recorded, not raised."""
    report = SendReport()
    if not messages:
        return report
    # Django waits forever on a silent server unless told otherwise; a campaign must not.
    timeout = getattr(settings, "EMAIL_TIMEOUT", None) or SMTP_TIMEOUT_S
    connection = get_connection(fail_silently=False, timeout=timeout)
    try:
        connection.open()
    except SEND_ERRORS as error:
        for message in messages:
            report.failed[message.to] = _("Could not connect to the mail server: %(error)s") % {
                "error": error
            }
        return report
    try:
        for message in messages:
            _send_one(connection, message, report)
    finally:
        connection.close()
    return report


def _send_one(connection, message: OutgoingEmail, report: SendReport) -> None:
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        connection=connection,
    )
    if message.html:
        mail.attach_alternative(message.html, "text/html")
    try:
        delivered = mail.send()
    except smtplib.SMTPServerDisconnected as error:
        report.failed[message.to] = str(error)
        _reopen(connection)  # the server hung up: the next message gets a fresh connection
        return
    except SEND_ERRORS as error:
        report.failed[message.to] = _describe(error)
        return
    if delivered:
        report.sent.append(message.to)
    else:
        report.failed[message.to] = _("The mail server did not accept the message.")


def _reopen(connection) -> None:
    try:
        connection.close()
        connection.open()
    except SEND_ERRORS:
        pass  # the next message will record its own failure


def _describe(error: Exception) -> str:
    """A short reason; SMTP refusals carry the server's code and text."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reason = next(iter(error.recipients.values()))
        return f"{code} {_text(reason)}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return str(error) or error.__class__.__name__


def _text(reason: bytes | str) -> str:
    return reason.decode(errors="replace") if isinstance(reason, bytes) else reason


def invitation_email(
    *,
    to: str,
    person_name: str,
    campaign_name: str,
    link: str,
    closes_on: datetime.date,
    language: str,
    k: int | None = None,
) -> OutgoingEmail:
    """The invitation to answer a campaign, in `language` ("en" or "es")."""
    return _campaign_email("invitation", locals())


def reminder_email(
    *,
    to: str,
    person_name: str,
    campaign_name: str,
    link: str,
    closes_on: datetime.date,
    language: str,
    k: int | None = None,
) -> OutgoingEmail:
    """A reminder for someone who has not answered yet, in `language` ("en" or "es")."""
    return _campaign_email("reminder", locals())


def supported_language(language: str) -> str:
    """The closest language twoway speaks ("es-MX" gives "es"), else the default one."""
    try:
        return translation.get_supported_language_variant(language or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def _campaign_email(kind: str, fields: dict) -> OutgoingEmail:
    language = supported_language(fields["language"])
    with translation.override(language):
        context = {**fields, "language": language, "closes": date_format(fields["closes_on"])}
        subject = _subject(kind, fields["campaign_name"])
        text = render_to_string(f"notify/email/{kind}.txt", context).strip() + "\n"
        html = render_to_string(f"notify/email/{kind}.html", {**context, "subject": subject})
    return OutgoingEmail(to=fields["to"], subject=subject, text=text, html=html)


def _subject(kind: str, campaign_name: str) -> str:
    campaign_name = " ".join(campaign_name.split())  # a line break would break the header
    if kind == "reminder":
        return _("Reminder: %(campaign)s closes soon") % {"campaign": campaign_name}
    return _("Your voice counts: %(campaign)s") % {"campaign": campaign_name}
