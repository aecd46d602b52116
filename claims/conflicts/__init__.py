"""Conflicts, the fifth stage: claims about one fact whose figures disagree, found, explained and
ranked (`find_conflicts`), with the fact-checkers' verdicts applied from the reviews file
(`load_reviews`).
"""
