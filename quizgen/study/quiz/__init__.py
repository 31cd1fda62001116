"""The terminal quiz: the session loop, answer parsing and the terminal it talks to."""
