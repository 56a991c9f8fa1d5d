"""Documents: status and yearly reports as HTML, Markdown and Word, calendar files (ICS),
and the document store with its version history."""
