"""Text this app adds to pages of other apps (the log-in page, a person's page, the password
page, the main menu), marked here so that this app's catalog carries its translations."""

from django.utils.translation import gettext_noop

SHARED_PAGE_STRINGS = (
    gettext_noop("Sign in with %(name)s"),
    gettext_noop("Or log in with a password:"),
    gettext_noop("Erase this person"),
    gettext_noop("Download what twoway holds about you"),
    gettext_noop("Sign-on and data"),
)
