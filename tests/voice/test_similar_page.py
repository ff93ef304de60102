"""Before posting, the form shows similar open posts (English and Spanish) so people vote
instead of repeating."""


def test_a_reworded_english_duplicate_shows_while_typing(world, login, post_as):
    post_as("The CRM freezes every time I save call notes", body="I type them in Notepad first")
    post_as("Parking is full by nine")
    page = (
        login(world.agent)
        .get("/o/acme/voice/similar/", {"title": "Saving notes makes the CRM freeze"})
        .content.decode()
    )
    assert "The CRM freezes every time I save call notes" in page
    assert "Parking" not in page and "Me too: vote for this one" in page


def test_a_reworded_spanish_duplicate_shows_while_typing(world, login, post_as):
    post_as("El sistema se congela cuando guardo las notas")
    post_as("Los auriculares pierden la conexión por la tarde")
    page = (
        login(world.agent)
        .get(
            "/o/acme/voice/similar/", {"title": "Cuando guardamos notas el sistema queda congelado"}
        )
        .content.decode()
    )
    assert "El sistema se congela" in page and "auriculares" not in page


def test_closed_hidden_and_merged_posts_are_not_suggested(world, login, post_as):
    from twoway.voice.models import Post

    done = post_as("The CRM freezes when saving notes").post
    Post.objects.filter(pk=done.pk).update(status="done")
    hidden = post_as("Notes freeze the CRM on save").post
    Post.objects.filter(pk=hidden.pk).update(moderation="hidden")
    page = login(world.agent).get("/o/acme/voice/similar/", {"title": "CRM freezes on notes save"})
    assert "CRM" not in page.content.decode()


def test_posts_written_after_the_index_was_built_are_found(world, login, post_as):
    client = login(world.agent)
    post_as("Headsets drop calls")
    client.get("/o/acme/voice/similar/", {"title": "headsets"})  # builds the index
    post_as("Refund approvals wait for a supervisor")
    page = client.get("/o/acme/voice/similar/", {"title": "waiting for supervisor refund approval"})
    assert "Refund approvals wait" in page.content.decode()


def test_a_failed_post_keeps_the_suggestions(world, login, post_as):
    post_as("Headsets drop calls in the afternoon")
    response = login(world.agent).post(
        "/o/acme/voice/new/",
        {"kind": "idea", "title": "Our headsets drop calls", "body": "x" * 5000},
    )
    assert (
        response.status_code == 400
        and "Headsets drop calls in the afternoon" in response.content.decode()
    )
