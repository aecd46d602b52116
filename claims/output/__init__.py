"""Output, the last stage: comparison tables built from table specs (`build_table`) and rendered
(HTML, Markdown, CSV, PNG), the fact-checker's review page (`write_report`), exports for other tools
(SQLite, Excel, ClaimReview JSON-LD), and all-or-nothing writing of every file.
"""
