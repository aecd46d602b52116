"""Extraction on a local Ray cluster gives the claims `claims extract` gives (skipped without Ray)."""

from __future__ import annotations

import pytest

from claims.extraction.extract import extract_corpus
from claims.resources import sample_corpus_dir

ray = pytest.importorskip("ray", reason="the ray extra is not installed")


@pytest.fixture(scope="module")
def cluster():
    """A local two-worker cluster, started for these tests and stopped after them."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def test_same_claims_as_the_command(cluster):
    from claims.extraction.distributed import extract_paths

    # batches of two documents: several tasks, so order across batches is tested too
    got = extract_paths([sample_corpus_dir()], batch_size=2)
    assert got.height > 0
    assert got.equals(extract_corpus([sample_corpus_dir()]))


def test_a_dataset_of_rows(cluster):
    from claims.extraction.distributed import extract_dataset

    rows = ray.data.from_items([{"doc_id": "a", "text": "OpenAI以64亿美元收购io公司。"}])
    claims = extract_dataset(rows).take_all()
    assert [(c["subject_key"], c["value"], c["unit"]) for c in claims] == [("OpenAI", 6.4e9, "USD")]
