"""Invitations and reminders go through a real SMTP server on loopback."""

import datetime

from tests.notify_fixtures import REFUSED, free_port
from twoway.notify.email import OutgoingEmail, invitation_email, reminder_email, send_emails

LINK = "https://survey.acme.example/a/4f9c2b7e1d"
CLOSES = datetime.date(2026, 3, 15)


def invite(to="ana@acme.example", language="en", **extra):
    fields = {
        "to": to,
        "person_name": "Ana",
        "campaign_name": "Alignment diagnostic",
        "link": LINK,
        "closes_on": CLOSES,
        "language": language,
        "k": 5,
    }
    return invitation_email(**{**fields, **extra})


def test_invitation_reaches_the_person_with_their_link(smtp_server):
    report = send_emails([invite()])

    assert report.sent == ["ana@acme.example"]
    assert report.failed == {}
    [received] = smtp_server.messages
    assert received.recipients == ["ana@acme.example"]
    assert received.message["To"] == "ana@acme.example"
    assert received.message["Subject"] == "Your voice counts: Alignment diagnostic"
    text, html = received.body("plain"), received.body("html")
    assert LINK in text
    assert f'href="{LINK}"' in html
    assert "Hello Ana," in text
    assert "March 15, 2026" in text
    assert "at least 5 people" in text


def test_spanish_invitation_is_written_in_spanish(smtp_server):
    send_emails([invite(language="es")])

    [received] = smtp_server.messages
    assert received.message["Subject"] == "Tu opinión cuenta: Alignment diagnostic"
    text = received.body("plain")
    assert "Hola, Ana:" in text
    assert "15 de marzo de 2026" in text
    assert "al menos 5 personas" in text
    assert LINK in text
    assert 'lang="es"' in received.body("html")


def test_regional_language_falls_back_to_its_base_language():
    assert invite(language="es-MX").subject.startswith("Tu opinión cuenta")
    assert invite(language="fr").subject.startswith("Your voice counts")


def test_reminder_says_when_the_campaign_closes_in_both_languages(smtp_server):
    fields = {
        "person_name": "Ben",
        "campaign_name": "Pulse",
        "link": LINK,
        "closes_on": CLOSES,
    }
    send_emails(
        [
            reminder_email(to="ben@acme.example", language="en", **fields),
            reminder_email(to="cruz@acme.example", language="es", **fields),
        ]
    )

    english, spanish = smtp_server.messages
    assert english.message["Subject"] == "Reminder: Pulse closes soon"
    assert "Pulse closes on March 15, 2026" in english.body("plain")
    assert spanish.message["Subject"] == "Recordatorio: Pulse cierra pronto"
    assert "Pulse cierra el 15 de marzo de 2026" in spanish.body("plain")
    assert LINK in spanish.body("plain")


def test_a_batch_goes_over_one_connection(smtp_server):
    people = [f"agent{i}@acme.example" for i in range(5)]

    report = send_emails([invite(to=address) for address in people])

    assert report.sent == people
    assert len({received.peer for received in smtp_server.messages}) == 1


def test_a_refused_recipient_is_reported_and_the_others_still_get_theirs(smtp_server):
    report = send_emails([invite(to=REFUSED), invite(to="ana@acme.example")])

    assert report.sent == ["ana@acme.example"]
    assert "550" in report.failed[REFUSED]
    assert [received.recipients for received in smtp_server.messages] == [["ana@acme.example"]]


def test_an_address_with_a_line_break_is_reported_not_sent(smtp_server):
    report = send_emails([invite(to="ana@acme.example\nBcc: all@acme.example")])

    assert report.sent == []
    assert len(report.failed) == 1
    assert smtp_server.messages == []


def test_an_unreachable_mail_server_fails_every_message_without_raising(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens

    report = send_emails([invite(to="a@acme.example"), invite(to="b@acme.example")])

    assert report.sent == []
    assert set(report.failed) == {"a@acme.example", "b@acme.example"}


def test_campaign_names_are_escaped_in_the_html_part():
    message = invite(campaign_name="<script>alert(1)</script>")

    assert "<script>" not in message.html
    assert "&lt;script&gt;" in message.html
    assert "<script>alert(1)</script>" in message.text  # plain text stays as written


def test_a_plain_text_only_message_is_sent_as_plain_text(smtp_server):
    send_emails([OutgoingEmail(to="ana@acme.example", subject="Hi", text="Just text")])

    [received] = smtp_server.messages
    assert received.message.get_content_type() == "text/plain"
    assert received.body("plain").strip() == "Just text"
