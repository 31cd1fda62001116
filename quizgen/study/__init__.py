"""Study: the terminal quiz, spaced-repetition review and statistics, side by side over one
progress store (quizgen.study.progress)."""
