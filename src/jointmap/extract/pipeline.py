"""Running extraction over many documents: building the extractor, worker processes, failures.

``--workers N`` uses N processes; each needs an :class:`Extractor`. Where ``fork`` exists the workers
inherit the one the parent built (no second gazetteer build); elsewhere each builds its own from the
picklable :class:`ExtractorSpec`. Results come back in input order. A document whose extraction raises is
returned as a :class:`Failure` and the rest go on.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from jointmap.extract.documents import Document
from jointmap.extract.extractor import Extractor
from jointmap.extract.ranker import load_ranker
from jointmap.extract.results import Extraction
from jointmap.geo import Gazetteer, Geocoder, embedded_gazetteer, load_geonames_dir, with_supplement

__all__ = ["ExtractorSpec", "Failure", "build_extractor", "extract_all", "load_gazetteer", "load_geocoder"]


@dataclass(frozen=True, slots=True)
class ExtractorSpec:
    """How to build an extractor: a GeoNames folder, else the database's gazetteer, else the embedded one."""

    gazetteer_dir: str | None = None
    db: str | None = None
    scenario: str = "syria-2016"
    #: Choose each event's place with the learned ranker (``place_ranker.json``) instead of hand weights.
    learned_places: bool = False


@dataclass(frozen=True, slots=True)
class Failure:
    document: Document
    problem: str


def load_gazetteer(spec: ExtractorSpec) -> Gazetteer:
    return load_geocoder(spec).gazetteer


def load_geocoder(spec: ExtractorSpec) -> Geocoder:
    """A GeoNames folder's gazetteer; else the database's (``--db``/``$JOINTMAP_DB``) when it exists, through
    :func:`jointmap.store.gazetteer.load_geocoder` (the embedded default when it imported none); else the
    embedded default."""
    if spec.gazetteer_dir:
        return Geocoder(with_supplement(load_geonames_dir(spec.gazetteer_dir).gazetteer()))
    if spec.db and ("://" in spec.db or Path(spec.db).exists()):
        from jointmap.store import Store
        from jointmap.store.gazetteer import load_geocoder as store_geocoder

        store = Store.open(spec.db)
        try:
            return store_geocoder(store)
        finally:
            store.close()
    return Geocoder(embedded_gazetteer())


def build_extractor(spec: ExtractorSpec) -> Extractor:
    from jointmap.scenarios import load_scenario

    actors = load_scenario(spec.scenario).actors
    return Extractor(load_geocoder(spec), actors, load_ranker() if spec.learned_places else None)


_WORKER: Extractor | None = None
_CHUNK = 16  # documents per task: fewer round trips; results still stream in order


def _init(spec: ExtractorSpec) -> None:
    global _WORKER
    if _WORKER is None:
        _WORKER = build_extractor(spec)


def _safe_extract(extractor: Extractor, doc: Document) -> Extraction | Failure:
    try:
        return extractor.extract(doc)
    except Exception as exc:  # a bug on one document must not stop the batch; it is reported
        return Failure(doc, f"{type(exc).__name__}: {exc}")


def _work(doc: Document) -> Extraction | Failure:
    assert _WORKER is not None
    result = _safe_extract(_WORKER, doc)
    if isinstance(result, Extraction):
        result.document = None  # the parent has it: not pickled back
    return result


def extract_all(
    docs: Iterable[Document], extractor: Extractor, spec: ExtractorSpec, workers: int = 1
) -> Iterator[Extraction | Failure]:
    """Extract every document, in input order, with ``workers`` processes (1 = in this process)."""
    if workers <= 1:
        for doc in docs:
            yield _safe_extract(extractor, doc)
        return
    global _WORKER
    methods = multiprocessing.get_all_start_methods()
    fork = "fork" in methods and os.name == "posix"
    ctx = multiprocessing.get_context("fork" if fork else "spawn")
    _WORKER = extractor if fork else None
    if fork:
        # Objects built before the fork (the gazetteer, the automata) stay shared: a collection in a worker
        # would otherwise write to every one of them and copy their pages.
        gc.freeze()
    sent: deque[Document] = deque()

    def feed() -> Iterator[Document]:
        for doc in docs:
            sent.append(doc)
            yield doc

    try:
        with ctx.Pool(workers, initializer=_init, initargs=(spec,)) as pool:
            for result in pool.imap(_work, feed(), chunksize=_CHUNK):
                doc = sent.popleft()
                if isinstance(result, Extraction):
                    result.document = doc
                yield result
    finally:
        _WORKER = None
        if fork:
            gc.unfreeze()
