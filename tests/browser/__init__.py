"""Browser tests: the built site in Debian's Chromium, as a reader on a desktop or a phone sees it."""
