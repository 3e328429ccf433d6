"""Online resolution: arXiv, DOIs (Crossref, DataCite, doi.org), GitHub and web pages, batched, polite, cached.

The entry point is :func:`rnnbib.resolve` (:func:`.pipeline.resolve_bibliography`).

- :mod:`.services`  every service listed once (URL, pacing, cache lifetime, resolution stage)
- :mod:`.stage`     the :class:`~.stage.Resolver` protocol a stage implements, the shared :class:`~.stage.Run`
- :mod:`.config`    :class:`ResolveConfig`: options and ``RNNBIB_*`` environment variables
- :mod:`.http`      the one HTTP layer (requests-cache SQLite, pacing, retries, limits, circuit breakers)
- :mod:`.cache`     the cache file: checked on open, a corrupt one set aside, WAL for concurrent runs
- :mod:`.arxiv`     Atom API, batched ``id_list``; :mod:`.crossref`, :mod:`.datacite`, :mod:`.doi`;
  :mod:`.github`    repositories and CITATION.cff (each with its stage)
- :mod:`.page_stage` web pages (:mod:`.pages` fetching; :mod:`.page_meta`, :mod:`.page_schema`,
  :mod:`.page_values` extraction), videos (:mod:`.oembed`) and dead links (:mod:`.wayback`)
- :mod:`.pipeline`  :func:`resolve_bibliography` / :func:`resolve_works`: the stages in order
- :mod:`.outcome`, :mod:`.record`, :mod:`.text`, :mod:`.progress`: the small pieces
"""
