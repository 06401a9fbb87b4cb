"""Languages: gettext catalogs, locale formatting (dates, numbers, Khmer digits), language sets,
the PO round trip of record texts."""
