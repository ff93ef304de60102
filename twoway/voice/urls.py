from django.urls import include, path

from .views import board, entry, kudos, leaders

board_urlpatterns = [
    path("", board.board, name="voice_board"),
    path("new/", board.post_new, name="voice_new"),
    path("similar/", board.similar, name="voice_similar"),
    path("mine/", board.my_votes, name="voice_mine"),
    path("top/", board.top_posts, name="voice_top"),
    path("kudos/", kudos.kudos_page, name="voice_kudos"),
    path("kudos/<int:kudos_id>/hide/", kudos.kudos_hide, name="voice_kudos_hide"),
    path("moderation/", leaders.moderation_queue, name="voice_moderation"),
    path("settings/", leaders.voice_settings, name="voice_settings"),
    path("settings/channels/", leaders.unit_channel, name="voice_unit_channel"),
    path("export.<str:fmt>", leaders.export, name="voice_export"),
    path("p/<str:code>/", board.post_detail, name="voice_post"),
    path("p/<str:code>/vote/", board.vote, name="voice_vote"),
    path("p/<str:code>/unvote/", board.unvote, name="voice_unvote"),
    path("p/<str:code>/report/", board.report, name="voice_report"),
    path("p/<str:code>/status/", leaders.post_status, name="voice_status"),
    path("p/<str:code>/figures/", leaders.post_figures, name="voice_figures"),
    path("p/<str:code>/merge/", leaders.post_merge, name="voice_merge"),
    path("p/<str:code>/case/", leaders.post_case, name="voice_case"),
    path("p/<str:code>/moderate/", leaders.post_moderate, name="voice_moderate"),
]

# No log-in: the ways in through a pulse link or a team code, and the author's receipt. Paths
# with a token end in "/s/<token>/", which the log filter masks (twoway/logfilters.py).
urlpatterns = [
    path("o/<slug:slug>/voice/", include(board_urlpatterns)),
    path("v/s/<str:token>/", entry.enter_by_link, name="voice_enter_link"),
    path("v/k/<str:code>/", entry.enter_by_code, name="voice_enter_code"),
    path("v/leave/", entry.leave, name="voice_leave"),
    path("v/receipt/s/<str:token>/", board.receipt, name="voice_receipt"),
]
