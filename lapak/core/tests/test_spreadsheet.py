from lapak.core.spreadsheet import formula_safe


def test_text_a_spreadsheet_would_evaluate_gets_an_apostrophe() -> None:
    cells = ['=HYPERLINK("http://x")', "+62812", "-5", "@SUM(A1)", "\t=1", "\r=1"]

    assert [formula_safe(cell) for cell in cells] == [f"'{cell}" for cell in cells]


def test_other_values_are_left_alone() -> None:
    assert [formula_safe(v) for v in ("Batik Sekar", "Rp=1", "", -5, 3.5, None)] == [
        "Batik Sekar", "Rp=1", "", -5, 3.5, None,
    ]  # fmt: skip
