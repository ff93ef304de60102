"""Comment analytics: sentiment per comment and themes across comments (no Django import).

- `score_sentiment(comments)`: VADER compound score and label for English comments, a small
  Spanish word list of ours for Spanish ones (see `docs/method-comments.md`).
- `ThemeModel(n_themes).fit_transform(comments)`: TF-IDF and NMF themes, labelled by top terms,
  each comment assigned its dominant theme; `update_transform(next_wave)` keeps theme ids from
  wave to wave; `to_dict()` / `ThemeModel.from_dict()` store it as JSON data.
- `theme_trends(previous_ids, current_ids)`: rising and falling themes between two waves.
"""

from twoway.insights.text.sentiment import (
    LABELS,
    NEGATIVE_CUTOFF,
    POSITIVE_CUTOFF,
    SentimentScores,
    compound_score,
    detect_language,
    score_sentiment,
    sentiment_label,
)
from twoway.insights.text.spanish import spanish_compound
from twoway.insights.text.themes import NO_THEME, Theme, ThemeModel
from twoway.insights.text.trends import ThemeTrend, theme_counts, theme_trends
from twoway.insights.text.vocabulary import STOP_WORDS, clean_for_themes

__all__ = [
    "LABELS",
    "NEGATIVE_CUTOFF",
    "NO_THEME",
    "POSITIVE_CUTOFF",
    "STOP_WORDS",
    "SentimentScores",
    "Theme",
    "ThemeModel",
    "ThemeTrend",
    "clean_for_themes",
    "compound_score",
    "detect_language",
    "score_sentiment",
    "sentiment_label",
    "spanish_compound",
    "theme_counts",
    "theme_trends",
]
