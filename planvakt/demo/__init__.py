"""The demo municipality: seed data, a simulated year, and a local mail sink."""
