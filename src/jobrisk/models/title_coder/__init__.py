"""Job title coder: any title a person types -> its O*NET-SOC occupation, or an honest "not sure".

Public surface (names are stable; everything else is private)::

    from jobrisk.models.title_coder import TitleCoder

    coder = TitleCoder.from_catalog(catalog, settings=None)
    match = coder.code("Sr. ML Engineer", duties=None)     # -> TitleMatch
    match.status          # 'matched' | 'uncertain' | 'unknown'
    match.onet_soc_code   # best code, None unless matched
    match.title           # occupation title of that code
    match.confidence      # 0-1, calibrated probability that the best candidate is right
    match.candidates      # up to 5 Candidate(onet_soc_code, occupation_title, matched_title,
                          #   match_kind: exact|alias|fuzzy|semantic|duties, similarity, reason)
    match.cleaned_title, match.input_title, match.reason   # reason explains 'unknown'/'uncertain'
    coder.code_many(titles)                  # cached; repeated titles coded once
    coder.suggest("regis", limit=8)          # -> [Suggestion(label, onet_soc_code, occupation_title)]
    csv_coding.code_frame(frame, coder)       # the `jobrisk titles code` columns

Modules: normalize (cleaning), aliases (+ aliases.toml, curated), index (exact / alias /
TF-IDF + rapidfuzz / embeddings), rerank (learned re-ranker, calibration, abstention),
coder (facade), autocomplete, csv_coding, holdout + evaluation (held-out experiments),
artifact (the cached index and the ``jobrisk build`` post-build step). The re-ranker weights
shipped in ``reranker_weights.json`` are written by ``benchmarks/eval_titles.py --write-weights``.

May import: jobrisk.catalog, jobrisk.models.embeddings, jobrisk.errors, numpy, scipy,
scikit-learn, rapidfuzz, pandas. Nothing from scoring/reports/interfaces.
"""

from jobrisk.models.title_coder.autocomplete import Suggestion
from jobrisk.models.title_coder.coder import Candidate, TitleCoder, TitleMatch

__all__ = ["Candidate", "Suggestion", "TitleCoder", "TitleMatch"]
