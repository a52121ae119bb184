"""The user's goals: goals.toml in the data directory, loaded, edited, derived and watched."""
