"""Stored scikit-learn parts served with NumPy alone (jobrisk.models.fitted_sklearn): the same
numbers as scikit-learn, to the bit, on real O*NET texts; options it cannot serve are refused;
serving a stored model does not import scikit-learn, scipy.stats or pandas."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from jobrisk.models import fitted_sklearn
from jobrisk.models.data_only import decode, encode, trusted_classes

SKLEARN = trusted_classes([TfidfVectorizer, TfidfTransformer, LogisticRegression])

VECTORIZERS = {
    "title characters": dict(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32),
    "title words": dict(
        analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"[a-z0-9+#]+", dtype=np.float32
    ),
    "task words": dict(ngram_range=(1, 2), sublinear_tf=True, min_df=2, dtype=np.float32),
    "DWA tokens": dict(token_pattern=r"\S+", lowercase=False, dtype=np.float32),
    "task characters": dict(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=3, max_features=5000),
    "plain characters, binary, float64": dict(analyzer="char", ngram_range=(1, 3), binary=True),
}


def _served(fitted):
    document, arrays = encode(fitted, SKLEARN)
    return decode(document, arrays, fitted_sklearn.TRUSTED_NAMES)


@pytest.fixture(scope="module")
def texts(catalog):
    tasks = [t.task for t in catalog.tasks()]
    titles = [o.title for o in catalog.occupations()]
    return tasks + titles


def test_the_stop_words_are_scikit_learns():
    assert fitted_sklearn.ENGLISH_STOP_WORDS == ENGLISH_STOP_WORDS


@pytest.mark.parametrize("name", sorted(VECTORIZERS))
def test_a_stored_vectorizer_gives_scikit_learns_numbers_to_the_bit(texts, name):
    train, unseen = texts[::2], texts[1::2] + ["", "  Données   clés!! ", "C++ / C# developer", "x" * 300]
    fitted = TfidfVectorizer(**VECTORIZERS[name]).fit(train)
    served = _served(fitted)
    assert type(served) is fitted_sklearn.TfidfVectorizer
    expected, got = fitted.transform(unseen), served.transform(unseen)
    assert got.dtype == expected.dtype and got.shape == expected.shape and got.nnz > len(unseen)
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(got, part), getattr(expected, part)), part
    assert np.array_equal(served.idf_, fitted.idf_)
    served_terms, terms = served.build_analyzer(), fitted.build_analyzer()
    assert all(served_terms(t) == terms(t) for t in unseen)


def test_a_stored_logistic_regression_gives_scikit_learns_probabilities_to_the_bit(texts):
    words = TfidfVectorizer(min_df=2).fit(texts)
    x = words.transform(texts)
    rng = np.random.default_rng(3)
    for n_classes in (2, 3, 5):
        y = rng.integers(0, n_classes, size=x.shape[0])
        fitted = LogisticRegression(max_iter=200).fit(x, y)
        served = _served(fitted)
        assert type(served) is fitted_sklearn.LogisticRegression
        dense = rng.normal(size=(7, x.shape[1]))
        for probe in (x[:50], sparse.csr_matrix(x[:50], dtype=np.float32), dense):
            assert np.array_equal(served.predict_proba(probe), fitted.predict_proba(probe))
            assert np.array_equal(served.decision_function(probe), fitted.decision_function(probe))
    with pytest.raises(ValueError, match="features"):
        served.predict_proba(dense[:, :10])
    with pytest.raises(ValueError, match="NaN"):
        served.predict_proba(np.full((1, x.shape[1]), np.nan))


@pytest.mark.parametrize(
    "option", [dict(strip_accents="ascii"), dict(stop_words="english"), dict(norm="l1"), dict(analyzer=str.split)]
)
def test_an_option_it_cannot_serve_is_refused_at_load(texts, option):
    fitted = TfidfVectorizer(**option).fit(texts[:50])
    try:
        document, arrays = encode(fitted, SKLEARN)
    except TypeError:
        return  # a callable cannot even be stored
    with pytest.raises(ValueError, match="cannot serve"):
        decode(document, arrays, fitted_sklearn.TRUSTED_NAMES)


def test_serving_a_stored_model_does_not_import_scikit_learn_and_scores_the_same(catalog, tmp_path):
    from jobrisk.models.task_exposure import train_model
    from jobrisk.settings import Settings

    text = "Prepare tax returns for clients"
    trained = train_model(catalog, seed=7, crossfit_folds=2, n_jobs=1)  # scikit-learn's own objects
    trained.save(Settings(data_dir=tmp_path))
    script = textwrap.dedent(
        f"""
        import sys
        from jobrisk.catalog import Catalog
        from jobrisk.models.task_exposure import TaskExposureModel
        from pathlib import Path
        from jobrisk.settings import Settings
        model = TaskExposureModel.load(Settings(data_dir=Path({str(tmp_path)!r})), Catalog.fixture())
        score = model.score_texts([{text!r}])[0]
        print(repr(score.exposure), repr(score.automation), *(m for m in ("sklearn", "scipy.stats", "pandas") if m in sys.modules))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    out = out.stdout.split()
    expected = trained.score_texts([text])[0]
    assert out == [repr(expected.exposure), repr(expected.automation)]
