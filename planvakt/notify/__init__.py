"""Notifications: the Apprise adapter, encrypted stored addresses, recipients, message
rendering and the outbox that sends each message exactly once."""
