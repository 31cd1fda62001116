"""The benchmark runner (`make bench`): quizgen against its baselines, in the same run."""
