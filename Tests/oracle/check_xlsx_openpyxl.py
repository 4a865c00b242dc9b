#!/usr/bin/env python3
"""Prints what openpyxl reads of an .xlsx workbook, cell by cell, in the listing
ToplineExcelTests' own reader (unzip + XMLParser) prints of the same workbook,
so a Swift test holds the two to each other without CI needing Python.

Listing, one line each:
  sheet "NAME" frozen=A2            (frozen=- when no pane is frozen)
  A1 s "text" General bold          (REF TYPE VALUE NUMBER_FORMAT [bold] [italic])
Cells in row order, then column order; empty cells are left out. TYPE is
openpyxl's data_type: s (string), n (number), b (boolean), f (a formula: never
in a Topline workbook). Strings are double-quoted with \\ \" \n \r \t escaped;
a number is written as an integer when it is one (below 1e15), else as
Python's repr of the float; booleans as true/false.

Usage (openpyxl in a venv, not needed by CI):
  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install openpyxl
  TOPLINE_RECORD=1 swift test --filter OpenpyxlOracleTests   # writes the workbook
  /tmp/venv/bin/python Tests/oracle/check_xlsx_openpyxl.py \\
      Tests/ToplineExcelTests/Fixtures/report.xlsx > Tests/ToplineExcelTests/Fixtures/report.openpyxl.txt
"""
import sys

import openpyxl


def quoted(text):
    for old, new in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        text = text.replace(old, new)
    return '"' + text + '"'


def value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return quoted(str(v))


def main(path):
    workbook = openpyxl.load_workbook(path)
    print(f"# openpyxl {openpyxl.__version__}")
    for sheet in workbook.worksheets:
        print(f"sheet {quoted(sheet.title)} frozen={sheet.freeze_panes or '-'}")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                marks = [m for m, on in (("bold", cell.font.b), ("italic", cell.font.i)) if on]
                print(" ".join([cell.coordinate, cell.data_type, value(cell.value), cell.number_format] + marks))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_xlsx_openpyxl.py WORKBOOK.xlsx")
    main(sys.argv[1])
