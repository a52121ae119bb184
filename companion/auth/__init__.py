"""Who may talk to the companion: pairing codes, tokens, and where secrets are kept."""
