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


def test_the_driver_never_holds_the_corpus(cluster, tmp_path):
    """The documents go to the cluster's object store a batch at a time: the process that reads the
    corpus holds one batch of it, not the whole. Its peak (Python's own allocations, as
    `tracemalloc` counts them) does not grow with the corpus: 100 files give about the peak 25
    give, though they hold 6.5 MB more text (Ray's own first use costs about 2 MB either way)."""
    import tracemalloc

    from claims.extraction.distributed import documents_dataset

    article = "### Vela 发布新模型\n\n" + "Vela-2 参数 70 亿，售价 20 美元。\n" * 2_000

    def peak_of(count: int) -> int:
        folder = tmp_path / str(count)
        folder.mkdir()
        for n in range(count):
            (folder / f"{n:03d}.md").write_text(article, encoding="utf-8")
        documents_dataset([folder], batch_size=2)  # Ray's first use of each path, not measured
        tracemalloc.start()
        try:
            dataset = documents_dataset([folder], batch_size=2)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert sorted(row["doc_id"] for row in dataset.select_columns(["doc_id"]).take_all()) == [
            f"{n:03d}.md" for n in range(count)
        ]
        return peak

    few, many = peak_of(25), peak_of(100)
    assert 75 * len(article.encode()) > 6_000_000
    assert many - few < 1_000_000, (few, many)
