"""What the table tests share: the message a table's float amount gets when it is not exact
to the fen, and the errors of lines as a JSON document turned into a table's."""

from __future__ import annotations

from typing import Any, Dict, List


def float_not_fen(text: str) -> str:
    """The message of a table's float amount that is not exact to the fen (issue 14): a
    DataFrame's or a list of dicts'; the same float in a JSON document keeps the JSON rules."""
    return f"`{text}`: a float amount not exact to the fen: round it to 2 decimals first (e.g. df.amount.round(2))"


def as_table_floats(errors: List[Dict[str, Any]], floats: Dict[str, str]) -> List[Dict[str, Any]]:
    """The errors of the lines as a JSON document, as a table gives them: the same codes, paths
    and order, the float amounts at ``floats`` (path → the float as written) with the table's
    message."""
    assert all(any(e["path"] == p and e["code"] == "input.money" for e in errors) for p in floats)
    return [dict(e, message=float_not_fen(floats[e["path"]])) if e["path"] in floats else e for e in errors]
