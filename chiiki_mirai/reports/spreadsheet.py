"""CSV as Excel users in Japan open it: UTF-8 with a byte-order mark (without it Excel reads Shift_JIS), CRLF."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

BOM = b"\xef\xbb\xbf"


def excel_csv(header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return BOM + buffer.getvalue().encode("utf-8")
