"""Slack and Teams webhooks against a real HTTP server on 127.0.0.1."""

import pytest

from tests.notify_fixtures import free_port
from twoway.notify.webhooks import post_webhook

LINK = "https://survey.acme.example/k/7QX4MP"


def post(url, kind="slack", **extra):
    fields = {"title": "Alignment diagnostic", "text": "Tell us how it really is", "link": LINK}
    return post_webhook(url, kind=kind, retry_delay=0, **{**fields, **extra})


def test_slack_gets_a_fallback_text_and_blocks_with_a_button_to_the_link(webhook_server):
    outcome = post(webhook_server.url, link_label="Answer now")

    assert outcome.ok and outcome.status == 200
    [request] = webhook_server.requests
    assert request["path"] == "/hooks/T0001/secret-token"
    assert request["headers"]["Content-Type"].startswith("application/json")
    payload = request["json"]
    assert "Alignment diagnostic" in payload["text"]
    header, section, actions = payload["blocks"]
    assert header == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Alignment diagnostic"},
    }
    assert section["text"] == {"type": "mrkdwn", "text": "Tell us how it really is"}
    [button] = actions["elements"]
    assert button["url"] == LINK
    assert button["text"]["text"] == "Answer now"


def test_slack_markup_characters_are_escaped(webhook_server):
    post(webhook_server.url, text="Q&A <today> @channel")

    section = webhook_server.requests[0]["json"]["blocks"][1]
    assert section["text"]["text"] == "Q&amp;A &lt;today&gt; @channel"


def test_teams_gets_an_adaptive_card_with_a_button_to_the_link(webhook_server):
    outcome = post(webhook_server.url, kind="teams")

    assert outcome.ok
    payload = webhook_server.requests[0]["json"]
    assert payload["type"] == "message"
    [attachment] = payload["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert [block["text"] for block in card["body"]] == [
        "Alignment diagnostic",
        "Tell us how it really is",
    ]
    [action] = card["actions"]
    assert action == {"type": "Action.OpenUrl", "title": "Open", "url": LINK}


def test_a_message_without_a_link_has_no_button(webhook_server):
    post(webhook_server.url, kind="teams", link=None)
    post(webhook_server.url, kind="slack", link=None)

    teams, slack = (request["json"] for request in webhook_server.requests)
    assert "actions" not in teams["attachments"][0]["content"]
    assert [block["type"] for block in slack["blocks"]] == ["header", "section"]


def test_a_server_error_is_retried_once(webhook_server):
    webhook_server.statuses = [500]

    outcome = post(webhook_server.url)

    assert outcome.ok and outcome.status == 200
    assert len(webhook_server.requests) == 2


def test_it_gives_up_after_one_retry(webhook_server):
    webhook_server.statuses = [502, 503, 200]

    outcome = post(webhook_server.url)

    assert not outcome.ok
    assert outcome.status == 503
    assert len(webhook_server.requests) == 2


def test_a_refusal_by_the_service_is_not_retried(webhook_server):
    webhook_server.statuses = [400]

    outcome = post(webhook_server.url)

    assert not outcome.ok
    assert outcome.status == 400
    assert "invalid_payload" in outcome.error
    assert len(webhook_server.requests) == 1


def test_a_redirect_is_not_followed(webhook_server):
    webhook_server.statuses = [302]

    outcome = post(webhook_server.url)

    assert not outcome.ok and outcome.status == 302
    assert [request["path"] for request in webhook_server.requests] == ["/hooks/T0001/secret-token"]


def test_an_unreachable_service_is_an_outcome_not_an_exception():
    url = f"http://127.0.0.1:{free_port()}/hooks/T0001/secret-token"

    outcome = post(url)

    assert not outcome.ok
    assert outcome.status is None
    assert outcome.error
    assert "secret-token" not in outcome.error  # a webhook address is a secret


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a web address",
        "http://hooks.slack.com/services/T0/B0/xyz",  # plain http outside this machine
        "ftp://127.0.0.1/hooks",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "https://",
        "https://hooks.slack.com/services/T0/B0/x y",
    ],
)
def test_bad_addresses_are_refused_without_a_request(webhook_server, url):
    outcome = post(url)

    assert not outcome.ok
    assert outcome.status is None
    assert outcome.error
    assert webhook_server.requests == []


def test_plain_http_to_this_machine_is_allowed_for_tests(webhook_server):
    localhost_url = webhook_server.url.replace("127.0.0.1", "localhost")

    assert post(localhost_url).ok


def test_an_unknown_kind_is_refused(webhook_server):
    outcome = post(webhook_server.url, kind="discord")

    assert not outcome.ok
    assert webhook_server.requests == []
