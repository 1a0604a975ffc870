"""A deterministic stand-in extractor for the mechanics of geo.pipeline.parallel (order, errors, progress).

It lives in its own module, not in a test file, so that Dask worker processes can import
it by name. The real extractor is exercised in test_parallel_extraction.py.
"""

from geo.model import ArticleExtraction


def echo_extractor(article, gazetteer, *, online=None):
    """Echo what the worker received; raise on articles whose text asks for it."""
    if "RAISE" in article.text:
        raise ValueError(f"cannot extract {article.name}")
    seen = f"{gazetteer['version']}|{len(article.text)}|online={online is not None}"
    return ArticleExtraction(article=article.name, warnings=(seen,))
