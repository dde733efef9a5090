"""Numbers meeting nouns in page text: "1 woman", "3 women", "1 rating", "8 ratings"."""

from __future__ import annotations


def plural(n: int | float, singular: str, plural_form: str | None = None, *, thousands: bool = True) -> str:
    """'1 woman' / '2 women' (plural_form defaults to singular + 's'); n formatted with separators."""
    many = plural_form if plural_form is not None else singular + "s"
    if isinstance(n, float) and not n.is_integer():
        return f"{n:,} {many}" if thousands else f"{n} {many}"
    value = int(n)
    shown = f"{value:,}" if thousands else str(value)
    return f"{shown} {singular if value == 1 else many}"


def noun(n: int | float, singular: str, plural_form: str | None = None) -> str:
    """Just the noun for n: noun(1, 'quote') -> 'quote', noun(2, 'quote') -> 'quotes'."""
    many = plural_form if plural_form is not None else singular + "s"
    return singular if n == 1 else many
