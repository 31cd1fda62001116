"""The question stage: facts in, typed questions out, sets for one sheet, versions of a set.

- `kinds`: the seven kinds of question, each a frozen record that owns its solution and grading;
- `engine`: builds questions from facts with an explicit seed; `question_set` (every question a
  bank supports) and `select` (the questions of one sheet);
- `reveal`: which questions may not share a sheet (same fact, or one shows the other's answer);
- `versions`: shuffled versions of one set that really differ, and their keys.
"""

from quizgen.questions.engine import (
    GROUP_KINDS,
    SINGLE_FACT_KINDS,
    Selection,
    ask_once,
    false_statements,
    kind_counts,
    kinds_for,
    matching_questions,
    ordering_questions,
    parse_kinds,
    pick_facts,
    question_set,
    select,
    true_statement,
)
from quizgen.questions.kinds import (
    BLANK,
    LETTERS,
    TRUE_FALSE,
    Cloze,
    Kind,
    Matching,
    MultipleChoice,
    NumericAnswer,
    Ordering,
    Outcome,
    Question,
    ShortAnswer,
    TrueFalse,
    TypedQuestion,
)

__all__ = [
    "BLANK",
    "GROUP_KINDS",
    "LETTERS",
    "SINGLE_FACT_KINDS",
    "TRUE_FALSE",
    "Cloze",
    "Kind",
    "Matching",
    "MultipleChoice",
    "NumericAnswer",
    "Ordering",
    "Outcome",
    "Question",
    "Selection",
    "ShortAnswer",
    "TrueFalse",
    "TypedQuestion",
    "ask_once",
    "false_statements",
    "kind_counts",
    "kinds_for",
    "matching_questions",
    "ordering_questions",
    "parse_kinds",
    "pick_facts",
    "question_set",
    "select",
    "true_statement",
]
