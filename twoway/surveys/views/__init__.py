"""The surveys pages, by audience: admins and leaders running campaigns (`campaigns`), people
answering without a log-in (`answer`), and readers of results (`results`)."""
