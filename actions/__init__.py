"""Custom actions (rasa-sdk): thin adapters that read slots, call the plain packages and render replies."""
