"""Ingestion, the first stage: files and folders become documents (`read_corpus`), and each
document becomes segments, one news item or article each (`segment_document`).
"""
