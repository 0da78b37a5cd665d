"""Cell values parsed once for every layout: counts, years and sexes, with one error
naming the file, row and field of the first cell that is not what its field needs."""

from __future__ import annotations

from ..errors import ImportInvalid

__all__ = ["COUNT_BOUNDS", "SEX_SPELLINGS", "YEAR_BOUNDS", "check_bounds", "plain_number",
           "to_numbers", "to_sexes"]


# A count of people above the world's population is a unit or parsing error, not data.
COUNT_BOUNDS = (0.0, 1e10)
YEAR_BOUNDS = (1000, 2100)


def check_bounds(numbers, rows, *, field_name: str, file_name: str, bounds, what: str):
    """Refuse NaN, infinities and values outside ``bounds``, naming the first bad row.

    Returns ``numbers`` (an Arrow array) when every value is inside or null.

    Raises
    ------
    ImportInvalid
        ``out-of-range`` at the row (from ``rows``) of the first bad value.

    Examples
    --------
    >>> import pyarrow as pa
    >>> check_bounds(pa.array([3.0, None]), pa.array([2, 3]), field_name="n",
    ...              file_name="f.csv", bounds=COUNT_BOUNDS, what="a count").to_pylist()
    [3.0, None]
    >>> try:
    ...     check_bounds(pa.array([3.0, float("nan")]), pa.array([2, 3]), field_name="n",
    ...                  file_name="f.csv", bounds=COUNT_BOUNDS, what="a count of people")
    ... except ImportInvalid as err:
    ...     print(err)
    f.csv: row 3: field 'n': nan is not a count of people (0 to 10000000000)
    """
    import pyarrow.compute as pc

    low, high = bounds
    inside = pc.and_(pc.greater_equal(numbers, low), pc.less_equal(numbers, high))
    if pc.all(pc.fill_null(inside, True), min_count=0).as_py():
        return numbers
    bad = pc.index(pc.fill_null(inside, True), False).as_py()
    raise ImportInvalid(
        f"{file_name}: row {rows[bad].as_py()}: field {field_name!r}: "
        f"{numbers[bad].as_py()!r} is not {what} ({low:g} to {high:.0f})",
        file=file_name, line=rows[bad].as_py(), field=field_name, type="out-of-range",
    )


NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"


def plain_number(text: str) -> str:
    """``text`` with digits of any script as ASCII (full-width ``１２`` is 12), or a refusal.

    Raises
    ------
    ValueError
        With the reason, when the text is not a plain decimal number.

    Examples
    --------
    >>> plain_number("\uff11\uff12"), plain_number("2019.0")
    ('12', '2019.0')
    >>> plain_number("1_000")
    Traceback (most recent call last):
    ...
    ValueError: '_' is not a digit separator in data; write the digits alone
    """
    import re
    import unicodedata

    digits = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    digits = unicodedata.normalize("NFKC", digits).strip()
    if re.match(NUMBER, digits):
        return digits
    if "_" in digits:
        raise ValueError("'_' is not a digit separator in data; write the digits alone")
    if "," in digits and re.match(r"^[+-]?[0-9][0-9,]*(\.[0-9]+)?$", digits):
        raise ValueError("a comma is a thousands separator in some locales and a decimal "
                         "comma in others; write 1234 or 1.5")
    if re.match(r"^[+-]?[0-9]{1,3}([ \u00a0\u202f'][0-9]{3})+$", digits):
        raise ValueError("digits grouped with spaces or apostrophes; write the digits alone")
    raise ValueError("not a number")


# Every spelling of sex the published layouts use (World Bank "Total/Male/Female" and
# its "tot/mal/fem" codes, SDMX "_T/M/F", DIOC "men/women"), case-folded.
SEX_SPELLINGS = {
    "total": "total", "t": "total", "tot": "total", "_t": "total", "both": "total",
    "both sexes": "total", "male": "male", "m": "male", "mal": "male", "men": "male",
    "female": "female", "f": "female", "fem": "female", "women": "female",
}


def to_sexes(column, rows, *, field_name: str, file_name: str,
             codes: dict[str, str] | None = None) -> list[str]:
    """A sex column as ``total``/``male``/``female``, or one error at the first bad cell.

    ``codes`` adds a layout's own codes (DIOC: ``1`` men, ``2`` women, ``0`` total).

    Raises
    ------
    ImportInvalid
        ``bad-sex`` with the row and field of the first cell that is no sex.

    Examples
    --------
    >>> import pyarrow as pa
    >>> to_sexes(pa.array(["Total", " F ", "_T"]), pa.array([2, 3, 4]), field_name="sex",
    ...          file_name="x.csv")
    ['total', 'female', 'total']
    >>> try:
    ...     to_sexes(pa.array(["2", "x"]), pa.array([2, 3]), field_name="sex",
    ...              file_name="x.csv", codes={"1": "male", "2": "female", "0": "total"})
    ... except ImportInvalid as err:
    ...     print(err)
    x.csv: row 3: field 'sex': 'x' is not a sex (total, male, female; or 1, 2, 0)
    """
    spellings = SEX_SPELLINGS | (codes or {})
    sexes = []
    for row, text in zip(rows.to_pylist(), column.to_pylist()):
        sex = spellings.get((text or "").strip().lower())
        if sex is None:
            extra = f"; or {', '.join(codes)}" if codes else ""
            raise ImportInvalid(f"{file_name}: row {row}: field {field_name!r}: {text!r} is "
                                f"not a sex (total, male, female{extra})", file=file_name,
                                line=row, field=field_name, type="bad-sex")
        sexes.append(sex)
    return sexes


def to_numbers(column, rows, *, field_name: str, file_name: str, integer: bool = False,
               missing: tuple[str, ...] = ("..",), signed: bool = False):
    """Cast a text column to counts of people (years when ``integer``; any finite number
    when ``signed``, for net migration and rates).

    ``missing`` markers (the World Bank's ``..``) and empty cells become nulls;
    ``2019.0`` is a valid integer year, full-width digits are digits. Every other cell
    must be a plain decimal number: thousands separators, decimal commas, ``_``, NaN,
    infinite, negative and impossible values are refused with the file, row and field.
    The check is the conversion itself: one pattern decides, then Arrow casts.

    Parameters
    ----------
    column : pyarrow.Array
        Text cells.
    rows : pyarrow.Array
        The file line (or record number) of each cell, for error messages.
    field_name, file_name : str
        Named in error messages.

    Returns
    -------
    pyarrow.Array
        float64 people (or any finite number when ``signed``), or int64 years.

    Raises
    ------
    intelmig.errors.ImportInvalid
        For the first cell that is not a number of the kind asked for.

    Examples
    --------
    >>> import pyarrow as pa
    >>> to_numbers(pa.array(["2019.0", "..", None, "２０２０"]), pa.array([2, 3, 4, 5]),
    ...            field_name="year", file_name="f.csv", integer=True).to_pylist()
    [2019, None, None, 2020]
    >>> to_numbers(pa.array(["1,234"]), pa.array([7]), field_name="n", file_name="f.csv")
    Traceback (most recent call last):
    ...
    intelmig.errors.ImportInvalid: f.csv: row 7: field 'n': '1,234' is not a number: a comma is a thousands separator in some locales and a decimal comma in others; write 1234 or 1.5
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    column = pc.cast(column, pa.string())
    stripped = pc.utf8_trim_whitespace(column)
    blank = pc.or_(pc.is_in(stripped, pa.array(list(missing), pa.string())),
                   pc.equal(stripped, ""))
    cleaned = pc.if_else(blank, pa.scalar(None, pa.string()), stripped)
    numbers = _finite_numbers(cleaned)
    if numbers is None:
        numbers, cleaned = _checked_numbers(cleaned, rows, field_name, file_name)
    if signed:
        return check_bounds(numbers, rows, field_name=field_name, file_name=file_name,
                            bounds=(-COUNT_BOUNDS[1], COUNT_BOUNDS[1]), what="a finite number")
    if not integer:
        return check_bounds(numbers, rows, field_name=field_name, file_name=file_name,
                            bounds=COUNT_BOUNDS, what="a count of people")
    check_bounds(numbers, rows, field_name=field_name, file_name=file_name,
                 bounds=YEAR_BOUNDS, what="a year")
    whole = pc.equal(pc.floor(numbers), numbers)
    if not pc.all(pc.or_kleene(whole, pc.is_null(numbers)), min_count=0).as_py():
        bad = pc.index(pc.fill_null(whole, True), False).as_py()
        raise ImportInvalid(f"{file_name}: row {rows[bad].as_py()}: field {field_name!r}: "
                            f"{cleaned[bad].as_py()!r} is not a whole number", file=file_name,
                            line=rows[bad].as_py(), field=field_name, type="bad-number")
    return pc.cast(numbers, pa.int64())


def _finite_numbers(cleaned):
    """``cleaned`` cast to float64 when Arrow reads every cell as a finite number, else None.

    On every cell tried (tests/test_bad_input.py), Arrow's parser accepts the cells
    :data:`NUMBER` accepts plus ``nan`` and ``inf`` spellings, so a column it casts to
    finite numbers needs no pattern test (which took most of the time of a column); any
    other column takes :func:`_checked_numbers`, which names the first bad cell.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        numbers = pc.cast(cleaned, pa.float64())
    except pa.ArrowInvalid:
        return None
    finite = pc.all(pc.fill_null(pc.is_finite(numbers), True), min_count=0).as_py()
    return numbers if finite else None


def _checked_numbers(cleaned, rows, field_name: str, file_name: str):
    """``cleaned`` cast to float64 after the :data:`NUMBER` test of every cell, and the
    cells as read (digits of any script made ASCII).

    Raises
    ------
    ImportInvalid
        ``bad-number`` at the first cell that is not a plain decimal number.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    plain = pc.match_substring_regex(cleaned, NUMBER)
    if not pc.all(pc.fill_null(plain, True), min_count=0).as_py():
        texts = cleaned.to_pylist()
        for position, ok in enumerate(pc.fill_null(plain, True).to_pylist()):
            if ok:
                continue
            try:
                texts[position] = plain_number(texts[position])
            except ValueError as err:
                raise ImportInvalid(f"{file_name}: row {rows[position].as_py()}: field "
                                    f"{field_name!r}: {texts[position]!r} is not a number"
                                    + ("" if str(err) == "not a number" else f": {err}"),
                                    file=file_name, line=rows[position].as_py(),
                                    field=field_name, type="bad-number") from None
        cleaned = pa.array(texts, pa.string())
    return pc.cast(cleaned, pa.float64()), cleaned
