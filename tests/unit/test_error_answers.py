"""The table of how the interfaces answer each error: every row can be reached, and each error
class gets its own row's answer."""

from jobrisk import errors as e
from jobrisk.interfaces.error_answers import ERROR_ANSWERS, exit_code_for, status_for


def test_no_row_is_hidden_behind_a_parent_listed_before_it():
    for i, (cls, *_) in enumerate(ERROR_ANSWERS):
        earlier = [parent for parent, *_ in ERROR_ANSWERS[:i]]
        assert not any(issubclass(cls, parent) for parent in earlier), cls


def test_an_error_gets_its_own_row_and_a_subclass_its_parents_row():
    for cls, status, code, exit_code in ERROR_ANSWERS:
        error = cls.__new__(cls)
        assert status_for(error) == (status, code) and exit_code_for(error) == exit_code
    assert exit_code_for(e.InputTooLargeError("too big")) == 2 and status_for(e.InputTooLargeError("x"))[0] == 413
    assert status_for(e.CatalogMismatchError("other catalog")) == (503, "catalog_unavailable")
    assert exit_code_for(e.CatalogMismatchError("other catalog")) == 7
