"""The conversations' pages: running one (`manage`), voting (`vote`), results (`results`)."""
