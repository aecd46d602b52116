"""Extraction, the third stage: quantities become claims. The rules (`grammars/rules/`) decide each
figure's kind; the names that play another part are set aside (`name_roles`); the subject
strategies choose its subject (`subject_choice`); `extract_document` and `extract_each` run it over
documents, `extract_batch` over a batch (the engine-free core), `apply_corrections` applies the
corrections file.
"""
