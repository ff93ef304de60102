"""Voice pages: the board and posting (`board`), leaders' and moderators' work (`leaders`),
the ways in without an account (`entry`), and kudos (`kudos`)."""
